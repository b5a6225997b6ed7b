/**
 * 5,000 randomly mutated templates (properties deleted, types swapped, garbage and broken intrinsics inserted)
 * through the check code path: zero uncaught exceptions.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import fc from 'fast-check';
import { main } from '../../bin/main';
import { memoryIo } from '../../bin/io';
import { checkTemplates, parseTemplate, toJUnit, toSarif, toText } from '../../lib/rules';

const FIXTURES = join(__dirname, '..', 'fixtures', 'templates');
const SEEDS = ['sqs', 'provisioned', 'alarms', 'proxy', 'unresolvable'].map((n) => parseTemplate(readFileSync(join(FIXTURES, `${n}.yaml`), 'utf8'), `${n}.yaml`));

/** Every path (list of keys) inside a value. */
function pathsOf(v: unknown, prefix: Array<string | number> = [], out: Array<Array<string | number>> = []): Array<Array<string | number>> {
  out.push(prefix);
  if (Array.isArray(v)) v.forEach((x, i) => pathsOf(x, [...prefix, i], out));
  else if (typeof v === 'object' && v !== null) for (const [k, x] of Object.entries(v)) pathsOf(x, [...prefix, k], out);
  return out;
}

const ids = fc.constantFrom('Fn10', 'FnR10', 'Dlq', 'ProxyA', 'PcGoodAlias', 'TargetGood', 'Nope', 'AWS::Region', 'AWS::NoValue', 'Reserved', '');
const intrinsic = fc.oneof(
  ids.map((id) => ({ Ref: id })),
  fc.tuple(ids, fc.string()).map(([id, a]) => ({ 'Fn::GetAtt': [id, a] })),
  fc.anything().map((x) => ({ 'Fn::GetAtt': x })),
  fc.tuple(fc.string(), fc.array(fc.oneof(fc.string(), ids.map((id) => ({ Ref: id }))))).map(([d, l]) => ({ 'Fn::Join': [d, l] })),
  fc.anything().map((x) => ({ 'Fn::Join': x })),
  fc.tuple(fc.integer({ min: -2, max: 9 }), ids).map(([i, id]) => ({ 'Fn::Select': [i, { 'Fn::Split': [':', { Ref: id }] }] })),
  fc.anything().map((x) => ({ 'Fn::Select': x })),
  fc.anything().map((x) => ({ 'Fn::Split': x })),
  fc.tuple(fc.string(), ids).map(([s, id]) => ({ 'Fn::Sub': `${s}\${${id}}\${${id}.Arn}\${!x}` })),
  fc.anything().map((x) => ({ 'Fn::Sub': x })),
  fc.anything().map((x) => ({ 'Fn::If': x })),
  fc.anything().map((x) => ({ 'Fn::ImportValue': x })),
  fc.anything().map((x) => ({ 'Fn::FindInMap': x })),
);
const garbage = fc.oneof(fc.anything(), intrinsic, fc.constantFrom(null, 0, -1, 1e308, NaN, '', '10', 'true', [], {}, 'function:Fn10:live', 'arn:aws:sqs:us-east-1:1:q.fifo'));
const mutation = fc.record({ at: fc.nat(), op: fc.constantFrom('delete', 'replace', 'insert'), value: garbage, key: fc.string() });

function mutate(seed: unknown, mutations: Array<{ at: number; op: string; value: unknown; key: string }>): unknown {
  const t = structuredClone(seed) as Record<string, unknown>;
  for (const m of mutations) {
    const paths = pathsOf(t).filter((p) => p.length > 0);
    if (paths.length === 0) return m.value;
    const path = paths[m.at % paths.length];
    const parent = path.slice(0, -1).reduce<unknown>((o, k) => (o as Record<string | number, unknown>)[k], t) as Record<string | number, unknown>;
    const last = path[path.length - 1];
    if (m.op === 'delete') delete parent[last];
    else if (m.op === 'replace') parent[last] = m.value;
    else if (typeof parent[last] === 'object' && parent[last] !== null) (parent[last] as Record<string, unknown>)[m.key] = m.value;
  }
  return t;
}

const templates = fc.tuple(fc.nat({ max: SEEDS.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 6 })).map(([i, ms]) => mutate(SEEDS[i], ms));

test('5,000 mutated templates: the engine and every renderer never throw', () => {
  let findings = 0;
  fc.assert(
    fc.property(templates, (template) => {
      const result = checkTemplates([{ stackName: 'Fuzz', template, templateFile: 'fuzz.json', account: '1', region: 'r' }], { concurrencyLimit: 50 });
      toText(result, 1);
      toJUnit(result);
      JSON.stringify(toSarif(result, { toolVersion: '0.0.0' }));
      findings += result.length;
    }),
    { numRuns: 5000, seed: 20261122 },
  );
  expect(findings).toBeGreaterThan(5000);
});

test('mutated template files through main(["check", file]) exit 0, 1 or 2, never 3', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fuzz-'));
  const samples = fc.sample(templates, { numRuns: 200, seed: 7 });
  const codes = new Set<number>();
  for (const [i, template] of samples.entries()) {
    const file = join(dir, `t${i}.json`);
    writeFileSync(file, JSON.stringify(template) ?? 'null');
    const io = memoryIo({ cwd: dir });
    const code = await main(['check', file, '--format', i % 2 ? 'sarif' : 'text'], io);
    if (code === 3) throw new Error(`internal error on t${i}.json: ${io.err}`);
    codes.add(code);
  }
  expect([...codes].every((c) => [0, 1, 2].includes(c))).toBe(true);
});
