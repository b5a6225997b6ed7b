/**
 * The gaps the corpus review recorded: EventBridge Scheduler schedules and scheduled EventBridge rules have their
 * expressions checked by the service that reads them; the queues that keep a schedule's, a rule target's or a
 * stream mapping's failures are dead-letter queues; AppSync (plain CloudFormation or SAM's GraphQLApi) invokes its
 * Lambda data sources and authorizers synchronously.
 */
import { join } from 'path';
import { buildGraph, expandSam, loadTemplateFile, runChecks, samOriginOf, SAM_TRANSFORM, type RuleFinding } from '../../lib/rules';

const FIXTURES = join(__dirname, '..', 'fixtures', 'templates');
const findingsOf = (file: string): RuleFinding[] => runChecks([loadTemplateFile(join(FIXTURES, file), file)]).findings;
const about = (findings: RuleFinding[], rule: string, id: string) => findings.find((f) => f.ruleId === rule && f.logicalId === id);

function samFunction(properties: Record<string, unknown>): Record<string, unknown> {
  return { Type: 'AWS::Serverless::Function', Properties: { Handler: 'index.handler', Runtime: 'nodejs22.x', CodeUri: 's3://bucket/key.zip', ...properties } };
}

describe('schedule expressions of EventBridge Scheduler and EventBridge rules', () => {
  const findings = findingsOf('schedules.yaml');

  test('a rule rejects rate(1 minutes) and at(...): errors naming the rule and what the service accepts', () => {
    expect(about(findings, 'ScheduleExpression', 'RuleRateOne')).toMatchObject({ severity: 'error', message: 'EventBridge rule schedules/RuleRateOne has ScheduleExpression rate(1 minutes): the unit must be singular for 1 and plural above: rate(1 minute)' });
    expect(about(findings, 'ScheduleExpression', 'RuleAt')?.message).toContain('EventBridge rules accept only cron(...) or rate(...)');
    expect(about(findings, 'ScheduleExpression', 'RuleAt')?.fix).toContain('Write ScheduleExpression as cron(...) with six fields or rate(...)');
  });

  test('a schedule with rate(5 minute) is a warning (not the documented form), a five-field cron an error', () => {
    expect(about(findings, 'ScheduleExpression', 'ScheduleRateNumber')).toMatchObject({ severity: 'warning', message: expect.stringContaining('rate(5 minutes)') });
    expect(about(findings, 'ScheduleExpression', 'ScheduleCronBad')).toMatchObject({ severity: 'error', message: expect.stringContaining('cron needs 6 fields') });
  });

  test('a schedule time zone that is an offset is an error naming ScheduleExpressionTimezone', () => {
    expect(about(findings, 'ScheduleTimezoneValid', 'ScheduleTzBad')).toMatchObject({ severity: 'error', message: 'EventBridge Scheduler schedule schedules/ScheduleTzBad has ScheduleExpressionTimezone UTC+2: not an IANA time zone name' });
  });

  test('an expression from a parameter without a default is tolerated: no finding, not even an info', () => {
    expect(findings.filter((f) => f.logicalId === 'ScheduleParam')).toEqual([]);
  });

  test('a parameter default is read, and the finding says it assumed it', () => {
    const template = { Parameters: { Rate: { Type: 'String', Default: 'rate(2 hour)' } }, Resources: { Rule: { Type: 'AWS::Events::Rule', Properties: { ScheduleExpression: { Ref: 'Rate' } } } } };
    const [f] = runChecks([{ stackName: 'P', template }]).findings;
    expect(f).toMatchObject({ ruleId: 'ScheduleExpression', severity: 'error', logicalId: 'Rule' });
    expect(f.message).toContain('Rate');
  });

  test('SAM Schedule and ScheduleV2 events are checked as the rule and schedule they become, named by function and event', () => {
    const template = {
      Transform: SAM_TRANSFORM,
      Resources: {
        Fn: samFunction({
          Events: {
            Every5: { Type: 'Schedule', Properties: { Schedule: 'rate(5 minute)' } },
            Nightly: { Type: 'ScheduleV2', Properties: { ScheduleExpression: 'cron(0 2 * * ?)', ScheduleExpressionTimezone: 'Europe/Berln' } },
            Fine: { Type: 'ScheduleV2', Properties: { ScheduleExpression: 'rate(1 day)', ScheduleExpressionTimezone: 'Europe/Berlin' } },
          },
        }),
      },
    };
    const found = runChecks([{ stackName: 'sam', template }]).findings.filter((f) => f.ruleId.startsWith('Schedule'));
    expect(found.map((f) => [f.ruleId, f.severity, f.logicalId, f.generated?.from])).toEqual([
      ['ScheduleExpression', 'error', 'Fn', 'Events.Nightly'],
      ['ScheduleExpression', 'error', 'Fn', 'Events.Every5'],
      ['ScheduleTimezoneValid', 'error', 'Fn', 'Events.Nightly'],
    ]);
  });

  test('Application Auto Scaling keeps accepting both unit words (its documented form)', () => {
    const findings = findingsOf('scaling.yaml').filter((f) => f.ruleId === 'ScheduleExpression');
    expect(findings.every((f) => f.message.startsWith('scheduled action '))).toBe(true);
  });
});

