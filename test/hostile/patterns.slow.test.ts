/**
 * `npm run test:hostile` (and test:slow): the patterns class at its full count (npm test runs a sample).
 */
import './patterns.test';
