/**
 * `npm run bench:sam-translator -- <repo-dir>`: the SAM expansion against AWS's SAM translator, on the
 * translator's whole test corpus. `<repo-dir>` is a clone (or bare mirror) of aws/serverless-application-model;
 * its committed `tests/translator/input/*.yaml` and `tests/translator/output/*.json` (aws partition) are read
 * with git from HEAD (nothing is fetched). Each pair goes through the differential harness
 * (test/rules/sam-translator.ts): the rule engine on the SAM input and on the translator's output, findings and
 * the facts the rules read compared. Prints pairs checked, crashes (goal 0), inputs refused as bad input, pairs
 * whose findings (facts) agree, differences by class, and the pairs with an unexplained difference (all of them
 * with --verbose).
 *
 *   npm run bench:sam-translator -- /path/to/serverless-application-model [--json results.json] [--verbose]
 */
import { execFileSync } from 'child_process';
import { writeFileSync } from 'fs';
import { comparePair, DIFFERENCE_CLASSES, type PairResult, type TranslatorPair } from '../test/rules/sam-translator';

const INPUT_DIR = 'tests/translator/input/';
const OUTPUT_DIR = 'tests/translator/output/';

/** Every input of the corpus with its output (aws partition), read from the repository's HEAD in one git call. */
function readCorpus(repo: string): TranslatorPair[] {
  const git = (args: string[], input?: string) => execFileSync('git', ['-C', repo, ...args], { input, maxBuffer: 1 << 30 });
  const files = (dir: string) => git(['ls-tree', 'HEAD', dir]).toString('utf8').split('\n').filter(Boolean).map((line) => line.split('\t')[1]);
  const inputs = files(INPUT_DIR).filter((f) => /\.(ya?ml|json)$/.test(f));
  const outputs = new Set(files(OUTPUT_DIR));
  const paths = inputs.flatMap((f) => {
    const output = `${OUTPUT_DIR}${f.slice(INPUT_DIR.length).replace(/\.(ya?ml|json)$/, '')}.json`;
    return outputs.has(output) ? [f, output] : [f];
  });
  const blobs = catFiles(git(['cat-file', '--batch'], paths.map((p) => `HEAD:${p}\n`).join('')));
  const text = new Map(paths.map((p, i) => [p, blobs[i]]));
  return inputs.map((f) => {
    const name = f.slice(INPUT_DIR.length).replace(/\.(ya?ml|json)$/, '');
    return { name, input: text.get(f) as string, output: text.get(`${OUTPUT_DIR}${name}.json`) };
  });
}

/** The contents of `git cat-file --batch` output (`<sha> blob <size>\n<content>\n` per object), in order. */
function catFiles(out: Buffer): string[] {
  const texts: string[] = [];
  let at = 0;
  while (at < out.length) {
    const eol = out.indexOf(10, at);
    const header = out.subarray(at, eol).toString('utf8');
    const size = Number(header.split(' ')[2]);
    if (!Number.isInteger(size)) throw new Error(`git cat-file: ${header}`);
    texts.push(out.subarray(eol + 1, eol + 1 + size).toString('utf8'));
    at = eol + 1 + size + 1;
  }
  return texts;
}

function main(): void {
  const repo = process.argv[2];
  if (!repo || repo.startsWith('--')) throw new Error('usage: bench/sam-translator.ts <serverless-application-model repo dir> [--json results.json] [--verbose]');
  const jsonAt = process.argv.indexOf('--json');
  const verbose = process.argv.includes('--verbose');
  const head = execFileSync('git', ['-C', repo, 'rev-parse', 'HEAD']).toString('utf8').trim();
  const pairs = readCorpus(repo);
  const started = Date.now();
  const results: PairResult[] = pairs.map(comparePair);
  const ms = Date.now() - started;

  const of = (kind: PairResult['kind']) => results.filter((r) => r.kind === kind);
  const crashes = results.filter((r) => r.crash !== undefined);
  const refused = results.filter((r) => r.refused !== undefined);
  const compared = of('pair').filter((r) => r.crash === undefined && r.refused === undefined);
  const agree = compared.filter((r) => r.differences.length === 0);
  const classes = new Map<string, { differences: number; pairs: Set<string> }>();
  for (const r of compared) {
    for (const d of r.differences) {
      const c = classes.get(`${d.level}: ${d.class}`) ?? { differences: 0, pairs: new Set<string>() };
      c.differences++;
      c.pairs.add(r.name);
      classes.set(`${d.level}: ${d.class}`, c);
    }
  }
  const explained = compared.filter((r) => r.differences.length > 0 && r.differences.every((d) => d.class !== 'unexplained'));
  const findings = compared.reduce((n, r) => n + r.sam.length, 0);
  const facts = compared.reduce((n, r) => n + r.facts, 0);
  const agreeOn = (level: 'finding' | 'fact') => compared.filter((r) => r.differences.every((d) => d.level !== level)).length;

  console.log(`aws/serverless-application-model at ${head}: ${pairs.length} inputs (${ms} ms)`);
  console.log(`  translator output: ${of('pair').length} templates, ${of('error').length} error documents (the translator rejects the input), ${of('no-output').length} without output`);
  console.log(`  crashes: ${crashes.length} (goal 0)`);
  console.log(`  refused as bad input (exit 2): ${refused.length}`);
  console.log(`  pairs compared: ${compared.length} (${findings} findings, ${facts} facts the rules read on the SAM side)`);
  console.log(`  findings agree: ${agreeOn('finding')}; facts agree: ${agreeOn('fact')}; both: ${agree.length}`);
  console.log(`  pairs that differ, every difference classified: ${explained.length}; with an unexplained difference: ${compared.length - agree.length - explained.length}`);
  console.log('  differences by class (differences, pairs):');
  for (const [name, c] of [...classes].sort((a, b) => b[1].differences - a[1].differences)) {
    console.log(`    ${name}: ${c.differences} in ${c.pairs.size} pairs${name.split(': ')[1] in DIFFERENCE_CLASSES ? '' : ' <-- a defect of the expansion or a new case'}`);
  }
  for (const r of crashes) console.log(`  CRASH ${r.name}: ${r.crash}`);
  for (const r of refused) console.log(`  refused ${r.name}: ${r.refused}`);
  for (const r of compared) {
    const shown = verbose ? r.differences : r.differences.filter((d) => d.class === 'unexplained');
    if (shown.length === 0) continue;
    console.log(`  ${r.name}`);
    for (const d of shown) console.log(`    ${d.level} ${d.side === 'sam' ? 'only ours      ' : 'only translator'} ${d.text} [${d.class}]`);
  }
  if (jsonAt > 0) writeFileSync(process.argv[jsonAt + 1], JSON.stringify({ head, results }, null, 1));
}

main();
