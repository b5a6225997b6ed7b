/**
 * `audit`: compares deployed reserved concurrency, provisioned concurrency scaling and SQS mappings
 * with a plan; exit 1 on drift.
 */
import { resolve } from 'path';
import { Command, Option } from 'commander';
import { readInputText } from '../../lib/files';
import { compareWithPlan, readForAudit } from '../../lib/aws';
import { readPlan } from '../../lib/plan-file';
import { renderAudit, tallyAudit } from '../../lib/report/audit';
import { guardAws, openAwsRun, parseIntegerOption, awsOptionSpecs } from '../aws';
import { progressLine } from '../aws-output';
import { EXIT, type CommandContext } from '../command';
import { addOutputOptions, chosenFormat, writeOutput, type OutputSpec } from '../output';

/** `audit`'s formats and the extensions that name them. */
const OUTPUT: OutputSpec = { formats: { text: ['.txt'], json: ['.json'] }, what: 'the drift report' };

interface AuditCliOptions {
  readonly plan: string;
  readonly format: 'text' | 'json';
  readonly out?: string;
  readonly region?: string;
  readonly profile?: string;
  readonly concurrency: string;
  readonly verbose?: boolean;
  readonly stack?: string;
}

/** Registers `audit`. */
export function registerAudit(program: Command, ctx: CommandContext): void {
  const command = program
    .command('audit')
    .description('compare deployed concurrency settings with a plan (read-only); exit 1 on drift')
    .requiredOption('--plan <file>', 'plan.json from `plan --format json`')
    .option('--stack <name>', 'only functions of this CloudFormation stack, matched by plan tag, logical id or name (default: the region, by name, then by plan tag)');
  addOutputOptions(command, OUTPUT);
  for (const o of awsOptionSpecs('the plan\'s account.region')) command.addOption(new Option(o.flags, o.description).default(o.defaultValue));
  command.action(async (opts: AuditCliOptions) => {
    ctx.setExitCode(await runAudit(ctx, { ...opts, format: chosenFormat(command, OUTPUT, ctx.io) as AuditCliOptions['format'] }));
  });
}

async function runAudit(ctx: CommandContext, opts: AuditCliOptions): Promise<number> {
  const plan = readPlan(readInputText(resolve(ctx.io.cwd, opts.plan), 'plan', opts.plan), opts.plan, 'complete');
  const concurrency = parseIntegerOption('--concurrency', opts.concurrency, 1, 64);
  const region = opts.region ?? plan.account.region;
  const run = await openAwsRun('audit', ctx.io, { ...opts, region });
  // Deliberate (a plan deployed to a second region) or a slip: either way the report is about another region than the plan's.
  if (region !== plan.account.region) run.err(`audit: warning: --region ${region} is not the plan's region ${plan.account.region} (account.region): comparing the functions deployed in ${region}\n`);
  const progress = progressLine({ stderr: run.err, isTTY: ctx.io.isTTY }, 'audit');
  const audited = await guardAws('audit', run.redact, () => readForAudit(run.session, plan, { concurrency, stack: opts.stack, onProgress: (d, t) => progress.update('functions', d, t) })).finally(() =>
    progress.done(),
  );
  const rows = compareWithPlan(plan, audited);
  // the report can quote AWS error messages, which the session redacted
  writeOutput(ctx.io, opts.out, renderAudit(opts.format, rows, { region, functions: plan.functions.length, planFile: opts.plan, audited }));
  const t = tallyAudit(rows);
  return t.drift + t.errors > 0 ? EXIT.findings : EXIT.ok;
}
