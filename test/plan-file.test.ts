import Ajv from 'ajv';
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { isInputError } from '../lib/errors';
import { LIMITS } from '../lib/model';
import { PLAN_SCHEMA, PLAN_SCHEMAS, readPlan, writePlan, type PlanFileMode } from '../lib/plan-file';
import { planWorkload } from '../lib/planner';
import type { FunctionPlan, Plan } from '../lib/planner/types';
import type { Workload } from '../lib/workload/types';
import { loadWorkload } from '../lib/workload';
import { workloadArb } from './support/arbitraries';

type Schema = { [key: string]: unknown };
const ROOT = join(__dirname, '..');
const shipped = JSON.parse(readFileSync(join(ROOT, 'schema', 'plan.schema.json'), 'utf8')) as Schema;

/** The plan of every example workload, as `plan --format json` writes it. */
const EXAMPLES = readdirSync(join(ROOT, 'examples'))
  .filter((f) => /\.ya?ml$/.test(f))
  .map((f) => ({ file: f, plan: planWorkload(loadWorkload(join('examples', f), { cwd: ROOT })) }));

const text = (plan: unknown) => JSON.stringify(plan, null, 2);

/** The InputError's problems, or [] when `read` succeeds. */
function problemsOf(read: () => unknown): readonly string[] {
  try {
    read();
    return [];
  } catch (err) {
    if (!isInputError(err)) throw err;
    return err.problems;
  }
}

const problems = (doc: unknown, mode: PlanFileMode = 'complete') => problemsOf(() => readPlan(text(doc), 'plan.json', mode));

/** A real plan with a provisioned function and an SQS function. */
function realPlan(): Plan {
  const withPc = EXAMPLES.find((e) => e.plan.functions.some((f) => f.provisioned));
  return JSON.parse(text(withPc?.plan)) as Plan;
}

/** `plan` with function `i` changed by `change` (a deep copy). */
function editFunction(plan: Plan, i: number, change: (f: Record<string, unknown>) => void): Plan {
  const copy = JSON.parse(text(plan)) as { functions: Record<string, unknown>[] };
  change(copy.functions[i]);
  return copy as unknown as Plan;
}

/** Every property schema in the document, with its dotted location. */
function propertySchemas(schema: Schema): Array<{ where: string; schema: Schema }> {
  const found: Array<{ where: string; schema: Schema }> = [];
  const visit = (node: Schema, where: string) => {
    for (const [name, sub] of Object.entries((node.properties ?? {}) as Record<string, Schema>)) {
      found.push({ where: `${where}.${name}`, schema: sub });
      visit(sub, `${where}.${name}`);
    }
    for (const branch of (node.anyOf ?? []) as Schema[]) visit(branch, where);
    if (node.items) visit(node.items as Schema, `${where}[]`);
  };
  visit(schema, '(root)');
  for (const [name, def] of Object.entries((schema.definitions ?? {}) as Record<string, Schema>)) visit(def, `#${name}`);
  return found;
}

/** The `required` list of every object schema, by location (`#` root, `#/definitions/x`, …). */
function requiredLists(schema: Schema): Record<string, string[]> {
  const found: Record<string, string[]> = {};
  const visit = (node: unknown, at: string) => {
    if (node === null || typeof node !== 'object') return;
    const required = (node as Schema).required;
    if (Array.isArray(required)) found[at] = required as string[];
    for (const [key, sub] of Object.entries(node)) visit(sub, `${at}/${key}`);
  };
  visit(schema, '#');
  return found;
}

