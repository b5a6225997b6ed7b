/**
 * Monthly cost (MODEL §9): hand-computed examples for both architectures with and without PC.
 */
import * as fc from 'fast-check';
import { HOURS_PER_MONTH, PRICES, minuteLoads, monthlyCost, perMonth, roundUsd, usageCostUsd, type CostInput } from '../../lib/model';
import { propertyOptions } from './support';

/** 10 rps of 100 ms at 1,024 MB all day: one busy environment of 1 GB. */
const FLAT: CostInput = { memoryMb: 1024, architecture: 'arm64', hourlyRps: new Array(24).fill(10), durationMs: 100 };

// Hand computation shared by the examples below. A 730-hour month is 2,628,000 s:
// requests 10 × 2,628,000 = 26,280,000 → 26.28 × $0.20 = $5.256 (both architectures);
// on-demand 26,280,000 × 0.1 s × 1 GB = 2,628,000 GB-s.
// With P = 2 on A = 1 all month, spillover B(2, 1) = 1/5: 20% of the GB-s stay on-demand (525,600),
// 80% run on PC (2,102,400), and 2 GB of PC is configured for 2,628,000 s (5,256,000 GB-s).
describe('monthlyCost', () => {
  test('prices an arm64 function without PC: $5.26 requests + $35.04 duration', () => {
    // 2,628,000 GB-s × $0.0000133334 = $35.0401752; total $40.2961752.
    expect(monthlyCost(FLAT)).toEqual({ provisioned: 0, onDemand: 35.04, requests: 5.26, total: 40.3 });
  });

  test('prices an x86_64 function without PC: $5.26 requests + $43.80 duration', () => {
    // 2,628,000 GB-s × $0.0000166667 = $43.8000876; total $49.0560876.
    expect(monthlyCost({ ...FLAT, architecture: 'x86_64' })).toEqual({ provisioned: 0, onDemand: 43.8, requests: 5.26, total: 49.06 });
  });

  test('prices an arm64 function with PC: configured + PC duration, spillover on demand', () => {
    // On-demand 525,600 × $0.0000133334 = $7.00803504.
    // PC 5,256,000 × $0.0000033334 + 2,102,400 × $0.0000077778 = $17.5203504 + $16.35204672 = $33.87239712.
    // Total $5.256 + $7.00803504 + $33.87239712 = $46.13643216.
    expect(monthlyCost({ ...FLAT, provisionedHourly: new Array(24).fill(2) })).toEqual({ provisioned: 33.87, onDemand: 7.01, requests: 5.26, total: 46.14 });
  });

  test('prices an x86_64 function with PC: configured + PC duration, spillover on demand', () => {
    // On-demand 525,600 × $0.0000166667 = $8.76001752.
    // PC 5,256,000 × $0.0000041667 + 2,102,400 × $0.0000097222 = $21.9001752 + $20.43995328 = $42.34012848.
    // Total $5.256 + $8.76001752 + $42.34012848 = $56.356146.
    expect(monthlyCost({ ...FLAT, architecture: 'x86_64', provisionedHourly: new Array(24).fill(2) })).toEqual({
      provisioned: 42.34,
      onDemand: 8.76,
      requests: 5.26,
      total: 56.36,
    });
  });

  test('uses the MODEL §9 list prices and a 730-hour month', () => {
    expect(HOURS_PER_MONTH).toBe(730);
    expect(PRICES.x86_64).toEqual({ requestsPerMillion: 0.2, onDemandGbSecond: 0.0000166667, provisionedGbSecond: 0.0000041667, provisionedDurationGbSecond: 0.0000097222 });
    expect(PRICES.arm64).toEqual({ requestsPerMillion: 0.2, onDemandGbSecond: 0.0000133334, provisionedGbSecond: 0.0000033334, provisionedDurationGbSecond: 0.0000077778 });
  });

  test('leaves almost nothing on demand when P is far above the load', () => {
    const cost = monthlyCost({ ...FLAT, provisionedHourly: new Array(24).fill(1000) });
    expect(cost.onDemand).toBe(0);
    // 1,000 GB configured all month: 2,628,000,000 GB-s × $0.0000033334 = $8,760.18, plus PC duration $20.44.
    expect(cost.provisioned).toBeCloseTo(8760.18 + 20.44, 1);
  });

  test('charges only the hours that carry traffic or PC', () => {
    // 20 rps in 12 hours costs the same as 10 rps in all 24.
    const halfDay = monthlyCost({ ...FLAT, hourlyRps: Array.from({ length: 24 }, (_, h) => (h < 12 ? 20 : 0)) });
    expect(halfDay).toEqual(monthlyCost(FLAT));
  });

  test('returns a total that is the sum of the parts it shows, to the cent', () => {
    const input = fc.record({
      memoryMb: fc.integer({ min: 128, max: 10_240 }),
      architecture: fc.constantFrom('arm64' as const, 'x86_64' as const),
      hourlyRps: fc.array(fc.double({ min: 0, max: 50, noNaN: true }), { minLength: 24, maxLength: 24 }),
      durationMs: fc.integer({ min: 1, max: 2000 }),
      provisionedHourly: fc.option(fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 24, maxLength: 24 }), { nil: undefined }),
    });
    fc.assert(
      fc.property(input, (cost) => {
        const parts = monthlyCost(cost);
        return parts.total === roundUsd(parts.provisioned + parts.onDemand + parts.requests);
      }),
      propertyOptions(500),
    );
  });

  test('never prices a part below zero and rounds every part to cents', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1000, noNaN: true }), { minLength: 24, maxLength: 24 }), fc.array(fc.integer({ min: 0, max: 500 }), { minLength: 24, maxLength: 24 }), (hourlyRps, provisionedHourly) => {
        const parts = monthlyCost({ ...FLAT, hourlyRps, provisionedHourly });
        return Object.values(parts).every((x) => x >= 0 && Math.abs(x * 100 - Math.round(x * 100)) < 1e-6);
      }),
      propertyOptions(200),
    );
  });

  describe('a trace minute by minute', () => {
    // One day: 600 calls (10 rps) in the first minute of each hour, none in the others; 100 ms at 1 GB, arm64.
    const rates = Array.from({ length: 1440 }, (_, m) => (m % 60 === 0 ? 10 : 0));
    const minutes = { rates, loads: minuteLoads(rates, 100), cellOf: (m: number) => Math.floor(m / 60) };
    // The profile keeps each hour's busiest minute: 10 rps all day, FLAT.
    const profile: CostInput = { ...FLAT, hourlyRps: new Array(24).fill(10) };

    test("requests and duration are the trace's own, not its busiest minute held all hour", () => {
      // 14,400 calls a day x 730 / 24 days = 438,000 calls: $0.0876 requests; 43,800 GB-s x $0.0000133334 = $0.584.
      expect(monthlyCost({ ...profile, minutes })).toEqual({ provisioned: 0, onDemand: 0.58, requests: 0.09, total: 0.67 });
      expect(monthlyCost(profile).total).toBeCloseTo(40.3, 2);
    });

    test('PC allocated follows the schedule; only the busy minutes run on it or spill', () => {
      const withPc = monthlyCost({ ...profile, minutes, provisionedHourly: new Array(24).fill(2) });
      // Configured 2 GB all month: 5,256,000 GB-s x $0.0000033334 = $17.52; busy 43,800 GB-s, B(2, 1) = 1/5 spills.
      expect(withPc.provisioned).toBeCloseTo(17.52 + 0.8 * 43800 * 0.0000077778, 2);
      expect(withPc.onDemand).toBeCloseTo(0.2 * 43800 * 0.0000133334, 2);
    });

    test('a duration over a minute prices each call once: busy time is calls x duration', () => {
      // 600 calls of 10 minutes each hour: 6,000 environment-minutes an hour, 730 x 6,000 x 60 s at 1 GB.
      const long = { rates, loads: minuteLoads(rates, 600_000), cellOf: minutes.cellOf };
      const cost = monthlyCost({ ...profile, durationMs: 600_000, minutes: long });
      expect(cost.onDemand).toBeCloseTo(730 * 6000 * 60 * 0.0000133334, 0);
    });
  });
});

