/**
 * The second real-world corpus (test/fixtures/corpus2: eight public repositories other than serverless-patterns,
 * chosen for Conditions, nested stacks, AWS::Include, JSON policies given as strings and event source mappings).
 * Each checked template is loaded as `check <file>` loads it (its local nested stacks followed) and checked alone;
 * its error and warning findings must be exactly those in `expected.json` (severity, rule, stack and logical id,
 * never message text), and a file refused as bad input must be refused with the same reason.
 *
 * The engine is changing under this corpus, so `expected.json` is regenerated, not hand-edited:
 *
 *   UPDATE_CORPUS2=1 npx jest test/rules/corpus2.test.ts
 *
 * The hand review lives in `review.md`, keyed by template and finding, so it survives regeneration: a finding
 * judged a true positive that the engine stops reporting fails this test (a fix elsewhere lost a right answer);
 * one judged a false positive that disappears is a fix, listed by the update run.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'fs';
import { join, relative } from 'path';
import { isInputError } from '../../lib/errors';
import { loadInputs, runChecks, type RuleFinding } from '../../lib/rules';

const CORPUS = join(__dirname, '..', 'fixtures', 'corpus2');
const EXPECTED = join(CORPUS, 'expected.json');
const UPDATE = process.env.UPDATE_CORPUS2 === '1';

interface Sources {
  readonly repositories: Record<string, { readonly repository: string; readonly commit: string; readonly licence: string }>;
  readonly files: Record<string, { readonly role: string; readonly parent?: string }>;
}

/** What one checked template gives: the stacks read (itself, then its local nested stacks) and its findings, or why it was refused. */
interface Outcome {
  readonly stacks?: readonly string[];
  readonly findings?: readonly string[];
  readonly refused?: string;
  /** Set when checking threw anything but bad input: a crash, which no regeneration makes expected. */
  readonly crash?: string;
}

const sources = JSON.parse(readFileSync(join(CORPUS, 'sources.json'), 'utf8')) as Sources;
const checked = Object.entries(sources.files)
  .filter(([, f]) => f.role === 'entry')
  .map(([file]) => file);

/** A finding as the expected file and the review name it: severity, rule, stack/logical id and, for a SAM resource, the property it came from. */
function findingKey(f: RuleFinding): string {
  return `${f.severity} ${f.ruleId} ${f.stack}/${f.logicalId}${f.generated ? ` ${f.generated.from}` : ''}`;
}

/** Checks one template as `check <file>` does, in-process. Anything thrown but bad input is a crash, kept with the file. */
function outcomeOf(file: string): Outcome {
  try {
    const stacks = loadInputs([file], CORPUS, { root: CORPUS });
    const { findings } = runChecks(stacks);
    return {
      stacks: stacks.map((s) => s.stackName),
      findings: findings
        .filter((f) => f.severity !== 'info')
        .map(findingKey)
        .sort(),
    };
  } catch (err) {
    if (isInputError(err)) return { refused: (err as Error).message.split('\n')[0] };
    return { crash: (err as Error).stack ?? String(err) };
  }
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [relative(CORPUS, path)];
  });
}

/** The hand review: `| n | template | finding | TP or FP | why |` rows of review.md. */
function reviewRows(): Array<{ readonly n: number; readonly file: string; readonly finding: string; readonly verdict: 'TP' | 'FP'; readonly why: string }> {
  const rows = [];
  for (const line of readFileSync(join(CORPUS, 'review.md'), 'utf8').split('\n')) {
    const m = /^\| (\d+) \| `([^`]+)` \| `([^`]+)` \| (TP|FP) \| (.+) \|$/.exec(line);
    if (m) rows.push({ n: Number(m[1]), file: m[2], finding: m[3], verdict: m[4] as 'TP' | 'FP', why: m[5] });
  }
  return rows;
}

const outcomes = new Map(checked.map((file) => [file, outcomeOf(file)]));

if (UPDATE) {
  writeFileSync(EXPECTED, `${JSON.stringify({ regenerate: 'UPDATE_CORPUS2=1 npx jest test/rules/corpus2.test.ts', templates: Object.fromEntries(outcomes) }, null, 1)}\n`);
  const reported = (file: string, finding: string) => outcomes.get(file)?.findings?.includes(finding) ?? false;
  const rows = reviewRows();
  const lost = rows.filter((r) => r.verdict === 'TP' && !reported(r.file, r.finding));
  const fixed = rows.filter((r) => r.verdict === 'FP' && !reported(r.file, r.finding));
  const reviewed = new Set(rows.map((r) => `${r.file} ${r.finding}`));
  const errorsUnreviewed = [...outcomes].flatMap(([file, o]) => (o.findings ?? []).filter((f) => f.startsWith('error ') && !reviewed.has(`${file} ${f}`)).map((f) => `${file} ${f}`));
  console.log(
    [
      `corpus2: expected.json regenerated (${outcomes.size} templates)`,
      `judged true positives no longer reported: ${lost.length}${lost.map((r) => `\n  #${r.n} ${r.file} ${r.finding}`).join('')}`,
      `judged false positives no longer reported (fixed): ${fixed.length}${fixed.map((r) => `\n  #${r.n} ${r.file} ${r.finding}`).join('')}`,
      `error findings without a review row: ${errorsUnreviewed.length}${errorsUnreviewed.map((e) => `\n  ${e}`).join('')}`,
    ].join('\n'),
  );
}

const expected = JSON.parse(readFileSync(EXPECTED, 'utf8')) as { templates: Record<string, Outcome> };

test('every file of the corpus has its source, commit and licence; every checked template an expectation', () => {
  const files = filesUnder(CORPUS).filter((f) => /\.(ya?ml|json|template)$/i.test(f) && !['expected.json', 'sources.json'].includes(f));
  expect(files.sort()).toEqual(Object.keys(sources.files).sort());
  expect(Object.keys(expected.templates).sort()).toEqual([...checked].sort());
  expect(checked.length).toBeGreaterThanOrEqual(100);
  const readme = readFileSync(join(CORPUS, 'README.md'), 'utf8');
  for (const file of files) {
    const [dir, ...rest] = file.split('/');
    const { repository, commit } = sources.repositories[dir];
    expect(readme).toContain(`(https://github.com/${repository}/blob/${commit}/${rest.join('/')})`);
  }
  const repositories = new Set(checked.map((f) => f.split('/')[0]));
  expect(repositories.size).toBeGreaterThanOrEqual(5);
  for (const dir of repositories) expect(readFileSync(join(CORPUS, dir, 'LICENSE'), 'utf8').length).toBeGreaterThan(500);
});

test.each(checked)('%s', (file) => {
  expect(outcomes.get(file)?.crash).toBeUndefined();
  expect(outcomes.get(file)).toEqual(expected.templates[file]);
});

test('every finding the review judged right is still reported, and the review names real templates', () => {
  const rows = reviewRows();
  expect(rows.length).toBeGreaterThanOrEqual(100);
  const lost = [];
  for (const row of rows) {
    expect(checked).toContain(row.file);
    if (row.verdict === 'TP' && !(outcomes.get(row.file)?.findings ?? []).includes(row.finding)) lost.push(`#${row.n} ${row.file} ${row.finding}`);
  }
  expect(lost).toEqual([]);
});
