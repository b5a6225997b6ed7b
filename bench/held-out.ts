/**
 * `npm run bench:plan-quality -- --held-out`: does a plan hold on a week it was not built from, for the
 * functions that carry the bill?
 *
 * No public multi-day trace ships with the project, so two weeks are built from the bundled Azure
 * sample's real daily shapes (each busy function's 1,440 minutes), each shape 4 times at a drawn level
 * (`heldOutPopulation`, HELD_OUT.population: 100 functions whose spend is spread as in an account), with
 * issue #22's variation drawn per function (`heldOutWeeks`, HELD_OUT): weekend factor, week-over-week
 * level change up or down, a daily random walk, ±10 minutes of jitter and a one-off spike in week 1,
 * Poisson noise, seeded. Days start on Monday 2026-03-02, UTC. (`twoWeeks`, VARIATION: the older
 * fixed-weekend variation, which bench:planner still uses to build workloads.)
 *
 * The planner plans week 1 twice: with the trace's start (a plan by day of the week) and without (the
 * daily plan); both are replayed on week 2, and so is the per-hour oracle of week 2 (the cheapest PC per
 * hour of the week meeting the target, searched with the simulator). Issue #22's goals: >= 95% of the
 * functions carrying 80% of the spend meet their spillover target, at <= 1.10 x the oracle in total, and
 * no one-off spike becomes a weekly block. "PC cost" is judged on the configured PC (the allocation
 * charge, environment-seconds × memory) as well as in total: that is what a schedule decides; the
 * duration charge on PC is paid for the traffic served either way (and on demand, at a higher rate, for
 * what spills). The configured-PC saving is split into weekdays and the weekend (from the per-minute
 * series) to show where it comes from.
 */
import { planWorkload } from '../lib/planner';
import { levelForecast } from '../lib/planner/headroom';
import type { Plan } from '../lib/planner/types';
import { perMonth, usageCostUsd } from '../lib/model';
import { Random, hashString, simulate, type SimulationResult } from '../lib/simulate';
import { trafficFromPerMinute } from '../lib/workload/traffic';
import type { FunctionSpec, Workload } from '../lib/workload/types';
import { azureSampleWorkload } from './azure-sample';
import { oracle, spillRate, type OracleSetup } from './oracle';

/** The day-to-day variation the two weeks are built with. */
export const VARIATION = { weekendShare: 0.2, driftPerDay: 0.05, seed: 2019 } as const;
export const START = '2026-03-02';
/** The date `weeks` weeks after START (the replayed week's first day). */
export const weeksAfterStart = (weeks: number): string => new Date(Date.parse(`${START}T00:00:00Z`) + weeks * 7 * 86_400_000).toISOString().slice(0, 10);
const MINUTES_PER_WEEK = 7 * 1440;
const WEEKDAY_MINUTES = 5 * 1440;
const TARGET = 0.05;
/** Issue #22's goals: >= 95% of the functions carrying 80% of the spend meet their target, at <= 1.10 x the held-out oracle in total. */
const SPEND_SHARE = 0.8;
const GOAL_TOP_MEETS = 0.95;
const GOAL_ORACLE_RATIO = 1.1;
/**
 * What --check guards of the saving: the configured-PC saving of the weekly plan over the daily plan on
 * the #22 held-out weeks (8.3% measured on the 100-function population at seed 2019 since issue #22's
 * third pass, 3.6% before it; weekends drawn from 0.2-1.0: a weekend at 0.9 of the weekdays leaves little to
 * save, as the issue's evaluation found, 2-4%) less a margin for another plan's rounding, so a change that
 * gives back the weekend's saving fails CI.
 */
const CHECK_PC_SAVING = 0.06;

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

/**
 * The held-out weeks' variation (issue #22), drawn per function from its own seeded stream: a weekend
 * factor uniform in `weekendShare`, a week-over-week level change uniform in `weekChange` (up or down,
 * compounding day by day, so week 2 is that much above or below week 1), the daily random walk of
 * `driftPerDay`, each day's shape shifted by up to `jitterMinutes` either way (a batch that moves across an
 * hour boundary), and one one-off spike in week 1: `spike.factor` x the calls for `spike.minutes` at a
 * random minute of a random weekday (it must not become a weekly block).
 */
