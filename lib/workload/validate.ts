/**
 * The one way in for documents: validates a workload, plan, scenario or check configuration document against its JSON
 * Schema (lib/workload/schemas.ts) with one ajv, and turns each ajv error into one sentence with a
 * field path: `functions[0] is missing required key 'name'`, `functions[2].traffic.peakRps must be > 0, got -3`.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { describeValue, Problems, type FieldPath, type PathSegment } from './problems';
import { ALARMS_PLAN_SCHEMA, CHECK_CONFIG_SCHEMA, CHECK_METADATA_SCHEMA, FUNCTION_PLAN_SCHEMA, PLAN_SCHEMAS, PROVISIONED_PLAN_SCHEMA, SQS_PLAN_SCHEMA, SCENARIO_SCHEMA, WORKLOAD_SCHEMA, type JsonSchema } from './schemas';

/** The documents the package reads. */
export type DocumentKind = 'workload' | 'plan-complete' | 'plan-partial' | 'function-plan' | 'provisioned-plan' | 'sqs-plan' | 'alarms-plan' | 'scenario' | 'check-config' | 'check-metadata';

/** One schema violation: where, and what is wrong (without the path). */
export interface SchemaProblem {
  /** Path of the field the message is about. */
  readonly path: FieldPath;
  /** `must be > 0, got -3`, `is missing required key 'name'`. */
  readonly text: string;
  /** JSON pointer of the value ajv flagged (for "is this subtree valid?" checks). */
  readonly pointer: string;
}

/** How a kind's problems are worded: full sentences (workload), or ajv's own words (plan, scenario). */
type Wording = (errors: readonly ErrorObject[], data: unknown) => SchemaProblem[];

/** Each kind: its schema and how its problems read. */
interface KindSpec {
  readonly schema: JsonSchema;
  readonly wording: Wording;
}

// strictRequired off: oneOf/if/anyOf branches name keys that are defined one level up, by design.
const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, strictRequired: false });
const compiled = new Map<DocumentKind, ValidateFunction>();

/** Validates `document` against the schema of `kind` (compiled once, on first use). */
function validateAs(document: unknown, kind: DocumentKind): { valid: boolean; problems: SchemaProblem[] } {
  const spec = KINDS[kind];
  let validate = compiled.get(kind);
  if (!validate) {
    validate = ajv.compile(spec.schema);
    compiled.set(kind, validate);
  }
  return validate(document) ? { valid: true, problems: [] } : { valid: false, problems: spec.wording(validate.errors ?? [], document) };
}

/** Validates `document` against the schema of `kind` (a workload by default); one problem per distinct violation. */
export function schemaProblems(document: unknown, kind: DocumentKind = 'workload'): SchemaProblem[] {
  return validateAs(document, kind).problems;
}

/**
 * Records every violation of `kind`'s schema by `document` in `problems` (whose file names the
 * document), one path-qualified sentence each; true when the document is valid.
 */
export function recordSchemaProblems(document: unknown, kind: DocumentKind, problems: Problems): boolean {
  const { valid, problems: found } = validateAs(document, kind);
  for (const p of found) problems.at(p.path, p.text);
  return valid;
}

/**
 * Validates `document` as a `kind` read from `file`; throws one InputError listing every problem as
 * `file: path message, got value`.
 */
export function checkDocument(document: unknown, kind: DocumentKind, file: string): void {
  const problems = new Problems(file);
  // Every wording keeps at least one error of an invalid document; the fallback guards a future schema.
  if (!recordSchemaProblems(document, kind, problems) && problems.count === 0) problems.add(`is not a valid ${kind} document`);
  problems.throwIfAny();
}

/** Workload wording: one sentence per ajv keyword, errors that only restate another dropped. */
function sentences(errors: readonly ErrorObject[], data: unknown): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  for (const error of relevantErrors(errors)) {
    const translated = translate(error, pathOf(error.instancePath, data));
    if (translated) problems.push({ ...translated, pointer: error.instancePath });
  }
  return problems;
}

/**
 * Plan and scenario wording: ajv's message with the value given (`is required` at the missing key).
 * `anyOf` restates its branches' errors and `must be null` (the branch of a nullable field) is never
 * the useful one, so both are left out.
 */
