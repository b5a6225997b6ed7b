import { DEFAULTS, growthAbsorbed, provisionedForSamples, weightedSpillover, grownSamples } from '../../lib/model';
import { planWorkload } from '../../lib/planner';
import { growthHeadroom, levelForecast, levelTrendPerDay, weekOverWeekChange } from '../../lib/planner/headroom';
import { trafficFromPerMinute } from '../../lib/workload/traffic';
import { functionSpec, workloadOf } from '../support/specs';
import { weekCounts, weekWorkload } from '../support/week';

const planOf = (spec: ReturnType<typeof functionSpec>) => planWorkload(workloadOf([spec])).functions[0];

describe('growth headroom', () => {
  test('a plan states the growth it was sized for and the growth it absorbs, and the rationale names both', () => {
    const f = planWorkload(weekWorkload({ days: 6, startDate: undefined })).functions[0];
    const pc = f.provisioned;
    expect(pc?.growthHeadroom).toBe(DEFAULTS.growthHeadroom);
    // Sized for the headroom: it absorbs at least that much (PC rounds up).
    expect(pc?.growthAbsorbed).toBeGreaterThanOrEqual(DEFAULTS.growthHeadroom);
    const text = f.rationale.join('\n');
    expect(text).toMatch(/growth headroom 10% from the default floor/);
    expect(text).toMatch(/growthAbsorbed \d+%/);
  });

  test('growthAbsorbed is the edge: at that growth every hour meets the target, one percent more some hour misses', () => {
    const samples = [0, 1, 2].map((h) => [{ load: 20 + 10 * h, weight: 3 }, { load: 35 + 5 * h, weight: 1 }]);
    const profile = samples.map((s) => provisionedForSamples(grownSamples(s, 0.15), 0.05));
    const g = growthAbsorbed(profile, samples, 0.05);
    expect(g).toBeGreaterThanOrEqual(0.15);
    expect(samples.every((s, h) => weightedSpillover(profile[h], grownSamples(s, g)) <= 0.05)).toBe(true);
    expect(samples.some((s, h) => weightedSpillover(profile[h], grownSamples(s, g + 0.01)) > 0.05)).toBe(true);
    // An hour that misses already absorbs nothing.
    expect(growthAbsorbed([1, ...profile.slice(1)], samples, 0.05)).toBe(0);
  });

  test('the workload sets it per function over defaults; more headroom, more PC', () => {
    const traffic = trafficFromPerMinute(weekCounts(1));
    const none = planOf(functionSpec({ traffic, latencySensitive: true, growthHeadroom: 0 }));
    const more = planOf(functionSpec({ traffic, latencySensitive: true, growthHeadroom: 0.3 }));
    expect(none.provisioned?.growthHeadroom).toBe(0);
    expect(more.provisioned?.growthHeadroom).toBe(0.3);
    expect(Math.max(...(more.provisioned?.hourly ?? []))).toBeGreaterThan(Math.max(...(none.provisioned?.hourly ?? [])));
    expect(more.rationale.join('\n')).toMatch(/growth headroom 30% from set in the workload/);
  });

  test('more than a week of history: the week-over-week level change, never below the floor', () => {
    const grown = weekCounts(14).map((c, m) => (m >= 7 * 1440 ? Math.round(c * 1.25) : c));
    expect(weekOverWeekChange(grown)).toBeCloseTo(0.25, 2);
    expect(weekOverWeekChange(weekCounts(7))).toBeUndefined();
    const h = growthHeadroom(functionSpec({ traffic: trafficFromPerMinute(grown), latencySensitive: true }));
    expect(h.growth).toBeCloseTo(0.25, 2);
    expect(h.source).toMatch(/week-over-week level change \(\+25/);
    const shrinking = weekCounts(14).map((c, m) => (m >= 7 * 1440 ? Math.round(c * 0.95) : c));
    expect(growthHeadroom(functionSpec({ traffic: trafficFromPerMinute(shrinking), latencySensitive: true })).growth).toBe(DEFAULTS.growthHeadroom);
  });
});

describe('level forecast', () => {
  /** `days` days from a Monday whose level grows by `weekly` a week (compounding day by day), weekends at 0.3. */
  const trending = (days: number, weekly: number) => weekCounts(days, 0.3).map((c, m) => Math.round(c * Math.pow(1 + weekly, Math.floor(m / 1440) / 7)));
  const specOf = (counts: number[], startDate?: string) => functionSpec({ traffic: trafficFromPerMinute(counts, startDate ? { startDate } : {}), latencySensitive: true });

  test('the trend is fitted within weekdays and within weekends: a quiet weekend is not a fall', () => {
    expect(levelTrendPerDay(weekCounts(7, 0.3), 0)).toBeCloseTo(0, 3);
    expect(levelTrendPerDay(trending(7, 0.2), 0)).toBeCloseTo(Math.log(1.2) / 7, 3);
    // Started on a Saturday the same counts put the quiet days on Monday-Tuesday: fitted as weekdays, a trend appears.
    expect(Math.abs(levelTrendPerDay(weekCounts(7, 0.3), 5) ?? 0)).toBeGreaterThan(0.05);
    expect(levelTrendPerDay(weekCounts(3), 0)).toBeUndefined();
  });

  test('carried to the middle of next week: +20% a week forecasts +20% after one week of history, more after two', () => {
    expect(levelForecast(trending(7, 0.2), 0)).toBeCloseTo(0.2, 2);
    expect(levelForecast(trending(14, 0.2), 0)).toBeCloseTo(Math.pow(1.2, 10.5 / 7) - 1, 2);
    expect(levelForecast(trending(7, -0.2), 0)).toBeCloseTo(-0.2, 2);
  });

  test('days with hours without data take no part: a trailing day filled by the coverage rule is not a rise', () => {
    // GIVEN two weeks at one level whose daily shape moves an hour later in the second (a clock change), and a
    // trailing Monday with data for 00:00-02:00 only (the trace ended there): the coverage rule fills that
    // day from the busiest known hour at each hour of the week, both weeks' peaks, above any real day
    const level = weekCounts(15, 0.3);
    const counts = level.map((c, m) => (m >= 14 * 1440 + 120 ? NaN : m < 7 * 1440 ? c : level[m - 60]));
    const spec = specOf(counts, '2026-03-02');
    expect(spec.traffic.unknownHours?.length).toBe(22);
    // WHEN the growth headroom is taken from the history (before: the filled day read as +3.1%, 8.1% in all;
    // on a Paris trace over the spring clock change with a daily batch, +18.7%)
    const headroom = growthHeadroom(spec);
    // THEN the level is about flat (the moved hour shifts a few calls across midnight): the margin, about
    expect(headroom.growth).toBeLessThan(DEFAULTS.growthForecastMargin + 0.01);
    expect(headroom.source).toMatch(/level forecast .*: [+-]0(\.\d)?%\) plus a 5% margin/);
    // Without a start, the week-over-week change leaves the filled day out too (the floor, not its +)
    expect(weekOverWeekChange(spec.traffic.perMinute ?? [], spec.traffic.unknownHours)).toBeCloseTo(0, 2);
  });

  test('when every day has hours without data, the floor says so rather than that there is no week of history', () => {
    // 8 days of history known 08:00-15:59 only (8-hour files): every day partly filled, no day to forecast from
    const counts = weekCounts(8, 0.3).map((c, m) => (m % 1440 >= 8 * 60 && m % 1440 < 16 * 60 ? c : NaN));
    const headroom = growthHeadroom(specOf(counts, '2026-03-02'));
    expect(headroom.growth).toBe(DEFAULTS.growthHeadroom);
    expect(headroom.source).toMatch(/too few whole days with every hour known/);
  });

  test('the forecast is sized for plus the margin, a fall too, never below the history; no start, no forecast', () => {
    const rising = growthHeadroom(specOf(trending(7, 0.2), '2026-03-02'));
    expect(rising.growth).toBeCloseTo(DEFAULTS.growthForecastMargin + 0.2, 2);
    expect(rising.source).toMatch(/level forecast .*\+20(\.\d)?%.* plus a 5% margin/);
    const falling = growthHeadroom(specOf(trending(7, -0.2), '2026-03-02'));
    expect(falling.growth).toBe(0);
    expect(falling.source).toMatch(/-20(\.\d)?%\) plus a 5% margin, at least 0 \(a plan is not sized below its history\)/);
    const easing = growthHeadroom(specOf(trending(7, -0.03), '2026-03-02'));
    expect(easing.growth).toBeCloseTo(DEFAULTS.growthForecastMargin - 0.03, 2);
    expect(growthHeadroom(specOf(weekCounts(7), '2026-03-02')).growth).toBeCloseTo(DEFAULTS.growthForecastMargin, 2);
    expect(growthHeadroom(specOf(trending(7, 0.2))).growth).toBe(DEFAULTS.growthHeadroom);
    // The workload's own value still wins.
    expect(growthHeadroom({ ...specOf(trending(7, 0.2), '2026-03-02'), growthHeadroom: 0.02 }).growth).toBe(0.02);
  });

  test('next week at +20%: the forecast plan keeps its spillover target where the 10% floor misses', () => {
    const counts = trending(14, 0.2);
    const week1 = counts.slice(0, 7 * 1440);
    const week2 = counts.slice(7 * 1440);
    const planned = (growthHeadroom?: number) =>
      planWorkload(workloadOf([{ ...functionSpec({ traffic: trafficFromPerMinute(week1, { startDate: '2026-03-02' }), latencySensitive: true }), ...(growthHeadroom === undefined ? {} : { growthHeadroom }) }]));
    const spillOn = (plan: ReturnType<typeof planWorkload>) => {
      // The model's own spillover of week 2's busiest weekday hour at the plan's PC for it (Wednesday 13:00).
      const pc = plan.functions[0].provisioned?.weekly?.[2 * 24 + 13] ?? 0;
      const minutes = week2.slice(2 * 1440 + 13 * 60, 2 * 1440 + 14 * 60).map((c) => ({ load: (c / 60) * 0.2, weight: c }));
      return weightedSpillover(pc, minutes);
    };
    const forecast = planWorkload(workloadOf([functionSpec({ traffic: trafficFromPerMinute(week1, { startDate: '2026-03-02' }), latencySensitive: true })]));
    expect(forecast.functions[0].provisioned?.growthHeadroom).toBeGreaterThan(0.2);
    expect(spillOn(forecast)).toBeLessThanOrEqual(0.05);
    expect(spillOn(planned(DEFAULTS.growthHeadroom))).toBeGreaterThan(0.05);
  });
});