export const HELD_OUT = {
  weekendShare: [0.2, 1.0],
  weekChange: [-0.2, 0.2],
  driftPerDay: 0.03,
  jitterMinutes: 10,
  spike: { factor: 4, minutes: 30 },
  seed: 2019,
  /**
   * The population: each busy function's real day appears `copies` times, each copy scaled to its own
   * mean concurrency drawn log-uniform in `meanConcurrency` (environments busy on average over the day),
   * so the spend spreads over many functions as it does in an account (as recorded, one function of the
   * sample carries 92% of it, and "the functions carrying 80% of the spend" would be that one). A copy's
   * mean rate is capped at `maxMeanRps` (a 24 ms function at 50 environments would be 2,000 requests/s,
   * and the simulator replays every request): the short functions stay small, as they are in the bill.
   */
  population: { copies: 4, meanConcurrency: [0.5, 50], maxMeanRps: 5 },
} as const;

/**
 * The held-out population (HELD_OUT.population): every function of `sample` `copies` times, named
 * `<name>-L<k>`, its per-minute day scaled so that its mean concurrency (calls/s x average duration) is a
 * log-uniform draw, seeded by the copy's name (its mean rate capped). `recorded`: the sample as it is.
 */
export function heldOutPopulation(sample: Workload, levels: 'spread' | 'recorded', seed: number = HELD_OUT.seed): Workload {
  if (levels === 'recorded') return sample;
  const { copies, meanConcurrency: [lo, hi], maxMeanRps } = HELD_OUT.population;
  const functions = sample.functions.flatMap((f) =>
    Array.from({ length: copies }, (_, k) => {
      const name = `${f.name}-L${k}`;
      const perMinute = f.traffic.perMinute ?? [];
      const mean = perMinute.reduce((t, c) => t + c, 0) / Math.max(1, perMinute.length);
      const wanted = lo * Math.pow(hi / lo, new Random(seed, hashString(name)).uniform());
      const rps = Math.min(maxMeanRps, wanted / (f.durationMs.avg / 1000));
      const scale = mean > 0 ? (rps * 60) / mean : 1;
      return { ...f, name, traffic: trafficFromPerMinute(perMinute.map((c) => c * scale)) };
    }),
  );
  return { ...sample, functions };
}

/**
 * How the week-over-week level change comes: `trend`, compounding day by day (week 1 already rises or falls
 * towards it, and a forecast can see it), or `step`, all at once at the start of week 2 (week 1 shows none
 * of it: what a forecast cannot see, and only the margin and target tracking can absorb).
 */
/** The population `heldOut` plans: the Azure sample's busy functions, latency-sensitive at the #22 target, drawn by `seed`. */
export function heldOutSample(levels: 'spread' | 'recorded', seed: number = HELD_OUT.seed): Workload {
  return heldOutPopulation(azureSampleWorkload({ minInvocationsPerDay: 1440, latencySensitive: true, concurrencyLimit: levels === 'spread' ? 20000 : 5000, spilloverTarget: TARGET }), levels, seed);
}

export type WeekChange = 'trend' | 'step';

/** Two weeks (or more) of one function under HELD_OUT's variation, and where its one-off spike is. */
export interface HeldOutWeeks {
  readonly counts: number[];
  /** The same weeks without the spike's extra calls (what a plan without the spike is built from). */
  readonly withoutSpike: number[];
  readonly weekendShare: number;
  /** The last week's level over the week before it, less 1. */
  readonly weekChange: number;
  /** Minute of week 1 the spike starts at. */
  readonly spikeMinute: number;
}

/**
 * `weeks` weeks (two by default: 20,160 minutes, from a Monday) from one day's shape under HELD_OUT's
 * variation. A trend keeps its rate through every week; steps come at the start of each week after the
 * first, each drawn afresh (a week's level over the week before it is uniform in `weekChange`). The draws of
 * the first two weeks do not depend on `weeks`.
 */
