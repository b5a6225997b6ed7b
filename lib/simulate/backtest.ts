/**
 * Backtest: does a plan hold on days it was not built from? The history of every traced function is
 * cut before its last `days` days; the plan is made from what comes before and replayed by the
 * simulator on the days held out, then compared, function by function, with what the plan predicted
 * and with the targets.
 *
 * A replayed rate is a noisy estimate: the held-out days are replayed `BACKTEST_REPLAYS` times with
 * different seeds, the rate reported is the mean of the replays' rates and its noise is twice the
 * standard error of that mean (the spread between replays over √replays): the estimation error of the
 * replay, not the spread of the traffic between hours, which is the same in every replay. A target
 * counts as missed only when the mean replayed rate is above it by more than that noise. With one
 * replay there is no spread to measure, and the noise is the batch-means error over its hours.
 *
 * The spillover is replayed twice: with the plan as deployed (its schedule and target tracking, on the
 * simulator's model of Application Auto Scaling) and with its schedule alone (each action's max = min,
 * no tracking), so a reader sees how much of the figure rests on the tracking model.
 */
import { planWorkload } from '../planner';
import type { Plan } from '../planner/types';
import { addDays } from '../workload/calendar';
import { trafficFromPerMinute } from '../workload/traffic';
import type { FunctionSpec, Traffic, Workload } from '../workload/types';
import { simulate } from './engine';
import type { FunctionSeries, SimulationResult } from './types';

const MINUTES_PER_DAY = 1440;
const MINUTES_PER_HOUR = 60;
/** A target is missed when the replayed rate exceeds it by more than this many standard errors. */
export const BACKTEST_NOISE_SIGMAS = 2;
/** The seed of the first replay unless told otherwise (replay i has seed + i). */
export const BACKTEST_SEED = 1;
/**
 * Replays of the held-out days unless told otherwise: with 8, two standard errors of the mean are
 * 0.71 of the spread between replays (a single replay's error), small enough to tell a one-point miss.
 */
export const BACKTEST_REPLAYS = 8;

/** The noise rule in words, for the report. */
export const BACKTEST_NOISE_RULE = `a target is missed when the mean replayed rate is above it by more than ${BACKTEST_NOISE_SIGMAS} standard errors of that mean over the replays (seeds)`;

/** A rate replayed on the held-out days, with its sampling noise. */
export interface ReplayedRate {
  /** The mean over the replays. */
  readonly rate: number;
  /** `BACKTEST_NOISE_SIGMAS` standard errors of the mean (of one replay: batch means over its hours). */
  readonly noise: number;
}

/** One function's figures: predicted by the plan built without the held-out days, replayed on them. */
export interface BacktestFunction {
  readonly name: string;
  readonly trainedDays: number;
  readonly heldOutDays: number;
  /** The held-out days' first date (local), when the trace has a start. */
  readonly heldOutFrom?: string;
  readonly spillover: {
    readonly target: number;
    readonly predicted: number;
    /** The plan as deployed: schedule and target tracking. */
    readonly replayed: ReplayedRate;
    /** The schedule alone (max = min, no tracking): what the figure is without the tracking model. */
    readonly scheduleOnly: ReplayedRate;
  } | null;
  readonly throttle: { readonly target: number; readonly predicted: number; readonly replayed: ReplayedRate } | null;
  /** Monthly PC cost: the plan's prediction and the replay's (PC configured and duration on it). */
  readonly provisionedMonthlyUsd: { readonly predicted: number; readonly replayed: number };
  readonly invocations: number;
  /**
   * Hours of the held-out days without data (set when there are some): replayed with the rule for hours
   * without data, like the plan, but left out of the replayed rates, which count only the hours with data.
   */
  readonly heldOutHoursWithoutData?: number;
  /** Which targets the replay missed by more than its noise (`spillover`, `throttle`). */
  readonly missed: readonly string[];
}

/** What {@link backtest} returns. */
export interface Backtest {
  readonly heldOutDays: number;
  readonly seed: number;
  /** Replays of the held-out days (seeds `seed` to `seed + replays - 1`). */
  readonly replays: number;
  readonly noiseRule: string;
  readonly functions: readonly BacktestFunction[];
  /** Functions that could not be backtested, and why. */
  readonly skipped: readonly { readonly name: string; readonly reason: string }[];
  /** True when some function missed a target by more than the replay's noise. */
  readonly missed: boolean;
}

/** A function's trace split into the history the plan sees and the days held out. */
interface Split {
  readonly train: Traffic;
  readonly test: Traffic;
  readonly trainedDays: number;
}

