/**
 * Number formats of plans and rationale lines: rounded so plans stay readable and byte-stable.
 */

/** Rounds a load or rate for output (4 decimals): keeps plans readable and byte-stable. */
export function roundLoad(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}

/** Rounds a probability to 4 significant digits. */
export function roundProbability(x: number): number {
  return x === 0 ? 0 : Number(x.toPrecision(4));
}

/** A load or rate as rationale text (4 decimals). */
export const fmt = (x: number): string => String(roundLoad(x));

/** An hour of the day as two digits (`09`). */
export const hh = (h: number): string => String(h).padStart(2, '0');
