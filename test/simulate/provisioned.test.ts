/**
 * Provisioned concurrency (schedules, allocation delay, target tracking), keep-alive and async retries.
 */
import { actionSchedule, everyDayAt, hourlyCron } from '../../lib/model';
import { blockActions } from '../../lib/planner/actions';
import type { ScheduledActionPlan } from '../../lib/planner/types';
import { readPlan, writePlan } from '../../lib/plan-file';
import { toJson } from '../../lib/report/simulation-report';
import { simulate } from '../../lib/simulate';
import { constantTraffic, fn, planFor, stepsTraffic, workload } from './fixtures';

/** A provisioned plan with the given scheduled actions (minute of day → bounds) and target. */
function provisioned(actions: { minute: number; min: number; max: number }[], targetUtilization = 0) {
  return {
    min: Math.min(...actions.map((a) => a.min)),
    max: Math.max(...actions.map((a) => a.max)),
    targetUtilization,
    statistic: 'Average' as const,
    hourly: [],
    schedule: actions.map((a) => ({ name: `m${a.minute}`, ...actionSchedule(everyDayAt(a.minute)), timezone: 'UTC', min: a.min, max: a.max })),
  };
}

describe('scheduled actions and allocation', () => {
  const w = workload([fn({ name: 'api', traffic: constantTraffic(1) })], { concurrencyLimit: 2000 });

  test('an action raises provisioned concurrency after the preparation delay, at most 6,000 per minute', () => {
    const plan = planFor(w, { api: { reservedConcurrency: 1000, provisioned: provisioned([{ minute: 0, min: 0, max: 0 }, { minute: 2, min: 300, max: 300 }]) } });
    const p = simulate(w, plan, { durationSeconds: 300 }).series[0].provisioned;
    expect(p[119]).toBe(0);
    expect(p[179]).toBe(0); // asked for at 120 s, prepared for 60 s
    expect(p[180]).toBe(100); // then 100 per second (6,000 per minute)
    expect(p[182]).toBe(300);
    expect(p[299]).toBe(300);
  });

  test('a plan written to its file and read back simulates byte for byte like the plan in memory', () => {
    const actions = [{ minute: 0, min: 40, max: 40 }, { minute: 1, min: 10, max: 10 }, { minute: 3, min: 25, max: 30 }];
    const made = planFor(w, { api: { reservedConcurrency: 1000, provisioned: { ...provisioned(actions), targetUtilization: null, hourly: new Array(24).fill(10) } } });
    // what the schema asks of a complete plan beyond what the simulator reads
    const plan = { ...made, functions: made.functions.map((f) => ({ ...f, offeredLoad: { ...f.offeredLoad, hourly: new Array(24).fill(1) }, alarms: { ...f.alarms, concurrency: { threshold: 1 } } })) };
    const readBack = readPlan(writePlan(plan), 'plan.json', 'partial', w);
    expect(readBack.functions[0].provisioned?.schedule.map((a) => a.when.minuteOfDay)).toEqual([0, 1, 3]);
    expect(toJson(simulate(w, readBack, { durationSeconds: 300, seed: 5 }))).toBe(toJson(simulate(w, plan, { durationSeconds: 300, seed: 5 })));
  });

  test('the action in force at 00:00 is allocated from the start; a lower one applies at once', () => {
    expect(hourlyCron(0)).toBe('cron(0 0 * * ? *)');
    const hourly = [{ minute: 0, min: 40, max: 40 }, { minute: 1, min: 10, max: 10 }];
    const plan = planFor(w, { api: { reservedConcurrency: 1000, provisioned: provisioned(hourly) } });
    const p = simulate(w, plan, { durationSeconds: 120 }).series[0].provisioned;
    expect(p[0]).toBe(40);
    expect(p[59]).toBe(40);
    expect(p[60]).toBe(10);
  });
});

