/**
 * The example app (bin/app.ts, `npx cdk synth`): the workload planned and applied, checks passing.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { buildExampleApp, DEFAULT_WORKLOAD } from '../../bin/app';
import { propsOf } from './helpers';

describe('example app', () => {
  const { app, stack, plan, checks } = buildExampleApp(undefined, DEFAULT_WORKLOAD);
  const validate = jest.spyOn(checks, 'validate');
  const assembly = app.synth();
  const template = Template.fromJSON(JSON.parse(readFileSync(join(assembly.directory, `${stack.artifactId}.template.json`), 'utf8')));
  const byName = Object.fromEntries(plan.functions.map((f) => [f.name, f]));
  const logicalIdOf = (name: string) => stack.getLogicalId(stack.functions[name].node.defaultChild as never);
  const fnProps = (name: string) => template.toJSON().Resources[logicalIdOf(name)].Properties;

  test('the workload has the service the issue asks for', () => {
    expect(plan.functions.map((f) => f.name)).toEqual(['api', 'invoice-worker', 'orders-read', 'orders-write']);
    expect(byName.api.provisioned?.schedule.length).toBeGreaterThan(0);
    expect(byName['invoice-worker'].sqs).not.toBeNull();
    expect(plan.findings.filter((f) => f.severity === 'error')).toEqual([]);
  });

  test('every function carries its planned reserved concurrency, memory and timeout', () => {
    for (const f of plan.functions) {
      expect(fnProps(f.name)).toMatchObject({ ReservedConcurrentExecutions: f.reservedConcurrency, MemorySize: f.memoryMb, Timeout: f.timeoutSeconds });
    }
    // The two database functions never exceed the proxy's Lambda budget together.
    const db = plan.databases[0];
    expect(db.functions.reduce((s, n) => s + fnProps(n).ReservedConcurrentExecutions, 0)).toBeLessThanOrEqual(db.lambdaBudget);
    template.hasResourceProperties('AWS::RDS::DBProxyTargetGroup', { ConnectionPoolConfigurationInfo: { MaxConnectionsPercent: db.maxConnectionsPercent } });
  });

  test('the API has scheduled and target-tracking provisioned concurrency from the plan', () => {
    const pc = byName.api.provisioned!;
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      MinCapacity: pc.min,
      MaxCapacity: pc.max,
      ScheduledActions: pc.schedule.map((s) => ({ ScheduledActionName: s.name, Schedule: s.cron, Timezone: s.timezone, ScalableTargetAction: { MinCapacity: s.min, MaxCapacity: s.max } })),
    });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', { TargetTrackingScalingPolicyConfiguration: { TargetValue: pc.targetUtilization } });
  });

  test('the worker has the planned mapping and queue', () => {
    const sqs = byName['invoice-worker'].sqs!;
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      BatchSize: sqs.batchSize, MaximumBatchingWindowInSeconds: sqs.maxBatchingWindowSeconds, ScalingConfig: { MaximumConcurrency: sqs.maxConcurrency }, FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    template.hasResourceProperties('AWS::SQS::Queue', { VisibilityTimeout: sqs.visibilityTimeoutSeconds });
  });

  test('every alarm notifies the one encrypted, TLS-only topic', () => {
    const topicId = stack.getLogicalId(stack.alarmTopic.node.defaultChild as never);
    const alarms = propsOf(template, 'AWS::CloudWatch::Alarm');
    expect(alarms.length).toBeGreaterThanOrEqual(10);
    for (const a of alarms) expect(a.AlarmActions).toEqual([{ Ref: topicId }]);
    expect(template.toJSON().Resources[topicId].Properties.KmsMasterKeyId).toBeDefined();
    expect(JSON.stringify(propsOf(template, 'AWS::SNS::TopicPolicy'))).toContain('"aws:SecureTransport":"false"');
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'ClaimedAccountConcurrency', Threshold: plan.account.claimedAlarmThreshold });
  });

  test('the database is encrypted, private, and its credentials live in Secrets Manager', () => {
    template.hasResourceProperties('AWS::RDS::DBInstance', { StorageEncrypted: true, PubliclyAccessible: false, Engine: 'postgres' });
    template.resourceCountIs('AWS::SecretsManager::Secret', 1);
    template.hasResourceProperties('AWS::RDS::DBProxy', { RequireTLS: true });
    for (const subnet of propsOf(template, 'AWS::EC2::Subnet')) expect(subnet.MapPublicIpOnLaunch).toBe(false);
  });

  test('only X-Ray statements use Resource "*" (the reason given for that acknowledgement)', () => {
    for (const policy of propsOf(template, 'AWS::IAM::Policy')) {
      for (const st of (policy.PolicyDocument as { Statement: Array<{ Action: string | string[]; Resource: unknown }> }).Statement) {
        if (st.Resource === '*') expect([st.Action].flat().every((a) => a.startsWith('xray:'))).toBe(true);
      }
    }
  });

  test('cdk-nag and the Lambda scaling rules pass: no violation left, every acknowledgement with a reason', () => {
    const report = JSON.parse(readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8')) as {
      pluginReports: Array<{ pluginName: string; conclusion: string; violations: unknown[]; suppressedViolations?: Array<{ reason: string }> }>;
    };
    // LambdaScaling has no finding on this app, and is listed all the same, with what it checked.
    expect(report.pluginReports.map((p) => [p.pluginName, p.conclusion])).toEqual([['AwsSolutions', 'success'], ['Serverless', 'success'], ['LambdaScaling', 'success']]);
    expect(report.pluginReports[2].violations).toEqual([expect.objectContaining({ ruleName: 'Summary', severity: 'info', violatingConstructs: [] })]);
    expect(validate).toHaveBeenCalledTimes(1);
    expect(checks.lastFindings).toEqual([]);
    for (const p of report.pluginReports) {
      expect(p.violations.filter((v) => (v as { severity?: string }).severity === 'error')).toEqual([]);
      for (const a of p.suppressedViolations ?? []) expect(a.reason.length).toBeGreaterThan(40);
    }
  });
});

describe('example app with another workload', () => {
  test('shared-proxy.yaml (an async function, a binding proxy budget) synthesizes clean, and the plan\'s warnings are annotated', () => {
    const { app, stack, plan, checks } = buildExampleApp(undefined, 'examples/shared-proxy.yaml');
    expect(() => app.synth()).not.toThrow();
    expect(checks.lastFindings.filter((f) => f.severity === 'error')).toEqual([]);
    const template = Template.fromStack(stack);
    // The async function sends failed events to an encrypted dead-letter queue with a depth alarm.
    template.hasResourceProperties('AWS::Lambda::Function', { DeadLetterConfig: { TargetArn: Match.anyValue() } });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmDescription: 'Failed async events of orders-report in its dead-letter queue' });
    const warnings = plan.findings.filter((f) => f.severity === 'warning');
    expect(warnings.length).toBeGreaterThan(0);
    for (const f of warnings) Annotations.fromStack(stack).hasWarning('/LambdaScalingExample', Match.stringLikeRegexp(f.ruleId));
  });
});

