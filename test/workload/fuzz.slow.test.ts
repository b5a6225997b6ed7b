/**
 * The malformed-workload fuzz with all 10,000 cases (npm test runs the first 300; test/support/runs.ts).
 */
import './fuzz.test';
