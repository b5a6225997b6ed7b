/**
 * `npm run test:hostile` (and test:slow): the exit-codes class at its full count (npm test runs a sample).
 */
import './exit-codes.test';
