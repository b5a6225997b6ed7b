/**
 * The plan v1 file (the output of `plan --format json`): written here, and read here for `audit` and
 * `simulate --plan` (the one reader): JSON, then the shipped JSON Schema (schema/plan.schema.json,
 * ajv), then the checks a schema cannot state. Every problem is reported at once, with the file, the
 * field path and the value: `plan.json: functions[0].reservedConcurrency must be integer, got "x"`.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { parseJsonText } from './files';
import { readShippedSchema } from './schema-files';
import type { Plan } from './planner/types';
import { isDaily, scheduleTimeOf, type ScheduleTime } from './model';
import { describeValue, expectKnownKeys, expectMapping, Problems, type FieldPath } from './workload/problems';
import type { Workload } from './workload/types';

/**
 * `complete`: every field the planner writes is required (audit compares them); `partial`: only the
 * fields the simulator applies, so a what-if plan can be written by hand. Fields given are checked alike.
 */
export type PlanFileMode = 'complete' | 'partial';

/** The plan v1 JSON Schema (draft-07), as shipped in `schema/plan.schema.json`. */
export const PLAN_SCHEMA: Readonly<Record<string, unknown>> = readShippedSchema('plan.schema.json');

/**
 * The required keys `partial` keeps, by schema location: what lib/simulate/capacity.ts reads. Every
 * other `required` list of the schema is dropped.
 */
const SIMULATOR_READS: Readonly<Record<string, readonly string[]>> = {
  '#': ['version', 'functions'],
  '#/definitions/functionPlan': ['name', 'reservedConcurrency'],
  '#/definitions/provisionedPlan': ['min', 'max', 'schedule'],
  '#/definitions/scheduledAction': ['cron', 'min', 'max'],
  '#/definitions/sqsPlan': ['batchSize', 'maxBatchingWindowSeconds', 'maxConcurrency', 'visibilityTimeoutSeconds', 'maxReceiveCount'],
};

/**
 * A copy of `schema` whose `required` lists keep only the keys `keep` names for their location
 * (`#/definitions/x`). The copy has no `$id`, so it compiles next to the original.
 */
function withRequiredOnly(schema: Readonly<Record<string, unknown>>, keep: Readonly<Record<string, readonly string[]>>): Record<string, unknown> {
  const copy = structuredClone(schema) as Record<string, unknown>;
  delete copy.$id;
  const visit = (node: Record<string, unknown>, at: string): void => {
    if (Array.isArray(node.required)) {
      const kept = (node.required as string[]).filter((key) => keep[at]?.includes(key));
      if (kept.length > 0) node.required = kept;
      else delete node.required;
    }
    for (const [key, sub] of Object.entries(node)) {
      if (sub !== null && typeof sub === 'object') visit(sub as Record<string, unknown>, `${at}/${key}`);
    }
  };
  visit(copy, '#');
  return copy;
}

/** The schema each mode validates with. */
export const PLAN_SCHEMAS: Readonly<Record<PlanFileMode, Readonly<Record<string, unknown>>>> = {
  complete: PLAN_SCHEMA,
  partial: withRequiredOnly(PLAN_SCHEMA, SIMULATOR_READS),
};

// strictRequired off: anyOf branches may require keys defined one level up (scenario files do).
const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, strictRequired: false });
const validators = new WeakMap<object, ValidateFunction>();

/** The compiled validator of `schema` (compiled once, on first use). */
function validatorFor(schema: object): ValidateFunction {
  let validate = validators.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    validators.set(schema, validate);
  }
  return validate;
}

/** `/functions/2/reservedConcurrency` → `['functions', 2, 'reservedConcurrency']`. */
function pathOf(pointer: string): FieldPath {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((raw) => raw.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((key) => (/^\d+$/.test(key) ? Number(key) : key));
}

/** One ajv error as a path and a sentence: `is required`, `must be >= 0, got -1`. */
function describeError(e: ErrorObject): { path: FieldPath; text: string } {
  const path = pathOf(e.instancePath);
  if (e.keyword === 'required') return { path: [...path, e.params.missingProperty as string], text: 'is required' };
  const expected =
    e.keyword === 'enum'
      ? `must be one of ${(e.params.allowedValues as unknown[]).join(', ')}`
      : e.keyword === 'const'
        ? `must be ${JSON.stringify(e.params.allowedValue)}`
        : (e.message ?? 'is not valid');
  return { path, text: `${expected}, got ${describeValue(e.data)}` };
}

/**
 * Records every violation of `schema` by `doc` in `problems`, one path-qualified sentence each; false
 * when there was any. `anyOf` restates its branches' errors and `must be null` (the branch of a
 * nullable field) is never the useful one, so both are left out.
 */
function checkSchema(schema: object, doc: unknown, problems: Problems): boolean {
  const validate = validatorFor(schema);
  if (validate(doc)) return true;
  for (const e of validate.errors ?? []) {
    if (e.keyword === 'anyOf' || (e.keyword === 'type' && e.params.type === 'null')) continue;
    const { path, text } = describeError(e);
    problems.at(path, text);
  }
  return false;
}

/**
 * Validates `doc` against a JSON Schema; throws an InputError listing every problem as
 * `file: path message, got value` (or `file: what` when no error names a field).
 */
export function checkDocument(schema: object, doc: unknown, file: string, what: string): void {
  const problems = new Problems(file);
  if (!checkSchema(schema, doc, problems) && problems.count === 0) problems.add(what);
  problems.throwIfAny();
}

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
  const doc = parseJsonText(text, file, 'pass the output of plan --format json');
  expectMapping(doc, file, 'plan');
  expectKnownKeys(doc, file, 'plan', Object.keys(PLAN_SCHEMA.properties as object));
  const problems = new Problems(file);
  checkSchema(PLAN_SCHEMAS[mode], doc, problems);
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
