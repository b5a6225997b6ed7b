/**
 * `LambdaScalingChecks` as a CDK policy validation plugin: errors fail synth, warnings do not, acknowledgements
 * are honoured, the account budget sums across stacks, and it runs beside cdk-nag v3 without interference.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { App, Duration, NestedStack, Stack, Stage, Validations, type IPolicyValidationContext } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sam from 'aws-cdk-lib/aws-sam';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { LambdaScalingChecks } from '../../constructs';
import { checkStacks, expectNoScalingErrors } from '../../constructs/testing';
import { RULE_IDS } from '../../lib/rules';

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
  pluginReports: Array<{
    pluginName: string;
    pluginVersion?: string;
    conclusion: string;
    metadata?: Record<string, string>;
    violations: Array<{ ruleName: string; description: string; severity?: string; violatingConstructs: Array<{ constructPath: string }> }>;
  }>;
}
function readReport(dir: string): Report {
  return JSON.parse(readFileSync(join(dir, 'validation-report.json'), 'utf8')) as Report;
}

/** Synthesizes `app`, returning what CDK printed (it prints the validation report on stderr when it has warnings). */
function synthCapturing(app: App): { directory: string; printed: string } {
  const spy = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  try {
    const { directory } = app.synth();
    return { directory, printed: spy.mock.calls.map((args) => args.join(' ')).join('\n') };
  } finally {
    spy.mockRestore();
  }
}

/** The message of what `fn` throws. */
function thrown(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected a throw');
}

/** Occurrences of `text` in `within`. */
const count = (within: string, text: string): number => within.split(text).length - 1;

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
  const { directory, printed } = synthCapturing(app);
  const report = readReport(directory).pluginReports.find((r) => r.pluginName === 'LambdaScaling');
  expect(report?.conclusion).toBe('success');
  // each warning and info finding printed once, on its construct
  expect(count(printed, '(LambdaScaling)')).toBe(report?.violations.length);
  expect(count(printed, 'has reserved concurrency 0')).toBe(1);
  expect(printed).toMatch(/Sqs\/Zero\/Resource/);
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

/** Orders (300) and, in a nested stage, Billing (250) in `env`; Eu (500) in eu-west-1 when `env` is given; the checks on the app unless `withChecks` is false. */
function budgetApp(env?: { account: string; region: string }, withChecks = true) {
  const app = new App({ builtinCloudFormationValidation: false });
  // Billing sits in a nested stage (its own cloud assembly): the plugin still sees it.
  const prod = new Stage(app, 'Prod');
  const functions = ([[app, 'Orders', 300], [prod, 'Billing', 250]] as const).map(([scope, name, reserved]) =>
    new lambda.Function(new Stack(scope, name, { env }), 'Fn', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code, reservedConcurrentExecutions: reserved }),
  );
  if (env) new lambda.Function(new Stack(app, 'Eu', { env: { ...env, region: 'eu-west-1' } }), 'Fn', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code, reservedConcurrentExecutions: 500 });
  if (withChecks) Validations.of(app).addPlugins(new LambdaScalingChecks({ concurrencyLimit: 649, disabledRules: ['ThrottleAlarm'] }));
  return { app, functions };
}

