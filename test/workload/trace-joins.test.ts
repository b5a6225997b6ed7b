/**
 * Where a trace ends and how its files join, through the real loader: the minutes after a per-minute
 * file's last row are unknown, Azure files without the function's row keep their own number of days,
 * and what a join leaves unclear (a file ending early, weeks that do not join, day files out of order)
 * is in the notes; the same file twice is an error; an Azure p99 above Lambda's maximum is cut, with a note.
 */
import { linkSync, symlinkSync, writeFileSync } from 'fs';
import { join } from 'path';
import { loadWorkload } from '../../lib/workload';
import { coverageNote } from '../../lib/workload/coverage';
import { problemsOf, withTempDir } from './support';

function workload(trace: string, durationMs = 'durationMs: { avg: 100 }, '): string {
  return [
    'account: { region: us-east-1 }',
    'defaults: { timezone: UTC }',
    'functions:',
    `  - { name: f, invocation: sync, memoryMb: 128, timeoutSeconds: 900, ${durationMs}traffic: { trace: ${trace} } }`,
  ].join('\n');
}

/** Loads `text` as w.yaml from a folder holding `files`: the function's spec. */
function load(text: string, files: Record<string, string>) {
  return withTempDir((dir) => {
    for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
    writeFileSync(join(dir, 'w.yaml'), text);
    return loadWorkload('w.yaml', { cwd: dir }).functions[0];
  });
}

/** A per-minute CSV listing minutes `from` to `to` (inclusive) with `rate(m)` calls (0 rows kept). */
const rows = (from: number, to: number, rate: (m: number) => number): string =>
  `minute,count\n${Array.from({ length: to - from + 1 }, (_, i) => `${from + i},${rate(from + i)}`).join('\n')}\n`;

const hours = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, i) => from + i);

describe('a per-minute trace ends at its last row', () => {
  test('one hour of history (10:00-11:00) with a start: the other 23 hours are unknown, not idle, and the note says where the file ends', () => {
    const spec = load(workload('{ file: hour.csv, format: per-minute, start: "2026-03-02T10:00:00Z" }'), { 'hour.csv': rows(0, 59, () => 30) });
    expect(spec.traffic.perMinute).toHaveLength(1440);
    expect(spec.traffic.unknownHours).toEqual([...hours(0, 10), ...hours(11, 24)]);
    // Sized like the known hour, not as zero calls.
    expect(spec.traffic.hourlyRps.every((r) => r === 0.5)).toBe(true);
    expect(coverageNote('f', spec.traffic)).toMatch(
      /^f: hour\.csv ends at minute 59 \(2026-03-02 10:59\): the rest of that day is unknown; if the function was idle, list its last minute with count 0; no data for 23 of 24 hours/,
    );
  });

  test('without a start: the minutes after the last row to the end of the day are unknown, named by day and time', () => {
    const spec = load(workload('{ file: t.csv, format: per-minute }'), { 't.csv': rows(0, 659, (m) => (m % 60 === 0 ? 6 : 1)) });
    expect(spec.traffic.unknownHours).toEqual(hours(11, 24));
    expect(spec.traffic.notes).toEqual(['t.csv ends at minute 659 (day 1 10:59): the rest of that day is unknown; if the function was idle, list its last minute with count 0']);
  });

  test('a trace listed to 23:59 (count 0) has nothing unknown and no note', () => {
    const spec = load(workload('{ file: t.csv, format: per-minute, start: "2026-03-02T00:00:00Z" }'), { 't.csv': 'minute,count\n600,5\n1439,0\n' });
    expect(spec.traffic.unknownHours).toBeUndefined();
    expect(spec.traffic.notes).toBeUndefined();
    expect(spec.traffic.perMinute?.[1000]).toBe(0);
  });
});

