/**
 * `npm run test:hostile` (and test:slow): the plans class at its full count (npm test runs a sample).
 */
import './plans.test';
