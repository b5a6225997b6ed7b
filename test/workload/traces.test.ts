import { readFileSync } from 'fs';
import { join } from 'path';
import { isInputError } from '../../lib/errors';
import {
  parseAzureDurations,
  parseAzureInvocations,
  parsePerMinuteTrace,
  parseWorkload,
  readPerMinuteTrace,
  trafficFromHourly,
  trafficFromPeak,
  trafficFromPerMinute,
  trafficFromSteps,
} from '../../lib/workload';
import { AZURE_SAMPLE, FIXTURES } from './support';

const read = (...parts: string[]) => readFileSync(join(...parts), 'utf8');
const traces = (name: string) => read(FIXTURES, 'traces', name);

/** The fixtures' formula (see test/fixtures/workloads/README.md): calls of function k in minute m (1-based). */
const fixtureCount = (k: number, m: number) => (k === 1 && m === 600 ? 600 : (7 * m + 13 * k) % 11);
const HASHES = ['fa', 'fb', 'fc'];

function problemsOf(run: () => unknown): readonly string[] {
  try {
    run();
  } catch (err) {
    if (isInputError(err)) return err.problems;
    throw err;
  }
  throw new Error('expected an InputError');
}

describe('Azure 2019 invocations: columns read by name', () => {
  test.each(['azure-sample-header_inv.csv', 'azure-original-header_inv.csv'])('%s gives each function its own minutes', (file) => {
    const trace = parseAzureInvocations(traces(file), file);
    expect([...trace.functions].sort()).toEqual(HASHES);
    HASHES.forEach((hash, k) => {
      const expected = Array.from({ length: 1440 }, (_, i) => fixtureCount(k, i + 1));
      expect(trace.perMinute(hash)).toEqual(expected);
    });
    expect(trace.perMinute('nope')).toBeUndefined();
  });

  test('both header variants give identical traffic', () => {
    const a = parseAzureInvocations(traces('azure-sample-header_inv.csv'), 'a.csv');
    const b = parseAzureInvocations(traces('azure-original-header_inv.csv'), 'b.csv');
    for (const hash of HASHES) expect(trafficFromPerMinute(b.perMinute(hash) as number[])).toEqual(trafficFromPerMinute(a.perMinute(hash) as number[]));
  });

  test('a file without HashFunction is refused with its name and line', () => {
    expect(problemsOf(() => parseAzureInvocations('minute,count\n0,1\n', 'x.csv'))).toEqual([
      'x.csv:1: the header has no column HashFunction; is this an Azure Functions 2019 trace file of the right kind?',
    ]);
  });

  test('a header with some minutes of the day gives no data (NaN) for the others', () => {
    // 8 hours: 08:00 to 16:00, minute_481 … minute_960.
    const minutes = Array.from({ length: 480 }, (_, i) => 481 + i);
    const text = `HashFunction,${minutes.map((m) => `minute_${m}`).join(',')}\nh1,${minutes.map((m) => m % 7).join(',')}\n`;
    const trace = parseAzureInvocations(text, 'x.csv');
    expect(trace.minutes).toBe(480);
    const perMinute = trace.perMinute('h1') as number[];
    expect(perMinute).toHaveLength(1440);
    expect(perMinute.slice(480, 960)).toEqual(minutes.map((m) => m % 7));
    expect([...perMinute.slice(0, 480), ...perMinute.slice(960)].every(Number.isNaN)).toBe(true);
  });

  test('a header without any minute column is refused', () => {
    expect(problemsOf(() => parseAzureInvocations('HashFunction,Trigger\nh1,http\n', 'x.csv'))).toEqual([
      'x.csv:1: the header has no minute column; expected minute_1 … minute_1440 or 1 … 1440 (any subset)',
    ]);
  });

  test('a bad cell names the file, line and column', () => {
    const header = ['HashFunction', ...Array.from({ length: 1440 }, (_, i) => `${i + 1}`)];
    const row = ['h1', ...Array.from({ length: 1440 }, (_, i) => (i === 9 ? 'x' : '1'))];
    const trace = parseAzureInvocations(`${header.join(',')}\n${row.join(',')}\n`, 'x.csv');
    expect(problemsOf(() => trace.perMinute('h1'))).toEqual(['x.csv:2: 10 must be a number >= 0, got "x"']);
  });

  test('a row with the wrong number of cells is a CSV error with its line', () => {
    const header = ['HashFunction', ...Array.from({ length: 1440 }, (_, i) => `${i + 1}`)];
    expect(problemsOf(() => parseAzureInvocations(`${header.join(',')}\nh1,1,2\n`, 'x.csv'))).toEqual(['x.csv:2: Invalid Record Length: expect 1441, got 3']);
  });
});

