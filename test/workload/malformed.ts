/**
 * Generators of malformed workloads for the fuzz test: wrong types, missing required keys, unknown keys,
 * out-of-range and non-finite numbers (mutations of a valid base), garbage bytes, truncated text and deep
 * nesting. Every case is invalid by construction.
 */
import fc from 'fast-check';
import { stringify } from 'yaml';
import { WORKLOAD_SCHEMA } from '../../lib/workload';
import type { Json } from './support';

type Obj = { [key: string]: Json };
type Path = ReadonlyArray<string | number>;

/** A valid workload touching every section; `account` comes last so any truncation loses it. */
export function fuzzBase(): Obj {
  return {
    version: 1,
    defaults: { throttleTarget: 0.001, spilloverTarget: 0.05, timezone: 'UTC', architecture: 'arm64', keepAliveMinutes: 10 },
    databases: { 'orders-db': { engine: 'postgres', maxConnections: 1000, maxConnectionsPercent: 90, headroom: 0.3, otherClients: 10 } },
    functions: [
      {
        name: 'api',
        invocation: 'sync',
        memoryMb: 1024,
        timeoutSeconds: 10,
        durationMs: { avg: 200, p99: 800 },
        initDurationMs: 300,
        latencySensitive: true,
        traffic: { peakRps: 100 },
        database: { name: 'orders-db', connectionsPerEnvironment: 1 },
      },
      {
        name: 'worker',
        invocation: 'sqs',
        memoryMb: 512,
        timeoutSeconds: 30,
        durationMs: { avg: 2000 },
        traffic: { hourlyRps: Array.from({ length: 24 }, (_, h) => 1 + h) },
        sqs: { batchSize: 10, maxBatchingWindowSeconds: 1, fifo: false, maxQueueAgeSeconds: 60 },
      },
      {
        name: 'steps',
        invocation: 'async',
        memoryMb: 128,
        timeoutSeconds: 5,
        durationMs: { avg: 50 },
        architecture: 'x86_64',
        throttleTarget: 0.01,
        spilloverTarget: 0.1,
        traffic: { steps: [{ atSeconds: 0, rps: 1 }, { atSeconds: 60, rps: 5 }] },
      },
    ],
    account: { region: 'us-east-1', concurrencyLimit: 1000, unreservedFloor: 100, scalingModel: 'per-function' },
  };
}

type Kind = 'integer' | 'number' | 'string' | 'enum' | 'boolean' | 'object' | 'array' | 'const';

/** A field that can be broken: where, what type, and values outside the valid range (schema or semantic). */
interface Field {
  readonly path: Path;
  readonly kind: Kind;
  readonly bad?: readonly Json[];
}