describe('schema/plan.schema.json', () => {
  test('is what the reader validates with', () => {
    expect(PLAN_SCHEMA).toEqual(shipped);
    expect(PLAN_SCHEMAS.complete).toBe(PLAN_SCHEMA);
  });

  test('is a valid draft-07 JSON Schema with an $id and compiles in ajv strict mode', () => {
    expect(shipped.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(shipped.$id).toMatch(/^https:\/\/.+\/plan\.schema\.json$/);
    const ajv = new Ajv({ strict: true });
    expect(ajv.validateSchema(shipped)).toBe(true);
    expect(ajv.errors ?? null).toBeNull();
    expect(() => ajv.compile(shipped)).not.toThrow();
    expect(() => new Ajv({ strict: true }).compile(PLAN_SCHEMAS.partial)).not.toThrow();
  });

  test('every property has a description, and no object forbids unknown keys', () => {
    const all = propertySchemas(shipped);
    expect(all.length).toBeGreaterThan(80);
    const missing = all.filter((p) => !(typeof p.schema.description === 'string' && p.schema.description.length > 5) && !p.schema.$ref);
    expect(missing.map((p) => p.where)).toEqual([]);
    const refs = all.map((p) => p.schema.$ref).filter((r): r is string => typeof r === 'string');
    for (const ref of refs) expect({ ref, description: typeof (shipped.definitions as Record<string, Schema>)[ref.replace('#/definitions/', '')]?.description }).toEqual({ ref, description: 'string' });
    expect(JSON.stringify(shipped)).not.toContain('"additionalProperties":false');
  });

  test('Lambda limits agree with the model', () => {
    const fn = ((shipped.definitions as Record<string, Schema>).functionPlan.properties ?? {}) as Record<string, Schema>;
    expect([fn.memoryMb.minimum, fn.memoryMb.maximum, fn.timeoutSeconds.maximum]).toEqual([LIMITS.lambdaMinMemoryMb, LIMITS.lambdaMaxMemoryMb, LIMITS.lambdaMaxTimeoutSeconds]);
    const sqs = ((shipped.definitions as Record<string, Schema>).sqsPlan.properties ?? {}) as Record<string, Schema>;
    expect([sqs.maxConcurrency.minimum, sqs.maxConcurrency.maximum, sqs.batchSize.maximum, sqs.maxBatchingWindowSeconds.maximum]).toEqual([
      LIMITS.sqsMaxConcurrencyMin,
      LIMITS.sqsMaxConcurrencyMax,
      LIMITS.sqsMaxBatchStandard,
      LIMITS.sqsMaxBatchingWindowSeconds,
    ]);
  });

  test('partial mode keeps only the required keys the simulator reads', () => {
    expect(requiredLists(PLAN_SCHEMAS.partial)).toEqual({
      '#': ['version', 'functions'],
      '#/definitions/functionPlan': ['name', 'reservedConcurrency'],
      '#/definitions/provisionedPlan': ['min', 'max', 'schedule'],
      '#/definitions/scheduledAction': ['cron', 'min', 'max'],
      '#/definitions/sqsPlan': ['batchSize', 'maxBatchingWindowSeconds', 'maxConcurrency', 'visibilityTimeoutSeconds', 'maxReceiveCount'],
    });
    // Everything else is the same schema.
    const strip = (s: unknown) => JSON.parse(JSON.stringify(s, (k, v) => (k === 'required' || k === '$id' ? undefined : v)));
    expect(strip(PLAN_SCHEMAS.partial)).toEqual(strip(shipped));
  });
});

describe('readPlan accepts what the planner writes', () => {
  test.each(EXAMPLES.map((e) => [e.file, e.plan] as const))('%s, in both modes', (_file, plan) => {
    for (const mode of ['complete', 'partial'] as const) expect(readPlan(text(plan), 'plan.json', mode)).toEqual(plan);
  });

  test.each(EXAMPLES.map((e) => [e.file, e.plan] as const))('%s: the file leaves out each action\'s when, and reading derives it back', (_file, plan) => {
    const written = writePlan(plan);
    expect(written).not.toMatch(/"when"/);
    expect(written.endsWith('}\n')).toBe(true);
    expect(readPlan(written, 'plan.json', 'complete')).toEqual(plan);
    expect(writePlan(readPlan(written, 'plan.json', 'partial'))).toBe(written);
  });

  test('any spelling of a daily cron is read as data (minute of day, every day)', () => {
    const plan = realPlan();
    const i = plan.functions.findIndex((f) => f.provisioned?.schedule.length);
    const pc = plan.functions[i].provisioned as NonNullable<FunctionPlan['provisioned']>;
    for (const cron of ['cron(30 6 * * ? *)', 'cron(30 6 ? * * *)', 'cron(30 06 ? * SUN-SAT *)']) {
      const edited = editFunction(plan, i, (f) => (f.provisioned = { ...pc, schedule: [{ ...pc.schedule[0], cron }] }));
      const action = readPlan(text(edited), 'plan.json', 'partial').functions[i].provisioned?.schedule[0];
      expect(action?.when).toEqual({ minuteOfDay: 390, daysOfWeek: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] });
      expect(action?.cron).toBe(cron);
    }
  });

  test('the examples cover provisioned, SQS, databases and findings', () => {
    const plans = EXAMPLES.map((e) => e.plan);
    expect(plans.some((p) => p.functions.some((f) => f.provisioned?.schedule.length))).toBe(true);
    expect(plans.some((p) => p.functions.some((f) => f.sqs))).toBe(true);
    expect(plans.some((p) => p.databases.length > 0)).toBe(true);
    expect(plans.some((p) => p.findings.length > 0)).toBe(true);
  });

  test('provisioned concurrency without target tracking (targetUtilization null)', () => {
    const plan = realPlan();
    const i = plan.functions.findIndex((f) => f.provisioned);
    const untracked = editFunction(plan, i, (f) => ((f.provisioned as Record<string, unknown>).targetUtilization = null));
    expect(readPlan(text(untracked), 'plan.json', 'complete').functions[i].provisioned?.targetUtilization).toBeNull();
  });

  test('keys it does not know (a newer plan) are allowed everywhere', () => {
    const plan = { ...realPlan(), generatedBy: 'v2' };
    const newer = editFunction(plan as Plan, 0, (f) => Object.assign(f, { costCenter: 'x', alarms: { ...(f.alarms as object), extra: {} } }));
    expect(problems(newer)).toEqual([]);
  });

  test('any workload the planner accepts gives a plan the schema accepts', () => {
    fc.assert(
      fc.property(workloadArb, (w) => {
        expect(problems(planWorkload(w))).toEqual([]);
      }),
      { seed: 20261122, numRuns: 100 },
    );
  });
});

