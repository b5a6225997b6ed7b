/**
 * `npm run test:hostile` (and test:slow): the forged-lines class at its full count (npm test runs a sample).
 */
import './forged-lines.test';
