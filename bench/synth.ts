/**
 * bench:synth — what the Lambda scaling checks cost at synth time, side by side with cdk-nag v3.
 *
 * Generates an app of N functions (default 500) in S stacks (default 10): each function has reserved
 * concurrency, an SQS queue (redriving to its service's DLQ) and an event source mapping, an alias with
 * provisioned concurrency, target tracking and two scheduled actions, throttle and spillover alarms. Then, interleaved, R runs (default 5) of each variant:
 *   none     — `app.synth()` with no plugin
 *   ours     — with LambdaScalingChecks (this TypeScript source, run through tsx like the rest of the bench)
 *   ours-tsc — with LambdaScalingChecks compiled by tsc (tsconfig.build.json, as published), like cdk-nag's JavaScript
 *   read-parse — a plugin that only reads and parses the templates (the floor of any template checker)
 *   cdk-nag  — with cdk-nag ServerlessChecks + AwsSolutionsChecks
 * and reports the median of the per-run ratios to `none`, the time inside each plugin's `validate()`
 * (measured in-process by wrapping it), and `check` (in-process `main(['check', cdk.out])`) over the
 * resulting cloud assembly.
 *
 *   npm run bench:synth -- [--functions 500] [--stacks 10] [--runs 5]
 */
import { execFileSync } from 'child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'fs';
import { createRequire } from 'module';
import { tmpdir } from 'os';
import { join } from 'path';
import { performance } from 'perf_hooks';
import { App, Duration, Stack, TimeZone, Validations, type IPolicyValidationContext, type IPolicyValidationPlugin, type PolicyValidationPluginReport } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { memoryIo } from '../bin/io';
import { parseJsonText, readInputText } from '../lib/files';
import { main } from '../bin/main';
import { LambdaScalingChecks } from '../constructs/checks';

type Variant = 'none' | 'ours' | 'ours-tsc' | 'read-parse' | 'cdk-nag';
const VARIANTS: readonly Variant[] = ['none', 'ours', 'ours-tsc', 'read-parse', 'cdk-nag'];

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(v) || v < 1) throw new Error(`--${name} must be a positive integer, got ${process.argv[i + 1]}`);
  return v;
}

const FUNCTIONS = flag('functions', 500);
const STACKS = flag('stacks', 10);
const RUNS = flag('runs', 5);
const code = lambda.Code.fromInline('exports.handler = async () => ({ batchItemFailures: [] })');

