/**
 * `npm run bench:plan-quality`: is the planner's plan good on real traffic?
 *
 * Every function of the Azure Functions 2019 sample with at least MIN_INVOCATIONS_PER_DAY invocations
 * (on average one a minute) is marked latency-sensitive (spillover target 0.05) and simulated for the
 * trace's day under five settings, same trace, same seed (common random numbers):
 *   plan     the planner's plan (schedule + target tracking)
 *   sched    diagnostic: the plan's hourly schedule alone, without its target tracking
 *   none     (a) no provisioned concurrency
 *   static   (b) static PC at the day's peak: the plan's busiest-hour PC all day, no tracking
 *   tt       (c) target tracking at 0.7, min = ceil(average load), max = reserved, no schedule
 *   oracle   the cheapest per-hour PC whose simulated spillover meets the target in every hour, found
 *            by per-hour bisection over P with the simulator itself (same trace and seed)
 * Costs are the simulator's (GB-seconds actually used), scaled from the day to a 730-hour month.
 */
import { planWorkload, provisionedSchedule } from '../lib/planner';
import type { FunctionPlan, Plan, ProvisionedPlan } from '../lib/planner/types';
import { simulate } from '../lib/simulate';
import type { SimulationResult } from '../lib/simulate';
import type { Workload } from '../lib/workload/types';
import { azureSampleWorkload } from './azure-sample';

/** "Enough traffic": on average at least one invocation a minute over the day. */
const MIN_INVOCATIONS_PER_DAY = 1440;
const SEED = 2019;
/** Large enough that no account budget binds: the comparison is about PC, not the account. */
const ACCOUNT_LIMIT = 5000;
const SPILLOVER_TARGET = 0.05;
/** Goals of the issue, checked with `--check`: beat (b) and (c) on 90% of functions, within 10% of the oracle. */
const GOAL_BEATS = 0.9;
const GOAL_ORACLE_RATIO = 1.1;
/** Oracle: at most this many check-and-raise rounds after the bisection. */
const MAX_REPAIR_ROUNDS = 10;
const STRATEGIES = ['plan', 'sched', 'none', 'static', 'tt', 'oracle'] as const;
type Strategy = (typeof STRATEGIES)[number];

/** The plan with each function's provisioned concurrency replaced by `pc(f)`. */
function withProvisioned(plan: Plan, pc: (f: FunctionPlan) => ProvisionedPlan | null): Plan {
  return { ...plan, functions: plan.functions.map((f) => ({ ...f, provisioned: pc(f) })) };
}

function staticPc(p: number): ProvisionedPlan {
  return { min: p, max: p, targetUtilization: null, statistic: 'Average', hourly: new Array(24).fill(p), schedule: [] };
}

/** PC P_h each hour, min = max, no target tracking; timed as the planner times its actions (raises fire early). */
function hourlyPc(hourly: readonly number[], timezone: string): ProvisionedPlan {
  return {
    min: Math.min(...hourly),
    max: Math.max(...hourly),
    targetUtilization: null,
    statistic: 'Average',
    hourly: [...hourly],
    schedule: provisionedSchedule(hourly, timezone),
  };
}

function run(workload: Workload, plan: Plan): SimulationResult {
  return simulate(workload, plan, { seed: SEED, intervalSeconds: 3600, durationSeconds: 86400 });
}

/** Spilled (served on demand) and served invocations per hour of one function. */
function hourlySpill(result: SimulationResult, name: string): { spill: number[]; served: number[] } {
  const s = result.series.find((x) => x.name === name);
  if (!s) throw new Error(`no series for ${name}`);
  const served = Array.from(s.arrivals, (a, h) => a - s.throttles[h]);
  return { spill: Array.from(s.spillovers), served };
}

/**
 * Per-hour bisection, for every function and hour at once: the smallest P_h whose simulated spillover
 * in hour h is at most the target. Each round is one simulation of the whole day.
 */
