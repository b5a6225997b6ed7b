/**
 * `plan <workload>`: plans every function; table (default), JSON or Markdown; exit 1 on error findings
 * (or, with `--backtest DAYS`, on a target missed on the held-out days beyond the replay's noise).
 */
import { Command, Option } from 'commander';
import { exitCodeFor } from '../../lib/findings';
import { InputError } from '../../lib/errors';
import { planWorkload, type Plan } from '../../lib/planner';
import { backtest } from '../../lib/simulate/backtest';
import { backtestJson, renderBacktestText } from '../../lib/report/backtest-report';
import { writePlanChart } from '../../lib/report/chart';
import { renderPlanJson, renderPlanMarkdown, renderPlanText } from '../../lib/report/plan-report';
import { loadWorkload } from '../../lib/workload';
import { writeOutputFile } from '../io';
import { EXIT, type CommandContext } from '../command';

/** Output formats of `plan`, and how each renders. */
const RENDERERS = {
  table: renderPlanText,
  json: renderPlanJson,
  markdown: renderPlanMarkdown,
} as const;

interface PlanOptions {
  format: keyof typeof RENDERERS;
  out?: string;
  chart?: string;
  backtest?: string;
}

/** Registers `plan`. */
export function registerPlan(program: Command, ctx: CommandContext): void {
  program
    .command('plan')
    .description('plan reserved and provisioned concurrency, SQS settings and alarms for every function of a workload')
    .argument('<workload>', 'workload file (YAML or JSON, workload v1)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(Object.keys(RENDERERS)).default('table'))
    .option('-o, --out <file>', 'also write the plan as JSON v1 to this file')
    .option('--chart <file>', 'draw hourly load, the provisioned schedule and the reserved line (.svg, .html or .png)')
    .option('--backtest <days>', 'also plan without the last DAYS days of each trace, replay those days in the simulator, and compare (exit 1 when a target is missed beyond the replay noise)')
    .action(async (workloadFile: string, options: PlanOptions) => {
      const { io } = ctx;
      const days = options.backtest === undefined ? undefined : Number(options.backtest);
      if (days !== undefined && !(Number.isInteger(days) && days >= 1)) throw new InputError(`--backtest must be a whole number of days >= 1, got ${JSON.stringify(options.backtest)}`);
      const workload = loadWorkload(workloadFile, { cwd: io.cwd });
      const plan = planWorkload(workload);
      const bt = days === undefined ? undefined : backtest(workload, days);
      // The plan to deploy is the one from the whole history; the backtest block says how a plan made the same way held up.
      const written = bt ? ({ ...plan, backtest: backtestJson(bt) } as Plan) : plan;
      io.stdout(RENDERERS[options.format](written, { color: false }));
      if (bt && options.format !== 'json') io.stdout(renderBacktestText(bt));
      if (options.out) {
        const path = writeOutputFile(io, options.out, renderPlanJson(written));
        io.stderr(`plan written to ${path}\n`);
      }
      if (options.chart) {
        const path = await writePlanChart(plan, workload, options.chart, io.cwd);
        io.stderr(`chart written to ${path}\n`);
      }
      ctx.setExitCode(Math.max(exitCodeFor(plan.findings), bt?.missed ? EXIT.findings : EXIT.ok));
    });
}
