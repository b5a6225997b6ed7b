/** Backtest cases too slow for npm test (each replays days in the simulator); npm run test:slow runs them. */
import { backtest } from '../../lib/simulate/backtest';
import { trafficFromPerMinute } from '../../lib/workload/traffic';
import { weekWorkload } from '../support/week';

describe('backtest (slow)', () => {
  test('held-out days far busier than the history miss the spillover target beyond the noise', () => {
    const w = weekWorkload({ days: 8, peakPerMinute: 300 });
    const counts = [...(w.functions[0].traffic.perMinute ?? [])].map((c, m) => (m >= 7 * 1440 ? c * 4 : c));
    const busy = { ...w, functions: [{ ...w.functions[0], traffic: trafficFromPerMinute(counts, { startDate: '2026-03-02' }) }] };
    const bt = backtest(busy, 1);
    expect(bt.functions[0].missed).toContain('spillover');
    expect(bt.missed).toBe(true);
  });
});
