/**
 * The `Events` of a SAM function, each expanded to the resources SAM generates for its type: an event source
 * mapping for the pollers (SQS, Kinesis, DynamoDB, MQ, MSK, self-managed Kafka, DocumentDB), a Lambda permission
 * for the pushers with what the service needs beside it (SNS subscription, S3 notification, EventBridge rule,
 * IoT rule, CloudWatch Logs subscription filter, Cognito trigger), and a Scheduler schedule with the role it
 * invokes through. Generated ids follow SAM: the function's id followed by the event's name.
 * @see https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-property-function-eventsource.html
 */
import { authorizerPermissions } from './apis';
import { Expansion, getAtt, isObject, pick, ref, samHash, serviceRole, sub, type Json, type JsonObject } from './model';

/** What events invoke: the function, or its alias when `AutoPublishAlias` is set. */
export interface EventTarget {
  /** Logical id of the function or alias. */
  readonly id: string;
  /** Its ARN (`Ref` of an alias, `GetAtt Arn` of a function). */
  readonly arn: Json;
  /** What `FunctionName` properties take (`Ref` of the function or alias). */
  readonly name: Json;
  /** Logical id of the function (of the state machine, for a state machine's events). */
  readonly functionId: string;
  /** Set for a state machine's events: they start executions through an IAM role, with no Lambda permission. */
  readonly stateMachine?: boolean;
}

/** The SAM resource an event belongs to. */
interface Owner {
  readonly id: string;
  readonly raw: JsonObject;
}

/** One event: its generated id prefix (`<function><event>`), where it is in the template, and its properties. */
interface EventContext {
  readonly x: Expansion;
  readonly owner: Owner;
  readonly target: EventTarget;
  readonly id: string;
  readonly from: string;
  readonly props: JsonObject;
}

/** Event source mapping properties SAM passes through from a pull event. */
const MAPPING_PROPERTIES = [
  'BatchSize', 'StartingPosition', 'StartingPositionTimestamp', 'Enabled', 'MaximumBatchingWindowInSeconds', 'MaximumRetryAttempts',
  'BisectBatchOnFunctionError', 'MaximumRecordAgeInSeconds', 'ParallelizationFactor', 'Topics', 'Queues', 'SourceAccessConfigurations',
  'TumblingWindowInSeconds', 'FunctionResponseTypes', 'FilterCriteria', 'KmsKeyArn', 'ScalingConfig', 'ProvisionedPollerConfig',
  'MetricsConfig', 'LoggingConfig',
];

/** Pull event types and the property that names their source (none for self-managed Kafka: its brokers are listed). */
const POLLERS: Readonly<Record<string, string | undefined>> = {
  SQS: 'Queue',
  Kinesis: 'Stream',
  DynamoDB: 'Stream',
  MSK: 'Stream',
  MQ: 'Broker',
  DocumentDB: 'Cluster',
  SelfManagedKafka: undefined,
};

/** Push event types: how each is expanded. */
const PUSHERS: Readonly<Record<string, (e: EventContext) => void>> = {
  Api: (e) => apiEvent(e, 'ServerlessRestApi', 'AWS::ApiGateway::RestApi', 'RestApiId'),
  HttpApi: (e) => apiEvent(e, 'ServerlessHttpApi', 'AWS::ApiGatewayV2::Api', 'ApiId'),
  SNS: snsEvent,
  S3: s3Event,
  Schedule: (e) => rule(e, { ScheduleExpression: e.props.Schedule, Name: e.props.Name, Description: e.props.Description }),
  EventBridgeRule: (e) => rule(e, { EventBusName: e.props.EventBusName, EventPattern: e.props.Pattern, Name: e.props.RuleName }),
  CloudWatchEvent: (e) => rule(e, { EventBusName: e.props.EventBusName, EventPattern: e.props.Pattern, Name: e.props.RuleName }),
  ScheduleV2: scheduleV2,
  CloudWatchLogs: (e) => {
    permission(e, 'logs.amazonaws.com', { SourceArn: sub('arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:${__LogGroupName__}:*', { __LogGroupName__: e.props.LogGroupName }) });
    e.x.add(e.id, 'AWS::Logs::SubscriptionFilter', { LogGroupName: e.props.LogGroupName, FilterPattern: e.props.FilterPattern, DestinationArn: e.target.arn }, e.owner, e.from);
  },
  IoTRule: (e) => {
    permission(e, 'iot.amazonaws.com', { SourceArn: sub('arn:${AWS::Partition}:iot:${AWS::Region}:${AWS::AccountId}:rule/${RuleName}', { RuleName: ref(e.id) }), SourceAccount: sub('${AWS::AccountId}') });
    const payload = { Sql: e.props.Sql, RuleDisabled: false, Actions: [{ Lambda: { FunctionArn: e.target.arn } }], AwsIotSqlVersion: e.props.AwsIotSqlVersion };
    e.x.add(e.id, 'AWS::IoT::TopicRule', { TopicRulePayload: payload }, e.owner, e.from);
  },
  AlexaSkill: (e) => permission(e, 'alexa-appkit.amazon.com', { EventSourceToken: e.props.SkillId }),
  Cognito: cognitoEvent,
};

