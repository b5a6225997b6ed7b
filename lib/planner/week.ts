/**
 * Plans by day of the week: a trace with a `start` and at least a week of history gets a week profile
 * (168 hours in the workload's time zone). Days whose needs are equal (within noise) are merged and
 * sized together; the schedule's actions then carry day-of-week crons (`cron(58 7 ? * MON-FRI *)`).
 * With two or more whole weeks, a difference keeps days apart only when it recurs in every week
 * (the tests are in week-groups.ts).
 */
import { DAYS_OF_WEEK, DEFAULTS, daysOfWeekField, mergeScheduleBlocks, provisionedNeed, type DayOfWeek, type LoadSample } from '../model';
import { weekdayOf } from '../workload/calendar';
import { HOURS_PER_DAY, hourOfMinute } from '../workload/traffic';
import type { Traffic } from '../workload/types';
import { blockActions, handoffMinutes } from './actions';
import { handOffBoundaries } from './boundaries';
import { fmt, hh } from './format';
import { groupDays, lentOneOffs, oneOffs, unrecurringByDay, type UnrecurringDifference } from './week-groups';
import { loadSamples, type KeepMinute } from './samples';
import type { ScheduledActionPlan } from './types';

/** Hours in a week profile; cell `d × 24 + h` is hour h of day d, Monday (0) first. */
export const HOURS_PER_WEEK = 7 * HOURS_PER_DAY;
const MINUTES_PER_DAY = 1440;
const MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY;
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
  /** Cells whose start boundary the busier neighbour serves (`handOffBoundaries`). */
  readonly handoffs: ReadonlySet<number>;
}

/**
 * What the week's tests give the planner: the week profile, or null when all seven days plan alike (the
 * daily plan is then the same plan), and in both cases which minutes the sizing keeps: not those of the
 * one-off hours the tests found (a spike in the history is a spike, sized by the burst model and target
 * tracking, not a block at its hour every day or every week).
 */
export interface WeekResult {
  readonly week: WeekDraft | null;
  readonly keep: KeepMinute;
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

/** The hour of the week (0 = Monday 00:00) of each minute of a trace whose minute 0 is midnight of weekday `firstWeekday` (0 = Monday). */
export function weekCellOf(firstWeekday: number): (minute: number) => number {
  return (m) => ((firstWeekday + Math.floor(m / MINUTES_PER_DAY)) % 7) * HOURS_PER_DAY + hourOfMinute(m);
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
 * first) and each group sized from the pooled minutes of its days, one-off hours left out. `week` is null
 * when all seven days merge: the daily plan is then the same plan, sized from the minutes `keep` keeps.
 * `why` gets the rationale line.
 *
 * With `DEFAULTS.weekRecurrenceMinWeeks` (2) or more whole weeks (7-day windows from the trace's first day;
 * the minutes of a trailing partial week are pooled into the sizing but take no part in these tests), each
 * week is also judged on its own needs: days the pooled history tells apart merge unless they differ in
 * every week (`groupDays`), and a one-off is one weekday of one week whose need at an hour is above every
 * other (week, day) of its group there (`oneOffs` over week rows): only that week's minutes leave the group's
 * pooled samples at that hour. So a spike in week 1 does not raise the group's PC at its hours (week 2's
 * same day still counts, as any other day), while a block present in every week is above the others in two
 * or more rows, is no one-off, and sizes its day's group (on its own day when it kept the day apart). With
 * fewer whole weeks the pooled history is the one "week" judged: one-offs are days above the other days.
 */
