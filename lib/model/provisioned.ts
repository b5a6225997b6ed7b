/**
 * Provisioned concurrency (MODEL §3): per-hour sizing, schedule blocks, target tracking target.
 */
import { DEFAULTS, LIMITS } from './defaults';
import { erlangB, serversForBlocking } from './erlang';

/** A run of consecutive hours with the same provisioned concurrency. */
export interface ProvisionedBlock {
  /** First hour of the block (0–23). */
  readonly startHour: number;
  /** Number of hours in the block. */
  readonly hours: number;
  readonly provisioned: number;
}

/** P_h = C(A_h, ε_spill) for every hour of the profile. */
export function provisionedPerHour(hourlyLoad: readonly number[], spilloverTarget: number): number[] {
  return hourlyLoad.map((a) => serversForBlocking(a, spilloverTarget));
}

/**
 * Merges consecutive hours with equal P into blocks, treating the day as a cycle: a block that runs
 * past midnight is one block (one scheduled action), so 22:00–06:00 at night is a single action.
 */
export function mergeScheduleBlocks(hourly: readonly number[]): ProvisionedBlock[] {
  const n = hourly.length;
  if (n === 0) return [];
  if (hourly.every((p) => p === hourly[0])) return [{ startHour: 0, hours: n, provisioned: hourly[0] }];
  // Start at an hour whose value differs from the hour before, so no block is split at midnight.
  let start = 0;
  while (hourly[start] === hourly[(start + n - 1) % n]) start++;
  const blocks: ProvisionedBlock[] = [];
  for (let i = 0; i < n; i++) {
    const h = (start + i) % n;
    const last = blocks[blocks.length - 1];
    if (last && last.provisioned === hourly[h]) {
      blocks[blocks.length - 1] = { ...last, hours: last.hours + 1 };
    } else {
      blocks.push({ startHour: h, hours: 1, provisioned: hourly[h] });
    }
  }
  return blocks.sort((a, b) => a.startHour - b.startHour);
}

/** Cron expression of Application Auto Scaling for a daily action at `hour`:00. */
export function hourlyCron(hour: number): string {
  return `cron(0 ${hour} * * ? *)`;
}

/**
 * Target tracking target u* = A_peak / P_peak, clamped to [0.1, 0.9]; 0.7 when traffic is unknown.
 */
export function targetUtilization(peakLoad: number | undefined, peakProvisioned: number | undefined): number {
  if (peakLoad === undefined || peakProvisioned === undefined || peakProvisioned <= 0 || peakLoad <= 0) {
    return DEFAULTS.targetUtilization;
  }
  const u = peakLoad / peakProvisioned;
  return Math.min(LIMITS.targetUtilizationMax, Math.max(LIMITS.targetUtilizationMin, u));
}

/** Scalable-target upper bound with the buffer AWS suggests: ceil(P × 1.1). */
export function withBuffer(provisioned: number, buffer: number = DEFAULTS.provisionedBuffer): number {
  return Math.max(0, Math.ceil(provisioned * (1 + buffer) - 1e-9));
}

/** Fraction of invocations that spill over P provisioned environments at load A: B(P, A). */
export function spilloverProbability(provisioned: number, load: number): number {
  return erlangB(provisioned, load);
}
