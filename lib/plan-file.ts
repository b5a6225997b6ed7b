/**
 * The plan v1 file (the output of `plan --format json`): written here, and read here for `audit` and
 * `simulate --plan` (the one reader): JSON, then the shipped JSON Schema (schema/plan.schema.json,
 * ajv), then the checks a schema cannot state. Every problem is reported at once, with the file, the
 * field path and the value: `plan.json: functions[0].reservedConcurrency must be integer, got "x"`.
 */
import { InputError } from './errors';
import type { Plan } from './planner/types';
import { isDaily, scheduleTimeOf, type ScheduleTime } from './model';
import { describeValue, Problems, type FieldPath } from './workload/problems';
import type { Workload } from './workload/types';
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

/** The time of a daily cron (what the planner writes and the simulator replays); undefined for any other schedule. */
function dailyTime(cron: string): ScheduleTime | undefined {
  const time = scheduleTimeOf(cron);
  return time && isDaily(time) ? time : undefined;
}

/** Gives every scheduled action of a checked plan its time as data (`when`, derived from `cron`). */
function withScheduleTimes(doc: JsonObject): void {
  for (const f of itemsOf(doc.functions)) {
    const pc = isObject(f) ? f.provisioned : undefined;
    for (const action of itemsOf(isObject(pc) ? pc.schedule : undefined)) {
      if (isObject(action)) action.when = dailyTime(action.cron as string);
    }
  }
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
      if (typeof action.cron === 'string' && dailyTime(action.cron) === undefined) {
        problems.at([...at, 'cron'], `must be a daily cron(M H * * ? *) expression, got ${describeValue(action.cron)}`);
      }
      checkBounds(action, at, problems);
    });
  });
}

/**
 * Parses and checks a plan file; throws one InputError (exit 2) listing every problem. `mode` says which
 * fields must be present (see {@link PlanFileMode}); a `partial` plan is typed as a Plan, but only the
 * fields the simulator reads are guaranteed. With `workload` (what `simulate --plan` replays), every
 * function of a plan that is otherwise valid must be one of the workload's.
 */
export function readPlan(text: string, file: string, mode: PlanFileMode, workload?: Workload): Plan {
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
  withScheduleTimes(doc as JsonObject);
  const plan = doc as Plan;
  if (workload) checkFunctionsOf(plan, workload, file);
  return plan;
}

/** Every function of the plan must be a function of the workload it will be simulated with. */
function checkFunctionsOf(plan: Plan, workload: Workload, file: string): void {
  const names = new Set(workload.functions.map((f) => f.name));
  const problems = new Problems(file);
  plan.functions.forEach((f, i) => {
    if (!names.has(f.name)) problems.at(['functions', i, 'name'], `${describeValue(f.name)} is not a function of the workload`);
  });
  problems.throwIfAny();
}

/** JSON.stringify replacer: leaves out the `when` of a scheduled action (the holder with a `cron`). */
function withoutDerived(this: Record<string, unknown>, key: string, value: unknown): unknown {
  return key === 'when' && typeof this.cron === 'string' ? undefined : value;
}

/**
 * The plan file's text (plan v1, 2-space indent, trailing newline): the plan as built, without what
 * is derived on reading (each scheduled action's `when`), so it is byte-identical for the same input.
 */
export function writePlan(plan: Plan): string {
  return `${JSON.stringify(plan, withoutDerived, 2)}\n`;
}
