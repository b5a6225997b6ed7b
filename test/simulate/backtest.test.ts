import fc from 'fast-check';
import { backtest, holdOut, meanOfReplays, replayedRate, BACKTEST_NOISE_SIGMAS } from '../../lib/simulate/backtest';
import { renderBacktestText } from '../../lib/report/backtest-report';
import { simulate } from '../../lib/simulate/engine';
import { trafficFromPerMinute } from '../../lib/workload/traffic';
import { weekCounts, weekWorkload } from '../support/week';

describe('holding out the last days of a trace', () => {
  test('splits before the last days; the held-out part starts on its own date', () => {
    const split = holdOut(trafficFromPerMinute(weekCounts(14), { startDate: '2026-03-02' }), 2);
    if (typeof split === 'string') throw new Error(split);
    expect(split.trainedDays).toBe(12);
    expect(split.train.perMinute).toHaveLength(12 * 1440);
    expect(split.test.perMinute).toHaveLength(2 * 1440);
    expect(split.test.startDate).toBe('2026-03-14');
    expect(split.test.perMinute?.[0]).toBe(weekCounts(14)[12 * 1440]);
  });

  test('unknown hours stay unknown in each part: a held-out day is never copied into the history', () => {
    const counts = weekCounts(8).map((c, m) => (m < 1440 && Math.floor(m / 60) === 3 ? NaN : c));
    counts.fill(99_999, 7 * 1440 + 180, 7 * 1440 + 240); // day 8's 03:00 is very busy
    const split = holdOut(trafficFromPerMinute(counts, { startDate: '2026-03-02' }), 1);
    if (typeof split === 'string') throw new Error(split);
    expect(split.train.unknownHours).toEqual([3]);
    expect(Math.max(...(split.train.perMinute ?? []))).toBeLessThan(99_999);
  });

  test('a trace no longer than the days held out, or no trace, is not backtested, with the reason', () => {
    expect(holdOut(trafficFromPerMinute(weekCounts(2)), 2)).toBe('needs more than 2 days of history, has 2');
    expect(holdOut({ source: 'peakRps', hourlyRps: new Array(24).fill(1), peakRps: 1, averageRps: 1 }, 1)).toBe('no per-minute trace to hold days out of');
  });

  test('held-out days without any data are not backtested: there is nothing to replay', () => {
    const counts = weekCounts(9).map((c, m) => (m >= 7 * 1440 ? NaN : c));
    expect(holdOut(trafficFromPerMinute(counts, { startDate: '2026-03-02' }), 2)).toBe('no data in the last 2 day(s) to replay');
  });
});

describe('the replay noise', () => {
  test('equal hourly rates have no noise; the rate is the ratio of the sums', () => {
    expect(replayedRate([1, 2, 3], [10, 20, 30])).toEqual({ rate: 0.1, noise: 0 });
  });

  test('batch means: the noise is BACKTEST_NOISE_SIGMAS standard errors of the ratio over the batches', () => {
    const { rate, noise } = replayedRate([0, 10], [100, 100]);
    expect(rate).toBe(0.05);
    // residuals -5 and 5: sqrt((25 + 25) x 2 / 1) / 200
    expect(noise).toBeCloseTo((BACKTEST_NOISE_SIGMAS * Math.sqrt(100)) / 200, 12);
  });

  test('property: the noise shrinks with more batches of the same spread, and is never negative', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(50), { minLength: 2, maxLength: 40 }), (spilled) => {
        const served = spilled.map(() => 100);
        const once = replayedRate(spilled, served);
        const twice = replayedRate([...spilled, ...spilled], [...served, ...served]);
        expect(once.noise).toBeGreaterThanOrEqual(0);
        expect(twice.noise).toBeLessThanOrEqual(once.noise + 1e-12);
      }),
    );
  });
});

