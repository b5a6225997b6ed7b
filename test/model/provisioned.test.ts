/**
 * Provisioned concurrency (MODEL §3): per-hour sizing, cyclic schedule blocks, cron text, target
 * tracking target and buffer.
 */
import * as fc from 'fast-check';
import {
  DEFAULTS,
  erlangB,
  hourlyCron,
  mergeScheduleBlocks,
  provisionedForSamples,
  provisionedPerHour,
  serversForBlocking,
  spilloverProbability,
  targetUtilization,
  weightedSpillover,
  withBuffer,
  type LoadSample,
  type ProvisionedBlock,
} from '../../lib/model';
import { propertyOptions } from './support';

/** Expands blocks back into one value per hour of a day of `hours` hours. */
function expand(blocks: readonly ProvisionedBlock[], hours: number): number[] {
  const hourly = new Array<number>(hours).fill(Number.NaN);
  for (const block of blocks) {
    for (let i = 0; i < block.hours; i++) hourly[(block.startHour + i) % hours] = block.provisioned;
  }
  return hourly;
}

describe('provisionedPerHour', () => {
  test('sizes every hour with C(A_h, ε): 100 → 128 and 5 → 14 at ε = 0.001', () => {
    expect(provisionedPerHour([100, 5, 0], 0.001)).toEqual([128, 14, 0]);
  });

  test('returns for each hour the smallest P with spillover B(P, A_h) ≤ ε', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 1e-3, max: 2000, noNaN: true }), { minLength: 24, maxLength: 24 }), fc.double({ min: 1e-4, max: 0.5, noNaN: true }), (hourlyLoad, target) => {
        const hourly = provisionedPerHour(hourlyLoad, target);
        return (
          hourly.length === 24 &&
          hourly.every((p, h) => spilloverProbability(p, hourlyLoad[h]) <= target && (p === 0 || spilloverProbability(p - 1, hourlyLoad[h]) > target))
        );
      }),
      propertyOptions(100),
    );
  });
});

describe('mergeScheduleBlocks', () => {
  test('merges a night block across midnight into one block (one scheduled action)', () => {
    // 2 environments 22:00–06:00, 10 from 06:00 to 22:00.
    const hourly = Array.from({ length: 24 }, (_, h) => (h >= 6 && h < 22 ? 10 : 2));
    expect(mergeScheduleBlocks(hourly)).toEqual([
      { startHour: 6, hours: 16, provisioned: 10 },
      { startHour: 22, hours: 8, provisioned: 2 },
    ]);
  });

  test('keeps a block that starts at midnight whole', () => {
    const hourly = Array.from({ length: 24 }, (_, h) => (h < 8 ? 1 : h < 20 ? 5 : 3));
    expect(mergeScheduleBlocks(hourly)).toEqual([
      { startHour: 0, hours: 8, provisioned: 1 },
      { startHour: 8, hours: 12, provisioned: 5 },
      { startHour: 20, hours: 4, provisioned: 3 },
    ]);
  });

  test('returns one all-day block for a flat profile and none for an empty one', () => {
    expect(mergeScheduleBlocks(new Array(24).fill(7))).toEqual([{ startHour: 0, hours: 24, provisioned: 7 }]);
    expect(mergeScheduleBlocks([])).toEqual([]);
  });

  test('returns blocks that cover the day exactly, reproduce every hour and differ from the next block', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 48 }), (hourly) => {
        const blocks = mergeScheduleBlocks(hourly);
        const covered = blocks.reduce((s, b) => s + b.hours, 0) === hourly.length;
        const same = expand(blocks, hourly.length).every((p, h) => p === hourly[h]);
        const sorted = blocks.every((b, i) => i === 0 || blocks[i - 1].startHour < b.startHour);
        // Cyclically adjacent blocks differ, or they would have been one scheduled action.
        const maximal = blocks.length === 1 || blocks.every((b, i) => b.provisioned !== blocks[(i + 1) % blocks.length].provisioned);
        return covered && same && sorted && maximal;
      }),
      propertyOptions(300),
    );
  });
});

describe('hourlyCron', () => {
  test('renders the Application Auto Scaling six-field cron for each hour', () => {
    expect(hourlyCron(0)).toBe('cron(0 0 * * ? *)');
    expect(hourlyCron(22)).toBe('cron(0 22 * * ? *)');
    for (let h = 0; h < 24; h++) expect(hourlyCron(h)).toMatch(/^cron\(0 (\d|1\d|2[0-3]) \* \* \? \*\)$/);
  });

  test('fires leadMinutes before the hour, wrapping past midnight', () => {
    expect(hourlyCron(9, 2)).toBe('cron(58 8 * * ? *)');
    expect(hourlyCron(0, 2)).toBe('cron(58 23 * * ? *)');
    expect(hourlyCron(13, 0)).toBe('cron(0 13 * * ? *)');
  });

  test('rejects an hour or lead outside the day', () => {
    expect(() => hourlyCron(24)).toThrow(RangeError);
    expect(() => hourlyCron(1.5)).toThrow(RangeError);
    expect(() => hourlyCron(3, 60)).toThrow(RangeError);
    expect(() => hourlyCron(3, -1)).toThrow(RangeError);
  });
});

