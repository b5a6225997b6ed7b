/**
 * `npm run bench:corpus -- <dir>`: runs `check` over every CloudFormation/SAM template under a directory (a
 * checkout of a public corpus such as aws-samples/serverless-patterns; nothing is fetched here) and prints how
 * many templates were checked, how many were refused as bad input (exit 2) and why, crashes (goal 0), findings
 * per rule and severity, and the time of a whole-corpus check in one call (goal < 10 s).
 *
 * Each template is also checked alone (as its own app: a corpus is not one account) for the per-rule counts.
 *
 *   npm run bench:corpus -- /path/to/serverless-patterns [--json findings.json] [--list templates.txt]
 *
 * `--list` writes the templates that load (one path a line), for timing the CLI itself:
 * `node dist/bin/cli.js check $(cat templates.txt)`.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'fs';
import { join, relative, resolve } from 'path';
import { performance } from 'perf_hooks';
import { isInputError } from '../lib/errors';
import { loadInputs, loadTemplateFile, runChecks, type RuleFinding, type StackTemplate, type TemplateCoverage } from '../lib/rules';

/** Directories never holding templates of the corpus (build output, dependencies). */
const SKIPPED_DIRS = new Set(['node_modules', '.git', 'cdk.out', '.aws-sam', 'dist', 'build', '.serverless', 'site-packages', 'botocore']);
/** File names that are never templates. */
const NOT_TEMPLATES = /^(package(-lock)?|tsconfig|cdk|cdk\.context|tslint|\.eslintrc|composer|launch|settings|example-pattern|pattern|samconfig|serverless|buildspec|docker-compose|swagger|openapi|event|events?[-_].*)\.(json|ya?ml)$/i;

/** Files under `dir` that look like templates: JSON/YAML/.template text naming a `Resources` section and an `AWS::` type. */
function candidates(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const stat = statSync(path);
    if (stat.isDirectory()) {
      if (!SKIPPED_DIRS.has(name)) candidates(path, out);
    } else if (/\.(json|ya?ml|template)$/i.test(name) && !NOT_TEMPLATES.test(name) && stat.size < 4_000_000) {
      const text = readFileSync(path, 'latin1');
      if (/(^|\n)\s*"?Resources"?\s*:/.test(text) && /AWS::[A-Za-z0-9]+::[A-Za-z0-9]+/.test(text)) out.push(path);
    }
  }
  return out;
}

function main(): void {
  if (!process.argv[2]) throw new Error('usage: bench/corpus.ts <dir> [--json findings.json]');
  // Absolute, so the one-call check below (which reads paths relative to the corpus) works with a relative <dir> too.
  const dir = resolve(process.argv[2]);
  const option = (name: string) => (process.argv.indexOf(name) >= 0 ? process.argv[process.argv.indexOf(name) + 1] : undefined);
  const jsonOut = option('--json');
  const listOut = option('--list');
  const files = candidates(dir).sort();
  const refused: Array<{ file: string; message: string }> = [];
  const crashes: Array<{ file: string; message: string }> = [];
  const findings: RuleFinding[] = [];
  const coverage: TemplateCoverage[] = [];
  const loaded: string[] = [];
  const started = performance.now();
  for (const file of files) {
    const shown = relative(dir, file);
    let stack: StackTemplate;
    try {
      stack = loadTemplateFile(file, shown);
    } catch (err) {
      (isInputError(err) ? refused : crashes).push({ file: shown, message: (err as Error).message.split('\n')[0] });
      continue;
    }
    try {
      const result = runChecks([stack]);
      findings.push(...result.findings);
      coverage.push(...result.coverage);
      loaded.push(file);
    } catch (err) {
      crashes.push({ file: shown, message: (err as Error).stack?.split('\n').slice(0, 3).join(' | ') ?? String(err) });
    }
  }
  const eachMs = performance.now() - started;

  // The whole corpus in one call, as `cdk-lambda-scaling check --root <dir> <files...>` runs it (load + check): a
  // nested stack may name a file beside its own folder (`../shared/dlq.yaml`), inside the corpus but outside the
  // template's folder, each input's default root.
  const oneCallStart = performance.now();
  const all = runChecks(loadInputs(loaded, dir, { root: dir }));
  const oneCallMs = performance.now() - oneCallStart;

  const sam = coverage.filter((c) => c.sam).length;
  const withFunctions = coverage.filter((c) => c.functions > 0).length;
  console.log(`candidate files: ${files.length}`);
  console.log(`templates checked: ${coverage.length} (${sam} SAM, ${coverage.length - sam} CloudFormation; ${withFunctions} with functions)`);
  console.log(`functions ${sum(coverage, 'functions')}, event source mappings ${sum(coverage, 'mappings')}, queues ${sum(coverage, 'queues')}, scalable targets ${sum(coverage, 'scalableTargets')}`);
  console.log(`refused as bad input (exit 2): ${refused.length}`);
  for (const r of refused) console.log(`  ${r.file}: ${r.message.slice(r.message.indexOf(':') + 1).trim()}`);
  console.log(`crashes: ${crashes.length}`);
  for (const c of crashes) console.log(`  ${c.file}: ${c.message}`);
  const unchecked = new Map<string, number>();
  for (const c of coverage) for (const u of c.unchecked) unchecked.set(u.what.replace(/^\S+ Events\.\S+: /, 'event: '), (unchecked.get(u.what.replace(/^\S+ Events\.\S+: /, 'event: ')) ?? 0) + u.count);
  console.log('not checked (coverage):');
  for (const [what, n] of [...unchecked].sort((a, b) => b[1] - a[1])) console.log(`  ${String(n).padStart(4)}  ${what}`);
  console.log('findings per rule (each template alone): error / warning / info, templates with an error or warning');
  const rules = [...new Set(findings.map((f) => f.ruleId))].sort();
  for (const rule of rules) {
    const mine = findings.filter((f) => f.ruleId === rule);
    const by = (s: string) => mine.filter((f) => f.severity === s).length;
    const templates = new Set(mine.filter((f) => f.severity !== 'info').map((f) => f.templateFile)).size;
    console.log(`  ${rule.padEnd(32)} ${String(by('error')).padStart(4)} ${String(by('warning')).padStart(4)} ${String(by('info')).padStart(4)}   ${templates}`);
  }
  const withError = new Set(findings.filter((f) => f.severity === 'error').map((f) => f.templateFile)).size;
  const samWithError = new Set(findings.filter((f) => f.severity === 'error' && coverage.find((c) => c.templateFile === f.templateFile)?.sam).map((f) => f.templateFile)).size;
  console.log(`templates with an error finding: ${withError} (${samWithError} SAM)`);
  console.log(`time: each template alone ${Math.round(eachMs)} ms; whole corpus in one call (load + check, ${all.coverage.length} templates) ${Math.round(oneCallMs)} ms`);
  if (jsonOut) writeFileSync(jsonOut, `${JSON.stringify({ findings, coverage, refused, crashes }, null, 1)}\n`);
  if (listOut) writeFileSync(listOut, `${loaded.join('\n')}\n`);
}

function sum(coverage: readonly TemplateCoverage[], key: 'functions' | 'mappings' | 'queues' | 'scalableTargets'): number {
  return coverage.reduce((s, c) => s + c[key], 0);
}

main();
