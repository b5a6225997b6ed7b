/**
 * Reads a plan v1 file (the output of `plan --format json`) for `audit` and `simulate --plan`: JSON,
 * then the shipped JSON Schema (schema/plan.schema.json, ajv), then the checks a schema cannot state.
 * Every problem is reported at once, with the file, the field path and the value:
 * `plan.json: functions[0].reservedConcurrency must be integer, got "x"`.
 */
import { InputError } from './errors';
import type { Plan } from './planner/types';
import { cronMinuteOfDay } from './simulate/capacity';
import { describeValue, Problems, type FieldPath } from './workload/problems';
import type { PlanFileMode } from './workload/schemas';
import { recordSchemaProblems } from './workload/validate';

export { PLAN_SCHEMA, PLAN_SCHEMAS, type PlanFileMode } from './workload/schemas';

type JsonObject = Record<string, unknown>;
const isObject = (x: unknown): x is JsonObject => x !== null && typeof x === 'object' && !Array.isArray(x);
const itemsOf = (x: unknown): unknown[] => (Array.isArray(x) ? x : []);

/** `min` must not be above `max` (each checked only when both are numbers; the schema reports the rest). */
function checkBounds(node: JsonObject, path: FieldPath, problems: Problems): void {
  const { min, max } = node;
  if (typeof min === 'number' && typeof max === 'number' && min > max) problems.at([...path, 'min'], `must be <= max (${max}), got ${min}`);
}

/**
 * What the schema cannot state: unique function names, min <= max of provisioned concurrency and of
 * each scheduled action, daily cron expressions. Runs on the document as parsed, so its problems come
 * with the schema's.
 */
function checkPlanRules(doc: unknown, problems: Problems): void {
  const firstIndex = new Map<string, number>();
  itemsOf(isObject(doc) ? doc.functions : undefined).forEach((f, i) => {
    if (!isObject(f)) return;
    if (typeof f.name === 'string') {
      const first = firstIndex.get(f.name);
      if (first === undefined) firstIndex.set(f.name, i);
      else problems.at(['functions', i, 'name'], `${describeValue(f.name)} appears twice (also functions[${first}])`);
    }
    const pc = f.provisioned;
    if (!isObject(pc)) return;
    checkBounds(pc, ['functions', i, 'provisioned'], problems);
    itemsOf(pc.schedule).forEach((action, j) => {
      if (!isObject(action)) return;
      const at = ['functions', i, 'provisioned', 'schedule', j];
      if (typeof action.cron === 'string' && cronMinuteOfDay(action.cron) === undefined) {
        problems.at([...at, 'cron'], `must be a daily cron(M H * * ? *) expression, got ${describeValue(action.cron)}`);
      }
      checkBounds(action, at, problems);
    });
  });
}

/**
 * Parses and checks a plan file; throws one InputError (exit 2) listing every problem. `mode` says which
 * fields must be present (see {@link PlanFileMode}); a `partial` plan is typed as a Plan, but only the
 * fields the simulator reads are guaranteed.
 */
export function readPlan(text: string, file: string, mode: PlanFileMode): Plan {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new InputError(`${file}: not valid JSON (${(err as Error).message.replace(/\s+/g, ' ')}); pass the output of plan --format json`);
  }
  const problems = new Problems(file);
  recordSchemaProblems(doc, `plan-${mode}`, problems);
  checkPlanRules(doc, problems);
  problems.throwIfAny();
  return doc as Plan;
}
