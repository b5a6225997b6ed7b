/**
 * AWS SAM templates are checked as they deploy: the expansion produces what SAM's translator generates (ids,
 * types, the properties the rules read), findings name the SAM resource and event, and the expansion is pure.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import fc from 'fast-check';
import { memoryIo } from '../../bin/io';
import { main } from '../../bin/main';
import { expandSam, isSamTemplate, loadTemplateFile, mergeGlobals, runChecks, samOriginOf, SAM_TRANSFORM, type RuleFinding } from '../../lib/rules';

const FIXTURES = join(__dirname, '..', 'fixtures', 'templates');

type Resources = Record<string, { Type: string; Properties: Record<string, unknown>; [k: string]: unknown }>;

/** The expanded resources of a SAM template with the given resources (and Globals). */
function expand(resources: Record<string, unknown>, extra: Record<string, unknown> = {}): Resources {
  return (expandSam({ Transform: SAM_TRANSFORM, Resources: resources, ...extra }).template as { Resources: Resources }).Resources;
}

function fn(properties: Record<string, unknown> = {}): Record<string, unknown> {
  return { Type: 'AWS::Serverless::Function', Properties: { Handler: 'index.handler', Runtime: 'nodejs22.x', CodeUri: 's3://bucket/key.zip', ...properties } };
}

/** Logical id → type of the expanded resources. */
function types(resources: Resources): Record<string, string> {
  return Object.fromEntries(Object.entries(resources).map(([id, r]) => [id, r.Type]));
}

describe('the SAM transform is recognized', () => {
  test.each([
    [SAM_TRANSFORM, true],
    [['AWS::LanguageExtensions', SAM_TRANSFORM], true],
    ['AWS::Include', false],
    [undefined, false],
  ])('Transform %p → %p', (transform, sam) => {
    expect(isSamTemplate({ Transform: transform, Resources: {} })).toBe(sam);
  });

  test('a template that is not SAM comes back as the same object', () => {
    const template = { Resources: { Fn: fn() } };
    expect(expandSam(template)).toEqual({ template, expanded: false, unfollowed: [] });
    expect(expandSam(template).template).toBe(template);
  });

  test('other transforms stay on the expanded template; SAM and Globals go', () => {
    const out = expandSam({ Transform: ['AWS::LanguageExtensions', SAM_TRANSFORM], Globals: { Function: {} }, Resources: {} }).template as Record<string, unknown>;
    expect(out.Transform).toBe('AWS::LanguageExtensions');
    expect(out.Globals).toBeUndefined();
  });
});

