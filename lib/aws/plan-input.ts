/**
 * Reads a plan file for `audit`: the complete plan v1 (schema/plan.schema.json, see lib/plan-file.ts),
 * with path-qualified messages (`plan.json: functions[0].reservedConcurrency must be integer, got "x"`).
 */
import { readPlan } from '../plan-file';
import type { Plan } from '../planner/types';

/** Parses and validates a plan; throws InputError (exit 2) naming the file and field path. */
export function parsePlanForAudit(text: string, file: string): Plan {
  return readPlan(text, file, 'complete');
}