export function draftWeek(rates: readonly number[], durationMs: number, firstWeekday: number, sizing: WeekSizing, why: string[]): WeekResult {
  const { target, growth } = sizing;
  const size = (cell: readonly LoadSample[]): number => provisionedNeed(cell, growth, target);
  const cellOf = weekCellOf(firstWeekday);
  const raw = loadSamples(rates, durationMs, HOURS_PER_WEEK, cellOf);
  const rawOwn = raw.map(size);
  // With one week to judge, a single busy hour of one day (above every other day there) is a spike, not a
  // block: its minutes are left out before days are compared and sized (`busyHours`), and stay out. The
  // hours are judged on their own minutes: the jitter window would lend a one-hour spike to the hours either
  // side, and three busy hours in a run are a block.
  const oneWeek = Math.floor(rates.length / MINUTES_PER_WEEK) < DEFAULTS.weekRecurrenceMinWeeks;
  const busy = oneWeek ? busyHours(loadSamples(rates, durationMs, HOURS_PER_WEEK, cellOf, { jitterMinutes: 0 }).map(size)) : new Set<number>();
  // A busy hour's minutes leave every cell; the hour keeps what its neighbours lend it through the window, so
  // its day is compared with the others on that (an empty hour would keep the day apart).
  const unbusy: KeepMinute = (m) => !busy.has(cellOf(m));
  const samples = busy.size ? loadSamples(rates, durationMs, HOURS_PER_WEEK, cellOf, { keep: unbusy }) : raw;
  const invocations = new Array<number>(HOURS_PER_WEEK).fill(0);
  rates.forEach((rate, m) => {
    const c = cellOf(m);
    invocations[c] = Math.max(invocations[c], rate);
  });
  const own = busy.size ? samples.map(size) : rawOwn;
  const hoursOf = (d: number): number[] => own.slice(d * HOURS_PER_DAY, (d + 1) * HOURS_PER_DAY);
  const history = weekHistory(rates, durationMs, cellOf, own, size);
  const weeks = history.whole > 1 ? Array.from({ length: history.whole }, (_, w) => history.own.slice(w * HOURS_PER_WEEK, (w + 1) * HOURS_PER_WEEK)) : [];
  const { groups, unrecurring } = groupDays(own, weeks);
  const recurrence = history.whole > 1 ? `; ${recurrenceText(history, unrecurring)}` : '';
  // Rows of history (one weekday of one judged week: row w × 7 + d) in the groups of their days, judged on
  // their own minutes as the busy hours are (the jitter window would lend a busy neighbour's minutes to a
  // spike's quiet hour on every day, and hide it). With one week judged and one group, the busy hours are
  // already these one-offs.
  const rowGroups = groups.map((g) => g.flatMap((d) => Array.from({ length: history.whole }, (_, w) => w * 7 + d)));
  const spikes = groups.length === 1 && history.whole === 1 ? new Set<number>() : oneOffs(rowNeeds(rates, durationMs, cellOf, history.whole, unbusy, size, 0), rowGroups);
  // Then the spikes the window lends to a neighbouring hour (one just past the boundary into a batch hour,
  // where its own minutes raise nothing), judged on what the sizing would keep without them.
  const found = [...busy, ...spikes];
  // With none found, the windowed needs are the history's own rows (every minute kept, the window on).
  const windowed = found.length ? rowNeeds(rates, durationMs, cellOf, history.whole, keptMinutes(cellOf, history, new Set(found), unbusy), size) : history.own;
  const lent = lentOneOffs(windowed, rowCalls(rates, cellOf, history.whole), rowGroups);
  const cellName = (c: number): string => `${dayNames([Math.floor((c % HOURS_PER_WEEK) / HOURS_PER_DAY)])[0]} ${hh(c % HOURS_PER_DAY)}:00${history.whole > 1 ? ` of week ${Math.floor(c / HOURS_PER_WEEK) + 1}` : ''}`;
  const left = [...new Set([...found, ...lent])].sort((a, b) => a - b);
  const spikeText = left.length
    ? `; one-off hours left out of ${groups.length === 1 ? 'the sizing' : "their group's sizing"} (one day${history.whole > 1 ? ' of one week' : ''} above all the others: a spike for the burst model and target tracking, not a ${groups.length === 1 ? 'daily' : 'weekly'} block): ${left.map(cellName).join(', ')}`
    : '';
  // The sizing leaves out the one-off rows (busy hours are rows of the one judged week): their minutes, and
  // the minutes their own day's neighbours would lend them through the window.
  const keep = left.length ? keptMinutes(cellOf, history, new Set(left), unbusy) : unbusy;
  if (groups.length === 1) {
    why.push(`planned by day: 7+ days of history with a start, but every day of the week needs the same PC (within ${tolerance()}), so one daily schedule serves them all${spikeText}${recurrence}`);
    return { week: null, keep };
  }
  const merged = mergedSamples(left.length ? loadSamples(rates, durationMs, HOURS_PER_WEEK, cellOf, { keep }) : samples, groups);
  // The group's days share one pooled sample array: `handOffBoundaries` sizes it once.
  const { needs, samples: sized, handoffs } = handOffBoundaries(
    (edges) => (edges.start && edges.end ? merged : mergedSamples(loadSamples(rates, durationMs, HOURS_PER_WEEK, cellOf, { keep, edges }), groups)),
    size,
    handoffMinutes(),
  );
  why.push(
    `planned by day of the week: ${groups.map((g) => `${daysText(g)}${g.length > 1 ? ' merged' : ''}`).join(', ')} (days merge when their needs are within ${tolerance()}); ${differences(groups, hoursOf)}${spikeText}${recurrence}`,
  );
  return { week: { samples: sized, invocations, needs, groups, handoffs }, keep };
}

