/**
 * Monthly cost (MODEL §9): us-east-1 list prices, 730-hour month, no free tier, no tiered discounts.
 */
import type { Architecture } from './types';
import { erlangB } from './erlang';

/** Lambda list prices per architecture (AWS Lambda pricing page, us-east-1). Overridable. */
export interface Prices {
  readonly requestsPerMillion: number;
  readonly onDemandGbSecond: number;
  readonly provisionedGbSecond: number;
  readonly provisionedDurationGbSecond: number;
}

/** us-east-1 list prices. */
export const PRICES: Readonly<Record<Architecture, Prices>> = {
  x86_64: { requestsPerMillion: 0.2, onDemandGbSecond: 0.0000166667, provisionedGbSecond: 0.0000041667, provisionedDurationGbSecond: 0.0000097222 },
  arm64: { requestsPerMillion: 0.2, onDemandGbSecond: 0.0000133334, provisionedGbSecond: 0.0000033334, provisionedDurationGbSecond: 0.0000077778 },
};

/** Hours in the billing month of the model. */
export const HOURS_PER_MONTH = 730;

/** What the cost model needs to know about a function. */
export interface CostInput {
  readonly memoryMb: number;
  readonly architecture: Architecture;
  /** Requests/s per hour of day (24 values). */
  readonly hourlyRps: readonly number[];
  /** Mean duration (ms). */
  readonly durationMs: number;
  /** Provisioned environments per hour of day (24 values), or none. */
  readonly provisionedHourly?: readonly number[];
  /**
   * Environments allocated on average each hour, when the schedule holds PC into a neighbouring hour (a
   * hand-over's reach, lib/planner/boundaries.ts): what the allocation charge is on. Default `provisionedHourly`.
   */
  readonly allocatedHourly?: readonly number[];
  /**
   * The history minute by minute, when the traffic is a trace: requests and busy time are then its own
   * (the profile's hours are each hour's busiest minute, which would price every minute of an hour as its
   * busiest). Only the PC allocated still follows the profile, the schedule being what is paid for.
   */
  readonly minutes?: MinuteUsage;
  readonly prices?: Prices;
}

/** A per-minute history as the cost model reads it. */
export interface MinuteUsage {
  /** Invocations per second of each minute (batches for SQS). */
  readonly rates: readonly number[];
  /** Offered load of each minute (`minuteLoads`: busy environments, a long duration's window included). */
  readonly loads: readonly number[];
  /** The profile cell (hour of the day or of the week) each minute falls in. */
  readonly cellOf: (minute: number) => number;
}

/** A cost broken down, USD per month. */
export interface CostBreakdown {
  readonly provisioned: number;
  readonly onDemand: number;
  readonly requests: number;
  readonly total: number;
}

/** Rounds to cents, keeping plans byte-stable across platforms. */
export function roundUsd(x: number): number {
  return Math.round(x * 100) / 100;
}

/**
 * Monthly cost of a function. Each hour of the profile stands for 730/24 days of that hour (730/168 weeks
 * of an hour of the week); a trace's minutes stand for the month in proportion to their number. With PC,
 * the B(P, A) share of busy time spills to on-demand; the rest is billed at the PC duration rate.
 */
export function monthlyCost(input: CostInput): CostBreakdown {
  const prices = input.prices ?? PRICES[input.architecture];
  const gb = input.memoryMb / 1024;
  const secondsPerProfileHour = (HOURS_PER_MONTH / input.hourlyRps.length) * 3600;
  const pcOf = (h: number) => input.provisionedHourly?.[h] ?? 0;
  let requests = 0;
  let onDemand = 0;
  let provisioned = 0;
  /** Adds `seconds` of `rps` requests and `busy` environments under `p` PC, and `allocated` environments of PC. */
  const use = (rps: number, busy: number, p: number, allocated: number, seconds: number) => {
    const spill = p > 0 ? erlangB(p, busy) : 1;
    requests += (rps * seconds * prices.requestsPerMillion) / 1e6;
    onDemand += busy * spill * gb * seconds * prices.onDemandGbSecond;
    provisioned += (allocated * prices.provisionedGbSecond + busy * (1 - spill) * prices.provisionedDurationGbSecond) * gb * seconds;
  };
  const allocatedOf = (h: number) => input.allocatedHourly?.[h] ?? pcOf(h);
  if (input.minutes) {
    minuteUse(input.minutes, pcOf, (rps, busy, p, seconds) => use(rps, busy, p, 0, seconds));
    input.hourlyRps.forEach((_, h) => use(0, 0, 0, allocatedOf(h), secondsPerProfileHour));
  } else {
    input.hourlyRps.forEach((rps, h) => use(rps, (rps * input.durationMs) / 1000, pcOf(h), allocatedOf(h), secondsPerProfileHour));
  }
  const parts = { provisioned: roundUsd(provisioned), onDemand: roundUsd(onDemand), requests: roundUsd(requests) };
  // The total is the sum of the parts as shown, so a reader's addition always agrees.
  return { ...parts, total: roundUsd(parts.provisioned + parts.onDemand + parts.requests) };
}

/**
 * A trace's minutes as month-scaled use: requests summed minute by minute, and each cell's minutes of equal
 * load merged (one Erlang B per distinct load and PC, as the PC sizing does).
 */
function minuteUse(minutes: MinuteUsage, pcOf: (cell: number) => number, use: (rps: number, busy: number, p: number, seconds: number) => void): void {
  const n = minutes.rates.length;
  if (n === 0) return;
  const secondsPerMinute = (HOURS_PER_MONTH * 3600) / n;
  const byCell = new Map<number, Map<number, number>>();
  let calls = 0;
  minutes.loads.forEach((load, m) => {
    calls += minutes.rates[m];
    const cell = minutes.cellOf(m);
    const loads = byCell.get(cell) ?? new Map<number, number>();
    loads.set(load, (loads.get(load) ?? 0) + 1);
    byCell.set(cell, loads);
  });
  use(calls, 0, 0, secondsPerMinute);
  for (const [cell, loads] of byCell) for (const [load, count] of loads) use(0, load, pcOf(cell), count * secondsPerMinute);
}

/** What Lambda meters for a function over some period (what the simulator counts). */
export interface LambdaUsage {
  readonly memoryMb: number;
  readonly architecture: Architecture;
  readonly requests: number;
  /** On-demand execution seconds, init time included (billed as duration). */
  readonly onDemandSeconds: number;
  /** Provisioned environment-seconds allocated, busy or not. */
  readonly provisionedSeconds: number;
  /** Execution seconds on provisioned environments (the provisioned duration price). */
  readonly provisionedBusySeconds: number;
  readonly prices?: Prices;
}

/** Cost in USD of metered usage at list prices (unrounded): GB-seconds of each kind plus requests. */
export function usageCostUsd(usage: LambdaUsage): number {
  const p = usage.prices ?? PRICES[usage.architecture];
  const gb = usage.memoryMb / 1024;
  return gb * (usage.onDemandSeconds * p.onDemandGbSecond + usage.provisionedSeconds * p.provisionedGbSecond + usage.provisionedBusySeconds * p.provisionedDurationGbSecond) + (usage.requests * p.requestsPerMillion) / 1e6;
}

/** A cost over `durationSeconds` scaled to the model's 730-hour month. */
export function perMonth(costUsd: number, durationSeconds: number): number {
  return costUsd * ((HOURS_PER_MONTH * 3600) / durationSeconds);
}
