/**
 * `plan <workload>`: plans every function; text (default), JSON or Markdown; exit 1 on error findings.
 */
import type { Command } from 'commander';
import { exitCodeFor } from '../../lib/findings';
import { planWorkload } from '../../lib/planner';
import { chartFormatFor, writePlanChart } from '../../lib/report/chart';
import { renderPlanJson, renderPlanMarkdown, renderPlanText } from '../../lib/report/plan-report';
import { loadWorkload } from '../../lib/workload';
import type { CommandContext } from '../command';
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
}

/** Registers `plan`. */
export function registerPlan(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command('plan')
    .description('plan reserved and provisioned concurrency, SQS settings and alarms for every function of a workload')
    .argument('<workload>', 'workload file (YAML or JSON, workload v1)');
  addOutputOptions(cmd, OUTPUT)
    .option('--chart <file>', 'draw hourly load, the provisioned schedule and the reserved line (.svg, .html or .png)')
    .action(async (workloadFile: string, options: PlanOptions, command: Command) => {
      const { io } = ctx;
      const format = chosenFormat(command, OUTPUT, io) as keyof typeof RENDERERS;
      if (options.chart) chartFormatFor(options.chart); // before any output: the renderer may not be installed
      const workload = loadWorkload(workloadFile, { cwd: io.cwd });
      const plan = planWorkload(workload);
      writeOutput(io, options.out, RENDERERS[format](plan, { color: false }));
      if (options.chart) {
        const path = await writePlanChart(plan, workload, options.chart, io.cwd);
        io.stderr(`chart written to ${path}\n`);
      }
      ctx.setExitCode(exitCodeFor(plan.findings));
    });
}
