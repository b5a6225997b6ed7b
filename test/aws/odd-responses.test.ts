/**
 * observe and audit against valid but unusual AWS answers: the real CLI (in process) against the loopback
 * fake of fake-aws.ts, one server for every case (`FakeAws.use` swaps the account), so each answer goes
 * through the real SDK stack (serialization, retries, paginators). Each case failed before its fix.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { parse } from 'yaml';
import { main } from '../../bin/main';
import { memoryIo } from '../../bin/io';
import { AwsSession } from '../../lib/aws/session';
import { readSeries, windowFor } from '../../lib/aws/metrics';
import { FakeAws, type FakeAccount } from './fake-aws';

let fake: FakeAws;
let dir: string;
const saved = new Map<string, string | undefined>();

beforeAll(async () => {
  fake = new FakeAws({ functions: [] });
  const env = { AWS_ENDPOINT_URL: await fake.start(), AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'AKIAODDRESPONSES0001', AWS_SECRET_ACCESS_KEY: 'odd-responses-secret' };
  for (const [k, v] of Object.entries(env)) {
    saved.set(k, process.env[k]);
    process.env[k] = v;
  }
  dir = mkdtempSync(join(tmpdir(), 'odd-responses-'));
});

afterAll(async () => {
  await fake.stop();
  for (const [k, v] of saved) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

/** Runs the CLI in `dir`. */
async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = memoryIo({ cwd: dir });
  const code = await main(args, io);
  return { code, out: io.out, err: io.err };
}

/** `observe --all` of `account` into `file`, then `plan` of it: both runs. */
async function observeThenPlan(account: FakeAccount, file: string, ...options: string[]) {
  fake.use(account);
  const observed = await cli('observe', '--all', '--days', '4', '-o', file, ...options);
  const planned = await cli('plan', file, '--format', 'json');
  return { observed, planned, workload: parse(readFileSync(join(dir, file), 'utf8')) as { functions: { name: string; durationMs: { avg: number; p99?: number }; traffic: { hourlyRps?: number[] } }[] } };
}

const steady = (rps: number): number[] => new Array<number>(24).fill(rps);

/** A complete plan (v1) of functions of 1024 MB and 10 s, each as `overrides` say. */
function planOf(...functions: Record<string, unknown>[]): Record<string, unknown> {
  const reservedTotal = functions.reduce((sum, f) => sum + (Number(f.reservedConcurrency) || 0), 0);
  return {
    version: 1,
    account: { region: 'us-east-1', concurrencyLimit: 1000, unreservedFloor: 100, scalingModel: 'per-function', reservedTotal, unreservedRemaining: 1000 - reservedTotal, claimedAlarmThreshold: 700 },
    functions: functions.map((overrides) => ({
      invocation: 'sync',
      memoryMb: 1024,
      timeoutSeconds: 10,
      architecture: 'x86_64',
      reservedConcurrency: 0,
      provisioned: null,
      sqs: null,
      offeredLoad: { peak: 1, average: 1, hourly: steady(1) },
      alarms: { throttles: null, concurrency: { threshold: 1 }, spillover: null, provisionedUtilization: null, dlqDepth: null, queueAge: null },
      predicted: { throttleProbability: 0, spilloverProbability: null, monthlyCostUsd: { provisioned: 0, onDemand: 0, requests: 0, total: 0 } },
      rationale: [],
      ...overrides,
    })),
    databases: [],
    findings: [],
    notes: [],
  };
}

describe('durations at or past the timeout', () => {
  test('are written at the timeout, with a note, so plan accepts the workload', async () => {
    // Lambda reports a timed-out invocation a few ms past the timeout (Duration 3003.5 ms at 3 s).
    const { observed, planned, workload } = await observeThenPlan(
      {
        functions: [
          { name: 'times-out', timeoutSeconds: 3, hourlyRps: steady(2), durationMs: { avg: 3003.5, p99: 3010 } },
          { name: 'fifteen-minutes', timeoutSeconds: 900, hourlyRps: steady(0.01), durationMs: { avg: 899000, p99: 900004.2 } },
        ],
      },
      'timeouts.yaml',
    );
    expect(observed).toMatchObject({ code: 0, err: expect.stringMatching(/^observe: us-east-1: 2 function\(s\) read, 2 written to timeouts.yaml;.*\n$/) });
    expect(workload.functions.map((f) => [f.name, f.durationMs])).toEqual([
      ['times-out', { avg: 3000, p99: 3000 }],
      ['fifteen-minutes', { avg: 899000, p99: 900000 }],
    ]);
    expect(readFileSync(join(dir, 'timeouts.yaml'), 'utf8')).toContain('# durationMs: observed avg 3003.5, p99 3010 ms, written as at most the timeout 3000 ms');
    expect(planned).toMatchObject({ code: 0, err: '' });
  });
});

