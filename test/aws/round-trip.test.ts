/**
 * observe → plan round trip: `observe --period 60 -o` (the real CLI, in process, with the SDK clients
 * mocked by aws-sdk-client-mock) writes a workload and per-minute traces with a `durationMs` column; the
 * real loader reads them back unedited, and the plan's traffic and durations are the observed ones. With
 * the workload's `durationMs` removed, the trace's column alone gives the durations.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { mockClient } from 'aws-sdk-client-mock';
import * as lambdaSdk from '@aws-sdk/client-lambda';
import * as aas from '@aws-sdk/client-application-auto-scaling';
import { CloudWatchClient, GetMetricDataCommand, type MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import { parse, stringify } from 'yaml';
import { main } from '../../bin/main';
import { memoryIo } from '../../bin/io';
import { planWorkload } from '../../lib/planner';
import { loadWorkload } from '../../lib/workload';
import { fakeCredentials } from '../support/credentials';

const MINUTE = 60_000;
/** The account's history, by absolute minute (ms since epoch / 60,000): null = no datapoint. */
const calls = (m: number): number | null => (m % 97 === 0 ? null : 20 + ((m * 7) % 50));
/** Duration Average of a minute: varies minute to minute; some minutes with calls have no datapoint. */
const meanMs = (m: number): number | null => (calls(m) === null || m % 89 === 0 ? null : 100 + (m % 13) * 10 + 0.25);
/** Duration p99 of an hour. */
const hourP99 = (h: number): number => 500 + (h % 5) * 100;

/** Sums `value` over the minutes of a period (null when none has a datapoint). */
function overPeriod(t: number, periodSeconds: number, value: (m: number) => number | null): number | null {
  const values = Array.from({ length: periodSeconds / 60 }, (_, i) => value(t / MINUTE + i)).filter((v): v is number => v !== null);
  return values.length === 0 ? null : values.reduce((a, b) => a + b, 0);
}

/** CloudWatch's answer for one query at its own period. */
function datapoint(query: MetricDataQuery, t: number): number | null {
  const stat = query.MetricStat!;
  const key = `${stat.Metric!.MetricName} ${stat.Stat}`;
  const period = stat.Period!;
  if (key === 'Invocations Sum') return overPeriod(t, period, calls);
  if (key === 'Duration Average') {
    const weighted = overPeriod(t, period, (m) => (meanMs(m) === null ? null : (meanMs(m) as number) * (calls(m) as number)));
    const weight = overPeriod(t, period, (m) => (meanMs(m) === null ? null : calls(m)));
    return weighted === null || weight === null ? null : weighted / weight;
  }
  if (key === 'Duration p99') return hourP99(Math.floor(t / 3_600_000));
  return null;
}

let dir: string;
let restoreCredentials: () => void;
const lambda = mockClient(lambdaSdk.LambdaClient);
const autoscaling = mockClient(aas.ApplicationAutoScalingClient);
const cloudwatch = mockClient(CloudWatchClient);
/** Periods of the queries observe made. */
const periods = new Map<string, number>();

