import fc from 'fast-check';
import { addDays, parseInstant, toLocalDays, weekdayOf, zoneOffsetMinutes } from '../../lib/workload/calendar';

describe('trace.start: ISO 8601 with an offset', () => {
  test.each([
    ['2026-03-02T00:00:00Z', Date.UTC(2026, 2, 2)],
    ['2026-03-02T00:00Z', Date.UTC(2026, 2, 2)],
    ['2026-03-02T01:00:00+01:00', Date.UTC(2026, 2, 2)],
    ['2026-03-01T19:00:00.000-0500', Date.UTC(2026, 2, 2)],
  ])('%s is the instant it names', (text, ms) => {
    expect(parseInstant(text)).toEqual({ ms });
  });

  test.each([
    ['2026-03-02', 'must be an ISO 8601 date and time with an offset'],
    ['2026-03-02T00:00:00', 'must be an ISO 8601 date and time with an offset'],
    ['2026-02-30T00:00:00Z', 'is not a real date and time'],
    ['2026-03-02T24:00:00Z', 'is not a real date and time'],
    ['2026-03-02T00:00:30Z', 'must fall on a whole minute'],
  ])('%s is refused: %s', (text, problem) => {
    const result = parseInstant(text);
    expect('problem' in result && result.problem.startsWith(problem)).toBe(true);
  });
});

describe('laying a trace onto local days', () => {
  test('a trace starting at UTC midnight in UTC stays as it is', () => {
    const counts = Array.from({ length: 2880 }, (_, i) => i % 5);
    expect(toLocalDays(counts, Date.UTC(2026, 2, 2), 'UTC')).toEqual({ perMinute: counts, startDate: '2026-03-02' });
  });

  test('in Paris (UTC+1 in March) minute 0 at 00:00Z is 01:00 local: the first local hour has no data, the last day runs to midnight', () => {
    const counts = new Array<number>(1440).fill(3);
    const local = toLocalDays(counts, Date.UTC(2026, 2, 2), 'Europe/Paris');
    expect(local.startDate).toBe('2026-03-02');
    expect(local.perMinute).toHaveLength(2880);
    expect(local.perMinute.slice(0, 60).every(Number.isNaN)).toBe(true);
    expect(local.perMinute.slice(60, 1500).every((x) => x === 3)).toBe(true);
    expect(local.perMinute.slice(1500).every(Number.isNaN)).toBe(true);
  });

  test('a start late in the UTC day falls on the next local date east of UTC', () => {
    expect(toLocalDays([1], Date.UTC(2026, 2, 1, 23, 30), 'Asia/Tokyo').startDate).toBe('2026-03-02');
  });

  test('spring forward: the local hour the clocks skip had no calls; fall back: the repeated hour keeps the busier', () => {
    // Paris: 2026-03-29 01:00Z clocks go 02:00 → 03:00 local; 2026-10-25 01:00Z clocks go 03:00 → 02:00.
    const spring = toLocalDays(new Array<number>(180).fill(4), Date.UTC(2026, 2, 29, 0), 'Europe/Paris');
    expect(spring.perMinute.slice(60, 120)).toEqual(new Array(60).fill(4)); // 01:00 local
    expect(spring.perMinute.slice(120, 180)).toEqual(new Array(60).fill(0)); // 02:00 never happened
    expect(spring.perMinute.slice(180, 300)).toEqual(new Array(120).fill(4)); // 03:00 and 04:00
    const counts = [...new Array<number>(60).fill(2), ...new Array<number>(60).fill(9)];
    const autumn = toLocalDays(counts, Date.UTC(2026, 9, 25, 0), 'Europe/Paris');
    expect(autumn.perMinute.slice(120, 180)).toEqual(new Array(60).fill(9)); // 02:00 local twice: 2 then 9
  });

  test('every minute of a trace lands on exactly one local minute (property, fixed-offset zones)', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(50), { minLength: 1, maxLength: 3000 }), fc.integer({ min: 0, max: 95 }), fc.constantFrom('UTC', 'Asia/Kolkata', 'Asia/Tokyo', 'America/Bogota'), (counts, quarter, zone) => {
        const start = Date.UTC(2026, 0, 10) + quarter * 15 * 60_000;
        const local = toLocalDays(counts, start, zone);
        const offset = zoneOffsetMinutes(zone, start);
        const first = (((quarter * 15 + offset) % 1440) + 1440) % 1440;
        expect(local.perMinute.length % 1440).toBe(0);
        expect(local.perMinute.slice(first, first + counts.length)).toEqual(counts);
        expect(local.perMinute.filter((x) => !Number.isNaN(x))).toHaveLength(counts.length);
      }),
    );
  });
});

describe('calendar helpers', () => {
  test('weekdays count from Monday 0 to Sunday 6', () => {
    expect(weekdayOf('2026-03-02')).toBe(0); // a Monday
    expect(weekdayOf('2026-03-02', 5)).toBe(5);
    expect(weekdayOf('2026-03-02', 13)).toBe(6);
    expect(addDays('2026-02-27', 3)).toBe('2026-03-02');
  });
});