describe('lowering actions (Application Auto Scaling scales in only to an action\'s max)', () => {
  const w = workload([fn({ name: 'api', traffic: constantTraffic(1) })], { concurrencyLimit: 2000 });
  const run = (actions: ScheduledActionPlan[]) => {
    const pc = { min: 20, max: 66, targetUtilization: null, statistic: 'Average' as const, hourly: [], schedule: actions };
    return simulate(w, planFor(w, { api: { reservedConcurrency: 500, provisioned: pc } }), { durationSeconds: 1800, intervalSeconds: 60 }).series[0].provisioned;
  };
  const busy = { name: 'm0', ...actionSchedule(everyDayAt(0)), timezone: 'UTC', min: 60, max: 66 };

  test('an action that lowers min but keeps max above the capacity leaves the capacity where it is', () => {
    const p = run([busy, { name: 'm10', ...actionSchedule(everyDayAt(10)), timezone: 'UTC', min: 20, max: 66 }]);
    expect(p[9]).toBe(60);
    expect(p[29]).toBe(60);
  });

  test("the planner's lowering block scales in to its PC at its minute and keeps it within the restored headroom", () => {
    const p = run([busy, ...blockActions({ name: 'm10', at: everyDayAt(10), provisioned: 20, raises: false }, 'UTC', (x) => x + 2)]);
    expect(p[9]).toBe(60);
    expect(p[10]).toBe(20);
    expect(p[29]).toBe(20);
  });
});

describe('target tracking (Application Auto Scaling)', () => {
  // GIVEN 30 busy environments on average against 10 provisioned, target 0.5 within [10, 100]
  const busy = workload([fn({ name: 'api', traffic: stepsTraffic([{ atSeconds: 0, rps: 30 }, { atSeconds: 1800, rps: 5 }, { atSeconds: 3600, rps: 0 }]) })], { concurrencyLimit: 2000 });
  const plan = planFor(busy, { api: { reservedConcurrency: 500, provisioned: provisioned([{ minute: 0, min: 10, max: 100 }], 0.5) } });
  const p = simulate(busy, plan, { durationSeconds: 5400, intervalSeconds: 60 }).series[0].provisioned;

  test('scales out only after 3 datapoints above the target, then after the allocation delay', () => {
    expect(p[0]).toBe(10);
    expect(p[2]).toBe(10); // minutes 0-2 are the three datapoints; the request at 3:00 lands at 4:00
    expect(p[3]).toBe(10);
    expect(p[4]).toBeGreaterThan(10);
  });

  test('settles near load / target and never above max', () => {
    expect(p[25]).toBeGreaterThanOrEqual(55);
    expect(p[25]).toBeLessThanOrEqual(75);
    expect(Math.max(...p)).toBeLessThanOrEqual(100);
  });

  test('scales in only after 15 datapoints below 0.9 x target', () => {
    // load drops to 5 at 30:00: 15 low minutes are complete at 45:00
    expect(p[40]).toBe(p[29]);
    expect(p[50]).toBeLessThan(p[29]);
  });

  test('does not scale in while idle: minutes without invocations have no datapoint', () => {
    // the same load, then no traffic at all from 30:00: PC stays where target tracking left it
    const idle = workload([fn({ name: 'api', traffic: stepsTraffic([{ atSeconds: 0, rps: 30 }, { atSeconds: 1800, rps: 0 }]) })], { concurrencyLimit: 2000 });
    const q = simulate(idle, planFor(idle, { api: { reservedConcurrency: 500, provisioned: provisioned([{ minute: 0, min: 10, max: 100 }], 0.5) } }), { durationSeconds: 5400, intervalSeconds: 60 }).series[0].provisioned;
    expect(q[29]).toBeGreaterThanOrEqual(55);
    expect(q[89]).toBe(q[31]);
  });
});

