/**
 * The nodes of the template graph: functions, mappings, queues, provisioned concurrency, scalable targets,
 * proxies and environments, with the relations the rules read.
 */
import type { Resolved, Resource, StackNode, Unresolvable } from '../values';

/** One stack's template and where it deploys. */
export interface StackTemplate {
  /** Stack name (or artifact id) used in findings. */
  readonly stackName: string;
  /** The parsed template (JSON or YAML); anything else is tolerated and reported. */
  readonly template: unknown;
  /** File the template came from, for SARIF locations. */
  readonly templateFile?: string;
  /** Account id, when known from the cloud assembly manifest. */
  readonly account?: string;
  /** Region, when known from the cloud assembly manifest. */
  readonly region?: string;
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
  readonly mappings: MappingNode[];
  readonly provisioned: ProvisionedNode[];
  readonly scalableTargets: ScalableTargetNode[];
  /** Proxies the function connects to; `unknown` when it may connect to one we cannot name. */
  readonly proxies: Array<ProxyNode | 'unknown'>;
  /** Why we think it is invoked synchronously / asynchronously (e.g. `apigateway.amazonaws.com`). */
  readonly syncSources: string[];
  readonly asyncSources: string[];
  /** Dead-letter queue or on-failure destination, when configured. */
  readonly failureDestinations: Resolved[];
  /** Metric names of alarms on this function (any dimension naming it). */
  readonly alarmMetrics: Set<string>;
}

/** An event source mapping from an SQS queue (or an unresolvable source). */
export interface MappingNode {
  readonly resource: Resource;
  readonly function: FunctionNode | undefined;
  readonly queue: QueueNode | Unresolvable | undefined;
}

/** An SQS queue. */
export interface QueueNode {
  readonly resource: Resource;
  readonly fifo: boolean | undefined | Unresolvable;
  readonly mappings: MappingNode[];
  /** Set when another queue redrives to it, a function uses it as DLQ or an on-failure destination. */
  dlqOf: string[];
  readonly alarmMetrics: Set<string>;
}

/** An alias or version with `ProvisionedConcurrencyConfig`. */
export interface ProvisionedNode {
  readonly resource: Resource;
  readonly function: FunctionNode | undefined;
  readonly provisionedConcurrency: number | undefined | Unresolvable;
}

/** An Application Auto Scaling target on a function alias's provisioned concurrency. */
export interface ScalableTargetNode {
  readonly resource: Resource;
  readonly function: FunctionNode | undefined;
  readonly policies: Resource[];
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
  readonly mappings: MappingNode[];
  readonly queues: QueueNode[];
  readonly provisioned: ProvisionedNode[];
  readonly scalableTargets: ScalableTargetNode[];
  readonly proxies: ProxyNode[];
  /** Templates or resource entries the graph could not read (no Resources object, a resource without Type). */
  readonly invalidTemplates: Array<{ readonly stack: StackNode; readonly problem: string }>;
}
