/**
 * `check <cdk.out | template files...>`: runs the rule catalog; exit 0 (warnings allowed), 1 (error findings),
 * 2 (bad input).
 */
import { PACKAGE_VERSION } from '../../lib/version';
import { resolve } from 'path';
import type { Command } from 'commander';
import { InputError } from '../../lib/errors';
import { exitCodeFor, type FailOn } from '../../lib/findings';
import { loadBatch, runChecks, type CheckOptions, type CheckResult, type LoadedInputs, type RuleFinding, type StackTemplate } from '../../lib/rules';
import { findCheckConfig, readCheckConfig, type CheckConfig } from '../../lib/rules/config';
import { toJsonReport, toText } from '../../lib/report/check-text';
import { toSarif } from '../../lib/report/check-sarif';
import { toJUnit } from '../../lib/report/check-junit';
import { safeJson, safeLines } from '../../lib/report/escape';
import { EXIT, type CommandContext } from '../command';
import { addOutputOptions, chosenFormat, writeOutput, type OutputSpec } from '../output';

const VERSION: string = PACKAGE_VERSION;

/** `check`'s formats and the extensions that name them. */
const OUTPUT: OutputSpec = { formats: { text: ['.txt'], json: ['.json'], sarif: ['.sarif', '.sarif.json'], junit: ['.xml', '.junit.xml'] }, what: 'the report' };

/** Options as commander parses them. */
interface CheckFlags {
  readonly accountConcurrency?: string;
  readonly unreservedFloor?: string;
  readonly disable?: string;
  readonly out?: string;
  readonly root?: string;
  /** A file name, or false for `--no-config`. */
  readonly config?: string | false;
  readonly failOn?: string;
}

/** The configuration `check` reads: `--config FILE`, else the one in the working directory; none with `--no-config`. */
function configOf(flags: CheckFlags, cwd: string): CheckConfig | undefined {
  if (flags.config === false) return undefined;
  const file = flags.config ?? findCheckConfig(cwd);
  return file === undefined ? undefined : readCheckConfig(resolve(cwd, file), file);
}

/** `--fail-on`'s level, or InputError. */
function failOnFlag(value: string | undefined): FailOn {
  if (value === undefined || value === 'error' || value === 'warning') return value ?? 'error';
  throw new InputError(`--fail-on must be error or warning, got ${value}`);
}

/** A non-negative integer flag, or InputError naming the flag. */
function intFlag(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n)) throw new InputError(`${flag} must be a non-negative integer, got ${value}`);
  return n;
}

/**
 * Line of `logicalId` in a template file (JSON `"Id":` or YAML `Id:`), for SARIF regions: in the text the loader
 * read from the stack's real file. A file is never opened again by the path shown, which is built from names and,
 * through a symbolic link, may lead out of the root. Each file is indexed once, for the ids its findings name
 * ({@link lineIndex}): a scan per finding made 100,000 findings on one template minutes of work.
 */
function lineFinder(stacks: readonly StackTemplate[], texts: ReadonlyMap<string, string>, findings: readonly RuleFinding[]): (file: string, logicalId: string) => number | undefined {
  const realOf = new Map<string, string>();
  for (const s of stacks) if (s.templateFile !== undefined && s.realFile !== undefined && !realOf.has(s.templateFile)) realOf.set(s.templateFile, s.realFile);
  const wanted = new Map<string, Set<string>>();
  for (const f of findings) {
    if (f.templateFile === undefined || f.logicalId === undefined) continue;
    const ids = wanted.get(f.templateFile) ?? new Set<string>();
    wanted.set(f.templateFile, ids.add(f.logicalId));
  }
  const cache = new Map<string, ReadonlyMap<string, number>>();
  return (file, logicalId) => {
    let lines = cache.get(file);
    if (!lines) {
      const real = realOf.get(file);
      lines = lineIndex((real === undefined ? undefined : texts.get(real)) ?? '', wanted.get(file) ?? new Set());
      cache.set(file, lines);
    }
    return lines.get(logicalId);
  };
}

/** A JSON key in a line: at each `"`, the text up to the next `"` when `:` follows it. */
const JSON_KEY = /"(?=([^"]*)":)/g;