describe('target tracking against the documented rules (docs/model.md, "Target tracking: documented vs assumed")', () => {
  // 1-second invocations, so busy environments = rps. The schedule sets 100 at minute 0 and lets
  // target tracking alone decide from minute 1 (min 1, max 200); target 0.5.
  const run = (rps: number, statistic: 'Average' | 'Maximum' = 'Average', steps = [{ atSeconds: 0, rps }]) => {
    const w = workload([fn({ name: 'api', traffic: stepsTraffic(steps) })], { concurrencyLimit: 2000 });
    const pc = {
      ...provisioned([{ minute: 0, min: 100, max: 200 }, { minute: 1, min: 1, max: 200 }], 0.5),
      statistic,
    };
    return simulate(w, planFor(w, { api: { reservedConcurrency: 1000, provisioned: pc } }), { durationSeconds: 3600, intervalSeconds: 60 }).series[0].provisioned;
  };

  test('scale-in needs utilization more than 10% below the target: at 0.95 x target PC holds for the hour', () => {
    // 47.5 busy of 100: utilization 0.475, above 0.9 x 0.5 = 0.45 and below 0.5
    const p = run(47.5);
    expect(p[10]).toBe(100);
    expect(p[59]).toBe(100);
  });

  test('below 0.9 x target, PC scales in (after 15 low datapoints) to about load / target', () => {
    // 40 busy of 100: utilization 0.4 < 0.45
    const p = run(40);
    expect(p[10]).toBe(100); // fewer than 15 datapoints yet
    expect(p[30]).toBeLessThan(100);
    expect(p[30]).toBeGreaterThanOrEqual(75); // ceil(100 x 0.4 / 0.5) = 80, within the noise
  });

  test('the Maximum statistic sees a burst within each minute that the Average does not', () => {
    // 10 s of 90 rps at the start of every minute, 30 rps the other 50 s: average 40 busy (0.4),
    // peak 90+ busy (0.9+): Average scales in, Maximum scales out
    const minute = (m: number) => [{ atSeconds: m * 60, rps: 90 }, { atSeconds: m * 60 + 10, rps: 30 }];
    const steps = Array.from({ length: 60 }, (_, m) => minute(m)).flat();
    const avg = run(0, 'Average', steps);
    const max = run(0, 'Maximum', steps);
    expect(avg[30]).toBeLessThan(100);
    expect(max[30]).toBeGreaterThan(100);
  });
});

describe('keep-alive', () => {
  test('idle environments are reused within keepAliveMinutes and reclaimed after', () => {
    // bursts of 50 rps x 1 s for 20 s at 0 s, 300 s (5 min later) and 1,200 s (15 min after the second)
    const steps = [0, 300, 1200].flatMap((at) => [
      { atSeconds: at, rps: 50 },
      { atSeconds: at + 20, rps: 0 },
    ]);
    const w = workload([fn({ name: 'api', traffic: stepsTraffic(steps), initDurationMs: 200 })]);
    const cold = simulate(w, null, { durationSeconds: 1300, intervalSeconds: 100 }).series[0].coldStarts;
    expect(cold[0]).toBeGreaterThan(40);
    expect(cold[3]).toBeLessThan(10);
    expect(cold[12]).toBeGreaterThan(40);
  });
});

describe('async invocations', () => {
  test('throttled events are retried until they run', () => {
    const w = workload([fn({ name: 'job', invocation: 'async', traffic: stepsTraffic([{ atSeconds: 0, rps: 20 }, { atSeconds: 60, rps: 0 }]) })]);
    const r = simulate(w, planFor(w, { job: { reservedConcurrency: 10 } }), { durationSeconds: 1200 });
    const s = r.summary.job;
    expect(s.throttles).toBeGreaterThan(100);
    expect(s.invocations).toBe(s.arrivals);
    expect(s.dlqMessages).toBe(0);
  });

  test('events still throttled after 6 hours are given up', () => {
    const w = workload([fn({ name: 'job', invocation: 'async', traffic: stepsTraffic([{ atSeconds: 0, rps: 2 }, { atSeconds: 10, rps: 0 }]) })]);
    const r = simulate(w, planFor(w, { job: { reservedConcurrency: 0 } }), { durationSeconds: 22000, series: false });
    expect(r.summary.job.invocations).toBe(0);
    expect(r.summary.job.dlqMessages).toBe(r.summary.job.arrivals);
  });

  test('function errors are retried twice, then given up', () => {
    const w = workload([fn({ name: 'job', invocation: 'async', traffic: stepsTraffic([{ atSeconds: 0, rps: 5 }, { atSeconds: 20, rps: 0 }]) })]);
    const r = simulate(w, null, { durationSeconds: 600, errorRate: 1 });
    const s = r.summary.job;
    expect(s.invocations).toBe(3 * s.arrivals);
    expect(s.dlqMessages).toBe(s.arrivals);
  });
});
