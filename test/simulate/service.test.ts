import fc from 'fast-check';
import { Random } from '../../lib/simulate/random';
import { drawServiceSeconds, fitServiceTime, lognormalMeanCut, normalCdf, type ServiceTime } from '../../lib/simulate/service';

const Z99 = 2.3263478740408408;

/** Mean of `n` draws cut at `cutSeconds`, and the share at or below `q`. */
function sample(dist: ServiceTime, cutSeconds: number, q: number, n = 200_000): { mean: number; atOrBelow: number } {
  const rng = new Random(7, 11);
  let sum = 0;
  let below = 0;
  for (let i = 0; i < n; i++) {
    const s = drawServiceSeconds(dist, rng);
    sum += Math.min(s, cutSeconds);
    if (s <= q * (1 + 1e-12)) below++;
  }
  return { mean: sum / n, atOrBelow: below / n };
}

describe('normal CDF', () => {
  test.each([
    [0, 0.5],
    [1.959963984540054, 0.975],
    [-Z99, 0.01],
    [3, 0.9986501019683699],
  ])('Phi(%d) = %d', (x, p) => {
    expect(normalCdf(x)).toBeCloseTo(p, 6);
  });
});

describe('service time fitted so that, cut at the timeout, its mean is the observed average', () => {
  test('without a binding timeout the lognormal is the closed form (lighter-tailed root)', () => {
    const fit = fitServiceTime(200, 800);
    const sigma = Z99 - Math.sqrt(Z99 * Z99 - 2 * Math.log(4));
    expect(fit.kind).toBe('lognormal');
    expect(fit.sigma).toBeCloseTo(sigma, 9);
    expect(fit.mu).toBeCloseTo(Math.log(0.2) - (sigma * sigma) / 2, 9);
    expect(fit.p99Seconds).toBeCloseTo(0.8, 9);
  });

  test('a heavy tail cut at the timeout: with the p99 fixed, a narrower lognormal (higher median) keeps the cut mean at the average (Azure fn-1b46c1a2: 17,402 / 182,063 ms, timeout 547 s)', () => {
    const uncut = fitServiceTime(17_402, 182_063);
    const cut = fitServiceTime(17_402, 182_063, 547_000);
    // Cutting the uncut fit at the timeout would replay 2% less than the observed average.
    expect(lognormalMeanCut(uncut.mu, uncut.sigma, 547)).toBeLessThan(17.402 * 0.98);
    expect(cut.sigma).toBeLessThan(uncut.sigma);
    expect(lognormalMeanCut(cut.mu, cut.sigma, 547)).toBeCloseTo(17.402, 6);
    expect(cut.p99Seconds).toBeCloseTo(182.063, 9);
    expect(sample(cut, 547, 182.063).mean / 17.402).toBeCloseTo(1, 1);
  });

  test('p99 below the average means a tail beyond the p99: 99% at most the p99, the cut mean the average', () => {
    // The 1% beyond the p99 must average 100 x 1,000 - 99 x 900 = 10,900 ms: within the 30 s timeout.
    const fit = fitServiceTime(1000, 900, 30_000);
    expect(fit.kind).toBe('tail');
    expect(fit.note).toBeUndefined();
    const s = sample(fit, 30, 0.9);
    expect(s.atOrBelow).toBeCloseTo(0.99, 3);
    expect(s.mean).toBeCloseTo(1, 2);
  });

  test('p99 below the average when even a tail at the timeout is not enough: the tail times out, and the fit says so', () => {
    const fit = fitServiceTime(2000, 100, 10_000);
    expect(fit.kind).toBe('tail');
    expect(fit.meanSeconds).toBeCloseTo(0.99 * 0.1 + 0.01 * 10, 9);
    expect(fit.note).toMatch(/needs 1% of requests beyond the timeout/);
    expect(sample(fit, 10, 0.1).mean).toBeCloseTo(fit.meanSeconds, 2);
  });

  test('p99 equal to the average is deterministic; p99 unknown is exponential with the cut mean the average', () => {
    expect(fitServiceTime(300, 300, 1000)).toMatchObject({ kind: 'deterministic', bodySeconds: 0.3 });
    const exp = fitServiceTime(500, undefined, 1000);
    expect(exp.kind).toBe('exponential');
    expect(exp.scaleSeconds).toBeGreaterThan(0.5);
    expect(exp.scaleSeconds * -Math.expm1(-1 / exp.scaleSeconds)).toBeCloseTo(0.5, 9);
    expect(fitServiceTime(500).scaleSeconds).toBe(0.5);
  });

  test('p99 more than ~15x the average: the mean wins, with a lower p99 and a note', () => {
    const fit = fitServiceTime(100, 5000, 60_000);
    expect(fit.note).toMatch(/no lognormal has both/);
    expect(fit.p99Seconds).toBeLessThan(5);
    expect(lognormalMeanCut(fit.mu, fit.sigma, 60)).toBeCloseTo(0.1, 9);
  });

  test('property: whenever the fit has no note, the mean cut at the timeout is the average and the p99 the one given', () => {
    fc.assert(
      fc.property(fc.double({ min: 1, max: 100_000, noNaN: true }), fc.double({ min: 0.05, max: 30, noNaN: true }), fc.double({ min: 1, max: 50, noNaN: true }), (avg, p99Ratio, timeoutRatio) => {
        const p99 = avg * p99Ratio;
        const timeoutMs = avg * timeoutRatio;
        const fit = fitServiceTime(avg, p99, timeoutMs);
        if (fit.note) return;
        const cut = timeoutMs / 1000;
        const mean =
          fit.kind === 'lognormal'
            ? lognormalMeanCut(fit.mu, fit.sigma, cut)
            : fit.kind === 'tail'
              ? 0.99 * fit.bodySeconds + 0.01 * (fit.bodySeconds + fit.scaleSeconds * -Math.expm1(-(cut - fit.bodySeconds) / fit.scaleSeconds))
              : Math.min(fit.bodySeconds, cut);
        expect(mean / (avg / 1000)).toBeCloseTo(1, 6);
        expect(fit.p99Seconds / (p99 / 1000)).toBeCloseTo(1, 6);
      }),
      { numRuns: 200 },
    );
  });
});
