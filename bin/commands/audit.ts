/**
 * `audit`: compares deployed reserved concurrency, provisioned concurrency scaling and SQS mappings
 * with a plan; exit 1 on drift.
 */
import { resolve } from 'path';
import { Command, Option } from 'commander';
import Table from 'cli-table3';
import { readInputText } from '../../lib/files';
import { compareWithPlan, guardAws, openAwsRun, parseIntegerOption, awsOptionSpecs, parsePlanForAudit, progressLine, readForAudit, type DriftRow } from '../../lib/aws';
import { EXIT, type CommandContext } from '../main';

interface AuditCliOptions {
  readonly plan: string;
  readonly format: 'text' | 'json';
  readonly region?: string;
  readonly profile?: string;
  readonly concurrency: string;
  readonly verbose?: boolean;
}

/** Registers `audit`. */
export function registerAudit(program: Command, ctx: CommandContext): void {
  const command = program
    .command('audit')
    .description('compare deployed concurrency settings with a plan (read-only); exit 1 on drift')
    .requiredOption('--plan <file>', 'plan.json from `plan --format json`')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'));
  for (const o of awsOptionSpecs('the plan\'s account.region')) command.addOption(new Option(o.flags, o.description).default(o.defaultValue));
  command.action(async (opts: AuditCliOptions) => {
    ctx.setExitCode(await runAudit(ctx, opts));
  });
}

/** Summary counts of an audit. */
function tally(rows: readonly DriftRow[]): { compared: number; drift: number; errors: number; functionsWithDrift: number } {
  return {
    compared: rows.filter((r) => r.status !== 'error').length,
    drift: rows.filter((r) => r.status === 'drift').length,
    errors: rows.filter((r) => r.status === 'error').length,
    functionsWithDrift: new Set(rows.filter((r) => r.status !== 'ok').map((r) => r.function)).size,
  };
}

async function runAudit(ctx: CommandContext, opts: AuditCliOptions): Promise<number> {
  const plan = parsePlanForAudit(readInputText(resolve(ctx.io.cwd, opts.plan), 'plan', opts.plan), opts.plan);
  const concurrency = parseIntegerOption('--concurrency', opts.concurrency, 1, 64);
  const region = opts.region ?? plan.account.region;
  const run = await openAwsRun('audit', ctx.io, { ...opts, region });
  const progress = progressLine({ stderr: run.err, isTTY: ctx.io.isTTY }, 'audit');
  const audited = await guardAws('audit', run.redact, () => readForAudit(run.session, plan, { concurrency, onProgress: (d, t) => progress.update('functions', d, t) })).finally(() =>
    progress.done(),
  );
  const rows = compareWithPlan(plan, audited);
  const t = tally(rows);
  if (opts.format === 'json') {
    run.out(`${JSON.stringify({ region, functions: plan.functions.length, ...t, rows }, null, 2)}\n`);
  } else if (t.drift + t.errors === 0) {
    run.out(`no drift: ${t.compared} settings of ${plan.functions.length} function(s) in ${region} match ${opts.plan}\n`);
  } else {
    const table = new Table({
      head: ['function', 'setting', 'planned', 'deployed', 'status'],
      style: { head: [], border: [] },
      // One line per row: drift tables get long.
      chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
    });
    for (const r of rows.filter((x) => x.status !== 'ok')) table.push([r.function, r.setting, r.planned, r.deployed, r.status]);
    run.out(`${table.toString()}\n`);
    run.out(`${t.drift} of ${t.compared} settings drifted${t.errors ? `, ${t.errors} function(s) could not be read` : ''} (${t.functionsWithDrift} of ${plan.functions.length} function(s), ${region})\n`);
  }
  return t.drift + t.errors > 0 ? EXIT.findings : EXIT.ok;
}
