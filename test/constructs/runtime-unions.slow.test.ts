/**
 * The runtime-union property with 200 wrong values per prop (npm test runs the first 25; test/support/runs.ts).
 */
import './runtime-unions.test';
