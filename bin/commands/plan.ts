/**
 * `plan <workload>`: plans every function; text (default), JSON or Markdown; exit 1 on error findings
 * (or, with `--backtest DAYS`, on a target missed on the held-out days beyond the replay's noise).
 */
import type { Command } from 'commander';
import { InputError } from '../../lib/errors';
import { exitCodeFor } from '../../lib/findings';
import { planWorkload, type Plan } from '../../lib/planner';
import { progressLine } from '../aws-output';
import { BACKTEST_REPLAYS, BACKTEST_SEED, backtest } from '../../lib/simulate/backtest';
import { backtestJson, renderBacktestText } from '../../lib/report/backtest-report';
import { chartFormatFor, writePlanChart } from '../../lib/report/chart';
import { renderPlanJson, renderPlanMarkdown, renderPlanText } from '../../lib/report/plan-report';
import { safeLines } from '../../lib/report/escape';
import { loadWorkload } from '../../lib/workload';
import { EXIT, type CommandContext } from '../command';
import { addOutputOptions, chosenFormat, writeOutput, type OutputSpec } from '../output';

/** Output formats of `plan`, and how each renders. */
const RENDERERS = {
  text: renderPlanText,
  json: renderPlanJson,
  markdown: renderPlanMarkdown,
} as const;

/** `plan`'s formats, the extensions that name them, and `table`, the text format's old name. */
const OUTPUT: OutputSpec = { formats: { text: ['.txt'], json: ['.json'], markdown: ['.md', '.markdown'] }, aliases: { table: 'text' }, what: 'the plan' };

interface PlanOptions {
  out?: string;
  chart?: string;
  backtest?: string;
  replays?: string;
  root?: string;
}

/** Registers `plan`. */
export function registerPlan(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command('plan')
    .description('plan reserved and provisioned concurrency, SQS settings and alarms for every function of a workload')
    .argument('<workload>', 'workload file (YAML or JSON, workload v1)');
  addOutputOptions(cmd, OUTPUT)
    .option('--chart <file>', 'draw hourly load, the provisioned schedule and the reserved line (.svg, .html or .png)')
    .option('--root <dir>', 'the folder every trace file must be inside (default: the workload file\'s folder)')
    .option('--backtest <days>', 'also plan without the last DAYS days of each trace, replay those days in the simulator, and compare (exit 1 when a target is missed beyond the replay noise)')
    .option('--replays <n>', `with --backtest: replays of the held-out days (seeds), whose spread gives the noise of the mean (default ${BACKTEST_REPLAYS})`)
    .action(async (workloadFile: string, options: PlanOptions, command: Command) => {
      const { io } = ctx;
      const format = chosenFormat(command, OUTPUT, io) as keyof typeof RENDERERS;
      const days = options.backtest === undefined ? undefined : Number(options.backtest);
      if (days !== undefined && !(Number.isInteger(days) && days >= 1)) throw new InputError(`--backtest must be a whole number of days >= 1, got ${JSON.stringify(options.backtest)}`);
      const replays = options.replays === undefined ? BACKTEST_REPLAYS : Number(options.replays);
      if (!(Number.isInteger(replays) && replays >= 1 && replays <= 1000)) throw new InputError(`--replays must be a whole number from 1 to 1000, got ${JSON.stringify(options.replays)}`);
      if (options.replays !== undefined && days === undefined) throw new InputError('--replays needs --backtest');
      if (options.chart) chartFormatFor(options.chart); // before any output: the renderer may not be installed
      const workload = loadWorkload(workloadFile, { cwd: io.cwd, root: options.root });
      const progress = progressLine({ stderr: (text) => io.stderr(text), isTTY: io.isTTY }, 'plan');
      let plan: Plan;
      try {
        plan = planWorkload(workload, { onProgress: (done, total) => progress.update('functions', done, total) });
      } finally {
        progress.done();
      }
      const bt = days === undefined ? undefined : backtest(workload, days, BACKTEST_SEED, replays);
      // The plan to deploy is the one from the whole history; the backtest block says how a plan made the same way held up.
      const written = bt ? ({ ...plan, backtest: backtestJson(bt) } as Plan) : plan;
      const backtestText = bt && format !== 'json' ? renderBacktestText(bt) : '';
      writeOutput(io, options.out, RENDERERS[format](written, { color: false }) + backtestText);
      if (options.chart) {
        const path = await writePlanChart(plan, workload, options.chart, io.cwd);
        io.stderr(`${safeLines([`chart written to ${path}`])}\n`);
      }
      ctx.setExitCode(Math.max(exitCodeFor(plan.findings), bt?.missed ? EXIT.findings : EXIT.ok));
    });
}
