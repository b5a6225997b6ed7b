/**
 * Planner findings are broken invariants of lib/model, worded by the one text table.
 */
import { findingText, type Finding, type Severity } from '../findings';
import type { InvariantViolation } from '../model';

/**
 * The finding of a broken invariant: the table's `plan` wording where the planner words a catalog rule
 * its own way, else the invariant's variant.
 * @param fn the workload function it is about, when it is about one
 * @param value the offending value
 */
export function planFinding(broken: InvariantViolation, severity: Severity, fn: string | undefined, value: unknown): Finding {
  const { message, fix } = findingText(broken.id, broken.params, 'plan', broken.variant);
  return { ruleId: broken.id, severity, ...(fn === undefined ? {} : { function: fn }), message, fix, value };
}
