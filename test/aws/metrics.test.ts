import fc from 'fast-check';
import { FUNCTION_METRICS, GET_METRIC_DATA_LIMITS, datapointsPerQuery, minimumCalls, packQueries, seriesPeriodSeconds, windowFor } from '../../lib/aws/metrics';

const limits = GET_METRIC_DATA_LIMITS;

describe('packQueries', () => {
  test('1,000 functions x 8 series of 336 hourly datapoints fit in the minimum number of calls', () => {
    const sizes = new Array(8000).fill(336);
    const bins = packQueries(sizes, (s) => s);
    // 100,800 / 336 = 300 series per call: the datapoint limit binds before the 500-query limit.
    expect(bins).toHaveLength(Math.ceil(8000 / 300));
    expect(bins.length).toBe(minimumCalls(sizes));
    expect(Math.max(...bins.map((b) => b.length))).toBe(300);
  });

  test('1,000 functions x 14 days at one minute: 2,000 trace series (counts and durations) of 20,160 and 6,000 hourly of 336 fill the minimum number of calls', () => {
    const sizes = [...new Array(2000).fill(20_160), ...new Array(6000).fill(336)];
    const bins = packQueries(sizes, (s) => s);
    // 5 minute series fill a call exactly (100,800); 300 hourly ones too: 400 + ceil(6,000 / 300) = 420.
    expect(minimumCalls(sizes)).toBe(Math.ceil((2000 * 20_160 + 6000 * 336) / limits.maxDatapoints));
    expect(bins).toHaveLength(minimumCalls(sizes));
    expect(bins.length).toBe(420);
  });

  test('short windows are bound by the 500-query limit', () => {
    const sizes = new Array(1200).fill(24);
    const bins = packQueries(sizes, (s) => s);
    expect(bins.map((b) => b.length)).toEqual([500, 500, 200]);
    expect(minimumCalls(sizes)).toBe(3);
  });

  test('refuses a query that alone exceeds the datapoint limit', () => {
    expect(() => packQueries([limits.maxDatapoints + 1], (s) => s)).toThrow(/more than the GetMetricData limit of 100800/);
  });

  test('keeps the caller order inside each call', () => {
    const bins = packQueries([5, 1, 4, 2], (s) => s, { maxQueries: 2, maxDatapoints: 6 });
    for (const bin of bins) expect([...bin].sort((a, b) => [5, 1, 4, 2].indexOf(a) - [5, 1, 4, 2].indexOf(b))).toEqual(bin);
  });

  test('property: every item once, every call within both limits, never fewer than the lower bound', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 20_000 }), { maxLength: 1500 }), (sizes) => {
        const items = sizes.map((size, id) => ({ id, size }));
        const bins = packQueries(items, (x) => x.size);
        expect(bins.flat().map((x) => x.id).sort((a, b) => a - b)).toEqual(items.map((x) => x.id));
        for (const bin of bins) {
          expect(bin.length).toBeLessThanOrEqual(limits.maxQueries);
          expect(bin.reduce((s, x) => s + x.size, 0)).toBeLessThanOrEqual(limits.maxDatapoints);
        }
        expect(bins.length).toBeGreaterThanOrEqual(minimumCalls(sizes));
      }),
      { numRuns: 60 },
    );
  });

  test('property: equal sizes (one period) always reach the lower bound', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 12_000 }), fc.integer({ min: 1, max: 2_000 }), (n, size) => {
        const sizes = new Array(n).fill(size);
        expect(packQueries(sizes, (s) => s).length).toBe(minimumCalls(sizes));
      }),
      { numRuns: 60 },
    );
  });
});

describe('periods', () => {
  test('at one minute only what a trace file holds (counts, mean durations) is read per minute; at other periods every series at that period', () => {
    expect(FUNCTION_METRICS.map((m) => seriesPeriodSeconds(m.key, 60))).toEqual(FUNCTION_METRICS.map((m) => (m.key === 'invocations' || m.key === 'durationAvg' ? 60 : 3600)));
    expect(seriesPeriodSeconds('messagesReceived', 60)).toBe(60);
    expect(FUNCTION_METRICS.every((m) => seriesPeriodSeconds(m.key, 300) === 300)).toBe(true);
  });

  test('a one-minute window ends on a whole hour (its hourly series must line up) and has 60 datapoints an hour', () => {
    const w = windowFor(Date.UTC(2025, 5, 1, 12, 34, 56), 14, 60);
    expect(w.endMs).toBe(Date.UTC(2025, 5, 1, 12));
    expect(datapointsPerQuery(w)).toBe(20_160);
    expect(datapointsPerQuery(w, 3600)).toBe(336);
  });
});

describe('windowFor', () => {
  test('ends on a whole period and spans the days asked for', () => {
    const now = Date.UTC(2025, 5, 1, 12, 34, 56);
    const w = windowFor(now, 14, 3600);
    expect(w.endMs).toBe(Date.UTC(2025, 5, 1, 12));
    expect(w.endMs - w.startMs).toBe(14 * 86_400_000);
    expect(datapointsPerQuery(w)).toBe(336);
  });
});
