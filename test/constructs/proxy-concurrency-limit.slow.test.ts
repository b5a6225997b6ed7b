/**
 * The proxy budget property with 15 random sets of functions (npm test runs the first 5;
 * test/support/runs.ts).
 */
import './proxy-concurrency-limit.test';
