/**
 * Growth headroom (MODEL §3): how much more traffic than its history a function's provisioned
 * concurrency is sized for. The workload may name it (per function, or in defaults); otherwise it comes
 * from the history: its own week-over-week level change when a per-minute trace has more than a week
 * (never below the floor `DEFAULTS.growthHeadroom`, never above `DEFAULTS.growthHeadroomMax`), the floor
 * when there is no second week to measure it on.
 */
import { DEFAULTS } from '../model';
import type { FunctionSpec } from '../workload/types';

const MINUTES_PER_DAY = 1440;
const DAYS_PER_WEEK = 7;

/** The growth a function's PC is sized for, and the rationale's words for where it came from. */
export interface GrowthHeadroom {
  /** Fraction of the traffic (0.1: sized for 10% more). */
  readonly growth: number;
  readonly source: string;
}

const percent = (x: number): string => `${Math.round(x * 1000) / 10}%`;

/**
 * The level change between the trace's weeks: calls of every day after the first week over the calls of
 * the same weekday a week before, less 1 (0.12: the later days carry 12% more). Undefined without a
 * second week to compare (at most 7 whole days) or without calls in the first.
 */
export function weekOverWeekChange(perMinute: readonly number[]): number | undefined {
  const days = Math.floor(perMinute.length / MINUTES_PER_DAY);
  if (days <= DAYS_PER_WEEK) return undefined;
  const calls = (day: number): number => {
    let sum = 0;
    for (let m = day * MINUTES_PER_DAY; m < (day + 1) * MINUTES_PER_DAY; m++) sum += perMinute[m];
    return sum;
  };
  let later = 0;
  let earlier = 0;
  for (let d = DAYS_PER_WEEK; d < days; d++) {
    later += calls(d);
    earlier += calls(d - DAYS_PER_WEEK);
  }
  return earlier > 0 ? later / earlier - 1 : undefined;
}

/** The growth headroom of one function: the workload's, else from its history (see the module comment). */
export function growthHeadroom(spec: FunctionSpec): GrowthHeadroom {
  if (spec.growthHeadroom !== undefined) return { growth: spec.growthHeadroom, source: 'set in the workload' };
  const floor = DEFAULTS.growthHeadroom;
  const change = spec.traffic.perMinute ? weekOverWeekChange(spec.traffic.perMinute) : undefined;
  if (change === undefined) return { growth: floor, source: 'the default floor (no second week of per-minute history to measure a week-over-week change on)' };
  const size = Math.min(DEFAULTS.growthHeadroomMax, Math.max(floor, Math.abs(change)));
  const bound = Math.abs(change) < floor ? `, below the ${percent(floor)} floor` : Math.abs(change) > DEFAULTS.growthHeadroomMax ? `, capped at ${percent(DEFAULTS.growthHeadroomMax)}` : '';
  return { growth: Math.round(size * 1000) / 1000, source: `the history's week-over-week level change (${change >= 0 ? '+' : ''}${percent(change)}${bound})` };
}

export { percent as headroomPercent };
