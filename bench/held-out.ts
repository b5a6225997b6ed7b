/**
 * `npm run bench:plan-quality -- --held-out`: does a plan by day of the week hold on a week it was not
 * built from?
 *
 * No public multi-day trace ships with the project, so two weeks are built from the bundled Azure
 * sample's real daily shapes (each busy function's 1,440 minutes) with stated day-to-day variation,
 * seeded (VARIATION): minute m of day d has Poisson(level_d × shape_m) calls, where level_d is the
 * weekday factor (1, or `weekendShare` on Saturday and Sunday) times a level that drifts by a random walk
 * (`driftPerDay` standard deviation of its log per day). Days start on Monday 2026-03-02, UTC.
 *
 * The planner plans week 1 twice: with the trace's start (a plan by day of the week) and without (the
 * daily plan, as before); both are replayed on week 2, and so is the per-hour oracle of week 2 (the
 * cheapest PC per hour of the week meeting the target, searched with the simulator). The issue's goals:
 * the weekly plan meets its spillover target on >= 90% of functions held out, and costs >= 25% less PC
 * than the daily plan; the second is above what any schedule can save here (the report states the
 * bound), so --check guards the first and the environment-hours saved against that bound.
 */
import { planWorkload } from '../lib/planner';
import type { Plan } from '../lib/planner/types';
import { Random, hashString, simulate, type SimulationResult } from '../lib/simulate';
import { trafficFromPerMinute } from '../lib/workload/traffic';
import type { FunctionSpec, Workload } from '../lib/workload/types';
import { azureSampleWorkload } from './azure-sample';
import { oracle, replay, spillRate, type OracleSetup } from './oracle';

/** The day-to-day variation the two weeks are built with. */
export const VARIATION = { weekendShare: 0.2, driftPerDay: 0.05, seed: 2019 } as const;
const START = '2026-03-02';
const WEEK2 = '2026-03-09';
const MINUTES_PER_WEEK = 7 * 1440;
const TARGET = 0.05;
/** The issue's goals: the weekly plan meets its target on 90% of functions held out, and saves 25% of PC. */
const GOAL_MEETS = 0.9;
const GOAL_PC_SAVING = 0.25;
/**
 * What --check guards instead of the 25%, which no plan can reach here (see `bound` in the report): the
 * weekly plan's PC environment-hours at least 85% of the way to the bound.
 */
const CHECK_SHARE_OF_BOUND = 0.85;

/**
 * Two weeks (20,160 minutes, from a Monday) from one day's shape: day d's minute m has
 * Poisson(level_d × shape[m]) calls, level_d = weekday factor × e^(random walk of the drift).
 */
export function twoWeeks(shape: readonly number[], variation: { readonly weekendShare: number; readonly driftPerDay: number }, rng: Random): number[] {
  const counts: number[] = [];
  let walk = 0;
  for (let d = 0; d < 14; d++) {
    if (d > 0) walk += variation.driftPerDay * rng.normal();
    const level = (d % 7 >= 5 ? variation.weekendShare : 1) * Math.exp(walk);
    for (const calls of shape) counts.push(rng.poisson(level * calls));
  }
  return counts;
}

/** The workload with every function's traffic replaced by `traffic(f)`. */
function withTraffic(base: Workload, traffic: (f: FunctionSpec) => FunctionSpec['traffic']): Workload {
  return { ...base, defaults: { ...base.defaults, timezone: 'UTC' }, functions: base.functions.map((f) => ({ ...f, traffic: traffic(f) })) };
}

interface Outcome {
  readonly spill: number;
  readonly pcUsd: number;
  readonly totalUsd: number;
  /** Provisioned environments allocated at the end of each hour, summed: what the schedule decides. */
  readonly pcHours: number;
}