describe('a function expands to what SAM generates', () => {
  test('function and execution role; the role carries managed policies and inline statements', () => {
    const statement = { Effect: 'Allow', Action: 'rds-db:connect', Resource: '*' };
    const r = expand({ Fn: fn({ Timeout: 30, ReservedConcurrentExecutions: 7, Policies: ['AmazonSQSFullAccess', { Statement: [statement] }], Tags: { team: 'a' } }) });
    expect(types(r)).toEqual({ FnRole: 'AWS::IAM::Role', Fn: 'AWS::Lambda::Function' });
    expect(r.Fn.Properties).toMatchObject({ Timeout: 30, ReservedConcurrentExecutions: 7, Role: { 'Fn::GetAtt': ['FnRole', 'Arn'] }, Code: { S3Bucket: 'bucket', S3Key: 'key.zip' }, Tags: [{ Key: 'team', Value: 'a' }] });
    expect(r.FnRole.Properties.ManagedPolicyArns).toEqual([
      { 'Fn::Sub': 'arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole' },
      { 'Fn::Sub': 'arn:${AWS::Partition}:iam::aws:policy/AmazonSQSFullAccess' },
    ]);
    expect(r.FnRole.Properties.Policies).toEqual([{ PolicyName: 'SamInlinePolicy0', PolicyDocument: { Statement: [statement] } }]);
  });

  test('a given Role is used and no role is generated', () => {
    expect(types(expand({ Fn: fn({ Role: 'arn:aws:iam::1:role/r' }) }))).toEqual({ Fn: 'AWS::Lambda::Function' });
  });

  test('AutoPublishAlias: a version and an alias carrying ProvisionedConcurrencyConfig; events go to the alias', () => {
    const r = expand({ Fn: fn({ AutoPublishAlias: 'live-1_a', ProvisionedConcurrencyConfig: { ProvisionedConcurrentExecutions: 3 }, Events: { Q: { Type: 'SQS', Properties: { Queue: 'arn:aws:sqs:r:1:q' } } } }) });
    expect(r.FnAliasliveD1Ua).toMatchObject({ Type: 'AWS::Lambda::Alias', Properties: { Name: 'live-1_a', FunctionName: { Ref: 'Fn' }, FunctionVersion: { 'Fn::GetAtt': ['FnVersion', 'Version'] }, ProvisionedConcurrencyConfig: { ProvisionedConcurrentExecutions: 3 } } });
    expect(r.FnVersion.Type).toBe('AWS::Lambda::Version');
    expect(r.FnQ.Properties.FunctionName).toEqual({ Ref: 'FnAliasliveD1Ua' });
  });

  test('an alias name from a parameter is read through its default', () => {
    const r = expand({ Fn: fn({ AutoPublishAlias: { Ref: 'Alias' } }) }, { Parameters: { Alias: { Type: 'String', Default: 'prod' } } });
    expect(r.FnAliasprod.Properties.Name).toBe('prod');
  });

  test('Fn.Alias and Fn.Version references become the generated ids (Ref, GetAtt, Sub)', () => {
    const out = expandSam({
      Transform: SAM_TRANSFORM,
      Resources: {
        Fn: fn({ AutoPublishAlias: 'live' }),
        Target: { Type: 'AWS::ApplicationAutoScaling::ScalableTarget', Properties: { ResourceId: { 'Fn::Sub': 'function:${Fn}:live' }, Arn: { 'Fn::Sub': '${Fn.Alias}' }, Other: { Ref: 'Fn.Alias' } } },
      },
      Outputs: { V: { Value: { Ref: 'Fn.Version' } }, A: { Value: { 'Fn::GetAtt': ['Fn.Alias', 'Arn'] } } },
    }).template as { Resources: Resources; Outputs: Record<string, { Value: unknown }> };
    expect(out.Resources.Target.Properties).toEqual({ ResourceId: { 'Fn::Sub': 'function:${Fn}:live' }, Arn: { 'Fn::Sub': '${FnAliaslive}' }, Other: { Ref: 'FnAliaslive' } });
    expect(out.Outputs).toEqual({ V: { Value: { Ref: 'FnVersion' } }, A: { Value: { 'Fn::GetAtt': ['FnAliaslive', 'Arn'] } } });
  });

  test('DeadLetterQueue, EventInvokeConfig (with the queue SAM creates for a destination without ARN) and FunctionUrlConfig', () => {
    const r = expand({
      Fn: fn({
        DeadLetterQueue: { Type: 'SQS', TargetArn: 'arn:aws:sqs:r:1:dlq' },
        EventInvokeConfig: { MaximumRetryAttempts: 1, MaximumEventAgeInSeconds: 60, DestinationConfig: { OnFailure: { Type: 'SQS' }, OnSuccess: { Type: 'Lambda', Destination: 'arn:aws:lambda:r:1:function:x' } } },
        FunctionUrlConfig: { AuthType: 'AWS_IAM' },
      }),
    });
    expect(r.Fn.Properties.DeadLetterConfig).toEqual({ TargetArn: 'arn:aws:sqs:r:1:dlq' });
    expect(r.FnEventInvokeConfig.Properties).toEqual({
      FunctionName: { Ref: 'Fn' },
      Qualifier: '$LATEST',
      MaximumRetryAttempts: 1,
      MaximumEventAgeInSeconds: 60,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': ['FnEventInvokeConfigOnFailureQueue', 'Arn'] } }, OnSuccess: { Destination: 'arn:aws:lambda:r:1:function:x' } },
    });
    expect(r.FnEventInvokeConfigOnFailureQueue.Type).toBe('AWS::SQS::Queue');
    expect(r.FnUrl.Properties).toEqual({ AuthType: 'AWS_IAM', TargetFunctionArn: { Ref: 'Fn' } });
  });
});

