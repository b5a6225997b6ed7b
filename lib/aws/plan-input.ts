/**
 * Reads a plan file for `audit`: JSON Schema validation (ajv) of the fields audit compares, with
 * path-qualified messages (`plan.json: functions[0].reservedConcurrency must be integer, got "x"`).
 */
import Ajv, { type ErrorObject } from 'ajv';
import { InputError } from '../errors';
import type { Plan } from '../planner/types';

const count = { type: 'integer', minimum: 0 } as const;
const nullable = <T extends object>(schema: T) => ({ anyOf: [{ type: 'null' }, schema] });

/** The part of Plan v1 that `audit` reads (other fields are allowed and ignored). */
export const AUDIT_PLAN_SCHEMA = {
  type: 'object',
  required: ['version', 'account', 'functions'],
  properties: {
    version: { const: 1 },
    account: { type: 'object', required: ['region'], properties: { region: { type: 'string', minLength: 1 } } },
    functions: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name', 'invocation', 'memoryMb', 'timeoutSeconds', 'reservedConcurrency', 'provisioned', 'sqs'],
        properties: {
          name: { type: 'string', minLength: 1 },
          invocation: { enum: ['sync', 'async', 'sqs'] },
          memoryMb: count,
          timeoutSeconds: count,
          reservedConcurrency: count,
          provisioned: nullable({
            type: 'object',
            required: ['min', 'max', 'targetUtilization', 'statistic', 'schedule'],
            properties: {
              min: count,
              max: count,
              targetUtilization: { type: 'number', exclusiveMinimum: 0, maximum: 1 },
              statistic: { enum: ['Average', 'Maximum'] },
              schedule: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['name', 'cron', 'timezone', 'min', 'max'],
                  properties: { name: { type: 'string' }, cron: { type: 'string' }, timezone: { type: 'string' }, min: count, max: count },
                },
              },
            },
          }),
          sqs: nullable({
            type: 'object',
            required: ['batchSize', 'maxBatchingWindowSeconds', 'maxConcurrency'],
            properties: { batchSize: count, maxBatchingWindowSeconds: count, maxConcurrency: count },
          }),
        },
      },
    },
  },
} as const;

const validate = new Ajv({ allErrors: true }).compile(AUDIT_PLAN_SCHEMA);

/** `/functions/2/reservedConcurrency` → `functions[2].reservedConcurrency`. */
function toPath(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path ? `${path}.${part}` : part), '');
}

function valueAt(data: unknown, pointer: string): unknown {
  let node: unknown = data;
  for (const part of pointer.split('/').slice(1)) node = node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined;
  return node;
}

function describe(file: string, data: unknown, e: ErrorObject): string {
  const at = e.keyword === 'required' ? [toPath(e.instancePath), (e.params as { missingProperty: string }).missingProperty].filter(Boolean).join('.') : toPath(e.instancePath) || '(root)';
  if (e.keyword === 'required') return `${file}: ${at} is required`;
  return `${file}: ${at} ${e.message ?? 'is invalid'}, got ${JSON.stringify(valueAt(data, e.instancePath))}`;
}

/** Parses and validates a plan; throws InputError (exit 2) naming the file and field path. */
export function parsePlanForAudit(text: string, file: string): Plan {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new InputError(`${file}: not valid JSON (${(err as Error).message.replace(/\s+/g, ' ')}); pass the output of plan --format json`);
  }
  if (!validate(data)) {
    // anyOf failures repeat each branch's error: keep the most specific ones once.
    const errors = (validate.errors ?? []).filter((e) => e.keyword !== 'anyOf' && !(e.keyword === 'type' && e.params.type === 'null'));
    throw new InputError([...new Set(errors.map((e) => describe(file, data, e)))]);
  }
  const plan = data as Plan;
  const names = plan.functions.map((f) => f.name);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup) throw new InputError(`${file}: functions[${names.lastIndexOf(dup)}].name ${JSON.stringify(dup)} appears twice`);
  return plan;
}
