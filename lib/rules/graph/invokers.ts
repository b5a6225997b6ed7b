/**
 * Linker: who invokes each function, and how (Lambda "invoking with events from other services"): synchronous
 * callers wait for the result, asynchronous ones hand the event to Lambda's queue. The evidence is a
 * resource that names the function: a Lambda permission's principal (its SourceArn where the principal has both
 * uses), a function URL, an SNS subscription, an EventBridge rule target, an EventBridge Scheduler schedule
 * (invoked through its role, with no permission), an AppSync Lambda data source (likewise), an IoT authorizer or
 * topic rule, a load balancer target group, an S3 notification, a CloudWatch Logs subscription, an SES receipt rule.
 */
import { field, literalString, partsOf, ResourceRef, toArray, type Resolved, type Resource } from '../values';
import { grantsOf } from './grants';
import type { GraphLookup } from './lookup';

/** How a caller invokes a function. */
type Invocation = 'sync' | 'async';

/** IoT invokes authorizers synchronously (the connection waits for the policy) and topic rule actions asynchronously. */
function iotInvocation(sourceArn: Resolved): Invocation | undefined {
  if (sourceArn instanceof ResourceRef) return IOT_TYPES[sourceArn.resource.type];
  const text = (partsOf(sourceArn) ?? []).map((p) => (typeof p === 'string' ? p : '\u0000')).join('');
  return /:authorizer\//.test(text) ? 'sync' : /:rule\//.test(text) ? 'async' : undefined;
}
const IOT_TYPES: Readonly<Record<string, Invocation>> = { 'AWS::IoT::Authorizer': 'sync', 'AWS::IoT::TopicRule': 'async' };

/** Service principals of `AWS::Lambda::Permission`, by how the service invokes; a function decides from the SourceArn. */
const PRINCIPALS: Readonly<Record<string, Invocation | ((sourceArn: Resolved) => Invocation | undefined)>> = {
  'apigateway.amazonaws.com': 'sync',
  'elasticloadbalancing.amazonaws.com': 'sync',
  'cognito-idp.amazonaws.com': 'sync',
  'lex.amazonaws.com': 'sync',
  'alexa-appkit.amazon.com': 'sync',
  // AppSync's Lambda authorizers (its data sources invoke through their service role, see CALLERS): the request waits.
  'appsync.amazonaws.com': 'sync',
  's3.amazonaws.com': 'async',
  'sns.amazonaws.com': 'async',
  'events.amazonaws.com': 'async',
  'ses.amazonaws.com': 'async',
  'logs.amazonaws.com': 'async',
  'codecommit.amazonaws.com': 'async',
  'config.amazonaws.com': 'async',
  'scheduler.amazonaws.com': 'async',
  'iot.amazonaws.com': iotInvocation,
};

/** A resource type that names the functions it invokes: the values naming them, how it invokes each, and its name in findings. */
interface Caller {
  readonly type: string;
  readonly targets: (r: Resource) => readonly Resolved[];
  readonly invocation: (r: Resource, target: Resolved) => Invocation | undefined;
  /** Words before the logical id (`SNS subscription`); a function URL has no id worth naming. */
  readonly what: string;
}

