/**
 * The per-hour oracle of the plan-quality benchmarks: the cheapest PC per hour whose *simulated*
 * spillover meets the target in every hour, searched with the simulator itself (same traffic, same
 * seed): per-hour bisection over P in [0, reserved] (common random numbers make spillover monotone in P
 * up to sampling noise), then check-and-raise rounds for hours that still miss because hours interact
 * (allocation delay at a schedule change, executions running across the hour). Scheduled like the
 * plan: min = max each hour, raising actions early.
 */
import { provisionedSchedule } from '../lib/planner';
import type { FunctionPlan, Plan, ProvisionedPlan } from '../lib/planner/types';
import { dailyView, weeklySchedule } from '../lib/planner/week';
import { simulate } from '../lib/simulate';
import type { SimulationResult } from '../lib/simulate';
import type { Workload } from '../lib/workload/types';

/** At most this many check-and-raise rounds after the bisection. */
const MAX_REPAIR_ROUNDS = 10;

/** What the oracle replays: hours (24: a day, 168: a week from Monday 00:00), seed and spillover target. */
export interface OracleSetup {
  readonly hours: 24 | 168;
  readonly seed: number;
  readonly spilloverTarget: number;
}

/** The plan with each function's provisioned concurrency replaced by `pc(f)`. */
export function withProvisioned(plan: Plan, pc: (f: FunctionPlan) => ProvisionedPlan | null): Plan {
  return { ...plan, functions: plan.functions.map((f) => ({ ...f, provisioned: pc(f) })) };
}

/** PC P_h each hour of a day (24 values) or week (168), min = max, no target tracking; raises fire early as the planner's do. */
export function hourlyPc(values: readonly number[], timezone: string): ProvisionedPlan {
  const week = values.length === 168;
  return {
    min: Math.min(...values),
    max: Math.max(...values),
    targetUtilization: null,
    statistic: 'Average',
    hourly: week ? dailyView(values) : [...values],
    ...(week ? { weekly: [...values] } : {}),
    schedule: week ? weeklySchedule(values, timezone) : provisionedSchedule(values, timezone),
  };
}

/** Replays `workload` under `plan` for `hours` hours, series per hour. */
export function replay(workload: Workload, plan: Plan, setup: OracleSetup): SimulationResult {
  return simulate(workload, plan, { seed: setup.seed, intervalSeconds: 3600, durationSeconds: setup.hours * 3600 });
}

/** Share of a function's invocations served on demand (spilled over its provisioned concurrency) in a run. */
export function spillRate(result: SimulationResult, name: string): number {
  const s = result.summary[name];
  return (s.invocations - s.provisionedInvocations) / Math.max(1, s.invocations);
}

/** Spilled (served on demand) and served invocations per hour of one function. */
export function hourlySpill(result: SimulationResult, name: string): { spill: number[]; served: number[] } {
  const s = result.series.find((x) => x.name === name);
  if (!s) throw new Error(`no series for ${name}`);
  const served = Array.from(s.arrivals, (a, h) => a - s.throttles[h]);
  return { spill: Array.from(s.spillovers), served };
}

/** The oracle's plan for `workload` (bounds from `plan`), and how many simulations it took. */
export function oracle(workload: Workload, plan: Plan, setup: OracleSetup): { plan: Plan; rounds: number } {
  const tz = workload.defaults.timezone;
  const n = setup.hours;
  const lo = new Map<string, number[]>();
  const hi = new Map<string, number[]>();
  for (const f of plan.functions) {
    // PC = reserved always meets the target (nothing can run on demand), so the answer is in [0, reserved]
    lo.set(f.name, new Array(n).fill(0));
    hi.set(f.name, new Array(n).fill(f.reservedConcurrency));
  }
  const meets = (spill: number, served: number) => served === 0 || spill <= setup.spilloverTarget * served;
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
    const result = replay(workload, withProvisioned(plan, (f) => hourlyPc(mids.get(f.name) as number[], tz)), setup);
    rounds++;
    for (const f of plan.functions) {
      const { spill, served } = hourlySpill(result, f.name);
      const l = lo.get(f.name) as number[];
      const h = hi.get(f.name) as number[];
      const m = mids.get(f.name) as number[];
      for (let i = 0; i < n; i++) {
        if (l[i] >= h[i]) continue;
        if (meets(spill[i], served[i])) h[i] = m[i];
        else l[i] = m[i] + 1;
      }
    }
  }
  // Hours interact (allocation delay at a schedule change, environments busy across the hour): check the
  // answer in one more run and raise the hours that still miss, until none does.
  for (let repair = 0; repair < MAX_REPAIR_ROUNDS; repair++) {
    const result = replay(workload, withProvisioned(plan, (f) => hourlyPc(hi.get(f.name) as number[], tz)), setup);
    rounds++;
    let raised = false;
    for (const f of plan.functions) {
      const { spill, served } = hourlySpill(result, f.name);
      const h = hi.get(f.name) as number[];
      for (let i = 0; i < n; i++) {
        if (!meets(spill[i], served[i]) && h[i] < f.reservedConcurrency) {
          h[i] = Math.min(f.reservedConcurrency, Math.ceil(h[i] * 1.25) + 1);
          raised = true;
        }
      }
    }
    if (!raised) break;
  }
  return { plan: withProvisioned(plan, (f) => hourlyPc(hi.get(f.name) as number[], tz)), rounds };
}
