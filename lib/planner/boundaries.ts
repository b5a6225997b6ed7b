/**
 * Hour boundaries handed to the busier side (issue #22, third pass). The jitter window sizes each hour for
 * the minutes within `DEFAULTS.scheduleJitterMinutes` (J) of its edges, so a batch that comes a few minutes
 * either side of 01:00 raises hour 0 and hour 1 alike: two hours of the batch's PC for one hour of batch.
 * A scheduled action can fire at any minute, so the band around a boundary can instead be served by the
 * busier block itself: it reaches `reachMinutes` (2J: a minute of the band seen J minutes from the boundary
 * may come 2J from it next week) into the quieter hour — a raise fires that much earlier, a lowering that
 * much later — and the quieter hour is sized without the band. A boundary is handed over when that costs
 * less: twice 2J minutes of the step against 60 minutes of what the band adds to the quieter hour. On
 * steady traffic the band adds little and nothing changes; on a batch at an hour boundary the quieter hour
 * drops to its own traffic.
 */
import type { LoadSample } from '../model';
import type { CellEdges } from './samples';

const MINUTES_PER_CELL = 60;

/** The needs after the hand-overs, the samples each cell is then sized from, and the handed-over boundaries. */
export interface BoundaryPlan {
  readonly needs: number[];
  /** Each cell's samples: without the bands it handed over (what its PC answers for). */
  readonly samples: LoadSample[][];
  /** Cells (of a cyclic profile) whose start boundary the busier neighbour serves, reaching into the quieter side. */
  readonly handoffs: ReadonlySet<number>;
}

/**
 * The hand-overs of a cyclic profile (24 hours of a day or 168 of a week): `samplesWith(edges)` gives every
 * cell's samples with the boundary bands `edges` names (both: the jitter window), `size` a cell's PC need,
 * `reachMinutes` how far the busier block reaches into the quieter hour (`handoffMinutes`).
 * Sample arrays shared by several cells (days pooled in one group) are sized once.
 */
export function handOffBoundaries(samplesWith: (edges: CellEdges) => LoadSample[][], size: (samples: readonly LoadSample[]) => number, reachMinutes: number): BoundaryPlan {
  const sized = new Map<readonly LoadSample[], number>();
  const needOfSamples = (samples: readonly LoadSample[]): number => {
    let need = sized.get(samples);
    if (need === undefined) sized.set(samples, (need = size(samples)));
    return need;
  };
  const windowSamples = samplesWith({ start: true, end: true });
  const window = windowSamples.map(needOfSamples);
  const n = window.length;
  if (reachMinutes <= 0 || n < 2) return { needs: window, samples: windowSamples, handoffs: new Set() };
  const variants = {
    noStart: samplesWith({ start: false, end: true }),
    noEnd: samplesWith({ start: true, end: false }),
    core: samplesWith({ start: false, end: false }),
  };
  const prev = (c: number): number => (c + n - 1) % n;
  // Cells that hand over their start band to the cell before, and their end band to the cell after.
  const startOut = new Set<number>();
  const endOut = new Set<number>();
  // What handing the band over saves: 60 minutes of what it adds to the quieter hour, less twice the busier
  // block's step over the reach. Twice: the quieter hour then spends its whole spillover target on its own
  // minutes, which on a smooth ramp costs in on-demand what the hand-over saves in PC (bench/README.md);
  // a batch at the boundary saves most of an hour and passes with room.
  const saving = (quiet: number, without: number, busy: number): number => MINUTES_PER_CELL * (quiet - without) - 2 * reachMinutes * (busy - without);
  for (let c = 0; c < n; c++) {
    const p = prev(c);
    // Either side may be the quieter one (a batch seen on both sides sizes both hours alike): the larger
    // saving decides, and the check below drops a hand-over whose receiver ends up no busier.
    const endSaving = saving(window[p], needOfSamples(variants.noEnd[p]), window[c]);
    const startSaving = saving(window[c], needOfSamples(variants.noStart[c]), window[p]);
    if (endSaving > 0 && endSaving >= startSaving) endOut.add(p);
    else if (startSaving > 0) startOut.add(c);
  }
  const samplesOf = (c: number): LoadSample[] =>
    (startOut.has(c) ? (endOut.has(c) ? variants.core : variants.noStart) : endOut.has(c) ? variants.noEnd : windowSamples)[c];
  const needOf = (c: number): number => needOfSamples(samplesOf(c));
  // A hand-over holds while the busier side stays above the quieter after both are re-sized; drop those
  // that do not (the quieter side then keeps its band) until none is left to drop.
  for (let changed = true; changed; ) {
    changed = false;
    for (let c = 0; c < n; c++) {
      const p = prev(c);
      if (endOut.has(p) && needOf(c) <= needOf(p)) {
        endOut.delete(p);
        changed = true;
      }
      if (startOut.has(c) && needOf(p) <= needOf(c)) {
        startOut.delete(c);
        changed = true;
      }
    }
  }
  const handoffs = new Set<number>();
  for (let c = 0; c < n; c++) if (endOut.has(prev(c)) || startOut.has(c)) handoffs.add(c);
  return { needs: Array.from({ length: n }, (_, c) => needOf(c)), samples: Array.from({ length: n }, (_, c) => samplesOf(c)), handoffs };
}

/**
 * The environments a profile's schedule allocates on average each hour once the hand-overs reach into the
 * quieter hours: at each handed-over boundary the quieter side carries the step for `reachMinutes` of its 60.
 */
export function allocatedProfile(profile: readonly number[], handoffs: ReadonlySet<number>, reachMinutes: number): number[] {
  const n = profile.length;
  const allocated = [...profile];
  for (const c of handoffs) {
    const p = (c + n - 1) % n;
    const [quiet, busy] = profile[p] < profile[c] ? [p, c] : [c, p];
    allocated[quiet] += ((profile[busy] - profile[quiet]) * reachMinutes) / MINUTES_PER_CELL;
  }
  return allocated;
}
