import fc from 'fast-check';
import { DEFAULTS, erlangB, lambdaConnectionBudget, proxyPool, requiredVisibilityTimeoutSeconds, serversForBlocking, withBuffer } from '../../lib/model';
import { trafficFromPerMinute } from '../../lib/workload/traffic';
import { planWorkload } from '../../lib/planner';
import type { Workload } from '../../lib/workload/types';
import { workloadArb } from '../support/arbitraries';
import { flat, functionSpec, workloadOf } from '../support/specs';
import { runs } from '../support/runs';

const fn = functionSpec;
const workload = workloadOf;

describe('check values of MODEL.md', () => {
  test('500 rps x 200 ms sync with default targets reserves 128', () => {
    const plan = planWorkload(workload([fn()]));
    expect(plan.functions[0].offeredLoad.peak).toBe(100);
    expect(plan.functions[0].reservedConcurrency).toBe(128);
    expect(plan.functions[0].predicted.throttleProbability).toBeLessThanOrEqual(0.001);
    expect(plan.findings).toEqual([]);
  });

  test('throttle target 0.01 reserves 117', () => {
    expect(planWorkload(workload([fn({ throttleTarget: 0.01 })])).functions[0].reservedConcurrency).toBe(117);
  });

  test('every planned number has a rationale line', () => {
    const f = planWorkload(workload([fn({ latencySensitive: true })])).functions[0];
    for (const word of ['offeredLoad', 'reservedConcurrency', 'provisioned', 'targetUtilization', 'alarms', 'monthlyCost']) {
      expect(f.rationale.join('\n')).toContain(word);
    }
  });
});

