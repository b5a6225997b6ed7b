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

/** The lowest severity that fails a run (`check --fail-on`). */
export type FailOn = 'error' | 'warning';

/**
 * Exit code for a list of findings: 1 when any that is not acknowledged is an error (or, with `failOn: 'warning'`,
 * a warning), else 0.
 */
export function exitCodeFor(findings: ReadonlyArray<Finding & { readonly acknowledgements?: readonly unknown[] }>, failOn: FailOn = 'error'): 0 | 1 {
  const fails = (f: Finding) => f.severity === 'error' || (failOn === 'warning' && f.severity === 'warning');
  return findings.some((f) => fails(f) && !(f.acknowledgements && f.acknowledgements.length > 0)) ? 1 : 0;
}
