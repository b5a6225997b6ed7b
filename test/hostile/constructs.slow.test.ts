/**
 * `npm run test:hostile` (and test:slow): the constructs class at its full count (npm test runs a sample).
 */
import './constructs.test';
