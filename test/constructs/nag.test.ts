/**
 * Every construct of the library in one stack, through cdk-nag AwsSolutions and Serverless (and the
 * Lambda scaling rules): no error may be left unacknowledged, and every acknowledgement gives a reason.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { App, Duration, Stack, TimeZone } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { addChecks, serviceAlarmTopic, serviceDatabase, serviceFunction } from '../../bin/app';
import { LambdaScalingPolicy, ProvisionedConcurrencyScaling, ProxyConcurrencyLimit, SqsBufferedFunction, ThrottleAlarms } from '../../constructs';

interface Report {
  readonly pluginReports: ReadonlyArray<{
    readonly pluginName: string;
    readonly conclusion: string;
    readonly violations: ReadonlyArray<{ readonly ruleName: string; readonly severity?: string }>;
    readonly suppressedViolations?: ReadonlyArray<{ readonly ruleName: string; readonly reason: string; readonly acknowledgedId: string }>;
  }>;
}

const ACCOUNT = { concurrencyLimit: 1000, unreservedFloor: 100 };

function everyConstruct(stack: Stack): void {
  const topic = serviceAlarmTopic(stack);
  const data = serviceDatabase(stack, 'db.t4g.medium');
  const fn = (name: string, invocation: 'sync' | 'sqs', database = false) =>
    serviceFunction(stack, { name, invocation, memoryMb: 512, timeoutSeconds: 10, architecture: 'arm64', database: database ? { name: 'db', connectionsPerEnvironment: 1 } : undefined }, data);

  for (const name of ['reader', 'writer']) {
    const f = fn(name, 'sync', true);
    new ProxyConcurrencyLimit(stack, `${name}Limit`, { function: f, proxy: data.proxy, database: data.instance, environments: 100, maxConnectionsPercent: 90 });
    new ThrottleAlarms(stack, `${name}Alarms`, { function: f, alarmTopic: topic });
  }
  new SqsBufferedFunction(stack, 'WorkerBuffer', { function: fn('worker', 'sqs'), batchSize: 10, maxConcurrency: 10, maxBatchingWindow: Duration.seconds(1), alarmTopic: topic });
  const api = fn('api', 'sync');
  (api.node.defaultChild as lambda.CfnFunction).reservedConcurrentExecutions = 30;
  // a night schedule lowers the day's minimum (target tracking alone never scales an idle alias in)
  const at = (name: string, hour: number, minCapacity: number, maxCapacity: number) =>
    ({ name, schedule: appscaling.Schedule.expression(`cron(0 ${hour} * * ? *)`), timeZone: TimeZone.EUROPE_PARIS, minCapacity, maxCapacity });
  const pc = new ProvisionedConcurrencyScaling(stack, 'ApiPc', { function: api, minCapacity: 1, maxCapacity: 20, schedule: [at('day', 7, 2, 20), at('night', 22, 1, 5)] });
  new ThrottleAlarms(stack, 'ApiAlarms', { function: api, alias: pc.alias, alarmTopic: topic });
  new LambdaScalingPolicy(stack, 'PlannedPolicy', {
    function: fn('planned', 'sync'),
    workload: { function: { name: 'planned', invocation: 'sync', memoryMb: 512, timeoutSeconds: 10, durationMs: { avg: 100 }, traffic: { peakRps: 50 }, latencySensitive: true } },
    alarmTopic: topic,
  });
}

function report(app: App): Report {
  return JSON.parse(readFileSync(join(app.outdir, 'validation-report.json'), 'utf8')) as Report;
}

describe('cdk-nag over every construct', () => {
  test('AwsSolutions and Serverless pass with zero unacknowledged errors; each acknowledgement has a specific reason', () => {
    const app = new App();
    everyConstruct(new Stack(app, 'Everything'));
    const scaling = addChecks(app, ACCOUNT);
    // CDK prints the validation report when something is left in it: here nothing is.
    const printed = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(() => app.synth()).not.toThrow();
    expect(printed.mock.calls).toEqual([]);
    printed.mockRestore();
    expect(scaling.lastFindings.filter((f) => f.severity === 'error' && !f.acknowledged)).toEqual([]);

    const plugins = report(app).pluginReports;
    expect(plugins.map((p) => p.pluginName)).toEqual(expect.arrayContaining(['AwsSolutions', 'Serverless']));
    for (const plugin of plugins) {
      expect(plugin.conclusion).toBe('success');
      expect(plugin.violations.filter((v) => v.severity === 'error')).toEqual([]);
      for (const ack of plugin.suppressedViolations ?? []) {
        expect(ack.reason.length).toBeGreaterThan(40);
        expect(ack.acknowledgedId).toContain(ack.ruleName.replace(/\[.*$/, ''));
      }
    }
    // The library's own acknowledgements are on what it creates, with its reasons.
    const acknowledged = plugins.flatMap((p) => p.suppressedViolations ?? []).map((a) => a.ruleName);
    expect(acknowledged).toEqual(expect.arrayContaining(['Serverless-SQSRedrivePolicy', 'Serverless-LambdaEventSourceMappingDestination']));
  });

  test('the checks do run: a bare function and queue buffer fail them', () => {
    const app = new App();
    const stack = new Stack(app, 'Bare');
    const bare = new lambda.Function(stack, 'Bare', { runtime: lambda.Runtime.NODEJS_24_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => 1;') });
    new SqsBufferedFunction(stack, 'Buffer', { function: bare, maxConcurrency: 5 });
    addChecks(app, ACCOUNT);
    expect(() => app.synth()).toThrow(/AwsSolutions-IAM4/);
  });
});
