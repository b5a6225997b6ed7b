import { CfnParameter } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import { ProxyConcurrencyLimit, ThrottleAlarms } from '../../constructs';
import { DEFAULTS, concurrencyAlarmThreshold, spilloverAlarmRate } from '../../lib/model';
import type { AlarmsPlan } from '../../lib/planner/types';
import { newDatabase, newFunction, newStack, propsOf } from './helpers';

/** Alarms of a template keyed by metric name (the spillover alarm by its expression). */
function alarmsByMetric(stack: ReturnType<typeof newStack>): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const a of propsOf(Template.fromStack(stack), 'AWS::CloudWatch::Alarm')) {
    out[(a.MetricName as string | undefined) ?? 'Spillover'] = a;
  }
  return out;
}

describe('ThrottleAlarms', () => {
  test('a sync function with reserved concurrency and a PC alias gets all four alarms, relative to its settings', () => {
    const stack = newStack();
    const fn = newFunction(stack, 'Api', { reserved: 120 });
    const alias = new lambda.Alias(stack, 'Live', { aliasName: 'live', version: fn.currentVersion, provisionedConcurrentExecutions: 10 });
    const topic = new sns.Topic(stack, 'Topic');
    const alarms = new ThrottleAlarms(stack, 'Alarms', { function: fn, alias, spilloverTarget: 0.02, alarmTopic: topic });
    expect(Object.keys(alarms.alarms).sort()).toEqual(['ConcurrentExecutions', 'ProvisionedUtilization', 'Spillover', 'Throttles']);

    const byMetric = alarmsByMetric(stack);
    expect(byMetric.Throttles).toMatchObject({
      Statistic: 'Sum', Period: 60, Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      EvaluationPeriods: DEFAULTS.alarms.throttleEvaluationPeriods, DatapointsToAlarm: DEFAULTS.alarms.throttleDatapointsToAlarm,
    });
    expect(byMetric.ConcurrentExecutions).toMatchObject({ Statistic: 'Maximum', Threshold: concurrencyAlarmThreshold(120) });
    expect(concurrencyAlarmThreshold(120)).toBe(96);
    expect(byMetric.ProvisionedConcurrencyUtilization).toMatchObject({ Statistic: 'Maximum', Threshold: 0.9, ComparisonOperator: 'GreaterThanThreshold' });
    expect(byMetric.Spillover).toMatchObject({ Threshold: spilloverAlarmRate(0.02) });
    expect(JSON.stringify(byMetric.Spillover.Metrics)).toContain('ProvisionedConcurrencySpilloverInvocations');
    // Every alarm notifies the topic.
    for (const a of Object.values(byMetric)) expect(a.AlarmActions).toEqual([{ Ref: expect.stringMatching(/^Topic/) }]);
    Template.fromStack(stack).hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ProvisionedConcurrencyUtilization',
      Dimensions: Match.arrayWith([{ Name: 'Resource', Value: { 'Fn::Join': ['', [{ Ref: Match.stringLikeRegexp('^Api') }, ':live']] } }]),
    });
  });

  test('an SQS-invoked function without reserved concurrency gets no throttle or concurrency alarm', () => {
    const stack = newStack();
    const alarms = new ThrottleAlarms(stack, 'Alarms', { function: newFunction(stack, 'Worker'), invocation: 'sqs' });
    expect(alarms.alarms).toEqual({});
    Template.fromStack(stack).resourceCountIs('AWS::CloudWatch::Alarm', 0);
  });

  test('plan thresholds are used as given, and null entries create no alarm', () => {
    const plan: AlarmsPlan = {
      throttles: { threshold: 3, periodSeconds: 60, evaluationPeriods: 5, datapointsToAlarm: 5 },
      concurrency: { threshold: 42 },
      spillover: null,
      provisionedUtilization: null,
      dlqDepth: null,
      queueAge: null,
    };
    const stack = newStack();
    const fn = newFunction(stack, 'Api', { reserved: 999 });
    const alias = new lambda.Alias(stack, 'Live', { aliasName: 'live', version: fn.currentVersion });
    new ThrottleAlarms(stack, 'Alarms', { function: fn, alias, plan });
    const byMetric = alarmsByMetric(stack);
    expect(Object.keys(byMetric).sort()).toEqual(['ConcurrentExecutions', 'Throttles']);
    expect(byMetric.Throttles.Threshold).toBe(3);
    expect(byMetric.ConcurrentExecutions.Threshold).toBe(42);
  });

  test('follows a reserved concurrency that ProxyConcurrencyLimit settles at synthesis', () => {
    const stack = newStack();
    const { proxy } = newDatabase(stack);
    const fn = newFunction(stack, 'Api');
    new ProxyConcurrencyLimit(stack, 'Limit', { function: fn, proxy, environments: 200, maxConnections: 100 });
    new ThrottleAlarms(stack, 'Alarms', { function: fn });
    // A second function added after the alarms lowers the share: the alarm must see the final value.
    new ProxyConcurrencyLimit(stack, 'Limit2', { function: newFunction(stack, 'Other'), proxy, environments: 200 });
    const template = Template.fromStack(stack);
    const reserved = Object.entries(template.findResources('AWS::Lambda::Function')).find(([id]) => id.startsWith('Api'))![1].Properties.ReservedConcurrentExecutions;
    expect(reserved).toBe(35);
    expect(alarmsByMetric(stack).ConcurrentExecutions.Threshold).toBe(concurrencyAlarmThreshold(35));
  });

  test('rejects a spillover target above 1 and a negative reserved concurrency', () => {
    const stack = newStack();
    expect(() => new ThrottleAlarms(stack, 'Alarms', { function: newFunction(stack, 'Api'), spilloverTarget: 1.5, reservedConcurrency: -2 }))
      .toThrow("ThrottleAlarms 'Stack/Alarms': reservedConcurrency must be at least 0, got -2\nThrottleAlarms 'Stack/Alarms': spilloverTarget must be between 0 and 1, got 1.5");
  });

  test('a token reserved concurrency does not fail: no concurrency alarm, and a warning says why', () => {
    const stack = newStack();
    const reserved = new CfnParameter(stack, 'Reserved', { type: 'Number' }).valueAsNumber;
    const alarms = new ThrottleAlarms(stack, 'Alarms', { function: newFunction(stack, 'Api', { reserved }) });
    expect(Object.keys(alarms.alarms)).toEqual(['Throttles']);
    Annotations.fromStack(stack).hasWarning('/Stack/Alarms', Match.stringLikeRegexp('reservedConcurrency is a token, so no ConcurrentExecutions alarm was made'));
  });
});
