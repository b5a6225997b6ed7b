/**
 * The planner's properties over 300 random valid workloads each (npm test runs the first 100;
 * test/support/runs.ts).
 */
import './planner.test';
