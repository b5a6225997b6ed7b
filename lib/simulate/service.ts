/**
 * Service-time distributions fitted to what a workload says about durations: the mean, and the
 * 99th percentile when known.
 *
 * - p99 known and above the mean: a lognormal with that mean and that p99. With
 *   `ln X ~ N(μ, σ²)`: mean `m = e^{μ+σ²/2}`, p99 `q = e^{μ+z·σ}` (z = 2.3263), so
 *   `σ = z − √(z² − 2 ln(q/m))` (the smaller root, the one with the lighter tail) and
 *   `μ = ln m − σ²/2`. When `q/m > e^{z²/2} ≈ 15` no lognormal has both; σ = z is used (the p99 is
 *   then below the one asked for) and the fit says so.
 * - p99 equal to the mean: deterministic (every request takes the mean).
 * - p99 unknown: exponential with that mean (the M/M/c assumption of MODEL §7).
 */
import type { Random } from './random';

/** z-score of the 99th percentile of the standard normal. */
const Z99 = 2.3263478740408408;

/** A fitted service-time distribution, in seconds. */
export interface ServiceTime {
  readonly kind: 'lognormal' | 'deterministic' | 'exponential';
  readonly meanSeconds: number;
  /** The p99 the distribution actually has. */
  readonly p99Seconds: number;
  /** Lognormal parameters (0 otherwise). */
  readonly mu: number;
  readonly sigma: number;
  /** Set when the requested p99 could not be matched. */
  readonly note?: string;
}

/** Fits the distribution for a mean and optional p99 in milliseconds. */
export function fitServiceTime(avgMs: number, p99Ms?: number): ServiceTime {
  const m = avgMs / 1000;
  if (!(m > 0)) throw new RangeError(`durationMs.avg must be > 0, got ${avgMs}`);
  if (p99Ms === undefined) return { kind: 'exponential', meanSeconds: m, p99Seconds: m * Math.log(100), mu: 0, sigma: 0 };
  const q = p99Ms / 1000;
  if (q <= m) return { kind: 'deterministic', meanSeconds: m, p99Seconds: m, mu: 0, sigma: 0 };
  const r = Math.log(q / m);
  const disc = Z99 * Z99 - 2 * r;
  const sigma = disc >= 0 ? Z99 - Math.sqrt(disc) : Z99;
  const mu = Math.log(m) - (sigma * sigma) / 2;
  const p99Seconds = Math.exp(mu + Z99 * sigma);
  const note = disc >= 0 ? undefined : `p99 ${p99Ms} ms is more than ${Math.exp((Z99 * Z99) / 2).toFixed(1)} x the mean: no lognormal has both; using p99 ${Math.round(p99Seconds * 1000)} ms`;
  return { kind: 'lognormal', meanSeconds: m, p99Seconds, mu, sigma, ...(note ? { note } : {}) };
}

/** Draws one service time in seconds. */
export function drawServiceSeconds(dist: ServiceTime, rng: Random): number {
  switch (dist.kind) {
    case 'deterministic':
      return dist.meanSeconds;
    case 'exponential':
      return dist.meanSeconds * rng.exponential();
    case 'lognormal':
      return Math.exp(dist.mu + dist.sigma * rng.normal());
  }
}
