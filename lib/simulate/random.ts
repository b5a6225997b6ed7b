/**
 * Seeded pseudo-random numbers for the simulator: xoshiro128** seeded through splitmix32, with
 * exponential, normal and Poisson draws. Deterministic across platforms (32-bit integer maths only).
 */

/** splitmix32 step: spreads a seed over 32 bits (used to seed xoshiro and to hash names). */
function splitmix32(x: number): number {
  x = (x + 0x9e3779b9) | 0;
  let z = x;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** FNV-1a hash of a string, so a function's random streams depend on its name, not its position. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const TWO_POW_32 = 4294967296;

/**
 * A seeded random stream (xoshiro128**, Blackman & Vigna). `stream` separates independent streams
 * of one seed (arrivals, service times, failures of each function), so that changing the capacity
 * of a function never changes the arrivals it sees (common random numbers across runs).
 */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spareNormal = NaN;

  constructor(seed: number, stream = 0) {
    let s = splitmix32((seed >>> 0) ^ Math.imul(stream >>> 0, 0x27d4eb2d));
    this.a = s;
    s = splitmix32(s);
    this.b = s;
    s = splitmix32(s);
    this.c = s;
    s = splitmix32(s);
    this.d = s | 1;
  }

  /** Uniform 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return result;
  }

  /** Uniform in (0, 1): never 0, so `Math.log(u)` is always finite. */
  uniform(): number {
    return (this.nextUint32() + 0.5) / TWO_POW_32;
  }

  /** Exponential with mean 1. */
  exponential(): number {
    return -Math.log(this.uniform());
  }

  /** Standard normal (Marsaglia polar method; the second value of each pair is kept). */
  normal(): number {
    if (!Number.isNaN(this.spareNormal)) {
      const z = this.spareNormal;
      this.spareNormal = NaN;
      return z;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * this.uniform() - 1;
      v = 2 * this.uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    this.spareNormal = v * f;
    return u * f;
  }

  /**
   * Poisson with mean `mean`: inversion by sequential search below 10, PTRS (Hörmann 1993,
   * transformed rejection with squeeze) above — exact in distribution and O(1) for large means.
   */
  poisson(mean: number): number {
    if (!(mean > 0)) return 0;
    if (mean < 10) return this.poissonInversion(mean);
    return this.poissonPtrs(mean);
  }

  /** Bernoulli trial with probability `p`. */
  chance(p: number): boolean {
    return p > 0 && this.uniform() < p;
  }

  /** Binomial(n, p): counts of independent trials, by a Poisson/normal-free direct loop for small n. */
  binomial(n: number, p: number): number {
    if (p <= 0 || n <= 0) return 0;
    if (p >= 1) return n;
    let k = 0;
    for (let i = 0; i < n; i++) if (this.uniform() < p) k++;
    return k;
  }

  private poissonInversion(mean: number): number {
    let k = 0;
    let p = Math.exp(-mean);
    let cdf = p;
    const u = this.uniform();
    while (u > cdf && k < 1000) {
      k++;
      p *= mean / k;
      cdf += p;
    }
    return k;
  }

  private poissonPtrs(mean: number): number {
    const logMean = Math.log(mean);
    const b = 0.931 + 2.53 * Math.sqrt(mean);
    const a = -0.059 + 0.02483 * b;
    const invAlpha = 1.1239 + 1.1328 / (b - 3.4);
    const vr = 0.9277 - 3.6224 / (b - 2);
    for (;;) {
      const u = this.uniform() - 0.5;
      const v = this.uniform();
      const us = 0.5 - Math.abs(u);
      const k = Math.floor(((2 * a) / us + b) * u + mean + 0.43);
      if (us >= 0.07 && v <= vr) return k;
      if (k < 0 || (us < 0.013 && v > us)) continue;
      if (Math.log(v * invAlpha / (a / (us * us) + b)) <= -mean + k * logMean - logFactorial(k)) return k;
    }
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** ln(k!) exactly from a table for small k, Stirling's series above. */
export function logFactorial(k: number): number {
  if (k < LOG_FACTORIAL.length) return LOG_FACTORIAL[k];
  const x = k + 1;
  return (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + 1 / (12 * x) - 1 / (360 * x * x * x);
}

const LOG_FACTORIAL: number[] = (() => {
  const t = [0];
  for (let i = 1; i < 256; i++) t.push(t[i - 1] + Math.log(i));
  return t;
})();
