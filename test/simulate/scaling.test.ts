/**
 * The simulator against Lambda's documented scaling behaviour (MODEL §8) and against Erlang B (MODEL §2).
 */
import { erlangB } from '../../lib/model';
import { toJson } from '../../lib/report/simulation-report';
import { simulate } from '../../lib/simulate';
import type { SimulationResult } from '../../lib/simulate';
import { FULL_RUNS } from '../support/runs';
import { constantTraffic, fn, planFor, staticProvisioned, stepsTraffic, workload } from './fixtures';

/** Throttled fraction and its standard error by batch means over the series intervals (first batch dropped as warm-up). */
function batchMeans(result: SimulationResult, numerator: 'throttles' | 'spillovers', denominator: 'arrivals' | 'invocations'): { mean: number; se: number } {
  const s = result.series[0];
  const fractions: number[] = [];
  for (let i = 1; i < s.arrivals.length; i++) {
    const den = denominator === 'arrivals' ? s.arrivals[i] : s.arrivals[i] - s.throttles[i];
    fractions.push(s[numerator][i] / den);
  }
  const mean = fractions.reduce((a, b) => a + b, 0) / fractions.length;
  const variance = fractions.reduce((a, b) => a + (b - mean) ** 2, 0) / (fractions.length - 1);
  return { mean, se: Math.sqrt(variance / fractions.length) };
}

describe('legacy regional burst (us-east-1)', () => {
  // GIVEN 0 → 5,000 rps of 1 s requests at once, account limit high enough not to bind
  const w = workload([fn({ name: 'api', traffic: constantTraffic(5000), durationMs: { avg: 1000, p99: 1000 } })], {
    scalingModel: 'regional-burst',
    concurrencyLimit: 10000,
  });
  const result = simulate(w, null, { durationSeconds: 420, intervalSeconds: 1 });
  const s = result.series[0];

  test('serves about 3,000 at once', () => {
    expect(s.busy[0]).toBeGreaterThanOrEqual(2990);
    expect(s.busy[0]).toBeLessThanOrEqual(3010);
    expect(s.throttles[0]).toBeGreaterThan(1900);
  });

  test('adds about 500 environments per minute after the burst', () => {
    expect(s.busy[60] - s.busy[0]).toBeGreaterThan(450);
    expect(s.busy[60] - s.busy[0]).toBeLessThan(550);
    expect(s.busy[180] - s.busy[120]).toBeGreaterThan(450);
    expect(s.busy[180] - s.busy[120]).toBeLessThan(550);
  });

  test('throttles end after about 4 minutes', () => {
    const lastThrottle = Math.max(...Array.from(s.throttles.keys()).filter((i) => s.throttles[i] > 0));
    expect(lastThrottle).toBeGreaterThan(220);
    expect(lastThrottle).toBeLessThan(330);
    // in minute 3 the shortfall is about 500 of 5,000 per second at its start, still throttling
    expect(s.throttles[180]).toBeGreaterThan(200);
  });

  test('the burst is shared by the account: two functions together get about 3,000', () => {
    const two = workload(
      ['a', 'b'].map((name) => fn({ name, traffic: constantTraffic(2500) })),
      { scalingModel: 'regional-burst', concurrencyLimit: 10000 },
    );
    const r = simulate(two, null, { durationSeconds: 5, intervalSeconds: 1 });
    const together = r.series[0].busy[0] + r.series[1].busy[0];
    expect(together).toBeGreaterThanOrEqual(2990);
    expect(together).toBeLessThanOrEqual(3010);
  });

  test('regions outside the big three burst lower', () => {
    const w2 = workload([fn({ name: 'api', traffic: constantTraffic(5000) })], { scalingModel: 'regional-burst', concurrencyLimit: 10000, region: 'eu-central-1' });
    expect(simulate(w2, null, { durationSeconds: 2 }).series[0].busy[0]).toBeLessThanOrEqual(1010);
  });
});

