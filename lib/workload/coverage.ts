/**
 * Hours a trace has no data for. They are unknown, not zero: each is given the minutes of a known hour
 * by one rule ({@link COVERAGE_RULE}), and the plan names them.
 *
 * Why this rule (bench/coverage.ts, measured on the Azure sample with 8 of 24 hours kept): sizing the
 * unknown hours like the busiest known one meets the spillover target where zero-filling, the nearest
 * hour or a typical hour miss it; the same hour on other days comes first because daily (and weekly)
 * shapes repeat.
 */
import { addDays } from './calendar';
import type { Traffic } from './types';

const MINUTES_PER_HOUR = 60;
const HOURS_PER_DAY = 24;
const HOURS_PER_WEEK = 7 * HOURS_PER_DAY;

/** The rule, in words, for notes and docs. */
export const COVERAGE_RULE =
  'an hour without data takes the minutes of the busiest known hour at the same hour of the week, else of the day, else of the whole trace';

/**
 * Picks the known hour whose minutes an unknown hour takes: `invocations[h]` is hour h's total (NaN when
 * unknown); returns an hour index, or -1 to leave the hour at zero.
 */
export type HourSource = (hour: number, invocations: readonly number[]) => number;

/** The busiest known hour among those `pick` accepts (the earliest on ties), or -1. */
export function busiestHour(invocations: readonly number[], pick: (h: number) => boolean = () => true): number {
  let best = -1;
  invocations.forEach((n, h) => {
    if (!Number.isNaN(n) && pick(h) && (best < 0 || n > invocations[best])) best = h;
  });
  return best;
}

/** {@link COVERAGE_RULE}: the busiest known hour at the same hour of the week, else of the day, else any. */
export const sameHourOrBusiest: HourSource = (hour, invocations) => {
  for (const period of [HOURS_PER_WEEK, HOURS_PER_DAY]) {
    const found = busiestHour(invocations, (h) => h % period === hour % period);
    if (found >= 0) return found;
  }
  return busiestHour(invocations);
};

/** What {@link fillUnknownHours} found and did. */
export interface CoverageFill {
  /** Hours (index = day × 24 + hour) with no data at all, now holding another hour's minutes. */
  readonly unknownHours: readonly number[];
  /** Hours with data for some of their minutes; the others took the mean of the known ones. */
  readonly partialHours: readonly number[];
}

/**
 * Fills, in place, the minutes of `perMinute` that are NaN (no data): inside an hour with some data, with
 * the mean of that hour's known minutes; an hour with none takes the minutes of the hour `source`
 * picks among the hours that had data.
 */
export function fillUnknownHours(perMinute: number[], source: HourSource = sameHourOrBusiest): CoverageFill {
  const hours = Math.ceil(perMinute.length / MINUTES_PER_HOUR);
  const invocations = new Array<number>(hours).fill(NaN);
  const unknownHours: number[] = [];
  const partialHours: number[] = [];
  for (let h = 0; h < hours; h++) {
    let known = 0;
    let sum = 0;
    const end = Math.min(perMinute.length, (h + 1) * MINUTES_PER_HOUR);
    for (let m = h * MINUTES_PER_HOUR; m < end; m++) {
      if (Number.isNaN(perMinute[m])) continue;
      known++;
      sum += perMinute[m];
    }
    if (known === 0) {
      unknownHours.push(h);
      continue;
    }
    invocations[h] = (sum * (end - h * MINUTES_PER_HOUR)) / known;
    if (known === end - h * MINUTES_PER_HOUR) continue;
    partialHours.push(h);
    for (let m = h * MINUTES_PER_HOUR; m < end; m++) if (Number.isNaN(perMinute[m])) perMinute[m] = sum / known;
  }
  for (const h of unknownHours) {
    const from = source(h, invocations);
    for (let k = 0; k < MINUTES_PER_HOUR && h * MINUTES_PER_HOUR + k < perMinute.length; k++) {
      perMinute[h * MINUTES_PER_HOUR + k] = from < 0 ? 0 : perMinute[from * MINUTES_PER_HOUR + k];
    }
  }
  return { unknownHours, partialHours };
}