describe('Azure 2019 durations: columns read by name', () => {
  test.each(['azure-sample-header_run.csv', 'azure-original-header_run.csv'])('%s gives Average and percentile_Average_99', (file) => {
    const table = parseAzureDurations(traces(file), file);
    expect(table.durations('fa')).toEqual({ avg: 120, p99: 480 });
    expect(table.durations('fb')).toEqual({ avg: 35.5, p99: 90 });
    expect(table.durations('fc')).toEqual({ avg: 2000, p99: 9000 });
    expect(table.durations('nope')).toBeUndefined();
  });

  test('a file without Average is refused', () => {
    expect(problemsOf(() => parseAzureDurations('HashFunction,Count\nh,1\n', 'r.csv'))).toEqual([
      'r.csv:1: the header has no column Average; is this an Azure Functions 2019 trace file of the right kind?',
    ]);
  });

  test('a function on two rows is ambiguous', () => {
    const table = parseAzureDurations('HashFunction,Average\nh,1\nh,2\n', 'r.csv');
    expect(problemsOf(() => table.durations('h'))).toEqual(['r.csv: HashFunction "h" is on 2 rows (lines 2, 3); it must be on one']);
  });
});

describe('the real Azure 2019 sample (examples/traces/azure-functions-2019-sample)', () => {
  // Independent reading: plain string splitting, columns located by header name.
  const invLines = read(AZURE_SAMPLE, '100_inv.csv').trim().split('\n');
  const invHeader = invLines[0].split(',');
  const rows = invLines.slice(1).map((l) => l.split(','));
  const hashAt = invHeader.indexOf('HashFunction');
  const minuteAt = Array.from({ length: 1440 }, (_, i) => invHeader.indexOf(`minute_${i + 1}`));
  const countsOf = (row: string[]) => minuteAt.map((c) => Number(row[c]));
  const total = (row: string[]) => countsOf(row).reduce((a, b) => a + b, 0);
  // The busiest function of the day, and one invoked rarely.
  const busiest = rows.reduce((best, row) => (total(row) > total(best) ? row : best));
  const rare = rows.find((row) => total(row) > 0 && total(row) < 30) as string[];

  const runLines = read(AZURE_SAMPLE, '100_run.csv').trim().split('\n');
  const runHeader = runLines[0].split(',');
  const runRow = (hash: string) => runLines.slice(1).map((l) => l.split(',')).find((r) => r[runHeader.indexOf('HashFunction')] === hash) as string[];

  test.each([
    ['the busiest function', busiest],
    ['a rarely invoked function', rare],
  ])('%s: hourly peak minute / 60, average and durations match a by-hand reading', (_what, row) => {
    const hash = row[hashAt];
    const counts = countsOf(row);
    const expectedHourly = Array.from({ length: 24 }, (_, h) => Math.max(...counts.slice(h * 60, h * 60 + 60)) / 60);
    const expectedAverage = counts.reduce((a, b) => a + b, 0) / (1440 * 60);
    const run = runRow(hash);
    const expectedAvg = Number(run[runHeader.indexOf('Average')]);
    const expectedP99 = Number(run[runHeader.indexOf('percentile_Average_99')]);

    const text = [
      'account: { region: us-east-1 }',
      'functions:',
      '  - name: sampled',
      '    invocation: sync',
      '    memoryMb: 512',
      '    timeoutSeconds: 900',
      '    traffic:',
      '      trace:',
      '        file: 100_inv.csv',
      '        durationsFile: 100_run.csv',
      '        format: azure-2019',
      `        function: ${hash}`,
    ].join('\n');
    const [fn] = parseWorkload(text, 'sample.yaml', { baseDir: AZURE_SAMPLE }).functions;
    expect(fn.traffic.source).toBe('trace');
    expect(fn.traffic.perMinute).toEqual(counts);
    expect(fn.traffic.hourlyRps).toEqual(expectedHourly);
    expect(fn.traffic.peakRps).toBe(Math.max(...expectedHourly));
    expect(fn.traffic.averageRps).toBeCloseTo(expectedAverage, 12);
    expect(fn.durationMs).toEqual({ avg: expectedAvg, p99: expectedP99 });
    expect(expectedAvg).toBeGreaterThan(0);
  });

  test('all 100 functions of the sample import, and their invocations add up to the file total', () => {
    const trace = parseAzureInvocations(read(AZURE_SAMPLE, '100_inv.csv'), '100_inv.csv');
    const durations = parseAzureDurations(read(AZURE_SAMPLE, '100_run.csv'), '100_run.csv');
    expect(trace.functions).toHaveLength(100);
    let sum = 0;
    for (const hash of trace.functions) {
      sum += (trace.perMinute(hash) as number[]).reduce((a, b) => a + b, 0);
      expect(durations.durations(hash)?.avg).toBeGreaterThan(0);
    }
    expect(sum).toBe(rows.reduce((a, row) => a + total(row), 0));
  });
});

