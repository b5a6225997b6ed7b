/**
 * `npm run test:hostile` (and test:slow): the secrets class at its full count (npm test runs a sample).
 */
import './secrets.test';