describe('provisioned concurrency', () => {
  const hourly = [5, 5, 5, 5, 5, 5, 50, 200, 400, 400, 400, 400, 400, 400, 400, 400, 400, 200, 100, 50, 5, 5, 5, 5];
  const traffic = { source: 'hourlyRps' as const, hourlyRps: hourly, peakRps: 400, averageRps: hourly.reduce((a, b) => a + b) / 24 };

  test('merges equal hours into scheduled actions, across midnight', () => {
    const pc = planWorkload(workload([fn({ latencySensitive: true, traffic })])).functions[0].provisioned!;
    // 20:00-05:59 is one block (5 rps), then 06, 07, 08-16, 17, 18, 19.
    // The lowering blocks (17-20) each get a second action that gives target tracking its headroom back.
    expect(pc.schedule.map((s) => s.name)).toEqual(['h06', 'h07', 'h08', 'h17', 'h17-resume', 'h18', 'h18-resume', 'h19', 'h19-resume', 'h20', 'h20-resume']);
    expect(pc.schedule.every((s) => s.timezone === 'UTC' && s.min <= s.max)).toBe(true);
    // lowering actions fire on the hour; raising ones DEFAULTS.provisionedLeadMinutes (2) early, so PC is allocated in time
    expect(pc.schedule.find((s) => s.name === 'h20')!.cron).toBe('cron(0 20 * * ? *)');
    expect(pc.schedule.find((s) => s.name === 'h06')!.cron).toBe('cron(58 5 * * ? *)');
    expect(pc.schedule.find((s) => s.name === 'h17')!.cron).toBe('cron(0 17 * * ? *)');
  });

  test('a block that lowers PC under target tracking scales in to its PC (max = min), then gets its headroom back a minute later', () => {
    const pc = planWorkload(workload([fn({ latencySensitive: true, traffic })])).functions[0].provisioned!;
    expect(pc.targetUtilization).not.toBeNull();
    const h17 = pc.schedule.find((s) => s.name === 'h17')!;
    const resume = pc.schedule.find((s) => s.name === 'h17-resume')!;
    // Application Auto Scaling scales in only to an action's max: the lowering action's max is its PC
    expect(h17.max).toBe(h17.min);
    expect(h17.min).toBe(pc.hourly[17]);
    expect(resume.cron).toBe(`cron(${DEFAULTS.provisionedScaleInMinutes} 17 * * ? *)`);
    expect(resume.min).toBe(h17.min);
    expect(resume.max).toBe(withBuffer(h17.min));
    // raising actions keep their headroom in one action
    const h08 = pc.schedule.find((s) => s.name === 'h08')!;
    expect(h08.max).toBe(withBuffer(h08.min));
    expect(pc.schedule.some((s) => s.name === 'h08-resume')).toBe(false);
  });

  test('target tracking only from DEFAULTS.targetTrackingMinProvisioned up; below it the schedule alone, min = max', () => {
    const small = { source: 'hourlyRps' as const, hourlyRps: hourly.map((r) => r / 100), peakRps: 4, averageRps: 1 };
    const pc = planWorkload(workload([fn({ latencySensitive: true, traffic: small, durationMs: { avg: 1000 } })])).functions[0].provisioned!;
    expect(Math.max(...pc.hourly)).toBeLessThan(DEFAULTS.targetTrackingMinProvisioned);
    expect(pc.targetUtilization).toBeNull();
    expect(pc.schedule.length).toBeGreaterThan(0);
    expect(pc.schedule.every((a) => a.min === a.max)).toBe(true);
    expect(pc.max).toBe(Math.max(...pc.hourly));
    const big = planWorkload(workload([fn({ latencySensitive: true, traffic })])).functions[0].provisioned!;
    expect(Math.max(...big.hourly)).toBeGreaterThanOrEqual(DEFAULTS.targetTrackingMinProvisioned);
    expect(big.targetUtilization).not.toBeNull();
    expect(big.schedule.some((a) => a.max > a.min)).toBe(true);
  });

  test('a trace sizes each hour by all its minutes: below the busiest minute alone, and the hour meets the target', () => {
    // 09:00-09:59: one minute at 600 invocations, 59 at 60; the rest of the day 6 a minute.
    const perMinute = Array.from({ length: 1440 }, (_, m) => (m === 9 * 60 + 30 ? 600 : m >= 9 * 60 && m < 10 * 60 ? 60 : 6));
    const spec = fn({ latencySensitive: true, durationMs: { avg: 2000 }, traffic: trafficFromPerMinute(perMinute) });
    const f = planWorkload(workload([spec])).functions[0];
    const pc = f.provisioned!;
    expect(pc.hourly[9]).toBeLessThan(serversForBlocking(20, 0.05)); // the 600-a-minute minute alone: A = 10 rps x 2 s
    expect(pc.hourly[9]).toBeGreaterThan(serversForBlocking(2, 0.05)); // the other 59 minutes alone: A = 1 rps x 2 s
    // the hour's invocation-weighted spillover, minute by minute (2 s jobs: each minute its own load)
    const minutes = perMinute.slice(540, 600);
    const spilled = minutes.reduce((t, c) => t + c * erlangB(pc.hourly[9], (c / 60) * 2), 0);
    expect(spilled / minutes.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(0.05);
    expect(f.predicted.spilloverProbability).toBeLessThanOrEqual(0.05);
    expect(f.rationale.join('\n')).toContain("spillover over the hour's minutes");
  });

  test('sizes each hour to the spillover target and keeps PC max within reserved', () => {
    const f = planWorkload(workload([fn({ latencySensitive: true, traffic })])).functions[0];
    const pc = f.provisioned!;
    hourly.forEach((rps, h) => expect(erlangB(pc.hourly[h], (rps * 200) / 1000)).toBeLessThanOrEqual(0.05));
    expect(pc.max).toBeLessThanOrEqual(f.reservedConcurrency);
    expect(pc.targetUtilization).toBeGreaterThanOrEqual(0.1);
    expect(pc.targetUtilization).toBeLessThanOrEqual(0.9);
  });

  test('no schedule when every hour needs the same', () => {
    const pc = planWorkload(workload([fn({ latencySensitive: true })])).functions[0].provisioned!;
    expect(pc.schedule).toEqual([]);
    expect(pc.min).toBe(pc.hourly[0]);
  });
});

describe('sqs', () => {
  test('visibility is 6 x timeout + window and reserved covers maxConcurrency and 5', () => {
    const f = planWorkload(
      workload([fn({ name: 'worker', invocation: 'sqs', timeoutSeconds: 30, durationMs: { avg: 2000 }, traffic: flat(150), sqs: { fifo: false, batchSize: 10, maxBatchingWindowSeconds: 2, maxQueueAgeSeconds: 120 } })]),
    ).functions[0];
    expect(f.sqs!.visibilityTimeoutSeconds).toBe(182);
    expect(f.sqs!.maxReceiveCount).toBeGreaterThanOrEqual(5);
    expect(f.reservedConcurrency).toBeGreaterThanOrEqual(Math.max(5, f.sqs!.maxConcurrency));
    expect(f.alarms.throttles).toBeNull();
    expect(f.alarms.queueAge).toEqual({ thresholdSeconds: 120 });
  });

  test('a tiny queue still reserves 5 for the pollers', () => {
    const f = planWorkload(workload([fn({ invocation: 'sqs', traffic: flat(0.01), sqs: { fifo: false, maxQueueAgeSeconds: 300 } })])).functions[0];
    expect(f.reservedConcurrency).toBe(5);
  });
});

describe('budgets', () => {
  test('functions sharing a proxy split its Lambda budget and report the binding cap', () => {
    const db = { engine: 'postgres' as const, maxConnections: 200, maxConnectionsPercent: 90, headroom: 0.3, otherClients: 20 };
    const plan = planWorkload(
      workload(
        [fn({ name: 'a', database: { name: 'db', connectionsPerEnvironment: 1 } }), fn({ name: 'b', traffic: flat(250), database: { name: 'db', connectionsPerEnvironment: 2 } })],
        { databases: { db } },
      ),
    );
    const budget = lambdaConnectionBudget(proxyPool(200, 90), 0.3, 20);
    expect(plan.databases[0].lambdaBudget).toBe(budget);
    expect(plan.functions[0].reservedConcurrency + 2 * plan.functions[1].reservedConcurrency).toBeLessThanOrEqual(budget);
    expect(plan.findings.filter((f) => f.ruleId === 'ReservedCappedByDatabase').map((f) => f.function)).toEqual(['a', 'b']);
  });

  test('an account over budget is an error finding', () => {
    const plan = planWorkload(workload([fn({ name: 'a' }), fn({ name: 'b' })], { account: { region: 'us-east-1', concurrencyLimit: 300, unreservedFloor: 100, scalingModel: 'per-function' } }));
    expect(plan.account.reservedTotal).toBe(256);
    expect(plan.findings.map((f) => [f.ruleId, f.severity])).toEqual([['AccountConcurrencyBudget', 'error']]);
  });
});

describe('properties over random valid workloads', () => {
  const run = (check: (w: Workload) => void) => fc.assert(fc.property(workloadArb, check), { seed: 20261122, numRuns: runs(300, 100) });

  test('PC max <= reserved, maxConcurrency <= reserved, visibility >= 6 x timeout + window', () =>
    run((w) => {
      for (const f of planWorkload(w).functions) {
        if (f.provisioned) {
          expect(f.provisioned.max).toBeLessThanOrEqual(f.reservedConcurrency);
          expect(f.provisioned.min).toBeLessThanOrEqual(f.provisioned.max);
          for (const s of f.provisioned.schedule) expect(s.max).toBeLessThanOrEqual(f.reservedConcurrency);
        }
        if (f.sqs) {
          expect(f.sqs.maxConcurrency).toBeLessThanOrEqual(Math.max(2, f.reservedConcurrency));
          expect(f.sqs.visibilityTimeoutSeconds).toBeGreaterThanOrEqual(requiredVisibilityTimeoutSeconds(f.timeoutSeconds, f.sqs.maxBatchingWindowSeconds));
          expect(f.sqs.maxReceiveCount).toBeGreaterThanOrEqual(5);
        }
      }
    }));

  test('sum of reserved x connections stays within every proxy budget', () =>
    run((w) => {
      const plan = planWorkload(w);
      for (const db of plan.databases) {
        const used = w.functions
          .filter((f) => f.database?.name === db.name)
          .reduce((s, f) => s + plan.functions.find((p) => p.name === f.name)!.reservedConcurrency * f.database!.connectionsPerEnvironment, 0);
        expect(used).toBeLessThanOrEqual(db.lambdaBudget);
        expect(used).toBe(db.connectionsUsed);
      }
    }));

  test('reserved total fits the account unless an error finding says so', () =>
    run((w) => {
      const plan = planWorkload(w);
      const over = plan.account.reservedTotal > w.account.concurrencyLimit - w.account.unreservedFloor;
      expect(plan.findings.some((f) => f.ruleId === 'AccountConcurrencyBudget' && f.severity === 'error')).toBe(over);
    }));

  test('predicted throttles meet the target unless a finding explains the binding cap', () =>
    run((w) => {
      const plan = planWorkload(w);
      plan.functions.forEach((f, i) => {
        if (f.predicted.throttleProbability <= w.functions[i].throttleTarget * (1 + 1e-3)) return;
        expect(plan.findings.some((x) => x.function === f.name && ['ReservedCappedByDatabase', 'DatabaseBudgetExhausted'].includes(x.ruleId))).toBe(true);
      });
    }));

  test('the same workload gives byte-identical JSON', () =>
    run((w) => {
      expect(JSON.stringify(planWorkload(w))).toBe(JSON.stringify(planWorkload(structuredClone(w))));
    }));
});

describe('a trace of long invocations (durations over a minute)', () => {
  // One day: 60 calls in the first minute of each hour, 10 minutes each. At most 60 run at once.
  const counts = Array.from({ length: 1440 }, (_, m) => (m % 60 === 0 ? 60 : 0));
  const spec = (latencySensitive: boolean) => fn({ timeoutSeconds: 900, durationMs: { avg: 600_000, p99: 700_000 }, traffic: trafficFromPerMinute(counts), latencySensitive });

  test('reserved follows the environments still busy (the rate over the trailing duration), not the busiest minute held for a duration', () => {
    const f = planWorkload(workload([spec(false)])).functions[0];
    // The busiest minute held for 10 minutes would be 1 rps x 600 s = 600 environments.
    expect(f.offeredLoad.peak).toBe(60);
    expect(f.reservedConcurrency).toBe(serversForBlocking(60, 0.001));
    expect(f.rationale.join('\n')).toContain('over the busiest trailing 10 min (one duration)');
  });

  test('its cost is the calls it had: 1,440 calls a day of 10 minutes at 1 GB, no more', () => {
    const f = planWorkload(workload([spec(false)])).functions[0];
    // 1,440 calls x 600 s = 864,000 GB-s a day; x 730 / 24 days x $0.0000133334 = $350.40 on demand.
    expect(f.predicted.monthlyCostUsd.onDemand).toBeCloseTo(350.4, 0);
    expect(f.predicted.monthlyCostUsd.requests).toBeCloseTo((1440 * 730) / 24 / 5e6, 2);
  });
});
