/**
 * `simulate <workload>`: replays the workload's traffic (or a scenario) against Lambda's scaling rules
 * under a plan (`auto`: the planner's, `none`: bare on-demand, or a plan file). Summary table, JSON or CSV.
 */
import { resolve } from 'path';
import type { Command } from 'commander';
import { InputError } from '../../lib/errors';
import { readInputText, UnreadableFile } from '../../lib/files';
import { planWorkload } from '../../lib/planner';
import type { Plan } from '../../lib/planner/types';
import { readPlan } from '../../lib/plan-file';
import { MAX_SIMULATED_SECONDS, SCENARIOS, applyScenario, simulate } from '../../lib/simulate';
import type { SimulationResult } from '../../lib/simulate';
import { chartFormatFor, writeSimulationChart } from '../../lib/report/chart';
import { toCsv, toJson, toText } from '../../lib/report/simulation-report';
import { safeLines } from '../../lib/report/escape';
import { loadWorkload } from '../../lib/workload';
import type { Workload } from '../../lib/workload/types';
import type { CommandContext } from '../command';
import { addOutputOptions, chosenFormat, writeOutput, type OutputSpec } from '../output';

/** Output formats of `simulate`. */
const RENDERERS: Readonly<Record<string, (r: SimulationResult) => string>> = { text: toText, json: toJson, csv: toCsv };

/** `simulate`'s formats and the extensions that name them. */
const OUTPUT: OutputSpec = { formats: { text: ['.txt'], json: ['.json'], csv: ['.csv'] }, what: 'the output' };

interface SimulateOptions {
  plan: string;
  duration?: string;
  seed: string;
  chart?: string;
  scenario?: string;
  errorRate: string;
  interval?: string;
  out?: string;
  root?: string;
}

/** Simulated seconds above which a TTY shows progress. */
const PROGRESS_ABOVE_SECONDS = 3600;

/** Parses a number option; InputError naming the option and the value. */
function numberOption(name: string, value: string, check: (x: number) => boolean, expected: string): number {
  const x = Number(value);
  if (value.trim() === '' || !Number.isFinite(x) || !check(x)) throw new InputError(`${name} must be ${expected}, got ${JSON.stringify(value)}`);
  return x;
}

function loadPlan(option: string, workload: Workload, cwd: string): Plan | null {
  if (option === 'none') return null;
  if (option === 'auto') return planWorkload(workload);
  let text: string;
  try {
    text = readInputText(resolve(cwd, option), 'plan', option);
  } catch (err) {
    if (!(err instanceof UnreadableFile)) throw err;
    throw new InputError(`--plan ${option}: cannot be read (${err.reason}); give auto, none or a plan JSON file`);
  }
  return readPlan(text, option, 'partial', workload);
}

/** Registers `simulate`. */
export function registerSimulate(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command('simulate')
    .description('replay traffic (or a spike scenario) against Lambda scaling under a plan: throttles, cold starts, spillover, queue age, cost')
    .argument('<workload>', 'workload file (YAML or JSON, workload v1)')
    .option('--plan <auto|none|file>', 'auto: the planner\'s plan; none: bare on-demand; or a plan JSON file', 'auto')
    .option('--duration <seconds>', 'simulated seconds (default: the trace, a day, or the scenario)')
    .option('--seed <n>', 'random seed (same seed, same result)', '1');
  addOutputOptions(cmd, OUTPUT)
    .option('--chart <file>', 'draw concurrency vs capacity, throttles and queue age (.svg, .html or .png)')
    .option('--scenario <name|file>', `traffic to replay instead of the workload's: ${Object.keys(SCENARIOS).join(', ')}, or a scenario file`)
    .option('--error-rate <fraction>', 'fraction of invocations that fail (drives async retries, SQS redelivery and the DLQ)', '0')
    .option('--root <dir>', 'the folder every trace file must be inside (default: the workload file\'s folder)')
    .option('--interval <seconds>', 'series resolution (default: 1 s up to an hour, 60 s beyond)')
    .action(async (workloadFile: string, options: SimulateOptions, command: Command) => {
      const { io } = ctx;
      const format = chosenFormat(command, OUTPUT, io);
      const seed = numberOption('--seed', options.seed, (x) => Number.isInteger(x) && x >= 0 && x <= 0xffffffff, 'an integer from 0 to 4294967295');
      const errorRate = numberOption('--error-rate', options.errorRate, (x) => x >= 0 && x <= 1, 'a fraction from 0 to 1');
      const duration = options.duration === undefined ? undefined : numberOption('--duration', options.duration, (x) => Number.isInteger(x) && x > 0 && x <= MAX_SIMULATED_SECONDS, `a whole number of seconds from 1 to ${MAX_SIMULATED_SECONDS} (31 days)`);
      const interval = options.interval === undefined ? undefined : numberOption('--interval', options.interval, (x) => Number.isInteger(x) && x > 0, 'a whole number of seconds > 0');
      if (options.chart) chartFormatFor(options.chart);
      let workload = loadWorkload(workloadFile, { cwd: io.cwd, root: options.root });
      let scenarioDuration: number | undefined;
      if (options.scenario) {
        const applied = applyScenario(workload, options.scenario, io.cwd);
        workload = applied.workload;
        scenarioDuration = applied.durationSeconds;
        io.stderr(`${safeLines([`scenario ${applied.description}`])}\n`);
      }
      const plan = loadPlan(options.plan, workload, io.cwd);
      // the plan's own findings (e.g. a budget that caps reserved concurrency) explain what the run shows
      if (options.plan === 'auto') for (const f of plan?.findings ?? []) if (f.severity !== 'info') io.stderr(`${safeLines([`plan ${f.severity}: ${f.function ? `${f.function}: ` : ''}${f.message}`])}\n`);
      const durationSeconds = duration ?? scenarioDuration;
      let shown = -1;
      const onProgress =
        io.isTTY && (durationSeconds ?? 86400) > PROGRESS_ABOVE_SECONDS
          ? (f: number) => {
              const pct = Math.floor(f * 100);
              if (pct === shown) return;
              shown = pct;
              io.stderr(pct >= 100 ? '\r\x1b[K' : `\rsimulating ${pct}%`);
            }
          : undefined;
      // The text summary needs no series: only JSON, CSV and charts are given one (and bounded by its budget).
      const series = format !== 'text' || options.chart !== undefined;
      const result = simulate(workload, plan, { durationSeconds, seed, errorRate, intervalSeconds: interval, onProgress, series });
      writeOutput(io, options.out, RENDERERS[format](result));
      if (options.chart) {
        const path = await writeSimulationChart(result, options.chart, io.cwd);
        io.stderr(`${safeLines([`chart written to ${path}`])}\n`);
      }
      ctx.setExitCode(0);
    });
}
