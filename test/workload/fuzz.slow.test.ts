/**
 * The full malformed-workload fuzz (test/workload/fuzz-suite.ts): 10,000 seeded cases, about two
 * minutes on two cores, so it runs under `npm run test:slow`.
 */
import { describeMalformedWorkloads } from './fuzz-suite';

describeMalformedWorkloads(10_000);