/** SAM event types this expansion knows (documented in the README). */
export const SAM_EVENT_TYPES: readonly string[] = [...Object.keys(POLLERS), ...Object.keys(PUSHERS)];

/** Expands one event of a function; what it cannot follow is recorded in `x.unfollowed`. */
export function expandEvent(x: Expansion, owner: Owner, target: EventTarget, name: string, event: Json): void {
  const type = isObject(event) ? event.Type : undefined;
  const e: EventContext = { x, owner, target, id: `${target.functionId}${name}`, from: `Events.${name}`, props: isObject(event) && isObject(event.Properties) ? event.Properties : {} };
  if (typeof type === 'string' && type in POLLERS) mapping(e, POLLERS[type] !== undefined ? e.props[POLLERS[type] as string] : undefined, type);
  else if (typeof type === 'string' && type in PUSHERS) PUSHERS[type](e);
  else x.unfollowed.push(`${owner.id} ${e.from}: event type ${typeof type === 'string' ? type : JSON.stringify(type) ?? '(none)'} is not one SAM defines`);
}

/** Event types of a state machine that SAM expands like a function's (its `Api` events call Step Functions synchronously). */
const STATE_MACHINE_EVENTS = new Set(['Schedule', 'EventBridgeRule', 'CloudWatchEvent', 'ScheduleV2']);

/**
 * The events of a state machine that reach no function but make what rules check: EventBridge rules and
 * Scheduler schedules with their dead-letter queues.
 */
export function expandStateMachineEvents(x: Expansion, owner: Owner, events: Json): void {
  if (!isObject(events)) return;
  const target: EventTarget = { id: owner.id, arn: ref(owner.id), name: ref(owner.id), functionId: owner.id, stateMachine: true };
  for (const [name, event] of Object.entries(events)) if (isObject(event) && STATE_MACHINE_EVENTS.has(event.Type as string)) expandEvent(x, owner, target, name, event);
}

/** An event source mapping (SAM strips `Type` from `DestinationConfig.OnFailure`: it only picks the IAM policy). */
function mapping(e: EventContext, source: Json, type: string, id = e.id, overrides: JsonObject = {}): void {
  const props: JsonObject = { FunctionName: e.target.name, EventSourceArn: source, ...pick(e.props, MAPPING_PROPERTIES), ...overrides };
  const destination = isObject(e.props.DestinationConfig) ? e.props.DestinationConfig : undefined;
  if (destination) {
    const onFailure = isObject(destination.OnFailure) ? { ...destination.OnFailure } : destination.OnFailure;
    if (isObject(onFailure)) delete onFailure.Type;
    props.DestinationConfig = { ...destination, OnFailure: onFailure };
  }
  if (Array.isArray(e.props.KafkaBootstrapServers)) props.SelfManagedEventSource = { Endpoints: { KafkaBootstrapServers: e.props.KafkaBootstrapServers } };
  const kafkaConfig = pick(e.props, ['ConsumerGroupId', 'SchemaRegistryConfig']);
  if (Object.keys(kafkaConfig).length > 0) props[type === 'MSK' ? 'AmazonManagedKafkaEventSourceConfig' : 'SelfManagedKafkaEventSourceConfig'] = kafkaConfig;
  if (type === 'DocumentDB') props.DocumentDBEventSourceConfig = pick(e.props, ['DatabaseName', 'CollectionName', 'FullDocument']);
  e.x.add(id, 'AWS::Lambda::EventSourceMapping', props, e.owner, e.from, {}, type);
}

/** The permission a pushing service needs to invoke the target. */
function permission(e: EventContext, principal: string, props: JsonObject, id = `${e.id}Permission`): void {
  e.x.add(id, 'AWS::Lambda::Permission', { Action: 'lambda:InvokeFunction', FunctionName: e.target.name, Principal: principal, ...props }, e.owner, e.from);
}

