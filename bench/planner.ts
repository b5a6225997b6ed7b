/**
 * `npm run bench:planner`: 1,000 functions, each with a 1,440-minute trace (Azure 2019 format, built
 * from the bundled sample by rotating and scaling its rows). Times parsing (loadWorkload: YAML, schema,
 * trace import) against planning (planWorkload), interleaved in one process, and prints the ratio and
 * peak memory. Goal: planning costs less than parsing.
 *
 *   npm run bench:planner -- [--functions 1000] [--runs 5] [--days 14]
 *
 * With --days N (> 1) every function has its own per-minute trace file of N days with a start (built from
 * the sample's real days with bench/held-out.ts's variation), so half of them are planned by week.
 */
import { createHash } from 'crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { performance } from 'perf_hooks';
import { planWorkload } from '../lib/planner';
import { Random } from '../lib/simulate/random';
import { loadWorkload } from '../lib/workload';
import { azureSampleWorkload } from './azure-sample';
import { twoWeeks, VARIATION } from './held-out';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const FUNCTIONS = arg('functions', 1000);
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

/** Writes the workload and its trace files; returns the workload path. */
function generate(dir: string): string {
  const inv = readFileSync(join(SAMPLE, '100_inv.csv'), 'utf8').trim().split('\n');
  const run = readFileSync(join(SAMPLE, '100_run.csv'), 'utf8').trim().split('\n');
  const rows = inv.slice(1).map((l) => l.split(','));
  const runRows = new Map(run.slice(1).map((l) => [l.split(',')[0], l.split(',')]));
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

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function main(): void {
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

main();
