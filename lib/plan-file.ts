/**
 * The plan v1 file (the output of `plan --format json`): written here, and read here for `audit` and
 * `simulate --plan` (the one reader): JSON, then the shipped JSON Schema (schema/plan.schema.json,
 * ajv), then the checks a schema cannot state. Every problem is reported at once, with the file, the
 * field path and the value: `plan.json: functions[0].reservedConcurrency must be integer, got "x"`.
 */
import { parseJsonText } from './files';
import { isPlainObject } from './records';
import type { Plan } from './planner/types';
import { LIMITS, scheduleTimeOf } from './model';
import { describeValue, expectKnownKeys, expectMapping, Problems, type FieldPath } from './workload/problems';
import type { Workload } from './workload/types';
import { PLAN_SCHEMA, type PlanFileMode } from './workload/schemas';
import { recordSchemaProblems } from './workload/validate';
import { isValidTimeZone } from './workload/checks';

export { PLAN_SCHEMA, PLAN_SCHEMAS, type PlanFileMode } from './workload/schemas';

type JsonObject = Record<string, unknown>;
const isObject: (x: unknown) => x is JsonObject = isPlainObject;
const itemsOf = (x: unknown): unknown[] => (Array.isArray(x) ? x : []);

/** Longest schedule expression and time zone (PutScheduledAction Schedule and Timezone: 1,600 characters), as the schema says. */
const MAX_SCHEDULE_CHARS = 1600;

/** `min` must not be above `max` (each checked only when both are numbers; the schema reports the rest). */
function checkBounds(node: JsonObject, path: FieldPath, problems: Problems): void {
  const { min, max } = node;
  if (typeof min === 'number' && typeof max === 'number' && min > max) problems.at([...path, 'min'], `must be <= max (${max}), got ${min}`);
}

/** Gives every scheduled action of a checked plan its time as data (`when`, derived from `cron`: daily or on days of the week). */
function withScheduleTimes(doc: JsonObject): void {
  for (const f of itemsOf(doc.functions)) {
    const pc = isObject(f) ? f.provisioned : undefined;
    for (const action of itemsOf(isObject(pc) ? pc.schedule : undefined)) {
      if (isObject(action)) action.when = scheduleTimeOf(action.cron as string);
    }
  }
}

/** `value` (a concurrency at `path`) must fit in the function's reserved concurrency, when both are known. */
function checkWithinReserved(value: unknown, reserved: number | undefined, path: FieldPath, what: string, problems: Problems): void {
  if (typeof value === 'number' && reserved !== undefined && value > reserved) {
    problems.at(path, `must be <= reservedConcurrency (${reserved}): ${what}, got ${value}`);
  }
}

/**
 * A provisioned plan at `path`: min <= max (also of each scheduled action), crons that fire daily or on
 * days of the week, no more actions than a scalable target may have, and no more provisioned concurrency
 * than the function reserves (it is part of the reserved concurrency).
 */
function checkProvisionedRules(pc: JsonObject, path: FieldPath, problems: Problems, reserved: number | undefined): void {
  checkBounds(pc, path, problems);
  const inReserved = 'provisioned concurrency is part of the reserved concurrency';
  checkWithinReserved(pc.max, reserved, [...path, 'max'], inReserved, problems);
  const actions = itemsOf(pc.schedule).length;
  if (actions > LIMITS.scheduledActionsPerTarget) {
    problems.at([...path, 'schedule'], `must have at most ${LIMITS.scheduledActionsPerTarget} actions (Application Auto Scaling's quota per scalable target, not adjustable), got ${actions}`);
  }
  itemsOf(pc.schedule).forEach((action, j) => {
    if (!isObject(action)) return;
    const at = [...path, 'schedule', j];
    // A cron longer than the schema allows is reported by it, and not parsed.
    if (typeof action.cron === 'string' && action.cron.length <= MAX_SCHEDULE_CHARS && scheduleTimeOf(action.cron) === undefined) {
      problems.at([...at, 'cron'], `must be a daily cron(M H * * ? *) or weekly cron(M H ? * DAYS *) expression, got ${describeValue(action.cron)}`);
    }
    if (typeof action.timezone === 'string' && action.timezone.length <= MAX_SCHEDULE_CHARS && !isValidTimeZone(action.timezone)) {
      problems.at([...at, 'timezone'], `must be an IANA time zone such as UTC or Europe/Paris, got ${describeValue(action.timezone)}`);
    }
    checkBounds(action, at, problems);
    checkWithinReserved(action.max, reserved, [...at, 'max'], inReserved, problems);
  });
}

