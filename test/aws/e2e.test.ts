/**
 * End to end: the real CLI (bin/cli.ts in a child process) against the fake AWS on 127.0.0.1, reached
 * through AWS_ENDPOINT_URL with dummy credentials, so serialization, signing, retries and pagination
 * all run through the real SDK stack.
 */
import { spawn } from 'child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { pathToFileURL } from 'url';
import { FakeAws, type FakeAccount, type FakeFault } from './fake-aws';
import { IAM_ACTIONS } from '../../lib/aws/iam';
import { loadWorkload, parseWorkload } from '../../lib/workload';

const root = join(__dirname, '..', '..');
/** tsx's loader by absolute URL, so the CLI runs from any working directory. */
const TSX = pathToFileURL(join(root, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
const ACCESS_KEY_ID = 'AKIAE2ETESTKEY000001';
const SECRET = 'e2e/Secret+Value/DoNotPrint0123456789abcdef';
const SESSION_TOKEN = 'e2eSessionTokenValueThatMustNeverBePrinted';
const SECRETS = [ACCESS_KEY_ID, SECRET, SESSION_TOKEN];

interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function runCli(args: readonly string[], endpoint: string, cwd: string, overrides: Record<string, string | undefined> = {}): Promise<CliRun> {
  const env: Record<string, string | undefined> = {
    PATH: process.env.PATH,
    HOME: cwd,
    AWS_ENDPOINT_URL: endpoint,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: ACCESS_KEY_ID,
    AWS_SECRET_ACCESS_KEY: SECRET,
    AWS_SESSION_TOKEN: SESSION_TOKEN,
    AWS_CONFIG_FILE: join(cwd, 'no-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(cwd, 'no-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    CDK_LAMBDA_SCALING_DEBUG: '1',
    ...overrides,
  };
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', TSX, join(root, 'bin', 'cli.ts'), ...args], { cwd, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function expectNoSecrets(...texts: string[]): void {
  for (const text of texts) for (const secret of SECRETS) expect(text).not.toContain(secret);
}

const diurnal = Array.from({ length: 24 }, (_, h) => (h >= 8 && h < 20 ? 40 + h : 5));

function account(faults: FakeFault[]): FakeAccount {
  const filler = Array.from({ length: 5 }, (_, i) => ({ name: `batch-${i}`, memoryMb: 256, hourlyRps: new Array(24).fill(0.5), durationMs: { avg: 50, p99: 90 } }));
  return {
    concurrencyLimit: 1000,
    functions: [
      {
        name: 'api',
        memoryMb: 1024,
        timeoutSeconds: 10,
        architecture: 'arm64',
        reserved: 120,
        provisioned: [{ qualifier: 'live', requested: 10 }],
        hourlyRps: diurnal,
        durationMs: { avg: 200, p99: 900 },
        tags: { team: 'shop' },
      },
      {
        name: 'worker',
        memoryMb: 512,
        timeoutSeconds: 30,
        mappings: [{ queueName: 'jobs', batchSize: 10, maxBatchingWindowSeconds: 2, maxConcurrency: 20 }],
        hourlyRps: new Array(24).fill(2),
        messagesPerBatch: 6,
        durationMs: { avg: 1500, p99: 4000 },
      },
      { name: 'notify', hourlyRps: new Array(24).fill(3), asyncFraction: 1, durationMs: { avg: 80, p99: 200 } },
      { name: 'orders', hourlyRps: new Array(24).fill(1), durationMs: { avg: 100, p99: 300 } },
      { name: 'idle' },
      ...filler,
    ],
    scalableTargets: [
      {
        function: 'api',
        qualifier: 'live',
        min: 10,
        max: 100,
        targetValue: 0.7,
        scheduledActions: [
          { name: 'day', schedule: 'cron(0 8 * * ? *)', timezone: 'UTC', min: 60, max: 100 },
          { name: 'night', schedule: 'cron(0 20 * * ? *)', timezone: 'UTC', min: 10, max: 100 },
        ],
      },
    ],
    faults,
    // Smaller pages than AWS's, so every paginator runs more than one page.
    pageSize: { lambda: 2, autoscaling: 1, metricDatapoints: 5000 },
  };
}

describe('observe end to end (CLI process → loopback fake AWS)', () => {
  let fake: FakeAws;
  let endpoint: string;
  let dir: string;
  let run: CliRun;

  beforeAll(async () => {
    fake = new FakeAws(
      account([
        { operation: 'GetMetricData', kind: 'throttle', count: 1 },
        { operation: 'GetMetricData', kind: 'server-error', count: 1 },
        { operation: 'ListFunctions', kind: 'server-error', count: 1 },
        { operation: 'DescribeScalableTargets', kind: 'throttle', count: 1 },
        { operation: 'ListEventSourceMappings', function: 'worker', kind: 'throttle', count: 1 },
        { operation: 'GetFunctionConcurrency', function: 'orders', kind: 'access-denied', count: 99 },
      ]),
    );
    endpoint = await fake.start();
    dir = mkdtempSync(join(tmpdir(), 'observe-e2e-'));
    run = await runCli(['observe', '--all', '--days', '14', '--out', 'workload.yaml', '--verbose'], endpoint, dir);
  });
  afterAll(() => fake.stop());

  test('exits 1 because one function could not be read, and names the missing IAM action', () => {
    expect(run.stderr).toMatch(/observe: orders: access denied to lambda:GetFunctionConcurrency/);
    expect(run.code).toBe(1);
  });

  test('throttling and 500s were retried by the SDK and survived', () => {
    for (const [operation, status] of [
      ['GetMetricData', 400],
      ['GetMetricData', 500],
      ['ListFunctions', 500],
      ['DescribeScalableTargets', 400],
      ['ListEventSourceMappings', 429],
    ] as const) {
      expect(fake.count(operation, status)).toBe(1);
    }
    expect(run.stderr).toMatch(/aws ListFunctions ok status=200 attempts=2/);
    expect(run.stderr).toMatch(/aws DescribeScalableTargets ok status=200 attempts=2/);
  });

  test('every paginator followed its tokens', () => {
    // 10 functions at 2 per page; 2 scheduled actions at 1 per page.
    expect(fake.count('ListFunctions', 200)).toBe(5);
    expect(fake.count('DescribeScheduledActions', 200)).toBe(2);
    const metricCalls = fake.requests.filter((r) => r.operation === 'GetMetricData' && r.status === 200);
    // One packed call's datapoints (9 readable functions x 8 series + 1 queue = 73 series) span many 5,000-datapoint pages.
    expect(metricCalls.length).toBeGreaterThan(1);
    expect(metricCalls[0].queries).toBe(73);
  });

  test('writes a workload that plan accepts, with the observed profile and invocation types', () => {
    const text = readFileSync(join(dir, 'workload.yaml'), 'utf8');
    const workload = parseWorkload(text, 'workload.yaml');
    const byName = new Map(workload.functions.map((f) => [f.name, f]));
    expect([...byName.keys()].sort()).toEqual(['api', 'batch-0', 'batch-1', 'batch-2', 'batch-3', 'batch-4', 'notify', 'worker']);
    expect(byName.get('api')).toMatchObject({ invocation: 'sync', memoryMb: 1024, timeoutSeconds: 10, architecture: 'arm64', latencySensitive: true, durationMs: { avg: 200, p99: 900 } });
    expect(byName.get('api')!.traffic.hourlyRps).toEqual(diurnal);
    expect(byName.get('worker')).toMatchObject({ invocation: 'sqs', sqs: { batchSize: 10, maxBatchingWindowSeconds: 2, fifo: false } });
    expect(byName.get('worker')!.traffic.hourlyRps).toEqual(new Array(24).fill(12));
    expect(byName.get('notify')!.invocation).toBe('async');
    expect(text).toMatch(/# NOT OBSERVED orders: access denied to lambda:GetFunctionConcurrency/);
    expect(text).toMatch(/#\s+idle: skipped: no invocations/);
    expect(run.stderr).toMatch(/observe: idle: skipped: no invocations/);
  });

  test('sends only actions the IAM policy allows', () => {
    const allowed = new Set(Object.keys(IAM_ACTIONS).map((c) => c.replace(/Command$/, '')));
    for (const r of fake.requests) expect(allowed).toContain(r.operation);
  });

  test('never prints credentials, even when AWS echoes the access key in an error (--verbose, debug on)', () => {
    expect(fake.requests.some((r) => r.status === 403)).toBe(true);
    expectNoSecrets(run.stdout, run.stderr, readFileSync(join(dir, 'workload.yaml'), 'utf8'));
    expect(run.stderr).not.toContain('\r');
  });
});

describe('failures and audit end to end', () => {
  let fake: FakeAws;
  let endpoint: string;
  let dir: string;
  const faults: FakeFault[] = [];

  beforeAll(async () => {
    fake = new FakeAws(account(faults));
    endpoint = await fake.start();
    dir = mkdtempSync(join(tmpdir(), 'audit-e2e-'));
  });
  afterAll(() => fake.stop());

  test('observe: a denied account-level read exits 2 naming the action, without the key AWS echoed', async () => {
    faults.push({ operation: 'GetAccountSettings', kind: 'access-denied', count: 1 });
    const r = await runCli(['observe', '--function', 'api'], endpoint, dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^observe: access denied to lambda:GetAccountSettings/m);
    expect(r.stderr).toContain('(key ***)');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expectNoSecrets(r.stdout, r.stderr);
  });

  test('observe --profile: credentials resolved from the profile are redacted too', async () => {
    const profileKey = 'profile-key-id-not-shaped-like-AKIA';
    const profileSecret = 'profile-secret-value-0123456789';
    writeFileSync(join(dir, 'config'), `[profile ci]\nregion = us-east-1\naws_access_key_id = ${profileKey}\naws_secret_access_key = ${profileSecret}\n`);
    faults.push({ operation: 'GetFunctionConcurrency', function: 'api', kind: 'access-denied', count: 1 });
    const r = await runCli(['observe', '--function', 'api', '--profile', 'ci', '--verbose'], endpoint, dir, {
      AWS_CONFIG_FILE: join(dir, 'config'),
      AWS_ACCESS_KEY_ID: undefined,
      AWS_SECRET_ACCESS_KEY: undefined,
      AWS_SESSION_TOKEN: undefined,
      AWS_REGION: undefined,
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/api: access denied to lambda:GetFunctionConcurrency: .*\(key \*\*\*\)/);
    for (const text of [r.stdout, r.stderr]) {
      expect(text).not.toContain(profileKey);
      expect(text).not.toContain(profileSecret);
    }
  });

  test('observe with the emulators\' credentials (testing/testing): a function load-testing keeps its name, the echoed key is still redacted', async () => {
    // Before, every occurrence of the secret was replaced, so the workload named the function load-***.
    const own = new FakeAws({
      functions: [
        { name: 'load-testing', hourlyRps: new Array(24).fill(1), durationMs: { avg: 100, p99: 300 } },
        { name: 'testing-denied', hourlyRps: new Array(24).fill(1), durationMs: { avg: 100, p99: 300 } },
      ],
      faults: [{ operation: 'GetFunctionConcurrency', function: 'testing-denied', kind: 'access-denied', count: 1 }],
    });
    const ownEndpoint = await own.start();
    try {
      const r = await runCli(['observe', '--all', '--days', '4', '-o', 'testing.yaml'], ownEndpoint, dir, { AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', AWS_SESSION_TOKEN: undefined });
      expect(r.code).toBe(1);
      expect(loadWorkload('testing.yaml', { cwd: dir }).functions.map((f) => f.name)).toEqual(['load-testing']);
      expect(r.stderr).toMatch(/observe: us-east-1: 1 function\(s\) read, 1 written to testing.yaml/);
      expect(r.stderr).toMatch(/observe: testing-denied: access denied to lambda:GetFunctionConcurrency: .*\(key \*\*\*\)/);
      expect(`${r.stdout}${r.stderr}${readFileSync(join(dir, 'testing.yaml'), 'utf8')}`).not.toMatch(/(?<![A-Za-z0-9_-])testing(?![A-Za-z0-9_.-])/);
    } finally {
      await own.stop();
    }
  });

  test('observe --period 60: a missing function is reported and the others are written', async () => {
    // 4 days always include the fake's busiest day (every 4th day) for every hour of day.
    const r = await runCli(['observe', '--function', 'batch-0', 'ghost', '--days', '4', '--period', '60', '--out', 'minutes.yaml'], endpoint, dir);
    expect(r.stderr).toMatch(/observe: ghost: function not found in this region/);
    expect(r.code).toBe(1);
    const workload = loadWorkload('minutes.yaml', { cwd: dir });
    expect(workload.functions.map((f) => [f.name, f.traffic.hourlyRps[3]])).toEqual([['batch-0', 0.5]]);
  });

  test('observe --period 60 --days 14 writes per-minute traces with a start beside the workload, and plan accepts them', async () => {
    const r = await runCli(['observe', '--function', 'api', 'worker', '--days', '14', '--period', '60', '--out', 'history/week.yaml'], endpoint, dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/2 per-minute trace\(s\) in history\/week-traces/);
    const text = readFileSync(join(dir, 'history', 'week.yaml'), 'utf8');
    expect(text).toMatch(/traffic: \{trace: \{file: week-traces\/api\.csv, format: per-minute, start: "\d{4}-\d\d-\d\dT\d\d:00:00Z"\}\}/);
    const csv = readFileSync(join(dir, 'history', 'week-traces', 'api.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('minute,count,durationMs');
    // Every minute with calls has the fake's Duration Average (200 ms for api); the closing row has none.
    expect(csv.slice(1, -1).every((line) => /^\d+,\d+,200$/.test(line))).toBe(true);
    expect(csv[csv.length - 1]).toMatch(/^20159,\d+,(200)?$/);
    const workload = loadWorkload('history/week.yaml', { cwd: dir });
    const api = workload.functions.find((f) => f.name === 'api');
    // 14 days from a whole hour: on UTC days, 15 of them, the hours before the start and after the end unknown.
    // The start as written (quoted: YAML 1.1 would read it as a timestamp); the window follows the clock.
    const startHour = new Date(Date.parse(text.match(/start: "([^"]+)"\}/)?.[1] ?? '')).getUTCHours();
    expect(startHour).toBeGreaterThanOrEqual(0);
    expect(api?.traffic.perMinute).toHaveLength((startHour === 0 ? 14 : 15) * 1440);
    expect(api?.traffic.unknownHours ?? []).toHaveLength(startHour === 0 ? 0 : 24);
    expect(api?.traffic.startDate).toMatch(/^\d{4}-\d\d-\d\d$/);
    // The busiest minute of hour 12 on the busiest day: the fake's 52 rps x 60 s.
    expect(api?.traffic.hourlyRps[12]).toBe(52);
    const planned = await runCli(['plan', 'history/week.yaml'], endpoint, dir);
    expect(planned.code).toBe(0);
    expect(planned.stdout).toMatch(/api/);
  });

  test('observe --period 60 without --out is a usage error (the traces need a folder)', async () => {
    const r = await runCli(['observe', '--function', 'api', '--period', '60'], endpoint, dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--period 60 writes per-minute trace files beside the workload; give --out FILE/);
  });

  test('observe: no workload file when no function had invocations', async () => {
    const r = await runCli(['observe', '--function', 'idle', '--out', 'idle.yaml'], endpoint, dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/observe: idle: skipped: no invocations .*\nobserve: no workload written: no function had invocations to plan from\n$/);
    expect(existsSync(join(dir, 'idle.yaml'))).toBe(false);
  });

  /** The fields of a function plan that audit reads but does not compare (a complete plan v1 has them). */
  const notCompared = {
    architecture: 'arm64',
    offeredLoad: { peak: 1, average: 1, hourly: new Array(24).fill(1) },
    alarms: { throttles: null, concurrency: { threshold: 1 }, spillover: null, provisionedUtilization: null, dlqDepth: null, queueAge: null },
    predicted: { throttleProbability: 0, spilloverProbability: null, monthlyCostUsd: { provisioned: 0, onDemand: 0, requests: 0, total: 0 } },
    rationale: [],
  };
  const planFor = (reserved: number, maxConcurrency: number) => ({
    version: 1,
    account: { region: 'us-east-1', concurrencyLimit: 1000, unreservedFloor: 100, scalingModel: 'per-function', reservedTotal: reserved, unreservedRemaining: 1000 - reserved, claimedAlarmThreshold: 700 },
    functions: [
      {
        name: 'api',
        invocation: 'sync',
        memoryMb: 1024,
        timeoutSeconds: 10,
        reservedConcurrency: reserved,
        provisioned: {
          min: 10,
          max: 100,
          targetUtilization: 0.7,
          statistic: 'Average',
          hourly: new Array(24).fill(10),
          schedule: [
            { name: 'h08', cron: 'cron(0 8 * * ? *)', timezone: 'UTC', min: 60, max: 100 },
            { name: 'h20', cron: 'cron(0 20 * * ? *)', timezone: 'UTC', min: 10, max: 100 },
          ],
        },
        sqs: null,
        ...notCompared,
      },
      {
        name: 'worker',
        invocation: 'sqs',
        memoryMb: 512,
        timeoutSeconds: 30,
        reservedConcurrency: 0,
        provisioned: null,
        sqs: { batchSize: 10, maxBatchingWindowSeconds: 2, maxConcurrency, visibilityTimeoutSeconds: 182, maxReceiveCount: 5, dlqRetentionDays: 14, fifo: false, maxQueueAgeSeconds: 60, peakBatchesPerSecond: 1, queueAgeExceedProbability: 0 },
        ...notCompared,
      },
    ],
    databases: [],
    findings: [],
    notes: [],
  });

  test('audit: exit 0 when deployed matches the plan', async () => {
    const plan = planFor(120, 20);
    (plan.functions[1] as { reservedConcurrency: number | null }).reservedConcurrency = null as unknown as number;
    writeFileSync(join(dir, 'match.json'), JSON.stringify({ ...plan, functions: [plan.functions[0]] }));
    const r = await runCli(['audit', '--plan', 'match.json'], endpoint, dir);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^no drift: \d+ settings of 1 function\(s\) in us-east-1 match match.json/);
    expect(r.code).toBe(0);
  });

  test('audit: exit 1 on drift, with a table and --format json', async () => {
    writeFileSync(join(dir, 'drift.json'), JSON.stringify(planFor(150, 25)));
    const text = await runCli(['audit', '--plan', 'drift.json'], endpoint, dir);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/│ api\s+│ reservedConcurrency\s+│ 150\s+│ 120\s+│ drift/);
    const json = await runCli(['audit', '--plan', 'drift.json', '--format', 'json'], endpoint, dir);
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout);
    expect(report.rows.filter((r: { status: string }) => r.status === 'drift').map((r: { function: string; setting: string }) => `${r.function} ${r.setting}`)).toEqual([
      'api reservedConcurrency',
      'worker reservedConcurrency',
      'worker mapping maxConcurrency',
    ]);
    expectNoSecrets(text.stdout, text.stderr, json.stdout, json.stderr);
    // -o drift.json: the same JSON, in the file instead of stdout
    const file = await runCli(['audit', '--plan', 'drift.json', '-o', 'drift-report.json'], endpoint, dir);
    expect({ code: file.code, stdout: file.stdout }).toEqual({ code: 1, stdout: '' });
    expect(readFileSync(join(dir, 'drift-report.json'), 'utf8')).toBe(json.stdout);
  });

  test('audit: a bad plan exits 2 with a path-qualified message and no AWS call', async () => {
    const before = fake.requests.length;
    const plan = planFor(120, 20);
    (plan.functions[0] as { memoryMb: unknown }).memoryMb = 'big';
    writeFileSync(join(dir, 'bad.json'), JSON.stringify(plan));
    const r = await runCli(['audit', '--plan', 'bad.json'], endpoint, dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('bad.json: functions[0].memoryMb must be integer, got "big"\n');
    expect(fake.requests.length).toBe(before);
  });
});

describe('audit of day-of-week schedules end to end', () => {
  const weekdays = { name: 'weekdays', timezone: 'Europe/Paris', min: 40, max: 100 };
  const weekend = { name: 'weekend', timezone: 'Europe/Paris', min: 8, max: 100 };
  let fake: FakeAws;
  let endpoint: string;
  let dir: string;

  beforeAll(async () => {
    // deployed with day numbers and another day order than the plan writes: the same actions
    fake = new FakeAws({
      functions: [{ name: 'api', memoryMb: 1024, timeoutSeconds: 10, architecture: 'arm64', reserved: 120, provisioned: [{ qualifier: 'live', requested: 8 }] }],
      scalableTargets: [
        {
          function: 'api',
          qualifier: 'live',
          min: 8,
          max: 100,
          scheduledActions: [
            { ...weekdays, schedule: 'cron(58 7 ? * 2-6 *)' },
            { ...weekend, schedule: 'cron(58 7 ? * SAT,SUN *)' },
          ],
        },
      ],
    });
    endpoint = await fake.start();
    dir = mkdtempSync(join(tmpdir(), 'audit-weekly-'));
  });
  afterAll(() => fake.stop());

  const plan = (weekendCron: string) => ({
    version: 1,
    account: { region: 'us-east-1', concurrencyLimit: 1000, unreservedFloor: 100, scalingModel: 'per-function', reservedTotal: 120, unreservedRemaining: 880, claimedAlarmThreshold: 700 },
    functions: [
      {
        name: 'api',
        invocation: 'sync',
        memoryMb: 1024,
        timeoutSeconds: 10,
        architecture: 'arm64',
        reservedConcurrency: 120,
        provisioned: {
          min: 8,
          max: 100,
          targetUtilization: null,
          statistic: 'Average',
          hourly: new Array(24).fill(8),
          schedule: [
            { ...weekdays, cron: 'cron(58 7 ? * MON-FRI *)' },
            { ...weekend, cron: weekendCron },
          ],
        },
        sqs: null,
        offeredLoad: { peak: 1, average: 1, hourly: new Array(24).fill(1) },
        alarms: { throttles: null, concurrency: { threshold: 1 }, spillover: null, provisionedUtilization: null, dlqDepth: null, queueAge: null },
        predicted: { throttleProbability: 0, spilloverProbability: null, monthlyCostUsd: { provisioned: 0, onDemand: 0, requests: 0, total: 0 } },
        rationale: [],
      },
    ],
    databases: [],
    findings: [],
    notes: [],
  });

  test('weekly actions match across spellings (day numbers, day order): no drift', async () => {
    writeFileSync(join(dir, 'weekly.json'), JSON.stringify(plan('cron(58 7 ? * SUN,SAT *)')));
    const r = await runCli(['audit', '--plan', 'weekly.json'], endpoint, dir);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^no drift: \d+ settings of 1 function\(s\) in us-east-1 match weekly.json/);
    expect(r.code).toBe(0);
  });

  test('an action on other days of the week is drift: the planned one missing, the deployed one extra', async () => {
    writeFileSync(join(dir, 'sunday.json'), JSON.stringify(plan('cron(58 7 ? * SUN *)')));
    const r = await runCli(['audit', '--plan', 'sunday.json', '--format', 'json'], endpoint, dir);
    expect(r.code).toBe(1);
    const drift = JSON.parse(r.stdout).rows.filter((row: { status: string }) => row.status === 'drift');
    expect(drift.map((row: { setting: string; planned: string; deployed: string }) => `${row.setting}: ${row.planned} -> ${row.deployed}`)).toEqual([
      'schedule weekend cron(58 7 ? * SUN *) Europe/Paris: min 8 max 100 -> none',
      'schedule weekend cron(58 7 ? * SAT,SUN *) Europe/Paris: none -> min 8 max 100',
    ]);
  });
});
