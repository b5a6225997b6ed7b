import fc from 'fast-check';
import { busiestHour, describeHours, fillUnknownHours, sameHourOrBusiest } from '../../lib/workload/coverage';
import { trafficFromPerMinute } from '../../lib/workload';

/** A day of minutes where hour h has `rate(h)` calls each minute, NaN where `known(h)` is false. */
const day = (rate: (h: number) => number, known: (h: number) => boolean = () => true, days = 1): number[] =>
  Array.from({ length: 1440 * days }, (_, m) => (known(Math.floor(m / 60)) ? rate(Math.floor(m / 60)) : NaN));

describe('hours without data are unknown, not zero', () => {
  test('an 8-hour trace: the 16 unknown hours take the busiest known hour and are listed', () => {
    const perMinute = day((h) => h, (h) => h >= 8 && h < 16);
    const { unknownHours, partialHours } = fillUnknownHours(perMinute);
    expect(unknownHours).toEqual([...Array.from({ length: 8 }, (_, h) => h), ...Array.from({ length: 8 }, (_, h) => 16 + h)]);
    expect(partialHours).toEqual([]);
    expect(perMinute.slice(0, 60)).toEqual(new Array(60).fill(15));
    expect(perMinute.slice(8 * 60, 16 * 60)).toEqual(day((h) => h).slice(8 * 60, 16 * 60));
  });

  test('with several days, an unknown hour takes the same hour of another day before any other hour', () => {
    // Day 0 knows every hour (rate = hour); day 1 misses 03:00. Day 0's 03:00 (3) wins over its busiest hour (23).
    const perMinute = day((h) => h % 24, (h) => h !== 24 + 3, 2);
    fillUnknownHours(perMinute);
    expect(perMinute.slice((24 + 3) * 60, (24 + 4) * 60)).toEqual(new Array(60).fill(3));
  });

  test('the same hour of the week comes before the same hour of the day', () => {
    const invocations = new Array<number>(24 * 14).fill(NaN);
    invocations[5 * 24 + 10] = 2; // Saturday 10:00 of week 1 (quiet)
    invocations[2 * 24 + 10] = 50; // Wednesday 10:00 (busy)
    expect(sameHourOrBusiest(12 * 24 + 10, invocations)).toBe(5 * 24 + 10);
    expect(sameHourOrBusiest(13 * 24 + 10, invocations)).toBe(2 * 24 + 10);
  });

  test('a partly known hour gives its missing minutes the mean of its known ones', () => {
    const perMinute = day(() => 6);
    perMinute[61] = NaN;
    perMinute[62] = NaN;
    perMinute[63] = 0;
    const { unknownHours, partialHours } = fillUnknownHours(perMinute);
    expect(unknownHours).toEqual([]);
    expect(partialHours).toEqual([1]);
    expect(perMinute[61]).toBeCloseTo((57 * 6) / 58, 12);
  });

  test('after filling no minute is NaN, known minutes are untouched, and an unknown hour copies a known hour (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.option(fc.nat(20), { nil: undefined }), { minLength: 48, maxLength: 48 }), fc.array(fc.boolean(), { minLength: 48, maxLength: 48 }), (rates, knownHours) => {
        const original = Array.from({ length: 2880 }, (_, m) => {
          const h = Math.floor(m / 60);
          return knownHours[h] ? (rates[h] ?? 0) + (m % 3) : NaN;
        });
        const filled = [...original];
        const { unknownHours } = fillUnknownHours(filled);
        const known = Array.from({ length: 48 }, (_, h) => h).filter((h) => knownHours[h]);
        const copiesKnown = (h: number): boolean => {
          const minutes = filled.slice(h * 60, h * 60 + 60);
          if (known.length === 0) return minutes.every((x) => x === 0);
          return known.some((k) => filled.slice(k * 60, k * 60 + 60).every((x, i) => x === minutes[i]));
        };
        // Plain booleans, one expect: jest's matchers per minute would make this property slow.
        const ok = !filled.some(Number.isNaN) && original.every((x, m) => Number.isNaN(x) || filled[m] === x) && unknownHours.every(copiesKnown);
        expect(ok).toBe(true);
      }),
      { numRuns: 50 },
    );
  });

  test('busiest hour takes the earliest on ties and skips unknown hours', () => {
    expect(busiestHour([NaN, 3, 7, 7])).toBe(2);
    expect(busiestHour([NaN, NaN])).toBe(-1);
  });

  test('traffic from a partial trace carries the unknown hours and is sized from the filled minutes', () => {
    const traffic = trafficFromPerMinute(day((h) => 60 * (h + 1), (h) => h < 8), { startDate: '2019-07-15' });
    expect(traffic.unknownHours).toHaveLength(16);
    expect(traffic.startDate).toBe('2019-07-15');
    expect(traffic.hourlyRps[20]).toBe(8); // 08:00-24:00 took 07:00 (480 calls a minute)
    expect(traffic.perMinute?.some(Number.isNaN)).toBe(false);
  });
});

describe('unknown hours in words', () => {
  test.each([
    [[8, 9, 10, 20], 1, undefined, '08:00-11:00, 20:00-21:00'],
    [[23, 24, 25], 2, undefined, 'day 1 23:00-24:00, day 2 00:00-02:00'],
    [[0, 47], 2, '2026-03-02', '2026-03-02 00:00-01:00, 2026-03-03 23:00-24:00'],
  ])('%j over %i day(s) from %s reads %j', (hours, days, startDate, text) => {
    expect(describeHours(hours, days, startDate)).toBe(text);
  });
});
