/**
 * The real-world regression corpus (test/fixtures/corpus, from aws-samples/serverless-patterns): each template,
 * checked alone, reports exactly the error and warning findings its hand review expects (plus the ones the review
 * recorded as wrong, so that fixing them shows up here), and bad input is exit 2 with the file and line named.
 */
import { readdirSync, readFileSync, statSync } from 'fs';
import { join, relative } from 'path';
import { loadTemplateFile, runChecks } from '../../lib/rules';

const CORPUS = join(__dirname, '..', 'fixtures', 'corpus');

interface Expected {
  readonly review: string;
  readonly findings?: readonly string[];
  readonly wrong?: readonly string[];
  readonly missed?: readonly string[];
  readonly exit?: 2;
  readonly error?: string;
}

const { templates } = JSON.parse(readFileSync(join(CORPUS, 'expected.json'), 'utf8')) as { templates: Record<string, Expected> };

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [relative(CORPUS, path)];
  });
}

test('every template of the corpus has a reviewed expectation and a source line in the README', () => {
  const readme = readFileSync(join(CORPUS, 'README.md'), 'utf8');
  const files = filesUnder(CORPUS).filter((f) => /\.ya?ml$/.test(f)).sort();
  expect(Object.keys(templates).sort()).toEqual(files);
  expect(files.length).toBeGreaterThanOrEqual(40);
  for (const f of files) {
    expect(readme).toContain(`/blob/fb7b5d06c27d8abb1bd35e52ab7523acf4baab7b/${f})`);
    expect(templates[f].review.length).toBeGreaterThan(20);
  }
  expect(readme).toContain('MIT No Attribution');
});

const cases = Object.entries(templates);

test.each(cases.filter(([, e]) => e.exit === undefined))('%s', (file, expected) => {
  const { findings, coverage } = runChecks([loadTemplateFile(join(CORPUS, file), file)]);
  // A finding about the file itself (DuplicateKey) has no logical id.
  const reported = findings.filter((f) => f.severity !== 'info').map((f) => [f.severity, f.ruleId, f.logicalId, f.generated?.from].filter((part) => part !== undefined).join(' '));
  expect(reported.sort()).toEqual([...(expected.findings ?? []), ...(expected.wrong ?? [])].sort());
  expect(coverage).toHaveLength(1);
});

test('no corpus template is refused: a duplicate key is a DuplicateKey finding, checked with the last value', () => {
  expect(cases.filter(([, e]) => e.exit !== undefined).map(([file]) => file)).toEqual([]);
});
