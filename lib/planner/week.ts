/**
 * Plans by day of the week: a trace with a `start` and at least a week of history gets a week profile
 * (168 hours in the workload's time zone). Days whose needs are equal (within noise) are merged and
 * sized together; the schedule's actions then carry day-of-week crons (`cron(58 7 ? * MON-FRI *)`).
 */
import { DAYS_OF_WEEK, DEFAULTS, daysOfWeekField, grownSamples, mergeScheduleBlocks, provisionedForSamples, type DayOfWeek, type LoadSample } from '../model';
import { weekdayOf } from '../workload/calendar';
import { HOURS_PER_DAY, hourOfMinute } from '../workload/traffic';
import type { Traffic } from '../workload/types';
import { blockActions } from './actions';
import { hh } from './format';
import { loadSamples } from './samples';
import type { ScheduledActionPlan } from './types';

/** Hours in a week profile; cell `d × 24 + h` is hour h of day d, Monday (0) first. */
export const HOURS_PER_WEEK = 7 * HOURS_PER_DAY;
const MINUTES_PER_DAY = 1440;
const MONDAY_FIRST: readonly DayOfWeek[] = [...DAYS_OF_WEEK.slice(1), DAYS_OF_WEEK[0]];

/** What a week profile gives the rest of the planner. */
export interface WeekDraft {
  /** Load samples of each of the 168 hours of the week, pooled over the merged days. */
  readonly samples: LoadSample[][];
  /** Invocations per second of each hour of the week: its busiest minute on any of those days. */
  readonly invocations: number[];
  /** PC each hour of the week needs. */
  readonly needs: number[];
  /** The groups of days planned alike, Monday first (`[[0..4], [5, 6]]`). */
  readonly groups: readonly (readonly number[])[];
}

/** How a week profile's cells are sized: the spillover target, at the traffic grown by the headroom. */
export interface WeekSizing {
  readonly target: number;
  /** Growth over the history the PC is sized for (0.1: 10%). */
  readonly growth: number;
}

/** Weekday (0 Monday) of the trace's first day, when the traffic can be planned by week; undefined otherwise. */
export function weekStart(traffic: Traffic): number | undefined {
  const days = (traffic.perMinute?.length ?? 0) / MINUTES_PER_DAY;
  return traffic.startDate !== undefined && days >= DEFAULTS.weekProfileMinDays ? weekdayOf(traffic.startDate) : undefined;
}

/** The day-of-week names of weekdays given Monday first (0 = MON). */
export function dayNames(days: readonly number[]): DayOfWeek[] {
  return days.map((d) => MONDAY_FIRST[d]);
}

/** `MON-FRI`, `SUN,SAT`: days as a cron writes them. */
const daysText = (days: readonly number[]): string => daysOfWeekField(dayNames(days));

/**
 * The week profile of a per-minute trace (`rates` per second, minute 0 at local midnight of weekday
 * `firstWeekday`): each day of the week sized on its own, days whose needs are equal within
 * `DEFAULTS.weekDayMerge` merged (each joins the first group it matches at every hour, Monday
 * first) and each group sized from the pooled minutes of its days. Null when all seven days merge:
 * the daily plan is then the same plan. `why` gets the rationale line.
 */
