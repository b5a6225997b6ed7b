/**
 * Helpers shared by the workload tests: a valid base workload to mutate, and a way to see the problems
 * parseWorkload reports.
 */
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { stringify } from 'yaml';
import { isInputError } from '../../lib/errors';
import { parseWorkload } from '../../lib/workload';

/** Folder of the workload fixtures. */
export const FIXTURES = join(__dirname, '..', 'fixtures', 'workloads');
/** The real Azure Functions 2019 sample shipped in the repository. */
export const AZURE_SAMPLE = join(__dirname, '..', '..', 'examples', 'traces', 'azure-functions-2019-sample');

/** A plain JSON value (what a workload file holds). */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A valid workload with three functions, as plain data, fresh on every call. */
export function baseWorkload(): { [key: string]: Json } {
  const fn = (name: string): { [key: string]: Json } => ({
    name,
    invocation: 'sync',
    memoryMb: 1024,
    timeoutSeconds: 10,
    durationMs: { avg: 200, p99: 800 },
    traffic: { peakRps: 100 },
  });
  return {
    account: { region: 'us-east-1', concurrencyLimit: 1000 },
    defaults: { timezone: 'UTC' },
    databases: { 'orders-db': { engine: 'postgres', maxConnections: 1000 } },
    functions: [fn('api'), fn('report'), fn('search')],
  };
}

/** Parses `doc` (written as YAML) and returns the problems; fails the test when it parses cleanly. */
export function problemsOf(doc: Json | string, file = 'workload.yaml', baseDir = FIXTURES): readonly string[] {
  const text = typeof doc === 'string' ? doc : stringify(doc);
  try {
    // The fixtures are rooted at the repository: a fixture's durations file is one of the examples' traces.
    parseWorkload(text, file, { baseDir, root: baseDir === FIXTURES ? join(__dirname, '..', '..') : undefined });
  } catch (err) {
    if (isInputError(err)) return err.problems;
    throw err;
  }
  throw new Error(`expected ${file} to be rejected:\n${text}`);
}

/** Runs `run` with a fresh temporary folder, removed afterwards. */
export function withTempDir<T>(run: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'workload-'));
  try {
    return run(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
