/**
 * Resolution properties with 200 mutated fixtures and 2,000 Select-of-Split cases (npm test runs
 * the first 50 and 500; test/support/runs.ts).
 */
import './resolve.test';
