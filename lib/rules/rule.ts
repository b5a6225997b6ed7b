/**
 * `defineRule`: a rule is an id, a default severity, the kind of graph node it looks at, and a small pure
 * check with three outcomes (compliant, non-compliant with violations, not applicable) plus `unresolvable`
 * when a value is only known at deploy time.
 */
import type { Severity } from '../findings';
import type { EnvironmentGroup, FunctionNode, MappingNode, ProxyNode, QueueNode, ScalableTargetNode, ScheduleNode } from './graph';
import type { RuleId } from '../findings/text';
import type { Resource, StackNode } from './values';

/** The graph nodes a rule can look at, by kind. */
export interface Subjects {
  readonly function: FunctionNode;
  /** Event source mappings of every kind. */
  readonly mapping: MappingNode;
  /** Mappings known to read from SQS. */
  readonly sqsMapping: MappingNode;
  /** Mappings known to read from a Kinesis or DynamoDB stream. */
  readonly streamMapping: MappingNode;
  readonly queue: QueueNode;
  readonly scalableTarget: ScalableTargetNode;
  /** Scalable targets (their scheduled actions), EventBridge Scheduler schedules and scheduled EventBridge rules. */
  readonly schedule: ScheduleNode;
  readonly proxy: ProxyNode;
  readonly environment: EnvironmentGroup;
  readonly stack: StackNode;
}

/** Values a check reports; they fill the `{placeholders}` of the rule's text. */
export type Params = Readonly<Record<string, string | number>>;

/** One non-compliant resource. */
export interface Violation {
  /** The resource the finding is about. */
  readonly at: Resource;
  /** The offending value as seen in the template. */
  readonly value: unknown;
  readonly params: Params;
  /** Message variant of the rule text (default `default`). */
  readonly variant?: string;
  /** Other resources that share the blame (e.g. every function of an over-budget account). */
  readonly related?: readonly Resource[];
  /** Severity of this violation when milder than the rule's (a recommendation beside a deploy failure). */
  readonly severity?: Severity;
}

/** What a check returns. */
export type Outcome =
  | { readonly status: 'compliant' }
  | { readonly status: 'not-applicable' }
  | { readonly status: 'non-compliant'; readonly violations: readonly Violation[] }
  | { readonly status: 'unresolvable'; readonly what: string; readonly at: Resource };

/** Options every check can read. */
export interface RuleContext {
  readonly concurrencyLimit: number;
  readonly unreservedFloor: number;
  /** Proxy headroom for the Lambda connection budget (MODEL §5). */
  readonly proxyHeadroom: number;
  /** Connections other clients hold on each proxy. */
  readonly proxyOtherClients: number;
  /** Connections each function environment holds. */
  readonly connectionsPerEnvironment: number;
}

/** A rule of the catalog. */
export interface Rule<K extends keyof Subjects = keyof Subjects> {
  readonly id: RuleId;
  readonly severity: Severity;
  readonly subject: K;
  check(subject: Subjects[K], ctx: RuleContext): Outcome | readonly Outcome[];
}

/** Defines a rule (identity function that keeps the subject type tied to the check). */
export function defineRule<K extends keyof Subjects>(rule: Rule<K>): Rule<K> {
  return rule;
}

/** The compliant outcome. */
export const COMPLIANT: Outcome = { status: 'compliant' };
/** The not-applicable outcome. */
export const NOT_APPLICABLE: Outcome = { status: 'not-applicable' };

/** A non-compliant outcome with one violation. */
export function violation(at: Resource, value: unknown, params: Params, variant?: string, related?: readonly Resource[], severity?: Severity): Outcome {
  return { status: 'non-compliant', violations: [{ at, value, params, variant, related, severity }] };
}

/** An outcome for a value that is only known at deploy time. */
export function unresolvable(at: Resource, what: string): Outcome {
  return { status: 'unresolvable', what, at };
}