/** API Gateway (REST or HTTP): the permission on the API's ARN; the implicit API when the event names none. */
function apiEvent(e: EventContext, implicitId: string, implicitType: string, apiProperty: string): void {
  let api = e.props[apiProperty];
  if (api === undefined) {
    if (!(implicitId in e.x.resources)) {
      e.x.add(implicitId, implicitType, {}, e.owner, e.from);
      // The implicit API takes the `Globals` of its type, and with them its Lambda authorizers.
      const section = implicitId === 'ServerlessRestApi' ? 'Api' : 'HttpApi';
      authorizerPermissions(e.x, implicitId, e.owner, e.x.globals(section), section === 'Api' ? 'rest' : 'http', `${e.from} (Globals.${section})`);
    }
    api = ref(implicitId);
  }
  const method = typeof e.props.Method === 'string' ? (e.props.Method.toLowerCase() === 'any' ? '*' : e.props.Method.toUpperCase()) : '*';
  const path = typeof e.props.Path === 'string' ? e.props.Path.replace(/^(.+)\/$/, '$1') : '/*';
  if (apiProperty === 'ApiId' && !isDefaultRoute(e.props) && defaultRouteCovers(e, api)) return;
  const suffix = apiProperty === 'RestApiId' ? restStageSuffix(e) : '';
  const arn = sub(`arn:\${AWS::Partition}:execute-api:\${AWS::Region}:\${AWS::AccountId}:\${__ApiId__}/\${__Stage__}/${method}${path}`, { __ApiId__: api, __Stage__: '*' });
  permission(e, 'apigateway.amazonaws.com', { SourceArn: arn }, `${e.id}Permission${/^[A-Za-z0-9]*$/.test(suffix) ? suffix : samHash(suffix)}`);
}

/** An HTTP API event of the `$default` route with any method (no `Path`, no `Method`). */
function isDefaultRoute(props: JsonObject): boolean {
  const method = typeof props.Method === 'string' ? props.Method.toLowerCase() : 'any';
  return (props.Path === undefined || props.Path === '$default') && (method === 'any' || method === 'x-amazon-apigateway-any-method');
}

/**
 * True when the function already answers the HTTP API's `$default` route for any method — through another event,
 * or an integration of the API's own definition naming it — whose permission covers every route: SAM then writes
 * no permission for this event.
 */
function defaultRouteCovers(e: EventContext, api: Json): boolean {
  const events = isObject(e.owner.raw.Properties) && isObject(e.owner.raw.Properties.Events) ? e.owner.raw.Properties.Events : {};
  const sameApi = (props: JsonObject) => JSON.stringify(props.ApiId ?? ref('ServerlessHttpApi')) === JSON.stringify(api);
  const byEvent = Object.values(events).some((ev) => isObject(ev) && ev.Type === 'HttpApi' && isObject(ev.Properties ?? {}) && isDefaultRoute((ev.Properties ?? {}) as JsonObject) && sameApi((ev.Properties ?? {}) as JsonObject));
  if (byEvent) return true;
  const apiId = isObject(api) && typeof api.Ref === 'string' ? api.Ref : undefined;
  const resource = apiId !== undefined ? e.x.input[apiId] : undefined;
  const body = isObject(resource) && isObject(resource.Properties) ? resource.Properties.DefinitionBody : undefined;
  const route = isObject(body) && isObject(body.paths) && isObject(body.paths.$default) ? body.paths.$default['x-amazon-apigateway-any-method'] : undefined;
  return route !== undefined && mentionsWord(JSON.stringify(route), e.target.functionId);
}

/** A letter, digit or `_`: what `\b` counts as part of a word. */
const WORD_CHAR = /^\w$/;

/**
 * True when `word` stands in `text` as a whole word (no letter, digit or `_` on either side), as `\bword\b`
 * finds an id of letters and digits. A logical id is any text of the template's keys: made into a regular
 * expression it was a syntax error (`Fn(`, exit 3) or a pattern that backtracks without end (`(a+)+!`).
 */
function mentionsWord(text: string, word: string): boolean {
  if (word === '') return false;
  for (let at = text.indexOf(word); at !== -1; at = text.indexOf(word, at + 1)) {
    if (!WORD_CHAR.test(text[at - 1] ?? '') && !WORD_CHAR.test(text[at + word.length] ?? '')) return true;
  }
  return false;
}

/**
 * What SAM appends to the permission id of a REST API event: `Prod` for the implicit API; the `StageName` of an
 * API of the template (`Stage` when it is not a literal); `AllStages` for an API given otherwise.
 */