describe('provisionedForSamples', () => {
  const sampleArb = fc.record({ load: fc.double({ min: 0, max: 500, noNaN: true }), weight: fc.double({ min: 0, max: 100, noNaN: true }) });

  test('one slice is C(A, ε), the peak-minute sizing', () => {
    expect(provisionedForSamples([{ load: 100, weight: 3 }], 0.001)).toBe(128);
    expect(provisionedForSamples([{ load: 5, weight: 1 }], 0.001)).toBe(14);
  });

  test('a quiet slice beside a busy one needs less than the busy one alone', () => {
    // 30 minutes at load 40 and 30 at load 4: the busy half carries 10/11 of the invocations.
    const samples = [
      { load: 40, weight: 40 * 30 },
      { load: 4, weight: 4 * 30 },
    ];
    const p = provisionedForSamples(samples, 0.05);
    expect(p).toBeLessThan(serversForBlocking(40, 0.05));
    expect(p).toBeGreaterThan(serversForBlocking(4, 0.05));
  });

  test('idle or weightless slices need nothing', () => {
    expect(provisionedForSamples([], 0.05)).toBe(0);
    expect(provisionedForSamples([{ load: 0, weight: 0 }], 0.05)).toBe(0);
    expect(provisionedForSamples([{ load: 7, weight: 0 }], 0.05)).toBe(0);
  });

  test('rejects a target outside (0, 1] and non-finite or negative loads', () => {
    expect(() => provisionedForSamples([{ load: 1, weight: 1 }], 0)).toThrow(RangeError);
    expect(() => provisionedForSamples([{ load: Number.NaN, weight: 1 }], 0.05)).toThrow(RangeError);
    expect(() => provisionedForSamples([{ load: -1, weight: 1 }], 0.05)).toThrow(RangeError);
  });

  test('returns the smallest P whose arrival-weighted spillover meets the target, never above the busiest slice alone', () => {
    fc.assert(
      fc.property(fc.array(sampleArb, { minLength: 1, maxLength: 60 }), fc.double({ min: 1e-3, max: 0.5, noNaN: true }), (samples: LoadSample[], target) => {
        const p = provisionedForSamples(samples, target);
        const busiest = Math.max(...samples.filter((s) => s.weight > 0).map((s) => s.load), 0);
        const meets = weightedSpillover(p, samples) <= target * (1 + 1e-9);
        const minimal = p === 0 || weightedSpillover(p - 1, samples) > target;
        return meets && minimal && p <= serversForBlocking(busiest, target);
      }),
      propertyOptions(200),
    );
  });
});

describe('targetUtilization', () => {
  test('returns the 0.7 default when the traffic is unknown or idle', () => {
    expect(DEFAULTS.targetUtilization).toBe(0.7);
    expect(targetUtilization(undefined, undefined)).toBe(0.7);
    expect(targetUtilization(50, undefined)).toBe(0.7);
    expect(targetUtilization(undefined, 10)).toBe(0.7);
    expect(targetUtilization(0, 10)).toBe(0.7);
    expect(targetUtilization(5, 0)).toBe(0.7);
  });

  test('returns A_peak / P_peak inside [0.1, 0.9]', () => {
    expect(targetUtilization(100, 128)).toBe(100 / 128);
  });

  test('clamps to 0.1 below and 0.9 above', () => {
    expect(targetUtilization(1, 100)).toBe(0.1);
    expect(targetUtilization(0.1, 1)).toBe(0.1);
    expect(targetUtilization(9.5, 10)).toBe(0.9);
    expect(targetUtilization(12, 10)).toBe(0.9);
  });

  test('always lies in [0.1, 0.9] and equals A/P whenever A/P does', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-6, max: 1e5, noNaN: true }), fc.integer({ min: 1, max: 100_000 }), (load, provisioned) => {
        const u = targetUtilization(load, provisioned);
        const ratio = load / provisioned;
        return u >= 0.1 && u <= 0.9 && (ratio < 0.1 || ratio > 0.9 || u === ratio);
      }),
      propertyOptions(),
    );
  });
});

describe('withBuffer', () => {
  test('adds the 10% buffer AWS suggests, rounded up', () => {
    expect(withBuffer(100)).toBe(110);
    expect(withBuffer(10)).toBe(11);
    expect(withBuffer(7)).toBe(8);
    expect(withBuffer(1)).toBe(2);
  });

  test('takes another buffer and returns P itself for none', () => {
    expect(withBuffer(8, 0.25)).toBe(10);
    expect(withBuffer(37, 0)).toBe(37);
  });

  test('returns exactly 0 (not −0) for no provisioned concurrency', () => {
    expect(withBuffer(0)).toBe(0);
  });

  test('returns the smallest integer ≥ 1.1 P (exact integer check up to 100,000)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000 }), (p) => withBuffer(p) === Math.floor((11 * p + 9) / 10)),
      propertyOptions(500),
    );
  });
});

describe('spilloverProbability', () => {
  test('is Erlang B of the provisioned environments', () => {
    expect(spilloverProbability(2, 1)).toBe(erlangB(2, 1));
    expect(spilloverProbability(2, 1)).toBeCloseTo(0.2, 15);
  });
});