describe('AccountConcurrencyBudget at synth', () => {
  test('sums reserved concurrency across stacks of one environment, nested stages included, and is printed once naming it as CDK does', () => {
    const message = thrown(() => budgetApp({ account: '111111111111', region: 'us-east-1' }).app.synth());
    // 300 + 250 = 550 > 649 − 100 = 549 in us-east-1; eu-west-1 has 500 ≤ 549.
    expect(message).toMatch(/reserved concurrency in aws:\/\/111111111111\/us-east-1 sums to 550 across 2 stack\(s\), above limit 649 − unreserved floor 100 = 549/);
    expect(count(message, 'AccountConcurrencyBudget')).toBe(1);
    expect(count(message, 'reserved concurrency in')).toBe(1);
  });

  test('environment-agnostic stacks are called that, not unknown-account/unknown-region', () => {
    const message = thrown(() => budgetApp().app.synth());
    expect(message).toMatch(/reserved concurrency in the environment-agnostic stacks sums to 550/);
    expect(message).not.toMatch(/unknown-account|unknown-region/);
  });

  test('acknowledged on one of the functions only, it still fails, on the function not acknowledged', () => {
    const { app, functions } = budgetApp();
    Validations.of(functions[0]).acknowledge({ id: 'LambdaScaling::AccountConcurrencyBudget', reason: 'only one of two' });
    const message = thrown(() => app.synth());
    expect(count(message, 'AccountConcurrencyBudget')).toBe(1);
    expect(message).toMatch(/Prod\/Billing\/Fn\/Resource/);
  });

  test('acknowledged on every function, the synth passes and the report lists it as acknowledged', () => {
    const { app, functions } = budgetApp();
    for (const fn of functions) Validations.of(fn).acknowledge({ id: 'LambdaScaling::AccountConcurrencyBudget', reason: 'limit raise requested' });
    const { directory, printed } = synthCapturing(app);
    expect(printed).toBe('');
    const report = readReport(directory).pluginReports.find((r) => r.pluginName === 'LambdaScaling') as Report['pluginReports'][number] & { suppressedViolations?: Array<{ ruleName: string }> };
    expect(report.conclusion).toBe('success');
    expect(report.suppressedViolations?.map((v) => v.ruleName)).toEqual(['AccountConcurrencyBudget']);
  });
});

test('with template paths only (aws-cdk-lib before 2.262), each stack gets its environment from the cloud assembly manifest', () => {
  const { app } = budgetApp({ account: '111111111111', region: 'us-east-1' }, false);
  const assembly = app.synth();
  const templatePaths = [...assembly.stacks, ...assembly.nestedAssemblies.flatMap((a) => a.nestedAssembly.stacks)].map((s) => s.templateFullPath);
  expect(templatePaths).toHaveLength(3);
  const plugin = new LambdaScalingChecks({ concurrencyLimit: 649, disabledRules: ['ThrottleAlarm'] });
  const report = plugin.validate({ templatePaths, appConstruct: app } as unknown as IPolicyValidationContext);
  // Orders and Prod/Billing share aws://111111111111/us-east-1 (550 > 549); Eu's 500 is not added to them.
  expect(plugin.lastFindings.map((f) => [f.ruleId, f.environment])).toEqual([['AccountConcurrencyBudget', 'aws://111111111111/us-east-1']]);
  expect(report.metadata).toMatchObject({ stacks: '3', environments: 'aws://111111111111/eu-west-1, aws://111111111111/us-east-1' });
});

test('template paths only (aws-cdk-lib 2.258-2.261) and stackTemplates (2.262 on) give the same findings, stack names included', () => {
  const { app } = budgetApp({ account: '111111111111', region: 'us-east-1' }, false);
  const assembly = app.synth();
  const stacks = [...assembly.stacks, ...assembly.nestedAssemblies.flatMap((a) => a.nestedAssembly.stacks)];
  const run = (context: object) => {
    const plugin = new LambdaScalingChecks({ concurrencyLimit: 649 });
    plugin.validate({ ...context, appConstruct: app } as unknown as IPolicyValidationContext);
    return plugin.lastFindings.map((f) => [f.ruleId, f.stack, f.environment, f.acknowledged]);
  };
  const older = run({ templatePaths: stacks.map((s) => s.templateFullPath) });
  const newer = run({
    templatePaths: stacks.map((s) => s.templateFullPath),
    stackTemplates: stacks.map((s) => ({ stackConstructPath: s.hierarchicalId, templatePath: s.templateFullPath, accountId: s.environment.account, region: s.environment.region })),
  });
  expect(older).toEqual(newer);
  // a stack in a stage is named by its construct path either way
  expect(older.map(([, stack]) => stack)).toContain('Prod/Billing');
});

