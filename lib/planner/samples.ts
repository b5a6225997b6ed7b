/**
 * A trace's minutes as load samples for PC sizing: each minute's load (averaged over one duration,
 * `minuteLoads`) weighted by its own invocations, grouped into cells (hours of the day, or of the week);
 * minutes of a cell with equal load are merged.
 *
 * A cell also takes the minutes within `DEFAULTS.scheduleJitterMinutes` of its edges: traffic that came a
 * few minutes before or after an hour boundary in the history (a batch, a cron job, a clock) comes as
 * often on the other side of it next week, and a schedule switches PC exactly at the hour. Each hour is
 * then sized for its own minutes and those its neighbours could lend it.
 */
import { DEFAULTS, minuteLoads, type LoadSample } from '../model';

/**
 * Which boundary bands a cell takes (the minutes within the window of its start or of its end, on either
 * side of the boundary); both by default. Without one, the cell is sized as if the neighbour across that
 * boundary served the band (`handOffBoundaries`).
 */
export interface CellEdges {
  readonly start: boolean;
  readonly end: boolean;
}

/**
 * Whether a minute's load goes into a cell: `minute` the minute, `into` a minute of the receiving cell (the
 * minute itself for its own cell, the minute `jitterMinutes` before or after it for a neighbour's window).
 */
export type KeepMinute = (minute: number, into: number) => boolean;

/**
 * The minutes of `rates` (per second) as load samples of `cells` cells, minute m in cell `cellOf(m)` and in
 * those of the minutes `jitterMinutes` either side; a minute goes nowhere `keep` refuses it (a one-off's minutes
 * leave its neighbours' windows too, and the minutes its own day's neighbours would lend it leave it).
 */
export function loadSamples(
  rates: readonly number[],
  durationMs: number,
  cells: number,
  cellOf: (minute: number) => number,
  options: { readonly jitterMinutes?: number; readonly keep?: KeepMinute; readonly edges?: CellEdges } = {},
): LoadSample[][] {
  const { jitterMinutes = DEFAULTS.scheduleJitterMinutes, keep = () => true, edges = { start: true, end: true } } = options;
  const loads = minuteLoads(rates, durationMs);
  const byCell = Array.from({ length: cells }, () => new Map<number, number>());
  const add = (c: number, load: number, weight: number) => byCell[c].set(load, (byCell[c].get(load) ?? 0) + weight);
  loads.forEach((load, m) => {
    const own = cellOf(m);
    // A window narrower than a cell meets at most the cell before and the cell after.
    const before = m - jitterMinutes >= 0 ? cellOf(m - jitterMinutes) : own;
    const after = m + jitterMinutes < loads.length ? cellOf(m + jitterMinutes) : own;
    // Minute m is near its cell's start when the cell `jitterMinutes` before is another (then it is also in
    // that cell's end band), near its end when the cell after is.
    if ((edges.start || before === own) && (edges.end || after === own) && keep(m, m)) add(own, load, rates[m]);
    if (before !== own && edges.end && keep(m, m - jitterMinutes)) add(before, load, rates[m]);
    if (after !== own && after !== before && edges.start && keep(m, m + jitterMinutes)) add(after, load, rates[m]);
  });
  return byCell.map((cell) => [...cell.entries()].map(([load, weight]) => ({ load, weight })));
}