describe('events expand to what SAM generates, named <function><event>', () => {
  const pollers: ReadonlyArray<[string, Record<string, unknown>, Record<string, unknown>]> = [
    ['SQS', { Queue: 'arn:aws:sqs:r:1:q', BatchSize: 50, MaximumBatchingWindowInSeconds: 5, FunctionResponseTypes: ['ReportBatchItemFailures'], ScalingConfig: { MaximumConcurrency: 5 } }, { EventSourceArn: 'arn:aws:sqs:r:1:q', BatchSize: 50, MaximumBatchingWindowInSeconds: 5, ScalingConfig: { MaximumConcurrency: 5 } }],
    ['Kinesis', { Stream: 'arn:aws:kinesis:r:1:stream/s', StartingPosition: 'LATEST', MaximumRetryAttempts: 3, BisectBatchOnFunctionError: true, ParallelizationFactor: 2, DestinationConfig: { OnFailure: { Type: 'SQS', Destination: 'arn:aws:sqs:r:1:dlq' } } }, { EventSourceArn: 'arn:aws:kinesis:r:1:stream/s', MaximumRetryAttempts: 3, ParallelizationFactor: 2, DestinationConfig: { OnFailure: { Destination: 'arn:aws:sqs:r:1:dlq' } } }],
    ['DynamoDB', { Stream: 'arn:aws:dynamodb:r:1:table/t/stream/x', StartingPosition: 'TRIM_HORIZON', TumblingWindowInSeconds: 60 }, { EventSourceArn: 'arn:aws:dynamodb:r:1:table/t/stream/x', TumblingWindowInSeconds: 60 }],
    ['MQ', { Broker: 'arn:aws:mq:r:1:broker:b:id', Queues: ['q'], SourceAccessConfigurations: [{ Type: 'BASIC_AUTH', URI: 's' }] }, { EventSourceArn: 'arn:aws:mq:r:1:broker:b:id', Queues: ['q'], SourceAccessConfigurations: [{ Type: 'BASIC_AUTH', URI: 's' }] }],
    ['MSK', { Stream: 'arn:aws:kafka:r:1:cluster/c/id', Topics: ['t'], StartingPosition: 'LATEST', ConsumerGroupId: 'g' }, { EventSourceArn: 'arn:aws:kafka:r:1:cluster/c/id', Topics: ['t'], AmazonManagedKafkaEventSourceConfig: { ConsumerGroupId: 'g' } }],
    ['SelfManagedKafka', { KafkaBootstrapServers: ['b:9092'], Topics: ['t'] }, { SelfManagedEventSource: { Endpoints: { KafkaBootstrapServers: ['b:9092'] } }, Topics: ['t'] }],
  ];
  test.each(pollers)('%s: an event source mapping with the event\'s properties', (type, properties, expected) => {
    const r = expand({ Fn: fn({ Events: { Ev: { Type: type, Properties: properties } } }) });
    expect(r.FnEv.Type).toBe('AWS::Lambda::EventSourceMapping');
    expect(r.FnEv.Properties).toMatchObject({ FunctionName: { Ref: 'Fn' }, ...expected });
  });

  const pushers: ReadonlyArray<[string, Record<string, unknown>, Record<string, string>, string]> = [
    ['Api', { Path: '/x', Method: 'get' }, { ServerlessRestApi: 'AWS::ApiGateway::RestApi', FnEvPermissionProd: 'AWS::Lambda::Permission' }, 'apigateway.amazonaws.com'],
    ['HttpApi', {}, { ServerlessHttpApi: 'AWS::ApiGatewayV2::Api', FnEvPermission: 'AWS::Lambda::Permission' }, 'apigateway.amazonaws.com'],
    ['SNS', { Topic: 'arn:aws:sns:r:1:t' }, { FnEv: 'AWS::SNS::Subscription', FnEvPermission: 'AWS::Lambda::Permission' }, 'sns.amazonaws.com'],
    ['Schedule', { Schedule: 'rate(1 hour)' }, { FnEv: 'AWS::Events::Rule', FnEvPermission: 'AWS::Lambda::Permission' }, 'events.amazonaws.com'],
    ['EventBridgeRule', { Pattern: { source: ['x'] } }, { FnEv: 'AWS::Events::Rule', FnEvPermission: 'AWS::Lambda::Permission' }, 'events.amazonaws.com'],
    ['CloudWatchLogs', { LogGroupName: 'g', FilterPattern: '' }, { FnEv: 'AWS::Logs::SubscriptionFilter', FnEvPermission: 'AWS::Lambda::Permission' }, 'logs.amazonaws.com'],
    ['IoTRule', { Sql: "SELECT * FROM 't'" }, { FnEv: 'AWS::IoT::TopicRule', FnEvPermission: 'AWS::Lambda::Permission' }, 'iot.amazonaws.com'],
    ['AlexaSkill', { SkillId: 's' }, { FnEvPermission: 'AWS::Lambda::Permission' }, 'alexa-appkit.amazon.com'],
  ];
  test.each(pushers)('%s: a permission for the service, and what it invokes through', (type, properties, generated, principal) => {
    const r = expand({ Fn: fn({ Events: { Ev: { Type: type, Properties: properties } } }) });
    expect(types(r)).toEqual({ FnRole: 'AWS::IAM::Role', Fn: 'AWS::Lambda::Function', ...generated });
    const permission = Object.values(r).find((x) => x.Type === 'AWS::Lambda::Permission');
    expect(permission?.Properties).toMatchObject({ Action: 'lambda:InvokeFunction', FunctionName: { Ref: 'Fn' }, Principal: principal });
  });

  test('EventBridge rules and schedules target the function, with the target retry policy and DLQ', () => {
    const r = expand({ Fn: fn({ Events: { Ev: { Type: 'Schedule', Properties: { Schedule: 'rate(1 hour)', Enabled: false, RetryPolicy: { MaximumRetryAttempts: 0 }, DeadLetterConfig: { Type: 'SQS' } } } } }) });
    expect(r.FnEv.Properties).toEqual({
      ScheduleExpression: 'rate(1 hour)',
      State: 'DISABLED',
      Targets: [{ Arn: { 'Fn::GetAtt': ['Fn', 'Arn'] }, Id: 'FnEvLambdaTarget', RetryPolicy: { MaximumRetryAttempts: 0 }, DeadLetterConfig: { Arn: { 'Fn::GetAtt': ['FnEvQueue', 'Arn'] } } }],
    });
    expect(r.FnEvQueue.Type).toBe('AWS::SQS::Queue');
  });

  test('ScheduleV2: a Scheduler schedule invoking through a role allowed lambda:InvokeFunction on the function', () => {
    const r = expand({ Fn: fn({ Events: { Ev: { Type: 'ScheduleV2', Properties: { ScheduleExpression: 'cron(0 2 * * ? *)', ScheduleExpressionTimezone: 'Europe/Paris' } } } }) });
    expect(types(r)).toEqual({ FnRole: 'AWS::IAM::Role', Fn: 'AWS::Lambda::Function', FnEvRole: 'AWS::IAM::Role', FnEv: 'AWS::Scheduler::Schedule' });
    expect(r.FnEv.Properties).toEqual({
      ScheduleExpression: 'cron(0 2 * * ? *)',
      ScheduleExpressionTimezone: 'Europe/Paris',
      Name: 'FnEv',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: { Arn: { 'Fn::GetAtt': ['Fn', 'Arn'] }, RoleArn: { 'Fn::GetAtt': ['FnEvRole', 'Arn'] } },
    });
    expect(r.FnEvRole.Properties).toMatchObject({
      AssumeRolePolicyDocument: { Statement: [{ Principal: { Service: ['scheduler.amazonaws.com'] } }] },
      Policies: [{ PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: { 'Fn::GetAtt': ['Fn', 'Arn'] } }] } }],
    });
  });

  test('SNS with SqsSubscription: a queue (FIFO for a FIFO topic), its policy, the subscription and a mapping', () => {
    const r = expand({ Topic: { Type: 'AWS::SNS::Topic', Properties: { FifoTopic: true } }, Fn: fn({ Events: { Ev: { Type: 'SNS', Properties: { Topic: { Ref: 'Topic' }, SqsSubscription: true } } } }) });
    expect(types(r)).toMatchObject({ FnEvQueue: 'AWS::SQS::Queue', FnEvQueuePolicy: 'AWS::SQS::QueuePolicy', FnEv: 'AWS::SNS::Subscription', FnEvEventSourceMapping: 'AWS::Lambda::EventSourceMapping' });
    expect(r.FnEvQueue.Properties).toEqual({ FifoQueue: true });
    expect(r.FnEvEventSourceMapping.Properties).toMatchObject({ EventSourceArn: { 'Fn::GetAtt': ['FnEvQueue', 'Arn'] }, BatchSize: 10, Enabled: true });
  });

  test('S3 and Cognito change the bucket and user pool of the template (copies: the input is not changed)', () => {
    const bucket = { Type: 'AWS::S3::Bucket', Properties: {} };
    const pool = { Type: 'AWS::Cognito::UserPool' };
    const r = expand({
      Bucket: bucket,
      Pool: pool,
      Fn: fn({ Events: { Up: { Type: 'S3', Properties: { Bucket: { Ref: 'Bucket' }, Events: 's3:ObjectCreated:*' } }, Auth: { Type: 'Cognito', Properties: { UserPool: { Ref: 'Pool' }, Trigger: ['PreSignUp'] } } } }),
    });
    expect(r.Bucket.Properties).toEqual({ NotificationConfiguration: { LambdaConfigurations: [{ Event: 's3:ObjectCreated:*', Function: { 'Fn::GetAtt': ['Fn', 'Arn'] } }] } });
    expect(r.Pool.Properties).toEqual({ LambdaConfig: { PreSignUp: { 'Fn::GetAtt': ['Fn', 'Arn'] } } });
    expect(r.FnCognitoPermission.Properties.Principal).toBe('cognito-idp.amazonaws.com');
    expect(bucket).toEqual({ Type: 'AWS::S3::Bucket', Properties: {} });
    expect(pool).toEqual({ Type: 'AWS::Cognito::UserPool' });
  });

  test('an event type SAM does not define is reported, not dropped silently', () => {
    const result = expandSam({ Transform: SAM_TRANSFORM, Resources: { Fn: fn({ Events: { Ev: { Type: 'Carrier', Properties: {} } } }) } });
    expect(result.unfollowed).toEqual(['Fn Events.Ev: event type Carrier is not one SAM defines']);
  });

  test('each generated resource carries its SAM origin; the function itself does not need one', () => {
    const r = expand({ Fn: fn({ AutoPublishAlias: 'live', Events: { Q: { Type: 'SQS', Properties: { Queue: 'arn:aws:sqs:r:1:q' } } } }) });
    // A mapping's origin keeps the event's Type: evidence of its source when the ARN is a deploy-time value.
    expect(samOriginOf(r.FnQ.Properties)).toEqual({ logicalId: 'Fn', from: 'Events.Q', eventType: 'SQS' });
    expect(samOriginOf(r.FnAliaslive.Properties)).toEqual({ logicalId: 'Fn', from: 'AutoPublishAlias' });
    expect(samOriginOf(r.Fn.Properties)).toBeUndefined();
    expect(JSON.stringify(r.FnQ)).not.toContain('origin');
  });
});

