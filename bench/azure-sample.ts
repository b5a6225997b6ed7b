/**
 * The Azure Functions 2019 sample (examples/traces/azure-functions-2019-sample) as one workload, for the
 * simulator's benchmarks: each function written as a workload v1 trace entry and read by the real loader.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { parse } from 'csv-parse/sync';
import { parseWorkload } from '../lib/workload';
import type { Workload } from '../lib/workload/types';

const TRACE_DIR = join(__dirname, '..', 'examples', 'traces', 'azure-functions-2019-sample');

/** Which functions, and how. */
export interface AzureSampleOptions {
  /** Keep functions with at least this many invocations in the day. @default 1 */
  readonly minInvocationsPerDay?: number;
  readonly latencySensitive?: boolean;
  /** @default 1000 */
  readonly concurrencyLimit?: number;
  /** @default 0.05 */
  readonly spilloverTarget?: number;
  /** Repeat the selection this many times under new names (to scale the function count). @default 1 */
  readonly copies?: number;
  /** Keep every n-th function only (a subsample with the same mix of traffic). @default 1 */
  readonly every?: number;
}

function csv(file: string): Record<string, string>[] {
  return parse(readFileSync(join(TRACE_DIR, file), 'utf8'), { columns: true, skip_empty_lines: true });
}

/** Memory as Lambda would take it: the app's average allocation, rounded up to 64 MB, 128 MB to 10 GB. */
function lambdaMemoryMb(allocatedMb: number): number {
  return Math.min(10240, Math.max(128, Math.ceil(allocatedMb / 64) * 64));
}

/**
 * The sample's functions as a workload. Timeout: 3 × the larger of avg and p99, 3–900 s; init 500 ms
 * (the trace excludes cold starts, so it says nothing about them).
 */
export function azureSampleWorkload(options: AzureSampleOptions = {}): Workload {
  const inv = csv('100_inv.csv');
  const run = new Map(csv('100_run.csv').map((r) => [r.HashFunction, r]));
  const mem = new Map(csv('100_mem.csv').map((r) => [r.HashApp, Number(r.AverageAllocatedMb)]));
  const entries: string[] = [];
  const selected = inv.filter((row, i) => {
    if (i % (options.every ?? 1) !== 0) return false;
    const total = Object.keys(row)
      .filter((k) => k.startsWith('minute_'))
      .reduce((s, k) => s + Number(row[k]), 0);
    return total >= (options.minInvocationsPerDay ?? 1);
  });
  for (let copy = 0; copy < (options.copies ?? 1); copy++) {
    for (const row of selected) {
      const durations = run.get(row.HashFunction);
      const avg = Number(durations?.Average ?? 1000);
      const p99 = Number(durations?.percentile_Average_99 ?? avg);
      const timeoutSeconds = Math.min(900, Math.max(3, Math.ceil((3 * Math.max(p99, avg)) / 1000)));
      entries.push(
        [
          `  - name: fn-${row.HashFunction.slice(0, 8)}${copy > 0 ? `-${copy}` : ''}`,
          '    invocation: sync',
          `    memoryMb: ${lambdaMemoryMb(mem.get(row.HashApp) ?? 128)}`,
          `    timeoutSeconds: ${timeoutSeconds}`,
          '    initDurationMs: 500',
          `    latencySensitive: ${options.latencySensitive ?? false}`,
          '    traffic:',
          `      trace: { file: 100_inv.csv, durationsFile: 100_run.csv, format: azure-2019, function: ${row.HashFunction} }`,
        ].join('\n'),
      );
    }
  }
  const text = [
    `account: { region: us-east-1, concurrencyLimit: ${options.concurrencyLimit ?? 1000} }`,
    `defaults: { spilloverTarget: ${options.spilloverTarget ?? 0.05} }`,
    'functions:',
    ...entries,
  ].join('\n');
  return parseWorkload(text, 'azure-sample.yaml', { baseDir: TRACE_DIR });
}
