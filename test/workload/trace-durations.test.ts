/**
 * Per-minute traces that carry durations: the optional `durationMs` column, what the loader makes of it
 * (the function's durationMs when the workload gives none), and that a trace without it plans as before.
 */
import { writeFileSync } from 'fs';
import { join } from 'path';
import { stringify } from 'yaml';
import { isInputError } from '../../lib/errors';
import { planWorkload } from '../../lib/planner';
import { parseWorkload, perMinuteDurations, readPerMinuteTrace, type Workload } from '../../lib/workload';
import { baseWorkload, problemsOf, withTempDir, type Json } from './support';

type Obj = { [key: string]: Json };
const fn = (doc: Obj, i: number) => (doc.functions as Obj[])[i];

function traceProblems(text: string): readonly string[] {
  try {
    readPerMinuteTrace(text, 't.csv');
  } catch (err) {
    if (isInputError(err)) return err.problems;
    throw err;
  }
  throw new Error('expected an InputError');
}

/** The CSV of `rows` ([minute, count, durationMs]; '' for an empty cell) with the header `header`. */
const csv = (header: string, rows: ReadonlyArray<readonly (number | string)[]>) => `${header}\n${rows.map((r) => r.join(',')).join('\n')}\n`;

describe('the durationMs column of a per-minute trace', () => {
  test('is read by name in any column order; a file without it has no durations', () => {
    const ordered = readPerMinuteTrace('minute,count,durationMs\n0,5,120\n2,3,80.5\n', 't.csv');
    const shuffled = readPerMinuteTrace('durationMs,minute,count\n120,0,5\n80.5,2,3\n', 't.csv');
    expect(shuffled).toEqual(ordered);
    expect(ordered.perMinute.slice(0, 3)).toEqual([5, 0, 3]);
    expect(ordered.durationMs?.slice(0, 3)).toEqual([120, NaN, 80.5]);
    expect(ordered.durationMs).toHaveLength(1440);
    expect(readPerMinuteTrace('minute,count\n0,5\n', 't.csv').durationMs).toBeUndefined();
  });

  test('an empty cell is a minute whose duration is not known; the count still counts', () => {
    const trace = readPerMinuteTrace('minute,count,durationMs\n0,5,\n1,7,40\n2,,30\n', 't.csv');
    expect(trace.perMinute.slice(0, 3)).toEqual([5, 7, NaN]);
    expect(trace.durationMs?.slice(0, 3)).toEqual([NaN, 40, 30]);
  });

  test('a duration on a minute with count 0 is accepted (and weighs nothing)', () => {
    const trace = readPerMinuteTrace('minute,count,durationMs\n0,0,9000\n1,4,100\n', 't.csv');
    expect(trace.durationMs?.slice(0, 2)).toEqual([9000, 100]);
    expect(perMinuteDurations(trace.perMinute, trace.durationMs ?? [])).toEqual({ avg: 100, p99: 100 });
  });

  test.each([
    ['minute,count,durationMs\n0,1,0\n1,1,-5\n2,1,abc\n3,1,900001\n4,1,1e400\n', [
      't.csv:2: durationMs must be a number > 0 and <= 900000, got "0"',
      't.csv:3: durationMs must be a number > 0 and <= 900000, got "-5"',
      't.csv:4: durationMs must be a number > 0 and <= 900000, got "abc"',
      't.csv:5: durationMs must be a number > 0 and <= 900000, got "900001"',
      't.csv:6: durationMs must be a number > 0 and <= 900000, got "1e400"',
    ]],
    ['minute,count,durationMs\n0,-1,x\n', ['t.csv:2: count must be a number >= 0, got "-1"', 't.csv:2: durationMs must be a number > 0 and <= 900000, got "x"']],
    ['minute,count,durationMs,durationMs\n0,1,2,3\n', ['t.csv:1: is not a per-minute trace: the header must be minute,count or minute,count,durationMs, got 4 columns']],
    ['minute,durationMs\n0,1\n', ['t.csv:1: is not a per-minute trace: the header must be minute,count or minute,count,durationMs, it lacks count']],
    ['minute,count,duration\n0,1,2\n', ['t.csv:1: is not a per-minute trace: the header must be minute,count or minute,count,durationMs, got the column "duration" among 3']],
  ])('bad durations or header %j name the file and line', (text, expected) => {
    expect(traceProblems(text)).toEqual(expected);
  });
});

describe('perMinuteDurations', () => {
  test('avg weighs each minute by its count; p99 is the smallest minute mean under which 99% of the calls fall', () => {
    // 98 calls at 10 ms, 1 at 20, 1 at 1000: 99% of the calls are at or below 20 ms.
    expect(perMinuteDurations([98, 1, 1], [10, 20, 1000])).toEqual({ avg: (980 + 20 + 1000) / 100, p99: 20 });
    // One call more in the slow minute: 99% is reached only there.
    expect(perMinuteDurations([97, 1, 2], [10, 20, 1000])).toEqual({ avg: (970 + 20 + 2000) / 100, p99: 1000 });
  });

  test('minutes without calls, without data or without a duration are left out; none left: undefined', () => {
    expect(perMinuteDurations([4, 0, NaN, 6], [50, 9000, 9000, NaN])).toEqual({ avg: 50, p99: 50 });
    expect(perMinuteDurations([0, 3], [10, NaN])).toBeUndefined();
  });

  test('p99 is a percentile of per-minute means: it may be below the mean when one rare minute is slow', () => {
    const d = perMinuteDurations([995, 5], [10, 2000]);
    expect(d).toEqual({ avg: (9950 + 10000) / 1000, p99: 10 });
  });
});