describe('GetMetricData answers out of the usual shape', () => {
  const account = (quirks: FakeAccount['metricQuirks']): FakeAccount => ({ functions: [{ name: 'api', hourlyRps: steady(2), durationMs: { avg: 100, p99: 300 } }], metricQuirks: quirks });

  test('newest first, every datapoint twice, at 5 minutes when an hour was asked: the same workload as a plain answer', async () => {
    const plain = await observeThenPlan(account({}), 'plain.yaml');
    const odd = await observeThenPlan(account({ descending: true, duplicated: true, finerPeriodSeconds: 300 }), 'odd.yaml');
    // Before: hourlyRps 0.1667 (a 5-minute count over an hour) and twice the invocations in the comment.
    expect(plain.workload.functions[0].traffic.hourlyRps).toEqual(steady(2));
    expect(odd.workload.functions).toEqual(plain.workload.functions);
    const observedLine = (file: string) => readFileSync(join(dir, file), 'utf8').match(/# observed: \d+ invocations/)?.[0];
    expect(observedLine('odd.yaml')).toBe(observedLine('plain.yaml'));
  });

  test('a per-minute answer with every datapoint twice still writes one row per minute, which plan reads', async () => {
    // Before: "minute 0 appears twice (also line 2)", plan exit 2.
    const { observed, planned } = await observeThenPlan(account({ duplicated: true }), 'twice.yaml', '--period', '60');
    expect(observed.code).toBe(0);
    expect(planned).toMatchObject({ code: 0, err: '' });
  });
});

describe('GetMetricData queries CloudWatch did not answer', () => {
  const two: FakeAccount['functions'] = [
    { name: 'first', hourlyRps: steady(2) },
    { name: 'second', hourlyRps: steady(3) },
  ];

  test('a query left out of the answer (Messages: MaxMetricsExceeded) is a failure naming it, not a function without invocations', async () => {
    // The last 8 queries of the call (second's series) have no result. Before: "second: skipped: no invocations", exit 0.
    fake.use({ functions: two, metricQuirks: { unanswered: 8 } });
    const r = await cli('observe', '--all', '--days', '4', '-o', 'unanswered.yaml');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^observe: second: CloudWatch could not return Invocations Sum: no result in CloudWatch's answer \(MaxMetricsExceeded: Maximum number of allowed metrics exceeded\);/m);
    expect(r.err).not.toMatch(/second: skipped/);
    expect(parse(readFileSync(join(dir, 'unanswered.yaml'), 'utf8')).functions.map((f: { name: string }) => f.name)).toEqual(['first']);
  });

  test('results that say InternalError are read again: one such answer costs a retry, not the functions', async () => {
    // Before: both functions failed with "CloudWatch could not return Invocations Sum: InternalError", exit 1, no workload.
    const quirks = { internalErrors: 1 };
    fake.use({ functions: two, metricQuirks: quirks });
    const before = fake.count('GetMetricData');
    const r = await cli('observe', '--all', '--days', '4', '-o', 'internal.yaml');
    expect(r).toMatchObject({ code: 0, err: expect.stringMatching(/^observe: us-east-1: 2 function\(s\) read, 2 written to internal.yaml; 16 metric series in 2 GetMetricData call\(s\) \(minimum 1\)\n$/) });
    expect(fake.count('GetMetricData') - before).toBe(2);
  });

  test('InternalError on every read: the function is reported after three reads', async () => {
    fake.use({ functions: two, metricQuirks: { internalErrors: 3 } });
    const r = await cli('observe', '--all', '--days', '4', '-o', 'still-internal.yaml');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^observe: first: CloudWatch could not return Invocations Sum: InternalError after 3 reads: InternalError: An internal error occurred;/m);
  });
});

describe('metrics missing for a function', () => {
  test('invocations without any Duration datapoint: skipped for its durations, not for "no invocations"', async () => {
    fake.use({ functions: [{ name: 'no-durations', hourlyRps: steady(2), metricGaps: ['Duration'] }] });
    const r = await cli('observe', '--all', '--days', '4', '-o', 'no-durations.yaml');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^observe: no-durations: skipped: \d+ invocations but no Duration datapoint in their periods between \S+ and \S+; add it by hand with its durationMs$/m);
  });
});

