/**
 * `normalizeWorkload`: a workload given as data gets the checks and normalization of a file, with no
 * round trip through JSON text and no working directory.
 */
import { join } from 'path';
import { isInputError } from '../../lib/errors';
import { normalizeWorkload, parseWorkload } from '../../lib/workload';

const fn = { name: 'api', invocation: 'sync', memoryMb: 512, timeoutSeconds: 10, durationMs: { avg: 100 }, traffic: { peakRps: 50 } };
const doc = { version: 1, account: { region: 'us-east-1' }, functions: [fn] };

/** The problems `normalizeWorkload` throws for `input`. */
function problems(input: unknown, baseDir?: string): readonly string[] {
  try {
    normalizeWorkload(input, { source: 'inline', baseDir });
  } catch (err) {
    if (isInputError(err)) return err.problems;
    throw err;
  }
  return [];
}

describe('normalizeWorkload', () => {
  test('gives the workload parseWorkload gives for the same document as text', () => {
    expect(normalizeWorkload(doc, { source: 'inline' })).toEqual(parseWorkload(JSON.stringify(doc), 'inline'));
  });

  test('treats keys whose value is undefined as absent, as JSON would', () => {
    const input = { ...doc, defaults: undefined, functions: [{ ...fn, latencySensitive: undefined }] };
    expect(normalizeWorkload(input, { source: 'inline' })).toEqual(normalizeWorkload(doc, { source: 'inline' }));
  });

  test('names the source and the field of each problem', () => {
    expect(problems({ ...doc, functions: [{ ...fn, memoryMb: 64 }] })).toEqual([expect.stringMatching(/^inline: functions\[0\]\.memoryMb must be >= 128/)]);
  });

  test('reports a non-finite number by field instead of turning it into null', () => {
    expect(problems({ ...doc, functions: [{ ...fn, traffic: { peakRps: Number.NaN } }] })).toEqual(['inline: functions[0].traffic.peakRps must be a finite number, got NaN']);
  });

  test('refuses data that contains itself, and values that are not data', () => {
    const circular: Record<string, unknown> = { ...doc };
    circular.self = circular;
    expect(problems(circular)).toEqual(['inline: self must not contain itself (the data is circular)']);
    expect(problems({ ...doc, account: { region: () => 'us-east-1' } })).toEqual(['inline: account.region must be plain data (objects, arrays, strings, numbers, booleans), got a function']);
  });

  test('without baseDir a relative trace file is a problem; with it, the file is read from there', () => {
    const traced = { ...doc, functions: [{ ...fn, traffic: { trace: { file: 'traces/api.csv', format: 'per-minute' } } }] };
    expect(problems(traced)).toEqual([expect.stringMatching(/^inline: functions\[0\]\.traffic\.trace\.file must be an absolute path: an inline workload has no folder/)]);
    expect(problems(traced, join(__dirname, 'missing-folder'))).toEqual([expect.stringMatching(/^inline: functions\[0\]\.traffic\.trace\.file cannot be read/)]);
  });
});
