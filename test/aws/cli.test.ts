import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { mockClient } from 'aws-sdk-client-mock';
import * as lambdaSdk from '@aws-sdk/client-lambda';
import * as aas from '@aws-sdk/client-application-auto-scaling';
import * as cw from '@aws-sdk/client-cloudwatch';
import { main } from '../../bin/main';
import { memoryIo } from '../../bin/io';
import { fakeCredentials } from '../support/credentials';

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