/** A workload of one function traced by `files` (written into `dir`), with `durationMs` when given. */
function traced(dir: string, files: Record<string, string>, durationMs?: Json, timeoutSeconds = 10): Obj {
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const doc = baseWorkload();
  doc.functions = [fn(doc, 0)];
  const f = fn(doc, 0);
  if (durationMs === undefined) delete f.durationMs;
  else f.durationMs = durationMs;
  f.timeoutSeconds = timeoutSeconds;
  f.traffic = { trace: { file: Object.keys(files).length === 1 ? Object.keys(files)[0] : Object.keys(files), format: 'per-minute' } };
  return doc;
}

const load = (doc: Obj, dir: string): Workload => parseWorkload(stringify(doc), 'workload.yaml', { baseDir: dir });

describe('the loader: a trace\'s durations fill a function without durationMs', () => {
  test('avg and p99 from the column when the workload gives no durationMs', () => {
    withTempDir((dir) => {
      const w = load(traced(dir, { 't.csv': csv('minute,count,durationMs', [[0, 98, 10], [1, 1, 20], [2, 1, 1000]]) }), dir);
      expect(w.functions[0].durationMs).toEqual({ avg: 20, p99: 20 });
    });
  });

  test('the workload\'s own durationMs wins over the column', () => {
    withTempDir((dir) => {
      const w = load(traced(dir, { 't.csv': csv('minute,count,durationMs', [[0, 98, 10], [1, 1, 20]]) }, { avg: 300, p99: 900 }), dir);
      expect(w.functions[0].durationMs).toEqual({ avg: 300, p99: 900 });
    });
  });

  test('a list of files pools the durations of those that have the column', () => {
    withTempDir((dir) => {
      const files = {
        'd1.csv': csv('minute,count,durationMs', [[0, 10, 100], [1439, 0, '']]),
        // A day without the column: its 50 calls have no duration and weigh nothing.
        'd2.csv': csv('minute,count', [[0, 50], [1439, 0]]),
        'd3.csv': csv('count,durationMs,minute', [[30, 200, 5], [0, 7000, 6]]),
      };
      const w = load(traced(dir, files), dir);
      expect(w.functions[0].durationMs).toEqual({ avg: (10 * 100 + 30 * 200) / 40, p99: 200 });
      expect(w.functions[0].traffic.perMinute).toHaveLength(3 * 1440);
    });
  });

  test('no durationMs and no durations in the trace: durationMs is missing, saying what the files lack', () => {
    withTempDir((dir) => {
      const reason = "required unless traffic.trace.durationsFile or a per-minute trace's durationMs column gives the durations";
      expect(problemsOf(traced(dir, { 'a.csv': csv('minute,count', [[0, 5]]) }), 'workload.yaml', dir)).toEqual([
        `workload.yaml: functions[0] is missing required key 'durationMs' (${reason}; a.csv has no durationMs column)`,
      ]);
      expect(problemsOf(traced(dir, { 'b.csv': csv('minute,count,durationMs', [[0, 5, ''], [1, 0, 40]]), 'c.csv': csv('minute,count', [[0, 1]]) }), 'workload.yaml', dir)).toEqual([
        `workload.yaml: functions[0] is missing required key 'durationMs' (${reason}; b.csv, c.csv give no duration on a minute with calls)`,
      ]);
    });
  });

  test('a bad cell is reported under the field that names the file, with the file line; a mean beyond the timeout is refused', () => {
    withTempDir((dir) => {
      expect(problemsOf(traced(dir, { 'bad.csv': csv('minute,count,durationMs', [[0, 5, 10], [1, 5, 'slow']]) }), 'workload.yaml', dir)).toEqual([
        'workload.yaml: functions[0].traffic.trace.file: bad.csv:3: durationMs must be a number > 0 and <= 900000, got "slow"',
      ]);
      expect(problemsOf(traced(dir, { 'long.csv': csv('minute,count,durationMs', [[0, 1, 500], [1, 1, 2500]]) }, undefined, 1), 'workload.yaml', dir)).toEqual([
        'workload.yaml: functions[0].traffic.trace.file the count-weighted mean of the durationMs column must be <= timeoutSeconds × 1000 (1000) for this function, got 1500',
      ]);
    });
  });
});

describe('plans: the column changes nothing it should not', () => {
  const rows = Array.from({ length: 1440 }, (_, m) => [m, 20 + ((m * 37) % 90), 150 + (m % 5)] as const);

  test('a trace without the column plans exactly as the same trace with one, when the workload gives durationMs', () => {
    withTempDir((dir) => {
      const durationMs = { avg: 180, p99: 700 };
      const without = load(traced(dir, { 'plain.csv': csv('minute,count', rows.map(([m, c]) => [m, c])) }, durationMs), dir);
      const withColumn = load(traced(dir, { 'durations.csv': csv('minute,count,durationMs', rows) }, durationMs), dir);
      expect(JSON.stringify(planWorkload(withColumn))).toBe(JSON.stringify(planWorkload(without)));
    });
  });

  test('durations from the column plan as the same durations written in the workload', () => {
    withTempDir((dir) => {
      const fromColumn = load(traced(dir, { 'durations.csv': csv('minute,count,durationMs', rows) }), dir);
      const { avg, p99 } = fromColumn.functions[0].durationMs;
      const written = load(traced(dir, { 'plain.csv': csv('minute,count', rows.map(([m, c]) => [m, c])) }, { avg, p99: p99 as number }), dir);
      expect(avg).toBeGreaterThan(150);
      expect(avg).toBeLessThan(154);
      expect(p99).toBe(154);
      expect(JSON.stringify(planWorkload(fromColumn))).toBe(JSON.stringify(planWorkload(written)));
    });
  });
});
