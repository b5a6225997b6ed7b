/**
 * Erlang B and C (MODEL §2, §3, §7) against high-precision references, MODEL's check values and
 * fast-check properties.
 */
import * as fc from 'fast-check';
import { erlangB, erlangBInverse, erlangC, serversForBlocking, serversForWait, waitExceedProbability } from '../../lib/model';
import { callModelGuarded, erlangBReference, erlangCReference, propertyOptions, relativeError } from './support';

/** Below this a double has no relative precision left (subnormals start at 2.2e-308). */
const SMALLEST_COMPARED = 1e-300;

/** Loads from a fraction of an environment to 100,000, dense where sizing usually happens. */
const LOADS = [0.001, 0.5, 1, 2.5, 7, 37.5, 100, 512.3, 1000, 4999.5, 10_000, 50_000, 99_000, 100_000];

/**
 * Server counts for a load: light (A/2), at load, and 1, 3 and 6 standard deviations above it
 * (where throttle and spillover targets land), plus the 100,000 ceiling for the largest loads.
 */
function serverGrid(load: number): number[] {
  const spread = Math.sqrt(load);
  const servers = [1, Math.ceil(load / 2), Math.round(load), ...[1, 3, 6].map((k) => Math.ceil(load + k * spread))];
  if (load >= 90_000) servers.push(100_000);
  return [...new Set(servers)].filter((c) => c >= 1 && c <= 100_000).sort((a, b) => a - b);
}

const GRID = LOADS.flatMap((load) => serverGrid(load).map((servers) => ({ servers, load })));

describe('erlangB', () => {
  test('the grid has tens of points and reaches A = C = 100,000', () => {
    expect(GRID.length).toBeGreaterThanOrEqual(50);
    expect(GRID).toContainEqual({ servers: 100_000, load: 100_000 });
  });

  test.each(GRID)('is within 1e-9 relative of the 60-digit reference at C=$servers, A=$load', ({ servers, load }) => {
    const reference = erlangBReference(servers, load);
    expect(reference.toNumber()).toBeGreaterThan(SMALLEST_COMPARED);
    expect(relativeError(erlangB(servers, load), reference)).toBeLessThan(1e-9);
  });

  test.each([
    { servers: 1000, load: 10 },
    { servers: 5000, load: 1000 },
    { servers: 100_000, load: 50_000 },
  ])('returns a value within 1e-300 of the reference where the reference underflows a double (C=$servers, A=$load)', ({ servers, load }) => {
    expect(erlangBReference(servers, load).toNumber()).toBeLessThan(SMALLEST_COMPARED);
    const b = erlangB(servers, load);
    expect(b).toBeGreaterThanOrEqual(0);
    expect(b).toBeLessThanOrEqual(SMALLEST_COMPARED);
  });

  test('matches hand-computed exact values', () => {
    // B(1, 1) = 1/2; B(2, 1) = (1/2)/(2 + 1/2) = 1/5; B(3, 2) = (4/3)/(1 + 2 + 2 + 4/3) = 4/19.
    expect(erlangB(1, 1)).toBeCloseTo(1 / 2, 15);
    expect(erlangB(2, 1)).toBeCloseTo(1 / 5, 15);
    expect(erlangB(3, 2)).toBeCloseTo(4 / 19, 15);
  });

  test('returns 1 with no servers and 0 with servers but no load', () => {
    expect(erlangB(0, 5)).toBe(1);
    expect(erlangB(0, 0)).toBe(1);
    expect(erlangB(10, 0)).toBe(0);
  });

  test('is finite and in [0, 1] for A and C up to 100,000', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000 }), fc.double({ min: 0, max: 100_000, noNaN: true }), (servers, load) => {
        const b = erlangB(servers, load);
        return Number.isFinite(b) && b >= 0 && b <= 1;
      }),
      propertyOptions(300),
    );
    for (const [servers, load] of [[100_000, 100_000], [100_000, 1e-300], [1, 100_000], [100_000, 5e-324]]) {
      const b = erlangB(servers, load);
      expect(Number.isFinite(b) && b >= 0 && b <= 1).toBe(true);
    }
  });

  test('is non-increasing in the number of servers', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99_999 }), fc.double({ min: 1e-6, max: 100_000, noNaN: true }), (servers, load) => erlangB(servers + 1, load) <= erlangB(servers, load)),
      propertyOptions(300),
    );
  });

  test('is non-decreasing in the load', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20_000 }), fc.double({ min: 0, max: 20_000, noNaN: true }), fc.double({ min: 0, max: 1000, noNaN: true }), (servers, load, more) =>
        erlangB(servers, load + more) >= erlangB(servers, load),
      ),
      propertyOptions(300),
    );
  });
});