function ajvWords(errors: readonly ErrorObject[], data: unknown): SchemaProblem[] {
  return errors
    .filter((e) => e.keyword !== 'anyOf' && !(e.keyword === 'type' && e.params.type === 'null'))
    .map((e) => {
      const path = pathOf(e.instancePath, data);
      if (e.keyword === 'required') return { path: [...path, e.params.missingProperty as string], text: 'is required', pointer: e.instancePath };
      const expected =
        e.keyword === 'enum'
          ? `must be one of ${(e.params.allowedValues as unknown[]).join(', ')}`
          : e.keyword === 'const'
            ? `must be ${JSON.stringify(e.params.allowedValue)}`
            : (e.message ?? 'is not valid');
      return { path, text: `${expected}, got ${describeValue(e.data)}`, pointer: e.instancePath };
    });
}

const KINDS: Readonly<Record<DocumentKind, KindSpec>> = {
  workload: { schema: WORKLOAD_SCHEMA, wording: sentences },
  'plan-complete': { schema: PLAN_SCHEMAS.complete, wording: ajvWords },
  'plan-partial': { schema: PLAN_SCHEMAS.partial, wording: ajvWords },
  'function-plan': { schema: FUNCTION_PLAN_SCHEMA, wording: ajvWords },
  'provisioned-plan': { schema: PROVISIONED_PLAN_SCHEMA, wording: ajvWords },
  'sqs-plan': { schema: SQS_PLAN_SCHEMA, wording: ajvWords },
  'alarms-plan': { schema: ALARMS_PLAN_SCHEMA, wording: ajvWords },
  scenario: { schema: SCENARIO_SCHEMA, wording: ajvWords },
  'check-config': { schema: CHECK_CONFIG_SCHEMA, wording: sentences },
  'check-metadata': { schema: CHECK_METADATA_SCHEMA, wording: sentences },
};

/**
 * Drops errors that only restate another: the inner errors of `oneOf` branches and of `contains`, `if`
 * (its `then`/`else` error is kept), `propertyNames` (the name's own error is kept), `contains` on a list
 * already too short, and anything else at a value whose type is already wrong.
 */
function relevantErrors(errors: readonly ErrorObject[]): ErrorObject[] {
  const pathsWith = (keyword: string) => new Set(errors.filter((e) => e.keyword === keyword).map((e) => e.instancePath));
  const wrongType = pathsWith('type');
  const tooFew = pathsWith('minItems');
  return errors.filter((e) => {
    // `propertyNames` restates its inner error (the name's pattern), which is kept.
    if (e.keyword === 'if' || e.keyword === 'propertyNames' || /\/(oneOf\/\d+|contains)\//.test(e.schemaPath)) return false;
    if (e.keyword === 'contains' && tooFew.has(e.instancePath)) return false;
    return e.keyword === 'type' || !wrongType.has(e.instancePath);
  });
}

/** Converts a JSON pointer into a path, using the data to tell array indexes from object keys. */
function pathOf(pointer: string, data: unknown): PathSegment[] {
  if (pointer === '') return [];
  const path: PathSegment[] = [];
  let node: unknown = data;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) {
      path.push(Number(key));
      node = node[Number(key)];
    } else {
      path.push(key);
      node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
    }
  }
  return path;
}

type Translator = (e: ErrorObject, path: FieldPath) => { path: FieldPath; text: string } | undefined;

const COMPARISON: Readonly<Record<string, string>> = {
  minimum: '>=',
  maximum: '<=',
  exclusiveMinimum: '>',
  exclusiveMaximum: '<',
};

const TYPE_NAMES: Readonly<Record<string, string>> = {
  number: 'a number',
  integer: 'an integer',
  string: 'a string',
  boolean: 'true or false',
  object: 'an object',
  array: 'a list',
  null: 'null',
};

const got = (e: ErrorObject) => `got ${describeValue(e.data)}`;
const parent = (e: ErrorObject) => (e.parentSchema ?? {}) as Record<string, unknown>;
const at = (path: FieldPath, text: string) => ({ path, text });

