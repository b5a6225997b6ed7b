/**
 * The tests behind a plan by day of the week (`draftWeek`, lib/planner/week.ts), on per-hour PC needs of
 * 168 cells (hour h of weekday d at `d × 24 + h`, Monday 0): which days are alike, how the seven days group
 * (with two or more whole weeks of history, only differences that recur in every week keep days apart), and
 * which hours of history are one-offs, left out of their group's sizing.
 */
import { DEFAULTS } from '../model';
import { HOURS_PER_DAY } from '../workload/traffic';

/** Whether two PC needs are equal within noise: `share` (`DEFAULTS.weekDayMerge.hour`) of the larger, or `DEFAULTS.weekDayMerge.environments`. */
export function near(p: number, q: number, share: number = DEFAULTS.weekDayMerge.hour): boolean {
  return Math.abs(p - q) <= Math.max(DEFAULTS.weekDayMerge.environments, share * Math.max(p, q));
}

/** The per-hour needs of each of the 7 days of a 168-cell need vector. */
const daysOf = (needs: readonly number[]): number[][] => Array.from({ length: 7 }, (_, d) => needs.slice(d * HOURS_PER_DAY, (d + 1) * HOURS_PER_DAY));

/**
 * The `alike` test on one week of needs (168 cells): days a and b are alike when their totals over the day
 * are within `DEFAULTS.weekDayMerge.day` of the larger and they differ beyond one busy hour nowhere.
 */
export function alikeIn(needs: readonly number[]): (a: number, b: number) => boolean {
  const days = daysOf(needs);
  const totals = days.map((hours) => hours.reduce((t, p) => t + p, 0));
  // Hour h of day a matches day b when it is near b's hour h, or b's hour before or after: a burst that
  // moves a few minutes across an hour boundary is jitter, not a different day.
  const matches = (a: number, b: number, h: number): boolean => [h - 1, h, h + 1].some((g) => g >= 0 && g < HOURS_PER_DAY && near(days[a][h], days[b][g]));
  // Days stay apart only when they differ beyond one busy hour: a difference confined to at most
  // `DEFAULTS.weekDayMerge.oneOffHours` neighbouring clock hours (one hour of traffic, on either side of an
  // hour boundary) is a spike, which the burst model and target tracking serve, not a weekly block.
  const oneOff = (hours: readonly number[]): boolean => hours.length === 0 || hours[hours.length - 1] - hours[0] < DEFAULTS.weekDayMerge.oneOffHours;
  const differing = (a: number, b: number): number[] => Array.from({ length: HOURS_PER_DAY }, (_, h) => h).filter((h) => !matches(a, b, h) || !matches(b, a, h));
  return (a, b) => Math.abs(totals[a] - totals[b]) <= DEFAULTS.weekDayMerge.day * Math.max(totals[a], totals[b]) && oneOff(differing(a, b));
}

/** Two days merged although the pooled history tells them apart: their difference did not recur in every week. */
export interface UnrecurringDifference {
  readonly days: readonly [number, number];
  /** The weeks (0 first) in which the two days differ on their own. */
  readonly weeks: readonly number[];
}

/** The seven days grouped, Monday first, and the merges a difference that did not recur allowed. */
export interface DayGroups {
  /** The groups of days planned alike, Monday first (`[[0..4], [5, 6]]`). */
  readonly groups: number[][];
  /** The pairs of days merged only because their difference did not recur in every week. */
  readonly unrecurring: readonly UnrecurringDifference[];
}

/**
 * Groups the seven days: each joins the first group whose every day it is alike, Monday first. `pooled` are
 * the needs sized from all the history; `weeks` each whole week's own needs when `DEFAULTS.weekRecurrenceMinWeeks`
 * or more whole weeks are judged, else empty (then the pooled test alone decides, as with one week).
 * With weeks, two days the pooled test tells apart stay apart only when they also differ in every week,
 * each judged on its own needs with the same test: a difference seen in some weeks only (a one-off
 * Wednesday block in week 1) is not a weekly block, and the days merge.
 */
export function groupDays(pooled: readonly number[], weeks: readonly (readonly number[])[]): DayGroups {
  const alike = alikeIn(pooled);
  const each = weeks.map(alikeIn);
  const unrecurring: UnrecurringDifference[] = [];
  const differsIn = (a: number, b: number): number[] => each.flatMap((test, w) => (test(a, b) ? [] : [w]));
  const joins = (d: number, e: number): boolean => alike(d, e) || (each.length > 0 && differsIn(d, e).length < each.length);
  const groups: number[][] = [];
  for (let d = 0; d < 7; d++) {
    const group = groups.find((g) => g.every((e) => joins(d, e)));
    if (group) {
      for (const e of group.filter((e) => !alike(d, e))) unrecurring.push({ days: [e, d], weeks: differsIn(e, d) });
      group.push(d);
    } else groups.push([d]);
  }
  return { groups, unrecurring };
}

/**
 * The unrecurring differences as the days that carry them: the day in most of them first (the Wednesday of
 * a one-off Wednesday block differs from each other weekday), with the days it differs from and the weeks.
 */
export function unrecurringByDay(differences: readonly UnrecurringDifference[]): { day: number; others: number[]; weeks: number[] }[] {
  const left = [...differences];
  const out: { day: number; others: number[]; weeks: number[] }[] = [];
  while (left.length > 0) {
    const count = (d: number): number => left.filter((x) => x.days.includes(d)).length;
    const day = [0, 1, 2, 3, 4, 5, 6].reduce((best, d) => (count(d) > count(best) ? d : best), 0);
    const mine = left.filter((x) => x.days.includes(day));
    out.push({
      day,
      others: mine.map((x) => (x.days[0] === day ? x.days[1] : x.days[0])).sort((a, b) => a - b),
      weeks: [...new Set(mine.flatMap((x) => x.weeks))].sort((a, b) => a - b),
    });
    for (const x of mine) left.splice(left.indexOf(x), 1);
  }
  return out;
}

