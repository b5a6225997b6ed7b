import { planWorkload } from '../../lib/planner';
import { allocatedProfile } from '../../lib/planner/boundaries';
import { trafficFromPerMinute } from '../../lib/workload/traffic';
import { countsWorkload, weekWorkload } from '../support/week';

// Seven days, no start (a daily plan): a trickle all day and a 10-minute batch of 6,000 calls a minute near
// 01:00, 5 minutes early on some days and 5 late on others.
const batchDays = (offsets: readonly number[], start = 60, minutes = 10) =>
  offsets.flatMap((offset) => Array.from({ length: 1440 }, (_, m) => (m >= start + offset && m < start + minutes + offset ? 6000 : 30)));

describe('hour boundaries handed to the busier block', () => {
  test('a batch at 01:00 that moves ±5 min is served by hour 1 reaching 20 min into hour 0, not by raising hour 0', () => {
    const f = planWorkload(countsWorkload(batchDays([-5, 5, -5, 5, 5, -5, 5]), undefined)).functions[0];
    const pc = f.provisioned!;
    expect(pc.hourly[1]).toBeGreaterThan(10);
    // Hour 0 is sized for its own trickle: before, the jitter window sized it for the batch too.
    expect(pc.hourly[0]).toBeLessThan(pc.hourly[1] / 4);
    // The raise into the batch fires 2 (allocation) + 20 (reach) minutes before 01:00.
    expect(pc.schedule.find((a) => a.name === 'h01')?.cron).toBe('cron(38 0 * * ? *)');
    expect(f.rationale.join('\n')).toMatch(/at 1 hour boundary \(01:00\) the traffic within 10 min of the boundary is served by the busier block, whose raise fires 22 min early or whose lowering 20 min late/);
    // The plan's prediction counts the batch in hour 1, where its PC is, and its cost the 20 minutes of
    // hour 0 at hour 1's PC.
    expect(f.predicted.spilloverProbability).toBeLessThanOrEqual(0.05);
    expect(f.rationale.join('\n')).toMatch(/PC held 20 min into the quieter hour at each hand-over included/);
  });

  test('the allocation is costed with the reach: the quieter hour carries the step for 20 of its 60 minutes', () => {
    expect(allocatedProfile([1, 31, 1, 1], new Set([1]), 20)).toEqual([11, 31, 1, 1]);
    expect(allocatedProfile([1, 31, 1, 1], new Set([2]), 20)).toEqual([1, 31, 11, 1]);
    // Around the end of the profile too (cell 0's start is the boundary after the last cell).
    expect(allocatedProfile([31, 1, 1, 1], new Set([0]), 20)).toEqual([31, 1, 1, 11]);
  });

  test('a batch from 00:45 to 01:05 hands 01:00 to hour 0: the lowering fires 20 min after the hour', () => {
    const f = planWorkload(countsWorkload(batchDays([-3, 3, 0, -3, 3, 0, 2], 45, 20), undefined)).functions[0];
    const pc = f.provisioned!;
    expect(pc.hourly[0]).toBeGreaterThan(pc.hourly[1]);
    const lowering = pc.schedule.find((a) => a.name === 'h01');
    expect(lowering?.cron).toBe('cron(20 1 * * ? *)');
    expect(lowering?.min).toBe(pc.hourly[1]);
  });

  test('steady diurnal traffic hands no boundary over: each hour keeps its window and its raise 2 min early', () => {
    const f = planWorkload(weekWorkload({ startDate: undefined })).functions[0];
    expect(f.rationale.join('\n')).not.toMatch(/hour boundar/);
    for (const a of f.provisioned!.schedule) expect(a.cron).toMatch(/^cron\((58|0|1) /);
  });

  test('the week plan hands over per group of days, and its actions carry the shift on their days', () => {
    // Two weeks from a Monday; weekends quiet (a tenth), so the weekdays and the weekend plan apart.
    const days = batchDays([-5, 5, -5, 5, 5, -5, 5, 5, -5, 5, -5, -5, 5, 5]).map((c, m) => (Math.floor(m / 1440) % 7 >= 5 ? Math.round(c / 10) : c));
    const f = planWorkload(countsWorkload(days, '2026-03-02')).functions[0];
    const pc = f.provisioned!;
    expect(pc.weekly).toHaveLength(168);
    expect(pc.schedule.some((a) => /^cron\(38 0 \? \* MON-FRI \*\)$/.test(a.cron))).toBe(true);
    expect(pc.weekly![0]).toBeLessThan(pc.weekly![1] / 4);
    expect(trafficFromPerMinute(days).perMinute).toHaveLength(14 * 1440);
  });
});