describe('per-function scaling', () => {
  // GIVEN demand far above what scaling allows: 5,000 rps of 10 s requests (50,000 busy)
  const w = workload([fn({ name: 'api', traffic: constantTraffic(5000), durationMs: { avg: 10000, p99: 10000 } })], { concurrencyLimit: 100000 });
  const s = simulate(w, null, { durationSeconds: 40, intervalSeconds: 1 }).series[0];

  test('adds 1,000 environments every 10 seconds', () => {
    expect(s.busy[0]).toBeGreaterThanOrEqual(1000);
    expect(s.busy[0]).toBeLessThanOrEqual(1100);
    for (const k of [10, 20, 30]) {
      expect(s.busy[k] - s.busy[k - 10]).toBeGreaterThanOrEqual(950);
      expect(s.busy[k] - s.busy[k - 10]).toBeLessThanOrEqual(1050);
    }
  });

  test('is bounded by reserved concurrency', () => {
    const r = simulate(w, planFor(w, { api: { reservedConcurrency: 1500 } }), { durationSeconds: 30 });
    expect(r.summary.api.peakConcurrency).toBe(1500);
  });

  test('functions without reserved concurrency share the account limit', () => {
    const two = workload(['a', 'b'].map((name) => fn({ name, traffic: constantTraffic(2000) })), { concurrencyLimit: 1000 });
    const r = simulate(two, null, { durationSeconds: 20 });
    const s0 = r.series[0];
    const s1 = r.series[1];
    for (let i = 0; i < 20; i++) expect(s0.busy[i] + s1.busy[i]).toBeLessThanOrEqual(1000);
  });
});

describe('SQS pollers', () => {
  // GIVEN a deep backlog: 1,000 messages/s, one message per batch, 10 s per batch
  const sqsFn = fn({ name: 'worker', invocation: 'sqs', timeoutSeconds: 30, durationMs: { avg: 10000, p99: 10000 }, traffic: constantTraffic(1000), sqs: { fifo: false, maxQueueAgeSeconds: 60, batchSize: 1 } });
  const w = workload([sqsFn], { concurrencyLimit: 5000 });

  test('start at 5 concurrent and add at most 300 per minute', () => {
    const plan = planFor(w, { worker: { reservedConcurrency: 4000, sqs: { batchSize: 1, maxConcurrency: 1000 } } });
    const s = simulate(w, plan, { durationSeconds: 130 }).series[0];
    expect(s.busy[0]).toBe(5);
    expect(s.busy[60]).toBeLessThanOrEqual(305);
    expect(s.busy[60]).toBeGreaterThan(290);
    expect(s.busy[120]).toBeLessThanOrEqual(605);
    expect(s.queueDepth[120]).toBeGreaterThan(50000);
  });

  test('are capped by maxConcurrency', () => {
    const plan = planFor(w, { worker: { reservedConcurrency: 4000, sqs: { batchSize: 1, maxConcurrency: 100 } } });
    const r = simulate(w, plan, { durationSeconds: 90 });
    expect(r.summary.worker.peakConcurrency).toBe(100);
    expect(r.summary.worker.maxQueueAgeSeconds).toBeGreaterThan(60);
  });

  test('failed messages return after the visibility timeout and reach the DLQ on the maxReceiveCount-th receive', () => {
    const small = workload([{ ...sqsFn, durationMs: { avg: 100, p99: 100 }, traffic: stepsTraffic([{ atSeconds: 0, rps: 10 }, { atSeconds: 10, rps: 0 }]) }]);
    const plan = planFor(small, { worker: { reservedConcurrency: 100, sqs: { batchSize: 10, maxConcurrency: 50, visibilityTimeoutSeconds: 30, maxReceiveCount: 3 } } });
    const r = simulate(small, plan, { durationSeconds: 200, errorRate: 1 });
    const sum = r.summary.worker;
    expect(sum.dlqMessages).toBe(sum.arrivals);
    const dlq = r.series[0].dlq;
    // third receive happens after two visibility timeouts: nothing in the DLQ before 60 s
    expect(dlq[59]).toBe(0);
    expect(dlq[100]).toBe(sum.arrivals);
  });
});

