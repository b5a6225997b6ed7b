/**
 * `replan`: does the committed plan still fit recent traffic? Replays it and a fresh plan on a recent
 * history (a workload file, e.g. `observe -o`'s), reports per function, and writes the updated
 * workload and plan; exit 1 when the committed plan misses or is over-provisioned.
 */
import { basename, dirname, extname, isAbsolute, join, relative, resolve } from 'path';
import { Command, Option } from 'commander';
import { stringify } from 'yaml';
import { InputError } from '../../lib/errors';
import { assertWritable, readInputText } from '../../lib/files';
import { isPlainObject } from '../../lib/records';
import { readPlan, writePlan } from '../../lib/plan-file';
import { REPLAN_DEFAULTS, replan } from '../../lib/simulate/replan';
import { renderReplanJson, renderReplanMarkdown, renderReplanText } from '../../lib/report/replan-report';
import { parseDocumentText } from '../../lib/workload/document';
import { loadWorkload } from '../../lib/workload';
import { validateWorkload } from '../../lib/workload/workload';
import { EXIT, type CommandContext } from '../command';
import { writeOutputFile } from '../io';

const RENDERERS = { text: renderReplanText, markdown: renderReplanMarkdown, json: renderReplanJson } as const;

interface ReplanCliOptions {
  readonly plan: string;
  readonly history: string;
  readonly format: keyof typeof RENDERERS;
  readonly out?: string;
  readonly threshold: string;
  readonly seed: string;
  readonly root?: string;
}

/** Registers `replan`. */
export function registerReplan(program: Command, ctx: CommandContext): void {
  program
    .command('replan')
    .description('replay the committed plan and a fresh plan on recent history: holds, misses its targets, or over-provisioned; exit 1 unless it holds')
    .argument('<workload>', 'the committed workload file')
    .requiredOption('--plan <file>', 'the committed plan.json')
    .requiredOption('--history <file>', 'a workload file with the recent traffic of the same functions (observe -o, e.g. observe --plan plan.json --period 60 --days 14)')
    .addOption(new Option('-f, --format <format>', 'report format (stdout): text, markdown (a pull request body) or json').choices(Object.keys(RENDERERS)).default('text'))
    .option('-o, --out <dir>', 'write the updated workload (workload.yaml: the committed one with the recent traffic), its plan (plan.json) and the trace files it names (traces/) into this folder')
    .option('--threshold <fraction>', 'over-provisioned: replayed monthly cost above the fresh plan\'s by more than this fraction', String(REPLAN_DEFAULTS.overProvisionedFraction))
    .option('--seed <n>', 'random seed of the replays', String(REPLAN_DEFAULTS.seed))
    .option('--root <dir>', 'the folder every trace file must be inside (default: each file\'s own folder: the workload\'s for its traces, the history\'s for its)')
    .action((workloadFile: string, opts: ReplanCliOptions) => ctx.setExitCode(runReplan(ctx, workloadFile, opts)));
}

function runReplan(ctx: CommandContext, workloadFile: string, opts: ReplanCliOptions): number {
  const { io } = ctx;
  const threshold = Number(opts.threshold);
  if (!(Number.isFinite(threshold) && threshold >= 0)) throw new InputError(`--threshold must be a fraction >= 0, got ${JSON.stringify(opts.threshold)}`);
  const seed = Number(opts.seed);
  if (!(Number.isInteger(seed) && seed >= 0 && seed <= 0xffffffff)) throw new InputError(`--seed must be an integer from 0 to 4294967295, got ${JSON.stringify(opts.seed)}`);
  const committed = loadWorkload(workloadFile, { cwd: io.cwd, root: opts.root });
  // The history is a document of its own: validated, its trace files confined to its folder (or --root).
  loadWorkload(opts.history, { cwd: io.cwd, root: opts.root });
  const plan = readPlan(readInputText(resolve(io.cwd, opts.plan), 'plan', opts.plan), opts.plan, 'complete', committed);
  // The recent history read as the committed workload reads it (its time zone and defaults): the
  // fresh plan is then exactly the plan of the workload file -o writes.
  const base = dirname(resolve(io.cwd, workloadFile));
  const docs = documentsOf(io.cwd, workloadFile, opts.history);
  const recentText = updatedWorkload(docs, base, false).text;
  // Every trace file of the merged document comes from one of the two, each already confined to its own root above.
  const name = `${workloadFile} with the traffic of ${opts.history}`;
  const merged = validateWorkload(parseDocumentText(recentText, name), name, base);
  // The merge keeps the committed traffic of a function the history lacks (so the written workload is
  // whole); replan must see only the history's functions, or it judges one on its committed traffic.
  const observed = historyNames(docs);
  const recent = { ...merged, functions: merged.functions.filter((f) => observed.has(f.name)) };
  const result = replan(committed, plan, recent, { overProvisionedFraction: threshold, seed });
  io.stdout(RENDERERS[opts.format](result));
  const dir = opts.out;
  if (dir !== undefined) {
    // The folder is self-contained (a pull request commits it as it is): each trace file is copied into its traces/.
    const out = resolve(io.cwd, dir);
    const { text, copies } = updatedWorkload(docs, out, true);
    const workloadOut = join(dir, 'workload.yaml');
    const planOut = join(dir, 'plan.json');
    const traceOuts = copies.map((c) => join(dir, c.to));
    // Every file is checked before any is written: a refused one leaves no half-written folder.
    for (const file of [...traceOuts, workloadOut, planOut]) assertWritable(file, io.cwd);
    copies.forEach((c, i) => writeOutputFile(io, traceOuts[i], readInputText(c.from, 'trace', c.from)));
    writeOutputFile(io, workloadOut, text);
    writeOutputFile(io, planOut, writePlan(result.plan));
    io.stderr(`replan: wrote ${workloadOut}, ${planOut}${copies.length > 0 ? ` and ${copies.length} trace file(s) in ${join(dir, TRACES)}` : ''}\n`);
  }
  return result.stale ? EXIT.findings : EXIT.ok;
}