describe('names the workload cannot hold', () => {
  test('a Lambda@Edge replica (us-east-1.edge) listed by ListFunctions is reported, the others written, and plan reads the file', async () => {
    // Before: written as name: us-east-1.edge; plan exit 2 'functions[1].name must match ^[A-Za-z0-9_-]+$'.
    const { observed, planned, workload } = await observeThenPlan({ functions: [{ name: 'api', hourlyRps: steady(2) }, { name: 'us-east-1.edge', hourlyRps: steady(2) }] }, 'edge.yaml');
    expect(observed.code).toBe(1);
    expect(observed.err).toMatch(/^observe: us-east-1\.edge: "us-east-1\.edge" is not a workload function name .*: not written$/m);
    expect(workload.functions.map((f) => f.name)).toEqual(['api']);
    expect(planned).toMatchObject({ code: 0, err: '' });
  });
});

describe('provisioned concurrency Lambda could not allocate', () => {
  const failed = (status: 'FAILED' | 'IN_PROGRESS'): FakeAccount => ({
    functions: [
      {
        name: 'api',
        memoryMb: 1024,
        timeoutSeconds: 10,
        reserved: 120,
        provisioned: [{ qualifier: 'live', requested: 10, status, ...(status === 'FAILED' ? { statusReason: 'FUNCTION_ERROR_INIT_FAILURE: the function could not initialize' } : {}) }],
        hourlyRps: steady(2),
      },
    ],
    scalableTargets: [{ function: 'api', qualifier: 'live', min: 10, max: 100, targetValue: 0.7 }],
  });
  const plan = planOf({ name: 'api', reservedConcurrency: 120, provisioned: { min: 10, max: 100, targetUtilization: 0.7, statistic: 'Average', hourly: steady(10), schedule: [] } });

  test('audit: a FAILED config is drift with its StatusReason, though its numbers match the plan', async () => {
    writeFileSync(join(dir, 'pc-plan.json'), JSON.stringify(plan));
    fake.use(failed('IN_PROGRESS'));
    // Settling (scheduled scaling sets IN_PROGRESS every day): not drift.
    expect(await cli('audit', '--plan', 'pc-plan.json')).toMatchObject({ code: 0, err: '' });
    fake.use(failed('FAILED'));
    const r = await cli('audit', '--plan', 'pc-plan.json', '--format', 'json');
    // Before: exit 0, "no drift".
    expect(r.code).toBe(1);
    const drift = JSON.parse(r.out).rows.filter((row: { status: string }) => row.status === 'drift');
    expect(drift).toEqual([
      { function: 'api', setting: 'provisioned concurrency status (live)', planned: 'READY', deployed: 'FAILED: FUNCTION_ERROR_INIT_FAILURE: the function could not initialize, 0 of 10 allocated', status: 'drift' },
    ]);
  });

  test('observe: the comment says the config failed and what was allocated', async () => {
    fake.use(failed('FAILED'));
    const r = await cli('observe', '--all', '--days', '4');
    expect(r.out).toContain('# provisioned concurrency live=10 (FAILED: FUNCTION_ERROR_INIT_FAILURE: the function could not initialize, 0 of 10 allocated); auto scaling live 10-100');
  });
});

describe('function ARNs', () => {
  test('an ARN of another region or partition is refused, not read as its namesake in the session\'s region', async () => {
    fake.use({ functions: [{ name: 'api', hourlyRps: steady(2) }] });
    const r = await cli('observe', '--function', 'arn:aws:lambda:eu-west-1:123456789012:function:api', 'arn:aws-cn:lambda:cn-north-1:123456789012:function:api', '-o', 'regions.yaml');
    // Before: exit 0, us-east-1's api written for both.
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^observe: arn:aws:lambda:eu-west-1:123456789012:function:api: is a function of region eu-west-1, and observe reads us-east-1: run observe --region eu-west-1 for it$/m);
    expect(r.err).toMatch(/^observe: arn:aws-cn:lambda:cn-north-1:123456789012:function:api: is a function of region cn-north-1/m);
    expect(r.err).toMatch(/observe: no workload written: no function could be read \(2 failed, above\)/);
    // An ARN of the session's region is read.
    const own = await cli('observe', '--function', 'arn:aws:lambda:us-east-1:123456789012:function:api', '-o', 'own-region.yaml');
    expect(own.code).toBe(0);
  });
});

