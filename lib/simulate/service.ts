/**
 * Service-time distributions fitted to what a workload says about durations — the mean and, when known,
 * the 99th percentile — and to the function timeout, which cuts every execution.
 *
 * The observed average is of executions that were cut at the timeout too, so the fit makes the mean
 * of `min(X, timeout)` equal to it (fitting the uncut mean and then cutting would replay less load
 * than was observed, most for heavy tails).
 *
 * - p99 above the mean: a lognormal with that p99 (`μ = ln q − z·σ`, z = 2.3263) and the smallest σ
 *   whose mean cut at the timeout is the observed mean (without a binding timeout that is the closed
 *   form `σ = z − √(z² − 2 ln(q/m))`, the lighter-tailed root). When no σ reaches the mean (p99 more
 *   than about 15× the mean) the mean wins: σ = z and μ such that the cut mean is the mean, with a
 *   p99 below the one asked for, and the fit says so.
 * - p99 equal to the mean: deterministic (every request takes the mean).
 * - p99 below the mean: 99% of requests take at most the p99, so the mean comes from a tail beyond
 *   it: 99% take the p99, 1% take p99 + an exponential whose scale makes the cut mean the observed
 *   one (when even a tail all at the timeout is not enough, it is all at the timeout, and the fit says so).
 * - p99 unknown: exponential (the M/M/c assumption of MODEL §7) whose mean cut at the timeout is the mean.
 */
import type { Random } from './random';

/** z-score of the 99th percentile of the standard normal. */
const Z99 = 2.3263478740408408;
/** Share of requests at or below the p99. */
const BODY = 0.99;
/** σ searched up to this (a p99 of e^{z·8} ≈ 10^8 times the median). */
const MAX_SIGMA = 8;
const SIGMA_STEP = 0.01;

/** A fitted service-time distribution, in seconds (draws are cut at the timeout by the caller). */
export interface ServiceTime {
  readonly kind: 'lognormal' | 'deterministic' | 'exponential' | 'tail';
  /** The mean of a draw cut at the timeout: the observed mean, unless a note says otherwise. */
  readonly meanSeconds: number;
  /** The p99 the distribution actually has. */
  readonly p99Seconds: number;
  /** Lognormal parameters (0 otherwise). */
  readonly mu: number;
  readonly sigma: number;
  /** Deterministic: the duration; tail: the p99 the body takes (0 otherwise). */
  readonly bodySeconds: number;
  /** Exponential: its mean; tail: the mean of the exponential beyond the p99 (0 otherwise). */
  readonly scaleSeconds: number;
  /** Set when the observed mean or p99 could not be matched. */
  readonly note?: string;
}

/** Standard normal CDF, via erfc (Numerical Recipes' Chebyshev fit, relative error < 1.2e-7). */
export function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * z);
  const erfc =
    t *
    Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return x >= 0 ? 1 - erfc / 2 : erfc / 2;
}

/** E[min(X, cut)] for X lognormal(μ, σ). */
export function lognormalMeanCut(mu: number, sigma: number, cut: number): number {
  if (!Number.isFinite(cut)) return Math.exp(mu + (sigma * sigma) / 2);
  if (sigma === 0) return Math.min(Math.exp(mu), cut);
  const lnCut = Math.log(cut);
  return Math.exp(mu + (sigma * sigma) / 2) * normalCdf((lnCut - mu - sigma * sigma) / sigma) + cut * (1 - normalCdf((lnCut - mu) / sigma));
}

/** E[min(θ·E, cut)] for E exponential with mean 1: θ(1 − e^{−cut/θ}). */
function exponentialMeanCut(scale: number, cut: number): number {
  return Number.isFinite(cut) ? scale * -Math.expm1(-cut / scale) : scale;
}

/** The scale θ with E[min(θ·E, cut)] = mean, or Infinity when none (mean ≥ cut). Bisection: the cut mean grows with θ. */
function exponentialScaleFor(mean: number, cut: number): number {
  if (!Number.isFinite(cut)) return mean;
  if (mean >= cut) return Infinity;
  let hi = mean;
  while (exponentialMeanCut(hi, cut) < mean) hi *= 2;
  return bisect((scale) => exponentialMeanCut(scale, cut) < mean, mean, hi);
}

const ms = (seconds: number): number => Math.round(seconds * 1000);

/**
 * Fits the distribution for a mean and optional p99 in milliseconds, for executions cut at `timeoutMs`.
 * @param timeoutMs the function timeout; omitted, nothing is cut
 */