describe('Erlang B agreement', () => {
  // Steady Poisson load A against a reserved cap C: the throttled fraction is the loss probability B(C, A).
  const cases = [
    { load: 5, cap: 8, seconds: 40000, dist: { avg: 1000 } },
    { load: 20, cap: 22, seconds: 20000, dist: { avg: 1000 } },
    // About 800,000 arrivals each: under npm run test:slow only (scaling.slow.test.ts).
    ...(FULL_RUNS
      ? [
          { load: 100, cap: 110, seconds: 8000, dist: { avg: 1000 } },
          { load: 100, cap: 110, seconds: 8000, dist: { avg: 1000, p99: 4000 } },
          { load: 400, cap: 400, seconds: 2000, dist: { avg: 500, p99: 1500 } },
        ]
      : []),
  ];
  test.each(cases)('throttle fraction within 3 standard errors of B($cap, $load) ($dist.avg ms, p99 $dist.p99)', ({ load, cap, seconds, dist }) => {
    const rps = load / (dist.avg / 1000);
    const w = workload([fn({ name: 'f', traffic: constantTraffic(rps), durationMs: dist })]);
    const r = simulate(w, planFor(w, { f: { reservedConcurrency: cap } }), { durationSeconds: seconds, intervalSeconds: seconds / 20, seed: 7 });
    const { mean, se } = batchMeans(r, 'throttles', 'arrivals');
    const expected = erlangB(cap, load);
    expect(Math.abs(mean - expected)).toBeLessThanOrEqual(3 * se);
    // and the test is sharp: a 5% different load would be told apart
    expect(Math.abs(erlangB(cap, load * 1.05) - expected)).toBeGreaterThan(3 * se);
  });

  test('spillover past static provisioned concurrency P is B(P, A)', () => {
    const w = workload([fn({ name: 'f', traffic: constantTraffic(30), durationMs: { avg: 1000, p99: 3000 } })]);
    const r = simulate(w, planFor(w, { f: { reservedConcurrency: 200, provisioned: staticProvisioned(35) } }), { durationSeconds: 20000, intervalSeconds: 1000, seed: 3 });
    const { mean, se } = batchMeans(r, 'spillovers', 'invocations');
    expect(Math.abs(mean - erlangB(35, 30))).toBeLessThanOrEqual(3 * se);
  });
});

describe('determinism', () => {
  const w = workload([
    fn({ name: 'api', traffic: constantTraffic(200), durationMs: { avg: 150, p99: 900 }, initDurationMs: 400 }),
    fn({ name: 'job', invocation: 'async', traffic: constantTraffic(50), durationMs: { avg: 2000 } }),
  ]);
  const plan = planFor(w, { api: { reservedConcurrency: 40, provisioned: staticProvisioned(20) }, job: { reservedConcurrency: 60 } });

  test('the same seed gives identical output', () => {
    expect(toJson(simulate(w, plan, { durationSeconds: 300, seed: 42 }))).toBe(toJson(simulate(w, plan, { durationSeconds: 300, seed: 42 })));
  });

  test('another seed gives other arrivals', () => {
    const a = simulate(w, plan, { durationSeconds: 300, seed: 1 }).summary.api.arrivals;
    const b = simulate(w, plan, { durationSeconds: 300, seed: 2 }).summary.api.arrivals;
    expect(a).not.toBe(b);
  });

  test('arrivals do not depend on capacity (common random numbers across plans)', () => {
    const bare = simulate(w, null, { durationSeconds: 300, seed: 42 });
    const planned = simulate(w, plan, { durationSeconds: 300, seed: 42 });
    expect(bare.summary.api.arrivals).toBe(planned.summary.api.arrivals);
  });
});