describe('usageCostUsd (the simulator bills metered usage at the same prices)', () => {
  test('a month of the FLAT example metered by hand costs what monthlyCost predicts', () => {
    // 26,280,000 requests of 0.1 s at 1 GB: 2,628,000 GB-s on demand.
    const usage = { memoryMb: 1024, architecture: 'arm64' as const, requests: 26_280_000, onDemandSeconds: 2_628_000, provisionedSeconds: 0, provisionedBusySeconds: 0 };
    expect(roundUsd(usageCostUsd(usage))).toBe(monthlyCost(FLAT).total);
  });

  test('PC allocated and busy: configured GB-s plus PC duration, as monthlyCost prices them', () => {
    // P = 2 all month at B(2, 1) = 1/5 spillover (see the hand computation above).
    const usage = { memoryMb: 1024, architecture: 'x86_64' as const, requests: 26_280_000, onDemandSeconds: 525_600, provisionedSeconds: 5_256_000, provisionedBusySeconds: 2_102_400 };
    const predicted = monthlyCost({ ...FLAT, architecture: 'x86_64', provisionedHourly: new Array(24).fill(2) });
    expect(Math.abs(usageCostUsd(usage) - predicted.total)).toBeLessThan(0.02);
  });

  test('is linear in every metered quantity and scales to a 730-hour month', () => {
    fc.assert(
      fc.property(
        fc.record({ requests: fc.nat(1e9), onDemandSeconds: fc.nat(1e7), provisionedSeconds: fc.nat(1e7), provisionedBusySeconds: fc.nat(1e7) }),
        fc.constantFrom('arm64' as const, 'x86_64' as const),
        fc.integer({ min: 128, max: 10240 }),
        (metered, architecture, memoryMb) => {
          const one = usageCostUsd({ ...metered, architecture, memoryMb });
          const twice = usageCostUsd({ architecture, memoryMb, requests: 2 * metered.requests, onDemandSeconds: 2 * metered.onDemandSeconds, provisionedSeconds: 2 * metered.provisionedSeconds, provisionedBusySeconds: 2 * metered.provisionedBusySeconds });
          expect(one).toBeGreaterThanOrEqual(0);
          expect(twice).toBeCloseTo(2 * one, 6);
          expect(perMonth(one, HOURS_PER_MONTH * 3600)).toBeCloseTo(one, 9);
        },
      ),
      propertyOptions(),
    );
  });
});