describe('permissions SAM writes beside events, APIs and connectors, named as the translator names them', () => {
  const permissions = (r: Resources) => Object.keys(r).filter((id) => r[id].Type === 'AWS::Lambda::Permission').sort();

  test('a REST event permission ends with the stage of the API it names (hashed when not alphanumeric)', () => {
    const r = expand({
      Api: { Type: 'AWS::Serverless::Api', Properties: { StageName: 'live' } },
      Dashed: { Type: 'AWS::Serverless::Api', Properties: { StageName: 'my-stage' } },
      Fn: fn({ Events: { Implicit: { Type: 'Api', Properties: { Path: '/', Method: 'get' } }, Live: { Type: 'Api', Properties: { RestApiId: { Ref: 'Api' }, Path: '/', Method: 'get' } }, Other: { Type: 'Api', Properties: { RestApiId: { Ref: 'Dashed' }, Path: '/', Method: 'get' } } } }),
    });
    // SHA-1 of "my-stage", first 10 hex digits, as SAM derives an id from a stage name that is not alphanumeric.
    expect(permissions(r)).toEqual(['FnImplicitPermissionProd', 'FnLivePermissionlive', 'FnOtherPermissiona9d64949ee']);
  });

  test('an HTTP API event gets no permission when the same function answers the $default route of that API', () => {
    const r = expand({ Fn: fn({ Events: { All: { Type: 'HttpApi' }, Get: { Type: 'HttpApi', Properties: { Path: '/items', Method: 'get' } } } }) });
    expect(permissions(r)).toEqual(['FnAllPermission']);
  });

  test('authorizers: REST unless DisableFunctionDefaultPermissions, HTTP only with EnableFunctionDefaultPermissions, the implicit API from Globals', () => {
    const auth = (extra: Record<string, unknown>) => ({ Auth: { Authorizers: { A: { FunctionArn: { 'Fn::GetAtt': ['Auth', 'Arn'] }, ...extra } } } });
    const r = expand(
      {
        Auth: fn(),
        Rest: { Type: 'AWS::Serverless::Api', Properties: { StageName: 'p', ...auth({}) } },
        RestOff: { Type: 'AWS::Serverless::Api', Properties: { StageName: 'p', ...auth({ DisableFunctionDefaultPermissions: true }) } },
        Http: { Type: 'AWS::Serverless::HttpApi', Properties: auth({}) },
        HttpOn: { Type: 'AWS::Serverless::HttpApi', Properties: auth({ EnableFunctionDefaultPermissions: true }) },
        Fn: fn({ Events: { Get: { Type: 'Api', Properties: { Path: '/', Method: 'get' } } } }),
      },
      { Globals: { Api: auth({}) } },
    );
    expect(permissions(r).filter((id) => id.endsWith('AuthorizerPermission'))).toEqual(['HttpOnAAuthorizerPermission', 'RestAAuthorizerPermission', 'ServerlessRestApiAAuthorizerPermission']);
  });

  test('WebSocket routes and a CUSTOM authorizer; Write connectors from invoking services, one per destination of a list', () => {
    const r = expand({
      Fn: fn(),
      Topic: { Type: 'AWS::SNS::Topic', Connectors: { ToFn: { Properties: { Destination: { Id: 'Fn' }, Permissions: ['Write'] } } } },
      Ws: { Type: 'AWS::Serverless::WebSocketApi', Properties: { RouteSelectionExpression: '$request.body.action', Auth: { AuthType: 'CUSTOM', AuthArn: { 'Fn::GetAtt': ['Fn', 'Arn'] } }, Routes: { $connect: { FunctionArn: { 'Fn::GetAtt': ['Fn', 'Arn'] } }, sendMessage: { FunctionArn: { 'Fn::GetAtt': ['Fn', 'Arn'] } } } } },
      Rule: { Type: 'AWS::Events::Rule', Properties: {} },
      Both: { Type: 'AWS::Serverless::Connector', Properties: { Source: { Id: 'Rule' }, Destination: [{ Id: 'Fn' }, { Id: 'Topic' }], Permissions: ['Write'] } },
      Read: { Type: 'AWS::Serverless::Connector', Properties: { Source: { Id: 'Rule' }, Destination: { Id: 'Fn' }, Permissions: ['Read'] } },
    });
    expect(permissions(r)).toEqual(['BothWriteLambdaPermissionDestination0', 'TopicToFnWriteLambdaPermission', 'WsAuthorizerPermission', 'WsConnectPermission', 'WsSendmessagePermission']);
    expect(r.TopicToFnWriteLambdaPermission.Properties).toMatchObject({ Principal: 'sns.amazonaws.com', SourceArn: { Ref: 'Topic' }, FunctionName: { 'Fn::GetAtt': ['Fn', 'Arn'] } });
    expect(samOriginOf(r.TopicToFnWriteLambdaPermission.Properties)).toEqual({ logicalId: 'Topic', from: 'Connectors.ToFn' });
  });

  test('a destination under a condition: SAM creates the topic under it, the queue under its negation, and the template may name them', () => {
    const result = expandSam({
      Transform: SAM_TRANSFORM,
      Conditions: { C: { 'Fn::Equals': ['a', 'a'] } },
      Resources: {
        Fn: fn({ EventInvokeConfig: { DestinationConfig: { OnFailure: { Type: 'SNS', Destination: { 'Fn::If': ['C', { Ref: 'AWS::NoValue' }, 'arn:aws:sns:r:1:t'] } }, OnSuccess: { Type: 'SQS', Destination: { 'Fn::If': ['C', 'arn:aws:sqs:r:1:q', { Ref: 'AWS::NoValue' }] } } } } }),
        Sub: { Type: 'AWS::SNS::Subscription', Properties: { TopicArn: { Ref: 'Fn.DestinationTopic' } } },
      },
    }).template as { Conditions: Record<string, unknown>; Resources: Resources };
    const r = result.Resources;
    expect(r.FnEventInvokeConfigOnFailureTopic.Condition).toBe('C');
    // SAM names the negation after the condition and a hash of the EventInvokeConfig's logical id.
    expect(r.FnEventInvokeConfigOnSuccessQueue.Condition).toMatch(/^NOTC[0-9a-f]{10}$/);
    expect(result.Conditions[r.FnEventInvokeConfigOnSuccessQueue.Condition as string]).toEqual({ 'Fn::Not': [{ Condition: 'C' }] });
    expect(r.FnEventInvokeConfig.Properties.DestinationConfig).toMatchObject({ OnFailure: { Destination: { 'Fn::If': ['C', { Ref: 'FnEventInvokeConfigOnFailureTopic' }, 'arn:aws:sns:r:1:t'] } } });
    expect(r.Sub.Properties.TopicArn).toEqual({ Ref: 'FnEventInvokeConfigOnFailureTopic' });
  });
});

