/**
 * How many random cases a fuzz or property test runs. `npm test` runs a representative sample so the
 * fast suite stays under 2 minutes; `npm run test:slow` (JEST_SLOW=1, CI runs both) runs the full
 * count through the file's `*.slow.test.ts` twin, which imports the fast file. The seed is the same,
 * so the sample is the first cases of the full run.
 */

/** True under `npm run test:slow`. */
export const FULL_RUNS = process.env.JEST_SLOW === '1';

/** `full` cases under `npm run test:slow`, `sample` in the fast suite. */
export function runs(full: number, sample: number): number {
  return FULL_RUNS ? full : Math.min(full, sample);
}