describe('a denied ListTags', () => {
  test('audit compares what it read: a function found by name is compared but for its plan digest, one to find by tag is an error row', async () => {
    writeFileSync(join(dir, 'two.json'), JSON.stringify(planOf({ name: 'api', reservedConcurrency: 120 }, { name: 'worker' })));
    fake.use({
      functions: [
        { name: 'api', memoryMb: 1024, timeoutSeconds: 10, reserved: 120 },
        { name: 'Shop-WorkerA1B2C3D4-XYZ', memoryMb: 1024, timeoutSeconds: 10, reserved: 0, tags: { 'cdk-lambda-scaling:function': 'worker' } },
      ],
      faults: [{ operation: 'ListTags', kind: 'access-denied', count: 99 }],
    });
    const r = await cli('audit', '--plan', 'two.json', '--format', 'json');
    // Before: exit 2 'audit: access denied to lambda:ListTags', no report (and alone, api's only row was that error).
    expect({ code: r.code, err: r.err }).toEqual({ code: 1, err: '' });
    const rows = JSON.parse(r.out).rows as { function: string; setting: string; deployed: string; status: string }[];
    expect(rows.map((row) => `${row.function} ${row.setting} ${row.status}`)).toEqual([
      'api plan digest (tag cdk-lambda-scaling:plan-digest) error',
      'api memoryMb ok',
      'api timeoutSeconds ok',
      'api reservedConcurrency ok',
      'api provisioned concurrency ok',
      'worker read error',
    ]);
    expect(rows[0].deployed).toMatch(/^access denied to lambda:ListTags: allow it for the caller/);
    expect(rows[5].deployed).toMatch(/^not found by name, and the search by tag cdk-lambda-scaling:function failed: access denied to lambda:ListTags/);
    expect(r.out).not.toContain('AKIAODDRESPONSES0001');
  });
});

describe('Application Auto Scaling denied', () => {
  const account: FakeAccount = {
    functions: [{ name: 'api', memoryMb: 1024, timeoutSeconds: 10, reserved: 120, provisioned: [{ qualifier: 'live', requested: 10 }], hourlyRps: steady(2) }],
    scalableTargets: [{ function: 'api', qualifier: 'live', min: 10, max: 100, targetValue: 0.7 }],
    faults: [{ operation: 'DescribeScalingPolicies', kind: 'access-denied', count: 99 }],
  };

  test('audit compares the Lambda settings; the scaling row is an error naming the action', async () => {
    writeFileSync(join(dir, 'scaled.json'), JSON.stringify(planOf({ name: 'api', reservedConcurrency: 120, provisioned: { min: 10, max: 100, targetUtilization: 0.7, statistic: 'Average', hourly: steady(10), schedule: [] } })));
    fake.use({ ...account, faults: account.faults!.map((f) => ({ ...f })) });
    const r = await cli('audit', '--plan', 'scaled.json', '--format', 'json');
    // Before: exit 2 'audit: access denied to application-autoscaling:DescribeScalingPolicies', no report.
    expect({ code: r.code, err: r.err }).toEqual({ code: 1, err: '' });
    const rows = JSON.parse(r.out).rows as { setting: string; planned: string; deployed: string; status: string }[];
    expect(rows.map((row) => `${row.setting} ${row.status}`)).toEqual(['memoryMb ok', 'timeoutSeconds ok', 'reservedConcurrency ok', 'provisioned concurrency scaling error']);
    expect(rows[3]).toMatchObject({ planned: '10-100', deployed: expect.stringMatching(/^access denied to application-autoscaling:DescribeScalingPolicies: allow it/) });
  });

  test('observe writes the workload, says what it could not read, and exits 1', async () => {
    fake.use({ ...account, faults: account.faults!.map((f) => ({ ...f })) });
    const r = await cli('observe', '--all', '--days', '4', '-o', 'unscaled.yaml');
    // Before: exit 2, no workload.
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^observe: Application Auto Scaling: access denied to application-autoscaling:DescribeScalingPolicies: .*; latencySensitive and the comments know of provisioned concurrency configs only/m);
    const text = readFileSync(join(dir, 'unscaled.yaml'), 'utf8');
    expect(text).toMatch(/^# NOT OBSERVED Application Auto Scaling: access denied/m);
    expect(parse(text).functions).toMatchObject([{ name: 'api', latencySensitive: true }]);
    expect(`${r.out}${r.err}${text}`).not.toContain('AKIAODDRESPONSES0001');
  });
});