function restStageSuffix(e: EventContext): string {
  const given = e.props.RestApiId;
  if (given === undefined) return 'Prod';
  const apiId = typeof given === 'string' ? given : isObject(given) && typeof given.Ref === 'string' ? given.Ref : undefined;
  const api = apiId !== undefined ? e.x.input[apiId] : undefined;
  if (!isObject(api)) return 'AllStages';
  const stage = isObject(api.Properties) ? api.Properties.StageName : undefined;
  return typeof stage === 'string' && stage !== '' ? stage : 'Stage';
}

/** SNS: a subscription of the function; with `SqsSubscription`, of a queue (created when `true`) the function polls. */
function snsEvent(e: EventContext): void {
  const subscription = pick(e.props, ['Region', 'FilterPolicy', 'FilterPolicyScope', 'RedrivePolicy']);
  const sqs = e.props.SqsSubscription;
  if (!sqs) {
    permission(e, 'sns.amazonaws.com', { SourceArn: e.props.Topic });
    e.x.add(e.id, 'AWS::SNS::Subscription', { Protocol: 'lambda', Endpoint: e.target.arn, TopicArn: e.props.Topic, ...subscription }, e.owner, e.from);
    return;
  }
  const given = isObject(sqs) ? sqs : {};
  let queueArn = given.QueueArn;
  let queueUrl = given.QueueUrl;
  if (queueArn === undefined) {
    const topicId = isObject(e.props.Topic) && typeof e.props.Topic.Ref === 'string' ? e.props.Topic.Ref : undefined;
    const topic = topicId !== undefined ? e.x.input[topicId] : undefined;
    const fifo = isObject(topic) && isObject(topic.Properties) ? topic.Properties.FifoTopic : undefined;
    const queue = e.x.add(`${e.id}Queue`, 'AWS::SQS::Queue', { FifoQueue: fifo === true || fifo === 'true' ? true : undefined }, e.owner, e.from);
    [queueArn, queueUrl] = [getAtt(queue, 'Arn'), ref(queue)];
  }
  const policyId = typeof given.QueuePolicyLogicalId === 'string' ? given.QueuePolicyLogicalId : `${e.id}QueuePolicy`;
  const statement = { Effect: 'Allow', Principal: { Service: 'sns.amazonaws.com' }, Action: 'sqs:SendMessage', Resource: queueArn, Condition: { ArnEquals: { 'aws:SourceArn': e.props.Topic } } };
  e.x.add(policyId, 'AWS::SQS::QueuePolicy', { Queues: [queueUrl], PolicyDocument: { Version: '2012-10-17', Statement: [statement] } }, e.owner, e.from);
  e.x.add(e.id, 'AWS::SNS::Subscription', { Protocol: 'sqs', Endpoint: queueArn, TopicArn: e.props.Topic, ...subscription }, e.owner, e.from);
  mapping(e, queueArn, 'SQS', `${e.id}EventSourceMapping`, { BatchSize: given.BatchSize ?? 10, Enabled: given.Enabled ?? true });
}

/** S3: the permission, and a notification configuration added to the bucket (which must be in the template). */
function s3Event(e: EventContext): void {
  permission(e, 's3.amazonaws.com', { SourceAccount: ref('AWS::AccountId') });
  const bucket = isObject(e.props.Bucket) && typeof e.props.Bucket.Ref === 'string' ? e.props.Bucket.Ref : undefined;
  if (bucket === undefined) {
    e.x.unfollowed.push(`${e.owner.id} ${e.from}: S3 events must name a bucket of the template with Ref`);
    return;
  }
  const events = Array.isArray(e.props.Events) ? e.props.Events : [e.props.Events];
  const added = events.map((event) => ({ Event: event, Function: e.target.arn, ...pick(e.props, ['Filter']) }));
  e.x.patch(bucket, `${e.owner.id} ${e.from}`, (props) => {
    const config = isObject(props.NotificationConfiguration) ? props.NotificationConfiguration : {};
    const existing = Array.isArray(config.LambdaConfigurations) ? config.LambdaConfigurations : [];
    props.NotificationConfiguration = { ...config, LambdaConfigurations: [...existing, ...added] };
  });
}

