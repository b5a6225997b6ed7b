import { scheduleTimeOf } from '../../lib/model';
import { planWorkload } from '../../lib/planner';
import { LIMITS } from '../../lib/model';
import { withinActionQuota } from '../../lib/planner/actions';
import { weeklySchedule } from '../../lib/planner/week';
import { COVERAGE_RULE } from '../../lib/workload/coverage';
import { trafficFromPerMinute } from '../../lib/workload/traffic';
import { weekWorkload } from '../support/week';

const pcOf = (w: ReturnType<typeof weekWorkload>) => {
  const f = planWorkload(w).functions[0];
  if (!f.provisioned) throw new Error('expected provisioned concurrency');
  return { f, pc: f.provisioned };
};

describe('plans by day of the week', () => {
  test('14 days with a start and quiet weekends: day-of-week crons, lower weekend PC, less PC cost than the daily plan', () => {
    const { f, pc } = pcOf(weekWorkload());
    expect(pc.weekly).toHaveLength(168);
    const weekly = pc.weekly as readonly number[];
    const at = (day: number, hour: number) => weekly[day * 24 + hour];
    expect(at(5, 13)).toBeLessThan(at(0, 13) / 2); // Saturday 13:00 vs Monday 13:00
    // Raising actions on weekdays fire 2 minutes before their hour.
    expect(pc.schedule.some((a) => /^cron\(58 \d+ \? \* MON-FRI \*\)$/.test(a.cron))).toBe(true);
    for (const a of pc.schedule) expect(a.timezone).toBe('Europe/Paris');
    // Every action fires on days of the week, and together they cover weekdays and the weekend.
    const days = new Set(pc.schedule.flatMap((a) => scheduleTimeOf(a.cron)?.daysOfWeek ?? []));
    expect([...days].sort()).toEqual(['FRI', 'MON', 'SAT', 'SUN', 'THU', 'TUE', 'WED']);
    expect(f.rationale.join('\n')).toMatch(/planned by day of the week: MON-FRI merged, SUN,SAT merged/);
    const daily = pcOf(weekWorkload({ startDate: undefined })).f;
    expect(daily.provisioned?.weekly).toBeUndefined();
    // The weekend's PC is paid for less: environment-hours a fifth below the daily plan's, and less in total
    // (the duration billed on PC is the trace's own busy time in both, so the cost falls by less).
    const sum = (xs: readonly number[]) => xs.reduce((t, x) => t + x, 0);
    expect(sum(weekly)).toBeLessThan(0.85 * 7 * sum(daily.provisioned?.hourly ?? []));
    expect(f.predicted.monthlyCostUsd.total).toBeLessThan(0.95 * daily.predicted.monthlyCostUsd.total);
    // Reserved and tracking follow the week's peak: the busiest weekday hour.
    expect(pc.max).toBeGreaterThanOrEqual(Math.max(...weekly));
    expect(f.reservedConcurrency).toBeGreaterThanOrEqual(pc.max);
    expect(f.predicted.spilloverProbability).toBeLessThanOrEqual(0.05);
  });

  test('with fewer than 7 days the plan is the daily plan, byte for byte', () => {
    const dated = planWorkload(weekWorkload({ days: 6 }));
    const undated = planWorkload(weekWorkload({ days: 6, startDate: undefined }));
    expect(JSON.stringify(dated)).toBe(JSON.stringify(undated));
  });

  test('when every day needs the same, the plan stays daily and says why', () => {
    const { f, pc } = pcOf(weekWorkload({ weekendShare: 1 }));
    expect(pc.weekly).toBeUndefined();
    expect(pc.schedule.every((a) => /^cron\(\d+ \d+ \* \* \? \*\)$/.test(a.cron))).toBe(true);
    expect(f.rationale.join('\n')).toMatch(/every day of the week needs the same PC/);
  });
});

