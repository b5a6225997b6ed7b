/**
 * The engine reads a template as CloudFormation deploys it (issue 19): Conditions evaluated (Fn::If, AWS::NoValue,
 * a resource's Condition), each branch of a condition only known at deploy time checked; JSON documents given as
 * text; a SAM event's Type as evidence of its source; relations across nested stacks both ways.
 */
import fc from 'fast-check';
import { join } from 'path';
import { checkTemplates, jsonDocument, loadInputs, runChecks, type RuleFinding } from '../../lib/rules';
import { applyConditions, pseudoParameters } from '../../lib/rules/conditions';
import { parseTemplate } from '../../lib/rules/template-text';
import { runs } from '../support/runs';

const FIXTURES = join(__dirname, '..', 'fixtures', 'templates');
const fixture = (name: string) => runChecks(loadInputs([`semantics-${name}.yaml`], FIXTURES));
const flagged = (findings: readonly RuleFinding[], rule: string) =>
  findings
    .filter((f) => f.ruleId === rule && f.severity !== 'info')
    .map((f) => f.logicalId)
    .sort();
const check = (yaml: string, env: { account?: string; region?: string } = {}) => runChecks([{ stackName: 'S', template: parseTemplate(yaml, 'template.yaml'), ...env }]);

describe('good/bad fixtures', () => {
  test('conditions: a false Fn::If deploys no PC, a true one is checked, a false Condition leaves the resource out, an unknown one names its branch', () => {
    const { findings, coverage } = fixture('conditions');
    expect(flagged(findings, 'ProvisionedExceedsReserved')).toEqual(['AliasBad', 'AliasBranch']);
    expect(flagged(findings, 'SpilloverAlarm')).toEqual(['AliasBad', 'AliasBranch']);
    expect(flagged(findings, 'SqsReservedBelowFive')).toEqual([]);
    const branch = findings.find((f) => f.ruleId === 'ProvisionedExceedsReserved' && f.logicalId === 'AliasBranch');
    expect(branch?.message).toMatch(/is 10, above its reserved concurrency 3 \(when Worker is true\)$/);
    // The defaults that decided the conditions are named, as for any default a finding assumes.
    const bad = findings.find((f) => f.ruleId === 'ProvisionedExceedsReserved' && f.logicalId === 'AliasBad');
    expect(bad?.message).toMatch(/\(assuming parameter defaults: Env = prod, EnablePc = false\)$/);
    expect(findings.filter((f) => f.severity === 'info')).toEqual([]);
    expect(coverage[0]).toMatchObject({ notDeployed: ['MapSkipped'], mappings: 0 });
  });

  test('a SAM resource whose Condition a default decided names that default, as a plain resource does (what SAM generates keeps it)', () => {
    const { findings } = fixture('sam-condition');
    const async = findings.filter((f) => f.ruleId === 'AsyncFailureDestination');
    expect(async.map((f) => f.logicalId)).toEqual(['rLambdaReplicate']);
    expect(async[0].message).toMatch(/EventBridge rule rLambdaEventsRule\) with neither a dead-letter queue nor an on-failure destination \(assuming parameter defaults: pLegacyTables = true\)$/);
    const events = check(
      'Transform: AWS::Serverless-2016-10-31\nParameters:\n  On: { Type: String, Default: yes }\nConditions:\n  Enabled: !Equals [!Ref On, yes]\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Condition: Enabled\n    Properties:\n      Runtime: nodejs20.x\n      Handler: i.h\n      InlineCode: x\n      Events:\n        Hourly: { Type: Schedule, Properties: { Schedule: rate(1 hours) } }\n',
    ).findings;
    // The schedule is a rule SAM generates from the function (FnHourly): its finding assumes the default too.
    expect(events.find((f) => f.ruleId === 'ScheduleExpression')?.message).toMatch(/\(assuming parameter defaults: On = yes\)$/);
  });

  test('a finding names the defaults that left out a resource referring to it: an alarm whose Condition a default decided', () => {
    // widdix/aws-cf-templates: every alarm has `Condition: HasAlertTopic` (`ParentAlertStack`, default ''); the DLQ's
    // depth alarm is not deployed with the defaults, but the finding said it assumed nothing (or only what its own
    // properties refer to).
    const yaml = (alarmCondition: string) => `
Parameters:
  ParentAlertStack: { Type: String, Default: '' }
  Retention: { Type: Number, Default: 345600 }
Conditions:
  HasAlertTopic: !Not [!Equals [!Ref ParentAlertStack, '']]
  Never: !Equals [!Ref Retention, 1]
Resources:
  Dlq: { Type: AWS::SQS::Queue, Properties: { MessageRetentionPeriod: 1209600 } }
  Queue: { Type: AWS::SQS::Queue, Properties: { RedrivePolicy: { deadLetterTargetArn: !GetAtt Dlq.Arn, maxReceiveCount: 5 } } }
  DlqAlarm:
    Type: AWS::CloudWatch::Alarm
    Condition: ${alarmCondition}
    Properties: { Namespace: AWS/SQS, MetricName: ApproximateNumberOfMessagesVisible, Dimensions: [{ Name: QueueName, Value: !GetAtt Dlq.QueueName }], Statistic: Maximum, Period: 60, EvaluationPeriods: 1, Threshold: 0, ComparisonOperator: GreaterThanThreshold }
  Unrelated:
    Type: AWS::SNS::Topic
    Condition: Never
`;
    const depth = (alarmCondition: string) => check(yaml(alarmCondition)).findings.filter((f) => f.ruleId === 'DlqDepthAlarm');
    // Unrelated, left out too, refers to nothing of the finding's: its condition's Retention is not named.
    expect(depth('HasAlertTopic').map((f) => f.message)).toEqual(['dead-letter queue S/Dlq (redrive of Queue) has no alarm on ApproximateNumberOfMessagesVisible (assuming parameter defaults: ParentAlertStack = )']);
    expect(depth('Never').map((f) => f.message)).toEqual(['dead-letter queue S/Dlq (redrive of Queue) has no alarm on ApproximateNumberOfMessagesVisible (assuming parameter defaults: Retention = 345600)']);
  });

  test("a function only a custom resource's ServiceToken invokes runs as the stack deploys: no reserved concurrency asked for its proxy connections", () => {
    // aws-samples/aws-serverless-app-with-aurora-and-python-sql-alchemy-example db_schema/template.yaml: the schema
    // Lambda (rds-db:connect) behind Custom::SimpleBookStoreDBSchemaLambdaFunction was a ReservedConcurrencyForProxy error.
    const yaml = (extra: string) => `
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: { Statement: [{ Effect: Allow, Principal: { Service: lambda.amazonaws.com }, Action: sts:AssumeRole }] }
      Policies: [{ PolicyName: p, PolicyDocument: { Statement: [{ Effect: Allow, Action: rds-db:connect, Resource: '*' }] } }]
  Fn:
    Type: AWS::Lambda::Function
    Properties: { Runtime: nodejs20.x, Handler: i.h, Role: !GetAtt Role.Arn, Code: { ZipFile: x } }
${extra}`;
    const proxy = (extra: string) => flagged(check(yaml(extra)).findings, 'ReservedConcurrencyForProxy');
    const custom = '  Schema:\n    Type: Custom::Schema\n    Properties: { ServiceToken: !GetAtt Fn.Arn }\n  Other:\n    Type: AWS::CloudFormation::CustomResource\n    Properties: { ServiceToken: !GetAtt Fn.Arn }\n';
    expect(proxy(custom)).toEqual([]);
    // Invoked otherwise too, or by nothing the templates show (an SDK caller, another stack): it may scale, as before.
    expect(proxy(`${custom}  Api:\n    Type: AWS::Lambda::Permission\n    Properties: { FunctionName: !Ref Fn, Action: lambda:InvokeFunction, Principal: apigateway.amazonaws.com }\n`)).toEqual(['Fn']);
    expect(proxy('')).toEqual(['Fn']);
  });

  test('a dynamic reference ({{resolve:ssm:...}}) is the stored value, known at deploy time: never out of range, and a default that is one decides no condition', () => {
    // As a property: CloudFormation replaces it as the stack deploys; it was an out-of-range error (exit 1).
    const literal = check(
      "Resources:\n  Dlq: { Type: AWS::SQS::Queue }\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      VisibilityTimeout: '{{resolve:ssm:/app/visibility}}'\n      RedrivePolicy: { deadLetterTargetArn: !GetAtt Dlq.Arn, maxReceiveCount: '{{resolve:ssm:/app/receives}}' }\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties: { Runtime: nodejs20.x, Handler: i.h, Role: arn:aws:iam::111111111111:role/r, Code: { ZipFile: x }, Timeout: '{{resolve:ssm:/app/timeout}}', ReservedConcurrentExecutions: '{{resolve:ssm:/app/reserved:3}}' }\n  M:\n    Type: AWS::Lambda::EventSourceMapping\n    Properties: { FunctionName: !Ref Fn, EventSourceArn: !GetAtt Q.Arn, BatchSize: '{{resolve:ssm:/app/batch}}' }\n",
    ).findings;
    expect(literal.filter((f) => f.severity === 'error')).toEqual([]);
    expect(literal.find((f) => f.ruleId === 'SqsVisibilityTimeout')).toMatchObject({ severity: 'info', message: expect.stringContaining('VisibilityTimeout of Q is dynamic reference {{resolve:ssm:/app/visibility}}') });
    // As a parameter's default (as awslabs/aws-serverless-data-lake-framework's pEnvironment: '{{resolve:ssm:/SDLF/Misc/pEnv}}'):
    // the condition it feeds is only known at deploy time, so each branch is checked (it was decided false).
    const byDefault = check(
      "Parameters:\n  Env: { Type: String, Default: '{{resolve:ssm:/app/env}}' }\nConditions:\n  IsDev: !Equals [!Ref Env, dev]\nResources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties: { Runtime: nodejs20.x, Handler: i.h, Role: arn:aws:iam::111111111111:role/r, Code: { ZipFile: x }, ReservedConcurrentExecutions: !If [IsDev, 0, 10] }\n",
    ).findings;
    expect(byDefault.find((f) => f.ruleId === 'ReservedConcurrencyZero')?.message).toBe('function S/Fn has reserved concurrency 0: every invocation is throttled (when IsDev is true)');
    expect(byDefault.map((f) => f.message).join('\n')).not.toMatch(/assuming parameter defaults/);
  });

  test('JSON documents as text: Fn::Sub and Fn::Join redrive policies link their DLQ and read maxReceiveCount', () => {
    const { findings } = fixture('string-policies');
    expect(flagged(findings, 'SqsRedrivePolicy')).toEqual([]);
    expect(flagged(findings, 'SqsMaxReceiveCount')).toEqual(['BadQueue']);
    expect(flagged(findings, 'DlqDepthAlarm')).toEqual(['SubDlq']);
    expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
  });

  test("a SAM event's Type is evidence of an SQS source whose ARN is a parameter without default", () => {
    const { findings } = fixture('sam-events');
    expect(flagged(findings, 'SqsReservedBelowFive')).toEqual(['WorkerBad']);
    expect(flagged(findings, 'SqsBatchingWindowRequired')).toEqual(['WorkerBad']);
    expect(findings.filter((f) => f.ruleId === 'EventSourceUnknown')).toEqual([]);
  });

  test('nested stacks: a target depends on its alias through the nested-stack resource; outputs read with GetAtt link the DLQ', () => {
    const { findings } = fixture('nested');
    const dependency = findings.filter((f) => f.ruleId === 'ScalableTargetDependsOnAlias');
    expect(dependency.map((f) => [f.stack, f.logicalId, f.severity])).toEqual([['semantics-nested/ScalingBad', 'Target', 'error']]);
    expect(dependency[0].fix).toBe('Add DependsOn: Live to semantics-nested/ScalingBad, or pass it a reference to the alias (a parameter of the nested stack, or an output read with Fn::GetAtt)');
    expect(findings.filter((f) => f.ruleId === 'DlqDepthAlarm').map((f) => `${f.stack}/${f.logicalId}`)).toEqual(['semantics-nested/Dlqs/NestedDlq']);
  });
});

