/**
 * `npm run bench:planner`: 1,000 functions, each with a 1,440-minute trace (Azure 2019 format, built
 * from the bundled sample by rotating and scaling its rows). Times parsing (loadWorkload: YAML, schema,
 * trace import) against planning (planWorkload), interleaved in one process, and prints the ratio and
 * peak memory. Goal: planning costs less than parsing.
 *
 *   npm run bench:planner -- [--sizes 1000,5000,15000] [--runs 1] [--check]   (scaling: the default)
 *   npm run bench:planner -- --functions 1000 [--runs 5] [--days 14]            (plan vs parse at one size)
 *
 * Scaling (without --functions): each size is planned in a child process of its own (so its peak memory
 * is its own), runs interleaved across sizes; each child measures CPU time (user + system, which a
 * loaded machine does not inflate as it does wall time) of loadWorkload, planWorkload and rendering the
 * plan as JSON, i.e. what `plan --format json` does, after planning a 200-function workload unmeasured (so
 * the JIT's warm-up is not charged to the smallest size). Prints CPU per function at each size and its ratio
 * to the smallest size. With --check, exits 1 unless CPU per function at the largest size is at most
 * 1.2 × that at the smallest (whole plan command and planWorkload alone) and peak RSS < 1 GiB.
 *
 * With --days N (> 1) every function has its own per-minute trace file of N days with a start (built from
 * the sample's real days with bench/held-out.ts's variation), so half of them are planned by week.
 */
import { spawnSync } from 'child_process';
import { createHash } from 'crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { performance } from 'perf_hooks';
import { planWorkload } from '../lib/planner';
import { renderPlanJson } from '../lib/report/plan-report';
import { Random } from '../lib/simulate/random';
import { loadWorkload } from '../lib/workload';
import { azureSampleWorkload } from './azure-sample';
import { twoWeeks, VARIATION } from './held-out';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const FUNCTIONS_GIVEN = process.argv.includes('--functions');
let FUNCTIONS = arg('functions', 1000);
const RUNS = arg('runs', 5);
/** 1: one day per function in one Azure-format file; more: per-minute trace files of that many days, with a start. */
const DAYS = arg('days', 1);
const SAMPLE = join(__dirname, '..', 'examples', 'traces', 'azure-functions-2019-sample');

/**
 * Writes a workload of FUNCTIONS functions, each with a per-minute trace file of DAYS days from a Monday
 * (`start`, UTC), built from the sample's real days (bench/held-out.ts: weekends at a fifth, drift,
 * Poisson noise, seeded); half latency-sensitive, so they are planned by day of the week.
 */
function generateDays(dir: string): string {
  const base = azureSampleWorkload({ minInvocationsPerDay: 1 });
  mkdirSync(join(dir, 'traces'));
  const fns: string[] = [];
  for (let i = 0; i < FUNCTIONS; i++) {
    const src = base.functions[i % base.functions.length];
    const rng = new Random(VARIATION.seed, i);
    const days: number[] = [];
    // Two weeks at a time from the function's day, scaled like the one-day case.
    while (days.length < DAYS * 1440) days.push(...twoWeeks((src.traffic.perMinute ?? []).map((c) => c * (1 + (i % 7))), VARIATION, rng));
    const lines = ['minute,count'];
    for (let m = 0; m < DAYS * 1440; m++) if (days[m] > 0 || m === DAYS * 1440 - 1) lines.push(`${m},${days[m]}`);
    writeFileSync(join(dir, 'traces', `fn-${i}.csv`), `${lines.join('\n')}\n`);
    fns.push(
      [
        `  - name: fn-${i}`,
        '    invocation: sync',
        '    memoryMb: 512',
        `    timeoutSeconds: ${src.timeoutSeconds}`,
        // p99 at most the 900 s Lambda can run (the sample has a few percentiles above it)
        `    durationMs: { avg: ${src.durationMs.avg}${src.durationMs.p99 === undefined ? '' : `, p99: ${Math.min(900_000, src.durationMs.p99)}`} }`,
        `    latencySensitive: ${i % 2 === 0}`,
        `    traffic: { trace: { file: traces/fn-${i}.csv, format: per-minute, start: "2026-03-02T00:00:00Z" } }`,
      ].join('\n'),
    );
  }
  const path = join(dir, 'workload.yaml');
  writeFileSync(path, `account: { region: us-east-1, concurrencyLimit: 100000 }\nfunctions:\n${fns.join('\n')}\n`);
  return path;
}

