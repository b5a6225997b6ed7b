/**
 * The rule catalog (ARCHITECTURE.md "Rule catalog"): each rule defined once, in the module of its domain;
 * formulas come from lib/model, text from text.ts.
 */
import type { Outcome, Rule, Violation } from '../rule';
import { ACCOUNT_RULES } from './account';
import { ALARM_RULES } from './alarms';
import { DESTINATION_RULES } from './destinations';
import { PROVISIONED_RULES } from './provisioned';
import { PROXY_RULES } from './proxy';
import { SQS_RULES } from './sqs';

export { label } from './common';

/** Every rule of the catalog, in catalog order. */
export const RULES: readonly Rule[] = [...PROXY_RULES, ...SQS_RULES, ...PROVISIONED_RULES, ...ACCOUNT_RULES, ...ALARM_RULES, ...DESTINATION_RULES] as readonly Rule[];

/** Violations of a list of outcomes (for tests and the engine). */
export function violationsOf(outcomes: readonly Outcome[]): Violation[] {
  return outcomes.flatMap((o) => (o.status === 'non-compliant' ? o.violations : []));
}