beforeAll(async () => {
  restoreCredentials = fakeCredentials('AKIAROUNDTRIPTEST000', 'round-trip-secret');
  lambda.onAnyCommand().resolves({});
  lambda.on(lambdaSdk.GetAccountSettingsCommand).resolves({ AccountLimit: { ConcurrentExecutions: 1000, UnreservedConcurrentExecutions: 1000 } });
  lambda.on(lambdaSdk.GetFunctionConfigurationCommand).callsFake((i: { FunctionName: string }) => ({
    FunctionName: i.FunctionName,
    FunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${i.FunctionName}`,
    MemorySize: 512,
    Timeout: 10,
    Architectures: ['arm64'],
  }));
  autoscaling.onAnyCommand().resolves({});
  cloudwatch.on(GetMetricDataCommand).callsFake((input: { MetricDataQueries: MetricDataQuery[]; StartTime: Date; EndTime: Date }) => ({
    MetricDataResults: input.MetricDataQueries.map((q) => {
      periods.set(`${q.MetricStat!.Metric!.MetricName} ${q.MetricStat!.Stat}`, q.MetricStat!.Period!);
      const ts: Date[] = [];
      const vs: number[] = [];
      for (let t = input.StartTime.getTime(); t < input.EndTime.getTime(); t += q.MetricStat!.Period! * 1000) {
        const v = datapoint(q, t);
        if (v !== null) {
          ts.push(new Date(t));
          vs.push(v);
        }
      }
      return { Id: q.Id, Timestamps: ts, Values: vs, StatusCode: 'Complete' };
    }),
  }));
  dir = mkdtempSync(join(tmpdir(), 'round-trip-'));
  const io = memoryIo({ cwd: dir });
  const code = await main(['observe', '--function', 'api', '--period', '60', '--days', '2', '--region', 'us-east-1', '-o', 'observed.yaml'], io);
  expect({ code, err: io.err }).toEqual({ code: 0, err: expect.stringMatching(/1 per-minute trace\(s\) in observed-traces\n$/) });
});

afterAll(() => {
  restoreCredentials();
  lambda.restore();
  autoscaling.restore();
  cloudwatch.restore();
  rmSync(dir, { recursive: true, force: true });
});

/** The written workload's first minute (its trace.start), as an absolute minute. */
const firstMinute = (): number => Date.parse(parse(readFileSync(join(dir, 'observed.yaml'), 'utf8')).functions[0].traffic.trace.start) / MINUTE;
const WINDOW_MINUTES = 2 * 1440;

/** The observed minutes with calls and a mean duration: what the durations come from. */
function observedMinutes(): Array<{ count: number; ms: number }> {
  const start = firstMinute();
  return Array.from({ length: WINDOW_MINUTES }, (_, i) => ({ count: calls(start + i) ?? 0, ms: meanMs(start + i) })).flatMap((x) => (x.ms === null ? [] : [{ count: x.count, ms: x.ms }]));
}

/** The written workload without its durationMs (so the trace's column gives them), as trace-only.yaml. */
function writeTraceOnly(): string {
  const doc = parse(readFileSync(join(dir, 'observed.yaml'), 'utf8'));
  delete doc.functions[0].durationMs;
  writeFileSync(join(dir, 'trace-only.yaml'), stringify(doc));
  return 'trace-only.yaml';
}

describe('observe --period 60 -o, then plan, with no edits', () => {
  test('the durations are read per minute with the counts; the p99 and the rest hourly', () => {
    expect(periods.get('Invocations Sum')).toBe(60);
    expect(periods.get('Duration Average')).toBe(60);
    expect(periods.get('Duration p99')).toBe(3600);
    expect(periods.get('ConcurrentExecutions Maximum')).toBe(3600);
  });

  test('the trace has the durationMs column: each minute its Duration Average, empty where CloudWatch had none', () => {
    const lines = readFileSync(join(dir, 'observed-traces', 'api.csv'), 'utf8').trim().split('\n');
    expect(lines[0]).toBe('minute,count,durationMs');
    const start = firstMinute();
    const rows = lines.slice(1).map((l) => l.split(','));
    const listed = new Map(rows.map(([m, c, d]) => [Number(m), { c, d }]));
    let empty = 0;
    for (let i = 0; i < WINDOW_MINUTES; i++) {
      const count = calls(start + i);
      const ms = meanMs(start + i);
      if (count === null) {
        // Unlisted (no calls), or the closing row of the window.
        expect(listed.get(i) ?? { c: '0', d: '' }).toEqual({ c: '0', d: '' });
        continue;
      }
      if (ms === null) empty++;
      expect({ i, ...listed.get(i) }).toEqual({ i, c: String(count), d: ms === null ? '' : String(ms) });
    }
    expect(empty).toBeGreaterThan(0);
  });

  test('the loaded workload has the observed counts, minute by minute, and the observed durations', () => {
    const workload = loadWorkload('observed.yaml', { cwd: dir });
    const api = workload.functions[0];
    const start = firstMinute();
    // Laid onto UTC days: minute i of the trace is minute (start's minute of the day) + i.
    const offset = start % 1440;
    expect(Array.from({ length: WINDOW_MINUTES }, (_, i) => api.traffic.perMinute?.[offset + i])).toEqual(Array.from({ length: WINDOW_MINUTES }, (_, i) => calls(start + i) ?? 0));
    const minutes = observedMinutes();
    const avg = minutes.reduce((a, x) => a + x.ms * x.count, 0) / minutes.reduce((a, x) => a + x.count, 0);
    // observe writes the invocation-weighted mean to 0.1 ms. Nearest, not bit-equal to this sum: the
    // window follows the clock, and a mean that falls on x.x5 rounds either way with the order of the sum.
    expect(Math.round(api.durationMs.avg * 10)).toBeCloseTo(api.durationMs.avg * 10, 9);
    expect(Math.abs(api.durationMs.avg - avg)).toBeLessThanOrEqual(0.05 + 1e-9);
    const hours = Array.from({ length: WINDOW_MINUTES / 60 }, (_, h) => Math.floor(start / 60) + h);
    expect(api.durationMs.p99).toBe(Math.max(...hours.map(hourP99)));
    const plan = planWorkload(workload);
    expect(plan.functions.map((f) => f.name)).toEqual(['api']);
    expect(plan.functions[0].rationale.join('\n')).toContain(` x ${api.durationMs.avg} ms`);
  });

  test('without the workload\'s durationMs, the trace alone gives them: the observed mean, and the 99th percentile of the minute means', () => {
    const api = loadWorkload(writeTraceOnly(), { cwd: dir }).functions[0];
    const minutes = observedMinutes();
    const total = minutes.reduce((a, x) => a + x.count, 0);
    expect(api.durationMs.avg).toBeCloseTo(minutes.reduce((a, x) => a + x.ms * x.count, 0) / total, 9);
    // By brute force: every call of every minute in order of its minute's mean.
    const each = minutes.flatMap((x) => new Array<number>(x.count).fill(x.ms)).sort((a, b) => a - b);
    expect(api.durationMs.p99).toBe(each[Math.ceil((99 * total) / 100) - 1]);
  });

  test('plan reads the written files as they are (exit 0)', async () => {
    const io = memoryIo({ cwd: dir });
    expect(await main(['plan', 'observed.yaml', '--format', 'json'], io)).toBe(0);
    expect(JSON.parse(io.out).functions.map((f: { name: string }) => f.name)).toEqual(['api']);
    const traceOnly = memoryIo({ cwd: dir });
    expect(await main(['plan', writeTraceOnly(), '--format', 'json'], traceOnly)).toBe(0);
  });
});