function oracle(workload: Workload, plan: Plan): { plan: Plan; rounds: number } {
  const tz = workload.defaults.timezone;
  const lo = new Map<string, number[]>();
  const hi = new Map<string, number[]>();
  for (const f of plan.functions) {
    // PC = reserved always meets the target (nothing can run on demand), so the answer is in [0, reserved]
    const upper = f.reservedConcurrency;
    lo.set(f.name, new Array(24).fill(0));
    hi.set(f.name, new Array(24).fill(upper));
  }
  let rounds = 0;
  for (;;) {
    const mids = new Map<string, number[]>();
    let open = false;
    for (const f of plan.functions) {
      const l = lo.get(f.name) as number[];
      const h = hi.get(f.name) as number[];
      mids.set(f.name, l.map((x, i) => Math.floor((x + h[i]) / 2)));
      if (l.some((x, i) => x < h[i])) open = true;
    }
    if (!open) break;
    const result = run(workload, withProvisioned(plan, (f) => hourlyPc(mids.get(f.name) as number[], tz)));
    rounds++;
    for (const f of plan.functions) {
      const { spill, served } = hourlySpill(result, f.name);
      const l = lo.get(f.name) as number[];
      const h = hi.get(f.name) as number[];
      const m = mids.get(f.name) as number[];
      for (let i = 0; i < 24; i++) {
        if (l[i] >= h[i]) continue;
        const ok = served[i] === 0 || spill[i] <= SPILLOVER_TARGET * served[i];
        if (ok) h[i] = m[i];
        else l[i] = m[i] + 1;
      }
    }
  }
  // Hours interact (allocation delay at a schedule change, environments busy across the hour): check the
  // answer in one more run and raise the hours that still miss, until none does.
  for (let repair = 0; repair < MAX_REPAIR_ROUNDS; repair++) {
    const result = run(workload, withProvisioned(plan, (f) => hourlyPc(hi.get(f.name) as number[], tz)));
    rounds++;
    let raised = false;
    for (const f of plan.functions) {
      const { spill, served } = hourlySpill(result, f.name);
      const h = hi.get(f.name) as number[];
      for (let i = 0; i < 24; i++) {
        if (served[i] > 0 && spill[i] > SPILLOVER_TARGET * served[i] && h[i] < f.reservedConcurrency) {
          h[i] = Math.min(f.reservedConcurrency, Math.ceil(h[i] * 1.25) + 1);
          raised = true;
        }
      }
    }
    if (!raised) break;
  }
  return { plan: withProvisioned(plan, (f) => hourlyPc(hi.get(f.name) as number[], tz)), rounds };
}

interface Row {
  readonly spillRate: number;
  readonly coldRate: number;
  readonly throttles: number;
  readonly monthlyUsd: number;
}

function rowOf(result: SimulationResult, name: string): Row {
  const s = result.summary[name];
  const served = Math.max(1, s.invocations);
  return { spillRate: (s.invocations - s.provisionedInvocations) / served, coldRate: s.coldStarts / served, throttles: s.throttles, monthlyUsd: s.monthlyCostUsd };
}

const pct = (x: number) => `${(100 * x).toFixed(x < 0.001 && x > 0 ? 3 : 1)}%`;
const usd = (x: number) => `$${x.toFixed(2)}`;

