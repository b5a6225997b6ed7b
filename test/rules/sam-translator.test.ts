/**
 * The SAM expansion against AWS's SAM translator, differentially (test/fixtures/sam-translator, pairs from the
 * translator's own test corpus): the rule engine on a SAM template and on the translator's CloudFormation for it
 * gives the same findings and reads the same facts, except for the differences recorded and classified per pair;
 * inputs the translator rejects do not crash the engine. The whole corpus: `npm run bench:sam-translator`.
 */
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { comparePair, DIFFERENCE_CLASSES, type Difference, type TranslatorPair } from './sam-translator';

const FIXTURES = join(__dirname, '..', 'fixtures', 'sam-translator');
const COMMIT = '7000d0a3b0e5e0d9fca014ce135850718aad1290';

const names = readdirSync(join(FIXTURES, 'input')).map((f) => f.replace(/\.yaml$/, '')).sort();
const pairOf = (name: string): TranslatorPair => ({ name, input: readFileSync(join(FIXTURES, 'input', `${name}.yaml`), 'utf8'), output: readFileSync(join(FIXTURES, 'output', `${name}.json`), 'utf8') });
const expected = JSON.parse(readFileSync(join(FIXTURES, 'differences.json'), 'utf8')) as Record<string, string[]>;

/** A difference as differences.json records it: `level side class: node logicalId`. */
function recorded(d: Difference): string {
  return `${d.level} ${d.side} ${d.class}: ${d.text.split(' ').slice(0, d.level === 'fact' ? 2 : 3).join(' ')}`;
}

test('the fixtures name their source, commit, paths and licence, and the project NOTICE names them', () => {
  const readme = readFileSync(join(FIXTURES, 'README.md'), 'utf8');
  expect(readme).toContain('https://github.com/aws/serverless-application-model');
  expect(readme).toContain(COMMIT);
  expect(readme).toContain('tests/translator/input/<name>.yaml');
  expect(readme).toContain('Apache License 2.0');
  for (const name of names) expect(readme).toContain(`/blob/${COMMIT}/tests/translator/input/${name}.yaml)`);
  expect(readFileSync(join(FIXTURES, 'LICENSE'), 'utf8')).toContain('Apache License');
  expect(readFileSync(join(FIXTURES, 'NOTICE'), 'utf8')).toContain('serverless-application-model');
  expect(readFileSync(join(__dirname, '..', '..', 'NOTICE'), 'utf8')).toContain('test/fixtures/sam-translator');
  expect(readdirSync(join(FIXTURES, 'output')).sort()).toEqual(names.map((n) => `${n}.json`));
});

const results = new Map(names.map((name) => [name, comparePair(pairOf(name))]));
const pairs = names.filter((n) => results.get(n)?.kind === 'pair');
const rejected = names.filter((n) => results.get(n)?.kind === 'error');

test('the set holds both kinds, and the findings and facts compared are not empty', () => {
  expect(pairs.length).toBeGreaterThanOrEqual(50);
  expect(rejected.length).toBeGreaterThanOrEqual(5);
  const findings = pairs.reduce((n, p) => n + (results.get(p)?.sam.length ?? 0), 0);
  expect(findings).toBeGreaterThanOrEqual(pairs.length);
  expect(pairs.filter((p) => (results.get(p)?.facts ?? 0) === 0)).toEqual([]);
});

test.each(pairs)('%s: findings and facts agree but for the classified differences', (name) => {
  const result = results.get(name);
  expect(result?.crash).toBeUndefined();
  expect(result?.refused).toBeUndefined();
  expect(result?.differences.map(recorded).sort()).toEqual([...(expected[name] ?? [])].sort());
});

test.each(rejected)('%s: an input the translator rejects does not crash the engine', (name) => {
  expect(results.get(name)?.crash).toBeUndefined();
});

test('every recorded difference is of a documented class, and every class is exercised', () => {
  const used = new Set(Object.values(expected).flat().map((d) => d.split(' ')[2].replace(/:$/, '')));
  expect([...used].sort()).toEqual(Object.keys(DIFFERENCE_CLASSES).sort());
  expect(Object.keys(expected).filter((n) => !pairs.includes(n))).toEqual([]);
});

describe('the harness sees what the expansion gets wrong', () => {
  const sqs = pairOf('sqs');
  const output = JSON.parse(sqs.output as string) as { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> };

  test('a mapping the translator generates and the expansion would not: an unexplained fact and finding', () => {
    const [mappingId] = Object.entries(output.Resources).find(([, r]) => r.Type === 'AWS::Lambda::EventSourceMapping') ?? [];
    const edited = { ...output, Resources: { ...output.Resources, [`${mappingId}Renamed`]: output.Resources[mappingId as string] } };
    delete edited.Resources[mappingId as string];
    const { differences } = comparePair({ ...sqs, output: JSON.stringify(edited) });
    expect(differences.filter((d) => d.class === 'unexplained').map((d) => `${d.level} ${d.side}`)).toEqual(expect.arrayContaining(['fact sam', 'fact translator', 'finding sam', 'finding translator']));
  });

  test('a default the expansion would get wrong (the function timeout): an unexplained fact', () => {
    const [functionId, fn] = Object.entries(output.Resources).find(([, r]) => r.Type === 'AWS::Lambda::Function') ?? [];
    const edited = { ...output, Resources: { ...output.Resources, [functionId as string]: { ...fn, Properties: { ...fn?.Properties, Timeout: 30 } } } };
    const { differences } = comparePair({ ...sqs, output: JSON.stringify(edited) });
    expect(differences.some((d) => d.level === 'fact' && d.class === 'unexplained' && d.text.includes('timeout=30'))).toBe(true);
  });
});
