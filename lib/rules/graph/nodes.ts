/**
 * The nodes of the template graph: functions, mappings, queues, provisioned concurrency, scalable targets,
 * proxies and environments, with the relations the rules read.
 */
import type { ScheduleService } from '../../model';
import type { Resolved, Resource, StackNode, Unresolvable } from '../values';

/** One stack's template and where it deploys. */
export interface StackTemplate {
  /** Stack name (or artifact id) used in findings. */
  readonly stackName: string;
  /** The parsed template (JSON or YAML); anything else is tolerated and reported. */
  readonly template: unknown;
  /** File the template came from, for SARIF locations. */
  readonly templateFile?: string;
  /**
   * The real path of that file, inside the root, as the loader read it. `templateFile` is a path as shown, built
   * from the names that led to it: through a symbolic link it may name another file, so nothing reads by it.
   */
  readonly realFile?: string;
  /** Account id, when known from the cloud assembly manifest. */
  readonly account?: string;
  /** Region, when known from the cloud assembly manifest. */
  readonly region?: string;
  /**
   * Logical ids of this template's nested stacks (`AWS::CloudFormation::Stack`) whose templates are checked as
   * stacks of their own (CDK's NestedStack templates in a cloud assembly); the others are named in the coverage.
   */
  readonly nestedStacksRead?: readonly string[];
  /**
   * For a nested stack: the stack that nests it (by `stackName`, earlier in the inputs) and the raw `Parameters`
   * its nested-stack resource passes, resolved in that stack (a queue of the parent is then the queue itself).
   */
  readonly passedParameters?: { readonly from: string; readonly values: Readonly<Record<string, unknown>> };
  /** The first key its file gives twice in one object (the template holds the last value, as CloudFormation keeps it); reported as a `DuplicateKey` finding. */
  readonly duplicateKey?: { readonly key: string; readonly line: number };
  /** `AWS::Include` transforms of the template that were not applied (remote, missing, a cycle), each with why; named in the coverage. */
  readonly includesNotRead?: readonly string[];
}

/** The environment of stacks that set neither account nor region (CDK's environment-agnostic stacks). */
export const UNKNOWN_ENVIRONMENT = 'environment-agnostic';

/**
 * A stack's environment as CDK names it: `aws://account/region`, with `unknown-account` or
 * `unknown-region` for a part the stack leaves open, or {@link UNKNOWN_ENVIRONMENT} when both are open.
 */
export function environmentName(account: string | undefined, region: string | undefined): string {
  return account === undefined && region === undefined ? UNKNOWN_ENVIRONMENT : `aws://${account ?? 'unknown-account'}/${region ?? 'unknown-region'}`;
}

/** An environment in a sentence: "aws://…", or "the environment-agnostic stacks". */
export function environmentInText(environment: string): string {
  return environment === UNKNOWN_ENVIRONMENT ? 'the environment-agnostic stacks' : environment;
}

/** A function and everything attached to it. */
export interface FunctionNode {
  readonly resource: Resource;
  readonly reservedConcurrency: number | undefined | Unresolvable;
  /** Function timeout; 3 s when not set (the Lambda default). */
  readonly timeoutSeconds: number | Unresolvable;
  /** Event source mappings of every kind. */
  readonly mappings: MappingNode[];
  readonly provisioned: ProvisionedNode[];
  readonly scalableTargets: ScalableTargetNode[];
  /** Proxies the function connects to; `unknown` when it may connect to one we cannot name. */
  readonly proxies: Array<ProxyNode | 'unknown'>;
  /** Why we think it is invoked synchronously / asynchronously (e.g. `apigateway.amazonaws.com`). */
  readonly syncSources: string[];
  readonly asyncSources: string[];
  /**
   * Custom resources whose `ServiceToken` names it (`custom resource Schema`): CloudFormation invokes it as the
   * stack is created, updated or deleted, one request at a time per resource.
   */
  readonly customResources: string[];
  /** Dead-letter queue or on-failure destination, when configured. */
  readonly failureDestinations: Resolved[];
  /** Metric names of alarms on this function (any dimension naming it). */
  readonly alarmMetrics: Set<string>;
}

/** What an event source mapping reads from; `kinesis-or-dynamodb` when only its starting position says it is a stream. */
export type EventSourceKind = 'sqs' | 'kinesis' | 'dynamodb' | 'kinesis-or-dynamodb' | 'mq' | 'kafka' | 'documentdb' | 'unknown';

/** An event source mapping, its source told apart by evidence. */
export interface MappingNode {
  readonly resource: Resource;
  readonly function: FunctionNode | undefined;
  readonly kind: EventSourceKind;
  /** What is not known about the source, when `kind` is `unknown` (e.g. `EventSourceArn is parameter QueueArn`). */
  readonly unknown?: string;
  /** The queue of an SQS mapping: in the checked templates, or why not; undefined for other kinds. */
  readonly queue: QueueNode | Unresolvable | undefined;
  /** The Kinesis stream of a Kinesis mapping, when it is one of the checked templates. */
  readonly stream?: Resource;
}