const tolerance = (): string => {
  const m = DEFAULTS.weekDayMerge;
  return `${m.day * 100}% over the day and ${m.hour * 100}% (or ${m.environments} environments) at every hour but one busy hour (a one-off, at most ${m.oneOffHours} neighbouring clock hours), each hour matched against the same hour or the one before or after (minutes of jitter across an hour boundary)`;
};

/** The history the recurrence and one-off tests judge, week by week. */
interface WeekHistory {
  /** Own PC need of cell c (hour of the week) of judged week w at `w × 168 + c`. */
  readonly own: readonly number[];
  /** Weeks judged: the whole weeks when there are `DEFAULTS.weekRecurrenceMinWeeks` or more, else 1 (the pooled history). */
  readonly whole: number;
  /** Days of the trailing partial week (0 when none), which the tests do not judge. */
  readonly partialDays: number;
}

/**
 * The history week by week: each 7-day window from the trace's first day its own 168 cells (minute loads
 * still averaged over the whole trace, so a week's first minutes see the last of the week before), sized on
 * their own for the whole weeks. With fewer than `DEFAULTS.weekRecurrenceMinWeeks` whole weeks, the pooled
 * week's own needs (`pooledOwn`) as the only one: the tests then read what they read before recurrence was judged.
 */
function weekHistory(
  rates: readonly number[],
  durationMs: number,
  cellOf: (m: number) => number,
  pooledOwn: number[],
  size: (cell: readonly LoadSample[]) => number,
): WeekHistory {
  const whole = Math.floor(rates.length / MINUTES_PER_WEEK);
  if (whole < DEFAULTS.weekRecurrenceMinWeeks) return { own: pooledOwn, whole: 1, partialDays: 0 };
  return { own: weekRows(rates, durationMs, cellOf).slice(0, whole * HOURS_PER_WEEK).map(size), whole, partialDays: (rates.length - whole * MINUTES_PER_WEEK) / MINUTES_PER_DAY };
}

/** The samples of cell c (hour of the week) of week w at `w × 168 + c`, weeks in order, a trailing partial week last. */
function weekRows(rates: readonly number[], durationMs: number, cellOf: (m: number) => number, options: Parameters<typeof loadSamples>[4] = {}): LoadSample[][] {
  return loadSamples(rates, durationMs, Math.ceil(rates.length / MINUTES_PER_WEEK) * HOURS_PER_WEEK, (m) => Math.floor(m / MINUTES_PER_WEEK) * HOURS_PER_WEEK + cellOf(m), options);
}

/**
 * Each judged row's needs, `keep`'s minutes only, from its own minutes (`jitterMinutes` 0) or with the window:
 * cell c of week w at `w × 168 + c` over `whole` weeks (with one, the pooled history: every minute at its
 * hour of the week).
 */
function rowNeeds(
  rates: readonly number[],
  durationMs: number,
  cellOf: (m: number) => number,
  whole: number,
  keep: KeepMinute,
  size: (cell: readonly LoadSample[]) => number,
  jitterMinutes: number = DEFAULTS.scheduleJitterMinutes,
): number[] {
  if (whole <= 1) return loadSamples(rates, durationMs, HOURS_PER_WEEK, cellOf, { jitterMinutes, keep }).map(size);
  return weekRows(rates, durationMs, cellOf, { jitterMinutes, keep }).slice(0, whole * HOURS_PER_WEEK).map(size);
}

/** Each judged row's invocations per hour (its own minutes), laid out as `rowNeeds`; a trailing partial week takes no part. */
function rowCalls(rates: readonly number[], cellOf: (m: number) => number, whole: number): number[] {
  const calls = new Array<number>(Math.max(1, whole) * HOURS_PER_WEEK).fill(0);
  const rowOf = rowOfMinute(cellOf, whole);
  const end = whole > 1 ? whole * MINUTES_PER_WEEK : rates.length;
  for (let m = 0; m < end; m++) calls[rowOf(m)] += rates[m];
  return calls;
}

/** The judged row of minute m: `w × 168 + c` over `whole` weeks (with one, the pooled history's cell c). */
function rowOfMinute(cellOf: (m: number) => number, whole: number): (m: number) => number {
  return (m) => (whole > 1 ? Math.floor(m / MINUTES_PER_WEEK) * HOURS_PER_WEEK : 0) + cellOf(m);
}

