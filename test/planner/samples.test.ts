import { DEFAULTS, provisionedForSamples, scheduleTimeOf } from '../../lib/model';
import { planWorkload } from '../../lib/planner';
import { loadSamples } from '../../lib/planner/samples';
import { hourOfMinute } from '../../lib/workload/traffic';
import { trafficFromPerMinute } from '../../lib/workload/traffic';
import { functionSpec, workloadOf } from '../support/specs';

const HOURS = 24;
/** One day at 0.1/s with a 5-minute burst of `rate`/s starting at minute `start`. */
const dayWithBurst = (start: number, rate = 50): number[] => Array.from({ length: 1440 }, (_, m) => (m >= start && m < start + 5 ? rate : 0.1));
const loadsOf = (samples: readonly { load: number }[]) => samples.map((s) => s.load);

describe('load samples and the hour boundary', () => {
  test(`a minute lends its load to the hour ${DEFAULTS.scheduleJitterMinutes} minutes either side of it, no further`, () => {
    // The burst at 00:52-00:56: hour 0's own, and within 10 minutes of 01:00 -> hour 1's too; not hour 2's.
    const samples = loadSamples(dayWithBurst(52), 1000, HOURS, hourOfMinute);
    expect(Math.max(...loadsOf(samples[0]))).toBe(50);
    expect(Math.max(...loadsOf(samples[1]))).toBe(50);
    expect(Math.max(...loadsOf(samples[2]))).toBeCloseTo(0.1);
    // 00:45-00:49: more than 10 minutes before 01:00, hour 0's only.
    const early = loadSamples(dayWithBurst(45), 1000, HOURS, hourOfMinute);
    expect(Math.max(...loadsOf(early[1]))).toBeCloseTo(0.1);
  });

  test('with no jitter window each minute is in its own hour only (the sizing before issue #22)', () => {
    const samples = loadSamples(dayWithBurst(52), 1000, HOURS, hourOfMinute, { jitterMinutes: 0 });
    expect(Math.max(...loadsOf(samples[1]))).toBeCloseTo(0.1);
    // Every minute once: the weights add up to the day's calls per second.
    const weight = samples.flat().reduce((t, s) => t + s.weight, 0);
    expect(weight).toBeCloseTo(dayWithBurst(52).reduce((t, r) => t + r, 0), 6);
  });

  test('the hours beside a boundary burst are both sized for it; a steady day is sized the same with or without the window', () => {
    const burst = loadSamples(dayWithBurst(57), 1000, HOURS, hourOfMinute);
    const pc = burst.map((s) => provisionedForSamples(s, 0.05));
    expect(pc[0]).toBeGreaterThan(10);
    expect(pc[1]).toBe(pc[0]);
    const steady = Array.from({ length: 1440 }, () => 20);
    expect(loadSamples(steady, 1000, HOURS, hourOfMinute).map((s) => provisionedForSamples(s, 0.05))).toEqual(loadSamples(steady, 1000, HOURS, hourOfMinute, { jitterMinutes: 0 }).map((s) => provisionedForSamples(s, 0.05)));
  });

  test('a daily batch seen at 00:55 in the history finds PC at 01:05 and 01:15 next week', () => {
    const history = Array.from({ length: 7 }, () => dayWithBurst(55, 30).map((r) => Math.round(r * 60))).flat();
    const f = planWorkload(workloadOf([functionSpec({ traffic: trafficFromPerMinute(history), durationMs: { avg: 1000, p99: 1000 }, latencySensitive: true, growthHeadroom: 0 })])).functions[0];
    const pc = f.provisioned;
    const hourly = pc?.hourly ?? [];
    // 30/s of 1 s invocations needs about 30 environments; the night around it needs 1.
    expect(Math.max(hourly[0], hourly[1])).toBeGreaterThanOrEqual(30);
    expect(hourly[3]).toBeLessThan(5);
    // The PC in force at a minute of the day: the last action at or before it (the day's last before the first).
    const actions = (pc?.schedule ?? []).map((a) => ({ min: a.min, at: scheduleTimeOf(a.cron)?.minuteOfDay ?? -1 })).sort((a, b) => a.at - b.at);
    const inForce = (minute: number) => [...actions].reverse().find((a) => a.at <= minute)?.min ?? actions[actions.length - 1].min;
    // Hour 1 keeps the batch's PC, or hour 0's block reaches 20 minutes into it (a hand-over): either way the
    // batch, seen at 00:55-01:00, finds its PC when it comes up to 15 minutes later.
    for (const minute of [55, 65, 75]) expect(inForce(minute)).toBeGreaterThanOrEqual(30);
  });
});