const CALLERS: readonly Caller[] = [
  { type: 'AWS::Lambda::Url', invocation: () => 'sync', targets: (r) => [r.property('TargetFunctionArn')], what: 'function URL' },
  { type: 'AWS::IoT::Authorizer', invocation: () => 'sync', targets: (r) => [r.property('AuthorizerFunctionArn')], what: 'IoT authorizer' },
  {
    // A resolver waits for its data source: AppSync invokes the function synchronously.
    type: 'AWS::AppSync::DataSource',
    invocation: (r) => (literalString(r.property('Type')) === 'AWS_LAMBDA' ? 'sync' : undefined),
    targets: (r) => [field(r.property('LambdaConfig'), 'LambdaFunctionArn')],
    what: 'AppSync data source',
  },
  {
    type: 'AWS::ElasticLoadBalancingV2::TargetGroup',
    invocation: (r) => (literalString(r.property('TargetType')) === 'lambda' ? 'sync' : undefined),
    targets: (r) => toArray(r.property('Targets')).map((t) => field(t, 'Id')),
    what: 'load balancer target group',
  },
  { type: 'AWS::SNS::Subscription', invocation: (r) => (literalString(r.property('Protocol')) === 'lambda' ? 'async' : undefined), targets: (r) => [r.property('Endpoint')], what: 'SNS subscription' },
  { type: 'AWS::Events::Rule', invocation: () => 'async', targets: (r) => toArray(r.property('Targets')).map((t) => field(t, 'Arn')), what: 'EventBridge rule' },
  {
    type: 'AWS::IoT::TopicRule',
    invocation: () => 'async',
    targets: (r) => {
      const payload = r.property('TopicRulePayload');
      return [...toArray(field(payload, 'Actions')), field(payload, 'ErrorAction')].map((a) => field(field(a, 'Lambda'), 'FunctionArn'));
    },
    what: 'IoT topic rule',
  },
  {
    type: 'AWS::S3::Bucket',
    invocation: () => 'async',
    targets: (r) => toArray(field(r.property('NotificationConfiguration'), 'LambdaConfigurations')).map((c) => field(c, 'Function')),
    what: 'S3 notification of bucket',
  },
  { type: 'AWS::Logs::SubscriptionFilter', invocation: () => 'async', targets: (r) => [r.property('DestinationArn')], what: 'CloudWatch Logs subscription' },
  {
    type: 'AWS::SES::ReceiptRule',
    // A receipt rule's Lambda action is asynchronous unless it asks for RequestResponse (a mail flow decision).
    invocation: (r, target) => {
      const action = toArray(field(r.property('Rule'), 'Actions')).find((a) => field(field(a, 'LambdaAction'), 'FunctionArn') === target);
      return literalString(field(field(action, 'LambdaAction'), 'InvocationType')) === 'RequestResponse' ? 'sync' : 'async';
    },
    targets: (r) => toArray(field(r.property('Rule'), 'Actions')).map((a) => field(field(a, 'LambdaAction'), 'FunctionArn')),
    what: 'SES receipt rule',
  },
];

/** IAM actions that let a role invoke a function. */
const INVOKE_ACTIONS = ['lambda:InvokeFunction', 'lambda:*', 'lambda:Invoke*'];

/** Records sync and async sources on the functions. */
export function linkInvokers(lookup: GraphLookup): void {
  const mark = (from: Resource, value: Resolved, invocation: Invocation | undefined, source: string) => {
    const fn = invocation && lookup.knownFunction(from, value);
    const list = fn && (invocation === 'sync' ? fn.syncSources : fn.asyncSources);
    if (list && !list.includes(source)) list.push(source);
  };
  for (const r of lookup.of('AWS::Lambda::Permission')) {
    const principal = literalString(r.property('Principal')) ?? '';
    const how = PRINCIPALS[principal];
    mark(r, r.property('FunctionName'), typeof how === 'function' ? how(r.property('SourceArn')) : how, principal);
  }
  for (const caller of CALLERS) {
    for (const r of lookup.of(caller.type)) {
      const source = caller.type === 'AWS::Lambda::Url' ? caller.what : `${caller.what} ${r.logicalId}`;
      for (const target of caller.targets(r)) mark(r, target, caller.invocation(r, target), source);
    }
  }
  // A custom resource is no caller of the running app: CloudFormation sends it the stack's own requests.
  for (const r of lookup.ofTypes((type) => type === 'AWS::CloudFormation::CustomResource' || type.startsWith('Custom::'))) {
    const fn = lookup.knownFunction(r, r.property('ServiceToken'));
    if (fn && !fn.customResources.includes(`custom resource ${r.logicalId}`)) fn.customResources.push(`custom resource ${r.logicalId}`);
  }
  // EventBridge Scheduler invokes through the schedule's role, asynchronously; a role of the templates must grant it.
  const schedules = lookup.of('AWS::Scheduler::Schedule');
  const invokers = new Set(schedules.length > 0 ? grantsOf(lookup, INVOKE_ACTIONS).flatMap((g) => g.roles) : []);
  for (const r of schedules) {
    const role = field(r.property('Target'), 'RoleArn');
    const granted = !(role instanceof ResourceRef) || invokers.has(role.resource);
    mark(r, field(r.property('Target'), 'Arn'), granted ? 'async' : undefined, `EventBridge Scheduler schedule ${r.logicalId}`);
  }
}