describe('Globals.Function merge (SAM rules)', () => {
  test('scalars: the resource wins; objects merge by key; lists concatenate; an intrinsic is a scalar', () => {
    expect(mergeGlobals({ Timeout: 3, Environment: { Variables: { A: 'g', B: 'g' } }, Layers: ['g'], Role: { Ref: 'R' } }, { Timeout: 30, Environment: { Variables: { B: 'l' } }, Layers: ['l'], Role: { 'Fn::GetAtt': ['X', 'Arn'] } })).toEqual({
      Timeout: 30,
      Environment: { Variables: { A: 'g', B: 'l' } },
      Layers: ['g', 'l'],
      Role: { 'Fn::GetAtt': ['X', 'Arn'] },
    });
    expect(mergeGlobals({ Variables: { A: 1 } }, { Ref: 'P' })).toEqual({ Ref: 'P' });
  });

  test('the merged function is what the rules read; IgnoreGlobals leaves properties out', () => {
    const r = expand(
      { A: fn(), B: { ...fn(), IgnoreGlobals: ['Timeout'] }, C: { ...fn({ Timeout: 7 }), IgnoreGlobals: '*' } },
      { Globals: { Function: { Timeout: 60, ReservedConcurrentExecutions: 5 } } },
    );
    expect([r.A.Properties.Timeout, r.B.Properties.Timeout, r.C.Properties.Timeout]).toEqual([60, undefined, 7]);
    expect([r.A.Properties.ReservedConcurrentExecutions, r.B.Properties.ReservedConcurrentExecutions, r.C.Properties.ReservedConcurrentExecutions]).toEqual([5, 5, undefined]);
  });
});

