/**
 * `npm run bench:simulate`: how fast the simulator runs, measured side by side in one process.
 *   1. the 100 functions of the Azure Functions 2019 sample over their day (real traffic), under the
 *      planner's plan: simulated seconds per wall second, with and without the per-minute series;
 *   2. growth with the number of functions: 10 (every 10th of the sample) → 100 → 1,000 (the sample
 *      ten times under new names, so new random streams), summary only;
 *   3. a dense case: 100 functions at 100 requests/s each for an hour (per-request cost dominates).
 */
import { cpus, loadavg } from 'os';
import { performance } from 'perf_hooks';
import { planWorkload } from '../lib/planner';
import { simulate } from '../lib/simulate';
import type { SimulationOptions } from '../lib/simulate';
import type { Workload } from '../lib/workload/types';
import { parseWorkload } from '../lib/workload';
import { azureSampleWorkload } from './azure-sample';

interface Measured {
  readonly label: string;
  readonly functions: number;
  readonly simulatedSeconds: number;
  readonly wallSeconds: number;
  readonly requests: number;
}

function measure(label: string, workload: Workload, options: SimulationOptions & { durationSeconds: number }): Measured {
  const plan = planWorkload(workload);
  simulate(workload, plan, { ...options, durationSeconds: Math.min(600, options.durationSeconds) }); // warm up the JIT
  const t0 = performance.now();
  const result = simulate(workload, plan, options);
  const wallSeconds = (performance.now() - t0) / 1000;
  const requests = Object.values(result.summary).reduce((s, f) => s + f.arrivals, 0);
  return { label, functions: workload.functions.length, simulatedSeconds: options.durationSeconds, wallSeconds, requests };
}

function denseWorkload(functions: number, rps: number): Workload {
  const entries = Array.from({ length: functions }, (_, i) =>
    [`  - name: dense-${i}`, '    invocation: sync', '    memoryMb: 512', '    timeoutSeconds: 10', '    durationMs: { avg: 200, p99: 800 }', '    initDurationMs: 300', `    traffic: { steps: [{ atSeconds: 0, rps: ${rps} }] }`].join('\n'),
  );
  return parseWorkload(['account: { region: us-east-1, concurrencyLimit: 10000 }', 'functions:', ...entries].join('\n'), 'dense.yaml');
}

const fmt = (x: number, digits = 0) => x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

function main(): void {
  const day = 86400;
  const sample = azureSampleWorkload();
  const rows: Measured[] = [
    measure('Azure sample, per-minute series', sample, { durationSeconds: day, intervalSeconds: 60 }),
    measure('Azure sample, summary only', sample, { durationSeconds: day, series: false }),
  ];
  const growth = [
    measure('every 10th function of the sample', azureSampleWorkload({ every: 10 }), { durationSeconds: day, series: false }),
    measure('the sample', sample, { durationSeconds: day, series: false }),
    measure('the sample 10 times', azureSampleWorkload({ copies: 10 }), { durationSeconds: day, series: false }),
  ];
  const dense = measure('dense: 100 rps x 200 ms each, 1 hour', denseWorkload(100, 100), { durationSeconds: 3600, series: false });

  const lines: string[] = [];
  lines.push(`node ${process.version}, ${process.arch}, ${cpus().length} CPUs, load average ${loadavg().map((x) => x.toFixed(1)).join(' / ')} (1 / 5 / 15 min) at the end`);
  lines.push('');
  lines.push('| run | functions | simulated | wall | simulated s / wall s | function-seconds / wall s | requests | requests / wall s |');
  lines.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of [...rows, ...growth, dense]) {
    lines.push(
      `| ${r.label} | ${fmt(r.functions)} | ${fmt(r.simulatedSeconds / 3600, 0)} h | ${fmt(r.wallSeconds, 2)} s | ${fmt(r.simulatedSeconds / r.wallSeconds)} | ${fmt((r.functions * r.simulatedSeconds) / r.wallSeconds)} | ${fmt(r.requests)} | ${fmt(r.requests / r.wallSeconds)} |`,
    );
  }
  lines.push('');
  const base = growth[0];
  lines.push('| functions | requests in the day | wall | wall x (vs 10) | functions x | requests x |');
  lines.push('| ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const g of growth) {
    lines.push(`| ${fmt(g.functions)} | ${fmt(g.requests)} | ${fmt(g.wallSeconds, 2)} s | ${fmt(g.wallSeconds / base.wallSeconds, 1)} | ${fmt(g.functions / base.functions)} | ${fmt(g.requests / base.requests, 1)} |`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

main();
