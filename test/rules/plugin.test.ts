/**
 * `LambdaScalingChecks` as a CDK policy validation plugin: errors fail synth, warnings do not, acknowledgements
 * are honoured, the account budget sums across stacks, and it runs beside cdk-nag v3 without interference.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { App, Duration, Stack, Stage, Validations, type IPolicyValidationContext } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sam from 'aws-cdk-lib/aws-sam';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { LambdaScalingChecks } from '../../constructs';

const FAIL_SYNTH = '@aws-cdk/core:failSynthOnValidationErrors';
const code = lambda.Code.fromInline('exports.handler = async () => {}');

/** An app whose Sqs stack has a function with reserved 4 on an SQS mapping (error) and one with reserved 0 (warning). */
function makeApp(context: Record<string, unknown> = {}) {
  const app = new App({ builtinCloudFormationValidation: false, context });
  const env = { account: '111111111111', region: 'us-east-1' };
  const stack = new Stack(app, 'Sqs', { env });
  const four = new lambda.Function(stack, 'Four', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code, reservedConcurrentExecutions: 4 });
  new lambda.EventSourceMapping(stack, 'Mapping', { target: four, eventSourceArn: 'arn:aws:sqs:us-east-1:111111111111:orders', batchSize: 1 });
  new lambda.Function(stack, 'Zero', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code, reservedConcurrentExecutions: 0 });
  return { app, stack, four, env };
}

interface Report {
  pluginReports: Array<{ pluginName: string; conclusion: string; violations: Array<{ ruleName: string; severity?: string; violatingConstructs: Array<{ constructPath: string }> }> }>;
}
function readReport(dir: string): Report {
  return JSON.parse(readFileSync(join(dir, 'validation-report.json'), 'utf8')) as Report;
}

test('an error finding fails synth with the rule, the construct path and the acknowledgement id', () => {
  const { app } = makeApp();
  Validations.of(app).addPlugins(new LambdaScalingChecks());
  expect(() => app.synth()).toThrow(/SQS-triggered function .* reserved concurrency 4 \(below 5\)[\s\S]*Sqs\/Four\/Resource[\s\S]*LambdaScaling::SqsReservedBelowFive/);
});

test('acknowledging the error on the construct lets synth pass; warnings are reported, not fatal', () => {
  const { app, four } = makeApp();
  const plugin = new LambdaScalingChecks();
  Validations.of(app).addPlugins(plugin);
  Validations.of(four).acknowledge({ id: 'LambdaScaling::SqsReservedBelowFive', reason: 'batch job, throttling is fine' });
  const assembly = app.synth();
  const report = readReport(assembly.directory).pluginReports.find((r) => r.pluginName === 'LambdaScaling');
  expect(report?.conclusion).toBe('success');
  expect(report?.violations.map((v) => v.ruleName)).not.toContain('SqsReservedBelowFive');
  expect(report?.violations.map((v) => [v.ruleName, v.severity])).toEqual(expect.arrayContaining([['ReservedConcurrencyZero', 'warning']]));
  // The plugin's own verdict agrees, so acknowledgement holds even where the framework would not filter.
  expect(plugin.lastFindings.filter((f) => f.ruleId === 'SqsReservedBelowFive').map((f) => f.acknowledged)).toEqual([true]);
});

test('the plugin itself reads the acknowledged-rules metadata: its report succeeds before any framework filtering', () => {
  const { app, stack } = makeApp();
  const plugin = new LambdaScalingChecks();
  const assembly = app.synth();
  const context = (): IPolicyValidationContext => ({
    templatePaths: [join(assembly.directory, 'Sqs.template.json')],
    stackTemplates: [{ stackConstructPath: 'Sqs', templatePath: join(assembly.directory, 'Sqs.template.json'), accountId: '111111111111', region: 'us-east-1' }],
    appConstruct: app,
  });
  const before = plugin.validate(context());
  expect(before.success).toBe(false);
  Validations.of(stack).acknowledge({ id: 'LambdaScaling::SqsReservedBelowFive', reason: 'acknowledged on the stack' });
  const after = plugin.validate(context());
  expect(after.success).toBe(true);
  // Still listed, so the framework can show it as acknowledged.
  expect(after.violations.map((v) => v.ruleName)).toContain('SqsReservedBelowFive');
});

test('an acknowledgement of another plugin\'s rule id, or of our rule on another construct, does not silence ours', () => {
  const { app, four, stack } = makeApp();
  Validations.of(app).addPlugins(new LambdaScalingChecks());
  Validations.of(four).acknowledge({ id: 'AwsSolutions-L1', reason: 'not ours' });
  Validations.of(stack.node.findChild('Zero')).acknowledge({ id: 'LambdaScaling::SqsReservedBelowFive', reason: 'wrong construct' });
  expect(() => app.synth()).toThrow(/LambdaScaling::SqsReservedBelowFive/);
});

