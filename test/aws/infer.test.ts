import { parse } from 'yaml';
import { durations, hourlyProfile, inferFunction, traceStart, INFERENCE, type Observation, type ObservedFunction } from '../../lib/aws/infer';
import { renderWorkloadYaml } from '../../lib/report/workload-yaml';
import type { DeployedFunction } from '../../lib/aws/deployed';
import type { Series } from '../../lib/aws/metrics';
import { parsePerMinuteTrace, parseWorkload, readPerMinuteTrace } from '../../lib/workload';
import { minuteTraceCsv } from '../../lib/report/minute-traces';
import { planWorkload } from '../../lib/planner';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const start = Date.UTC(2025, 0, 6);
const window = { startMs: start, endMs: start + 3 * DAY, periodSeconds: 3600 };

/** Hourly series over the window: value(hour of day, day index) (null = no datapoint). */
function series(value: (hour: number, day: number) => number | null): Series {
  const timestampsMs: number[] = [];
  const values: number[] = [];
  for (let t = window.startMs; t < window.endMs; t += HOUR) {
    const v = value(new Date(t).getUTCHours(), Math.floor((t - start) / DAY));
    if (v !== null) {
      timestampsMs.push(t);
      values.push(v);
    }
  }
  return { timestampsMs, values };
}

const deployed = (over: Partial<DeployedFunction> = {}): DeployedFunction => ({
  name: 'api',
  arn: 'arn:aws:lambda:us-east-1:123456789012:function:api',
  memoryMb: 1024,
  timeoutSeconds: 10,
  architecture: 'arm64',
  reservedConcurrency: null,
  provisioned: [],
  mappings: [],
  scalableTargets: [],
  ...over,
});

const busy = (hour: number, day: number) => (hour + 1) * 3600 * (day === 1 ? 2 : 1);

describe('hourlyProfile', () => {
  test('takes the busiest day of each hour of day, per second', () => {
    const profile = hourlyProfile(series(busy), 3600);
    expect(profile).toEqual(Array.from({ length: 24 }, (_, h) => (h + 1) * 2));
  });
  test('with 1-minute data, each hour is its peak minute', () => {
    const minutes: Series = { timestampsMs: [0, 1, 2, 61].map((m) => start + m * 60_000), values: [60, 600, 120, 300] };
    const profile = hourlyProfile(minutes, 60);
    expect(profile[0]).toBe(10);
    expect(profile[1]).toBe(5);
  });
  test('hours without datapoints are 0', () => {
    expect(hourlyProfile(series((h) => (h === 5 ? 36 : null)), 3600)).toEqual(Array.from({ length: 24 }, (_, h) => (h === 5 ? 0.01 : 0)));
  });
});

