/**
 * Condition evaluation properties on 300 random condition trees (npm test runs the first 60; test/support/runs.ts).
 */
import './cfn-semantics.test';