describe('per-minute traces (minute,count)', () => {
  /** The fixture's formula: every fifth minute m has 10 × floor(m / 60) calls, plus 900 in minute 601. */
  const expected = Array.from({ length: 1440 }, (_, m) => (m === 601 ? 900 : m % 5 === 0 ? 10 * Math.floor(m / 60) : 0));

  test.each(['per-minute.csv', 'per-minute-reordered.csv'])('%s: columns by name, absent minutes are 0', (file) => {
    expect(parsePerMinuteTrace(traces(file), file)).toEqual(expected);
  });

  test('hourly profile is the peak minute of each hour / 60; average over the day', () => {
    const traffic = trafficFromPerMinute(expected);
    const hourly = Array.from({ length: 24 }, (_, h) => (h === 10 ? 900 : 10 * h) / 60);
    expect(traffic.hourlyRps).toEqual(hourly);
    expect(traffic.peakRps).toBe(15);
    expect(traffic.averageRps).toBeCloseTo(expected.reduce((a, b) => a + b, 0) / 86400, 12);
  });

  test('an empty count says the minute has no data (NaN), not zero', () => {
    const perMinute = parsePerMinuteTrace('minute,count\n0,5\n1,\n3,0\n', 't.csv');
    expect(perMinute.slice(0, 4)).toEqual([5, NaN, 0, 0]);
  });

  test('the trace ends at its last row: the minutes after it, to the end of that day, have no data (not zero)', () => {
    const { perMinute, listedMinutes } = readPerMinuteTrace('minute,count\n600,5\n659,0\n', 't.csv');
    expect(perMinute).toHaveLength(1440);
    expect(listedMinutes).toBe(660);
    expect(perMinute.slice(0, 600).every((c) => c === 0)).toBe(true);
    expect(perMinute.slice(658, 661)).toEqual([0, 0, NaN]);
    expect(perMinute.slice(660).every(Number.isNaN)).toBe(true);
    // Listed to 23:59, nothing is unknown.
    expect(parsePerMinuteTrace('minute,count\n600,5\n1439,0\n', 't.csv').some(Number.isNaN)).toBe(false);
  });

  test('a trace over several days covers whole days and takes each hour of day at its busiest day', () => {
    const perMinute = parsePerMinuteTrace('minute,count\n60,6\n1500,120\n2879,0\n', 't.csv');
    expect(perMinute).toHaveLength(2880);
    const traffic = trafficFromPerMinute(perMinute);
    expect(traffic.hourlyRps[1]).toBe(2); // minute 1500 = day 2, 01:00 → 120 / 60
    expect(traffic.averageRps).toBeCloseTo(126 / (2880 * 60), 12);
  });

  test.each([
    ['count,minute,extra\n1,0,2\n', ['t.csv:1: is not a per-minute trace: the header must be minute,count or minute,count,durationMs, got the column "extra" among 3']],
    ['minute\n0\n', ['t.csv:1: is not a per-minute trace: the header must be minute,count or minute,count,durationMs, it lacks count']],
    ['minute,minute,count\n0,0,1\n', ['t.csv:1: is not a per-minute trace: the header must be minute,count or minute,count,durationMs, got 3 columns']],
    ['root:x:0:0:root:/root:/bin/bash:a-very-long-line-of-a-system-file\n', ['t.csv:1: is not a per-minute trace: the header must be minute,count or minute,count,durationMs, got the column "root:x:0:0:root:/root:/bin/bash:a-very-l…"']],
    ['minute,count\n', ['t.csv:1: has a header but no rows; expected one row per minute']],
    ['minute,count\n-1,5\n0.5,1\n44640,1\n', [
      't.csv:2: minute must be an integer from 0 to 44639 (31 days), got "-1"',
      't.csv:3: minute must be an integer from 0 to 44639 (31 days), got "0.5"',
      't.csv:4: minute must be an integer from 0 to 44639 (31 days), got "44640"',
    ]],
    ['minute,count\n3,1\n3,2\n', ['t.csv:3: minute 3 appears twice (also line 2)']],
    ['minute,count\n0,-1\n1,0x10\n', ['t.csv:2: count must be a number >= 0, got "-1"', 't.csv:3: count must be a number >= 0, got "0x10"']],
    ['', ['t.csv: is empty; expected a header row']],
    ['minute,count\r0,5\r1,3\r', ['t.csv:1: its lines end in a carriage return alone (CR, old Mac OS line endings), which is not read as a line end; save it with LF or CRLF line endings']],
  ])('bad per-minute file %j', (text, expected) => {
    expect(problemsOf(() => parsePerMinuteTrace(text, 't.csv'))).toEqual(expected);
  });
});