describe('weekly schedule', () => {
  const week = (value: (day: number, hour: number) => number) => Array.from({ length: 168 }, (_, c) => value(Math.floor(c / 24), c % 24));

  test('a raise at Saturday midnight fires 2 minutes early, on Friday; equal actions on several days share one cron', () => {
    const schedule = weeklySchedule(week((d, h) => (d >= 5 ? 9 : h >= 8 && h < 18 ? 20 : 5)), 'UTC');
    expect(schedule.map((a) => [a.name, a.cron, a.min])).toEqual([
      ['mon-h00', 'cron(0 0 ? * MON *)', 5],
      ['mon-fri-h08', 'cron(58 7 ? * MON-FRI *)', 20],
      ['mon-fri-h18', 'cron(0 18 ? * MON-FRI *)', 5],
      ['sat-h00', 'cron(58 23 ? * FRI *)', 9],
    ]);
  });

  test('a flat week has no schedule; max follows the headroom, after a lowering action scales in to its PC', () => {
    expect(weeklySchedule(new Array(168).fill(4), 'UTC')).toEqual([]);
    // Sunday lowers 4 -> 2: max = min at 00:00 (Application Auto Scaling scales in only to max), headroom back at 00:01
    expect(weeklySchedule(week((d) => (d === 6 ? 2 : 4)), 'UTC', (p) => p + 1).map((a) => [a.name, a.cron, a.min, a.max])).toEqual([
      ['mon-h00', 'cron(58 23 ? * SUN *)', 4, 4 + 1],
      ['sun-h00', 'cron(0 0 ? * SUN *)', 2, 2],
      ['sun-h00-resume', 'cron(1 0 ? * SUN *)', 2, 2 + 1],
    ]);
  });

  test('a week of hourly zigzags is cut to the 200 scheduled actions a target may have, never below any hour\'s PC', () => {
    // Every hour its own PC (no two days alike), every other hour a drop: 84 raises + 84 drops x 2 actions = 252.
    const zigzag = week((d, h) => (h % 2 === 0 ? 100 + d * 24 + h : 1 + d * 24 + h));
    const build = (p: readonly number[]) => weeklySchedule(p, 'UTC', (x) => x + 1);
    expect(build(zigzag).length).toBeGreaterThan(LIMITS.scheduledActionsPerTarget);
    const fitted = withinActionQuota(zigzag, build);
    expect(fitted.schedule.length).toBeLessThanOrEqual(LIMITS.scheduledActionsPerTarget);
    expect(fitted.schedule).toEqual(build(fitted.profile));
    expect(fitted.merges).toBeGreaterThan(0);
    fitted.profile.forEach((p, c) => expect(p).toBeGreaterThanOrEqual(zigzag[c]));
    // Within the quota nothing changes.
    const calm = week((d) => (d >= 5 ? 2 : 8));
    expect(withinActionQuota(calm, build)).toEqual({ profile: calm, schedule: build(calm), merges: 0 });
  });
});

describe('hours without data in the plan', () => {
  test('an 8-hour trace plans, and the notes name the 16 hours without data and the rule', () => {
    const counts = Array.from({ length: 1440 }, (_, m) => (m >= 480 && m < 960 ? 30 + (m % 7) : NaN));
    const w = weekWorkload();
    const partial = { ...w, functions: [{ ...w.functions[0], traffic: trafficFromPerMinute(counts, { startDate: '2019-07-15' }) }] };
    const plan = planWorkload(partial);
    expect(plan.notes).toContain(
      `api: no data for 16 of 24 hours (2019-07-15 00:00-08:00, 2019-07-15 16:00-24:00, local time): sized by the rule for hours without data — ${COVERAGE_RULE} (docs/workload.md, "Hours without data").`,
    );
    expect(plan.functions[0].provisioned?.hourly[3]).toBe(Math.max(...(plan.functions[0].provisioned?.hourly ?? [])));
  });

  test('a trace with every hour known adds no note', () => {
    expect(planWorkload(weekWorkload({ days: 2 })).notes.some((n) => n.includes('no data'))).toBe(false);
  });
});