describe('per-minute traces (observe --period 60)', () => {
  const minuteWindow = { startMs: start, endMs: start + DAY, periodSeconds: 60 };
  const minutes: Series = { timestampsMs: [0, 5, 61].map((m) => start + m * 60_000), values: [3, 7, 2] };

  test('lists the minutes with calls from the window start, and the last minute so the trace spans the window', () => {
    expect(minuteTraceCsv(minutes, minuteWindow)).toBe('minute,count\n0,3\n5,7\n61,2\n1439,0\n');
    expect(traceStart(minuteWindow)).toBe('2025-01-06T00:00:00Z');
  });

  test('the workload entry refers to the trace file with its start; the file parses back to the same minutes', () => {
    const hourly = (value: number): Series => ({ timestampsMs: [start], values: [value] });
    const r = inferFunction({ deployed: deployed(), metrics: { invocations: minutes, durationAvg: hourly(100), durationP99: hourly(300) } }, minuteWindow, { traceDir: 'obs-traces' });
    expect(r.entry?.traffic).toEqual({ trace: { file: 'obs-traces/api.csv', format: 'per-minute', start: '2025-01-06T00:00:00Z' } });
    expect(r.trace?.file).toBe('obs-traces/api.csv');
    const perMinute = parsePerMinuteTrace(minuteTraceCsv(r.trace?.series, minuteWindow), 'api.csv');
    expect(perMinute).toHaveLength(1440);
    expect([perMinute[0], perMinute[5], perMinute[61], perMinute[62]]).toEqual([3, 7, 2, 0]);
    // Hourly durations weighted by the minutes' invocations of their hour.
    expect(r.entry?.durationMs).toEqual({ avg: 100, p99: 300 });
  });

  test('with durations, a durationMs column: the minute\'s Duration Average, empty without one (or one no trace may hold)', () => {
    const durations: Series = { timestampsMs: [0, 61, 62].map((m) => start + m * 60_000), values: [120.5, 0, 80] };
    expect(minuteTraceCsv(minutes, minuteWindow, durations)).toBe('minute,count,durationMs\n0,3,120.5\n5,7,\n61,2,\n1439,0,\n');
    const read = readPerMinuteTrace(minuteTraceCsv(minutes, minuteWindow, durations), 'api.csv');
    expect([read.durationMs?.[0], read.durationMs?.[5]]).toEqual([120.5, NaN]);
  });

  test('per-minute averages are weighed by their own minute, an hourly p99 by its whole hour', () => {
    // Hour 0: 60 calls a minute, each minute under the 100 calls of a busy p99 period, the hour well over.
    const perMinute: Series = { timestampsMs: [...Array.from({ length: 60 }, (_, m) => m), 60].map((m) => start + m * 60_000), values: [...new Array<number>(60).fill(60), 10] };
    const avg: Series = { timestampsMs: perMinute.timestampsMs, values: [...Array.from({ length: 60 }, (_, m) => (m === 0 ? 400 : 100)), 1000] };
    const p99: Series = { timestampsMs: [start, start + HOUR], values: [300, 5000] };
    // The quiet hour's p99 (10 calls) is left out; the mean weighs minute 0 by its 60 calls, not its hour's.
    expect(durations(perMinute, avg, p99, 60)).toEqual({ avg: Math.round(((60 * 400 + 59 * 60 * 100 + 10 * 1000) / 3610) * 10) / 10, p99: 300 });
  });

  test('a minute with calls but no Duration Average weighs no other minute\'s average', () => {
    // Minute 1 has 1,000 calls and no average: its calls are not lent to minute 0's 500 ms.
    const perMinute: Series = { timestampsMs: [0, 1, 2].map((m) => start + m * 60_000), values: [10, 1000, 10] };
    const avg: Series = { timestampsMs: [0, 2].map((m) => start + m * 60_000), values: [500, 100] };
    expect(durations(perMinute, avg, undefined, 60)).toEqual({ avg: 300 });
  });

  test('durations weight each hourly average by the invocations of its minutes', () => {
    const perMinute: Series = { timestampsMs: [0, 30, 60, 90].map((m) => start + m * 60_000), values: [10, 10, 1, 1] };
    const avg: Series = { timestampsMs: [start, start + HOUR], values: [100, 400] };
    expect(durations(perMinute, avg, undefined, 3600)).toEqual({ avg: Math.round(((20 * 100 + 2 * 400) / 22) * 10) / 10 });
  });
});

describe('durations', () => {
  test('average is weighted by invocations; p99 ignores quiet hours', () => {
    const inv = series((h) => (h < 12 ? 1000 : 10));
    const avg = series((h) => (h < 12 ? 100 : 1000));
    const p99 = series((h) => (h < 12 ? 300 : 5000));
    const d = durations(inv, avg, p99, 3600)!;
    expect(d.avg).toBeCloseTo((1000 * 100 + 10 * 1000) / 1010, 1);
    expect(d.p99).toBe(300);
    expect(INFERENCE.minInvocationsForP99).toBeGreaterThan(10);
  });
  test('no invocations: nothing to infer', () => {
    expect(durations(undefined, undefined, undefined, 60)).toBeNull();
  });
});