/** The bundled Azure sample's invocation and duration rows (header first), and the duration rows by function hash. */
function sampleRows() {
  const inv = readFileSync(join(SAMPLE, '100_inv.csv'), 'utf8').trim().split('\n');
  const run = readFileSync(join(SAMPLE, '100_run.csv'), 'utf8').trim().split('\n');
  const rows = inv.slice(1).map((l) => l.split(','));
  const runRows = new Map(run.slice(1).map((l) => [l.split(',')[0], l.split(',')]));
  return { inv, run, rows, runRows };
}

/** Writes the workload and its trace files; returns the workload path. */
function generate(dir: string): string {
  const { inv, run, rows, runRows } = sampleRows();
  const invOut = [inv[0]];
  const runOut = [run[0]];
  const fns: string[] = [];
  for (let i = 0; i < FUNCTIONS; i++) {
    const src = rows[i % rows.length];
    const hash = createHash('sha256').update(`fn-${i}`).digest('hex');
    const counts = src.slice(3).map(Number);
    const shift = Math.floor(i / rows.length) * 37;
    const scale = 1 + (i % 7);
    const rotated = counts.map((_, m) => counts[(m + shift) % counts.length] * scale);
    invOut.push([hash, hash, hash, ...rotated].join(','));
    const r = runRows.get(src[0]) ?? run[1].split(',');
    runOut.push([hash, hash, hash, ...r.slice(3)].join(','));
    const avg = Math.max(1, Number(r[4]));
    fns.push(
      [
        `  - name: fn-${i}`,
        '    invocation: sync',
        '    memoryMb: 512',
        `    timeoutSeconds: ${Math.min(900, Math.ceil((avg * 3) / 1000) + 1)}`,
        `    latencySensitive: ${i % 2 === 0}`,
        '    traffic:',
        `      trace: { file: traces/inv.csv, durationsFile: traces/run.csv, format: azure-2019, function: ${hash} }`,
      ].join('\n'),
    );
  }
  mkdirSync(join(dir, 'traces'));
  writeFileSync(join(dir, 'traces', 'inv.csv'), `${invOut.join('\n')}\n`);
  writeFileSync(join(dir, 'traces', 'run.csv'), `${runOut.join('\n')}\n`);
  const path = join(dir, 'workload.yaml');
  writeFileSync(path, `account: { region: us-east-1, concurrencyLimit: 100000 }\nfunctions:\n${fns.join('\n')}\n`);
  return path;
}

/**
 * A compact workload of FUNCTIONS functions for the scaling runs (15,000 must fit the 2 MiB a workload file
 * may have: 1.9 MiB): one function in 8 names its row of one Azure-format trace file (built as in
 * `generate`), one in 16 carries the same sample row's hours as `hourlyRps`, the others its busiest hour as
 * `peakRps`; one in 4 is latency-sensitive (the traced ones among them). The same mix at every size, so CPU per function compares like with like.
 */
