/**
 * Time-stamped and partial history through the real loader: `trace.start`, the workload's time zone,
 * partial Azure files.
 */
import { readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { loadWorkload } from '../../lib/workload';
import { AZURE_SAMPLE, problemsOf, withTempDir } from './support';

const BUSY = 'dfd4d5d8eb32c5bcdbdb163c282678fbc711fad4115566c44472a23b494d0693';

function workload(trace: string, timezone = 'UTC'): string {
  return [
    'account: { region: us-east-1 }',
    `defaults: { timezone: ${timezone} }`,
    'functions:',
    `  - { name: f, invocation: sync, memoryMb: 128, timeoutSeconds: 10, durationMs: { avg: 100 }, traffic: { trace: ${trace} } }`,
  ].join('\n');
}

/** Loads `text` as w.yaml from a folder holding `files`. */
function load(text: string, files: Record<string, string>) {
  return withTempDir((dir) => {
    for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
    writeFileSync(join(dir, 'w.yaml'), text);
    return loadWorkload('w.yaml', { cwd: dir }).functions[0].traffic;
  });
}

/** A per-minute CSV with `rate(m)` calls in every minute m of `days` days. */
const perMinuteCsv = (days: number, rate: (m: number) => number): string =>
  `minute,count\n${Array.from({ length: days * 1440 }, (_, m) => `${m},${rate(m)}`).join('\n')}\n`;

describe('trace.start', () => {
  test('a trace with a start knows its local start date; in UTC at midnight nothing is unknown', () => {
    const traffic = load(workload('{ file: t.csv, format: per-minute, start: "2026-03-02T00:00:00Z" }'), { 't.csv': perMinuteCsv(7, (m) => m % 5) });
    expect(traffic.startDate).toBe('2026-03-02');
    expect(traffic.perMinute).toHaveLength(7 * 1440);
    expect(traffic.unknownHours).toBeUndefined();
  });

  test('in the workload time zone: a UTC-midnight start in New York begins on the previous local day, and the hours outside the trace are unknown', () => {
    const traffic = load(workload('{ file: t.csv, format: per-minute, start: "2026-03-02T00:00:00Z" }', 'America/New_York'), { 't.csv': perMinuteCsv(1, () => 2) });
    expect(traffic.startDate).toBe('2026-03-01'); // 19:00 EST on Sunday
    expect(traffic.perMinute).toHaveLength(2 * 1440);
    expect(traffic.unknownHours).toEqual([...Array.from({ length: 19 }, (_, h) => h), ...Array.from({ length: 5 }, (_, h) => 24 + 19 + h)]);
  });

  test('a trace without start is read from 00:00 in the time zone, as before', () => {
    const traffic = load(workload('{ file: t.csv, format: per-minute }', 'Europe/Paris'), { 't.csv': perMinuteCsv(1, (m) => (m < 60 ? 9 : 1)) });
    expect(traffic.startDate).toBeUndefined();
    expect(traffic.hourlyRps[0]).toBe(9 / 60);
  });

  test('a bad start names the field and the value', () => {
    withTempDir((dir) => {
      writeFileSync(join(dir, 't.csv'), 'minute,count\n0,1\n');
      expect(problemsOf(workload('{ file: t.csv, format: per-minute, start: "2026-03-02 00:00" }'), 'w.yaml', dir)).toEqual([
        'w.yaml: functions[0].traffic.trace.start must be an ISO 8601 date and time with an offset, such as 2026-03-02T00:00:00Z or 2026-03-02T00:00:00+01:00, got "2026-03-02 00:00"',
      ]);
    });
  });
});

describe('partial Azure files', () => {
  /** The busy function of the bundled sample, only minutes `from` to `to` (1-based, inclusive). */
  function slice(from: number, to: number): string {
    const [header, ...rows] = readFileSync(join(AZURE_SAMPLE, '100_inv.csv'), 'utf8').trim().split('\n');
    const columns = header.split(',');
    const keep = columns.map((c, i) => i < 3 || (Number(c.slice(7)) >= from && Number(c.slice(7)) <= to));
    const pick = (line: string) => line.split(',').filter((_, i) => keep[i]).join(',');
    return `${pick(header)}\n${rows.filter((r) => r.startsWith(BUSY)).map(pick).join('\n')}\n`;
  }

  test('an 8-hour file (08:00-16:00) is accepted; the other 16 hours are unknown and sized like the busiest known hour', () => {
    const traffic = load(workload(`{ file: inv.csv, format: azure-2019, function: ${BUSY}, start: "2019-07-15T00:00:00Z" }`), { 'inv.csv': slice(481, 960) });
    expect(traffic.unknownHours).toEqual([...Array.from({ length: 8 }, (_, h) => h), ...Array.from({ length: 8 }, (_, h) => 16 + h)]);
    expect(traffic.startDate).toBe('2019-07-15');
    const known = traffic.hourlyRps.slice(8, 16);
    expect(traffic.hourlyRps[3]).toBe(Math.max(...known));
    expect(traffic.perMinute?.some(Number.isNaN)).toBe(false);
  });

  test('an empty cell is a minute without data, as an empty per-minute count is (docs/workload.md, hours without data)', () => {
    // The busy function's day with its 16:00-23:59 cells blank instead of absent: the same 16 hours unknown at the end
    const text = slice(1, 1440).replace(new RegExp(`^(${BUSY}(?:,[^,\\n]*){${2 + 960}})((?:,[^,\\n]*)*)$`, 'm'), (_, kept: string, rest: string) => kept + rest.replace(/[^,]+/g, ''));
    const traffic = load(workload(`{ file: inv.csv, format: azure-2019, function: ${BUSY}, start: "2019-07-15T00:00:00Z" }`), { 'inv.csv': text });
    expect(traffic.unknownHours).toEqual(Array.from({ length: 8 }, (_, h) => 16 + h));
    expect(traffic.perMinute?.some(Number.isNaN)).toBe(false);
  });

  test('a file with no invocations in the minutes it has is refused, counting only those minutes', () => {
    const text = 'HashFunction,minute_1,minute_2\nh1,0,0\n';
    withTempDir((dir) => {
      writeFileSync(join(dir, 'inv.csv'), text);
      expect(problemsOf(workload('{ file: inv.csv, format: azure-2019, function: h1 }'), 'w.yaml', dir)).toEqual([
        'w.yaml: functions[0].traffic.trace.function must give at least one invocation, got 0 in 2 minutes with data',
      ]);
    });
  });
});

describe('history as it comes: several Azure day files, multi-day Azure files (issue #22)', () => {
  const day = (hash: string, count: (m: number) => number) =>
    `HashFunction,${Array.from({ length: 1440 }, (_, m) => `minute_${m + 1}`).join(',')}\n${hash},${Array.from({ length: 1440 }, (_, m) => count(m)).join(',')}\n`;

  test('several day files are joined in order, day after day; a day file without the function is a day without data', () => {
    const traffic = load(workload('{ file: [d01.csv, d02.csv, d03.csv], format: azure-2019, function: h1, start: "2019-07-15T00:00:00Z" }'), {
      'd01.csv': day('h1', () => 1),
      'd02.csv': day('other', () => 5),
      'd03.csv': day('h1', (m) => (m < 60 ? 3 : 2)),
    });
    expect(traffic.perMinute).toHaveLength(3 * 1440);
    expect(traffic.perMinute?.[0]).toBe(1);
    expect(traffic.perMinute?.[2 * 1440]).toBe(3);
    expect(traffic.perMinute?.[2 * 1440 + 60]).toBe(2);
    // Day 2 had no row for h1: its 24 hours are unknown (filled by the coverage rule), not zero and not dropped.
    expect(traffic.unknownHours).toEqual(Array.from({ length: 24 }, (_, h) => 24 + h));
  });

  test('a function in none of the day files is named with every file', () => {
    withTempDir((dir) => {
      writeFileSync(join(dir, 'd01.csv'), day('a', () => 1));
      writeFileSync(join(dir, 'd02.csv'), day('b', () => 1));
      expect(problemsOf(workload('{ file: [d01.csv, d02.csv], format: azure-2019, function: h1 }'), 'w.yaml', dir)).toEqual([
        'w.yaml: functions[0].traffic.trace.function must be a HashFunction in any of d01.csv, d02.csv (they list 2), got "h1"',
      ]);
    });
  });

  test('a multi-day Azure file: columns past 1,440 continue into the next days', () => {
    const header = `HashFunction,${Array.from({ length: 2 * 1440 }, (_, m) => `${m + 1}`).join(',')}`;
    const row = `h1,${Array.from({ length: 2 * 1440 }, (_, m) => (m < 1440 ? 1 : 4)).join(',')}`;
    const traffic = load(workload('{ file: two-days.csv, format: azure-2019, function: h1 }'), { 'two-days.csv': `${header}\n${row}\n` });
    expect(traffic.perMinute).toHaveLength(2 * 1440);
    expect(traffic.perMinute?.[1439]).toBe(1);
    expect(traffic.perMinute?.[1440]).toBe(4);
  });
});
