/**
 * The rule catalog (ARCHITECTURE.md "Rule catalog"): each rule defined once, in the module of its domain;
 * formulas come from lib/model, text from text.ts.
 */
import type { Outcome, Rule, Violation } from '../rule';
import { ACCOUNT_RULES } from './account';
import { ALARM_RULES } from './alarms';
import { DESTINATION_RULES } from './destinations';
import { PROVISIONED_RULES, SCALING_RULES } from './provisioned';
import { PROXY_RULES } from './proxy';
import { RANGE_RULES } from './ranges';
import { SCHEDULE_RULES } from './schedules';
import { SOURCE_RULES } from './sources';
import { SQS_RULES } from './sqs';
import { STREAM_RULES } from './streams';

export { label } from './common';

/** Every rule of the catalog, in catalog order. */
export const RULES: readonly Rule[] = [
  ...PROXY_RULES,
  ...SQS_RULES,
  ...PROVISIONED_RULES,
  ...SCHEDULE_RULES,
  ...SCALING_RULES,
  ...ACCOUNT_RULES,
  ...ALARM_RULES,
  ...DESTINATION_RULES,
  ...STREAM_RULES,
  ...SOURCE_RULES,
  ...RANGE_RULES,
] as readonly Rule[];

/** Violations of a list of outcomes (for tests and the engine). */
export function violationsOf(outcomes: readonly Outcome[]): Violation[] {
  return outcomes.flatMap((o) => (o.status === 'non-compliant' ? o.violations : []));
}
