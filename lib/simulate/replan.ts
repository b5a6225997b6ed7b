/**
 * `replan`: does a committed plan still fit recent traffic? The committed plan and a plan made afresh
 * from the recent history are both replayed by the simulator on that history; per function, the
 * committed plan holds, misses its targets (the backtest's noise rule), or is over-provisioned (its
 * replayed monthly cost is above the fresh plan's by more than a threshold).
 */
import { planWorkload } from '../planner';
import { settingChanges, type SettingChange } from '../planner/settings';
import type { FunctionPlan, Plan } from '../planner/types';
import type { FunctionSpec, Workload } from '../workload/types';
import { BACKTEST_NOISE_RULE, BACKTEST_SEED, replayPlan, type BacktestFunction } from './backtest';

/** Defaults of `replan`, shared by the code, the CLI help and the README. */
export const REPLAN_DEFAULTS = {
  /** Over-provisioned: the committed plan's replayed monthly cost is above the fresh plan's by more than this fraction of it. */
  overProvisionedFraction: 0.2,
  /** Days replayed when the history is a day profile (hourlyRps) rather than a trace. */
  profileDays: 1,
  seed: BACKTEST_SEED,
} as const;

/** A plan replayed on the recent history. */
export interface ReplayedPlan {
  /** Replayed monthly cost (730-hour month) of the function under this plan. */
  readonly monthlyCostUsd: number;
  readonly spillover: number | null;
  readonly throttle: number | null;
  /** Targets missed by more than the replay's noise. */
  readonly missed: readonly string[];
}

/** One function's verdict. */
export interface ReplanFunction {
  readonly name: string;
  readonly verdict: 'holds' | 'misses' | 'over-provisioned';
  /** The committed plan and the fresh plan, each replayed on the history. */
  readonly before: ReplayedPlan;
  readonly after: ReplayedPlan;
  /** Monthly saving of the fresh plan (negative: it costs more, as a plan that misses must). */
  readonly savingUsd: number;
  /** Deployed settings the fresh plan changes. */
  readonly changes: readonly SettingChange[];
}

/** What {@link replan} returns. */
export interface Replan {
  readonly days: number;
  readonly seed: number;
  readonly overProvisionedFraction: number;
  readonly noiseRule: string;
  readonly functions: readonly ReplanFunction[];
  /** Committed functions without recent history: kept as committed. */
  readonly skipped: readonly { readonly name: string; readonly reason: string }[];
  /** The committed workload with the recent traffic and durations. */
  readonly workload: Workload;
  /** The fresh plan of {@link workload}. */
  readonly plan: Plan;
  /** True when some function misses or is over-provisioned: the committed plan is stale. */
  readonly stale: boolean;
}

/** Options of {@link replan}. */
export interface ReplanOptions {
  /** @default REPLAN_DEFAULTS.overProvisionedFraction */
  readonly overProvisionedFraction?: number;
  /** @default REPLAN_DEFAULTS.seed */
  readonly seed?: number;
}

const MINUTES_PER_DAY = 1440;

/**
 * Days of history a trace covers (whole days, at least one), or undefined for a day profile (hourlyRps,
 * peakRps): a profile repeats every day, so it replays over any number of days.
 */
function traceDays(spec: FunctionSpec): number | undefined {
  const minutes = spec.traffic.perMinute?.length;
  if (minutes === undefined) return undefined;
  return Math.max(1, Math.floor(minutes / MINUTES_PER_DAY));
}

/**
 * Days replayed: the shortest trace's whole days (every trace is replayed on history it has), or the
 * profile days when no function has a trace. A profile never shortens the traces' replay.
 */
function replayDays(functions: readonly FunctionSpec[]): number {
  const days = functions.map(traceDays).filter((d): d is number => d !== undefined);
  return days.length > 0 ? Math.min(...days) : REPLAN_DEFAULTS.profileDays;
}

function replayed(row: BacktestFunction, monthlyCostUsd: number): ReplayedPlan {
  return { monthlyCostUsd: Math.round(monthlyCostUsd * 100) / 100, spillover: row.spillover?.replayed.rate ?? null, throttle: row.throttle?.replayed.rate ?? null, missed: row.missed };
}

/**
 * Replays the committed `plan` of `committed` and a fresh plan of the recent history on that history.
 * `recent` gives each function's recent traffic and durations (by name); everything else (targets,
 * invocation, memory, account) stays as committed.
 */
export function replan(committed: Workload, plan: Plan, recent: Workload, options: ReplanOptions = {}): Replan {
  const threshold = options.overProvisionedFraction ?? REPLAN_DEFAULTS.overProvisionedFraction;
  if (!(threshold >= 0)) throw new RangeError(`overProvisionedFraction must be >= 0, got ${threshold}`);
  const seed = options.seed ?? REPLAN_DEFAULTS.seed;
  const byName = new Map(recent.functions.map((f) => [f.name, f]));
  const skipped: { name: string; reason: string }[] = [];
  const functions = committed.functions.map((spec): FunctionSpec => {
    const now = byName.get(spec.name);
    const reason = !now ? 'no recent history: kept as committed' : !plan.functions.some((f) => f.name === spec.name) ? 'not in the committed plan: planned afresh, nothing to compare' : undefined;
    if (!now || reason) {
      if (reason) skipped.push({ name: spec.name, reason });
      return now ? { ...spec, traffic: now.traffic, durationMs: now.durationMs } : spec;
    }
    return { ...spec, traffic: now.traffic, durationMs: now.durationMs };
  });
  const workload: Workload = { ...committed, functions };
  const fresh = planWorkload(workload);
  const compared = new Set(functions.filter((f) => byName.has(f.name) && plan.functions.some((p) => p.name === f.name)).map((f) => f.name));
  const withHistory = functions.filter((f) => compared.has(f.name));
  const days = replayDays(withHistory);
  const rows: ReplanFunction[] = [];
  if (withHistory.length > 0) {
    const history = { ...workload, functions: withHistory };
    // Functions of the committed plan without history are left out of both replays alike.
    const only = (p: Plan): Plan => ({ ...p, functions: p.functions.filter((f) => compared.has(f.name)) });
    const before = replayPlan(history, only(plan), days, seed);
    const after = replayPlan(history, only(fresh), days, seed);
    for (const [i, spec] of withHistory.entries()) {
      const was = replayed(before.functions[i], before.replay.summary[spec.name].monthlyCostUsd);
      const now = replayed(after.functions[i], after.replay.summary[spec.name].monthlyCostUsd);
      const committedPlan = plan.functions.find((f) => f.name === spec.name) as FunctionPlan;
      const freshPlan = fresh.functions.find((f) => f.name === spec.name) as FunctionPlan;
      const verdict = was.missed.length > 0 ? 'misses' : was.monthlyCostUsd > now.monthlyCostUsd * (1 + threshold) ? 'over-provisioned' : 'holds';
      rows.push({ name: spec.name, verdict, before: was, after: now, savingUsd: Math.round((was.monthlyCostUsd - now.monthlyCostUsd) * 100) / 100, changes: settingChanges(committedPlan, freshPlan) });
    }
  }
  return {
    days,
    seed,
    overProvisionedFraction: threshold,
    noiseRule: BACKTEST_NOISE_RULE,
    functions: rows,
    skipped,
    workload,
    plan: fresh,
    stale: rows.some((r) => r.verdict !== 'holds'),
  };
}
