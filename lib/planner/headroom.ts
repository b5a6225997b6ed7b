/**
 * Growth headroom (MODEL §3): how much more traffic than its history a function's provisioned
 * concurrency is sized for. The workload may name it (per function, or in defaults); otherwise it comes
 * from the history:
 * - a per-minute trace with a start and at least a week: the level forecast (`levelForecast`: the trend of
 *   the daily calls, weekends apart, carried to the middle of the next week) plus the margin
 *   `DEFAULTS.growthForecastMargin`, a fall included, never below 0 (a plan is not sized below its history);
 * - a trace of more than a week without a start: its week-over-week level change (never below the floor
 *   `DEFAULTS.growthHeadroom`);
 * - otherwise the floor.
 * Never above `DEFAULTS.growthHeadroomMax`. Measured on `bench:plan-quality --held-out` (bench/README.md):
 * the forecast with a 5% margin keeps 36 of the 37 functions carrying 80% of the spend at their target,
 * the flat 10% floor 32; sizing falls too (down to the history's level) keeps 36 at 3.8% less spend on them.
 */
import { DEFAULTS } from '../model';
import type { FunctionSpec } from '../workload/types';
import { weekStart } from './week';

const MINUTES_PER_DAY = 1440;
const DAYS_PER_WEEK = 7;

/** The growth a function's PC is sized for, and the rationale's words for where it came from. */
export interface GrowthHeadroom {
  /** Fraction of the traffic (0.1: sized for 10% more). */
  readonly growth: number;
  readonly source: string;
}

const percent = (x: number): string => `${Math.round(x * 1000) / 10}%`;
/** `+12%`, `-3%`: a change with its sign. */
const signedPercent = (x: number): string => `${x >= 0 ? '+' : ''}${percent(x)}`;

/**
 * Calls of each whole day of a per-minute history; NaN for a day with an hour in `unknownHours` (day × 24 +
 * hour). Such a day's calls are partly the coverage rule's fill, the busiest known hour at the same hour of
 * the week, not a measurement: a trace that starts mid-day or ends before midnight would read as a level
 * change (a trailing day filled from two weeks' busiest hours, +19% on flat traffic).
 */
function dailyCalls(perMinute: readonly number[], unknownHours: readonly number[] = []): number[] {
  const filled = new Set(unknownHours.map((h) => Math.floor(h / 24)));
  return Array.from({ length: Math.floor(perMinute.length / MINUTES_PER_DAY) }, (_, d) => {
    if (filled.has(d)) return NaN;
    let sum = 0;
    for (let m = d * MINUTES_PER_DAY; m < (d + 1) * MINUTES_PER_DAY; m++) sum += perMinute[m];
    return sum;
  });
}

/**
 * The level change between the trace's weeks: calls of every day after the first week over the calls of
 * the same weekday a week before, less 1 (0.12: the later days carry 12% more); a pair with a day that has
 * hours without data (`unknownHours`) takes no part. Undefined without a second week to compare (at most 7
 * whole days) or without calls in the first.
 */
export function weekOverWeekChange(perMinute: readonly number[], unknownHours?: readonly number[]): number | undefined {
  const calls = dailyCalls(perMinute, unknownHours);
  if (calls.length <= DAYS_PER_WEEK) return undefined;
  let later = 0;
  let earlier = 0;
  for (let d = DAYS_PER_WEEK; d < calls.length; d++) {
    if (Number.isNaN(calls[d]) || Number.isNaN(calls[d - DAYS_PER_WEEK])) continue;
    later += calls[d];
    earlier += calls[d - DAYS_PER_WEEK];
  }
  return earlier > 0 ? later / earlier - 1 : undefined;
}

/**
 * The trend of a per-minute history's level: the least-squares slope of log(calls per day) over its whole
 * days, fitted within weekdays and within weekend days (Saturday and Sunday, from `firstWeekday`, 0 =
 * Monday) — each kind centred on its own means — so a quiet weekend is not read as a fall. Days without
 * calls, and days with hours without data (`unknownHours`, filled by the coverage rule), take no part. Undefined with fewer than four days with calls, or no weekday.
 *
 * Least squares rather than the median of the day-to-day slopes (Theil–Sen): on `bench:plan-quality
 * --held-out` the median's forecast errs less (90th percentile of the miss 10.6 points against 12.5) but
 * kept one top-spend function fewer at its target (35/37 against 36/37); one unusual day (a spike, an
 * outage) does tilt a least-squares trend, which the margin and target tracking absorb.
 * @returns the change of log level per day (0.02: about 2% more each day)
 */