export function heldOutWeeks(shape: readonly number[], rng: Random, change: WeekChange = 'trend', weeks = 2, seed: number = HELD_OUT.seed): HeldOutWeeks {
  const v = HELD_OUT;
  const uniform = ([lo, hi]: readonly [number, number]) => lo + (hi - lo) * rng.uniform();
  const weekendShare = uniform(v.weekendShare);
  const weekChange = uniform(v.weekChange);
  const spikeDay = Math.floor(rng.uniform() * 5);
  const spikeMinute = spikeDay * 1440 + Math.floor(rng.uniform() * (1440 - v.spike.minutes));
  const counts: number[] = [];
  const withoutSpike: number[] = [];
  // The spike's extra calls come from a stream of their own, so the weeks without it are the same draws.
  const extra = new Random(seed, Math.floor(rng.uniform() * 2 ** 31));
  let walk = 0;
  // Step levels: week 1 at 1, week 2 at 1 + weekChange, each later week a fresh step on the week before.
  let stepped = 1;
  let lastChange = weekChange;
  for (let d = 0; d < 7 * weeks; d++) {
    if (d > 0) walk += v.driftPerDay * rng.normal();
    if (d === 7) stepped = 1 + weekChange;
    if (d >= 14 && d % 7 === 0 && change === 'step') {
      lastChange = uniform(v.weekChange);
      stepped *= 1 + lastChange;
    }
    const grown = change === 'trend' ? Math.pow(1 + weekChange, d / 7) : stepped;
    const level = (d % 7 >= 5 ? weekendShare : 1) * grown * Math.exp(walk);
    const shift = Math.round((2 * rng.uniform() - 1) * v.jitterMinutes);
    for (let m = 0; m < shape.length; m++) {
      const at = d * 1440 + m;
      const mean = level * shape[(m - shift + shape.length) % shape.length];
      const calls = rng.poisson(mean);
      withoutSpike.push(calls);
      counts.push(at >= spikeMinute && at < spikeMinute + v.spike.minutes ? calls + extra.poisson((v.spike.factor - 1) * mean) : calls);
    }
  }
  return { counts, withoutSpike, weekendShare, weekChange: lastChange, spikeMinute };
}

/** The workload with every function's traffic replaced by `traffic(f)`. */
function withTraffic(base: Workload, traffic: (f: FunctionSpec) => FunctionSpec['traffic']): Workload {
  return { ...base, defaults: { ...base.defaults, timezone: 'UTC' }, functions: base.functions.map((f) => ({ ...f, traffic: traffic(f) })) };
}

interface Outcome {
  readonly spill: number;
  /** Configured PC $/month: allocated environment-seconds × memory at the PC price. */
  readonly configuredUsd: number;
  /** PC $/month: configured, and the duration of the invocations served on PC. */
  readonly pcUsd: number;
  readonly totalUsd: number;
  /** Allocated provisioned environment-hours over the week. */
  readonly pcHours: number;
  /** Configured PC $/month of the week's Monday-Friday and of its weekend (from the per-minute series). */
  readonly weekdayUsd: number;
  readonly weekendUsd: number;
}