describe('backtest', () => {
  test('nine steady days: planned by week on 7, the next two held out meet their targets, with predicted and replayed figures', () => {
    const bt = backtest(weekWorkload({ days: 9, peakPerMinute: 300 }), 2, 1, 2);
    expect(bt.skipped).toEqual([]);
    const [api] = bt.functions;
    expect(api).toMatchObject({ name: 'api', trainedDays: 7, heldOutDays: 2, heldOutFrom: '2026-03-09', missed: [] });
    expect(api.spillover?.target).toBe(0.05);
    expect(api.spillover?.predicted).toBeLessThanOrEqual(0.05);
    expect(api.spillover?.replayed.rate).toBeLessThanOrEqual(0.05 + (api.spillover?.replayed.noise ?? 0));
    expect(api.invocations).toBeGreaterThan(0);
    expect(bt.missed).toBe(false);
    expect(api.heldOutHoursWithoutData).toBeUndefined();
  });

  test('several replays: the noise is the error of the mean over seeds, beside a schedule-only figure', () => {
    const w = weekWorkload({ days: 8, peakPerMinute: 300 });
    const one = backtest(w, 1, 1, 1).functions[0].spillover;
    const four = backtest(w, 1, 1, 4);
    const api = four.functions[0].spillover;
    expect(four.replays).toBe(4);
    if (!one || !api) throw new Error('expected spillover figures');
    // The first replay is the one-replay run; the mean of four is a different number with its own noise.
    expect(api.replayed.rate).not.toBe(one.replayed.rate);
    expect(api.replayed.noise).toBeGreaterThan(0);
    // The error of the mean, not the hourly spread of one replay.
    expect(api.replayed.noise).toBeLessThan(one.replayed.noise);
    expect(api.scheduleOnly.rate).toBeGreaterThanOrEqual(0);
    expect(renderBacktestText(four)).toMatch(/4 time\(s\) \(seeds 1-4\)/);
    expect(renderBacktestText(four)).toContain('schedule only');
  });

  test('the mean of replays: two standard errors of the mean', () => {
    const m = meanOfReplays([0.04, 0.05, 0.06].map((rate) => ({ rate, noise: 1 })));
    expect(m.rate).toBeCloseTo(0.05, 12);
    expect(m.noise).toBeCloseTo(2 * Math.sqrt(0.0001 / 3), 12);
    expect(meanOfReplays([{ rate: 0.1, noise: 0.02 }])).toEqual({ rate: 0.1, noise: 0.02 });
  });

  test('held-out hours without data are named and left out of the replayed rates', () => {
    const w = weekWorkload({ days: 9, peakPerMinute: 300 });
    const [spec] = w.functions;
    const counts = [...(spec.traffic.perMinute ?? [])].fill(NaN, 8 * 1440 + 10 * 60, 8 * 1440 + 15 * 60);
    const bt = backtest({ ...w, functions: [{ ...spec, traffic: trafficFromPerMinute(counts, { startDate: '2026-03-02' }) }] }, 2, 1, 1);
    const [api] = bt.functions;
    expect(api.heldOutHoursWithoutData).toBe(5);
    expect(api.missed).toEqual([]);
    expect(renderBacktestText(bt)).toContain('2026-03-09 (5 h without data)');
    expect(renderBacktestText(bt)).toContain('not counted in the replayed rates');
  });

  test('nothing to backtest (a one-day trace): the text says so and why, and claims no target met', () => {
    const bt = backtest(weekWorkload({ days: 1, peakPerMinute: 30 }), 1, 1, 1);
    expect(bt.functions).toEqual([]);
    const text = renderBacktestText(bt);
    expect(text).not.toContain('target met');
    expect(text).toContain('Backtest: nothing was backtested');
    expect(text).toContain('Not backtested: api: needs more than 1 days of history, has 1.');
  });
});

describe('simulate notes on hours without data', () => {
  test('a replay over filled-in hours says which share of the replayed time was filled in rather than observed', () => {
    const w = weekWorkload({ days: 2, peakPerMinute: 30 });
    const [spec] = w.functions;
    // Day 2 has no data: half of the replayed time is filled in by the rule.
    const counts = [...(spec.traffic.perMinute ?? [])].fill(NaN, 1440);
    const run = simulate({ ...w, functions: [{ ...spec, traffic: trafficFromPerMinute(counts) }] }, null, { series: false });
    expect(run.notes).toContainEqual(expect.stringMatching(/^api: 50% of the replayed time \(1440 of 2880 minutes\) is hours without data in the trace, filled in by the rule for hours without data — .* — not observed \(docs\/workload\.md, "Hours without data"\)\.$/));
    expect(simulate(w, null, { series: false, durationSeconds: 3600 }).notes.some((n) => n.includes('without data'))).toBe(false);
  });
});