describe('traffic from the other forms', () => {
  test('peakRps alone: a flat day, average = peak', () => {
    expect(trafficFromPeak(42)).toEqual({ source: 'peakRps', hourlyRps: new Array(24).fill(42), peakRps: 42, averageRps: 42 });
  });

  test('hourlyRps: peak = max, average = mean', () => {
    const hourly = Array.from({ length: 24 }, (_, h) => h);
    expect(trafficFromHourly(hourly)).toEqual({ source: 'hourlyRps', hourlyRps: hourly, peakRps: 23, averageRps: 11.5 });
  });

  test('steps: each hour takes the highest rate in effect during it; the last step runs to midnight', () => {
    // 5 rps, a spike to 50 from 00:59:30 to 01:00:30, then 0 from 02:00 to 23:00, 7 after.
    const t = trafficFromSteps([
      { atSeconds: 0, rps: 5 },
      { atSeconds: 3570, rps: 50 },
      { atSeconds: 3630, rps: 5 },
      { atSeconds: 7200, rps: 0 },
      { atSeconds: 82800, rps: 7 },
    ]);
    expect(t.hourlyRps).toEqual([50, 50, ...new Array(21).fill(0), 7]);
    expect(t.peakRps).toBe(50);
    expect(t.averageRps).toBeCloseTo((5 * 3570 + 50 * 60 + 5 * 3570 + 7 * 3600) / 86400, 12);
    expect(t.steps).toHaveLength(5);
  });

  test('steps: a step ending exactly on the hour does not touch the next hour', () => {
    const t = trafficFromSteps([
      { atSeconds: 0, rps: 9 },
      { atSeconds: 3600, rps: 1 },
    ]);
    expect(t.hourlyRps).toEqual([9, ...new Array(23).fill(1)]);
  });
});
