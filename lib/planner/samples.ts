/**
 * A trace's minutes as load samples for PC sizing: each minute's load (averaged over one duration,
 * `minuteLoads`) weighted by its own invocations, grouped into cells (hours of the day, or of the week);
 * minutes of a cell with equal load are merged.
 */
import { minuteLoads, type LoadSample } from '../model';

/** The minutes of `rates` (per second) as load samples of `cells` cells, minute m in cell `cellOf(m)`. */
export function loadSamples(rates: readonly number[], durationMs: number, cells: number, cellOf: (minute: number) => number): LoadSample[][] {
  const loads = minuteLoads(rates, durationMs);
  const byCell = Array.from({ length: cells }, () => new Map<number, number>());
  loads.forEach((load, m) => {
    const cell = byCell[cellOf(m)];
    cell.set(load, (cell.get(load) ?? 0) + rates[m]);
  });
  return byCell.map((cell) => [...cell.entries()].map(([load, weight]) => ({ load, weight })));
}