describe('inferFunction', () => {
  const metrics = (extra: Partial<ObservedFunction['metrics']> = {}): ObservedFunction['metrics'] => ({
    invocations: series(busy),
    durationAvg: series(() => 120),
    durationP99: series(() => 600),
    ...extra,
  });

  test('sync by default; latencySensitive when provisioned concurrency is configured', () => {
    const plain = inferFunction({ deployed: deployed(), metrics: metrics() }, window);
    expect(plain.entry).toMatchObject({ invocation: 'sync', latencySensitive: false, durationMs: { avg: 120, p99: 600 }, memoryMb: 1024, timeoutSeconds: 10, architecture: 'arm64' });
    const pc = inferFunction({ deployed: deployed({ provisioned: [{ qualifier: 'live', requested: 4, allocated: 4, status: 'READY' }] }), metrics: metrics() }, window);
    expect(pc.entry?.latencySensitive).toBe(true);
    // CloudWatch's utilization is a fraction with float noise (11/15): the comment says a percent to 0.1.
    const used = inferFunction({ deployed: deployed({ provisioned: [{ qualifier: 'live', requested: 15, allocated: 15, status: 'READY' }] }), metrics: metrics({ provisionedUtilizationMax: series(() => 11 / 15) }) }, window);
    expect(used.notes.join('\n')).toContain('max utilization 73.3%, spillover');
  });

  test('async when AsyncEventsReceived is at least half the invocations', () => {
    const half = series((h, d) => busy(h, d) / 2);
    expect(inferFunction({ deployed: deployed(), metrics: metrics({ asyncEventsReceived: half }) }, window).entry?.invocation).toBe('async');
    const few = series((h, d) => busy(h, d) / 10);
    const r = inferFunction({ deployed: deployed(), metrics: metrics({ asyncEventsReceived: few }) }, window);
    expect(r.entry?.invocation).toBe('sync');
    expect(r.notes.join('\n')).toMatch(/AsyncEventsReceived .* is below 50% of invocations/);
  });

  test('sqs from an enabled SQS mapping: messages/s from the queue, batch settings from the mapping', () => {
    const mapping = { uuid: 'u', eventSourceArn: 'arn:aws:sqs:us-east-1:1:jobs.fifo', source: 'sqs', state: 'Enabled', batchSize: 5, maxBatchingWindowSeconds: 0, maxConcurrency: 10, fifo: true };
    const r = inferFunction({ deployed: deployed({ mappings: [mapping] }), metrics: metrics({ messagesReceived: series(() => 36000) }) }, window);
    expect(r.entry).toMatchObject({ invocation: 'sqs', sqs: { batchSize: 5, maxBatchingWindowSeconds: 0, fifo: true }, traffic: { hourlyRps: new Array(24).fill(10) } });
    const disabled = inferFunction({ deployed: deployed({ mappings: [{ ...mapping, state: 'Disabled' }] }), metrics: metrics() }, window);
    expect(disabled.entry?.invocation).toBe('sync');
  });

  test('without queue metrics, messages are batches x batchSize (stated as an assumption)', () => {
    const mapping = { uuid: 'u', eventSourceArn: 'arn:aws:sqs:us-east-1:1:jobs', source: 'sqs', state: 'Enabled', batchSize: 10, maxBatchingWindowSeconds: 1, maxConcurrency: null, fifo: false };
    const r = inferFunction({ deployed: deployed({ mappings: [mapping] }), metrics: metrics() }, window);
    expect(r.entry?.traffic).toMatchObject({ hourlyRps: expect.arrayContaining([20]) });
    expect((r.entry?.traffic as { hourlyRps: number[] }).hourlyRps[0]).toBe(20);
    expect(r.notes.join('\n')).toMatch(/assumed: no queue metrics/);
  });

  test('a function with no invocations is left out, with the reason', () => {
    const r = inferFunction({ deployed: deployed(), metrics: {} }, window);
    expect(r.entry).toBeNull();
    expect(r.notes[r.notes.length - 1]).toMatch(/^skipped: no invocations between/);
  });
});