/** The generated app; every function is compliant with the rules (check finds nothing). */
function buildApp(outdir: string): App {
  // failSynthOnValidationErrors off: cdk-nag reports errors on this app (e.g. IAM4), we time the work, not the verdict.
  const app = new App({ outdir, context: { '@aws-cdk/core:failSynthOnValidationErrors': false } });
  const perStack = Math.ceil(FUNCTIONS / STACKS);
  for (let s = 0; s < STACKS; s++) {
    // One account per service: 50 functions × reserved 10 fit the default account budget.
    const stack = new Stack(app, `Service${s}`, { env: { account: String(100000000000 + s), region: 'us-east-1' } });
    // CloudFormation allows 500 resources per stack: one role and one DLQ per service keep 50 functions under it.
    const role = new iam.Role(stack, 'FunctionRole', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    const dlq = new sqs.Queue(stack, 'Dlq', { encryption: sqs.QueueEncryption.SQS_MANAGED, retentionPeriod: Duration.days(14) });
    new cloudwatch.Alarm(stack, 'DlqDepth', { metric: dlq.metricApproximateNumberOfMessagesVisible(), threshold: 1, evaluationPeriods: 1 });
    for (let f = 0; f < perStack && s * perStack + f < FUNCTIONS; f++) {
      const fn = new lambda.Function(stack, `Fn${f}`, {
        runtime: lambda.Runtime.NODEJS_22_X,
        handler: 'index.handler',
        code,
        role,
        timeout: Duration.seconds(10),
        reservedConcurrentExecutions: 10,
      });
      const queue = new sqs.Queue(stack, `Queue${f}`, {
        visibilityTimeout: Duration.seconds(65),
        encryption: sqs.QueueEncryption.SQS_MANAGED,
        deadLetterQueue: { queue: dlq, maxReceiveCount: 5 },
      });
      fn.addEventSource(new SqsEventSource(queue, { batchSize: 10, maxBatchingWindow: Duration.seconds(5), maxConcurrency: 2, reportBatchItemFailures: true }));
      const alias = new lambda.Alias(stack, `Live${f}`, { aliasName: 'live', version: fn.currentVersion, provisionedConcurrentExecutions: 1 });
      const target = alias.addAutoScaling({ minCapacity: 1, maxCapacity: 2 });
      target.scaleOnUtilization({ utilizationTarget: 0.7 });
      target.scaleOnSchedule('Day', { schedule: appscaling.Schedule.cron({ hour: '8', minute: '0' }), timeZone: TimeZone.EUROPE_BERLIN, minCapacity: 1 });
      target.scaleOnSchedule('Night', { schedule: appscaling.Schedule.cron({ hour: '22', minute: '0' }), timeZone: TimeZone.EUROPE_BERLIN, minCapacity: 0 });
      new cloudwatch.Alarm(stack, `Throttles${f}`, { metric: fn.metricThrottles(), threshold: 1, evaluationPeriods: 1 });
      new cloudwatch.Alarm(stack, `Spillover${f}`, { metric: alias.metric('ProvisionedConcurrencySpilloverInvocations'), threshold: 1, evaluationPeriods: 1 });
    }
  }
  return app;
}

/**
 * `LambdaScalingChecks` compiled by tsc, as published. tsx (esbuild) turns every export into a getter, which
 * costs the engine's many small cross-module calls; the published JavaScript has plain properties.
 */
function compiledChecks(): typeof LambdaScalingChecks {
  const root = join(__dirname, '..');
  const outDir = mkdtempSync(join(tmpdir(), 'bench-synth-tsc-'));
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json'), '--outDir', outDir], { stdio: 'inherit' });
  symlinkSync(join(root, 'node_modules'), join(outDir, 'node_modules'), 'dir');
  process.on('exit', () => rmSync(outDir, { recursive: true, force: true }));
  return (createRequire(__filename)(join(outDir, 'constructs', 'checks.js')) as typeof import('../constructs/checks')).LambdaScalingChecks;
}
const CompiledChecks = compiledChecks();

/**
 * The floor of any checker of the synthesized templates: a plugin that only reads and parses them (with the
 * same reader as LambdaScalingChecks) and reports nothing. What it costs, no template-based engine can save.
 */
class ReadParseOnly implements IPolicyValidationPlugin {
  public readonly name = 'ReadParseOnly';
  public validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    let resources = 0;
    for (const path of context.templatePaths) resources += Object.keys((parseJsonText(readInputText(path, 'template'), path) as { Resources?: object }).Resources ?? {}).length;
    return { success: resources >= 0, violations: [] };
  }
}

/** Wraps `validate()` so the time spent inside it accumulates under `name`. */
function timed<T extends IPolicyValidationPlugin>(plugin: T, name: string, times: Map<string, number>): T {
  const validate = plugin.validate.bind(plugin);
  plugin.validate = (ctx) => {
    const start = performance.now();
    try {
      return validate(ctx);
    } finally {
      times.set(name, (times.get(name) ?? 0) + performance.now() - start);
    }
  };
  return plugin;
}

interface RunResult {
  readonly synthMs: number;
  readonly validateMs: Map<string, number>;
  readonly outdir: string;
}

function run(variant: Variant): RunResult {
  const outdir = mkdtempSync(join(tmpdir(), `bench-synth-${variant}-`));
  const app = buildApp(outdir);
  const validateMs = new Map<string, number>();
  if (variant === 'ours') Validations.of(app).addPlugins(timed(new LambdaScalingChecks(), 'LambdaScalingChecks', validateMs));
  if (variant === 'ours-tsc') Validations.of(app).addPlugins(timed(new CompiledChecks(), 'LambdaScalingChecks (tsc)', validateMs));
  if (variant === 'read-parse') Validations.of(app).addPlugins(timed(new ReadParseOnly(), 'read and parse only', validateMs));
  if (variant === 'cdk-nag') Validations.of(app).addPlugins(timed(new ServerlessChecks(app), 'ServerlessChecks', validateMs), timed(new AwsSolutionsChecks(app), 'AwsSolutionsChecks', validateMs));
  const start = performance.now();
  app.synth();
  return { synthMs: performance.now() - start, validateMs, outdir };
}