describe('progress on long work', () => {
  test('a TTY sees the GetMetricData calls counted as they complete', async () => {
    fake.use({ functions: ['a', 'b', 'c'].map((name) => ({ name, hourlyRps: steady(1) })) });
    const io = memoryIo({ cwd: dir, isTTY: true });
    expect(await main(['observe', '--all', '--days', '14', '--period', '60', '-o', 'long.yaml'], io)).toBe(0);
    // 6 minute series of 20,160 datapoints: 5 fill a call. Before: only "metrics 24/24" once every call was done.
    const calls = Number(io.err.match(/in (\d+) GetMetricData call\(s\)/)?.[1]);
    expect(calls).toBe(2);
    expect(io.err).toContain(`\robserve: metric calls ${calls}/${calls}\x1b[K`);
  });

  test('readSeries says each packed call as it completes', async () => {
    fake.use({ functions: [{ name: 'a', hourlyRps: steady(1) }] });
    const window = windowFor(Date.UTC(2026, 0, 15), 1, 3600);
    const requests = ['x', 'y', 'z'].map((id) => ({ id, namespace: 'AWS/Lambda', metricName: 'Invocations', stat: 'Sum', periodSeconds: 3600, dimensions: [{ name: 'FunctionName', value: 'a' }] }));
    const seen: string[] = [];
    // One query a call (24 datapoints each, 24 allowed): three calls.
    await readSeries(AwsSession.create({ region: 'us-east-1' }), requests, window, { concurrency: 1, limits: { maxQueries: 500, maxDatapoints: 24 }, onProgress: (d, t) => seen.push(`${d}/${t}`) });
    expect(seen).toEqual(['0/3', '1/3', '2/3', '3/3']);
  });
});

describe('ListFunctions pages that overlap', () => {
  test('a function listed on two pages is one function: audit finds it by its plan tag', async () => {
    writeFileSync(join(dir, 'tagged.json'), JSON.stringify(planOf({ name: 'api' })));
    const deployed = { name: 'Shop-ApiF70053CD-X1', memoryMb: 1024, timeoutSeconds: 10, reserved: 0, tags: { 'cdk-lambda-scaling:function': 'api' } };
    fake.use({ functions: [deployed, { name: 'other', memoryMb: 1024, timeoutSeconds: 10 }, deployed], pageSize: { lambda: 2 } });
    const r = await cli('audit', '--plan', 'tagged.json');
    // Before: exit 1, 'read: 2 functions match tag cdk-lambda-scaling:function=api (Shop-ApiF70053CD-X1, Shop-ApiF70053CD-X1): give --stack to choose one'.
    expect(r.out).toMatch(/^found api: Shop-ApiF70053CD-X1 \(by tag cdk-lambda-scaling:function=api\)\nno drift: /);
    expect(r.code).toBe(0);
  });

  test('a scalable target, its policy and actions, and a PC config each listed twice are one of each: no drift', async () => {
    const target = { function: 'api', qualifier: 'live', min: 10, max: 100, targetValue: 0.7, scheduledActions: [{ name: 'h08', schedule: 'cron(0 8 * * ? *)', timezone: 'UTC', min: 60, max: 100 }] };
    const config = { qualifier: 'live', requested: 10 };
    fake.use({ functions: [{ name: 'api', memoryMb: 1024, timeoutSeconds: 10, reserved: 120, provisioned: [config, config] }], scalableTargets: [target, target], pageSize: { autoscaling: 1, lambda: 1 } });
    const schedule = [{ name: 'h08', cron: 'cron(0 8 * * ? *)', timezone: 'UTC', min: 60, max: 100 }];
    writeFileSync(join(dir, 'twice.json'), JSON.stringify(planOf({ name: 'api', reservedConcurrency: 120, provisioned: { min: 10, max: 100, targetUtilization: 0.7, statistic: 'Average', hourly: steady(10), schedule } })));
    const r = await cli('audit', '--plan', 'twice.json');
    // Before: exit 1, 'provisioned concurrency qualifiers: 1 (max 100) -> 2: live 10-100, live 10-100 (max 200 in all)' and each row twice.
    expect(r.out).toMatch(/^no drift: \d+ settings of 1 function\(s\) in us-east-1 match twice.json/);
    expect(r.code).toBe(0);
  });
});
