/**
 * `replan`: does the committed plan still fit recent traffic? Replays it and a fresh plan on a recent
 * history (a workload file, e.g. `observe -o`'s), reports per function, and writes the updated
 * workload and plan; exit 1 when the committed plan misses or is over-provisioned.
 */
import { dirname, isAbsolute, join, relative, resolve } from 'path';
import { Command, Option } from 'commander';
import { stringify } from 'yaml';
import { InputError } from '../../lib/errors';
import { readInputText } from '../../lib/files';
import { isPlainObject } from '../../lib/records';
import { readPlan, writePlan } from '../../lib/plan-file';
import { REPLAN_DEFAULTS, replan } from '../../lib/simulate/replan';
import { renderReplanJson, renderReplanMarkdown, renderReplanText } from '../../lib/report/replan-report';
import { parseDocumentText } from '../../lib/workload/document';
import { loadWorkload, parseWorkload } from '../../lib/workload';
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
    .option('-o, --out <dir>', 'write the updated workload (workload.yaml: the committed one with the recent traffic) and its plan (plan.json) into this folder')
    .option('--threshold <fraction>', 'over-provisioned: replayed monthly cost above the fresh plan\'s by more than this fraction', String(REPLAN_DEFAULTS.overProvisionedFraction))
    .option('--seed <n>', 'random seed of the replays', String(REPLAN_DEFAULTS.seed))
    .action((workloadFile: string, opts: ReplanCliOptions) => ctx.setExitCode(runReplan(ctx, workloadFile, opts)));
}

function runReplan(ctx: CommandContext, workloadFile: string, opts: ReplanCliOptions): number {
  const { io } = ctx;
  const threshold = Number(opts.threshold);
  if (!(Number.isFinite(threshold) && threshold >= 0)) throw new InputError(`--threshold must be a fraction >= 0, got ${JSON.stringify(opts.threshold)}`);
  const seed = Number(opts.seed);
  if (!(Number.isInteger(seed) && seed >= 0 && seed <= 0xffffffff)) throw new InputError(`--seed must be an integer from 0 to 4294967295, got ${JSON.stringify(opts.seed)}`);
  const committed = loadWorkload(workloadFile, { cwd: io.cwd });
  const plan = readPlan(readInputText(resolve(io.cwd, opts.plan), 'plan', opts.plan), opts.plan, 'complete', committed);
  // The recent history read as the committed workload reads it (its time zone and defaults): the
  // fresh plan is then exactly the plan of the workload file -o writes.
  const base = dirname(resolve(io.cwd, workloadFile));
  const recentText = updatedWorkloadText(io.cwd, workloadFile, opts.history, base);
  const recent = parseWorkload(recentText, `${workloadFile} with the traffic of ${opts.history}`, { baseDir: base });
  const result = replan(committed, plan, recent, { overProvisionedFraction: threshold, seed });
  io.stdout(RENDERERS[opts.format](result));
  if (opts.out !== undefined) {
    const workloadOut = join(opts.out, 'workload.yaml');
    writeOutputFile(io, workloadOut, updatedWorkloadText(io.cwd, workloadFile, opts.history, resolve(io.cwd, opts.out)));
    writeOutputFile(io, join(opts.out, 'plan.json'), writePlan(result.plan));
    io.stderr(`replan: wrote ${workloadOut} and ${join(opts.out, 'plan.json')}\n`);
  }
  return result.stale ? EXIT.findings : EXIT.ok;
}

/**
 * The committed workload document with each function's `traffic` and `durationMs` taken from the
 * history document; trace files are referred to from the folder the new workload is written to.
 */
function updatedWorkloadText(cwd: string, workloadFile: string, historyFile: string, outDir: string): string {
  const doc = parseDocumentText(readInputText(resolve(cwd, workloadFile), 'workload', workloadFile), workloadFile) as Record<string, unknown>;
  const history = parseDocumentText(readInputText(resolve(cwd, historyFile), 'workload', historyFile), historyFile) as Record<string, unknown>;
  const historyDir = dirname(resolve(cwd, historyFile));
  const recent = new Map((Array.isArray(history.functions) ? history.functions : []).filter(isPlainObject).map((f) => [f.name, f]));
  const functions = (Array.isArray(doc.functions) ? doc.functions : []).map((f: unknown) => {
    const now = isPlainObject(f) ? recent.get(f.name) : undefined;
    if (!isPlainObject(f) || !now) return f;
    const traffic = isPlainObject(now.traffic) && isPlainObject(now.traffic.trace) && typeof now.traffic.trace.file === 'string' && !isAbsolute(now.traffic.trace.file)
      ? { ...now.traffic, trace: { ...now.traffic.trace, file: relative(outDir, resolve(historyDir, now.traffic.trace.file)) } }
      : now.traffic;
    return { ...f, traffic, ...(now.durationMs !== undefined ? { durationMs: now.durationMs } : {}) };
  });
  return `# ${workloadFile} with the recent traffic and durations of ${historyFile} (cdk-lambda-scaling replan)\n${stringify({ ...doc, functions })}`;
}