describe('joined per-minute files', () => {
  /** A weekday-only week: calls Monday to Friday, the idle weekend not listed (it ends Friday 23:59). */
  const workweek = rows(0, 5 * 1440 - 1, (m) => (Math.floor(m / 60) % 24 >= 9 && Math.floor(m / 60) % 24 < 17 ? 50 : 2));

  test('with a start, a file that holds days but not whole weeks is named with the weekday the next file starts on', () => {
    const spec = load(workload('{ file: [week1.csv, week2.csv], format: per-minute, start: "2026-03-02T00:00:00Z" }'), { 'week1.csv': workweek, 'week2.csv': workweek });
    expect(spec.traffic.notes).toEqual([
      'week1.csv holds 5 days, not whole weeks: week2.csv is joined from the day after (2026-03-07 00:00, a Saturday); if week1.csv covers whole weeks, list its last minute (10079) with count 0',
    ]);
    expect(coverageNote('f', spec.traffic)).toContain('week2.csv is joined from the day after (2026-03-07 00:00, a Saturday)');
  });

  test('whole weeks join without a note; a file ending mid-day leaves that day unknown and says the next file starts on the next day', () => {
    const week = `${workweek}10079,0\n`;
    expect(load(workload('{ file: [a.csv, b.csv], format: per-minute, start: "2026-03-02T00:00:00Z" }'), { 'a.csv': week, 'b.csv': week }).traffic.notes).toBeUndefined();
    const spec = load(workload('{ file: [a.csv, b.csv], format: per-minute }'), { 'a.csv': rows(0, 1000, () => 1), 'b.csv': rows(0, 1439, () => 2) });
    expect(spec.traffic.perMinute).toHaveLength(2880);
    expect(spec.traffic.perMinute?.[1440]).toBe(2);
    expect(spec.traffic.notes).toEqual(['a.csv ends at minute 1000 (day 1 16:40): the rest of that day is unknown and b.csv starts on the next day; if the function was idle, list its last minute with count 0']);
  });

  test('the same file twice is an error naming the list index', () => {
    withTempDir((dir) => {
      writeFileSync(join(dir, 'd01.csv'), rows(0, 1439, () => 1));
      writeFileSync(join(dir, 'd02.csv'), rows(0, 1439, () => 1));
      expect(problemsOf(workload('{ file: [d01.csv, d02.csv, ./d01.csv], format: per-minute }'), 'w.yaml', dir)).toEqual([
        'w.yaml: functions[0].traffic.trace.file[2] must not name file[0] again (a day joined twice), got "./d01.csv"',
      ]);
    });
  });

  test('a symbolic or hard link to a file already listed is the same file: an error, not a day joined twice', () => {
    withTempDir((dir) => {
      writeFileSync(join(dir, 'd01.csv'), rows(0, 1439, () => 1));
      symlinkSync('d01.csv', join(dir, 'soft.csv'));
      linkSync(join(dir, 'd01.csv'), join(dir, 'hard.csv'));
      expect(problemsOf(workload('{ file: [d01.csv, soft.csv, hard.csv], format: per-minute }'), 'w.yaml', dir)).toEqual([
        'w.yaml: functions[0].traffic.trace.file[1] must not name file[0] again (a day joined twice), got "soft.csv"',
        'w.yaml: functions[0].traffic.trace.file[2] must not name file[0] again (a day joined twice), got "hard.csv"',
      ]);
    });
  });
});

describe('Azure day files', () => {
  const header = (days: number) => `HashFunction,${Array.from({ length: days * 1440 }, (_, m) => `${m + 1}`).join(',')}`;
  const file = (days: number, hash: string, count: number) => `${header(days)}\n${hash},${new Array(days * 1440).fill(count).join(',')}\n`;

  test('a multi-day file without the function is as many days without data as it holds; the later files keep their dates', () => {
    const spec = load(workload('{ file: [a.csv, b.csv], format: azure-2019, function: h1, start: "2019-07-15T00:00:00Z" }'), { 'a.csv': file(3, 'other', 1), 'b.csv': file(3, 'h1', 4) });
    expect(spec.traffic.perMinute).toHaveLength(6 * 1440);
    expect(spec.traffic.unknownHours).toEqual(hours(0, 72));
    expect(spec.traffic.perMinute?.[3 * 1440]).toBe(4);
  });

  test('public-dataset day files out of day order are joined as listed, with a note; the same file twice is an error', () => {
    const names = ['x.anon.d03.csv', 'x.anon.d01.csv', 'x.anon.d02.csv'];
    const files = Object.fromEntries(names.map((n) => [n, file(1, 'h1', 1)]));
    const spec = load(workload(`{ file: [${names.join(', ')}], format: azure-2019, function: h1 }`), files);
    expect(spec.traffic.notes).toEqual([
      "the trace files are joined in the order listed, but their day numbers are out of order (d03, d01, d02): the plan's days follow the list; list the files by day if that was not meant",
    ]);
    expect(load(workload(`{ file: [${[...names].sort().join(', ')}], format: azure-2019, function: h1 }`), files).traffic.notes).toBeUndefined();
    withTempDir((dir) => {
      writeFileSync(join(dir, 'x.anon.d01.csv'), file(1, 'h1', 1));
      expect(problemsOf(workload('{ file: [x.anon.d01.csv, x.anon.d01.csv], format: azure-2019, function: h1 }'), 'w.yaml', dir)).toEqual([
        'w.yaml: functions[0].traffic.trace.file[1] must not name file[0] again (a day joined twice), got "x.anon.d01.csv"',
      ]);
    });
  });

  test("a durations file's p99 above Lambda's 900 s maximum is cut to it, with a note", () => {
    const spec = load(workload('{ file: inv.csv, format: azure-2019, function: h1, durationsFile: run.csv }', ''), {
      'inv.csv': file(1, 'h1', 2),
      'run.csv': 'HashFunction,Average,percentile_Average_99\nh1,827201,1378982\n',
    });
    expect(spec.durationMs).toEqual({ avg: 827201, p99: 900000 });
    expect(spec.traffic.notes).toEqual(["run.csv: percentile_Average_99 1378982 ms is above Lambda's longest timeout (900 s): durations above it were cut to 900000 ms"]);
  });
});