/**
 * The single busy hours of one week of history (cells d × 24 + h of its needs): a day's hour above every
 * other day's at that hour and the hours beside it (`oneOffs` over all seven days), in a run of at most
 * `DEFAULTS.weekDayMerge.oneOffHours` such hours of that day. A longer run is a block the history supports
 * with more than one busy hour, and stays.
 */
function busyHours(own: readonly number[]): Set<number> {
  const above = oneOffs(own, [[0, 1, 2, 3, 4, 5, 6]]);
  const runOf = (c: number): number => {
    let first = c;
    let last = c;
    while (first % HOURS_PER_DAY > 0 && above.has(first - 1)) first--;
    while (last % HOURS_PER_DAY < HOURS_PER_DAY - 1 && above.has(last + 1)) last++;
    return last - first + 1;
  };
  return new Set([...above].filter((c) => runOf(c) <= DEFAULTS.weekDayMerge.oneOffHours));
}

/**
 * The minutes the sizing keeps: not those of the one-off cells (`w × 168 + c` of `history`) — left out of
 * their own cell and of the neighbours the jitter window lends them to — nor those `kept` refuses (the busy
 * hours already left out); nor, in a one-off cell, the minutes its own day's neighbours lend it.
 */
function keptMinutes(cellOf: (m: number) => number, history: WeekHistory, spikes: ReadonlySet<number>, kept: KeepMinute): KeepMinute {
  const rowOf = rowOfMinute(cellOf, history.whole);
  return (m, into) => kept(m, into) && !spikes.has(rowOf(m)) && !spikes.has(rowOf(into));
}

/** The recurrence test's rationale: the weeks judged, and each merge a difference that did not recur allowed. */
function recurrenceText(history: WeekHistory, unrecurring: readonly UnrecurringDifference[]): string {
  const partial = history.partialDays > 0 ? ` (the trailing ${fmt(history.partialDays)} days, a partial week, take no part)` : '';
  const weekList = (weeks: readonly number[]): string =>
    weeks.length === 0 ? `in no week of ${history.whole} on its own` : `only in week${weeks.length > 1 ? 's' : ''} ${weeks.map((w) => w + 1).join(', ')} of ${history.whole}`;
  const merges = unrecurringByDay(unrecurring).map((u) => `${dayNames([u.day])[0]} differs from ${daysText(u.others)} ${weekList(u.weeks)}: not a weekly block`);
  return `days stay apart only when they differ in each of the ${history.whole} whole weeks on its own${partial}${merges.length ? `; ${merges.join('; ')}` : ''}`;
}

/** Each hour of the week's samples pooled over its group (what the group is sized from). */
function mergedSamples(samples: readonly LoadSample[][], groups: readonly (readonly number[])[]): LoadSample[][] {
  const merged = [...samples];
  for (const group of groups) {
    for (let h = 0; h < HOURS_PER_DAY; h++) {
      const pooled = group.flatMap((d) => samples[d * HOURS_PER_DAY + h]);
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
export function weeklySchedule(weekly: readonly number[], timezone: string, headroom: (p: number) => number = (p) => p, handoffs: ReadonlySet<number> = new Set()): ScheduledActionPlan[] {
  const blocks = mergeScheduleBlocks(weekly);
  if (blocks.length <= 1) return [];
  const raises = (i: number) => blocks[i].provisioned > blocks[(i + blocks.length - 1) % blocks.length].provisioned;
  const actions = new Map<string, { hour: number; raises: boolean; provisioned: number; handedOff: boolean; days: number[] }>();
  blocks.forEach((b, i) => {
    const hour = b.startHour % HOURS_PER_DAY;
    const handedOff = handoffs.has(b.startHour);
    const key = `${hour} ${raises(i)} ${b.provisioned}${handedOff ? ' handed-off' : ''}`;
    const action = actions.get(key) ?? { hour, raises: raises(i), provisioned: b.provisioned, handedOff, days: [] };
    action.days.push(Math.floor(b.startHour / HOURS_PER_DAY));
    actions.set(key, action);
  });
  return [...actions.values()]
    .sort((a, b) => a.days[0] - b.days[0] || a.hour - b.hour)
    .flatMap((a) =>
      blockActions({ name: `${daysText(a.days).toLowerCase()}-h${hh(a.hour)}`, at: { minuteOfDay: a.hour * 60, daysOfWeek: dayNames(a.days) }, provisioned: a.provisioned, raises: a.raises, handedOff: a.handedOff }, timezone, headroom),
    );
}