/**
 * The one-off cells of history: rows of needs (row r's hour h at `own[r × 24 + h]`: a day of the pooled
 * history, or one weekday of one week) grouped as the days are planned; in a group of three or more rows,
 * the one row whose need at an hour is above every other row's at that hour (beyond `near` at
 * `DEFAULTS.weekDayMerge.oneOffHour`) and either above their hours beside it too, or with more over the three
 * hours around it than each of them, scaled to its level (from the hours away from these three), by at least
 * that margin. The second reading finds a spike in a quiet hour beside a busy one (a ramp, a batch the next
 * hour), which the busy neighbour hid; a batch that only moved across the boundary adds nothing over the
 * three hours and is not a one-off. Scaled: a busier week's rows have a busier neighbour hour too, and
 * unscaled they hid a spike in a quieter week (two weeks of history, the second 20% up). Returns the cells
 * `r × 24 + h`. The group is sized without them: a spike on one day is served by the burst model and target
 * tracking, not provisioned on every day of the group.
 */
export function oneOffs(own: readonly number[], rowGroups: readonly (readonly number[])[]): Set<number> {
  const { oneOffHour, environments } = DEFAULTS.weekDayMerge;
  const at = rowReader(own);
  const level = levelReader(own);
  const aboveAt = (r: number, s: number, h: number): boolean =>
    beyond(at(r, h), at(s, h)) &&
    ([h - 1, h + 1].every((g) => g < 0 || g >= HOURS_PER_DAY || beyond(at(r, h), at(s, g))) ||
      around(at, r, h) - level(r, s, h) * around(at, s, h) > Math.max(environments, oneOffHour * at(r, h)));
  return singleRowsAbove(rowGroups, aboveAt);
}

/**
 * The one-off cells the jitter window makes: rows as in `oneOffs`, `windowed` their needs with the window's
 * minutes (what the group is sized from), `calls` their invocations per hour (own minutes). A row's hour is
 * one when its windowed need is above every other row's there (beyond `near` at
 * `DEFAULTS.weekDayMerge.oneOffHour`) and its calls over the three hours around it, scaled to the other's
 * level (from the hours away from them), are more than theirs by that margin. A spike just past a boundary
 * into a busy hour (a batch hour, where its own minutes add nothing to the need) is lent by the window to
 * the quiet hour before it, on that day only: without this test the quiet hour was raised on every day of
 * the group. A batch that only moved across the boundary adds no calls over the three hours, and is none.
 */
export function lentOneOffs(windowed: readonly number[], calls: readonly number[], rowGroups: readonly (readonly number[])[]): Set<number> {
  const { oneOffHour } = DEFAULTS.weekDayMerge;
  const at = rowReader(windowed);
  const callsAt = rowReader(calls);
  const level = levelReader(calls);
  const aboveAt = (r: number, s: number, h: number): boolean => {
    if (!beyond(at(r, h), at(s, h))) return false;
    const theirs = level(r, s, h) * around(callsAt, s, h);
    return around(callsAt, r, h) - theirs > oneOffHour * theirs;
  };
  return singleRowsAbove(rowGroups, aboveAt);
}

type RowReader = (r: number, h: number) => number;

/** Row r's hour h of `values` (row r's hour h at `r × 24 + h`), 0 outside the day. */
const rowReader =
  (values: readonly number[]): RowReader =>
  (r, h) =>
    h < 0 || h >= HOURS_PER_DAY ? 0 : values[r * HOURS_PER_DAY + h];

/** Row r's hours h - 1, h and h + 1 together. */
const around = (at: RowReader, r: number, h: number): number => at(r, h - 1) + at(r, h) + at(r, h + 1);

/** p above q beyond noise at `DEFAULTS.weekDayMerge.oneOffHour`. */
const beyond = (p: number, q: number): boolean => p > q && !near(p, q, DEFAULTS.weekDayMerge.oneOffHour);

/** Row r's level over row s's, from their hours away from h: a busier week's rows are busier around h too. */
function levelReader(values: readonly number[]): (r: number, s: number, h: number) => number {
  const at = rowReader(values);
  const totals: number[] = [];
  const total = (r: number): number => (totals[r] ??= Array.from({ length: HOURS_PER_DAY }, (_, g) => at(r, g)).reduce((t, x) => t + x, 0));
  return (r, s, h) => {
    const [mine, theirs] = [total(r) - around(at, r, h), total(s) - around(at, s, h)];
    return mine > 0 && theirs > 0 ? mine / theirs : 1;
  };
}

/** The cells `r × 24 + h` where exactly one row of a group (of three or more rows) is `aboveAt` every other row of it. */
function singleRowsAbove(rowGroups: readonly (readonly number[])[], aboveAt: (r: number, s: number, h: number) => boolean): Set<number> {
  const cells = new Set<number>();
  for (const rows of rowGroups.filter((g) => g.length >= 3)) {
    for (let h = 0; h < HOURS_PER_DAY; h++) {
      const above = rows.filter((r) => rows.every((s) => s === r || aboveAt(r, s, h)));
      if (above.length === 1) cells.add(above[0] * HOURS_PER_DAY + h);
    }
  }
  return cells;
}