describe('robust week plans', () => {
  // One growth headroom for every history here: what is compared is how the week is grouped and sized.
  const pcOf = (counts: number[]) => {
    const f = planWorkload({ ...workloadOf([functionSpec({ traffic: trafficFromPerMinute(counts, { startDate: '2026-03-02' }), latencySensitive: true, growthHeadroom: DEFAULTS.growthHeadroom })]) }).functions[0];
    return f;
  };

  test('a one-off spike on one weekday makes no weekly block', () => {
    // Wednesday 10:00-10:30 of a one-week history at 4x.
    const counts = weekCounts(7).map((c, m) => (m >= 2 * 1440 + 600 && m < 2 * 1440 + 630 ? 4 * c : c));
    const f = pcOf(counts);
    const weekly = f.provisioned?.weekly ?? [];
    expect(weekly).toHaveLength(168);
    const at = (d: number, h: number) => weekly[d * 24 + h];
    expect(at(2, 10)).toBe(at(0, 10));
    expect(f.rationale.join('\n')).toMatch(/one-off hours left out.*WED 10:00/);
    // Without the spike, the same PC at that hour.
    expect(at(0, 10)).toBe(pcOf(weekCounts(7)).provisioned?.weekly?.[10]);
  });

  test('two separate busy hours on one day of one week are two spikes, not a block: the day stays with the others', () => {
    // Friday 04:10-04:40 and 16:10-16:40 at 4x: differing hours 12 hours apart, each a single busy hour.
    const spiky = (m: number) => Math.floor(m / 1440) === 4 && [4, 16].some((h) => m % 1440 >= h * 60 + 10 && m % 1440 < h * 60 + 40);
    const f = pcOf(weekCounts(7).map((c, m) => (spiky(m) ? 4 * c : c)));
    const text = f.rationale.join('\n');
    expect(text).toMatch(/planned by day of the week: MON-FRI merged/);
    expect(text).toMatch(/one-off hours left out.*FRI 04:00.*FRI 16:00/);
    const weekly = f.provisioned?.weekly ?? [];
    expect(weekly[4 * 24 + 16]).toBe(weekly[16]);
    // Three busy hours in a row are a block the history supports: that day stays apart.
    const block = (m: number) => Math.floor(m / 1440) === 4 && m % 1440 >= 15 * 60 && m % 1440 < 18 * 60;
    expect(pcOf(weekCounts(7).map((c, m) => (block(m) ? 4 * c : c))).rationale.join('\n')).toMatch(/planned by day of the week: MON-THU merged, FRI/);
  });

  test('a batch that moves minutes across an hour boundary does not split the weekdays', () => {
    // A half-hour batch at 14:00 each weekday, starting 10 minutes early on Tuesday and Thursday.
    const counts = weekCounts(7, 0.2).map((c, m) => {
      const day = Math.floor(m / 1440);
      const start = 14 * 60 + (day === 1 || day === 3 ? -10 : 0);
      return day < 5 && m % 1440 >= start && m % 1440 < start + 30 ? c + 20000 : c;
    });
    expect(pcOf(counts).rationale.join('\n')).toMatch(/MON-FRI merged/);
  });
});