const FIELDS: readonly Field[] = [
  { path: ['version'], kind: 'const', bad: [2, 0] },
  { path: ['account'], kind: 'object' },
  { path: ['account', 'region'], kind: 'string', bad: ['US East', '', 'us-east'] },
  { path: ['account', 'concurrencyLimit'], kind: 'integer', bad: [0, -5] },
  { path: ['account', 'unreservedFloor'], kind: 'integer', bad: [-1, 50, 5000] },
  { path: ['account', 'scalingModel'], kind: 'enum', bad: ['fast'] },
  { path: ['defaults'], kind: 'object' },
  { path: ['defaults', 'throttleTarget'], kind: 'number', bad: [0, 1, -0.5, 7] },
  { path: ['defaults', 'spilloverTarget'], kind: 'number', bad: [0, 1] },
  { path: ['defaults', 'timezone'], kind: 'string', bad: ['Nowhere/Place', '', 'UTC+25'] },
  { path: ['defaults', 'architecture'], kind: 'enum', bad: ['arm'] },
  { path: ['defaults', 'keepAliveMinutes'], kind: 'number', bad: [0, -1] },
  { path: ['databases'], kind: 'object' },
  { path: ['databases', 'orders-db'], kind: 'object' },
  { path: ['databases', 'orders-db', 'engine'], kind: 'enum', bad: ['oracle'] },
  { path: ['databases', 'orders-db', 'maxConnections'], kind: 'integer', bad: [0] },
  { path: ['databases', 'orders-db', 'maxConnectionsPercent'], kind: 'integer', bad: [0, 101] },
  { path: ['databases', 'orders-db', 'headroom'], kind: 'number', bad: [1, -0.1] },
  { path: ['databases', 'orders-db', 'otherClients'], kind: 'integer', bad: [-1] },
  { path: ['functions'], kind: 'array', bad: [[]] },
  ...[0, 1, 2].flatMap((i): Field[] => [
    { path: ['functions', i], kind: 'object' as Kind },
    { path: ['functions', i, 'name'], kind: 'string', bad: ['', 'has space', 'x'.repeat(65), i === 0 ? 'worker' : 'api'] },
    { path: ['functions', i, 'invocation'], kind: 'enum', bad: ['http'] },
    { path: ['functions', i, 'memoryMb'], kind: 'integer', bad: [127, 10241, 0] },
    { path: ['functions', i, 'timeoutSeconds'], kind: 'integer', bad: [0, 901] },
    { path: ['functions', i, 'durationMs'], kind: 'object' as Kind },
    { path: ['functions', i, 'durationMs', 'avg'], kind: 'number', bad: [0, -1, 1e9] },
    { path: ['functions', i, 'traffic'], kind: 'object', bad: [{}, { peakRps: 1, hourlyRps: new Array<number>(24).fill(1) }] },
  ]),
  { path: ['functions', 0, 'durationMs', 'p99'], kind: 'number', bad: [0, -10] },
  { path: ['functions', 0, 'initDurationMs'], kind: 'number', bad: [-1] },
  { path: ['functions', 0, 'latencySensitive'], kind: 'boolean' },
  { path: ['functions', 0, 'traffic', 'peakRps'], kind: 'number', bad: [0, -3] },
  { path: ['functions', 0, 'database'], kind: 'object' },
  { path: ['functions', 0, 'database', 'name'], kind: 'string', bad: ['missing-db', ''] },
  { path: ['functions', 0, 'database', 'connectionsPerEnvironment'], kind: 'integer', bad: [0, -2] },
  { path: ['functions', 1, 'traffic', 'hourlyRps'], kind: 'array', bad: [[1, 2], new Array<number>(24).fill(0), new Array<number>(25).fill(1)] },
  { path: ['functions', 1, 'traffic', 'hourlyRps', 3], kind: 'number', bad: [-1] },
  { path: ['functions', 1, 'sqs'], kind: 'object' },
  { path: ['functions', 1, 'sqs', 'batchSize'], kind: 'integer', bad: [0, 10001] },
  { path: ['functions', 1, 'sqs', 'maxBatchingWindowSeconds'], kind: 'integer', bad: [-1, 301] },
  // FIFO with the base's 1 s batching window is an error (FIFO mappings have none).
  { path: ['functions', 1, 'sqs', 'fifo'], kind: 'boolean', bad: [true] },
  { path: ['functions', 1, 'sqs', 'maxQueueAgeSeconds'], kind: 'number', bad: [0, -60] },
  { path: ['functions', 2, 'architecture'], kind: 'enum', bad: ['ppc'] },
  { path: ['functions', 2, 'throttleTarget'], kind: 'number', bad: [0, 1.5] },
  { path: ['functions', 2, 'spilloverTarget'], kind: 'number', bad: [-1] },
  { path: ['functions', 2, 'traffic', 'steps'], kind: 'array', bad: [[], [{ atSeconds: 10, rps: 1 }]] },
  { path: ['functions', 2, 'traffic', 'steps', 1, 'atSeconds'], kind: 'number', bad: [0, -1, 86400] },
  { path: ['functions', 2, 'traffic', 'steps', 0, 'rps'], kind: 'number', bad: [-1] },
];