describe('dead-letter queues of schedules, rule targets and stream mappings', () => {
  const findings = findingsOf('failures.yaml');

  test.each([
    ['StreamDlq', 'on-failure destination of stream mapping StreamMapping'],
    ['ScheduleDlq', 'dead-letter queue of EventBridge Scheduler schedule Schedule'],
    ['RuleDlq', 'dead-letter queue of EventBridge rule Rule'],
  ])('%s has no depth alarm: the finding names the relation (%s)', (id, why) => {
    expect(about(findings, 'DlqDepthAlarm', id)?.message).toBe(`dead-letter queue failures/${id} (${why}) has no alarm on ApproximateNumberOfMessagesVisible`);
  });

  test('an SNS topic as on-failure destination is no queue: the graph links nothing to it', () => {
    const graph = buildGraph([loadTemplateFile(join(FIXTURES, 'failures.yaml'))]);
    expect(graph.queues.filter((q) => q.dlqOf.length > 0).map((q) => q.resource.logicalId).sort()).toEqual(['RuleDlq', 'ScheduleDlq', 'StreamDlq', 'WatchedDlq']);
  });

  test('SAM stream events with DestinationConfig and ScheduleV2 with DeadLetterConfig Type SQS give DLQs too', () => {
    const template = {
      Transform: SAM_TRANSFORM,
      Resources: {
        Stream: { Type: 'AWS::Kinesis::Stream', Properties: { ShardCount: 1 } },
        Failed: { Type: 'AWS::SQS::Queue' },
        Fn: samFunction({
          Events: {
            Records: { Type: 'Kinesis', Properties: { Stream: { 'Fn::GetAtt': ['Stream', 'Arn'] }, StartingPosition: 'LATEST', DestinationConfig: { OnFailure: { Type: 'SQS', Destination: { 'Fn::GetAtt': ['Failed', 'Arn'] } } } } },
            Hourly: { Type: 'ScheduleV2', Properties: { ScheduleExpression: 'rate(1 hour)', DeadLetterConfig: { Type: 'SQS' } } },
          },
        }),
      },
    };
    const dlqs = runChecks([{ stackName: 'sam', template }]).findings.filter((f) => f.ruleId === 'DlqDepthAlarm');
    expect(dlqs.map((f) => [f.logicalId, f.generated?.logicalId])).toEqual([
      ['Failed', undefined],
      ['Fn', 'FnHourlyQueue'],
    ]);
    expect(dlqs[0].message).toContain('on-failure destination of stream mapping FnRecords');
    expect(dlqs[1].message).toContain('dead-letter queue of EventBridge Scheduler schedule FnHourly');
  });

  test("an SNS subscription's redrive policy (an object, or JSON text, or from a SAM SNS event) makes its queue a DLQ", () => {
    const arn = (id: string) => ({ 'Fn::GetAtt': [id, 'Arn'] });
    const template = {
      Transform: SAM_TRANSFORM,
      Resources: {
        Topic: { Type: 'AWS::SNS::Topic' },
        ObjectDlq: { Type: 'AWS::SQS::Queue' },
        TextDlq: { Type: 'AWS::SQS::Queue' },
        SamDlq: { Type: 'AWS::SQS::Queue' },
        Plain: { Type: 'AWS::SNS::Subscription', Properties: { Protocol: 'lambda', TopicArn: { Ref: 'Topic' }, Endpoint: 'x', RedrivePolicy: { deadLetterTargetArn: arn('ObjectDlq') } } },
        Text: { Type: 'AWS::SNS::Subscription', Properties: { Protocol: 'lambda', TopicArn: { Ref: 'Topic' }, Endpoint: 'x', RedrivePolicy: JSON.stringify({ deadLetterTargetArn: 'arn:aws:sqs:us-east-1:111111111111:text' }) } },
        Fn: samFunction({ Events: { Note: { Type: 'SNS', Properties: { Topic: { Ref: 'Topic' }, RedrivePolicy: { deadLetterTargetArn: arn('SamDlq') } } } } }),
      },
    };
    (template.Resources.TextDlq as { Properties?: object }).Properties = { QueueName: 'text' };
    const dlqs = runChecks([{ stackName: 's', template }]).findings.filter((f) => f.ruleId === 'DlqDepthAlarm');
    expect(dlqs.map((f) => [f.logicalId, f.message.replace(/.*\((.*)\).*/, '$1')])).toEqual([
      ['ObjectDlq', 'dead-letter queue of SNS subscription Plain'],
      ['TextDlq', 'dead-letter queue of SNS subscription Text'],
      ['SamDlq', 'dead-letter queue of SNS subscription FnNote'],
    ]);
  });
});