describe('late start of the recurrence', () => {
  /** B(C, A) by the recurrence from k = 0, every step: the reference the late start must match. */
  function fromZero(servers: number, load: number): number {
    let b = 1;
    for (let k = 1; k <= servers; k++) b = (load * b) / (k + load * b);
    return b;
  }

  test('loses nothing: within 1e-12 relative of the recurrence from k = 0', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-3, max: 20_000, noNaN: true }), fc.double({ min: 0, max: 1.5, noNaN: true }), (load, ratio) => {
        const servers = Math.round(load * ratio);
        const slow = fromZero(servers, load);
        const fast = erlangB(servers, load);
        return slow < SMALLEST_COMPARED ? fast <= SMALLEST_COMPARED : Math.abs(fast - slow) <= 1e-12 * slow;
      }),
      propertyOptions(300),
    );
  });

  test('the inverse is 1/B, Infinity where B underflows, and needs a load', () => {
    expect(1 / erlangBInverse(50_000, 50_000)).toBeCloseTo(erlangB(50_000, 50_000), 15);
    expect(erlangBInverse(1000, 1)).toBe(Infinity);
    expect(() => erlangBInverse(3, 0)).toThrow(RangeError);
  });
});

describe('serversForBlocking', () => {
  test.each([
    { load: 100, target: 0.001, servers: 128 },
    { load: 100, target: 0.01, servers: 117 },
    { load: 5, target: 0.001, servers: 14 },
    { load: 1000, target: 0.001, servers: 1072 },
  ])('returns MODEL.md check value C($load, $target) = $servers', ({ load, target, servers }) => {
    expect(serversForBlocking(load, target)).toBe(servers);
  });

  test('check values sit on the right side of the target in the 60-digit reference too', () => {
    for (const [load, target, servers] of [[100, 0.001, 128], [100, 0.01, 117], [5, 0.001, 14], [1000, 0.001, 1072]]) {
      expect(erlangBReference(servers, load).lte(target)).toBe(true);
      expect(erlangBReference(servers - 1, load).gt(target)).toBe(true);
    }
  });

  test('returns the smallest C with B(C, A) ≤ target', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-6, max: 10_000, noNaN: true }), fc.double({ min: 1e-6, max: 1, noNaN: true }), (load, target) => {
        const servers = serversForBlocking(load, target);
        return erlangB(servers, load) <= target && (servers === 0 || erlangB(servers - 1, load) > target);
      }),
      propertyOptions(300),
    );
  });

  test('returns 0 for no load or a target of 1', () => {
    expect(serversForBlocking(0, 0.001)).toBe(0);
    expect(serversForBlocking(50, 1)).toBe(0);
  });

  test('sizes 100,000 environments of load in one call', () => {
    const servers = serversForBlocking(100_000, 0.001);
    expect(erlangBReference(servers, 100_000).lte(0.001)).toBe(true);
    expect(erlangBReference(servers - 1, 100_000).gt(0.001)).toBe(true);
  });
});

describe('erlangC', () => {
  test('is within 1e-9 relative of the 60-digit sum form for c up to 200 and ρ up to 0.999', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), fc.double({ min: 1e-3, max: 0.999, noNaN: true }), (servers, rho) => {
        const load = servers * rho;
        const reference = erlangCReference(servers, load);
        return reference.toNumber() < SMALLEST_COMPARED || relativeError(erlangC(servers, load), reference) < 1e-9;
      }),
      propertyOptions(200),
    );
  });

  test('matches the textbook value C(2, 1) = 1/3', () => {
    expect(erlangC(2, 1)).toBeCloseTo(1 / 3, 15);
  });

  test('returns 1 when the load reaches the servers and 0 without load', () => {
    expect(erlangC(10, 10)).toBe(1);
    expect(erlangC(10, 12.5)).toBe(1);
    expect(erlangC(10, 0)).toBe(0);
  });

  test('is at least Erlang B and at most 1', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5000 }), fc.double({ min: 0, max: 6000, noNaN: true }), (servers, load) => {
        const c = erlangC(servers, load);
        return c <= 1 && c >= erlangB(servers, load) - 1e-15;
      }),
      propertyOptions(),
    );
  });
});

describe('waitExceedProbability', () => {
  test('decays as e^{−(cμ − λ)t} from Erlang C: C(2, 1) · e^{−1} at t = E[S] = 1 s', () => {
    expect(waitExceedProbability(2, 1, 1, 0)).toBeCloseTo(1 / 3, 15);
    expect(waitExceedProbability(2, 1, 1, 1)).toBeCloseTo(Math.exp(-1) / 3, 15);
    // μ = 1/0.5 = 2/s, λ = A·μ = 2/s, cμ − λ = 4 − 2 = 2/s: e^{−2·3}.
    expect(waitExceedProbability(2, 1, 0.5, 3)).toBeCloseTo(Math.exp(-6) / 3, 15);
  });

  test('returns 1 for an unstable queue', () => {
    expect(waitExceedProbability(4, 4, 1, 100)).toBe(1);
  });

  test('is non-increasing in the wait', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 500 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0.001, max: 60, noNaN: true }), fc.double({ min: 0, max: 600, noNaN: true }), (servers, rho, service, wait) => {
        const load = servers * rho;
        return waitExceedProbability(servers, load, service, wait + 1) <= waitExceedProbability(servers, load, service, wait);
      }),
      propertyOptions(),
    );
  });
});