/** Required keys, by the object that holds them. */
const REQUIRED: ReadonlyArray<[Path, string]> = [
  [[], 'account'],
  [[], 'functions'],
  [['account'], 'region'],
  [['databases', 'orders-db'], 'engine'],
  [['databases', 'orders-db'], 'maxConnections'],
  ...[0, 1, 2].flatMap((i): Array<[Path, string]> =>
    ['name', 'invocation', 'memoryMb', 'timeoutSeconds', 'durationMs', 'traffic'].map((k) => [['functions', i], k]),
  ),
  [['functions', 0, 'durationMs'], 'avg'],
  [['functions', 0, 'traffic'], 'peakRps'],
  [['functions', 0, 'database'], 'name'],
  [['functions', 2, 'traffic', 'steps', 1], 'rps'],
];

/** Closed objects (unknown keys are errors there). */
const CLOSED: readonly Path[] = [
  [],
  ['account'],
  ['defaults'],
  ['databases', 'orders-db'],
  ...[0, 1, 2].flatMap((i): Path[] => [['functions', i], ['functions', i, 'durationMs'], ['functions', i, 'traffic']]),
  ['functions', 0, 'database'],
  ['functions', 1, 'sqs'],
  ['functions', 2, 'traffic', 'steps', 0],
];

/** Every property name the schema knows: an added key outside this set is unknown everywhere. */
function schemaKeys(): Set<string> {
  const keys = new Set<string>();
  const visit = (node: unknown) => {
    if (node === null || typeof node !== 'object') return;
    const props = (node as { properties?: Record<string, unknown> }).properties;
    if (props) for (const k of Object.keys(props)) keys.add(k);
    for (const v of Object.values(node)) visit(v);
  };
  visit(WORKLOAD_SCHEMA);
  return keys;
}
const KNOWN_KEYS = schemaKeys();

const scalar = fc.oneof(fc.string({ maxLength: 12 }), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null));
const anyJson: fc.Arbitrary<Json> = fc.oneof(
  scalar,
  fc.array(scalar, { maxLength: 4 }),
  fc.dictionary(fc.string({ maxLength: 6 }), scalar, { maxKeys: 3 }),
) as fc.Arbitrary<Json>;
const notObject = fc.oneof(fc.string({ maxLength: 12 }), fc.integer(), fc.boolean(), fc.constant(null), fc.array(scalar, { maxLength: 3 })) as fc.Arbitrary<Json>;
const notArray = fc.oneof(fc.string({ maxLength: 12 }), fc.integer(), fc.boolean(), fc.constant(null), fc.dictionary(fc.string({ maxLength: 6 }), scalar, { maxKeys: 3 })) as fc.Arbitrary<Json>;
const notNumber = fc.oneof(fc.string({ maxLength: 12 }), fc.boolean(), fc.constant(null), fc.array(scalar, { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 6 }), scalar, { maxKeys: 3 })) as fc.Arbitrary<Json>;
const notString = fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null), fc.array(scalar, { maxLength: 3 })) as fc.Arbitrary<Json>;

/** A value whose type is wrong for `kind` (integers also get fractions). */
const WRONG_TYPE: Readonly<Record<Kind, fc.Arbitrary<Json>>> = {
  integer: fc.oneof(notNumber, fc.double({ min: 0.01, max: 1e6, noNaN: true }).filter((x) => !Number.isInteger(x))),
  number: notNumber,
  string: notString,
  enum: fc.oneof(notString, fc.string({ maxLength: 10 }).filter((s) => !['sync', 'async', 'sqs', 'arm64', 'x86_64', 'per-function', 'regional-burst', 'postgres', 'mysql', 'mariadb'].includes(s))),
  boolean: fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.constant(null), fc.array(scalar, { maxLength: 2 })) as fc.Arbitrary<Json>,
  object: notObject,
  array: notArray,
  const: fc.oneof(notNumber, fc.integer().filter((n) => n !== 1)),
};

/** One change that makes a valid workload invalid. */
type Mutation =
  | { type: 'set'; path: Path; value: Json | number }
  | { type: 'delete'; path: Path; key: string }
  | { type: 'addKey'; path: Path; key: string; value: Json };