describe('AppSync invokes Lambda data sources and authorizers synchronously', () => {
  test('a CloudFormation data source of type AWS_LAMBDA and an appsync.amazonaws.com permission are sync callers', () => {
    const graph = buildGraph([loadTemplateFile(join(FIXTURES, 'appsync.yaml'))]);
    const fn = (id: string) => graph.functions.find((f) => f.resource.logicalId === id);
    expect(fn('FnResolver')).toMatchObject({ syncSources: ['AppSync data source DataSource'], asyncSources: [] });
    expect(fn('FnAuthorizer')).toMatchObject({ syncSources: ['appsync.amazonaws.com'], asyncSources: [] });
    expect(fn('FnPlain')).toMatchObject({ syncSources: [], asyncSources: [] });
  });

  const api = {
    Type: 'AWS::Serverless::GraphQLApi',
    Properties: {
      SchemaInline: 'type Query { hello: String }',
      Auth: { Type: 'AWS_LAMBDA', LambdaAuthorizer: { AuthorizerUri: { 'Fn::GetAtt': ['Authorizer', 'Arn'] } }, Additional: [{ Type: 'API_KEY' }, { Type: 'AWS_LAMBDA', LambdaAuthorizer: { AuthorizerUri: { 'Fn::GetAtt': ['Second', 'Arn'] } } }] },
      DataSources: { Lambda: { Hello: { FunctionArn: { 'Fn::GetAtt': ['Resolver', 'Arn'] } } }, DynamoDb: { Table: { TableName: 't', TableArn: 'arn:aws:dynamodb:r:1:table/t' } } },
    },
  };
  const template = { Transform: SAM_TRANSFORM, Resources: { Api: api, Resolver: samFunction({}), Authorizer: samFunction({}), Second: samFunction({}) } };

  test('SAM GraphQLApi expands to the API, a Lambda data source and the authorizers\' permissions, with their SAM origin', () => {
    const resources = (expandSam(template).template as { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> }).Resources;
    expect(resources.Api.Type).toBe('AWS::AppSync::GraphQLApi');
    expect(resources.ApiHelloLambdaDataSource).toMatchObject({ Type: 'AWS::AppSync::DataSource', Properties: { Name: 'Hello', Type: 'AWS_LAMBDA', LambdaConfig: { LambdaFunctionArn: { 'Fn::GetAtt': ['Resolver', 'Arn'] } } } });
    expect(samOriginOf(resources.ApiHelloLambdaDataSource.Properties)).toEqual({ logicalId: 'Api', from: 'DataSources.Lambda.Hello' });
    expect(resources.ApiToLambdaAuthConnector1WriteLambdaPermission).toMatchObject({ Type: 'AWS::Lambda::Permission', Properties: { Principal: 'appsync.amazonaws.com', FunctionName: { 'Fn::GetAtt': ['Authorizer', 'Arn'] } } });
    expect(samOriginOf(resources.ApiToLambdaAuthConnector2WriteLambdaPermission.Properties)).toEqual({ logicalId: 'Api', from: 'Auth.Additional.1.LambdaAuthorizer' });
  });

  test('through the rules: the resolver and both authorizers need a Throttles alarm; the coverage no longer names GraphQLApi', () => {
    const result = runChecks([{ stackName: 'sam', template }]);
    expect(result.findings.filter((f) => f.ruleId === 'ThrottleAlarm').map((f) => f.logicalId).sort()).toEqual(['Authorizer', 'Resolver', 'Second']);
    expect(result.coverage[0]).toMatchObject({ sam: true, functions: 3, unchecked: [] });
  });
});