function main(): void {
  const t0 = Date.now();
  const workload = azureSampleWorkload({ minInvocationsPerDay: MIN_INVOCATIONS_PER_DAY, latencySensitive: true, concurrencyLimit: ACCOUNT_LIMIT, spilloverTarget: SPILLOVER_TARGET });
  const plan = planWorkload(workload);
  const planned = plan.functions;
  const results: Record<Strategy, SimulationResult> = {
    plan: run(workload, plan),
    sched: run(workload, withProvisioned(plan, (f) => (f.provisioned ? hourlyPc(f.provisioned.hourly, workload.defaults.timezone) : null))),
    none: run(workload, withProvisioned(plan, () => null)),
    static: run(workload, withProvisioned(plan, (f) => staticPc(Math.max(0, ...(f.provisioned?.hourly ?? [0]))))),
    tt: run(
      workload,
      withProvisioned(plan, (f) => {
        const min = Math.ceil(f.offeredLoad.average);
        return { min, max: Math.max(min, f.reservedConcurrency), targetUtilization: 0.7, statistic: 'Average', hourly: new Array(24).fill(min), schedule: [] };
      }),
    ),
    oracle: undefined as unknown as SimulationResult,
  };
  const o = oracle(workload, plan);
  results.oracle = run(workload, o.plan);
  const seconds = (Date.now() - t0) / 1000;

  const rows = planned.map((f) => {
    const by = Object.fromEntries(STRATEGIES.map((s) => [s, rowOf(results[s], f.name)])) as Record<Strategy, Row>;
    return { name: f.name, f, by };
  });
  const spec = new Map(workload.functions.map((f) => [f.name, f]));
  const lines: string[] = [];
  lines.push(`Azure Functions 2019 sample: ${rows.length} of 100 functions with >= ${MIN_INVOCATIONS_PER_DAY} invocations/day, all latency-sensitive (spillover target ${SPILLOVER_TARGET}); seed ${SEED}; one simulated day each; oracle by ${o.rounds} simulated days of per-hour bisection (and check-and-raise) over the simulator.`);
  lines.push('');
  const heads = STRATEGIES.slice(1).join(' | ');
  const right = STRATEGIES.map(() => '---:').join(' | ');
  lines.push(`| function | avg rps | peak rps | avg / p99 ms | spill plan | ${heads} | cold plan | ${heads} | throttles plan |`);
  lines.push(`| --- | ---: | ---: | ---: | ${right} | ${right} | ---: |`);
  for (const r of rows) {
    const fs = spec.get(r.name);
    lines.push(
      `| ${r.name} | ${fs?.traffic.averageRps.toFixed(2)} | ${fs?.traffic.peakRps.toFixed(1)} | ${fs?.durationMs.avg} / ${fs?.durationMs.p99 ?? '-'} | ${STRATEGIES.map((s) => pct(r.by[s].spillRate)).join(' | ')} | ${STRATEGIES.map((s) => pct(r.by[s].coldRate)).join(' | ')} | ${r.by.plan.throttles} |`,
    );
  }
  lines.push('');
  lines.push(`| function | $/month plan | ${heads} | plan / oracle | plan meets target | plan <= static | plan <= tt | beats b and c |`);
  lines.push(`| --- | ${right} | ---: | :---: | :---: | :---: | :---: |`);
  const meets = (x: Row) => x.spillRate <= SPILLOVER_TARGET;
  let wins = 0;
  let winsStatic = 0;
  let winsTt = 0;
  let targetAwareWins = 0;
  let meetCount = 0;
  let within10 = 0;
  for (const r of rows) {
    const b = r.by;
    const ratio = b.plan.monthlyUsd / Math.max(1e-9, b.oracle.monthlyUsd);
    const cheaperStatic = b.plan.monthlyUsd <= b.static.monthlyUsd;
    const cheaperTt = b.plan.monthlyUsd <= b.tt.monthlyUsd;
    // a baseline that misses the target is beaten by a plan that meets it, whatever the baseline costs
    const beats = (x: Row) => b.plan.monthlyUsd <= x.monthlyUsd || !meets(x);
    const targetAware = meets(b.plan) && beats(b.static) && beats(b.tt);
    if (targetAware) targetAwareWins++;
    if (meets(b.plan)) meetCount++;
    if (cheaperStatic) winsStatic++;
    if (cheaperTt) winsTt++;
    if (meets(b.plan) && cheaperStatic && cheaperTt) wins++;
    if (ratio <= 1.1) within10++;
    lines.push(
      `| ${r.name} | ${STRATEGIES.map((s) => usd(b[s].monthlyUsd)).join(' | ')} | ${ratio.toFixed(2)} | ${meets(b.plan) ? 'yes' : 'no'} | ${cheaperStatic ? 'yes' : 'no'} | ${cheaperTt ? 'yes' : 'no'} | ${targetAware ? 'yes' : 'no'} |`,
    );
  }
  const total = (s: Strategy) => rows.reduce((t, r) => t + r.by[s].monthlyUsd, 0);
  const totalSpill = (s: Strategy) => {
    const served = rows.reduce((t, r) => t + results[s].summary[r.name].invocations, 0);
    const onDemand = rows.reduce((t, r) => t + results[s].summary[r.name].invocations - results[s].summary[r.name].provisionedInvocations, 0);
    return onDemand / served;
  };
  lines.push(`| **all** | ${STRATEGIES.map((s) => `**${usd(total(s))}**`).join(' | ')} | **${(total('plan') / total('oracle')).toFixed(2)}** | | | | |`);
  lines.push('');
  lines.push('| overall | plan | sched (diagnostic) | none (a) | static (b) | tt (c) | oracle |');
  lines.push(`| --- | ${right} |`);
  lines.push(`| spillover (all invocations) | ${STRATEGIES.map((s) => pct(totalSpill(s))).join(' | ')} |`);
  lines.push(`| functions meeting the target | ${STRATEGIES.map((s) => `${rows.filter((r) => meets(r.by[s])).length}/${rows.length}`).join(' | ')} |`);
  lines.push(`| monthly cost | ${STRATEGIES.map((s) => usd(total(s))).join(' | ')} |`);
  lines.push(`| cost / oracle | ${STRATEGIES.map((s) => (total(s) / total('oracle')).toFixed(2)).join(' | ')} |`);
  lines.push('');
  const n = rows.length;
  lines.push(`plan meets its target on ${meetCount}/${n}; costs no more than static on ${winsStatic}/${n}, than tt on ${winsTt}/${n}; meets target AND costs no more than both on ${wins}/${n} (${pct(wins / n)}, goal >= 90%)`);
  lines.push(`counting a baseline that misses the target as beaten: plan beats both (b) and (c) on ${targetAwareWins}/${n} (${pct(targetAwareWins / n)})`);
  lines.push(`plan cost within 10% of the oracle on ${within10}/${n} functions; overall plan / oracle = ${(total('plan') / total('oracle')).toFixed(3)} (goal <= 1.10)`);
  lines.push(`wall time ${seconds.toFixed(1)} s (${STRATEGIES.length + o.rounds} simulated days of ${n} functions)`);
  process.stdout.write(`${lines.join('\n')}\n`);
  if (process.argv.includes('--check')) {
    // CI guard: the issue's goals, on a seeded (deterministic) run.
    const misses = [
      meetCount < n ? `the plan misses its target on ${n - meetCount} functions` : '',
      targetAwareWins < GOAL_BEATS * n ? `the plan beats (b) and (c) on ${targetAwareWins}/${n}, goal >= ${GOAL_BEATS * 100}%` : '',
      total('plan') / total('oracle') > GOAL_ORACLE_RATIO ? `plan / oracle ${(total('plan') / total('oracle')).toFixed(3)} > ${GOAL_ORACLE_RATIO}` : '',
    ].filter(Boolean);
    if (misses.length) {
      process.stderr.write(`plan-quality goals missed: ${misses.join('; ')}\n`);
      process.exitCode = 1;
    } else process.stderr.write('plan-quality goals met\n');
  }
}

main();