/** One sentence per ajv keyword; the text is data, the paths come from ajv. */
const TRANSLATORS: Readonly<Record<string, Translator>> = {
  required: (e, path) => {
    // Conditional requirements (if/then/else) carry their reason as the branch's description.
    const reason = /\/(then|else)\/required$/.test(e.schemaPath) ? parent(e).description : undefined;
    return at(path, `is missing required key '${e.params.missingProperty}'${reason ? ` (${reason})` : ''}`);
  },
  additionalProperties: (e, path) => {
    const known = Object.keys((parent(e).properties ?? {}) as object).join(', ');
    return at([...path, e.params.additionalProperty as string], `is not a known key (known: ${known})`);
  },
  type: (e, path) => {
    const types = ([] as string[]).concat(e.params.type as string | string[]);
    return at(path, `must be ${types.map((t) => TYPE_NAMES[t] ?? t).join(' or ')}, ${got(e)}`);
  },
  enum: (e, path) => at(path, `must be one of ${(e.params.allowedValues as unknown[]).join(', ')}, ${got(e)}`),
  const: (e, path) => at(path, `must be ${JSON.stringify(e.params.allowedValue)}, ${got(e)}`),
  minimum: comparison,
  maximum: comparison,
  exclusiveMinimum: comparison,
  exclusiveMaximum: comparison,
  minItems: itemCount,
  maxItems: itemCount,
  minLength: (e, path) => at(path, e.params.limit === 1 ? `must not be empty, ${got(e)}` : `must have at least ${e.params.limit} characters, ${got(e)}`),
  maxLength: (e, path) => at(path, `must have at most ${e.params.limit} characters, got ${(e.data as string).length}`),
  pattern: (e, path) => {
    const examples = parent(e).examples as string[] | undefined;
    return at(path, `must match ${e.params.pattern}${examples ? ` (e.g. ${examples.join(', ')})` : ''}, ${got(e)}`);
  },
  contains: (e, path) => at(path, `must have at least one ${containsWhat(e.schema as Record<string, unknown>)}, ${got(e)}`),
  oneOf: (e, path) => {
    const keys = ((e.schema as Array<{ required: string[] }>) ?? []).map((branch) => branch.required[0]);
    const data = (e.data ?? {}) as Record<string, unknown>;
    const present = keys.filter((k) => Object.prototype.hasOwnProperty.call(data, k));
    return at(path, `must give exactly one of ${keys.join(', ')}, got ${present.length === 0 ? 'none' : present.join(' and ')}`);
  },
};

function comparison(e: ErrorObject, path: FieldPath) {
  return at(path, `must be ${COMPARISON[e.keyword]} ${e.params.limit}, ${got(e)}`);
}

function itemCount(e: ErrorObject, path: FieldPath) {
  const { minItems, maxItems } = parent(e) as { minItems?: number; maxItems?: number };
  const count = `got ${(e.data as unknown[]).length}`;
  if (minItems !== undefined && minItems === maxItems) return at(path, `must have exactly ${minItems} values, ${count}`);
  if (e.keyword === 'minItems' && e.params.limit === 1) return at(path, `must not be empty, ${count}`);
  return at(path, `must have ${e.keyword === 'minItems' ? 'at least' : 'at most'} ${e.params.limit} values, ${count}`);
}

/** Describes a `contains` subschema: `value > 0`, `step with rps > 0`. */
function containsWhat(schema: Record<string, unknown>): string {
  const bound = (s: Record<string, unknown>) => Object.entries(COMPARISON).find(([k]) => s[k] !== undefined);
  const direct = bound(schema);
  if (direct) return `value ${direct[1]} ${schema[direct[0]]}`;
  for (const [name, sub] of Object.entries((schema.properties ?? {}) as Record<string, Record<string, unknown>>)) {
    const b = bound(sub);
    if (b) return `step with ${name} ${b[1]} ${sub[b[0]]}`;
  }
  return 'matching value';
}

function translate(e: ErrorObject, path: FieldPath): { path: FieldPath; text: string } | undefined {
  const translator = TRANSLATORS[e.keyword];
  // A keyword the schema gained later without a sentence here still gives a path-qualified message.
  return translator ? translator(e, path) : at(path, `${e.message ?? 'is not valid'}, ${got(e)}`);
}