const PC = (condition: string, reserved: number) => `
Parameters:
  EnablePc: { Type: String, Default: "false" }
  Mode: { Type: String }
  Picked: { Type: String, AllowedValues: [a, b] }
  Only: { Type: String, AllowedValues: [a] }
  Stage: { Type: AWS::SSM::Parameter::Value<String>, Default: /stage }
Conditions:
  ${condition}
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties: { ReservedConcurrentExecutions: ${reserved} }
  Live:
    Type: AWS::Lambda::Alias
    Properties:
      FunctionName: !Ref Fn
      FunctionVersion: "1"
      Name: live
      ProvisionedConcurrencyConfig: !If [C, { ProvisionedConcurrentExecutions: 10 }, !Ref AWS::NoValue]
`;
const pcFindings = (condition: string, env: { account?: string; region?: string } = {}, reserved = 3) =>
  check(PC(condition, reserved), env).findings.filter((f) => f.ruleId === 'ProvisionedExceedsReserved' || f.ruleId === 'SpilloverAlarm');

describe('conditions', () => {
  test.each([
    ['C: !Equals [!Ref EnablePc, "true"]', false],
    ['C: !Equals [!Ref EnablePc, "false"]', true],
    ['C: !Not [!Equals [!Ref EnablePc, "true"]]', true],
    ['C: !And [!Equals [!Ref EnablePc, "false"], !Equals [!Ref Mode, x]]', undefined],
    ['C: !And [!Equals [!Ref EnablePc, "true"], !Equals [!Ref Mode, x]]', false],
    ['C: !Or [!Equals [!Ref EnablePc, "false"], !Equals [!Ref Mode, x]]', true],
    ['C: !Equals [!Ref Stage, prod]', undefined],
    ['C: !Equals [!Ref Mode, z]', undefined],
    ['C: !Equals [!Ref Picked, c]', false],
    ['C: !Equals [a, !Ref Only]', true],
    ['C: !Equals [!Ref AWS::Region, us-east-1]', undefined],
    ['{ D: !Equals [!Ref EnablePc, "false"], C: !Condition D }', true],
    ['{ D: !Condition C, C: !Condition D }', undefined],
  ])('%s is %s with the defaults (PC 10 above reserved 3 only where it deploys)', (condition, value) => {
    const findings = pcFindings(condition);
    if (value === false) expect(findings).toEqual([]);
    else {
      expect(findings.map((f) => f.ruleId).sort()).toEqual(['ProvisionedExceedsReserved', 'SpilloverAlarm']);
      for (const f of findings) expect(f.message.endsWith(' (when C is true)')).toBe(value === undefined);
    }
  });

  test('pseudo parameters are known where the stack environment pins them', () => {
    expect(pcFindings('C: !Equals [!Ref AWS::Region, us-east-1]', { region: 'eu-west-1' })).toEqual([]);
    expect(pcFindings('C: !Equals [!Ref AWS::Partition, aws-cn]', { region: 'cn-north-1' })).toHaveLength(2);
    expect(pcFindings('C: !Equals [!Sub "${AWS::AccountId}", "111111111111"]', { account: '111111111111' })[0].message).not.toMatch(/when/);
    expect(pseudoParameters({ region: 'us-gov-west-1' }).get('AWS::Partition')).toBe('aws-us-gov');
  });

  test('a finding that holds in both branches is reported once, naming no branch', () => {
    const yaml = PC('C: !Equals [!Ref Mode, x]', 3).replace('!If [C, { ProvisionedConcurrentExecutions: 10 }, !Ref AWS::NoValue]', '{ ProvisionedConcurrentExecutions: !If [C, 10, 20] }');
    const findings = check(yaml).findings.filter((f) => f.ruleId === 'ProvisionedExceedsReserved');
    expect(findings.map((f) => f.message)).toEqual(['provisioned concurrency of Live of S/Fn is 10, above its reserved concurrency 3 (when C is true)', 'provisioned concurrency of Live of S/Fn is 20, above its reserved concurrency 3 (when C is false)']);
    const same = check(yaml.replace('!If [C, 10, 20]', '!If [C, 10, 10]')).findings.filter((f) => f.ruleId === 'ProvisionedExceedsReserved');
    expect(same.map((f) => f.message)).toEqual(['provisioned concurrency of Live of S/Fn is 10, above its reserved concurrency 3']);
  });

  test('a finding that holds in both branches is one finding even when the branches assume different parameter defaults', () => {
    // DataDog/datadog-serverless-functions' Forwarder: `Layers: !If [UseZipCopier, [], [!Ref LayerARN]]`, a condition
    // only known at deploy time; the same AsyncFailureDestination came twice, "when UseZipCopier is true" and "... false".
    const yaml = `
Parameters:
  Mode: { Type: String }
  SmallMemory: { Type: Number, Default: 128 }
  LargeMemory: { Type: Number, Default: 1024 }
Conditions: { Small: !Equals [!Ref Mode, small] }
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties: { Runtime: nodejs20.x, Handler: i.h, Role: arn:aws:iam::111111111111:role/r, Code: { ZipFile: x }, MemorySize: !If [Small, !Ref SmallMemory, !Ref LargeMemory] }
  Invoke:
    Type: AWS::Lambda::Permission
    Properties: { FunctionName: !Ref Fn, Action: lambda:InvokeFunction, Principal: sns.amazonaws.com }
`;
    const findings = check(yaml).findings.filter((f) => f.ruleId === 'AsyncFailureDestination');
    expect(findings.map((f) => f.message)).toEqual([
      'function S/Fn is invoked asynchronously (sns.amazonaws.com) with neither a dead-letter queue nor an on-failure destination (assuming parameter defaults: SmallMemory = 128, LargeMemory = 1024)',
    ]);
  });

  test('a resource whose Condition is unknown is checked as deployed, its findings naming the branch', () => {
    const yaml = `
Parameters: { Mode: { Type: String } }
Conditions: { Worker: !Equals [!Ref Mode, on] }
Resources:
  Fn: { Type: AWS::Lambda::Function, Properties: { ReservedConcurrentExecutions: 2 } }
  Map:
    Type: AWS::Lambda::EventSourceMapping
    Condition: Worker
    Properties: { FunctionName: !Ref Fn, EventSourceArn: arn:aws:sqs:us-east-1:111111111111:q, BatchSize: 1 }
`;
    const findings = check(yaml).findings.filter((f) => f.ruleId === 'SqsReservedBelowFive');
    expect(findings.map((f) => f.message)).toEqual(['SQS-triggered function S/Fn has reserved concurrency 2 (below 5) (when Worker is true)']);
  });

  test('AWS::NoValue removes a list item and a key; a false Output is left out (its export too)', () => {
    const template = {
      Conditions: { No: { 'Fn::Equals': ['a', 'b'] } },
      Resources: { R: { Type: 'T', Properties: { L: [1, { 'Fn::If': ['No', 2, { Ref: 'AWS::NoValue' }] }, 3], K: { 'Fn::If': ['No', 1, { Ref: 'AWS::NoValue' }] } } } },
      Outputs: { O: { Condition: 'No', Value: 1, Export: { Name: 'x' } } },
    };
    const applied = applyConditions(template);
    expect(applied.template).toEqual({ Conditions: template.Conditions, Resources: { R: { Type: 'T', Properties: { L: [1, 3] } } }, Outputs: {} });
    expect(applied).toMatchObject({ notDeployed: [], branching: [] });
  });

  test('a resource named __proto__ stays an own entry when its branch is picked', () => {
    const template = JSON.parse('{"Conditions":{"No":{"Fn::Equals":["a","b"]}},"Resources":{"__proto__":{"Type":"T","Properties":{"K":{"Fn::If":["No",1,2]}}}}}') as unknown;
    const resources = (applyConditions(template).template as { Resources: Record<string, unknown> }).Resources;
    expect(Object.hasOwn(resources, '__proto__')).toBe(true);
    expect(JSON.stringify(resources)).toBe('{"__proto__":{"Type":"T","Properties":{"K":2}}}');
  });

  test('a template without Conditions is returned as it is', () => {
    const template = { Resources: { R: { Type: 'T', Properties: { P: { 'Fn::If': ['C', 1, 2] } } } } };
    expect(applyConditions(template).template).toBe(template);
  });

  test('more unknown conditions than are branched stay deploy-time values, named in the coverage', () => {
    const names = Array.from({ length: 10 }, (_, i) => `C${i}`);
    const template = {
      Parameters: { P: { Type: 'String' } },
      Conditions: Object.fromEntries(names.map((n) => [n, { 'Fn::Equals': [{ Ref: 'P' }, n] }])),
      Resources: Object.fromEntries(names.map((n) => [`Fn${n}`, { Type: 'AWS::Lambda::Function', Properties: { Timeout: { 'Fn::If': [n, 10, 20] } } }])),
    };
    const { coverage } = runChecks([{ stackName: 'S', template }]);
    expect(coverage[0].unchecked.map((u) => u.what)).toEqual(['Condition C8', 'Condition C9']);
  });

  /** Condition trees of every intrinsic (and garbage), over parameters with and without defaults. */
  const leaf = fc.oneof(fc.constantFrom({ Ref: 'A' }, { Ref: 'B' }, { Ref: 'AWS::Region' }, { Ref: 'AWS::NoValue' }, { 'Fn::Sub': '${A}-x' }, 'x', 'y', 1, true, null), fc.anything({ maxDepth: 2 }));
  const tree = fc.letrec((t) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.tuple(leaf, leaf).map((args) => ({ 'Fn::Equals': args })),
      fc.array(t('node'), { maxLength: 3 }).map((xs) => ({ 'Fn::And': xs })),
      fc.array(t('node'), { maxLength: 3 }).map((xs) => ({ 'Fn::Or': xs })),
      t('node').map((x) => ({ 'Fn::Not': [x] })),
      fc.constantFrom('C0', 'C1', 'C2', 'Missing').map((c) => ({ Condition: c })),
      fc.anything({ maxDepth: 2 }),
    ),
  })).node;
  const use = (c: string) => fc.oneof(fc.constant({ 'Fn::If': [c, 1, { Ref: 'AWS::NoValue' }] }), fc.constant([{ 'Fn::If': [c, { Ref: 'AWS::NoValue' }, 2] }]));
  const templates = fc.record({
    Parameters: fc.constant({ A: { Type: 'String', Default: 'x' }, B: { Type: 'String' } }),
    Conditions: fc.tuple(tree, tree, tree).map(([a, b, c]) => ({ C0: a, C1: b, C2: c })),
    Resources: fc.tuple(use('C0'), use('C1'), use('C2'), fc.constantFrom('C0', 'C1', 'C2', 'Nope')).map(([a, b, c, cond]) => ({
      Fn: { Type: 'AWS::Lambda::Function', Condition: cond, Properties: { Timeout: a, Layers: b, ReservedConcurrentExecutions: c } },
    })),
  });

  test(`evaluation never throws and never changes its input (${runs(300, 60)} random condition trees)`, () => {
    fc.assert(
      fc.property(templates, fc.constantFrom({}, { region: 'us-east-1', account: '1' }), (template, env) => {
        const before = JSON.stringify(template);
        const applied = applyConditions(template, env);
        expect(JSON.stringify(template)).toBe(before);
        expect(() => checkTemplates([{ stackName: 'S', template, ...env }])).not.toThrow();
        for (const name of applied.branching) expect(['C0', 'C1', 'C2', 'Nope']).toContain(name);
      }),
      { numRuns: runs(300, 60), seed: 1919 },
    );
  });
});

