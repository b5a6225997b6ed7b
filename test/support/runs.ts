/**
 * How many random cases a fuzz or property test runs. `npm test` runs a representative sample so the
 * fast suite stays under 2 minutes; the same test body runs the full count from a `*.slow.test.ts`
 * file under `npm run test:slow` (CI runs both). The seed is the same in both, so the fast sample is
 * the first cases of the full run.
 */

/** Cases of a fuzz test in the fast suite. */
export const FAST_FUZZ_RUNS = 300;