function generateCompact(dir: string): string {
  const { inv, run, rows, runRows } = sampleRows();
  const invOut = [inv[0]];
  const runOut = [run[0]];
  const fns: string[] = [];
  for (let i = 0; i < FUNCTIONS; i++) {
    const src = rows[i % rows.length];
    const counts = src.slice(3).map(Number);
    const shift = Math.floor(i / rows.length) * 37;
    const scale = 1 + (i % 7);
    const rotated = counts.map((_, m) => counts[(m + shift) % counts.length] * scale);
    const r = runRows.get(src[0]) ?? run[1].split(',');
    const avg = Math.max(1, Math.round(Number(r[4])));
    const head = `  - {name: f${i}, invocation: sync, memoryMb: 512, timeoutSeconds: ${Math.min(900, Math.ceil((avg * 3) / 1000) + 1)}${i % 4 === 0 ? ', latencySensitive: true' : ''}`;
    if (i % 8 === 0) {
      invOut.push([`h${i}`, `h${i}`, `h${i}`, ...rotated].join(','));
      runOut.push([`h${i}`, `h${i}`, `h${i}`, ...r.slice(3)].join(','));
      fns.push(`${head}, traffic: {trace: {file: i.csv, durationsFile: r.csv, format: azure-2019, function: h${i}}}}`);
      continue;
    }
    const hours = Array.from({ length: 24 }, (_, h) => Math.max(1, Math.round(rotated.slice(h * 60, h * 60 + 60).reduce((a, b) => a + b, 0) / 3600)));
    const traffic = i % 16 !== 1 ? `peakRps: ${Math.max(...hours)}` : `hourlyRps: [${hours.join(', ')}]`;
    fns.push(`${head}, durationMs: {avg: ${avg}}, traffic: {${traffic}}}`);
  }
  writeFileSync(join(dir, 'i.csv'), `${invOut.join('\n')}\n`);
  writeFileSync(join(dir, 'r.csv'), `${runOut.join('\n')}\n`);
  const path = join(dir, 'workload.yaml');
  writeFileSync(path, `account: { region: us-east-1, concurrencyLimit: 100000 }\nfunctions:\n${fns.join('\n')}\n`);
  return path;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function planVsParse(): void {
  const dir = mkdtempSync(join(tmpdir(), 'bench-planner-'));
  try {
    const generated = performance.now();
    const path = DAYS > 1 ? generateDays(dir) : generate(dir);
    console.log(`generated ${FUNCTIONS} functions x ${DAYS} day(s) in ${((performance.now() - generated) / 1000).toFixed(1)} s`);
    let peakRss = process.memoryUsage().rss;
    const sample = () => (peakRss = Math.max(peakRss, process.memoryUsage().rss));
    const parse: number[] = [];
    const plan: number[] = [];
    const ratios: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      let t = performance.now();
      const workload = loadWorkload(path);
      const parseMs = performance.now() - t;
      sample();
      t = performance.now();
      const result = planWorkload(workload);
      const planMs = performance.now() - t;
      sample();
      if (result.functions.length !== FUNCTIONS) throw new Error(`planned ${result.functions.length} functions, expected ${FUNCTIONS}`);
      parse.push(parseMs);
      plan.push(planMs);
      ratios.push(planMs / parseMs);
      console.log(`run ${i + 1}: parse ${parseMs.toFixed(0)} ms, plan ${planMs.toFixed(0)} ms, plan/parse ${(planMs / parseMs).toFixed(3)}`);
    }
    console.log(`\n${FUNCTIONS} functions x ${DAYS * 1440}-minute traces${DAYS > 1 ? ' (per-minute files with a start; half planned by day of the week)' : ''}, ${RUNS} runs (median):`);
    console.log(`  parse (loadWorkload)  ${median(parse).toFixed(0)} ms`);
    console.log(`  plan  (planWorkload)  ${median(plan).toFixed(0)} ms`);
    console.log(`  plan / parse          ${median(ratios).toFixed(3)}  (goal < 1)`);
    console.log(`  peak RSS              ${(Math.max(peakRss, process.resourceUsage().maxRSS * 1024) / 2 ** 20).toFixed(0)} MiB`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Functions of the workload each child plans, unmeasured, before the measured one. */
const WARM_UP = 200;

/** CPU time (user + system) in ms since `from`. */
function cpuMs(from: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(from);
  return (d.user + d.system) / 1000;
}

interface ChildResult {
  parse: number;
  plan: number;
  render: number;
  maxRssMiB: number;
}

/** In a child: loads, plans and renders one workload; prints the CPU ms of each step and the peak RSS as JSON. */
function child(path: string, functions: number, warmUp: string): void {
  // Unmeasured: a small workload first, so that every size is measured with the code compiled (otherwise
  // the smallest size carries the JIT's warm-up and any growth at the larger sizes hides under it).
  renderPlanJson(planWorkload(loadWorkload(warmUp)));
  let t = process.cpuUsage();
  const workload = loadWorkload(path);
  const parse = cpuMs(t);
  t = process.cpuUsage();
  const plan = planWorkload(workload);
  const planMs = cpuMs(t);
  t = process.cpuUsage();
  const json = renderPlanJson(plan);
  const render = cpuMs(t);
  if (plan.functions.length !== functions || json.length === 0) throw new Error(`planned ${plan.functions.length} functions, expected ${functions}`);
  const result: ChildResult = { parse, plan: planMs, render, maxRssMiB: (process.resourceUsage().maxRSS * 1024) / 2 ** 20 };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

/** Per-function CPU at 1,000, 5,000 and 15,000 functions (--sizes), side by side; --check holds it flat. */
function scaling(): void {
  const sizes = (process.argv.includes('--sizes') ? process.argv[process.argv.indexOf('--sizes') + 1] : '1000,5000,15000').split(',').map(Number);
  if (sizes.some((n) => !(Number.isInteger(n) && n > 0))) throw new Error('--sizes must be whole numbers > 0, comma-separated');
  const runs = arg('runs', 1);
  const dir = mkdtempSync(join(tmpdir(), 'bench-planner-'));
  try {
    const paths = sizes.map((n) => {
      FUNCTIONS = n;
      const sub = join(dir, String(n));
      mkdirSync(sub);
      const path = DAYS > 1 ? generateDays(sub) : generateCompact(sub);
      console.log(`generated ${n} functions x ${DAYS} day(s): workload ${(readFileSync(path).length / 2 ** 20).toFixed(2)} MiB`);
      return path;
    });
    FUNCTIONS = WARM_UP;
    mkdirSync(join(dir, 'warm-up'));
    const warmUp = DAYS > 1 ? generateDays(join(dir, 'warm-up')) : generateCompact(join(dir, 'warm-up'));
    const results: ChildResult[][] = sizes.map(() => []);
    for (let r = 0; r < runs; r++) {
      sizes.forEach((n, k) => {
        const out = spawnSync(process.execPath, [...process.execArgv, __filename, '--child', paths[k], '--functions', String(n), '--warm-up', warmUp], { encoding: 'utf8', maxBuffer: 2 ** 24 });
        if (out.status !== 0) throw new Error(`child for ${n} functions exited ${out.status}: ${out.stderr}`);
        const res = JSON.parse(out.stdout.trim().split('\n').pop() as string) as ChildResult;
        results[k].push(res);
        const all = res.parse + res.plan + res.render;
        console.log(`run ${r + 1}, ${n} functions: CPU parse ${res.parse.toFixed(0)} ms, plan ${res.plan.toFixed(0)} ms, render ${res.render.toFixed(0)} ms, all ${(all / 1000).toFixed(1)} s; peak RSS ${res.maxRssMiB.toFixed(0)} MiB`);
      });
    }
    const perFn = (k: number, pick: (c: ChildResult) => number) => median(results[k].map(pick)) / sizes[k];
    const whole = (c: ChildResult) => c.parse + c.plan + c.render;
    const steps: [string, (c: ChildResult) => number][] = [
      ['parse (loadWorkload)', (c) => c.parse],
      ['plan (planWorkload)', (c) => c.plan],
      ['render (JSON)', (c) => c.render],
      ['all (plan --format json)', whole],
    ];
    console.log(`\nCPU ms per function (median of ${runs}; ratio to ${sizes[0]} functions):`);
    console.log(`  ${'step'.padEnd(26)}${sizes.map((n) => String(n).padStart(20)).join('')}`);
    for (const [name, pick] of steps) {
      const base = perFn(0, pick);
      console.log(`  ${name.padEnd(26)}${sizes.map((_, k) => `${perFn(k, pick).toFixed(3)} (${(perFn(k, pick) / base).toFixed(2)}x)`.padStart(20)).join('')}`);
    }
    if (sizes.length > 2) {
      // The cost of each added function between consecutive sizes: fixed costs cancel, so growth shows here first.
      const marginal = (k: number, pick: (c: ChildResult) => number) => (median(results[k].map(pick)) - median(results[k - 1].map(pick))) / (sizes[k] - sizes[k - 1]);
      console.log('\nMarginal CPU ms per added function (between consecutive sizes; ratio to the first step):');
      for (const [name, pick] of steps) {
        const base = marginal(1, pick);
        console.log(`  ${name.padEnd(26)}${''.padStart(20)}${sizes.slice(1).map((_, j) => `${marginal(j + 1, pick).toFixed(3)} (${(marginal(j + 1, pick) / base).toFixed(2)}x)`.padStart(20)).join('')}`);
      }
    }
    const rss = sizes.map((_, k) => Math.max(...results[k].map((c) => c.maxRssMiB)));
    console.log(`  ${'peak RSS (MiB)'.padEnd(26)}${rss.map((m) => m.toFixed(0).padStart(20)).join('')}`);
    if (process.argv.includes('--check')) {
      const last = sizes.length - 1;
      const failures: string[] = [];
      for (const [name, pick] of [steps[1], steps[3]]) {
        const ratio = perFn(last, pick) / perFn(0, pick);
        if (ratio > 1.2) failures.push(`${name}: CPU per function at ${sizes[last]} is ${ratio.toFixed(2)}x that at ${sizes[0]} (goal <= 1.2)`);
      }
      if (rss[last] >= 1024) failures.push(`peak RSS at ${sizes[last]} functions is ${rss[last].toFixed(0)} MiB (goal < 1024)`);
      console.log(failures.length === 0 ? '\ncheck: met (CPU per function within 1.2x, peak RSS < 1 GiB)' : `\ncheck FAILED:\n  ${failures.join('\n  ')}`);
      if (failures.length > 0) process.exitCode = 1;
    }
  } finally {
    if (!process.env.BENCH_KEEP) rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv.includes('--child')) child(process.argv[process.argv.indexOf('--child') + 1], FUNCTIONS, process.argv[process.argv.indexOf('--warm-up') + 1]);
else if (FUNCTIONS_GIVEN) planVsParse();
else scaling();
