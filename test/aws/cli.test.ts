import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import * as lambdaSdk from '@aws-sdk/client-lambda';
import * as aas from '@aws-sdk/client-application-auto-scaling';
import * as cw from '@aws-sdk/client-cloudwatch';
import { main } from '../../bin/main';
import { memoryIo } from '../../bin/io';
import { fakeCredentials } from '../support/credentials';
import { writePlan } from '../../lib/plan-file';
import { planWorkload } from '../../lib/planner';
import { parseWorkload } from '../../lib/workload';

/** Runs the CLI in-process; these cases are refused before any AWS call. */
async function run(argv: string[], cwd = process.cwd()) {
  const io = memoryIo({ cwd });
  const code = await main(argv, io);
  return { code, out: io.out, err: io.err };
}

describe('observe and audit usage errors exit 2 with a clear message', () => {
  test.each([
    [['observe'], 'observe: give one of --function <names...>, --plan <file> or --all'],
    [['observe', '--all', '--function', 'a'], 'observe: give one of --function <names...>, --plan <file> or --all'],
    [['observe', '--function', 'a', '--prefix', 'x'], 'observe: --prefix works with --all only'],
    [['observe', '--all', '--days', '0'], '--days (at --period 3600) must be an integer between 1 and 455, got "0"'],
    [['observe', '--all', '--period', '60', '--days', '16'], '--days (at --period 60) must be an integer between 1 and 15, got "16"'],
    [['observe', '--all', '--tag', 'team'], '--tag must be KEY=VALUE, got "team"'],
    [['observe', '--all', '--concurrency', 'lots'], '--concurrency must be an integer between 1 and 64, got "lots"'],
  ])('%j', async (argv, message) => {
    const r = await run(argv);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`${message}\n`);
    expect(r.out).toBe('');
  });

  test('audit without --plan, with a missing plan, or a plan that is not JSON', async () => {
    expect((await run(['audit'])).code).toBe(2);
    const dir = mkdtempSync(join(tmpdir(), 'audit-cli-'));
    const missing = await run(['audit', '--plan', 'nope.json'], dir);
    expect(missing).toMatchObject({ code: 2, err: 'nope.json: cannot be read (no such file)\n' });
    writeFileSync(join(dir, 'plan.yaml'), 'functions: []\n');
    const yaml = await run(['audit', '--plan', 'plan.yaml'], dir);
    expect(yaml.code).toBe(2);
    expect(yaml.err).toMatch(/^plan.yaml: not valid JSON .*; pass the output of plan --format json\n$/);
  });
});

describe('progress goes to stderr only on a TTY', () => {
  test('a TTY sees a self-overwriting progress line; a pipe sees none', async () => {
    const restoreCredentials = fakeCredentials('AKIAPROGRESSTEST0000', 'progress-secret');
    const lambda = mockClient(lambdaSdk.LambdaClient);
    const autoscaling = mockClient(aas.ApplicationAutoScalingClient);
    const cloudwatch = mockClient(cw.CloudWatchClient);
    lambda.onAnyCommand().resolves({});
    lambda.on(lambdaSdk.GetFunctionConfigurationCommand).callsFake((i: { FunctionName: string }) => ({ FunctionName: i.FunctionName, MemorySize: 128, Timeout: 3 }));
    autoscaling.onAnyCommand().resolves({});
    cloudwatch.on(cw.GetMetricDataCommand).resolves({ MetricDataResults: [] });
    try {
      const argv = ['observe', '--function', 'a', 'b', '--region', 'us-east-1'];
      const tty = memoryIo({ isTTY: true });
      await main(argv, tty);
      expect(tty.err).toContain('\robserve: functions 2/2');
      const pipe = memoryIo({ isTTY: false });
      await main(argv, pipe);
      expect(pipe.err).not.toContain('\r');
      expect(pipe.err).toMatch(/^observe: us-east-1: 2 function\(s\) read, 0 written/);
    } finally {
      restoreCredentials();
      lambda.restore();
      autoscaling.restore();
      cloudwatch.restore();
    }
  });
});

describe('what observe and audit say about the run as a whole', () => {
  let restoreCredentials: () => void;
  let lambda: AwsClientStub<lambdaSdk.LambdaClient>;
  let autoscaling: AwsClientStub<aas.ApplicationAutoScalingClient>;
  let cloudwatch: AwsClientStub<cw.CloudWatchClient>;
  beforeEach(() => {
    restoreCredentials = fakeCredentials('AKIAWHOLERUNTEST0000', 'whole-run-secret');
    lambda = mockClient(lambdaSdk.LambdaClient);
    autoscaling = mockClient(aas.ApplicationAutoScalingClient);
    cloudwatch = mockClient(cw.CloudWatchClient);
    lambda.onAnyCommand().resolves({});
    lambda.on(lambdaSdk.GetFunctionConfigurationCommand).callsFake((i: { FunctionName: string }) => ({ FunctionName: i.FunctionName, MemorySize: 128, Timeout: 3 }));
    autoscaling.onAnyCommand().resolves({});
    cloudwatch.on(cw.GetMetricDataCommand).resolves({ MetricDataResults: [] });
  });
  afterEach(() => {
    restoreCredentials();
    lambda.restore();
    autoscaling.restore();
    cloudwatch.restore();
  });

  test('observe: when every function\'s reads failed, it says so instead of "no function had invocations"', async () => {
    lambda.on(lambdaSdk.GetFunctionConcurrencyCommand).rejects(Object.assign(new Error('not authorized'), { name: 'AccessDeniedException', $metadata: { httpStatusCode: 403 } }));
    const r = await run(['observe', '--function', 'a', 'b', '--region', 'us-east-1']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/observe: a: access denied to lambda:GetFunctionConcurrency/);
    expect(r.err).toMatch(/observe: no workload written: no function could be read \(2 failed, above\)\n$/);
    // Read, but idle: the traffic is the reason.
    lambda.on(lambdaSdk.GetFunctionConcurrencyCommand).resolves({});
    expect((await run(['observe', '--function', 'a', '--region', 'us-east-1'])).err).toMatch(/observe: no workload written: no function had invocations to plan from\n$/);
  });

  test('audit: a --region other than the plan\'s is warned about', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'audit-region-'));
    const workload = { account: { region: 'us-east-1' }, functions: [{ name: 'api', invocation: 'sync', memoryMb: 128, timeoutSeconds: 3, durationMs: { avg: 100, p99: 300 }, traffic: { peakRps: 1 } }] };
    writeFileSync(join(dir, 'plan.json'), writePlan(planWorkload(parseWorkload(JSON.stringify(workload), 'w.json'))));
    const other = await run(['audit', '--plan', 'plan.json', '--region', 'eu-west-1'], dir);
    expect(other.err).toMatch(/^audit: warning: --region eu-west-1 is not the plan's region us-east-1 \(account.region\): comparing the functions deployed in eu-west-1\n/);
    expect(other.out).toMatch(/eu-west-1/);
    const same = await run(['audit', '--plan', 'plan.json', '--region', 'us-east-1'], dir);
    expect(same.err).not.toMatch(/warning/);
  });
});