/** Cognito: the permission, and the trigger added to the user pool's `LambdaConfig`. */
function cognitoEvent(e: EventContext): void {
  const pool = isObject(e.props.UserPool) && typeof e.props.UserPool.Ref === 'string' ? e.props.UserPool.Ref : undefined;
  permission(e, 'cognito-idp.amazonaws.com', { SourceArn: pool !== undefined ? getAtt(pool, 'Arn') : e.props.UserPool }, `${e.target.id}CognitoPermission`);
  if (pool === undefined) {
    e.x.unfollowed.push(`${e.owner.id} ${e.from}: Cognito events must name a user pool of the template with Ref`);
    return;
  }
  const triggers = Array.isArray(e.props.Trigger) ? e.props.Trigger : [e.props.Trigger];
  e.x.patch(pool, `${e.owner.id} ${e.from}`, (props) => {
    const config = isObject(props.LambdaConfig) ? { ...props.LambdaConfig } : {};
    for (const t of triggers) if (typeof t === 'string') config[t] = e.target.arn;
    props.LambdaConfig = config;
  });
}

/** EventBridge rule (pattern or schedule) targeting the function, with the target's retry policy and DLQ, and the permission. */
function rule(e: EventContext, ruleProps: JsonObject): void {
  const p = e.props;
  const state = p.State ?? (p.Enabled === undefined ? undefined : p.Enabled === false || p.Enabled === 'false' ? 'DISABLED' : 'ENABLED');
  const suffix = e.target.stateMachine ? 'StepFunctionsTarget' : 'LambdaTarget';
  const target: JsonObject = {
    Arn: e.target.arn,
    // EventBridge takes target ids of up to 64 characters: SAM shortens the event's id before the suffix.
    Id: isObject(p.Target) && p.Target.Id !== undefined ? p.Target.Id : `${e.id.slice(0, 64 - suffix.length)}${suffix}`,
    ...pick(p, ['Input', 'InputPath', 'InputTransformer', 'RetryPolicy']),
  };
  if (e.target.stateMachine) target.RoleArn = p.RoleArn ?? getAtt(invokeRole(e, 'events.amazonaws.com'), 'Arn');
  const dlq = deadLetterQueue(e);
  if (dlq !== undefined) target.DeadLetterConfig = { Arn: dlq };
  e.x.add(e.id, 'AWS::Events::Rule', { ...ruleProps, State: state, Targets: [target] }, e.owner, e.from);
  if (!e.target.stateMachine) permission(e, 'events.amazonaws.com', { SourceArn: getAtt(e.id, 'Arn') });
}

/** `<event>Role`, which `service` assumes to invoke the target: `lambda:InvokeFunction`, or `states:StartExecution` of a state machine. */
function invokeRole(e: EventContext, service: string): string {
  const [action, policy] = e.target.stateMachine ? ['states:StartExecution', 'StartExecutionPolicy'] : ['lambda:InvokeFunction', 'LambdaPolicy'];
  const invoke = { PolicyName: `${e.id}${policy}`, PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: e.target.arn }] } };
  return e.x.add(`${e.id}Role`, 'AWS::IAM::Role', serviceRole(service, { Policies: [invoke], PermissionsBoundary: e.props.PermissionsBoundary }), e.owner, e.from);
}

/** EventBridge Scheduler: the schedule and, unless `RoleArn` is given, the role it invokes the function with. */
function scheduleV2(e: EventContext): void {
  const p = e.props;
  const role = p.RoleArn ?? getAtt(invokeRole(e, 'scheduler.amazonaws.com'), 'Arn');
  const dlq = deadLetterQueue(e);
  const target: JsonObject = { Arn: e.target.arn, RoleArn: role, ...pick(p, ['Input', 'RetryPolicy']), ...(dlq !== undefined ? { DeadLetterConfig: { Arn: dlq } } : {}) };
  const schedule = {
    ...pick(p, ['ScheduleExpression', 'ScheduleExpressionTimezone', 'State', 'Description', 'StartDate', 'EndDate', 'GroupName', 'KmsKeyArn']),
    Name: p.OmitName === true ? undefined : (p.Name ?? e.id),
    FlexibleTimeWindow: p.FlexibleTimeWindow ?? { Mode: 'OFF' },
    Target: target,
  };
  e.x.add(e.id, 'AWS::Scheduler::Schedule', schedule, e.owner, e.from);
}

/** The dead-letter queue of a rule or schedule target: its ARN, or a queue SAM creates for `Type: SQS`. */
function deadLetterQueue(e: EventContext): Json {
  const config = e.props.DeadLetterConfig;
  if (!isObject(config)) return undefined;
  if (config.Arn !== undefined) return config.Arn;
  if (config.Type !== 'SQS') return undefined;
  const id = typeof config.QueueLogicalId === 'string' ? config.QueueLogicalId : `${e.id}Queue`;
  return getAtt(e.x.add(id, 'AWS::SQS::Queue', {}, e.owner, e.from), 'Arn');
}