test('AccountConcurrencyBudget sums reserved concurrency across stacks of one environment, nested stages included', () => {
  const app = new App({ builtinCloudFormationValidation: false });
  const env = { account: '111111111111', region: 'us-east-1' };
  // Billing sits in a nested stage (its own cloud assembly): the plugin still sees it.
  const prod = new Stage(app, 'Prod');
  for (const [scope, name, reserved] of [[app, 'Orders', 300], [prod, 'Billing', 250]] as const) {
    new lambda.Function(new Stack(scope, name, { env }), 'Fn', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code, reservedConcurrentExecutions: reserved });
  }
  new lambda.Function(new Stack(app, 'Eu', { env: { ...env, region: 'eu-west-1' } }), 'Fn', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code, reservedConcurrentExecutions: 500 });
  Validations.of(app).addPlugins(new LambdaScalingChecks({ concurrencyLimit: 649, disabledRules: ['ThrottleAlarm'] }));
  // 300 + 250 = 550 > 649 − 100 = 549 in us-east-1; eu-west-1 has 500 ≤ 549.
  expect(() => app.synth()).toThrow(/reserved concurrency in 111111111111\/us-east-1 sums to 550 across 2 stack\(s\), above limit 649 − unreserved floor 100 = 549/);
});

test('runs beside cdk-nag v3 (AwsSolutions and Serverless): each reports its own rules, acknowledgements stay separate', () => {
  const { app, four } = makeApp({ [FAIL_SYNTH]: false });
  const ours = new LambdaScalingChecks();
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app), ours);
  Validations.of(four).acknowledge({ id: 'LambdaScaling::SqsReservedBelowFive', reason: 'ours only' });
  const report = readReport(app.synth().directory);
  const byName = new Map(report.pluginReports.map((r) => [r.pluginName, r]));
  expect([...byName.keys()]).toEqual(expect.arrayContaining(['AwsSolutions', 'Serverless', 'LambdaScaling']));
  const nagRules = [...(byName.get('AwsSolutions')?.violations ?? []), ...(byName.get('Serverless')?.violations ?? [])].map((v) => v.ruleName);
  expect(nagRules.length).toBeGreaterThan(0);
  expect(nagRules.some((r) => r.startsWith('LambdaScaling'))).toBe(false);
  const oursReport = byName.get('LambdaScaling');
  expect(oursReport?.conclusion).toBe('success');
  expect(oursReport?.violations.map((v) => v.ruleName)).toEqual(expect.arrayContaining(['ReservedConcurrencyZero']));
  expect(oursReport?.violations.map((v) => v.ruleName)).not.toContain('SqsReservedBelowFive');
  // cdk-nag's findings on the same function were not acknowledged by ours.
  expect([...(byName.get('Serverless')?.violations ?? [])].some((v) => v.violatingConstructs.some((c) => c.constructPath.startsWith('Sqs/Four')))).toBe(true);
});

test('bad options fail at construction with the field named', () => {
  expect(() => new LambdaScalingChecks({ unreservedFloor: -1 })).toThrow(/unreservedFloor must be an integer ≥ 0, got -1/);
  expect(() => new LambdaScalingChecks({ disabledRules: ['Nope'] })).toThrow(/unknown rule Nope/);
});

test('an aws-sam L1 function is checked as SAM expands it; an acknowledgement on it covers what it generates', () => {
  // Path metadata as the CDK CLI enables it: generated resources sit under the SAM construct's path.
  const app = new App({ builtinCloudFormationValidation: false, context: { 'aws:cdk:enable-path-metadata': true } });
  const stack = new Stack(app, 'Sam', { env: { account: '111111111111', region: 'us-east-1' } });
  const queue = new sqs.Queue(stack, 'Orders', { visibilityTimeout: Duration.seconds(400), deadLetterQueue: { queue: new sqs.Queue(stack, 'Dlq'), maxReceiveCount: 5 } });
  const fn = new sam.CfnFunction(stack, 'Worker', {
    runtime: 'nodejs22.x',
    handler: 'index.handler',
    inlineCode: 'exports.handler = async () => {}',
    timeout: 60,
    events: { Orders: { type: 'SQS', properties: { queue: queue.queueArn, batchSize: 50 } } },
  });
  const plugin = new LambdaScalingChecks();
  Validations.of(app).addPlugins(plugin);
  expect(() => app.synth()).toThrow(/SqsBatchingWindowRequired/);
  expect(plugin.lastFindings.find((f) => f.ruleId === 'SqsBatchingWindowRequired')).toMatchObject({ logicalId: stack.getLogicalId(fn), generated: { from: 'Events.Orders' }, path: 'Sam/Worker/Events/Orders', acknowledged: false });

  const acknowledged = new App({ builtinCloudFormationValidation: false });
  const again = new Stack(acknowledged, 'Sam');
  const q = new sqs.Queue(again, 'Orders', { visibilityTimeout: Duration.seconds(400), deadLetterQueue: { queue: new sqs.Queue(again, 'Dlq'), maxReceiveCount: 5 } });
  const worker = new sam.CfnFunction(again, 'Worker', { runtime: 'nodejs22.x', handler: 'index.handler', inlineCode: 'x', timeout: 60, events: { Orders: { type: 'SQS', properties: { queue: q.queueArn, batchSize: 50 } } } });
  Validations.of(worker).acknowledge({ id: 'LambdaScaling::SqsBatchingWindowRequired', reason: 'bursty producer, latency matters more' });
  const checks = new LambdaScalingChecks();
  Validations.of(acknowledged).addPlugins(checks);
  acknowledged.synth();
  expect(checks.lastFindings.filter((f) => f.ruleId === 'SqsBatchingWindowRequired').map((f) => f.acknowledged)).toEqual([true]);
});