test('a context without appConstruct (aws-cdk-lib before 2.258, below the peer range) is refused naming the release needed, clean app or not', () => {
  const { app } = makeApp();
  const assembly = app.synth();
  const templatePaths = assembly.stacks.map((s) => s.templateFullPath);
  const plugin = new LambdaScalingChecks();
  expect(() => plugin.validate({ templatePaths } as unknown as IPolicyValidationContext)).toThrow(/^LambdaScaling needs aws-cdk-lib 2\.258\.0 or later/);
  // the floor the plugin names is the peer range's floor
  const pkg = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8')) as { peerDependencies: Record<string, string> };
  expect(pkg.peerDependencies['aws-cdk-lib']).toBe('^2.258.0');
});

test('a passing run lists the plugin, its version and its rule count in the validation report, and prints nothing', () => {
  const app = new App({ builtinCloudFormationValidation: false });
  new lambda.Function(new Stack(app, 'Clean', { env: { account: '111111111111', region: 'us-east-1' } }), 'Fn', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code });
  const plugin = new LambdaScalingChecks({ disabledRules: ['ThrottleAlarm'] });
  Validations.of(app).addPlugins(plugin);
  const { directory, printed } = synthCapturing(app);
  expect(printed).toBe('');
  const report = readReport(directory).pluginReports.find((r) => r.pluginName === 'LambdaScaling');
  expect(report).toMatchObject({ conclusion: 'success', pluginVersion: plugin.version, metadata: { rules: String(RULE_IDS.length - 1), stacks: '1', environments: 'aws://111111111111/us-east-1' } });
  expect(report?.violations).toEqual([expect.objectContaining({ ruleName: 'Summary', severity: 'info', violatingConstructs: [] })]);
  expect(report?.violations[0].description).toBe(`${RULE_IDS.length - 1} rules checked 1 stack(s) in aws://111111111111/us-east-1: no findings`);
  expect(plugin.ruleIds).not.toContain('ThrottleAlarm');
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
  // the acknowledged error is gone from what CDK prints; the warnings are left
  const { printed } = synthCapturing(acknowledged);
  expect(printed).not.toMatch(/ERROR|SqsBatchingWindowRequired/);
  expect(printed).toMatch(/WARNING/);
  expect(checks.lastFindings.filter((f) => f.ruleId === 'SqsBatchingWindowRequired').map((f) => f.acknowledged)).toEqual([true]);
});

describe('nested stacks', () => {
  /** An app whose stack nests a stack (which nests another) holding a function with reserved 4 on an SQS mapping. */
  function nestedApp() {
    const app = new App({ builtinCloudFormationValidation: false });
    const stack = new Stack(app, 'Parent', { env: { account: '111111111111', region: 'us-east-1' } });
    const inner = new NestedStack(new NestedStack(stack, 'Outer'), 'Inner');
    const four = new lambda.Function(inner, 'Four', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code, reservedConcurrentExecutions: 4 });
    new lambda.EventSourceMapping(inner, 'Mapping', { target: four, eventSourceArn: 'arn:aws:sqs:us-east-1:111111111111:orders', batchSize: 1 });
    return { app, four };
  }

  test('a NestedStack two levels down is checked: its error fails synth on its construct', () => {
    const { app } = nestedApp();
    const plugin = new LambdaScalingChecks();
    Validations.of(app).addPlugins(plugin);
    expect(() => app.synth()).toThrow(/reserved concurrency 4 \(below 5\)[\s\S]*Parent\/Outer\/Inner\/Four\/Resource/);
    const [finding] = plugin.lastFindings.filter((f) => f.ruleId === 'SqsReservedBelowFive');
    expect(finding.stack).toMatch(/^Parent\/OuterNestedStack.*\/InnerNestedStack/);
    expect(finding.templateFile).toMatch(/\.nested\.template\.json$/);
  });

  test('an acknowledgement on the nested function lets synth pass', () => {
    const { app, four } = nestedApp();
    Validations.of(app).addPlugins(new LambdaScalingChecks());
    Validations.of(four).acknowledge({ id: 'LambdaScaling::SqsReservedBelowFive', reason: 'batch job' });
    expect(() => synthCapturing(app)).not.toThrow();
  });
});

