/**
 * Arrival rates over simulated time from a function's normalized traffic: the per-minute counts of a
 * trace, the steps of a scenario, or the hourly profile (repeating daily). Second 0 is 00:00 in the
 * workload's time zone.
 */
import type { Traffic, TrafficStep } from '../workload/types';

/** Seconds a scenario keeps running after its last step when no duration is given. */
export const STEPS_TAIL_SECONDS = 600;
const SECONDS_PER_DAY = 86400;
/** The rate of a trace changes each minute, of an hourly profile each hour. */
const MINUTE = 60;
const HOUR = 3600;

/** Requests (or SQS messages) per second, looked up in increasing order of time. */
export class RateProfile {
  private stepIndex = 0;
  private readonly steps: readonly TrafficStep[] | undefined;

  constructor(private readonly traffic: Traffic) {
    this.steps = traffic.steps ? [...traffic.steps].sort((a, b) => a.atSeconds - b.atSeconds) : undefined;
  }

  /** Arrival rate during second `second` (from `second` to `second + 1`). */
  rateAt(second: number): number {
    const steps = this.steps;
    if (steps) {
      if (steps.length === 0 || second < steps[0].atSeconds) return 0;
      if (second < steps[Math.max(0, this.stepIndex - 1)]?.atSeconds) this.stepIndex = 0;
      while (this.stepIndex < steps.length && steps[this.stepIndex].atSeconds <= second) this.stepIndex++;
      return steps[this.stepIndex - 1].rps;
    }
    const perMinute = this.traffic.perMinute;
    if (perMinute && perMinute.length > 0) return perMinute[Math.floor(second / MINUTE) % perMinute.length] / MINUTE;
    const hourly = this.traffic.hourlyRps;
    return hourly[Math.floor(second / HOUR) % hourly.length] ?? 0;
  }

  /** The first second after `second` at which the rate may differ from the rate during `second`. */
  nextChangeAfter(second: number): number {
    const steps = this.steps;
    if (steps) return steps.find((s) => s.atSeconds > second)?.atSeconds ?? Infinity;
    const width = this.traffic.perMinute && this.traffic.perMinute.length > 0 ? MINUTE : HOUR;
    return (Math.floor(second / width) + 1) * width;
  }
}

/** How long to simulate traffic when the user gives no duration: the trace, a day, or the scenario plus ten minutes. */
export function defaultDurationSeconds(traffic: Traffic): number {
  if (traffic.steps && traffic.steps.length > 0) {
    return Math.max(...traffic.steps.map((s) => s.atSeconds)) + STEPS_TAIL_SECONDS;
  }
  if (traffic.perMinute && traffic.perMinute.length > 0) return traffic.perMinute.length * MINUTE;
  return SECONDS_PER_DAY;
}
