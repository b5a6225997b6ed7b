/**
 * The plan-to-template property with 20 random workloads (npm test runs the first 4 and the two
 * fixed examples; test/support/runs.ts).
 */
import './policy-property.test';