describe('readPlan reports every problem, path-qualified', () => {
  test('wrong types and values name the field and what was given', () => {
    const plan = editFunction(realPlan(), 0, (f) => {
      f.reservedConcurrency = 'x';
      f.memoryMb = 1024.5;
      f.invocation = 'http';
      (f.provisioned as Record<string, unknown>).targetUtilization = 0;
      (f.offeredLoad as Record<string, unknown>).hourly = [1, 2];
    });
    expect(problems({ ...plan, version: 2 })).toEqual([
      'plan.json: version must be 1, got 2',
      'plan.json: functions[0].invocation must be one of sync, async, sqs, got "http"',
      'plan.json: functions[0].memoryMb must be integer, got 1024.5',
      'plan.json: functions[0].offeredLoad.hourly must NOT have fewer than 24 items, got a list of 2 values',
      'plan.json: functions[0].reservedConcurrency must be integer, got "x"',
      'plan.json: functions[0].provisioned.targetUtilization must be > 0, got 0',
    ]);
  });

  test('a nullable field reports its object branch only', () => {
    const sqs = EXAMPLES.flatMap((e) => e.plan.functions).find((f) => f.sqs)?.sqs;
    const plan = editFunction(realPlan(), 0, (f) => {
      f.provisioned = 'none';
      // An sqs block belongs to an SQS-triggered function.
      f.invocation = 'sqs';
      f.sqs = { ...sqs, batchSize: 0 };
    });
    expect(problems(plan)).toEqual(['plan.json: functions[0].provisioned must be object, got "none"', 'plan.json: functions[0].sqs.batchSize must be >= 1, got 0']);
  });

  test('a document that is not an object', () => {
    expect(problems([], 'partial')).toEqual(['plan.json: is not a plan: the document is an empty list, not a mapping']);
  });

  test('partial mode accepts a hand-written plan that complete mode rejects, naming what is missing', () => {
    const minimal = {
      version: 1,
      functions: [
        { name: 'api', reservedConcurrency: 50, provisioned: { min: 5, max: 20, schedule: [{ cron: 'cron(0 8 * * ? *)', min: 10, max: 20 }] } },
        { name: 'worker', reservedConcurrency: 10, sqs: { batchSize: 10, maxBatchingWindowSeconds: 1, maxConcurrency: 5, visibilityTimeoutSeconds: 61, maxReceiveCount: 5 } },
      ],
    };
    expect(problems(minimal, 'partial')).toEqual([]);
    const missing = problems(minimal);
    expect(missing).toEqual(
      expect.arrayContaining([
        'plan.json: account is required',
        'plan.json: functions[0].memoryMb is required',
        'plan.json: functions[0].provisioned.targetUtilization is required',
        'plan.json: functions[0].provisioned.schedule[0].timezone is required',
        'plan.json: functions[1].sqs.dlqRetentionDays is required',
      ]),
    );
    expect(missing.every((m) => m.endsWith(' is required'))).toBe(true);
  });

  test('partial mode still requires what the simulator applies, and checks the types of the rest', () => {
    const plan = { version: 1, functions: [{ name: 'api', provisioned: { min: 1, schedule: [{ cron: 'cron(0 8 * * ? *)', max: 2 }] }, memoryMb: 'big' }] };
    expect(problems(plan, 'partial')).toEqual([
      'plan.json: functions[0].reservedConcurrency is required',
      'plan.json: functions[0].memoryMb must be integer, got "big"',
      'plan.json: functions[0].provisioned.max is required',
      'plan.json: functions[0].provisioned.schedule[0].min is required',
    ]);
  });

  test('duplicate function names', () => {
    const plan = realPlan();
    const twice = { ...plan, functions: [...plan.functions, plan.functions[0]] };
    expect(problems(twice)).toEqual([`plan.json: functions[${plan.functions.length}].name ${JSON.stringify(plan.functions[0].name)} appears twice (also functions[0])`]);
  });

  test('min above max, for the scalable target and for each scheduled action', () => {
    const plan = realPlan();
    const i = plan.functions.findIndex((f) => f.provisioned?.schedule.length);
    const pc = plan.functions[i].provisioned as NonNullable<FunctionPlan['provisioned']>;
    const inverted = editFunction(plan, i, (f) => {
      f.provisioned = { ...pc, min: pc.max + 1, schedule: pc.schedule.map((a, j) => (j === 1 ? { ...a, min: a.max + 3 } : a)) };
    });
    expect(problems(inverted)).toEqual([
      `plan.json: functions[${i}].provisioned.min must be <= max (${pc.max}), got ${pc.max + 1}`,
      `plan.json: functions[${i}].provisioned.schedule[1].min must be <= max (${pc.schedule[1].max}), got ${pc.schedule[1].max + 3}`,
    ]);
  });

  test('with a workload, a function the workload lacks is named, once the plan itself is valid', () => {
    const plan = realPlan();
    const last = plan.functions.length - 1;
    const workload = { functions: plan.functions.slice(0, last).map((f) => ({ name: f.name })) } as unknown as Workload;
    expect(problemsOf(() => readPlan(text(plan), 'plan.json', 'partial', workload))).toEqual([`plan.json: functions[${last}].name ${JSON.stringify(plan.functions[last].name)} is not a function of the workload`]);
    expect(problemsOf(() => readPlan(text(plan), 'plan.json', 'partial', { functions: plan.functions } as unknown as Workload))).toEqual([]);
    const invalid = editFunction(plan, 0, (f) => (f.reservedConcurrency = -1));
    expect(problemsOf(() => readPlan(text(invalid), 'plan.json', 'partial', workload))).toEqual(['plan.json: functions[0].reservedConcurrency must be >= 0, got -1']);
  });

  test('a cron expression that fires neither daily nor on days of every week', () => {
    const plan = realPlan();
    const i = plan.functions.findIndex((f) => f.provisioned?.schedule.length);
    const pc = plan.functions[i].provisioned as NonNullable<FunctionPlan['provisioned']>;
    for (const cron of ['rate(5 minutes)', 'cron(0 9 * * MON-FRI *)', 'cron(0/30 9 * * ? *)', 'cron(0 24 * * ? *)', 'cron(0 9 ? * 2#1 *)']) {
      const edited = editFunction(plan, i, (f) => (f.provisioned = { ...pc, schedule: [{ ...pc.schedule[0], cron }] }));
      expect(problems(edited)).toEqual([`plan.json: functions[${i}].provisioned.schedule[0].cron must be a daily cron(M H * * ? *) or weekly cron(M H ? * DAYS *) expression, got ${JSON.stringify(cron)}`]);
    }
  });

  test('a day-of-week cron (a plan by week) is read with its days', () => {
    const plan = realPlan();
    const i = plan.functions.findIndex((f) => f.provisioned?.schedule.length);
    const pc = plan.functions[i].provisioned as NonNullable<FunctionPlan['provisioned']>;
    const edited = editFunction(plan, i, (f) => (f.provisioned = { ...pc, schedule: [{ ...pc.schedule[0], cron: 'cron(58 7 ? * MON-FRI *)' }] }));
    expect(problems(edited)).toEqual([]);
    const read = readPlan(text(edited), 'plan.json', 'complete');
    expect(read.functions[i].provisioned?.schedule[0].when).toEqual({ minuteOfDay: 7 * 60 + 58, daysOfWeek: ['MON', 'TUE', 'WED', 'THU', 'FRI'] });
  });

  test('schema and rule problems come together, in document order', () => {
    const plan = realPlan();
    const both = { ...plan, functions: [{ ...plan.functions[0], provisioned: { min: 3, max: 2, schedule: [] } }, { ...plan.functions[0], memoryMb: 0 }] };
    expect(problems(both, 'partial')).toEqual([
      'plan.json: functions[0].provisioned.min must be <= max (2), got 3',
      'plan.json: functions[1].memoryMb must be >= 128, got 0',
      `plan.json: functions[1].name ${JSON.stringify(plan.functions[0].name)} appears twice (also functions[0])`,
    ]);
  });

  test('not JSON', () => {
    expect(problemsOf(() => readPlan('{"version": 1,', 'p.json', 'partial'))).toEqual([
      expect.stringMatching(/^p\.json: not valid JSON \(.+\); pass the output of plan --format json$/),
    ]);
    expect(problemsOf(() => readPlan('version: 1\n', 'p.yaml', 'complete'))[0]).toMatch(/^p\.yaml: not valid JSON/);
  });
});
