import Ajv from 'ajv';
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { parse } from 'yaml';
import { DEFAULTS, LIMITS } from '../../lib/model/defaults';
import { WORKLOAD_SCHEMA } from '../../lib/workload';
import { FIXTURES } from './support';

type Schema = { [key: string]: unknown };
const ROOT = join(__dirname, '..', '..');
const shipped = JSON.parse(readFileSync(join(ROOT, 'schema', 'workload.schema.json'), 'utf8')) as Schema;

/** Every property schema in the document, with its dotted location and the name of the object holding it. */
function propertySchemas(schema: Schema): Array<{ where: string; name: string; parent: string; schema: Schema }> {
  const found: Array<{ where: string; name: string; parent: string; schema: Schema }> = [];
  const visit = (node: Schema, where: string, parent: string) => {
    for (const [name, sub] of Object.entries((node.properties ?? {}) as Record<string, Schema>)) {
      found.push({ where: `${where}.${name}`, name, parent, schema: sub });
      visit(sub, `${where}.${name}`, name);
    }
    const items = node.items as Schema | undefined;
    if (items) visit(items, `${where}[]`, parent);
  };
  visit(schema, '(root)', '(root)');
  for (const [name, def] of Object.entries((schema.definitions ?? {}) as Record<string, Schema>)) visit(def, `#${name}`, name);
  return found;
}

/** Every object schema that lists properties, outside of if/then/else/contains/oneOf conditions. */
function objectSchemas(schema: Schema): Array<{ where: string; schema: Schema }> {
  const found: Array<{ where: string; schema: Schema }> = [];
  const visit = (node: Schema, where: string) => {
    if (node.properties) found.push({ where, schema: node });
    for (const [name, sub] of Object.entries((node.properties ?? {}) as Record<string, Schema>)) visit(sub, `${where}.${name}`);
    if (node.items) visit(node.items as Schema, `${where}[]`);
  };
  visit(schema, '(root)');
  for (const [name, def] of Object.entries((schema.definitions ?? {}) as Record<string, Schema>)) visit(def, `#${name}`);
  return found;
}

describe('schema/workload.schema.json', () => {
  test('is what the library validates with', () => {
    expect(WORKLOAD_SCHEMA).toEqual(shipped);
  });

  test('is a valid draft-07 JSON Schema and compiles in ajv strict mode', () => {
    const ajv = new Ajv({ strict: true, strictRequired: false });
    expect(ajv.validateSchema(shipped)).toBe(true);
    expect(ajv.errors ?? null).toBeNull();
    expect(() => ajv.compile(shipped)).not.toThrow();
  });

  test('accepts the good fixtures and every example workload', () => {
    const validate = new Ajv({ strict: true, strictRequired: false }).compile(shipped);
    const examples = readdirSync(join(ROOT, 'examples')).filter((f) => /\.(ya?ml|json)$/.test(f));
    expect(examples.length).toBeGreaterThan(0);
    const files = [join(FIXTURES, 'good.yaml'), join(FIXTURES, 'good.json'), ...examples.map((f) => join(ROOT, 'examples', f))];
    for (const file of files) {
      expect({ file, valid: validate(parse(readFileSync(file, 'utf8'))), errors: validate.errors ?? null }).toEqual({ file, valid: true, errors: null });
    }
  });

  test('every property has a description (editors show it on completion)', () => {
    const missing = propertySchemas(shipped).filter((p) => {
      if (typeof p.schema.description === 'string' && p.schema.description.length > 10) return false;
      const ref = p.schema.$ref as string | undefined;
      const target = ref ? (shipped.definitions as Record<string, Schema>)[ref.replace('#/definitions/', '')] : undefined;
      return !(target && typeof target.description === 'string');
    });
    expect(missing.map((p) => p.where)).toEqual([]);
    expect(propertySchemas(shipped).length).toBeGreaterThan(50);
  });

  test('every object forbids unknown keys', () => {
    const open = objectSchemas(shipped).filter((o) => o.schema.additionalProperties !== false);
    expect(open.map((o) => o.where)).toEqual([]);
    // databases is a map of names to database objects, which are closed themselves.
    const databases = (shipped.properties as Record<string, Schema>).databases;
    expect(databases.additionalProperties).toEqual({ $ref: '#/definitions/database' });
  });

  test('every default backed by DEFAULTS agrees with DEFAULTS', () => {
    const table = DEFAULTS as unknown as Record<string, unknown>;
    const sqs = DEFAULTS.sqs as unknown as Record<string, unknown>;
    const withDefault = propertySchemas(shipped).filter((p) => 'default' in p.schema);
    const backed = withDefault.filter((p) => (p.parent === 'sqs' ? p.name in sqs : p.name in table));
    for (const p of backed) {
      const expected = p.parent === 'sqs' ? sqs[p.name] : table[p.name];
      expect({ where: p.where, default: p.schema.default }).toEqual({ where: p.where, default: expected });
    }
    // The rest are not model defaults: the format version and two booleans that are off unless set.
    expect(withDefault.filter((p) => !backed.includes(p)).map((p) => [p.name, p.schema.default])).toEqual([
      ['version', 1],
      ['latencySensitive', false],
      ['fifo', false],
    ]);
    // And every DEFAULTS value a workload file can override is documented as a schema default.
    const documented = new Set(backed.map((p) => p.name));
    for (const key of [
      'concurrencyLimit',
      'unreservedFloor',
      'scalingModel',
      'throttleTarget',
      'spilloverTarget',
      'timezone',
      'architecture',
      'keepAliveMinutes',
      'maxConnectionsPercent',
      'headroom',
      'otherClients',
      'connectionsPerEnvironment',
      'initDurationMs',
      'maxQueueAgeSeconds',
    ]) {
      expect({ key, documented: documented.has(key) }).toEqual({ key, documented: true });
    }
  });

  test('docs/workload.md documents every default with the value DEFAULTS has', () => {
    const docs = readFileSync(join(ROOT, 'docs', 'workload.md'), 'utf8');
    const withDefault = propertySchemas(shipped).filter((p) => 'default' in p.schema && p.name !== 'version');
    for (const p of withDefault) {
      // A table row `| \`name\` | type | default | what |` (or `parent.name`) whose default cell shows the schema's default.
      const row = docs.split('\n').find((line) => new RegExp(`^\\| \`([\\w.]+\\.)?${p.name}\` \\|`).test(line));
      const defaultCell = row?.split(' | ')[2];
      expect({ name: p.name, defaultCell }).toEqual({ name: p.name, defaultCell: expect.stringContaining(`\`${String(p.schema.default)}\``) });
    }
  });

  test('AWS limits in the schema agree with LIMITS', () => {
    const fn = (shipped.definitions as Record<string, Schema>).function.properties as Record<string, Schema>;
    const sqs = (shipped.definitions as Record<string, Schema>).sqs.properties as Record<string, Schema>;
    expect([fn.memoryMb.minimum, fn.memoryMb.maximum]).toEqual([LIMITS.lambdaMinMemoryMb, LIMITS.lambdaMaxMemoryMb]);
    expect(fn.timeoutSeconds.maximum).toBe(LIMITS.lambdaMaxTimeoutSeconds);
    expect(sqs.batchSize.maximum).toBe(LIMITS.sqsMaxBatchStandard);
    expect(sqs.maxBatchingWindowSeconds.maximum).toBe(LIMITS.sqsMaxBatchingWindowSeconds);
  });

  test('ships in the package', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.exports['./schema/workload.schema.json']).toBe('./schema/workload.schema.json');
    expect(pkg.files).toContain('schema/');
  });
});
