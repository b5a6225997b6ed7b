/**
 * Provisioned concurrency (MODEL §3): per-hour sizing, schedule blocks, target tracking target
 * (the schedule expressions themselves are built and read in ./schedule).
 */
import { DEFAULTS, LIMITS } from './defaults';
import { erlangB, erlangBInverse, serversForBlocking } from './erlang';

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

/** One slice of an hour's traffic: its offered load and how many invocations arrive at that load. */
export interface LoadSample {
  /** Offered load A (busy environments) while the slice lasts. */
  readonly load: number;
  /** Invocations arriving in the slice (any unit, the same for every sample): the slice's weight. */
  readonly weight: number;
}

/**
 * Arrival-weighted spillover of P environments over an hour's slices: Σ w·B(P, A) / Σ w, the share of
 * the hour's invocations served on demand when each slice is in steady state at its own load.
 */
export function weightedSpillover(provisioned: number, samples: readonly LoadSample[]): number {
  const total = samples.reduce((t, s) => t + Math.max(0, s.weight), 0);
  if (total <= 0) return 0;
  // A slice with no load keeps nobody busy: nothing of it spills.
  return samples.reduce((t, s) => t + (s.weight > 0 && s.load > 0 ? s.weight * erlangB(provisioned, s.load) : 0), 0) / total;
}

/**
 * The smallest P whose arrival-weighted spillover over the slices (e.g. the minutes of an hour) is at
 * most `target`. Sizing an hour by its busiest minute alone over-provisions every other minute; this
 * meets the target for the hour's invocations as a whole. The search starts at the bound that
 * B(k, A) ≥ 1 − k/A gives, and advances one Erlang B recurrence per slice from there.
 */
export function provisionedForSamples(samples: readonly LoadSample[], target: number): number {
  if (!(target > 0 && target <= 1)) throw new RangeError(`target must be in (0, 1], got ${target}`);
  for (const s of samples) {
    if (!(Number.isFinite(s.load) && s.load >= 0 && Number.isFinite(s.weight))) {
      throw new RangeError(`load must be finite and >= 0 and weight finite, got ${s.load}, ${s.weight}`);
    }
  }
  const live = samples.filter((s) => s.weight > 0 && s.load > 0);
  const total = samples.reduce((t, s) => t + Math.max(0, s.weight), 0);
  if (live.length === 0 || target === 1) return 0;
  const allowed = target * total;
  // No P below `lowest` can do: with k environments a slice spills at least 1 − k/A (at most k are busy).
  const floorSpill = (k: number) => live.reduce((t, s) => t + s.weight * Math.max(0, 1 - k / s.load), 0);
  let lowest = 0;
  let high = Math.ceil(Math.max(...live.map((s) => s.load)));
  while (lowest < high) {
    const mid = Math.floor((lowest + high) / 2);
    if (floorSpill(mid) > allowed) lowest = mid + 1;
    else high = mid;
  }
  // From there, one recurrence of 1/B per slice, advanced together (O(√A) to start each, then one step per P).
  const inverse = live.map((s) => erlangBInverse(lowest, s.load));
  const spilled = () => live.reduce((t, s, i) => t + s.weight / inverse[i], 0);
  let k = lowest;
  while (spilled() > allowed) {
    k++;
    for (let i = 0; i < live.length; i++) inverse[i] = 1 + (k / live[i].load) * inverse[i];
  }
  return k;
}

/**
 * An hour's PC need as the planner sizes it: the smallest P whose spillover over the slices grown by
 * `growth` meets `target` (`provisionedForSamples`), at least 1.
 */
export function provisionedNeed(samples: readonly LoadSample[], growth: number, target: number): number {
  return Math.max(1, provisionedForSamples(grownSamples(samples, growth), target));
}

/** The slices with every load grown by `growth` (0.1: 10% more traffic at the same shape). */
export function grownSamples(samples: readonly LoadSample[], growth: number): LoadSample[] {
  return growth === 0 ? [...samples] : samples.map((s) => ({ load: s.load * (1 + growth), weight: s.weight }));
}

/**
 * How much growth a PC profile absorbs: the largest g (in whole percent, up to `maxPercent`) such that
 * every cell's arrival-weighted spillover, with its loads grown by g, stays at or below `target`; 0 when a
 * cell already misses at the traffic it was sized from. Each cell is checked at the best g so far and
 * bisected only when it fails there, so a profile costs about one spillover evaluation per cell.
 */
export function growthAbsorbed(profile: readonly number[], samples: readonly (readonly LoadSample[])[], target: number, maxPercent = 100): number {
  const holds = (cell: number, percent: number) => weightedSpillover(profile[cell], grownSamples(samples[cell], percent / 100)) <= target;
  let best = maxPercent;
  for (let cell = 0; cell < profile.length && best > 0; cell++) {
    if (holds(cell, best)) continue;
    // The largest percent in [0, best) that holds, or -1 when none does.
    let low = -1;
    let high = best - 1;
    while (low < high) {
      const mid = Math.ceil((low + high) / 2);
      if (holds(cell, mid)) low = mid;
      else high = mid - 1;
    }
    best = Math.max(0, low);
  }
  return best / 100;
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