async function timeCheck(outdir: string): Promise<{ ms: number; code: number; findings: number }> {
  const io = memoryIo();
  const start = performance.now();
  const code = await main(['check', outdir, '--format', 'json'], io);
  const ms = performance.now() - start;
  return { ms, code, findings: (JSON.parse(io.out) as { findings: unknown[] }).findings.length };
}

const WARM_REPEATS = 15;

/**
 * Both plugins' `validate()` called back to back on one synthesized app: the work itself, without the
 * garbage collection of a fresh app's heap that lands inside whichever plugin allocates first.
 */
function warmValidate(): { ours: number[]; oursTsc: number[]; serverless: number[] } {
  const outdir = mkdtempSync(join(tmpdir(), 'bench-synth-warm-'));
  const app = buildApp(outdir);
  const assembly = app.synth();
  const stackTemplates = assembly.stacks.map((s) => ({ stackConstructPath: s.hierarchicalId, templatePath: s.templateFullPath, accountId: s.environment.account, region: s.environment.region }));
  const context = { templatePaths: stackTemplates.map((s) => s.templatePath), stackTemplates, appConstruct: app };
  const ours = new LambdaScalingChecks();
  const oursTsc = new CompiledChecks();
  const result = { ours: [] as number[], oursTsc: [] as number[], serverless: [] as number[] };
  const time = (plugin: IPolicyValidationPlugin, into: number[]) => {
    const start = performance.now();
    plugin.validate(context);
    into.push(performance.now() - start);
  };
  for (let i = 0; i < WARM_REPEATS; i++) {
    // A fresh cdk-nag pack per call: a pack keeps the violations of earlier calls.
    time(ours, result.ours);
    time(oursTsc, result.oursTsc);
    time(new ServerlessChecks(app), result.serverless);
  }
  rmSync(outdir, { recursive: true, force: true });
  return result;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const fmt = (ms: number) => `${Math.round(ms).toLocaleString('en-US')} ms`;
const pct = (x: number) => `${(x * 100).toFixed(2)}%`;

async function mainBench(): Promise<void> {
  console.log(`bench:synth — ${FUNCTIONS} functions in ${STACKS} stacks, ${RUNS} interleaved runs per variant (Node ${process.version})`);
  rmSync(run('none').outdir, { recursive: true, force: true }); // warm-up: module loading and JIT, not counted
  // Before the synth runs, while the heap holds one app (as in a real `cdk synth`).
  const warm = warmValidate();
  const synth: Record<Variant, number[]> = { none: [], ours: [], 'ours-tsc': [], 'read-parse': [], 'cdk-nag': [] };
  const validate: Record<string, number[]> = { LambdaScalingChecks: [], 'LambdaScalingChecks (tsc)': [], 'read and parse only': [], ServerlessChecks: [], AwsSolutionsChecks: [] };
  const check: number[] = [];
  let checkFindings = 0;
  for (let i = 0; i < RUNS; i++) {
    // Rotate the order every run so no variant always runs first (GC and heap growth favour later runs).
    const order = VARIANTS.map((_, k) => VARIANTS[(k + i) % VARIANTS.length]);
    for (const variant of order) {
      const r = run(variant);
      synth[variant].push(r.synthMs);
      for (const [name, ms] of r.validateMs) validate[name].push(ms);
      if (variant === 'none') {
        const c = await timeCheck(r.outdir);
        check.push(c.ms);
        checkFindings = c.findings;
        if (c.code !== 0) console.log(`  note: check exited ${c.code} on the generated app`);
      }
      rmSync(r.outdir, { recursive: true, force: true });
      process.stdout.write(`  run ${i + 1} ${variant.padEnd(8)} synth ${fmt(r.synthMs)}${[...r.validateMs].map(([n, ms]) => `, ${n}.validate ${fmt(ms)}`).join('')}\n`);
    }
  }
  const ratios = (v: Variant) => synth[v].map((ms, i) => ms / synth.none[i]);
  const oursShare = validate.LambdaScalingChecks.map((ms, i) => ms / synth.none[i]);
  /** Median of the per-run ratios of a plugin's validate() to ServerlessChecks'. */
  const vsNag = (name: string) => median(validate[name].map((ms, i) => ms / validate.ServerlessChecks[i]));
  const goal = (ratio: number) => `${ratio.toFixed(3)} — ${ratio < 0.25 ? 'met' : 'NOT met'}`;
  const warmVsNag = (times: number[]) => median(times.map((ms, i) => ms / warm.serverless[i])).toFixed(3);
  const checkShare = check.map((ms, i) => ms / synth.none[i]);
  const rows: Array<[string, string]> = [
    ['synth, no plugin (median)', fmt(median(synth.none))],
    ['synth, LambdaScalingChecks (median)', fmt(median(synth.ours))],
    ['synth, LambdaScalingChecks compiled by tsc (median)', fmt(median(synth['ours-tsc']))],
    ['synth, cdk-nag Serverless + AwsSolutions (median)', fmt(median(synth['cdk-nag']))],
    ['synth ratio ours / none (median of pairs)', median(ratios('ours')).toFixed(3)],
    ['synth ratio cdk-nag / none (median of pairs)', median(ratios('cdk-nag')).toFixed(3)],
    ['LambdaScalingChecks.validate (median)', fmt(median(validate.LambdaScalingChecks))],
    ['LambdaScalingChecks.validate, compiled by tsc (median)', fmt(median(validate['LambdaScalingChecks (tsc)']))],
    ['ServerlessChecks.validate (median)', fmt(median(validate.ServerlessChecks))],
    ['AwsSolutionsChecks.validate (median)', fmt(median(validate.AwsSolutionsChecks))],
    ['ours validate / synth (goal ≤ 3%)', `${pct(median(oursShare))} — ${median(oursShare) <= 0.03 ? 'met' : 'NOT met'}`],
    ['ours validate / ServerlessChecks validate (goal < 0.25)', goal(vsNag('LambdaScalingChecks'))],
    ['ours compiled by tsc, validate / ServerlessChecks validate (goal < 0.25)', goal(vsNag('LambdaScalingChecks (tsc)'))],
    ['floor: reading and parsing the templates only, validate (median)', fmt(median(validate['read and parse only']))],
    ['floor: reading and parsing only / ServerlessChecks validate', vsNag('read and parse only').toFixed(3)],
    [`check over cdk.out, in-process (${checkFindings} findings, median)`, fmt(median(check))],
    ['check / synth (goal < 10%)', `${pct(median(checkShare))} — ${median(checkShare) < 0.1 ? 'met' : 'NOT met'}`],
    [`warm validate, ${WARM_REPEATS}× interleaved on one synthesized app: ours (median)`, fmt(median(warm.ours))],
    [`warm validate, ${WARM_REPEATS}× interleaved on one synthesized app: ours compiled by tsc (median)`, fmt(median(warm.oursTsc))],
    [`warm validate, ${WARM_REPEATS}× interleaved on one synthesized app: ServerlessChecks (median)`, fmt(median(warm.serverless))],
    ['warm validate ratio ours / ServerlessChecks (median of pairs)', warmVsNag(warm.ours)],
    ['warm validate ratio ours compiled by tsc / ServerlessChecks (median of pairs)', warmVsNag(warm.oursTsc)],
    ['peak RSS', `${Math.round(process.resourceUsage().maxRSS / 1024)} MiB`],
  ];
  console.log('\n| measure | value |\n| --- | --- |');
  for (const [k, v] of rows) console.log(`| ${k} | ${v} |`);
}

mainBench().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
