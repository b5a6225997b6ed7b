/**
 * A sample of the malformed-workload fuzz (test/workload/fuzz-suite.ts); the full 10,000 run in
 * fuzz.slow.test.ts.
 */
import { FAST_FUZZ_RUNS } from '../support/runs';
import { describeMalformedWorkloads } from './fuzz-suite';

describeMalformedWorkloads(FAST_FUZZ_RUNS);
