/**
 * A deterministic two-week history for plans by day of the week: a diurnal weekday shape, weekends at
 * `weekendShare` of it, a trace starting on a Monday at local midnight.
 */
import { trafficFromPerMinute } from '../../lib/workload/traffic';
import type { Workload } from '../../lib/workload/types';
import { functionSpec, workloadOf } from './specs';

/** Calls in minute m of a weekday: a night floor and a midday peak (deterministic, a little minute-to-minute wobble). */
export function weekdayCount(m: number, peakPerMinute = 6000): number {
  const h = (m % 1440) / 60;
  return Math.round((0.15 + 0.85 * Math.exp(-(((h - 13) / 3.5) ** 2))) * peakPerMinute * (1 + 0.05 * Math.sin(m / 7)));
}

/** `days` days of per-minute counts from a Monday: weekdays `weekdayCount`, Saturday and Sunday at `weekendShare` of it. */
export function weekCounts(days = 14, weekendShare = 0.2, peakPerMinute = 6000): number[] {
  return Array.from({ length: days * 1440 }, (_, m) => {
    const weekday = Math.floor(m / 1440) % 7;
    return Math.round(weekdayCount(m, peakPerMinute) * (weekday >= 5 ? weekendShare : 1));
  });
}

/** A latency-sensitive sync function with that history (startDate: a Monday), in a workload of `timezone`. */
export function weekWorkload(options: { days?: number; weekendShare?: number; startDate?: string; timezone?: string; peakPerMinute?: number } = {}): Workload {
  const counts = weekCounts(options.days ?? 14, options.weekendShare ?? 0.2, options.peakPerMinute ?? 6000);
  return countsWorkload(counts, 'startDate' in options ? options.startDate : '2026-03-02', options.timezone);
}

/** A latency-sensitive sync function with per-minute `counts` from `startDate` (undefined: no start), in a workload of `timezone`. */
export function countsWorkload(counts: readonly number[], startDate: string | undefined, timezone = 'Europe/Paris'): Workload {
  const api = functionSpec({ traffic: trafficFromPerMinute(counts, startDate === undefined ? {} : { startDate }), latencySensitive: true });
  const w = workloadOf([api]);
  return { ...w, defaults: { ...w.defaults, timezone } };
}

/** `counts` with the calls of hours `from`-`to` (exclusive) of each of the trace's `days` (0: its first day) times `factor`. */
export function withBlock(counts: readonly number[], days: readonly number[], from: number, to: number, factor: number): number[] {
  return counts.map((c, m) => (days.includes(Math.floor(m / 1440)) && m % 1440 >= from * 60 && m % 1440 < to * 60 ? Math.round(c * factor) : c));
}