/**
 * Splits a trace before its last `days` days; both parts keep their unknown hours unknown (each is
 * filled again from its own data, so no held-out day leaks into the plan), and the held-out part starts
 * on its own date. A reason instead when there is nothing to hold out.
 */
export function holdOut(traffic: Traffic, days: number): Split | string {
  const perMinute = traffic.perMinute;
  if (!perMinute || perMinute.length === 0) return 'no per-minute trace to hold days out of';
  const total = perMinute.length / MINUTES_PER_DAY;
  if (total <= days) return `needs more than ${days} days of history, has ${total}`;
  const raw = [...perMinute];
  for (const h of traffic.unknownHours ?? []) raw.fill(NaN, h * MINUTES_PER_HOUR, (h + 1) * MINUTES_PER_HOUR);
  const cut = (total - days) * MINUTES_PER_DAY;
  const start = traffic.startDate;
  const part = (minutes: number[], offsetDays: number): Traffic => trafficFromPerMinute(minutes, start === undefined ? {} : { startDate: addDays(start, offsetDays) });
  const train = raw.slice(0, cut);
  const test = raw.slice(cut);
  if (!train.some((x) => x > 0)) return `no invocations in the ${total - days} days before the held-out ones`;
  if (test.every((x) => Number.isNaN(x))) return `no data in the last ${days} day(s) to replay`;
  return { train: part(train, 0), test: part(test, total - days), trainedDays: total - days };
}

/** The rate `num / den` over a replay, with `BACKTEST_NOISE_SIGMAS` batch-means standard errors over its intervals. */
export function replayedRate(num: ArrayLike<number>, den: ArrayLike<number>): ReplayedRate {
  let n = 0;
  let d = 0;
  for (let i = 0; i < den.length; i++) {
    n += num[i];
    d += den[i];
  }
  if (d <= 0) return { rate: 0, noise: 0 };
  const rate = n / d;
  // Ratio estimator over batches: Var ≈ Σ (n_i − r d_i)² / d², with the k / (k − 1) small-sample factor.
  let squares = 0;
  let batches = 0;
  for (let i = 0; i < den.length; i++) {
    if (den[i] <= 0) continue;
    squares += (num[i] - rate * den[i]) ** 2;
    batches++;
  }
  const se = batches > 1 ? Math.sqrt((squares * batches) / (batches - 1)) / d : 0;
  return { rate, noise: BACKTEST_NOISE_SIGMAS * se };
}

/** The mean of `rates` (one per replay) with `BACKTEST_NOISE_SIGMAS` standard errors of the mean; one replay keeps its own noise. */
export function meanOfReplays(rates: readonly ReplayedRate[]): ReplayedRate {
  const n = rates.length;
  if (n === 1) return rates[0];
  const mean = rates.reduce((t, r) => t + r.rate, 0) / n;
  const variance = rates.reduce((t, r) => t + (r.rate - mean) ** 2, 0) / (n - 1);
  return { rate: mean, noise: BACKTEST_NOISE_SIGMAS * Math.sqrt(variance / n) };
}

/** The plan with each PC schedule alone: every action's max = min, no target tracking. */
export function scheduleOnly(plan: Plan): Plan {
  return {
    ...plan,
    functions: plan.functions.map((f) =>
      f.provisioned ? { ...f, provisioned: { ...f.provisioned, max: f.provisioned.min === f.provisioned.max ? f.provisioned.max : Math.max(...f.provisioned.hourly), targetUtilization: null, schedule: f.provisioned.schedule.map((a) => ({ ...a, max: a.min })) } } : f,
    ),
  };
}

/**
 * Plans `workload` without the last `days` days of every trace and replays those days under that plan,
 * `replays` times (seeds `seed`, `seed + 1`, ...), with its target tracking and with its schedule alone.
 * Functions without a long enough trace are planned from what they have and listed as skipped.
 */
