/**
 * Randomly mutated rule fixtures (properties deleted, types swapped, garbage and broken intrinsics inserted),
 * shared by the fuzz test and the resolution tests.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import fc from 'fast-check';
import { parseTemplate } from '../../lib/rules';

const FIXTURES = join(__dirname, '..', 'fixtures', 'templates');
/** The YAML fixtures, parsed. */
export const SEEDS = ['sqs', 'provisioned', 'alarms', 'proxy', 'unresolvable'].map((n) => parseTemplate(readFileSync(join(FIXTURES, `${n}.yaml`), 'utf8'), `${n}.yaml`));

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

/** A fixture with one to six mutations. */
export const templates = fc.tuple(fc.nat({ max: SEEDS.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 6 })).map(([i, ms]) => mutate(SEEDS[i], ms));
