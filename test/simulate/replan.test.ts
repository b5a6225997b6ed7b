import { planWorkload } from '../../lib/planner';
import { REPLAN_DEFAULTS, replan } from '../../lib/simulate/replan';
import { parseWorkload } from '../../lib/workload';
import { trafficFromHourly, trafficFromPerMinute } from '../../lib/workload/traffic';
import type { Workload } from '../../lib/workload/types';

/** One day of a day/night cycle per minute (quiet nights, a busy day), small enough to replay in seconds. */
const DAYS = 1;
function trace(scale: number): number[] {
  return Array.from({ length: DAYS * 1440 }, (_, m) => {
    const hour = Math.floor(m / 60) % 24;
    const rps = hour >= 8 && hour < 20 ? 12 : 1;
    return Math.round(rps * 60 * scale);
  });
}

/** An API with scheduled + tracking PC and a worker on SQS, both on the trace scaled by `scale`. */
function workload(scale: number): Workload {
  const base = parseWorkload(
    JSON.stringify({
      version: 1,
      account: { region: 'us-east-1' },
      functions: [
        { name: 'api', invocation: 'sync', memoryMb: 1024, timeoutSeconds: 10, durationMs: { avg: 200, p99: 800 }, latencySensitive: true, traffic: { peakRps: 12 } },
        { name: 'reports', invocation: 'sync', memoryMb: 512, timeoutSeconds: 10, durationMs: { avg: 100 }, traffic: { peakRps: 10 } },
      ],
    }),
    'replan.json',
  );
  return { ...base, functions: base.functions.map((f) => ({ ...f, traffic: trafficFromPerMinute(trace(f.name === 'api' ? scale : scale / 4)) })) };
}

describe('replan', () => {
  const committed = workload(1);
  const plan = planWorkload(committed);

  test('on the history it was planned from: holds, and the fresh plan changes nothing', () => {
    const r = replan(committed, plan, workload(1));
    expect(r.functions.map((f) => [f.name, f.verdict, f.changes])).toEqual([
      ['api', 'holds', []],
      ['reports', 'holds', []],
    ]);
    expect(r.stale).toBe(false);
    expect(r.days).toBe(DAYS);
    for (const f of r.functions) expect(f.after).toEqual(f.before);
  });

  test('traffic grew 40%: the committed plan misses, the fresh one holds and changes the PC and reserved concurrency', () => {
    const r = replan(committed, plan, workload(1.4));
    const api = r.functions.find((f) => f.name === 'api')!;
    expect(api.verdict).toBe('misses');
    expect(api.before.missed.length).toBeGreaterThan(0);
    expect(api.after.missed).toEqual([]);
    expect(api.changes.map((c) => c.setting)).toEqual(expect.arrayContaining(['reservedConcurrency', 'provisioned.max']));
    expect(r.plan.functions[0].reservedConcurrency).toBeGreaterThan(plan.functions[0].reservedConcurrency);
    expect(r.stale).toBe(true);
  });

  test(`traffic fell by half: over-provisioned by more than ${REPLAN_DEFAULTS.overProvisionedFraction * 100}%, and the saving is the cost difference`, () => {
    const r = replan(committed, plan, workload(0.5));
    const api = r.functions.find((f) => f.name === 'api')!;
    expect(api.verdict).toBe('over-provisioned');
    expect(api.before.missed).toEqual([]);
    expect(api.after.missed).toEqual([]);
    expect(api.before.monthlyCostUsd).toBeGreaterThan(api.after.monthlyCostUsd * (1 + REPLAN_DEFAULTS.overProvisionedFraction));
    expect(api.savingUsd).toBeCloseTo(api.before.monthlyCostUsd - api.after.monthlyCostUsd, 2);
    expect(r.plan.functions[0].provisioned!.max).toBeLessThan(plan.functions[0].provisioned!.max);
    // a higher threshold than the saving's share: the same history holds
    const lenient = replan(committed, plan, workload(0.5), { overProvisionedFraction: api.before.monthlyCostUsd / api.after.monthlyCostUsd });
    expect(lenient.functions.find((f) => f.name === 'api')!.verdict).toBe('holds');
  });

  test('a function without recent history is kept as committed and named', () => {
    const recent = workload(1);
    const r = replan(committed, plan, { ...recent, functions: recent.functions.filter((f) => f.name === 'reports') });
    expect(r.skipped).toEqual([{ name: 'api', reason: 'no recent history: kept as committed' }]);
    expect(r.functions.map((f) => f.name)).toEqual(['reports']);
    expect(r.plan.functions[0]).toEqual(plan.functions[0]);
  });

  test('a function whose recent history is a day profile does not shorten the traces\' replay', () => {
    // api: a quiet day as committed, then a day 40% busier; reports: an hourly profile (one day).
    // Before, the profile cut the replay to its one day, and api held on the quiet day alone.
    const recent = workload(1);
    const functions = recent.functions.map((f) =>
      f.name === 'api' ? { ...f, traffic: trafficFromPerMinute([...trace(1), ...trace(1.4)]) } : { ...f, traffic: trafficFromHourly(f.traffic.hourlyRps.map((r) => r / 2)) },
    );
    const r = replan(committed, plan, { ...recent, functions });
    expect(r.days).toBe(2);
    expect(r.functions.find((f) => f.name === 'api')!.verdict).toBe('misses');
    expect(r.stale).toBe(true);
  });
});
