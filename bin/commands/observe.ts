/**
 * `observe`: builds a workload file from what CloudWatch, Lambda and Application Auto Scaling saw.
 */
import { Command, Option } from 'commander';
import { InputError } from '../../lib/errors';
import { basename, dirname, extname, isAbsolute, join, relative, resolve } from 'path';
import { readInputText } from '../../lib/files';
import { readPlan } from '../../lib/plan-file';
import { MINUTE_PERIOD_SECONDS, observe } from '../../lib/aws';
import { renderWorkloadYaml } from '../../lib/report/workload-yaml';
import { safeLines } from '../../lib/report/escape';
import { guardAws, openAwsRun, parseIntegerOption, awsOptionSpecs, parseTags } from '../aws';
import { progressLine } from '../aws-output';
import { EXIT, type CommandContext } from '../command';
import { writeOutputFile } from '../io';

/** Periods observe reads, with how many days CloudWatch keeps datapoints at that period. */
const RETENTION_DAYS: Readonly<Record<string, number>> = { '60': 15, '300': 63, '3600': 455 };
const MAX_DAYS = RETENTION_DAYS['3600'];

interface ObserveCliOptions {
  readonly function?: string[];
  readonly all?: boolean;
  readonly plan?: string;
  readonly stack?: string;
  readonly prefix?: string;
  readonly tag: string[];
  readonly days: string;
  readonly period: string;
  readonly out?: string;
  readonly region?: string;
  readonly profile?: string;
  readonly concurrency: string;
  readonly verbose?: boolean;
}

/** Registers `observe`. */
export function registerObserve(program: Command, ctx: CommandContext): void {
  const command = program
    .command('observe')
    .description('read CloudWatch, Lambda and Application Auto Scaling (read-only) and write a workload file built from history')
    .option('--function <names...>', 'function names or ARNs')
    .option('--all', 'every function in the region (lambda:ListFunctions)')
    .option('--plan <file>', 'the functions of this plan.json, found as audit finds them (by name, then plan tag) and named by their plan names')
    .option('--stack <name>', 'with --all or --plan: only functions of this CloudFormation stack')
    .option('--prefix <prefix>', 'with --all: only functions whose name starts with this')
    .option('--tag <key=value>', 'only functions with this tag (repeatable; all must match)', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('--days <n>', `days of history, 1-${MAX_DAYS} (1-minute data: 15, 5-minute: 63)`, '14')
    .addOption(new Option('--period <seconds>', 'metric period: 3600 gives hourly means, 300 the peak 5 minutes of each hour, 60 per-minute traces written beside --out').choices(Object.keys(RETENTION_DAYS)).default('3600'))
    .option('-o, --out <file>', 'write the workload YAML to this file instead of stdout (required with --period 60)');
  for (const o of awsOptionSpecs('AWS_REGION or the profile\'s region')) command.addOption(new Option(o.flags, o.description).default(o.defaultValue));
  command.action(async (opts: ObserveCliOptions) => {
    ctx.setExitCode(await runObserve(ctx, opts));
  });
}

async function runObserve(ctx: CommandContext, opts: ObserveCliOptions): Promise<number> {
  const names = opts.function ?? [];
  if ([Boolean(opts.all), names.length > 0, opts.plan !== undefined].filter(Boolean).length !== 1) throw new InputError('observe: give one of --function <names...>, --plan <file> or --all');
  if (opts.prefix !== undefined && !opts.all) throw new InputError('observe: --prefix works with --all only');
  if (opts.stack !== undefined && names.length > 0) throw new InputError('observe: --stack works with --all or --plan, not with --function');
  const planFunctions = opts.plan === undefined ? undefined : readPlan(readInputText(resolve(ctx.io.cwd, opts.plan), 'plan', opts.plan), opts.plan, 'complete').functions.map((f) => f.name);
  const periodSeconds = Number(opts.period);
  const days = parseIntegerOption(`--days (at --period ${opts.period})`, opts.days, 1, RETENTION_DAYS[opts.period]);
  const concurrency = parseIntegerOption('--concurrency', opts.concurrency, 1, 64);
  // Per-minute traces are files beside the workload, referred to by relative paths: it needs a place.
  if (periodSeconds === MINUTE_PERIOD_SECONDS && !opts.out) throw new InputError('observe: --period 60 writes per-minute trace files beside the workload; give --out FILE');
  const tags = parseTags(opts.tag);

  const run = await openAwsRun('observe', ctx.io, opts);
  const progress = progressLine({ stderr: run.err, isTTY: ctx.io.isTTY }, 'observe');
  const result = await guardAws('observe', run.redact, () =>
    observe(run.session, { functions: names, planFunctions, stack: opts.stack, all: opts.all, prefix: opts.prefix, tags, days, periodSeconds, concurrency, onProgress: progress.update }),
  ).finally(() => progress.done());

  const { observation, metricStats } = result;
  const traceDir = opts.out ? `${basename(opts.out, extname(opts.out))}-traces` : undefined;
  const { yaml, written, skipped, traces } = renderWorkloadYaml(observation, new Date(), { traceDir });
  // A workload without functions is not a valid workload file: say so instead of writing one.
  if (written.length > 0) {
    // The traces first: a workload is never left referring to files that are not there.
    for (const trace of traces) {
      const file = join(dirname(opts.out ?? ''), trace.file);
      // Trace files are named by workload function names, so they stay in the traces folder; never write anywhere else.
      const inside = relative(resolve(ctx.io.cwd, dirname(opts.out ?? ''), traceDir ?? ''), resolve(ctx.io.cwd, file));
      if (inside.startsWith('..') || isAbsolute(inside)) throw new Error(`observe: trace file ${JSON.stringify(trace.file)} is outside ${traceDir}`);
      writeOutputFile(ctx.io, file, trace.render());
    }
    // The file's comments quote AWS error messages, redacted by the session.
    if (opts.out) writeOutputFile(ctx.io, opts.out, yaml);
    else run.out(yaml);
  }

  run.err(
    `observe: ${observation.region}: ${observation.functions.length} function(s) read, ${written.length} written${opts.out ? ` to ${opts.out}` : ''}; ` +
      `${metricStats.series} metric series in ${metricStats.getMetricDataCalls} GetMetricData call(s) (minimum ${metricStats.minimumCalls})` +
      `${traces.length > 0 && written.length > 0 ? `; ${traces.length} per-minute trace(s) in ${join(dirname(opts.out ?? ''), traceDir ?? '')}` : ''}\n`,
  );
  if (observation.functions.length === 0 && observation.failures.length === 0) run.err('observe: no function matched\n');
  for (const f of skipped) run.err(`${safeLines([`observe: ${f.name}: ${f.notes[f.notes.length - 1]}`])}\n`);
  for (const f of observation.failures) run.err(`${safeLines([`observe: ${f.name}: ${f.message}`])}\n`);
  if (written.length === 0) {
    // Every function failed to read: saying "no invocations" would blame the traffic for an access problem.
    const why = observation.functions.length === 0 && observation.failures.length > 0 ? `no function could be read (${observation.failures.length} failed, above)` : 'no function had invocations to plan from';
    run.err(`observe: no workload written: ${why}\n`);
  }
  return observation.failures.length > 0 || written.length === 0 ? EXIT.findings : EXIT.ok;
}
