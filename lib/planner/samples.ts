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
 * The minutes of `rates` (per second) as load samples of `cells` cells, minute m in cell `cellOf(m)` and in
 * those of the minutes `jitterMinutes` either side; minutes `keep` refuses are in none (a one-off left out
 * of the sizing is left out of its neighbours' too).
 */
export function loadSamples(
  rates: readonly number[],
  durationMs: number,
  cells: number,
  cellOf: (minute: number) => number,
  options: { readonly jitterMinutes?: number; readonly keep?: (minute: number) => boolean } = {},
): LoadSample[][] {
  const { jitterMinutes = DEFAULTS.scheduleJitterMinutes, keep = () => true } = options;
  const loads = minuteLoads(rates, durationMs);
  const byCell = Array.from({ length: cells }, () => new Map<number, number>());
  const add = (c: number, load: number, weight: number) => byCell[c].set(load, (byCell[c].get(load) ?? 0) + weight);
  loads.forEach((load, m) => {
    if (!keep(m)) return;
    const own = cellOf(m);
    add(own, load, rates[m]);
    // A window narrower than a cell meets at most the cell before and the cell after.
    const before = m - jitterMinutes >= 0 ? cellOf(m - jitterMinutes) : own;
    const after = m + jitterMinutes < loads.length ? cellOf(m + jitterMinutes) : own;
    if (before !== own) add(before, load, rates[m]);
    if (after !== own && after !== before) add(after, load, rates[m]);
  });
  return byCell.map((cell) => [...cell.entries()].map(([load, weight]) => ({ load, weight })));
}
