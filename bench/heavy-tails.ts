/**
 * `npm run bench:heavy-tails`: the replay of heavy-tailed functions, with service times fitted so that
 * their mean cut at the timeout is the observed average (lib/simulate/service.ts).
 *
 * The functions of the bundled Azure sample's busy 25 whose p99 is at least 3 x their average, planned
 * by the planner and replayed for the trace's day (seed 2019) with two timeouts: the benchmarks' own
 * (3 x the larger of p99 and average, 3-900 s) and a tight one (1.2 x p99, at least the average). For each:
 * the mean a replayed execution has (the fit cut at the timeout) against the observed average, with the
 * previous fit (uncut fit, then cut) and the current one, and the simulated spillover under the plan.
 * The spillover of the previous fit is what this file prints when run on the tree before the change
 * (the fit is the simulator's; the plan does not depend on it).
 */
import { planWorkload } from '../lib/planner';
import { simulate } from '../lib/simulate';
import { fitServiceTime, lognormalMeanCut, type ServiceTime } from '../lib/simulate/service';
import type { Workload } from '../lib/workload/types';
import { azureSampleWorkload } from './azure-sample';
import { spillRate } from './oracle';

const HEAVY = 3;
const SEED = 2019;

/** Mean of a fit's draws cut at `cut` seconds (the fit kinds the sample's heavy tails use). */
function cutMean(fit: ServiceTime, cut: number): number {
  return fit.kind === 'lognormal' ? lognormalMeanCut(fit.mu, fit.sigma, cut) : Math.min(fit.meanSeconds, cut);
}

function main(): void {
  const all = azureSampleWorkload({ minInvocationsPerDay: 1440, latencySensitive: true, concurrencyLimit: 5000 });
  const heavy = all.functions.filter((f) => (f.durationMs.p99 ?? 0) >= HEAVY * f.durationMs.avg);
  const timeouts: Record<string, (f: Workload['functions'][number]) => number> = {
    'bench timeout (3 x p99)': (f) => f.timeoutSeconds,
    'tight timeout (1.2 x p99)': (f) => Math.min(900, Math.max(Math.ceil(f.durationMs.avg / 1000), Math.ceil((1.2 * (f.durationMs.p99 ?? 0)) / 1000))),
  };
  const lines = ['| timeout | function | avg / p99 ms | timeout s | replayed mean / average: previous fit | current fit | spillover under the plan |', '| --- | --- | --- | ---: | ---: | ---: | ---: |'];
  for (const [label, timeoutOf] of Object.entries(timeouts)) {
    const w: Workload = { ...all, functions: heavy.map((f) => ({ ...f, timeoutSeconds: timeoutOf(f) })) };
    const plan = planWorkload(w);
    const result = simulate(w, plan, { seed: SEED, durationSeconds: 86400, series: false });
    for (const f of w.functions) {
      const { avg, p99 } = f.durationMs;
      const cut = f.timeoutSeconds;
      const previous = cutMean(fitServiceTime(avg, p99), cut) / (avg / 1000);
      const current = cutMean(fitServiceTime(avg, p99, cut * 1000), cut) / (avg / 1000);
      const spill = spillRate(result, f.name);
      lines.push(`| ${label} | ${f.name} | ${avg} / ${p99} | ${cut} | ${previous.toFixed(3)} | ${current.toFixed(3)} | ${(100 * spill).toFixed(2)}% |`);
    }
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

main();