/** The folder `-o` copies trace files into, beside the workload it writes. */
const TRACES = 'traces';

/** The committed workload and the history as documents, each read and parsed once, with their folders. */
interface Documents {
  readonly workloadFile: string;
  readonly historyFile: string;
  readonly doc: Record<string, unknown>;
  readonly history: Record<string, unknown>;
  readonly workloadDir: string;
  readonly historyDir: string;
}

function documentsOf(cwd: string, workloadFile: string, historyFile: string): Documents {
  const read = (file: string) => parseDocumentText(readInputText(resolve(cwd, file), 'workload', file), file) as Record<string, unknown>;
  return { workloadFile, historyFile, doc: read(workloadFile), history: read(historyFile), workloadDir: dirname(resolve(cwd, workloadFile)), historyDir: dirname(resolve(cwd, historyFile)) };
}

/** Names of the functions the history document has. */
function historyNames(docs: Documents): Set<unknown> {
  return new Set((Array.isArray(docs.history.functions) ? docs.history.functions : []).filter(isPlainObject).map((f) => f.name));
}

/**
 * The committed workload document with each function's `traffic` and `durationMs` taken from the history
 * document (without `durationMs` there, none: the history's trace gives the durations). Trace files are
 * referred to from `outDir`, or, with `copy`, listed to be copied into its `traces/` folder (one name
 * each) and referred to there.
 */
function updatedWorkload(docs: Documents, outDir: string, copy: boolean): { text: string; copies: Array<{ from: string; to: string }> } {
  const { workloadFile, historyFile, doc, history, workloadDir, historyDir } = docs;
  const recent = new Map((Array.isArray(history.functions) ? history.functions : []).filter(isPlainObject).map((f) => [f.name, f]));
  const copies: Array<{ from: string; to: string }> = [];
  const copied = new Map<string, string>();
  /** Where the written workload finds the file `file` names from `dir`. */
  const place = (dir: string, file: string): string => {
    const from = resolve(dir, file);
    if (!copy) return isAbsolute(file) ? file : relative(outDir, from);
    let to = copied.get(from);
    if (to === undefined) {
      const stem = basename(from, extname(from));
      const taken = new Set(copied.values());
      for (let n = 1; to === undefined || taken.has(to); n++) to = `${TRACES}/${stem}${n > 1 ? `-${n}` : ''}${extname(from)}`;
      copied.set(from, to);
      copies.push({ from, to });
    }
    return to;
  };
  /** A function's traffic with its trace files placed for the written workload. */
  const placed = (traffic: unknown, dir: string): unknown => {
    if (!isPlainObject(traffic) || !isPlainObject(traffic.trace)) return traffic;
    const trace: Record<string, unknown> = { ...traffic.trace };
    if (typeof trace.file === 'string') trace.file = place(dir, trace.file);
    else if (Array.isArray(trace.file)) trace.file = trace.file.map((f) => (typeof f === 'string' ? place(dir, f) : f));
    if (typeof trace.durationsFile === 'string') trace.durationsFile = place(dir, trace.durationsFile);
    return { ...traffic, trace };
  };
  const functions = (Array.isArray(doc.functions) ? doc.functions : []).map((f: unknown) => {
    if (!isPlainObject(f)) return f;
    const now = recent.get(f.name);
    if (!now) return copy ? { ...f, traffic: placed(f.traffic, workloadDir) } : f;
    const merged: Record<string, unknown> = { ...f, traffic: placed(now.traffic, historyDir) };
    // A history without durationMs has them from its trace (a durationsFile, a per-minute durationMs column): the committed ones go.
    if (now.durationMs !== undefined) merged.durationMs = now.durationMs;
    else delete merged.durationMs;
    return merged;
  });
  return { text: `# ${workloadFile} with the recent traffic and durations of ${historyFile} (cdk-lambda-scaling replan)\n${stringify({ ...doc, functions })}`, copies };
}