function outcome(result: SimulationResult, name: string): Outcome {
  const s = result.summary[name];
  const series = result.series.find((x) => x.name === name);
  const pcHours = series ? series.provisioned.reduce((t, p) => t + p, 0) : 0;
  return { spill: spillRate(result, name), pcUsd: s.monthlyProvisionedCostUsd, totalUsd: s.monthlyCostUsd, pcHours };
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const usd = (x: number) => `$${x.toFixed(2)}`;

/** Runs the held-out benchmark; returns the report's lines and whether the goals hold. */
export function heldOut(options: { readonly oracle: boolean }): { lines: string[]; goalsMet: boolean; misses: string[] } {
  const t0 = Date.now();
  const base = azureSampleWorkload({ minInvocationsPerDay: 1440, latencySensitive: true, concurrencyLimit: 5000, spilloverTarget: TARGET });
  const weeks = new Map(base.functions.map((f) => [f.name, twoWeeks(f.traffic.perMinute ?? [], VARIATION, new Random(VARIATION.seed, hashString(f.name)))]));
  const week = (f: FunctionSpec, first: boolean) => (weeks.get(f.name) ?? []).slice(first ? 0 : MINUTES_PER_WEEK, first ? MINUTES_PER_WEEK : 2 * MINUTES_PER_WEEK);
  const weekly = planWorkload(withTraffic(base, (f) => trafficFromPerMinute(week(f, true), { startDate: START })));
  const daily = planWorkload(withTraffic(base, (f) => trafficFromPerMinute(week(f, true))));
  const week2 = withTraffic(base, (f) => trafficFromPerMinute(week(f, false), { startDate: WEEK2 }));
  const setup: OracleSetup = { hours: 168, seed: VARIATION.seed, spilloverTarget: TARGET };
  const run = (plan: Plan) => replay(week2, plan, setup);
  const results: Record<string, SimulationResult> = { weekly: run(weekly), daily: run(daily) };
  let rounds = 0;
  if (options.oracle) {
    const o = oracle(week2, weekly, setup);
    rounds = o.rounds;
    results.oracle = simulate(week2, o.plan, { seed: VARIATION.seed, intervalSeconds: 3600, durationSeconds: 168 * 3600 });
  }
  const names = base.functions.map((f) => f.name);
  const strategies = Object.keys(results);
  const by = (s: string, n: string) => outcome(results[s], n);
  const lines = [
    `Held out: ${names.length} busy functions of the Azure sample, two weeks each from their real day (weekends at ${VARIATION.weekendShare} of weekdays, level drift ${VARIATION.driftPerDay * 100}%/day random walk, Poisson noise, seed ${VARIATION.seed}); planned on week 1, replayed on week 2 (spillover target ${TARGET}).`,
    '',
    `| function | ${strategies.map((s) => `spill ${s}`).join(' | ')} | ${strategies.map((s) => `PC $/month ${s}`).join(' | ')} | weekly actions | weekly meets target |`,
    `| --- | ${strategies.map(() => '---:').join(' | ')} | ${strategies.map(() => '---:').join(' | ')} | ---: | :---: |`,
  ];
  for (const n of names) {
    const actions = weekly.functions.find((f) => f.name === n)?.provisioned?.schedule.length ?? 0;
    lines.push(`| ${n} | ${strategies.map((s) => pct(by(s, n).spill)).join(' | ')} | ${strategies.map((s) => usd(by(s, n).pcUsd)).join(' | ')} | ${actions} | ${by('weekly', n).spill <= TARGET ? 'yes' : 'no'} |`);
  }
  const total = (s: string, k: keyof Outcome) => names.reduce((t, n) => t + by(s, n)[k], 0);
  const meets = (s: string) => names.filter((n) => by(s, n).spill <= TARGET).length;
  const saving = 1 - total('weekly', 'pcUsd') / total('daily', 'pcUsd');
  const hoursSaving = 1 - total('weekly', 'pcHours') / total('daily', 'pcHours');
  lines.push('', '| held out (week 2) | ' + strategies.join(' | ') + ' |', `| --- | ${strategies.map(() => '---:').join(' | ')} |`);
  lines.push(`| functions meeting the spillover target | ${strategies.map((s) => `${meets(s)}/${names.length}`).join(' | ')} |`);
  lines.push(`| PC $/month (configured + duration on PC) | ${strategies.map((s) => usd(total(s, 'pcUsd'))).join(' | ')} |`);
  lines.push(`| total $/month | ${strategies.map((s) => usd(total(s, 'totalUsd'))).join(' | ')} |`);
  lines.push(`| PC environment-hours (allocated, hourly) | ${strategies.map((s) => total(s, 'pcHours').toFixed(0)).join(' | ')} |`);
  if (options.oracle) {
    lines.push(`| total / oracle | ${strategies.map((s) => (total(s, 'totalUsd') / total('oracle', 'totalUsd')).toFixed(3)).join(' | ')} |`);
    lines.push(`| PC / oracle | ${strategies.map((s) => (total(s, 'pcUsd') / total('oracle', 'pcUsd')).toFixed(3)).join(' | ')} |`);
  }
  lines.push('');
  lines.push(`weekly plan meets its target on ${meets('weekly')}/${names.length} held out (goal >= ${GOAL_MEETS * 100}%); PC cost ${pct(saving)} below the daily plan's (goal >= ${GOAL_PC_SAVING * 100}%), PC environment-hours ${pct(hoursSaving)} below`);
  lines.push(`bound: with weekends at ${VARIATION.weekendShare} of weekdays, PC that scales exactly with load can save at most 2/7 x (1 - ${VARIATION.weekendShare}) = ${pct((2 / 7) * (1 - VARIATION.weekendShare))} of environment-hours against a daily plan sized for weekdays; the duration on PC is paid under both plans`);
  lines.push(`wall time ${((Date.now() - t0) / 1000).toFixed(1)} s (${2 + (options.oracle ? rounds + 1 : 0)} simulated weeks of ${names.length} functions)`);
  const bound = (2 / 7) * (1 - VARIATION.weekendShare);
  const misses = [
    meets('weekly') < GOAL_MEETS * names.length ? `the weekly plan meets its target on ${meets('weekly')}/${names.length}, goal >= ${GOAL_MEETS * 100}%` : '',
    hoursSaving < CHECK_SHARE_OF_BOUND * bound ? `the weekly plan saves ${pct(hoursSaving)} of PC environment-hours, below ${CHECK_SHARE_OF_BOUND * 100}% of the ${pct(bound)} bound` : '',
  ].filter(Boolean);
  lines.push(
    `--check guards: >= ${GOAL_MEETS * 100}% meeting the target, and environment-hours saved >= ${CHECK_SHARE_OF_BOUND * 100}% of the bound (${pct(CHECK_SHARE_OF_BOUND * bound)}); the ${GOAL_PC_SAVING * 100}% PC goal is above the bound, so it is reported, not checked`,
  );
  return { lines, goalsMet: misses.length === 0, misses };
}