describe('SAM templates through the rules', () => {
  const stack = loadTemplateFile(join(FIXTURES, 'sam.yaml'), 'sam.yaml');
  const { findings, coverage } = runChecks([stack]);
  const flagged = (rule: string) => findings.filter((f) => f.ruleId === rule && f.severity !== 'info').map((f) => `${f.logicalId}${f.generated ? ` ${f.generated.from}` : ''}`).sort();

  test.each([
    ['SqsVisibilityTimeout', ['BadQueue']],
    ['SqsRedrivePolicy', ['BadQueue']],
    ['SqsBatchingWindowRequired', ['BadWorker Events.Orders']],
    ['SqsPartialBatchResponse', ['BadWorker Events.Orders']],
    ['SqsMaxConcurrencyAboveReserved', []],
    ['SqsMaxReceiveCount', []],
    ['ProvisionedExceedsReserved', ['BadPcApi AutoPublishAlias']],
    ['SpilloverAlarm', ['BadPcApi AutoPublishAlias']],
    ['ThrottleAlarm', ['BadPcApi']],
    ['AsyncFailureDestination', ['BadScheduled']],
    ['StreamRetryLimit', ['BrokerConsumer Events.Stream']],
    ['StreamOnFailureDestination', ['BrokerConsumer Events.Stream']],
    ['StreamBisectBatch', ['BrokerConsumer Events.Stream']],
  ])('%s flags %p', (rule, expected) => {
    expect(flagged(rule)).toEqual(expected);
  });

  test('the global timeout (60 s) is the one the visibility rule compares with', () => {
    const f = findings.find((x) => x.ruleId === 'SqsVisibilityTimeout') as RuleFinding;
    expect(f.message).toContain('below the timeout 60s of its consumer sam/BadWorker');
  });

  test('a finding on a generated resource names the SAM resource, the event and the generated id', () => {
    expect(findings.find((f) => f.ruleId === 'SqsBatchingWindowRequired')).toMatchObject({ stack: 'sam', templateFile: 'sam.yaml', logicalId: 'BadWorker', generated: { logicalId: 'BadWorkerOrders', from: 'Events.Orders' } });
  });

  test('the Amazon MQ mapping gets no finding, the Kinesis one only stream findings', () => {
    expect(findings.filter((f) => f.generated?.from === 'Events.Broker')).toEqual([]);
    expect(new Set(findings.filter((f) => f.generated?.from === 'Events.Stream').map((f) => f.ruleId.slice(0, 6)))).toEqual(new Set(['Stream']));
  });

  test('coverage counts the expanded functions', () => {
    expect(coverage).toEqual([expect.objectContaining({ sam: true, functions: 6, queues: 4, unchecked: [] })]);
  });

  test('without the transform the same template has no function: SAM resources are what made the findings', () => {
    const plain = runChecks([{ ...stack, template: { ...(stack.template as object), Transform: undefined } }]);
    expect(plain.coverage[0]).toMatchObject({ sam: false, functions: 0, unchecked: [{ what: 'AWS::Serverless::Function', count: 6, reason: 'SAM type in a template without Transform: AWS::Serverless-2016-10-31 (CloudFormation rejects it)' }] });
  });

  test('a clean SAM template passes, and its function is in the coverage', () => {
    const clean = { Transform: SAM_TRANSFORM, Resources: { Fn: fn({ Events: { Rule: { Type: 'EventBridgeRule', Properties: { Pattern: { source: ['x'] } } } }, DeadLetterQueue: { Type: 'SNS', TargetArn: 'arn:aws:sns:r:1:t' } }) } };
    const result = runChecks([{ stackName: 'clean', template: clean }]);
    expect(result.findings).toEqual([]);
    expect(result.coverage[0]).toMatchObject({ sam: true, functions: 1 });
  });
});