/**
 * One function's plan at `path`: provisioned concurrency within the reserved (when the reserved is a
 * valid number; the schema reports it otherwise). Not refused, because the planner writes them with an
 * error finding when the workload asks for more than there is: reserved concurrency above the account's
 * limit (AccountConcurrencyBudget) and SQS maxConcurrency above a reserved concurrency a database caps.
 */
function checkFunctionRules(f: JsonObject, path: FieldPath, problems: Problems): void {
  const reserved = Number.isInteger(f.reservedConcurrency) && (f.reservedConcurrency as number) >= 0 ? (f.reservedConcurrency as number) : undefined;
  if (isObject(f.provisioned)) checkProvisionedRules(f.provisioned, [...path, 'provisioned'], problems, reserved);
  if (f.invocation === 'sync' || f.invocation === 'async' || f.invocation === 'sqs') checkSqsBlock(f.sqs, f.invocation, path, problems);
  const throttles = isObject(f.alarms) ? f.alarms.throttles : undefined;
  if (isObject(throttles) && typeof throttles.datapointsToAlarm === 'number' && typeof throttles.evaluationPeriods === 'number' && throttles.datapointsToAlarm > throttles.evaluationPeriods) {
    problems.at([...path, 'alarms', 'throttles', 'datapointsToAlarm'], `must be <= evaluationPeriods (${throttles.evaluationPeriods}), got ${throttles.datapointsToAlarm}`);
  }
}

/**
 * An `sqs` block belongs to an SQS-triggered function, and an SQS-triggered function has one: a block on a
 * sync or async function would make it a queue consumer, and `null` on an SQS function would leave its
 * queue without the planned mapping. `invocation` is the plan's own, or the workload's for a partial plan.
 */
function checkSqsBlock(sqs: unknown, invocation: string, path: FieldPath, problems: Problems): void {
  if (invocation !== 'sqs' && sqs !== null && sqs !== undefined) {
    problems.at([...path, 'sqs'], `must be null for a function invoked ${invocation} (only an SQS-triggered function has an sqs block), got ${describeValue(sqs)}`);
  } else if (invocation === 'sqs' && sqs === null) {
    problems.at([...path, 'sqs'], 'must be the SQS settings of this SQS-triggered function (batchSize, maxBatchingWindowSeconds, maxConcurrency, visibilityTimeoutSeconds, maxReceiveCount), got null');
  }
}

/**
 * What the schema cannot state: unique function names and the cross-field rules of each function
 * ({@link checkFunctionRules}). Runs on the document as parsed, so its problems come with the schema's.
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
    checkFunctionRules(f, ['functions', i], problems);
  });
}

/**
 * Checks part of a plan given in code (a construct's `plan` prop, `optionsFromPlan`'s argument) like a
 * plan file: the complete plan schema's definition of it, then the same cross-field rules.
 * @param field what the caller calls the value; every message starts with it (`plan: reservedConcurrency must be >= 0, got -5`)
 * @returns the problems, empty when the value is a valid plan part
 */
export function planPartProblems(value: unknown, kind: 'function-plan' | 'provisioned-plan' | 'sqs-plan' | 'alarms-plan', field: string): readonly string[] {
  const problems = new Problems(field);
  recordSchemaProblems(value, kind, problems);
  if (isObject(value)) {
    if (kind === 'function-plan') checkFunctionRules(value, [], problems);
    else if (kind === 'provisioned-plan') checkProvisionedRules(value, [], problems, undefined);
  }
  return problems.messages;
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
  recordSchemaProblems(doc, `plan-${mode}`, problems);
  checkPlanRules(doc, problems);
  problems.throwIfAny();
  withScheduleTimes(doc as JsonObject);
  const plan = doc as Plan;
  if (workload) checkFunctionsOf(plan, workload, file);
  return plan;
}

/**
 * Every function of the plan must be a function of the workload it will be simulated with, and have an
 * `sqs` block only if the workload's function is SQS-triggered (a partial plan need not say its invocation).
 */
function checkFunctionsOf(plan: Plan, workload: Workload, file: string): void {
  const invocations = new Map(workload.functions.map((f) => [f.name, f.invocation]));
  const problems = new Problems(file);
  plan.functions.forEach((f, i) => {
    const invocation = invocations.get(f.name);
    if (invocation === undefined) problems.at(['functions', i, 'name'], `${describeValue(f.name)} is not a function of the workload`);
    else if (f.invocation === undefined) checkSqsBlock(f.sqs, invocation, ['functions', i], problems);
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