/**
 * The first line of each of `ids` in `text`, in one pass: where `"Id":` is in the line, or the line starts with
 * `Id:` after white space. The index holds the ids asked for only, so it grows with the findings, not the file; a
 * YAML key is tried only at the colons an id's length puts there.
 */
function lineIndex(text: string, ids: ReadonlySet<string>): ReadonlyMap<string, number> {
  const found = new Map<string, number>();
  const lengths = new Set([...ids].map((id) => id.length));
  const longest = Math.max(0, ...lengths);
  const note = (id: string, line: number) => {
    if (ids.has(id) && !found.has(id)) found.set(id, line);
  };
  text.split('\n').forEach((l, i) => {
    for (const m of l.matchAll(JSON_KEY)) note(m[1], i + 1);
    const t = l.trimStart();
    for (let c = t.indexOf(':'); c >= 0 && c <= longest; c = t.indexOf(':', c + 1)) if (lengths.has(c)) note(t.slice(0, c), i + 1);
  });
  return found;
}

/** Renders findings, coverage and the inputs refused in the chosen format. */
function render(format: string, { findings, coverage }: CheckResult, { stacks, refused, texts }: LoadedInputs): string {
  switch (format) {
    case 'json':
      return toJsonReport(findings, coverage.length, coverage, refused);
    case 'sarif':
      return `${safeJson(toSarif(findings, { toolVersion: VERSION, lineOf: lineFinder(stacks, texts, findings), coverage, refused }), 2)}\n`;
    case 'junit':
      return toJUnit(findings, coverage, refused);
    default:
      return toText(findings, coverage.length, coverage, refused);
  }
}

/** Registers `check`. */
export function registerCheck(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command('check')
    .description('check a cloud assembly (cdk.out) or CloudFormation templates against the Lambda scaling rules')
    .argument('<inputs...>', 'a cdk.out directory or template files (JSON or YAML)');
  addOutputOptions(cmd, OUTPUT)
    .option('--account-concurrency <n>', 'account concurrency limit per region (default 1000)')
    .option('--unreserved-floor <n>', 'concurrency that must stay unreserved (default min(100, limit))')
    .option('--disable <rules>', 'comma-separated rule ids not to run')
    .option('--root <dir>', 'the folder every file the inputs name must be inside (default: each input\'s own folder)')
    .option('--config <file>', 'rule severities and acknowledgements (default: .cdk-lambda-scaling.yaml, .yml or .json in the working directory)')
    .option('--no-config', 'read no configuration file')
    .option('--fail-on <level>', 'lowest severity that exits 1: error or warning (default error); acknowledged findings never do')
    .action((inputs: string[], flags: CheckFlags, command: Command) => {
      const format = chosenFormat(command, OUTPUT, ctx.io);
      const failOn = failOnFlag(flags.failOn);
      const config = configOf(flags, ctx.io.cwd);
      const disabled = flags.disable ? flags.disable.split(',').map((s) => s.trim()).filter(Boolean) : [];
      const options: CheckOptions = {
        concurrencyLimit: intFlag('--account-concurrency', flags.accountConcurrency),
        unreservedFloor: intFlag('--unreserved-floor', flags.unreservedFloor),
        disabledRules: [...(config?.disabledRules ?? []), ...disabled],
        ...(config ? { severityOverrides: config.severityOverrides, acknowledgements: config.acknowledgements } : {}),
      };
      // Each input on its own: a refused one is reported (and makes the exit 2), the others are still checked.
      // SARIF's line numbers are found in the texts read.
      const loaded = loadBatch(inputs, ctx.io.cwd, { root: flags.root, keepTexts: format === 'sarif' });
      const result = runChecks(loaded.stacks, options);
      // As any bad input is printed: one line each, what it quotes from input escaped.
      for (const r of loaded.refused) ctx.io.stderr(`${safeLines([r.message])}\n`);
      writeOutput(ctx.io, flags.out, render(format, result, loaded));
      ctx.setExitCode(loaded.refused.length > 0 ? EXIT.usage : exitCodeFor(result.findings, failOn));
    });
}