export function fitServiceTime(avgMs: number, p99Ms?: number, timeoutMs?: number): ServiceTime {
  const m = avgMs / 1000;
  if (!(m > 0)) throw new RangeError(`durationMs.avg must be > 0, got ${avgMs}`);
  const cut = timeoutMs === undefined ? Infinity : timeoutMs / 1000;
  const none = { mu: 0, sigma: 0, bodySeconds: 0, scaleSeconds: 0 };
  if (p99Ms === undefined) {
    const scale = exponentialScaleFor(m, cut);
    if (!Number.isFinite(scale)) return { ...none, kind: 'deterministic', meanSeconds: cut, p99Seconds: cut, bodySeconds: cut };
    return { ...none, kind: 'exponential', meanSeconds: m, p99Seconds: Math.min(cut, scale * Math.log(100)), scaleSeconds: scale };
  }
  const q = p99Ms / 1000;
  if (q === m) return { ...none, kind: 'deterministic', meanSeconds: m, p99Seconds: m, bodySeconds: m };
  return q > m ? fitLognormal(m, q, cut) : fitTail(m, q, cut);
}

/** p99 above the mean: the lightest-tailed lognormal with that p99 whose cut mean is the mean. */
function fitLognormal(m: number, q: number, cut: number): ServiceTime {
  const meanAt = (sigma: number): number => lognormalMeanCut(Math.log(q) - Z99 * sigma, sigma, cut);
  // The cut mean falls from min(q, cut) as σ grows from 0, then rises again: find the first crossing.
  let lo = 0;
  let hi = NaN;
  for (let sigma = SIGMA_STEP; sigma <= MAX_SIGMA + 1e-9 && Number.isNaN(hi); sigma += SIGMA_STEP) {
    if (meanAt(sigma) <= m) hi = sigma;
    else lo = sigma;
  }
  const base = { kind: 'lognormal' as const, meanSeconds: m, bodySeconds: 0, scaleSeconds: 0 };
  if (Number.isNaN(hi)) {
    // No lognormal has both: keep the mean (it is the load) at σ = z, the σ whose p99 is largest for a given mean.
    const mu = bisect((x) => lognormalMeanCut(x, Z99, cut) < m, Math.log(m) - 50, Math.log(m) + 50);
    const p99Seconds = Math.exp(mu + Z99 * Z99);
    const note = `p99 ${ms(q)} ms is more than ${Math.exp((Z99 * Z99) / 2).toFixed(1)} x the mean: no lognormal has both; using p99 ${ms(p99Seconds)} ms`;
    return { ...base, p99Seconds, mu, sigma: Z99, note };
  }
  const sigma = bisect((x) => meanAt(x) > m, lo, hi);
  return { ...base, p99Seconds: q, mu: Math.log(q) - Z99 * sigma, sigma };
}

/** The boundary in [lo, hi] where `below` turns false (true at lo, false at hi), to double precision. */
function bisect(below: (x: number) => boolean, lo: number, hi: number): number {
  for (let i = 0; i < 200 && hi - lo > 1e-13 * Math.max(1, Math.abs(hi)); i++) {
    const mid = (lo + hi) / 2;
    if (below(mid)) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** p99 below the mean: 99% at the p99, a 1% exponential tail beyond it carrying the rest of the mean. */
function fitTail(m: number, q: number, cut: number): ServiceTime {
  const tailMean = (m - BODY * q) / (1 - BODY);
  const scale = exponentialScaleFor(tailMean - q, cut - q);
  const base = { kind: 'tail' as const, p99Seconds: q, mu: 0, sigma: 0, bodySeconds: q };
  if (Number.isFinite(scale)) return { ...base, meanSeconds: m, scaleSeconds: scale };
  const reached = BODY * q + (1 - BODY) * cut;
  return {
    ...base,
    meanSeconds: reached,
    scaleSeconds: Infinity,
    note: `mean ${ms(m)} ms with p99 ${ms(q)} ms needs 1% of requests beyond the timeout; replaying them at the timeout (mean ${ms(reached)} ms)`,
  };
}

/** Draws one service time in seconds (the caller cuts it at the timeout). */
export function drawServiceSeconds(dist: ServiceTime, rng: Random): number {
  switch (dist.kind) {
    case 'deterministic':
      return dist.bodySeconds;
    case 'exponential':
      return dist.scaleSeconds * rng.exponential();
    case 'lognormal':
      return Math.exp(dist.mu + dist.sigma * rng.normal());
    case 'tail': {
      const u = rng.uniform();
      // Beyond the body, (1 - u) / (1 - BODY) is uniform in (0, 1]: one draw gives both.
      if (u < BODY) return dist.bodySeconds;
      return Number.isFinite(dist.scaleSeconds) ? dist.bodySeconds - dist.scaleSeconds * Math.log((1 - u) / (1 - BODY)) : Infinity;
    }
  }
}