describe('JSON documents given as text', () => {
  const parts = (yaml: string) => check(yaml).findings;
  test('an unquoted deploy-time number stays a deploy-time value, never a parse failure', () => {
    const yaml = `
Parameters: { Count: { Type: Number } }
Resources:
  Fn: { Type: AWS::Lambda::Function, Properties: { Timeout: 10, ReservedConcurrentExecutions: 20 } }
  Dlq: { Type: AWS::SQS::Queue }
  Q:
    Type: AWS::SQS::Queue
    Properties: { VisibilityTimeout: 60, RedrivePolicy: !Sub '{"deadLetterTargetArn": "\${Dlq.Arn}", "maxReceiveCount": \${Count}}' }
  M: { Type: AWS::Lambda::EventSourceMapping, Properties: { FunctionName: !Ref Fn, EventSourceArn: !GetAtt Q.Arn, BatchSize: 1 } }
`;
    const findings = parts(yaml).filter((f) => f.logicalId === 'Q');
    expect(findings.map((f) => [f.ruleId, f.severity])).toEqual([['SqsMaxReceiveCount', 'info']]);
    expect(findings[0].message).toMatch(/parameter Count/);
  });

  test('literal text, text with references, and text that is not JSON', () => {
    expect(jsonDocument('{"a": [1, "b"]}', 'P')).toEqual({ a: [1, 'b'] });
    expect(jsonDocument('{"a": ', 'P')).toMatchObject({ reason: 'P is not JSON' });
    expect(jsonDocument({ a: 1 }, 'P')).toEqual({ a: 1 });
  });
});
