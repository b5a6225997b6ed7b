/**
 * The JSON Schemas of every document the package reads: workload v1, plan v1 and the check configuration as
 * shipped in `schema/`, the plan with only what the simulator reads required, and the scenario file.
 * lib/workload/validate.ts validates against them; this module only says what they are.
 */
import { LIMITS } from '../model/defaults';
import { readShippedSchema } from '../schema-files';

/** A JSON Schema (draft-07) as data. */
export type JsonSchema = Readonly<Record<string, unknown>>;

/** The workload v1 JSON Schema (draft-07), as shipped in `schema/workload.schema.json`. */
export const WORKLOAD_SCHEMA: JsonSchema = readShippedSchema('workload.schema.json');

/** The check configuration v1 JSON Schema (draft-07), as shipped in `schema/check-config.schema.json`. */
export const CHECK_CONFIG_SCHEMA: JsonSchema = readShippedSchema('check-config.schema.json');

/** A resource's `cdk-lambda-scaling` Metadata entry in a template: the `metadata` definition of the check configuration schema. */
export const CHECK_METADATA_SCHEMA: JsonSchema = { definitions: CHECK_CONFIG_SCHEMA.definitions, allOf: [{ $ref: '#/definitions/metadata' }] };

/** The plan v1 JSON Schema (draft-07), as shipped in `schema/plan.schema.json`. */
export const PLAN_SCHEMA: JsonSchema = readShippedSchema('plan.schema.json');

/**
 * `complete`: every field the planner writes is required (audit compares them); `partial`: only the
 * fields the simulator applies, so a what-if plan can be written by hand. Fields given are checked alike.
 */
export type PlanFileMode = 'complete' | 'partial';

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
function withRequiredOnly(schema: JsonSchema, keep: Readonly<Record<string, readonly string[]>>): Record<string, unknown> {
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

/** The schema each plan file mode validates with. */
export const PLAN_SCHEMAS: Readonly<Record<PlanFileMode, JsonSchema>> = {
  complete: PLAN_SCHEMA,
  partial: withRequiredOnly(PLAN_SCHEMA, SIMULATOR_READS),
};

type Definitions = Readonly<Record<string, { readonly properties: Readonly<Record<string, unknown>> }>>;
const PLAN_DEFINITIONS = PLAN_SCHEMA.definitions as Definitions;

/**
 * The schema of one definition of the plan schema, for a part of a plan given in code rather than read
 * from a file. With `reads`, only those fields (what the caller uses) are checked and required.
 */
function definitionSchema(name: string, reads?: { readonly required: readonly string[]; readonly checked: readonly string[] }): JsonSchema {
  if (!reads) return { definitions: PLAN_DEFINITIONS, allOf: [{ $ref: `#/definitions/${name}` }] };
  const properties = Object.fromEntries(reads.checked.map((key) => [key, PLAN_DEFINITIONS[name].properties[key]]));
  return { definitions: PLAN_DEFINITIONS, type: 'object', required: reads.required, properties };
}

/** One function's plan (`plan.functions[i]`, the `plan` prop of LambdaScalingPolicy), complete. */
export const FUNCTION_PLAN_SCHEMA: JsonSchema = definitionSchema('functionPlan');
/** A provisioned plan as `ProvisionedConcurrencyScaling.optionsFromPlan` reads it: bounds, target, statistic, schedule. */
export const PROVISIONED_PLAN_SCHEMA: JsonSchema = definitionSchema('provisionedPlan', {
  required: ['min', 'max', 'schedule'],
  checked: ['min', 'max', 'targetUtilization', 'statistic', 'schedule'],
});

/** An SQS plan as `SqsBufferedFunction.optionsFromPlan` reads it (`plan.functions[i].sqs`), complete. */
export const SQS_PLAN_SCHEMA: JsonSchema = definitionSchema('sqsPlan');
/** Alarm thresholds as `ThrottleAlarms` reads them (`plan.functions[i].alarms`): the function's four alarms. */
export const ALARMS_PLAN_SCHEMA: JsonSchema = definitionSchema('alarms', {
  required: ['throttles', 'concurrency', 'spillover', 'provisionedUtilization'],
  checked: ['throttles', 'concurrency', 'spillover', 'provisionedUtilization'],
});

const STEPS_SCHEMA = {
  type: 'array',
  minItems: 1,
  items: {
    type: 'object',
    required: ['atSeconds', 'rps'],
    additionalProperties: false,
    properties: {
      atSeconds: { type: 'number', minimum: 0, maximum: LIMITS.maxSimulatedSeconds },
      rps: { type: 'number', minimum: 0, maximum: LIMITS.maxRequestsPerSecond },
    },
  },
};

/** Scenario file v1 (`simulate --scenario FILE`): traffic steps for every function or per function. */
export const SCENARIO_SCHEMA: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    description: { type: 'string' },
    durationSeconds: { type: 'number', exclusiveMinimum: 0, maximum: LIMITS.maxSimulatedSeconds },
    /** Steps for every function the file does not list. */
    steps: STEPS_SCHEMA,
    functions: { type: 'object', additionalProperties: STEPS_SCHEMA },
  },
  anyOf: [{ required: ['steps'] }, { required: ['functions'] }],
};
