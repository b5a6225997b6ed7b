/**
 * `npm run bench:burst-models`: how the planner's minute model (each minute a stationary load, rate × duration)
 * compares with the simulator at a fixed PC on periodic batches, beside two other readings of the same
 * minute: the load within the minute (the mean busy count at each point of it, ramping from the previous
 * minute's rate to this one's over one duration: the modified offered load) and the mean of the two.
 * Issue #22's sixth pass: the batches a planner sizes at 0-1% spillover for a 5% target.
 *
 * Each case: a day of one batch of `batch` calls every `every` minutes over `background` calls a minute,
 * durations of mean D with p99 = D × 1.05 (nearly fixed) and × 2 (a tail), PC fixed at 70-110% of the
 * batch minute's load; the simulator's spillover is the mean of three seeds.
 */
import { planWorkload } from '../lib/planner';
import { simulate } from '../lib/simulate';
import { minuteLoads, weightedSpillover, type LoadSample } from '../lib/model';
import { trafficFromPerMinute } from '../lib/workload/traffic';
import type { FunctionSpec, Workload } from '../lib/workload/types';
import { azureSampleWorkload } from './azure-sample';
import { hourlyPc, spillRate, withProvisioned } from './oracle';

/** Slices of the ramp at the start of each minute. */
const RAMP_SLICES = 8;
const SEEDS = [1, 2, 3];

/** The load within each minute: over its first duration from the previous minute's rate to its own, then flat. */
function withinMinute(rates: readonly number[], durationMs: number): LoadSample[] {
  const d = durationMs / 1000;
  return rates.flatMap((r, m) => {
    if (r <= 0) return [];
    const prev = rates[(m - 1 + rates.length) % rates.length];
    const ramp = Array.from({ length: RAMP_SLICES }, (_, j) => {
      const tau = (d * (j + 0.5)) / RAMP_SLICES;
      return { load: prev * (d - tau) + r * tau, weight: (r * d) / RAMP_SLICES };
    });
    return [...ramp, { load: r * d, weight: r * (60 - d) }];
  });
}

const pct = (x: number) => (100 * x).toFixed(1);
const base = azureSampleWorkload();
console.log('| D s | batch / every | background / min | p99 / D | P | simulated | minute model | within the minute | mean of the two |');
console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
const cases: Array<[number, number, number, number]> = [
  [17, 13600, 60, 2000],
  [30, 30, 3, 0],
  [40, 250, 5, 0],
  [55, 600, 10, 20],
  [5, 3000, 2, 100],
];
for (const [seconds, batch, every, background] of cases) {
  const durationMs = seconds * 1000;
  const perMinute = Array.from({ length: 1440 }, (_, m) => (m % every === 0 ? batch : 0) + background);
  const rates = perMinute.map((c) => c / 60);
  const minute = minuteLoads(rates, durationMs).map((load, m) => ({ load, weight: rates[m] }));
  const within = withinMinute(rates, durationMs);
  const peak = (batch + background) * (seconds / 60);
  for (const tail of [1.05, 2]) {
    const spec: FunctionSpec = { ...base.functions[0], name: 'batch', timeoutSeconds: 900, durationMs: { avg: durationMs, p99: durationMs * tail }, traffic: trafficFromPerMinute(perMinute) };
    const workload: Workload = { ...base, defaults: { ...base.defaults, timezone: 'UTC' }, functions: [spec] };
    const plan = planWorkload(workload);
    for (const share of [0.7, 0.9, 1.1]) {
      const p = Math.round(peak * share);
      const fixed = withProvisioned(plan, () => hourlyPc(new Array<number>(24).fill(p), 'UTC'));
      const simulated = SEEDS.reduce((t, seed) => t + spillRate(simulate(workload, fixed, { seed, series: false }), 'batch'), 0) / SEEDS.length;
      const a = weightedSpillover(p, minute);
      const b = weightedSpillover(p, within);
      console.log(`| ${seconds} | ${batch} / ${every} min | ${background} | ${tail} | ${p} | ${pct(simulated)}% | ${pct(a)}% | ${pct(b)}% | ${pct((a + b) / 2)}% |`);
    }
  }
}