const hh = (h: number): string => `${String(h).padStart(2, '0')}:00`;

/**
 * Hours as readable ranges: `08:00-16:00` for a one-day trace, `2026-03-02 00:00-01:00` with a start
 * date, `day 2 16:00-24:00` without; consecutive hours of a day form one range.
 */
export function describeHours(hours: readonly number[], days: number, startDate?: string): string {
  const ranges: { day: number; from: number; to: number }[] = [];
  for (const h of [...hours].sort((a, b) => a - b)) {
    const day = Math.floor(h / HOURS_PER_DAY);
    const hour = h % HOURS_PER_DAY;
    const last = ranges[ranges.length - 1];
    if (last && last.day === day && last.to === hour) last.to = hour + 1;
    else ranges.push({ day, from: hour, to: hour + 1 });
  }
  const dayName = (day: number): string => (startDate ? `${addDays(startDate, day)} ` : days > 1 ? `day ${day + 1} ` : '');
  return ranges.map((r) => `${dayName(r.day)}${hh(r.from)}-${hh(r.to)}`).join(', ');
}

/**
 * The plan's note about a function's trace: what reading its files noticed (`traffic.notes`) and its
 * hours without data; undefined when there is nothing to say.
 */
export function coverageNote(name: string, traffic: Traffic): string | undefined {
  const unknown = traffic.unknownHours ?? [];
  const partial = traffic.partialHours ?? [];
  const read = traffic.notes ?? [];
  if (unknown.length === 0 && partial.length === 0) return read.length > 0 ? `${name}: ${read.join('; ')}.` : undefined;
  const hours = (traffic.perMinute?.length ?? 0) / MINUTES_PER_HOUR;
  const days = hours / HOURS_PER_DAY;
  const parts = [
    unknown.length > 0 ? `no data for ${unknown.length} of ${hours} hours (${describeHours(unknown, days, traffic.startDate)}${traffic.startDate ? ', local time' : ''}): sized by the rule for hours without data — ${COVERAGE_RULE}` : '',
    partial.length > 0 ? `${partial.length} hour(s) with data for only some minutes (${describeHours(partial, days, traffic.startDate)}): the missing minutes took the mean of the hour's known ones` : '',
  ].filter(Boolean);
  return `${name}: ${[...read, ...parts].join('; ')} (docs/workload.md, "Hours without data").`;
}

/**
 * The simulator's note about a function whose replay covers hours without data: the share of the
 * replayed time (`seconds`, the trace repeating when shorter) that was filled in rather than observed;
 * undefined when every replayed hour had data.
 */
export function replayCoverageNote(name: string, traffic: Traffic, seconds: number): string | undefined {
  const unknown = new Set(traffic.unknownHours ?? []);
  const partial = new Set(traffic.partialHours ?? []);
  const minutes = traffic.perMinute?.length ?? 0;
  if (minutes === 0 || (unknown.size === 0 && partial.size === 0)) return undefined;
  const replayed = Math.ceil(seconds / 60);
  let filled = 0;
  let part = 0;
  for (let m = 0; m < replayed; m++) {
    const hour = Math.floor((m % minutes) / MINUTES_PER_HOUR);
    if (unknown.has(hour)) filled++;
    else if (partial.has(hour)) part++;
  }
  if (filled === 0 && part === 0) return undefined;
  const share = (n: number): string => `${Number(((100 * n) / replayed).toPrecision(3))}%`;
  const parts = [
    filled > 0 ? `${share(filled)} of the replayed time (${filled} of ${replayed} minutes) is hours without data in the trace, filled in by the rule for hours without data — ${COVERAGE_RULE} — not observed` : '',
    part > 0 ? `${share(part)} is hours with data for only some minutes, the missing minutes at the mean of the hour's known ones` : '',
  ].filter(Boolean);
  return `${name}: ${parts.join('; ')} (docs/workload.md, "Hours without data").`;
}
