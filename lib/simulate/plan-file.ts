/**
 * Reads a plan v1 file for `simulate --plan FILE`: the fields the simulator applies are validated
 * (JSON Schema, Ajv) and every problem is reported with the file, the field path and the value.
 */
import Ajv from 'ajv';
import type { ErrorObject } from 'ajv';
import { InputError } from '../errors';
import type { Plan } from '../planner/types';
import type { Workload } from '../workload/types';
import { cronMinuteOfDay } from './capacity';

const count = { type: 'integer', minimum: 0 };
const nullableCount = { anyOf: [{ type: 'null' }, count] };

/** The part of plan v1 the simulator reads (other fields are allowed and ignored: they do not change what runs). */
const PLAN_SCHEMA = {
  type: 'object',
  required: ['version', 'functions'],
  properties: {
    version: { const: 1 },
    functions: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name', 'reservedConcurrency'],
        properties: {
          name: { type: 'string', minLength: 1 },
          reservedConcurrency: nullableCount,
          provisioned: {
            anyOf: [
              { type: 'null' },
              {
                type: 'object',
                required: ['min', 'max', 'targetUtilization', 'schedule'],
                properties: {
                  min: count,
                  max: count,
                  targetUtilization: { type: 'number', minimum: 0, maximum: 1 },
                  statistic: { enum: ['Average', 'Maximum'] },
                  schedule: {
                    type: 'array',
                    items: {
                      type: 'object',
                      required: ['cron', 'min', 'max'],
                      properties: { cron: { type: 'string' }, timezone: { type: 'string' }, min: count, max: count },
                    },
                  },
                },
              },
            ],
          },
          sqs: {
            anyOf: [
              { type: 'null' },
              {
                type: 'object',
                required: ['batchSize', 'maxBatchingWindowSeconds', 'maxConcurrency', 'visibilityTimeoutSeconds', 'maxReceiveCount'],
                properties: {
                  batchSize: { type: 'integer', minimum: 1 },
                  maxBatchingWindowSeconds: { type: 'number', minimum: 0 },
                  maxConcurrency: nullableCount,
                  visibilityTimeoutSeconds: { type: 'number', exclusiveMinimum: 0 },
                  maxReceiveCount: { type: 'integer', minimum: 1 },
                },
              },
            ],
          },
        },
      },
    },
  },
} as const;

const validators = new Map<object, ReturnType<Ajv['compile']>>();

function fieldPath(instancePath: string): string {
  return instancePath
    .split('/')
    .slice(1)
    .map((p) => (/^\d+$/.test(p) ? `[${p}]` : `.${p}`))
    .join('')
    .replace(/^\./, '');
}

function valueAt(doc: unknown, instancePath: string): unknown {
  let v: unknown = doc;
  for (const p of instancePath.split('/').slice(1)) v = (v as Record<string, unknown> | undefined)?.[p];
  return v;
}

function describe(doc: unknown, e: ErrorObject): string {
  const path = fieldPath(e.instancePath) || '(top level)';
  const value = valueAt(doc, e.instancePath);
  const shown = value === undefined ? '' : `, got ${JSON.stringify(value)}`;
  if (e.keyword === 'required') return `${path === '(top level)' ? '' : `${path}.`}${(e.params as { missingProperty: string }).missingProperty} is required`;
  return `${path} ${e.message ?? 'is invalid'}${shown}`;
}

/**
 * Validates `doc` against a JSON Schema; throws an InputError listing every problem as
 * `file: path message, got value`.
 */
export function checkDocument(schema: object, doc: unknown, file: string, what: string): void {
  let validate = validators.get(schema);
  if (!validate) {
    validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    validators.set(schema, validate);
  }
  if (validate(doc)) return;
  // anyOf alternatives repeat each problem; the messages about the object branch are the useful ones
  const errors = (validate.errors ?? []).filter((e) => e.keyword !== 'anyOf' && !(e.keyword === 'type' && (e.params as { type?: string }).type === 'null'));
  const problems = [...new Set(errors.map((e) => `${file}: ${describe(doc, e)}`))];
  throw new InputError(problems.length ? problems : [`${file}: ${what}`]);
}

/** Parses and checks a plan file's text against the workload it will be simulated with. */
export function parsePlanFile(text: string, file: string, workload: Workload): Plan {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new InputError(`${file}: not valid JSON (${(err as Error).message})`);
  }
  checkDocument(PLAN_SCHEMA, doc, file, 'not a plan v1');
  const plan = doc as Plan;
  const names = new Set(workload.functions.map((f) => f.name));
  const problems: string[] = [];
  plan.functions.forEach((f, i) => {
    if (!names.has(f.name)) problems.push(`${file}: functions[${i}].name ${JSON.stringify(f.name)} is not a function of the workload`);
    f.provisioned?.schedule.forEach((a, j) => {
      if (cronMinuteOfDay(a.cron) === undefined) {
        problems.push(`${file}: functions[${i}].provisioned.schedule[${j}].cron must be a daily cron(M H * * ? *) expression, got ${JSON.stringify(a.cron)}`);
      }
      if (a.min > a.max) problems.push(`${file}: functions[${i}].provisioned.schedule[${j}].min must be <= max (${a.max}), got ${a.min}`);
    });
    if (f.provisioned && f.provisioned.min > f.provisioned.max) problems.push(`${file}: functions[${i}].provisioned.min must be <= max (${f.provisioned.max}), got ${f.provisioned.min}`);
  });
  if (problems.length) throw new InputError(problems);
  return plan;
}