export function levelTrendPerDay(perMinute: readonly number[], firstWeekday: number, unknownHours?: readonly number[]): number | undefined {
  const rows = dailyCalls(perMinute, unknownHours)
    .map((calls, d) => ({ d, weekend: (firstWeekday + d) % DAYS_PER_WEEK >= 5, y: Math.log(calls) }))
    .filter((r) => Number.isFinite(r.y));
  if (rows.length < 4 || rows.every((r) => r.weekend)) return undefined;
  let sxy = 0;
  let sxx = 0;
  for (const kind of [false, true]) {
    const own = rows.filter((r) => r.weekend === kind);
    if (own.length === 0) continue;
    const md = own.reduce((t, r) => t + r.d, 0) / own.length;
    const my = own.reduce((t, r) => t + r.y, 0) / own.length;
    for (const r of own) {
      sxy += (r.d - md) * (r.y - my);
      sxx += (r.d - md) * (r.d - md);
    }
  }
  return sxx > 0 ? sxy / sxx : undefined;
}

/**
 * The level forecast: the history's trend carried from the middle of its days to the middle of the week
 * after it ((days + 7) / 2 days ahead), as a change over the history's level (0.15: next week 15% busier).
 */
export function levelForecast(perMinute: readonly number[], firstWeekday: number, unknownHours?: readonly number[]): number | undefined {
  const trend = levelTrendPerDay(perMinute, firstWeekday, unknownHours);
  if (trend === undefined) return undefined;
  const days = Math.floor(perMinute.length / MINUTES_PER_DAY);
  return Math.exp((trend * (days + DAYS_PER_WEEK)) / 2) - 1;
}

/** The growth headroom of one function: the workload's, else from its history (see the module comment). */
export function growthHeadroom(spec: FunctionSpec): GrowthHeadroom {
  if (spec.growthHeadroom !== undefined) return { growth: spec.growthHeadroom, source: 'set in the workload' };
  const floor = DEFAULTS.growthHeadroom;
  const perMinute = spec.traffic.perMinute;
  const firstWeekday = weekStart(spec.traffic);
  const forecast = perMinute && firstWeekday !== undefined ? levelForecast(perMinute, firstWeekday, spec.traffic.unknownHours) : undefined;
  if (forecast !== undefined) {
    const margin = DEFAULTS.growthForecastMargin;
    const wanted = margin + forecast;
    const size = Math.min(DEFAULTS.growthHeadroomMax, Math.max(0, wanted));
    return {
      growth: Math.round(size * 1000) / 1000,
      source: `the level forecast (the trend of the history's daily calls, weekends apart, carried to the middle of next week: ${signedPercent(forecast)}) plus a ${percent(margin)} margin${wanted > DEFAULTS.growthHeadroomMax ? `, capped at ${percent(DEFAULTS.growthHeadroomMax)}` : wanted < 0 ? ', at least 0 (a plan is not sized below its history)' : ''}`,
    };
  }
  const change = perMinute ? weekOverWeekChange(perMinute, spec.traffic.unknownHours) : undefined;
  if (change === undefined) {
    const unknown = perMinute !== undefined && firstWeekday !== undefined && (spec.traffic.unknownHours?.length ?? 0) > 0;
    return {
      growth: floor,
      source: unknown
        ? 'the default floor (too few whole days with every hour known to forecast a level from: hours without data are filled in, not measured)'
        : 'the default floor (no week of per-minute history with a start to forecast from, and no second week to measure a week-over-week change on)',
    };
  }
  const size = Math.min(DEFAULTS.growthHeadroomMax, Math.max(floor, Math.abs(change)));
  const bound = Math.abs(change) < floor ? `, below the ${percent(floor)} floor` : Math.abs(change) > DEFAULTS.growthHeadroomMax ? `, capped at ${percent(DEFAULTS.growthHeadroomMax)}` : '';
  return { growth: Math.round(size * 1000) / 1000, source: `the history's week-over-week level change (${signedPercent(change)}${bound})` };
}

export { percent as headroomPercent };