describe('the written workload', () => {
  const observation: Observation = {
    region: 'eu-west-1',
    account: { concurrencyLimit: 1000, unreservedConcurrentExecutions: 900 },
    window,
    functions: [
      {
        deployed: deployed({ reservedConcurrency: 100, provisioned: [{ qualifier: 'live', requested: 10, allocated: 10, status: 'READY' }] }),
        metrics: { invocations: series(busy), durationAvg: series(() => 200), durationP99: series(() => 900) },
      },
      {
        deployed: deployed({
          name: 'worker',
          mappings: [{ uuid: 'u', eventSourceArn: 'arn:aws:sqs:eu-west-1:1:jobs', source: 'sqs', state: 'Enabled', batchSize: 10, maxBatchingWindowSeconds: 2, maxConcurrency: 20, fifo: false }],
        }),
        metrics: { invocations: series(() => 3600), durationAvg: series(() => 1500), durationP99: series(() => 4000), messagesReceived: series(() => 7 * 3600) },
      },
      { deployed: deployed({ name: 'idle' }), metrics: {} },
    ],
    failures: [{ name: 'locked', message: 'access denied to lambda:GetFunctionConcurrency' }],
  };
  const rendered = renderWorkloadYaml(observation, new Date(Date.UTC(2025, 0, 9)));

  test('states what was observed and assumed, and lists left-out and failed functions', () => {
    expect(rendered.written).toEqual(['api', 'worker']);
    expect(rendered.skipped.map((s) => s.name)).toEqual(['idle']);
    expect(rendered.yaml).toMatch(/^# Workload observed by cdk-lambda-scaling observe/);
    expect(rendered.yaml).toMatch(/# assumed, not observed: unreservedFloor 100/);
    expect(rendered.yaml).toMatch(/# NOT OBSERVED locked: access denied to lambda:GetFunctionConcurrency/);
    expect(rendered.yaml).toMatch(/#\s+idle: skipped: no invocations/);
    expect(parse(rendered.yaml).functions.map((f: { name: string }) => f.name)).toEqual(['api', 'worker']);
  });

  test('plan accepts it unchanged (parseWorkload, then planWorkload)', () => {
    const workload = parseWorkload(rendered.yaml, 'observed.yaml');
    expect(workload.account).toMatchObject({ region: 'eu-west-1', concurrencyLimit: 1000, unreservedFloor: 100 });
    expect(workload.functions.map((f) => [f.name, f.invocation, f.latencySensitive])).toEqual([
      ['api', 'sync', true],
      ['worker', 'sqs', false],
    ]);
    expect(workload.functions[0].traffic.hourlyRps).toEqual(Array.from({ length: 24 }, (_, h) => (h + 1) * 2));
    const plan = planWorkload(workload);
    expect(plan.functions.map((f) => f.name)).toEqual(['api', 'worker']);
    expect(plan.functions[0].provisioned).not.toBeNull();
    expect(plan.functions[1].sqs?.batchSize).toBe(10);
  });

  test('names a YAML 1.1 reader (PyYAML) would take for a boolean or a number are quoted, and read back as the same strings', () => {
    const names = ['yes', 'Off', '1_000', 'on', 'api'];
    const fns = names.map((name) => ({ deployed: deployed({ name }), metrics: { invocations: series(busy), durationAvg: series(() => 200), durationP99: series(() => 900) } }));
    const yaml = renderWorkloadYaml({ ...observation, functions: fns, failures: [] }, new Date(Date.UTC(2025, 0, 9))).yaml;
    for (const name of names.slice(0, 4)) expect(yaml).toContain(`- name: "${name}"`);
    expect(yaml).toContain('- name: api\n');
    expect(parseWorkload(yaml, 'observed.yaml').functions.map((f) => f.name)).toEqual(names);
  });
});