test('the expansion never throws and never changes its input, whatever the resources hold (property)', () => {
  const event = fc.record({ Type: fc.constantFrom('SQS', 'Kinesis', 'Api', 'SNS', 'S3', 'Schedule', 'ScheduleV2', 'Cognito', 'MQ', 'Nope', 3), Properties: fc.oneof(fc.object(), fc.constant(undefined)) });
  const props = fc.record({ Events: fc.oneof(fc.dictionary(fc.string(), event), fc.anything()), AutoPublishAlias: fc.oneof(fc.string(), fc.object(), fc.constant(undefined)), EventInvokeConfig: fc.anything(), Policies: fc.anything(), Tags: fc.anything() }, { requiredKeys: [] });
  const resource = fc.oneof(fc.record({ Type: fc.constantFrom('AWS::Serverless::Function', 'AWS::Serverless::Api', 'AWS::Serverless::SimpleTable', 'AWS::Serverless::StateMachine', 'AWS::S3::Bucket'), Properties: props }), fc.anything());
  fc.assert(
    fc.property(fc.dictionary(fc.string(), resource), fc.anything(), (resources, globals) => {
      const template = { Transform: SAM_TRANSFORM, Globals: { Function: globals }, Resources: resources };
      const before = JSON.stringify(template);
      expandSam(template);
      runChecks([{ stackName: 's', template }]);
      expect(JSON.stringify(template)).toBe(before);
    }),
    { numRuns: 200 },
  );
});