/** An SQS queue. */
export interface QueueNode {
  readonly resource: Resource;
  readonly fifo: boolean | undefined | Unresolvable;
  /** `RedrivePolicy`, read once (an object, also when the template gives it as a JSON string). */
  readonly redrive: Resolved;
  /** SQS mappings that read from it. */
  readonly mappings: MappingNode[];
  /** The queue its redrive policy names, when it is one of the checked templates. */
  deadLetterQueue?: QueueNode;
  /** The queues of the checked templates that redrive to it. */
  readonly redrivenFrom: QueueNode[];
  /**
   * Why it is a dead-letter queue, when it is one: another queue's redrive, a function's DLQ or on-failure
   * destination, an event source mapping's on-failure destination, an EventBridge schedule's or rule target's DLQ.
   */
  dlqOf: string[];
  /**
   * ARN properties of the checked templates that name it by its URL or its name instead (`Ref` of a queue is its
   * URL; `Fn::GetAtt` `QueueUrl` or `QueueName`), as `linkArnProperties` lists them (graph/arns.ts). The deploy
   * fails there.
   */
  readonly namedByUrl: { readonly resource: Resource; readonly property: string; readonly value: Resolved }[];
  readonly alarmMetrics: Set<string>;
}

/** An alias or version with `ProvisionedConcurrencyConfig`. */
export interface ProvisionedNode {
  readonly resource: Resource;
  readonly function: FunctionNode | undefined;
  readonly provisionedConcurrency: number | undefined | Unresolvable;
}

/** A scheduled action of a scalable target, its capacities read once. */
export interface ScheduledActionNode {
  /** `ScheduledActionName`, else `#<position>`. */
  readonly name: string;
  readonly schedule: Resolved;
  readonly timezone: Resolved;
  readonly minCapacity: number | undefined | Unresolvable;
  readonly maxCapacity: number | undefined | Unresolvable;
}

/** What a schedule reads: its expression and time zone under a name (a scheduled action's, or the resource's). */
export type ScheduleEntry = Pick<ScheduledActionNode, 'name' | 'schedule' | 'timezone'>;

/**
 * A resource that runs on schedule expressions: a scalable target (its scheduled actions), an EventBridge Scheduler
 * schedule or an EventBridge rule with a `ScheduleExpression`, with the service that reads the expressions.
 */
export interface ScheduleNode {
  readonly resource: Resource;
  readonly service: ScheduleService;
  /** The scheduled actions of a scalable target; the one expression of a schedule or rule. */
  readonly entries: readonly ScheduleEntry[];
}

/** A metric a customized target tracking policy reads, with the function and alias its dimensions name. */
export interface TrackedMetric {
  /** The function of its `FunctionName` dimension, or why it is not known. */
  readonly functionName: FunctionNode | Unresolvable | undefined;
  /** The function of its `Resource` dimension (`<function>:<qualifier>`), or why it is not known. */
  readonly resourceFunction: FunctionNode | Unresolvable | undefined;
  /** The qualifier of its `Resource` dimension, or why it is not known. */
  readonly resourceQualifier: string | Unresolvable | undefined;
  /** Its dimensions as written, for messages. */
  readonly dimensions: string;
}

/** A scaling policy of a scalable target. */
export interface ScalingPolicyNode {
  readonly resource: Resource;
  /** `PolicyType` when literal. */
  readonly type: string | undefined;
  /** The metrics of its `CustomizedMetricSpecification` (the metric, or each `MetricStat` of its metric math); empty without one. */
  readonly customMetrics: readonly TrackedMetric[];
}

/** An Application Auto Scaling target on a function alias's provisioned concurrency, read once for every rule. */
export interface ScalableTargetNode {
  readonly resource: Resource;
  readonly function: FunctionNode | undefined;
  readonly policies: ScalingPolicyNode[];
  readonly minCapacity: number | undefined | Unresolvable;
  readonly maxCapacity: number | undefined | Unresolvable;
  readonly scheduledActions: readonly ScheduledActionNode[];
  /** The alias or version of `function:<name>:<qualifier>`: its name, or why it is not known. */
  readonly qualifier: string | Unresolvable | undefined;
  /** The alias or version resource the target scales, when it is one of the checked templates. */
  readonly qualified: Resource | undefined;
}

/** An RDS Proxy and what it fronts. */
export interface ProxyNode {
  readonly resource: Resource;
  readonly functions: FunctionNode[];
  /** `MaxConnectionsPercent` of its target group (default 100). */
  readonly maxConnectionsPercent: number | Unresolvable;
  /** `max_connections` of its database(s): the smallest, with how it was found; undefined when the database is not in the app. */
  readonly maxConnections: { readonly value: number; readonly source: string; readonly database: Resource } | Unresolvable | undefined;
}

/** Stacks that deploy to one (account, region). */
export interface EnvironmentGroup {
  readonly environment: string;
  readonly stacks: StackNode[];
  readonly functions: FunctionNode[];
}

/** The whole graph. */
export interface TemplateGraph {
  readonly stacks: StackNode[];
  readonly environments: EnvironmentGroup[];
  readonly functions: FunctionNode[];
  /** Event source mappings of every kind. */
  readonly mappings: MappingNode[];
  readonly queues: QueueNode[];
  readonly provisioned: ProvisionedNode[];
  readonly scalableTargets: ScalableTargetNode[];
  /** Scalable targets with their scheduled actions, then EventBridge Scheduler schedules and scheduled EventBridge rules. */
  readonly schedules: ScheduleNode[];
  readonly proxies: ProxyNode[];
  /** Templates or resource entries the graph could not read (no Resources object, a resource without Type). */
  readonly invalidTemplates: Array<{ readonly stack: StackNode; readonly problem: string }>;
}