describe('serversForWait', () => {
  test('returns the smallest c > A that meets the probability', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-3, max: 2000, noNaN: true }),
        fc.double({ min: 0.001, max: 60, noNaN: true }),
        fc.double({ min: 0, max: 900, noNaN: true }),
        fc.double({ min: 1e-6, max: 1, noNaN: true }),
        (load, service, wait, probability) => {
          const c = serversForWait(load, service, wait, probability);
          const meets = c > load && waitExceedProbability(c, load, service, wait) <= probability;
          const minimal = c - 1 <= load || waitExceedProbability(c - 1, load, service, wait) > probability;
          return meets && minimal;
        },
      ),
      propertyOptions(300),
    );
  });

  test('returns 1 consumer for no load', () => {
    expect(serversForWait(0, 1, 300, 0.01)).toBe(1);
  });

  test('needs more consumers for a stricter queue-age target', () => {
    // 100 batches/s of 1 s each: A = 100 busy consumers.
    const relaxed = serversForWait(100, 1, 300, 0.01);
    const strict = serversForWait(100, 1, 0, 0.01);
    expect(relaxed).toBe(101);
    expect(strict).toBeGreaterThan(relaxed);
    expect(erlangCReference(strict, 100).lte(0.01)).toBe(true);
    expect(erlangCReference(strict - 1, 100).gt(0.01)).toBe(true);
  });
});

describe('argument errors', () => {
  test.each([
    { name: 'erlangB servers', call: () => erlangB(-1, 1), value: '-1' },
    { name: 'erlangB servers', call: () => erlangB(2.5, 1), value: '2.5' },
    { name: 'erlangB load', call: () => erlangB(1, -3), value: '-3' },
    { name: 'erlangB load', call: () => erlangB(1, Number.NaN), value: 'NaN' },
    { name: 'erlangB load', call: () => erlangB(1, Number.POSITIVE_INFINITY), value: 'Infinity' },
    { name: 'erlangC servers', call: () => erlangC(-2, 1), value: '-2' },
    { name: 'serversForBlocking load', call: () => serversForBlocking(-0.5, 0.01), value: '-0.5' },
    { name: 'serversForBlocking target', call: () => serversForBlocking(10, 0), value: '0' },
    { name: 'serversForBlocking target', call: () => serversForBlocking(10, 1.5), value: '1.5' },
    { name: 'serversForBlocking target', call: () => serversForBlocking(10, Number.NaN), value: 'NaN' },
    { name: 'waitExceedProbability meanServiceSeconds', call: () => waitExceedProbability(2, 1, 0, 1), value: '0' },
    { name: 'serversForWait load', call: () => serversForWait(-1, 1, 1, 0.01), value: '-1' },
    { name: 'serversForWait meanServiceSeconds', call: () => serversForWait(1, -2, 1, 0.01), value: '-2' },
  ])('throws a RangeError naming the value for a bad $name ($value)', ({ call, value }) => {
    expect(call).toThrow(RangeError);
    expect(call).toThrow(value);
  });

  // A bad probability or wait must be refused, not looped on: run in a child process with a time limit.
  test.each([
    { args: '[1, 1, 1, -1]', value: '-1' },
    { args: '[1, 1, 1, NaN]', value: 'NaN' },
    { args: '[1, 1, 1, 0]', value: '0' },
    { args: '[1, 1, NaN, 0.01]', value: 'NaN' },
    { args: '[1, 1, -5, 0.01]', value: '-5' },
    { args: '[1, 1, 1, 1.5]', value: '1.5' },
    { args: '[1, 1, Infinity, 0.01]', value: 'Infinity' },
  ])('serversForWait throws a RangeError naming a bad probability or wait ($args)', ({ args, value }) => {
    const { outcome } = callModelGuarded('serversForWait', args);
    expect(outcome).toMatch(/^RangeError: /);
    expect(outcome).toContain(value);
  });

  test('waitExceedProbability throws a RangeError for a negative or NaN wait instead of a probability above 1', () => {
    expect(() => waitExceedProbability(2, 1, 1, -5)).toThrow(RangeError);
    expect(() => waitExceedProbability(2, 1, 1, Number.NaN)).toThrow('NaN');
  });
});
