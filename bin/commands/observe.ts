/**
 * `observe`: builds a workload file from what CloudWatch, Lambda and Application Auto Scaling saw.
 */
import { Command, Option } from 'commander';
import { InputError } from '../../lib/errors';
import { guardAws, observe, openAwsRun, parseIntegerOption, parseTags, progressLine, renderWorkloadYaml } from '../../lib/aws';
import { EXIT, type CommandContext } from '../main';
import { writeOutputFile } from '../io';

/** CloudWatch keeps 1-hour datapoints for 455 days. */
const MAX_DAYS = 455;

interface ObserveCliOptions {
  readonly function?: string[];
  readonly all?: boolean;
  readonly prefix?: string;
  readonly tag: string[];
  readonly days: string;
  readonly out?: string;
  readonly region?: string;
  readonly profile?: string;
  readonly concurrency: string;
  readonly verbose?: boolean;
}

/** Registers `observe`. */
export function registerObserve(program: Command, ctx: CommandContext): void {
  program
    .command('observe')
    .description('read CloudWatch, Lambda and Application Auto Scaling (read-only) and write a workload file built from history')
    .option('--function <names...>', 'function names or ARNs')
    .option('--all', 'every function in the region (lambda:ListFunctions)')
    .option('--prefix <prefix>', 'with --all: only functions whose name starts with this')
    .option('--tag <key=value>', 'only functions with this tag (repeatable; all must match)', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('--days <n>', `days of history, 1-${MAX_DAYS}`, '14')
    .option('--out <file>', 'write the workload YAML here (default: stdout)')
    .option('--region <region>', 'AWS region (default: AWS_REGION or the profile\'s region)')
    .option('--profile <profile>', 'named profile from the shared AWS config (default: the default credential chain)')
    .addOption(new Option('--concurrency <n>', 'AWS reads in flight').default('8'))
    .option('--verbose', 'log every AWS call (command, status, attempts, time) to stderr')
    .action(async (opts: ObserveCliOptions) => {
      ctx.setExitCode(await runObserve(ctx, opts));
    });
}

async function runObserve(ctx: CommandContext, opts: ObserveCliOptions): Promise<number> {
  const names = opts.function ?? [];
  if (opts.all === (names.length > 0)) throw new InputError('observe: give either --function <names...> or --all');
  if (opts.prefix !== undefined && !opts.all) throw new InputError('observe: --prefix works with --all only');
  const days = parseIntegerOption('--days', opts.days, 1, MAX_DAYS);
  const concurrency = parseIntegerOption('--concurrency', opts.concurrency, 1, 64);
  const tags = parseTags(opts.tag);

  const run = await openAwsRun('observe', ctx.io, opts);
  const progress = progressLine({ stderr: run.err, isTTY: ctx.io.isTTY }, 'observe');
  const result = await guardAws('observe', run.redact, () =>
    observe(run.session, { functions: names, all: opts.all, prefix: opts.prefix, tags, days, concurrency, onProgress: progress.update }),
  ).finally(() => progress.done());

  const { observation, metricStats } = result;
  const { yaml, written, skipped } = renderWorkloadYaml(observation, new Date());
  // The file's comments quote AWS error messages, which may name the access key.
  if (opts.out) writeOutputFile(ctx.io, opts.out, run.redact(yaml));
  else run.out(yaml);

  run.err(
    `observe: ${observation.region}: ${observation.functions.length} function(s) read, ${written.length} written${opts.out ? ` to ${opts.out}` : ''}; ` +
      `${metricStats.series} metric series in ${metricStats.getMetricDataCalls} GetMetricData call(s) (minimum ${metricStats.minimumCalls})\n`,
  );
  if (observation.functions.length === 0 && observation.failures.length === 0) run.err('observe: no function matched\n');
  for (const f of skipped) run.err(`observe: ${f.name}: ${f.notes[f.notes.length - 1]}\n`);
  for (const f of observation.failures) run.err(`observe: ${f.name}: ${f.message}\n`);
  return observation.failures.length > 0 ? EXIT.findings : EXIT.ok;
}
