/**
 * `npm run test:hostile` (and test:slow): the keys class at its full count (npm test runs a sample).
 */
import './keys.test';