function outcome(result: SimulationResult, spec: FunctionSpec): Outcome {
  const s = result.summary[spec.name];
  const configured = (environmentSeconds: number) =>
    perMonth(usageCostUsd({ memoryMb: spec.memoryMb, architecture: spec.architecture, requests: 0, onDemandSeconds: 0, provisionedSeconds: environmentSeconds, provisionedBusySeconds: 0 }), result.durationSeconds);
  const minutes = result.series.find((x) => x.name === spec.name)?.provisioned ?? new Float64Array(0);
  const seconds = (from: number, to: number) => minutes.slice(from, to).reduce((t, p) => t + p * result.intervalSeconds, 0);
  return {
    spill: spillRate(result, spec.name),
    configuredUsd: configured(s.provisionedSeconds),
    pcUsd: s.monthlyProvisionedCostUsd,
    totalUsd: s.monthlyCostUsd,
    pcHours: s.provisionedSeconds / 3600,
    weekdayUsd: configured(seconds(0, WEEKDAY_MINUTES)),
    weekendUsd: configured(seconds(WEEKDAY_MINUTES, MINUTES_PER_WEEK)),
  };
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const usd = (x: number) => `$${x.toFixed(2)}`;

/**
 * The per-hour oracle's total $/month per function on week 2, as a `--held-out` run with the oracle found it
 * (`--write-oracle`): what a run without the oracle divides by, so CI can hold the <= 1.10 x goal in a minute
 * instead of seven. It does not depend on the plan (the oracle searches PC per hour in [0, reserved], and
 * the weeks, seed and simulator fix the rest): re-record it when the simulator, the population or the weeks
 * change (`bench/held-out-oracle.json` names the commit it came from).
 */
export interface RecordedOracle {
  readonly seed: number;
  readonly change: WeekChange;
  readonly levels: 'spread' | 'recorded';
  /** Weeks of history the plan was built from (absent: 1). */
  readonly historyWeeks?: number;
  readonly commit?: string;
  readonly totalUsd: Readonly<Record<string, number>>;
}

/**
 * The file a variant's recorded oracle lives in, under bench/: `held-out-oracle.json` for trend weeks planned
 * on one week (what CI checks first), `held-out-oracle-<weeks>w-<change>.json` for the others, with
 * `-seed<seed>` before `.json` for a seed other than HELD_OUT's.
 */
export function recordedOracleFile(change: WeekChange, historyWeeks: number, seed: number = HELD_OUT.seed): string {
  const name = change === 'trend' && historyWeeks === 1 ? 'held-out-oracle' : `held-out-oracle-${historyWeeks}w-${change}`;
  return `${name}${seed === HELD_OUT.seed ? '' : `-seed${seed}`}.json`;
}

/** Runs the held-out benchmark; returns the report's lines, whether the goals hold and, with the oracle, its totals to record. */
export function heldOut(options: {
  readonly oracle: boolean;
  readonly headroom?: number;
  readonly levels?: 'spread' | 'recorded';
  readonly change?: WeekChange;
  /** Weeks of history planned from (1 by default); the week after them is replayed. */
  readonly historyWeeks?: number;
  /** The seed of every draw (population levels, weeks, replays); HELD_OUT.seed by default. */
  readonly seed?: number;
  readonly recorded?: RecordedOracle;
}): { lines: string[]; goalsMet: boolean; misses: string[]; spikeBlocks: string[]; oracle?: RecordedOracle } {
  const t0 = Date.now();
  const levels = options.levels ?? 'spread';
  const change = options.change ?? 'trend';
  const history = options.historyWeeks ?? 1;
  const seed = options.seed ?? HELD_OUT.seed;
  const historyMinutes = history * MINUTES_PER_WEEK;
  const planned = history === 1 ? 'week 1' : `weeks 1-${history}`;
  const replayed = `week ${history + 1}`;
  const sample = heldOutSample(levels, seed);
  // --headroom G: every function sized for G (the workload's growthHeadroom), to compare floors side by side.
  const base = options.headroom === undefined ? sample : { ...sample, functions: sample.functions.map((f) => ({ ...f, growthHeadroom: options.headroom })) };
  const weeks = new Map(base.functions.map((f) => [f.name, heldOutWeeks(f.traffic.perMinute ?? [], new Random(seed, hashString(f.name)), change, history + 1, seed)]));
  // first: the history (`history` weeks); otherwise the week after it, replayed.
  const week = (f: FunctionSpec, first: boolean) => (weeks.get(f.name)?.counts ?? []).slice(first ? 0 : historyMinutes, first ? historyMinutes : historyMinutes + MINUTES_PER_WEEK);
  const weekly = planWorkload(withTraffic(base, (f) => trafficFromPerMinute(week(f, true), { startDate: START })));
  const daily = planWorkload(withTraffic(base, (f) => trafficFromPerMinute(week(f, true))));
  const week2 = withTraffic(base, (f) => trafficFromPerMinute(week(f, false), { startDate: weeksAfterStart(history) }));
  const setup: OracleSetup = { hours: 168, seed, spilloverTarget: TARGET };
  // Per-minute series: the weekday/weekend split of the allocated PC.
  const run = (plan: Plan) => simulate(week2, plan, { seed, intervalSeconds: 60, durationSeconds: MINUTES_PER_WEEK * 60 });
  const results: Record<string, SimulationResult> = { weekly: run(weekly), daily: run(daily) };
  let rounds = 0;
  if (options.oracle) {
    const o = oracle(week2, weekly, setup);
    rounds = o.rounds;
    results.oracle = run(o.plan);
  }
  const specs = base.functions;
  const strategies = Object.keys(results);
  const by = (s: string, f: FunctionSpec) => outcome(results[s], f);
  const cols = (f: (s: string) => string) => strategies.map(f).join(' | ');
  // The functions that carry 80% of the spend: the fewest, largest first, whose daily plan's total $ on the replayed week reaches 80%.
  const spend = (f: FunctionSpec) => by('daily', f).totalUsd;
  const bySpend = [...specs].sort((a, b) => spend(b) - spend(a) || a.name.localeCompare(b.name));
  const allSpend = specs.reduce((t, f) => t + spend(f), 0);
  const top: FunctionSpec[] = [];
  for (const f of bySpend) {
    if (top.reduce((t, g) => t + spend(g), 0) >= SPEND_SHARE * allSpend) break;
    top.push(f);
  }
  const isTop = new Set(top.map((f) => f.name));
  // A one-off spike made a block when the spike's day gets more PC at the spike's hours than in the plan of
  // the same week without the spike's extra calls, and more than the other weekdays there (a weekly block),
  // or over a quarter more than that plan (+1) at those hours on every day alike (a daily block: when all
  // seven days plan alike the plan is daily, and the spike's hour was sized on every day; the level forecast
  // moves by the spike's calls only, a few percent).
  const calm = planWorkload(withTraffic(base, (f) => trafficFromPerMinute((weeks.get(f.name)?.withoutSpike ?? []).slice(0, historyMinutes), { startDate: START })));
  const spikeBlock = (f: FunctionSpec): boolean => {
    const pcOf = (p: Plan) => {
      const pc = p.functions.find((x) => x.name === f.name)?.provisioned;
      return pc ? (pc.weekly ?? Array.from({ length: 168 }, (_, c) => pc.hourly[c % 24])) : undefined;
    };
    const [spiked, without] = [pcOf(weekly), pcOf(calm)];
    const w = weeks.get(f.name);
    if (!spiked || !without || !w) return false;
    const day = Math.floor(w.spikeMinute / 1440);
    const hours = [...new Set([w.spikeMinute, w.spikeMinute + HELD_OUT.spike.minutes - 1].map((m) => Math.floor((m % 1440) / 60)))];
    const others = [0, 1, 2, 3, 4].filter((d) => d !== day);
    return hours.some(
      (h) =>
        (spiked[day * 24 + h] > without[day * 24 + h] && spiked[day * 24 + h] > Math.max(...others.map((d) => spiked[d * 24 + h]))) ||
        spiked[day * 24 + h] > 1.25 * without[day * 24 + h] + 1,
    );
  };
  const lines = [
    `Held out: ${levels === 'spread' ? `${specs.length} functions: each busy function of the Azure sample ${HELD_OUT.population.copies} times, scaled to a mean concurrency drawn log-uniform in ${HELD_OUT.population.meanConcurrency.join('-')} (mean rate at most ${HELD_OUT.population.maxMeanRps}/s)` : `${specs.length} busy functions of the Azure sample at their recorded levels`}, ${history === 1 ? 'two' : `${history + 1}`} weeks each from their real day (per function: weekends at ${HELD_OUT.weekendShare.join('-')} of weekdays, week-over-week level change ${HELD_OUT.weekChange.map((x) => `${x * 100}%`).join(' to ')} ${change === 'trend' ? 'compounding day by day' : history === 1 ? 'as a step at the start of week 2' : 'as a step at the start of every week after the first, each drawn afresh'}, level drift ${HELD_OUT.driftPerDay * 100}%/day random walk, each day's shape shifted by up to ±${HELD_OUT.jitterMinutes} min, one one-off spike of ${HELD_OUT.spike.factor}x for ${HELD_OUT.spike.minutes} min on a weekday of week 1, Poisson noise, seed ${seed}); planned on ${planned}, replayed on ${replayed} (spillover target ${TARGET}; growth headroom ${options.headroom === undefined ? 'the planner default' : options.headroom}). Top: the ${top.length} functions carrying ${SPEND_SHARE * 100}% of the spend (the daily plan's total $ on ${replayed}).`,
    '',
    `| function | top | weekend | week change | ${cols((s) => `spill ${s}`)} | ${cols((s) => `total $/month ${s}`)} | growth absorbed | weekly actions | spike made a block | weekly meets target |`,
    `| --- | :---: | ---: | ---: | ${cols(() => '---:')} | ${cols(() => '---:')} | ---: | ---: | :---: | :---: |`,
  ];
  for (const f of bySpend) {
    const w = weeks.get(f.name);
    const provisioned = weekly.functions.find((x) => x.name === f.name)?.provisioned;
    lines.push(
      `| ${f.name} | ${isTop.has(f.name) ? 'yes' : ''} | ${(w?.weekendShare ?? 0).toFixed(2)} | ${pct(w?.weekChange ?? 0)} | ${cols((s) => pct(by(s, f).spill))} | ${cols((s) => usd(by(s, f).totalUsd))} | ${pct(provisioned?.growthAbsorbed ?? 0)} | ${provisioned?.schedule.length ?? 0} | ${spikeBlock(f) ? 'yes' : ''} | ${by('weekly', f).spill <= TARGET ? 'yes' : 'no'} |`,
    );
  }
  const total = (s: string, k: Exclude<keyof Outcome, 'spill'>, among: readonly FunctionSpec[] = specs) => among.reduce((t, f) => t + by(s, f)[k], 0);
  const meets = (s: string, among: readonly FunctionSpec[] = specs) => among.filter((f) => by(s, f).spill <= TARGET).length;
  const below = (k: Exclude<keyof Outcome, 'spill'>, s = 'weekly') => 1 - total(s, k) / total('daily', k);
  const ratio = (s: string, k: Exclude<keyof Outcome, 'spill'>, among: readonly FunctionSpec[]) => (total(s, k, among) / total('oracle', k, among)).toFixed(3);
  const rows: Array<[string, (s: string) => string]> = [
    ['functions meeting the spillover target', (s) => `${meets(s)}/${specs.length}`],
    [`- of the top ${top.length} (${SPEND_SHARE * 100}% of the spend)`, (s) => `${meets(s, top)}/${top.length}`],
    ['**configured PC $/month** (allocation: environment-seconds x memory)', (s) => usd(total(s, 'configuredUsd'))],
    ['- of it Monday-Friday', (s) => usd(total(s, 'weekdayUsd'))],
    ['- of it Saturday-Sunday', (s) => usd(total(s, 'weekendUsd'))],
    ['PC $/month (configured + duration on PC)', (s) => usd(total(s, 'pcUsd'))],
    ['total $/month', (s) => usd(total(s, 'totalUsd'))],
    ['- of it the top functions', (s) => usd(total(s, 'totalUsd', top))],
    ['PC environment-hours (allocated)', (s) => total(s, 'pcHours').toFixed(0)],
    ['configured PC below the daily plan', (s) => pct(below('configuredUsd', s))],
    ['PC (configured + duration) below the daily plan', (s) => pct(below('pcUsd', s))],
    ...(options.oracle
      ? ([
          ['configured PC / oracle', (s) => ratio(s, 'configuredUsd', specs)],
          ['total / oracle', (s) => ratio(s, 'totalUsd', specs)],
          ['total / oracle, top functions', (s) => ratio(s, 'totalUsd', top)],
        ] as Array<[string, (s: string) => string]>)
      : []),
  ];
  lines.push('', `| held out (${replayed}) | ${strategies.join(' | ')} |`, `| --- | ${cols(() => '---:')} |`, ...rows.map(([label, value]) => `| ${label} | ${cols(value)} |`));
  const saving = below('configuredUsd');
  const spikes = specs.filter(spikeBlock).map((f) => f.name);
  const topMeets = meets('weekly', top) / Math.max(1, top.length);
  // Without the oracle in this run, a recorded one of the same weeks (every function of the population in it).
  const recorded = options.recorded;
  const recordedFits = !options.oracle && recorded !== undefined && recorded.seed === seed && recorded.change === change && recorded.levels === levels && (recorded.historyWeeks ?? 1) === history && specs.every((f) => recorded.totalUsd[f.name] !== undefined);
  const oracleTotal = (among: readonly FunctionSpec[]) => (options.oracle ? total('oracle', 'totalUsd', among) : among.reduce((t, f) => t + (recorded?.totalUsd[f.name] ?? 0), 0));
  const topRatio = options.oracle || recordedFits ? total('weekly', 'totalUsd', top) / oracleTotal(top) : undefined;
  const oracleName = options.oracle ? 'the held-out oracle' : `the recorded held-out oracle (bench/${recordedOracleFile(change, history, seed)}${recorded?.commit ? `, ${recorded.commit}` : ''}: $${oracleTotal(top).toFixed(2)} for these functions)`;
  lines.push('');
  lines.push(
    `weekly plan meets its target on ${meets('weekly', top)}/${top.length} of the functions carrying ${SPEND_SHARE * 100}% of the spend (goal >= ${GOAL_TOP_MEETS * 100}%: ${topMeets >= GOAL_TOP_MEETS ? 'met' : 'not met'}) and ${meets('weekly')}/${specs.length} of all; ${topRatio === undefined ? `no oracle in this run${recorded ? ' (the recorded one, bench/${recordedOracleFile(change, history)}, is of other weeks, or misses functions: re-record it with --write-oracle)' : ''}` : `their total $ at ${topRatio.toFixed(3)} x ${oracleName} (goal <= ${GOAL_ORACLE_RATIO}: ${topRatio <= GOAL_ORACLE_RATIO ? 'met' : 'not met'})`}; one-off spikes that made a block (weekly, or daily: the spike's hour raised on every day): ${spikes.length} (${spikes.join(', ') || 'none'})`,
  );
  // The level forecast against what came: the replayed week's calls over the history's weekly mean, less 1, less the forecast from the history.
  const calls = (xs: readonly number[]) => xs.reduce((t, c) => t + c, 0);
  const errors = (forecast: (f: FunctionSpec) => number) =>
    specs.map((f) => calls(week(f, false)) / Math.max(1, calls(week(f, true)) / history) - 1 - forecast(f)).sort((a, b) => a - b);
  const p90 = (xs: readonly number[]) => xs[Math.min(xs.length - 1, Math.floor(0.9 * xs.length))];
  const [trend, flat] = [errors((f) => levelForecast(week(f, true), 0) ?? 0), errors(() => 0)];
  lines.push(`level change of ${replayed} less its forecast from ${planned}, over the ${specs.length} functions: 90th percentile ${pct(p90(trend))} with the level forecast (max ${pct(trend[trend.length - 1])}), ${pct(p90(flat))} with a flat one (max ${pct(flat[flat.length - 1])})`);
  lines.push(`configured PC ${pct(saving)} below the daily plan's; PC with the duration on it ${pct(below('pcUsd'))} below, environment-hours ${pct(below('pcHours'))} below`);
  lines.push(`wall time ${((Date.now() - t0) / 1000).toFixed(1)} s (${2 + (options.oracle ? rounds + 1 : 0)} simulated weeks of ${specs.length} functions)`);
  const misses = [
    topMeets < GOAL_TOP_MEETS ? `the weekly plan meets its target on ${meets('weekly', top)}/${top.length} of the top functions, goal >= ${GOAL_TOP_MEETS * 100}%` : '',
    topRatio !== undefined && topRatio > GOAL_ORACLE_RATIO ? `the top functions' total is ${topRatio.toFixed(3)} x ${options.oracle ? 'the oracle' : 'the recorded oracle'}, goal <= ${GOAL_ORACLE_RATIO}` : '',
    spikes.length > 0 ? `a one-off spike made a block on ${spikes.join(', ')}` : '',
    saving < CHECK_PC_SAVING ? `the weekly plan's configured PC is ${pct(saving)} below the daily plan's, under the ${pct(CHECK_PC_SAVING)} CI floor` : '',
  ].filter(Boolean);
  lines.push(
    `--check guards: >= ${GOAL_TOP_MEETS * 100}% of the top functions meeting the target, no one-off spike as a block, configured PC >= ${pct(CHECK_PC_SAVING)} below the daily plan's${topRatio !== undefined ? `, top total <= ${GOAL_ORACLE_RATIO} x ${options.oracle ? 'the oracle' : 'the recorded oracle'}` : ''}`,
  );
  const oracleTotals = options.oracle ? { seed, change, levels, ...(history === 1 ? {} : { historyWeeks: history }), totalUsd: Object.fromEntries(specs.map((f) => [f.name, Math.round(by('oracle', f).totalUsd * 100) / 100])) } : undefined;
  return { lines, goalsMet: misses.length === 0, misses, spikeBlocks: spikes, ...(oracleTotals ? { oracle: oracleTotals } : {}) };
}