describe('acknowledgements in template Metadata and in the options', () => {
  /** The error on Four acknowledged in its template Metadata (as a CDK app writes it with addMetadata). */
  function metadataApp() {
    const made = makeApp();
    (made.four.node.defaultChild as lambda.CfnFunction).addMetadata('cdk-lambda-scaling', { acknowledge: [{ id: 'SqsReservedBelowFive', reason: 'batch job, throttling is fine' }] });
    return made;
  }

  test('a Metadata acknowledgement lets synth pass; the finding is reported as info naming it', () => {
    const { app, stack } = metadataApp();
    // another rule acknowledged on a construct: the framework then re-derives success from the violations' severities
    Validations.of(stack.node.findChild('Zero')).acknowledge({ id: 'LambdaScaling::ReservedConcurrencyZero', reason: 'paused' });
    const plugin = new LambdaScalingChecks();
    Validations.of(app).addPlugins(plugin);
    const { directory } = synthCapturing(app);
    const report = readReport(directory).pluginReports.find((r) => r.pluginName === 'LambdaScaling');
    expect(report?.conclusion).toBe('success');
    type Violation = Report['pluginReports'][number]['violations'][number] & { ruleMetadata?: Record<string, string> };
    const violation = (report?.violations as Violation[] | undefined)?.find((v) => v.ruleName === 'SqsReservedBelowFive');
    expect(violation?.severity).toBe('info');
    expect(violation?.ruleMetadata).toMatchObject({ severity: 'error', acknowledged: expect.stringMatching(/^batch job, throttling is fine \(.*Sqs\.template\.json: Resources\.Four\w+\.Metadata\["cdk-lambda-scaling"\]\.acknowledge\[0\]\)$/) });
    expect(plugin.lastFindings.filter((f) => f.ruleId === 'SqsReservedBelowFive').map((f) => [f.severity, f.acknowledged])).toEqual([['error', true]]);
  });

  test('acknowledgements in the plugin options, by path pattern over construct paths', () => {
    const { app } = makeApp({ 'aws:cdk:enable-path-metadata': true });
    const plugin = new LambdaScalingChecks({ acknowledgements: [{ id: 'SqsReservedBelowFive', reason: 'batch job', path: 'Sqs/Four/**' }] });
    Validations.of(app).addPlugins(plugin);
    expect(() => app.synth()).not.toThrow();
    expect(plugin.lastFindings.find((f) => f.ruleId === 'SqsReservedBelowFive')?.acknowledgements).toEqual([{ ruleId: 'SqsReservedBelowFive', reason: 'batch job', kind: 'external', source: 'acknowledgements[0]' }]);
    expect(() => new LambdaScalingChecks({ acknowledgements: [{ id: 'SqsReservedBelowFive', reason: '', path: '*' }] })).toThrow(/acknowledgements\[0\]\.reason is required/);
  });

  test('an invalid Metadata acknowledgement fails synth naming the template and the path', () => {
    const { app, four } = makeApp();
    (four.node.defaultChild as lambda.CfnFunction).addMetadata('cdk-lambda-scaling', { acknowledge: [{ id: 'SqsReservedBelowFiv', reason: 'typo' }] });
    Validations.of(app).addPlugins(new LambdaScalingChecks());
    expect(() => app.synth()).toThrow(/Sqs\.template\.json: Resources\.Four\w+\.Metadata\["cdk-lambda-scaling"\]\.acknowledge\[0\]\.id must be one of .*, got "SqsReservedBelowFiv"/);
  });

  test('the jest helpers read construct acknowledgements and Metadata alike; expectNoScalingErrors skips acknowledged errors', () => {
    const { stack, four } = makeApp();
    expect(() => expectNoScalingErrors(stack)).toThrow(/SqsReservedBelowFive/);
    Validations.of(four).acknowledge({ id: 'LambdaScaling::SqsReservedBelowFive', reason: 'batch job' });
    expect(() => expectNoScalingErrors(stack)).not.toThrow();
    expect(checkStacks([stack]).find((f) => f.ruleId === 'SqsReservedBelowFive')?.acknowledgements).toEqual([{ ruleId: 'SqsReservedBelowFive', reason: 'batch job', kind: 'inSource', source: 'construct Sqs/Four' }]);
    const other = metadataApp();
    expect(() => expectNoScalingErrors(other.stack)).not.toThrow();
  });
});
