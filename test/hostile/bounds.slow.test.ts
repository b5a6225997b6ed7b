/**
 * `npm run test:hostile` (and test:slow): the bounds class at its full count (npm test runs a sample).
 */
import './bounds.test';
