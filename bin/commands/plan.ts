/**
 * `plan <workload>`: plans every function; table (default), JSON or Markdown; exit 1 on error findings.
 */
import { Command, Option } from 'commander';
import { exitCodeFor } from '../../lib/findings';
import { planWorkload } from '../../lib/planner';
import { writePlanChart } from '../../lib/report/chart';
import { renderPlanJson, renderPlanMarkdown, renderPlanText } from '../../lib/report/plan-report';
import { loadWorkload } from '../../lib/workload';
import { writeOutputFile } from '../io';
import type { CommandContext } from '../command';

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
    .action(async (workloadFile: string, options: PlanOptions) => {
      const { io } = ctx;
      const workload = loadWorkload(workloadFile, { cwd: io.cwd });
      const plan = planWorkload(workload);
      io.stdout(RENDERERS[options.format](plan, { color: false }));
      if (options.out) {
        const path = writeOutputFile(io, options.out, renderPlanJson(plan));
        io.stderr(`plan written to ${path}\n`);
      }
      if (options.chart) {
        const path = await writePlanChart(plan, workload, options.chart, io.cwd);
        io.stderr(`chart written to ${path}\n`);
      }
      ctx.setExitCode(exitCodeFor(plan.findings));
    });
}