export function draftWeek(rates: readonly number[], durationMs: number, firstWeekday: number, sizing: WeekSizing, why: string[]): WeekDraft | null {
  const { target, growth } = sizing;
  const size = (cell: readonly LoadSample[]): number => Math.max(1, provisionedForSamples(grownSamples(cell, growth), target));
  const cellOf = (m: number): number => ((firstWeekday + Math.floor(m / MINUTES_PER_DAY)) % 7) * HOURS_PER_DAY + hourOfMinute(m);
  const samples = loadSamples(rates, durationMs, HOURS_PER_WEEK, cellOf);
  const invocations = new Array<number>(HOURS_PER_WEEK).fill(0);
  rates.forEach((rate, m) => {
    const c = cellOf(m);
    invocations[c] = Math.max(invocations[c], rate);
  });
  const own = samples.map(size);
  const hoursOf = (d: number): number[] => own.slice(d * HOURS_PER_DAY, (d + 1) * HOURS_PER_DAY);
  const dayTotal = (d: number): number => hoursOf(d).reduce((t, p) => t + p, 0);
  const { day: dayShare, hour: hourShare, environments } = DEFAULTS.weekDayMerge;
  const near = (p: number, q: number): boolean => Math.abs(p - q) <= Math.max(environments, hourShare * Math.max(p, q));
  // Hour h of day a matches day b when it is near b's hour h, or b's hour before or after: a burst that
  // moves a few minutes across an hour boundary is jitter, not a different day.
  const matches = (a: number, b: number, h: number): boolean => [h - 1, h, h + 1].some((g) => g >= 0 && g < HOURS_PER_DAY && near(hoursOf(a)[h], hoursOf(b)[g]));
  // Days stay apart only when they differ beyond one busy hour: a difference confined to at most
  // `DEFAULTS.weekDayMerge.oneOffHours` neighbouring clock hours (one hour of traffic, on either side of an
  // hour boundary) is a spike, which the burst model and target tracking serve, not a weekly block.
  const oneOff = (hours: readonly number[]): boolean => hours.length === 0 || hours[hours.length - 1] - hours[0] < DEFAULTS.weekDayMerge.oneOffHours;
  const differing = (a: number, b: number): number[] => Array.from({ length: HOURS_PER_DAY }, (_, h) => h).filter((h) => !matches(a, b, h) || !matches(b, a, h));
  const alike = (a: number, b: number): boolean => Math.abs(dayTotal(a) - dayTotal(b)) <= dayShare * Math.max(dayTotal(a), dayTotal(b)) && oneOff(differing(a, b));
  const groups: number[][] = [];
  for (let d = 0; d < 7; d++) {
    const group = groups.find((g) => g.every((e) => alike(d, e)));
    if (group) group.push(d);
    else groups.push([d]);
  }
  if (groups.length === 1) {
    why.push(`planned by day: 7+ days of history with a start, but every day of the week needs the same PC (within ${tolerance()}), so one daily schedule serves them all`);
    return null;
  }
  const spikes = oneOffs(own, groups, near);
  const merged = mergedSamples(samples, groups, spikes);
  const needs = new Array<number>(HOURS_PER_WEEK).fill(0);
  for (const group of groups) {
    for (let h = 0; h < HOURS_PER_DAY; h++) {
      // The group's days share one pooled sample set: size it once.
      const need = size(merged[group[0] * HOURS_PER_DAY + h]);
      for (const d of group) needs[d * HOURS_PER_DAY + h] = need;
    }
  }
  why.push(`planned by day of the week: ${groups.map((g) => `${daysText(g)}${g.length > 1 ? ' merged' : ''}`).join(', ')} (days merge when their needs are within ${tolerance()}); ${differences(groups, hoursOf)}${spikes.size ? `; one-off hours left out of their group's sizing (one day above all the others: a spike for the burst model and target tracking, not a weekly block): ${[...spikes].map((c) => `${dayNames([Math.floor(c / HOURS_PER_DAY)])[0]} ${hh(c % HOURS_PER_DAY)}:00`).join(', ')}` : ''}`);
  return { samples: merged, invocations, needs, groups };
}

const tolerance = (): string => {
  const m = DEFAULTS.weekDayMerge;
  return `${m.day * 100}% over the day and ${m.hour * 100}% (or ${m.environments} environments) at every hour but one busy hour (a one-off, at most ${m.oneOffHours} neighbouring clock hours), each hour matched against the same hour or the one before or after (minutes of jitter across an hour boundary)`;
};

/**
 * The cells (day × 24 + hour) that are one-offs in their group: in a group of three or more days, the one
 * day whose own need at that hour is above every other day's at that hour and the hours beside it (beyond
 * `near`). The group is sized without it there: a spike on one day is served by the burst model and target
 * tracking, not provisioned on every day of the group.
 */
function oneOffs(own: readonly number[], groups: readonly (readonly number[])[], near: (p: number, q: number) => boolean): Set<number> {
  const cells = new Set<number>();
  for (const group of groups.filter((g) => g.length >= 3)) {
    for (let h = 0; h < HOURS_PER_DAY; h++) {
      const above = group.filter((d) =>
        group.every((e) => e === d || [h - 1, h, h + 1].every((g) => g < 0 || g >= HOURS_PER_DAY || (own[d * HOURS_PER_DAY + h] > own[e * HOURS_PER_DAY + g] && !near(own[d * HOURS_PER_DAY + h], own[e * HOURS_PER_DAY + g])))),
      );
      if (above.length === 1) cells.add(above[0] * HOURS_PER_DAY + h);
    }
  }
  return cells;
}

/** Each hour of the week's samples pooled over its group (what the group is sized from), one-off cells left out. */
function mergedSamples(samples: readonly LoadSample[][], groups: readonly (readonly number[])[], skip: ReadonlySet<number> = new Set()): LoadSample[][] {
  const merged = [...samples];
  for (const group of groups) {
    for (let h = 0; h < HOURS_PER_DAY; h++) {
      const pooled = group.flatMap((d) => (skip.has(d * HOURS_PER_DAY + h) ? [] : samples[d * HOURS_PER_DAY + h]));
      for (const d of group) merged[d * HOURS_PER_DAY + h] = pooled;
    }
  }
  return merged;
}

/** Why the groups stay apart: for each pair of neighbouring groups, their largest difference and its hour. */
function differences(groups: readonly (readonly number[])[], hoursOf: (d: number) => number[]): string {
  return groups
    .slice(1)
    .map((g, i) => {
      const a = groups[i][0];
      const b = g[0];
      let worst = { gap: -1, hour: 0 };
      hoursOf(a).forEach((p, h) => {
        const gap = Math.abs(p - hoursOf(b)[h]);
        if (gap > worst.gap) worst = { gap, hour: h };
      });
      return `${daysText(groups[i])} vs ${daysText(g)}: ${hoursOf(a)[worst.hour]} vs ${hoursOf(b)[worst.hour]} at ${hh(worst.hour)}:00`;
    })
    .join('; ');
}

/** PC of each hour of the day: the largest over the days of the week (what a daily reader sees). */
export function dailyView(weekly: readonly number[]): number[] {
  return Array.from({ length: HOURS_PER_DAY }, (_, h) => Math.max(...Array.from({ length: 7 }, (_, d) => weekly[d * HOURS_PER_DAY + h])));
}

/**
 * Scheduled actions for a week profile: consecutive equal hours merged (across days and the end of the
 * week too); a block that raises PC fires `DEFAULTS.provisionedLeadMinutes` early (on the day before, for
 * a midnight block), one that lowers PC under target tracking scales in first (`blockActions`); blocks
 * starting at the same time with the same PC on several days are one action with a day-of-week cron.
 * None when the whole week is one block.
 */
export function weeklySchedule(weekly: readonly number[], timezone: string, headroom: (p: number) => number = (p) => p): ScheduledActionPlan[] {
  const blocks = mergeScheduleBlocks(weekly);
  if (blocks.length <= 1) return [];
  const raises = (i: number) => blocks[i].provisioned > blocks[(i + blocks.length - 1) % blocks.length].provisioned;
  const actions = new Map<string, { hour: number; raises: boolean; provisioned: number; days: number[] }>();
  blocks.forEach((b, i) => {
    const hour = b.startHour % HOURS_PER_DAY;
    const key = `${hour} ${raises(i)} ${b.provisioned}`;
    const action = actions.get(key) ?? { hour, raises: raises(i), provisioned: b.provisioned, days: [] };
    action.days.push(Math.floor(b.startHour / HOURS_PER_DAY));
    actions.set(key, action);
  });
  return [...actions.values()]
    .sort((a, b) => a.days[0] - b.days[0] || a.hour - b.hour)
    .flatMap((a) =>
      blockActions({ name: `${daysText(a.days).toLowerCase()}-h${hh(a.hour)}`, at: { minuteOfDay: a.hour * 60, daysOfWeek: dayNames(a.days) }, provisioned: a.provisioned, raises: a.raises }, timezone, headroom),
    );
}