const fieldMutation = fc.constantFrom(...FIELDS).chain((field) => {
  const options: Array<fc.Arbitrary<Mutation>> = [WRONG_TYPE[field.kind].map((value): Mutation => ({ type: 'set', path: field.path, value }))];
  if (field.bad) options.push(fc.constantFrom(...field.bad).map((value): Mutation => ({ type: 'set', path: field.path, value })));
  if (field.kind === 'number' || field.kind === 'integer') {
    options.push(fc.constantFrom(Infinity, -Infinity, NaN).map((value): Mutation => ({ type: 'set', path: field.path, value })));
  }
  return fc.oneof(...options);
});
const deleteMutation = fc.constantFrom(...REQUIRED).map(([path, key]): Mutation => ({ type: 'delete', path, key }));
const unknownKey = fc
  .oneof(fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', '', '0', 'Name', 'memory_mb', 'peakrps', 'durationMS'), fc.string({ minLength: 1, maxLength: 10 }))
  .filter((k) => !KNOWN_KEYS.has(k));
const addKeyMutation = fc.tuple(fc.constantFrom(...CLOSED), unknownKey, anyJson).map(([path, key, value]): Mutation => ({ type: 'addKey', path, key, value }));

function containerAt(doc: Obj, path: Path): Record<string | number, unknown> | undefined {
  let node: unknown = doc;
  for (const segment of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[segment];
  }
  return node !== null && typeof node === 'object' ? (node as Record<string | number, unknown>) : undefined;
}

function apply(doc: Obj, m: Mutation): void {
  if (m.type === 'set') {
    const parent = containerAt(doc, m.path.slice(0, -1));
    // A copy: the `bad` values are shared constants, and later mutations must not change them.
    if (parent) parent[m.path[m.path.length - 1]] = structuredClone(m.value);
  } else if (m.type === 'delete') {
    const parent = containerAt(doc, m.path);
    if (parent) delete parent[m.key];
  } else {
    const parent = containerAt(doc, m.path);
    // defineProperty, so `__proto__` becomes a key and not the prototype.
    if (parent && !Array.isArray(parent)) Object.defineProperty(parent, m.key, { value: structuredClone(m.value), enumerable: true, writable: true, configurable: true });
  }
}

/** One malformed file: its name (as the user types it) and its bytes. */
export interface Case {
  readonly kind: string;
  readonly file: string;
  readonly content: string | Uint8Array;
}

/** How a case is written: YAML block style, YAML flow style (one line, quicker to parse), or JSON. */
export type Format = 'block' | 'flow' | 'json';
export const FORMATS: readonly Format[] = ['block', 'flow', 'flow', 'json'];
export const serialize = (doc: Json, format: Format) =>
  format === 'json' ? JSON.stringify(doc) : stringify(doc, format === 'flow' ? { collectionStyle: 'flow', lineWidth: 0 } : { lineWidth: 0 });

const fileName = (format: Format) =>
  fc.constantFrom('workload', 'w', 'my workload', 'dir/nested', 'ünï-côdé', 'a.b').map((base) => `${base}.${format === 'json' ? 'json' : 'yaml'}`);

const mutatedCase: fc.Arbitrary<Case> = fc
  .tuple(fc.array(fc.oneof(fieldMutation, fieldMutation, deleteMutation, addKeyMutation), { minLength: 1, maxLength: 3 }), fc.constantFrom(...FORMATS))
  .chain(([mutations, format]) =>
    fileName(format).map((file): Case => {
      const doc = fuzzBase();
      for (const m of mutations) apply(doc, m);
      return { kind: `mutated:${mutations.map((m) => m.type).join('+')}`, file, content: serialize(doc, format) };
    }),
  );

const garbageCase: fc.Arbitrary<Case> = fc
  .tuple(fc.uint8Array({ maxLength: 400 }), fileName('block'))
  .map(([bytes, file]): Case => ({ kind: 'garbage', file, content: bytes }));

/** Valid text cut before `account` (always last), optionally followed by garbage. */
const truncatedCase: fc.Arbitrary<Case> = fc
  .tuple(fc.constantFrom(...FORMATS), fc.double({ min: 0, max: 1, noNaN: true }), fc.option(fc.string({ maxLength: 40 }), { nil: undefined }))
  .chain(([format, at, tail]) =>
    fileName(format).map((file): Case => {
      const text = serialize(fuzzBase(), format);
      const cut = Math.floor(at * text.lastIndexOf(format === 'json' ? '"account"' : 'account:'));
      return { kind: 'truncated', file, content: text.slice(0, cut) + (tail ?? '') };
    }),
  );

const NESTERS: Readonly<Record<string, (depth: number) => string>> = {
  flowList: (d) => `${'['.repeat(d)}1${']'.repeat(d)}`,
  flowMap: (d) => `${'{a: '.repeat(d)}1${'}'.repeat(d)}`,
  unclosed: (d) => '['.repeat(d),
  blockMap: (d) => `\n${Array.from({ length: d }, (_, i) => `${'  '.repeat(i + 1)}a:`).join('\n')} 1`,
  blockList: (d) => `${'- '.repeat(d)}1`,
};

/** Deep nesting as the whole document, as `functions`, or under an unknown key. */
const deepCase: fc.Arbitrary<Case> = fc
  .tuple(fc.constantFrom(...Object.keys(NESTERS)), fc.integer({ min: 2, max: 3000 }), fc.constantFrom('document', 'functions', 'extra'), fileName('block'))
  .map(([nester, depth, where, file]): Case => {
    const deep = NESTERS[nester](depth);
    const valid = serialize(fuzzBase(), 'block');
    const content =
      where === 'document'
        ? deep
        : where === 'functions'
          ? `account: { region: us-east-1 }\nfunctions: ${deep}\n`
          : `${valid}extra: ${deep}\n`;
    return { kind: `deep:${nester}`, file, content };
  });

/** Anchors and aliases gone wrong: circular, dangling, exploding, or used to build an invalid document. */
const aliasCase: fc.Arbitrary<Case> = fc
  .tuple(fc.integer({ min: 0, max: 3 }), fc.stringMatching(/^[a-z]{1,8}$/), fc.integer({ min: 5, max: 12 }), fc.integer({ min: 3, max: 6 }), fileName('block'))
  .map(([template, anchor, fanOut, levels, file]): Case => {
    const valid = serialize(fuzzBase(), 'block');
    const bomb = () => {
      const lines = [`l0: &l0 [${new Array(fanOut).fill('x').join(', ')}]`];
      for (let i = 1; i <= levels; i++) lines.push(`l${i}: &l${i} [${new Array(fanOut).fill(`*l${i - 1}`).join(', ')}]`);
      return `${lines.join('\n')}\n`;
    };
    const content = [
      `${valid.replace('account:', `account: &${anchor}`)}  self: *${anchor}\n`,
      `${valid}extra: *${anchor}\n`,
      `${valid}${bomb()}`,
      `shared: &${anchor} { invocation: sync, memoryMb: 256 }\n${valid.replace('  - name: api\n', `  - <<: *${anchor}\n    name: api\n`)}`,
    ][template];
    return { kind: `alias:${template}`, file, content };
  });

export const malformed: fc.Arbitrary<Case> = fc.oneof(
  { arbitrary: mutatedCase, weight: 6 },
  { arbitrary: garbageCase, weight: 1 },
  { arbitrary: truncatedCase, weight: 2 },
  { arbitrary: deepCase, weight: 1 },
  { arbitrary: aliasCase, weight: 1 },
);

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const PATH = String.raw`(?:[A-Za-z_$][\w$]*|\[\d+\]|\["(?:[^"\\]|\\.)*"\])(?:\.[A-Za-z_$][\w$]*|\[\d+\]|\["(?:[^"\\]|\\.)*"\])*`;

/** `file:line:col: …`, `file:line: …`, `file: <field path> …`, `file: the document …`, or the "… and N more" tail. */
export function locatedLine(file: string): RegExp {
  return new RegExp(`^${escape(file)}(?::\\d+(?::\\d+)?: \\S|: (?:${PATH}|the document)[ :]|: … and \\d+ more )`);
}