describe('SAM findings in the reports', () => {
  async function check(format: string) {
    const io = memoryIo({ cwd: FIXTURES });
    const code = await main(['check', 'sam.yaml', '--format', format], io);
    return { code, out: io.out };
  }

  test('text names the SAM resource, the event and the generated id; the coverage line says SAM', async () => {
    const { code, out } = await check('text');
    expect(code).toBe(1);
    expect(out).toMatch(/^error\s+SqsBatchingWindowRequired {2}sam\/BadWorker Events\.Orders \(BadWorkerOrders\)$/m);
    expect(out).toMatch(/^checked sam\.yaml \(SAM, expanded\): 6 functions, 4 event source mappings, 4 queues, 0 scalable targets of \d+ resources$/m);
  });

  test('SARIF locates the SAM resource in the file and keeps events of one function apart', async () => {
    const log = JSON.parse((await check('sarif')).out);
    const result = log.runs[0].results.find((r: { ruleId: string }) => r.ruleId === 'SqsBatchingWindowRequired');
    const line = readFileSync(join(FIXTURES, 'sam.yaml'), 'utf8').split('\n').findIndex((l) => l.startsWith('  BadWorker:')) + 1;
    expect(result.locations[0]).toMatchObject({ physicalLocation: { region: { startLine: line } }, logicalLocations: [{ name: 'BadWorker', fullyQualifiedName: 'sam/BadWorker/Events/Orders' }] });
    expect(result.partialFingerprints['cdkLambdaScaling/v1']).toBe('SqsBatchingWindowRequired|sam|BadWorkerOrders');
    expect(result.properties.generated).toEqual({ logicalId: 'BadWorkerOrders', from: 'Events.Orders' });
  });
});
