/**
 * Normalized traffic from each form a workload may give: every form yields an hourly profile, the peak
 * and the day's average (requests per second).
 */
import type { Traffic, TrafficStep } from './types';
import { fillUnknownHours } from './coverage';
import { MINUTES_PER_DAY } from './traces';

/** Hours in the day of an hourly profile. */
export const HOURS_PER_DAY = 24;
const SECONDS_PER_HOUR = 3600;
const SECONDS_PER_DAY = HOURS_PER_DAY * SECONDS_PER_HOUR;
const MINUTES_PER_HOUR = 60;
const SECONDS_PER_MINUTE = 60;

const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length;

/** A flat day at `peakRps`; the average is the peak (the conservative assumption when nothing else is known). */
export function trafficFromPeak(peakRps: number): Traffic {
  return { source: 'peakRps', hourlyRps: new Array<number>(HOURS_PER_DAY).fill(peakRps), peakRps, averageRps: peakRps };
}

/** An hourly profile as given: the peak is its largest hour, the average its mean. */
export function trafficFromHourly(hourlyRps: readonly number[]): Traffic {
  return { source: 'hourlyRps', hourlyRps: [...hourlyRps], peakRps: Math.max(...hourlyRps), averageRps: mean(hourlyRps) };
}

/**
 * Traffic from invocations per minute (one or more whole days from 00:00): hour h of the profile is the
 * busiest minute of hour h on any day, as requests per second; the average is total invocations over the
 * trace's duration. Minutes without data (NaN) are filled first ({@link fillUnknownHours}); the hours
 * that had none are listed in `unknownHours`. `startDate` is the local date of minute 0, when known.
 */
export function trafficFromPerMinute(perMinute: readonly number[], calendar: { readonly startDate?: string } = {}): Traffic {
  const filled = [...perMinute];
  const { unknownHours, partialHours } = filled.some(Number.isNaN) ? fillUnknownHours(filled) : { unknownHours: [], partialHours: [] };
  const hourlyPeakCount = new Array<number>(HOURS_PER_DAY).fill(0);
  let total = 0;
  filled.forEach((count, minute) => {
    const hour = hourOfMinute(minute);
    hourlyPeakCount[hour] = Math.max(hourlyPeakCount[hour], count);
    total += count;
  });
  const hourlyRps = hourlyPeakCount.map((count) => count / SECONDS_PER_MINUTE);
  return {
    source: 'trace',
    hourlyRps,
    peakRps: Math.max(...hourlyRps),
    averageRps: total / (filled.length * SECONDS_PER_MINUTE),
    perMinute: filled,
    ...(calendar.startDate !== undefined ? { startDate: calendar.startDate } : {}),
    ...(unknownHours.length > 0 ? { unknownHours } : {}),
    ...(partialHours.length > 0 ? { partialHours } : {}),
  };
}

/** Hour of the day (0–23) of minute `minute` of a per-minute series that starts at midnight. */
export function hourOfMinute(minute: number): number {
  return Math.floor((minute % MINUTES_PER_DAY) / MINUTES_PER_HOUR);
}

/**
 * Traffic from a piecewise-constant scenario (steps sorted by `atSeconds`, the first at 0, all within the
 * day): hour h is the highest rate in effect at any time in [3600h, 3600h + 3600); the last step holds to
 * the end of the day; the average is time-weighted over the day.
 */
export function trafficFromSteps(steps: readonly TrafficStep[]): Traffic {
  const hourlyRps = new Array<number>(HOURS_PER_DAY).fill(0);
  let weighted = 0;
  steps.forEach((step, i) => {
    const end = i + 1 < steps.length ? steps[i + 1].atSeconds : SECONDS_PER_DAY;
    weighted += step.rps * (end - step.atSeconds);
    const firstHour = Math.floor(step.atSeconds / SECONDS_PER_HOUR);
    // The step is in effect during [atSeconds, end): it touches every hour that interval overlaps.
    const lastHour = Math.ceil(end / SECONDS_PER_HOUR) - 1;
    for (let h = firstHour; h <= lastHour && h < HOURS_PER_DAY; h++) hourlyRps[h] = Math.max(hourlyRps[h], step.rps);
  });
  return {
    source: 'steps',
    hourlyRps,
    peakRps: Math.max(...steps.map((s) => s.rps)),
    averageRps: weighted / SECONDS_PER_DAY,
    steps: steps.map((s) => ({ atSeconds: s.atSeconds, rps: s.rps })),
  };
}
