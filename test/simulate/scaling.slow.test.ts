/**
 * The simulator against Erlang B also at loads 100 and 400, about 800,000 arrivals per case (npm test
 * runs the loads 5 and 20; test/support/runs.ts).
 */
import './scaling.test';
