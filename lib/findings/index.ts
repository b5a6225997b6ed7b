/**
 * The one finding shape shared by the planner and the rule engine, and the one table of their texts.
 */
import type { FindingId } from './text';

export * from './text';

/** How bad a finding is: `error` fails the build or exits 1; `warning` is reported; `info` says what could not be checked. */
export type Severity = 'error' | 'warning' | 'info';

/** A domain problem, returned (never thrown) by the planner and the rules. */
export interface Finding {
  /** Stable id of the catalog, e.g. `AccountConcurrencyBudget`. */
  readonly ruleId: FindingId;
  readonly severity: Severity;
  /** What is wrong, with the values seen. */
  readonly message: string;
  /** How to fix it. */
  readonly fix: string;
  /** Workload function name (planner findings). */
  readonly function?: string;
  /** Stack name (rule findings). */
  readonly stack?: string;
  /** CloudFormation logical id (rule findings). */
  readonly logicalId?: string;
  /** Construct path from `aws:cdk:path` metadata, when present (rule findings). */
  readonly path?: string;
  /** The offending value as seen in the template or workload. */
  readonly value?: unknown;
}

/** Exit code for a list of findings: 1 when any is an error, else 0. */
export function exitCodeFor(findings: readonly Finding[]): 0 | 1 {
  return findings.some((f) => f.severity === 'error') ? 1 : 0;
}