export function backtest(workload: Workload, days: number, seed: number = BACKTEST_SEED, replays: number = BACKTEST_REPLAYS): Backtest {
  if (!(Number.isInteger(days) && days >= 1)) throw new RangeError(`days must be a whole number >= 1, got ${days}`);
  if (!(Number.isInteger(replays) && replays >= 1)) throw new RangeError(`replays must be a whole number >= 1, got ${replays}`);
  const splits = new Map<string, Split>();
  const skipped: { name: string; reason: string }[] = [];
  for (const f of workload.functions) {
    const split = holdOut(f.traffic, days);
    if (typeof split === 'string') skipped.push({ name: f.name, reason: split });
    else splits.set(f.name, split);
  }
  const withTraffic = (pick: (f: FunctionSpec, s: Split) => Traffic): Workload => ({
    ...workload,
    functions: workload.functions.map((f) => {
      const s = splits.get(f.name);
      return s ? { ...f, traffic: pick(f, s) } : f;
    }),
  });
  const plan = planWorkload(withTraffic((_, s) => s.train));
  const heldOut = withTraffic((_, s) => s.test);
  const replayed = { ...heldOut, functions: heldOut.functions.filter((f) => splits.has(f.name)) };
  const run = (p: Plan, i: number) => simulate(replayed, p, { seed: seed + i, durationSeconds: days * 86400, intervalSeconds: 3600 });
  const seeds = Array.from({ length: replays }, (_, i) => i);
  const runs = { deployed: seeds.map((i) => run(plan, i)), schedule: seeds.map((i) => run(scheduleOnly(plan), i)) };
  const functions = workload.functions.flatMap((f) => {
    const s = splits.get(f.name);
    return s ? [compare(f, s, days, plan, runs)] : [];
  });
  return { heldOutDays: days, seed, replays, noiseRule: BACKTEST_NOISE_RULE, functions, skipped, missed: functions.some((f) => f.missed.length > 0) };
}

/** One function's row: the plan's predictions, the replays' rates and costs, the targets it missed. */
function compare(spec: FunctionSpec, split: Split, days: number, plan: Plan, runs: { readonly deployed: readonly SimulationResult[]; readonly schedule: readonly SimulationResult[] }): BacktestFunction {
  const fp = plan.functions.find((f) => f.name === spec.name);
  // Hours without data were replayed from filled-in minutes: they keep the replay going but are not evidence.
  const withoutData = new Set(split.test.unknownHours ?? []);
  const known = (values: ArrayLike<number>): number[] => Array.from(values, (v, h) => (withoutData.has(h) ? 0 : v));
  const rates = (replay: SimulationResult) => {
    const series = replay.series.find((x) => x.name === spec.name) as FunctionSeries;
    const arrivals = known(series.arrivals);
    const throttles = known(series.throttles);
    const served = arrivals.map((a, h) => a - throttles[h]);
    return { spill: replayedRate(known(series.spillovers), served), throttle: replayedRate(throttles, arrivals) };
  };
  const deployed = runs.deployed.map(rates);
  const spillover =
    fp?.provisioned && fp.predicted.spilloverProbability !== null
      ? {
          target: spec.spilloverTarget,
          predicted: fp.predicted.spilloverProbability,
          replayed: meanOfReplays(deployed.map((r) => r.spill)),
          scheduleOnly: meanOfReplays(runs.schedule.map((r) => rates(r).spill)),
        }
      : null;
  const throttle = spec.invocation === 'sqs' ? null : { target: spec.throttleTarget, predicted: fp?.predicted.throttleProbability ?? 0, replayed: meanOfReplays(deployed.map((r) => r.throttle)) };
  const missed = [
    ...(spillover && spillover.replayed.rate > spillover.target + spillover.replayed.noise ? ['spillover'] : []),
    ...(throttle && throttle.replayed.rate > throttle.target + throttle.replayed.noise ? ['throttle'] : []),
  ];
  const monthlyPc = runs.deployed.reduce((t, r) => t + r.summary[spec.name].monthlyProvisionedCostUsd, 0) / runs.deployed.length;
  return {
    name: spec.name,
    trainedDays: split.trainedDays,
    heldOutDays: days,
    ...(split.test.startDate !== undefined ? { heldOutFrom: split.test.startDate } : {}),
    spillover,
    throttle,
    provisionedMonthlyUsd: { predicted: fp?.predicted.monthlyCostUsd.provisioned ?? 0, replayed: Math.round(monthlyPc * 100) / 100 },
    invocations: runs.deployed[0].summary[spec.name].invocations,
    ...(withoutData.size > 0 ? { heldOutHoursWithoutData: withoutData.size } : {}),
    missed,
  };
}

/**
 * Replays `plan` once (seed `seed`) on the first `days` days of every function's traffic in `workload`
 * and compares each function with the plan's predictions and targets, as {@link backtest} does for
 * held-out days; the replay itself is returned too (`replan` reads its costs).
 */
export function replayPlan(workload: Workload, plan: Plan, days: number, seed: number): { functions: BacktestFunction[]; replay: SimulationResult } {
  const run = (p: Plan) => simulate(workload, p, { seed, durationSeconds: days * 86400, intervalSeconds: 3600 });
  const replay = run(plan);
  const runs = { deployed: [replay], schedule: [run(scheduleOnly(plan))] };
  return { functions: workload.functions.map((f) => compare(f, { train: f.traffic, test: f.traffic, trainedDays: 0 }, days, plan, runs)), replay };
}
