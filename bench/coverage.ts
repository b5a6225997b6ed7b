/**
 * `npm run bench:coverage`: how should a plan size the hours a trace has no data for?
 *
 * The 25 busy functions of the Azure Functions 2019 sample (as in bench:plan-quality), each cut to 8
 * known hours (three windows: 00-08, 08-16, 16-24). The 16 unknown hours are filled by each candidate
 * rule, the plan is made from that, and the plan is replayed on the function's REAL full day (same
 * seed for every rule). Reported: functions meeting the spillover target over the day and in the
 * unknown hours, spillover in the unknown hours, and cost against the plan made from the full day.
 *
 *   zero      the unknown hours had no calls (what padding with zeros did before)
 *   busiest   the busiest known hour (at the same hour of the week / day first): the project's rule
 *   nearest   the known hour nearest in time
 *   typical   the known hour with the median number of calls
 */
import { planWorkload } from '../lib/planner';
import { simulate } from '../lib/simulate';
import type { SimulationResult } from '../lib/simulate';
import { busiestHour, fillUnknownHours, sameHourOrBusiest, trafficFromPerMinute, type HourSource } from '../lib/workload';
import type { Workload } from '../lib/workload/types';
import { azureSampleWorkload } from './azure-sample';

const SEED = 2019;
const TARGET = 0.05;
const WINDOWS: readonly [number, number][] = [
  [0, 8],
  [8, 16],
  [16, 24],
];

const RULES: Readonly<Record<string, HourSource>> = {
  zero: () => -1,
  busiest: sameHourOrBusiest,
  nearest: (hour, invocations) => {
    let best = -1;
    invocations.forEach((n, h) => {
      if (!Number.isNaN(n) && (best < 0 || Math.abs(h - hour) < Math.abs(best - hour))) best = h;
    });
    return best;
  },
  typical: (_hour, invocations) => {
    const known = invocations.flatMap((n, h) => (Number.isNaN(n) ? [] : [{ n, h }])).sort((a, b) => a.n - b.n || a.h - b.h);
    return known.length === 0 ? busiestHour(invocations) : known[Math.floor(known.length / 2)].h;
  },
};

/** The workload with every trace cut to hours [from, to) and the rest filled by `rule`. */
function cut(workload: Workload, from: number, to: number, rule: HourSource): Workload {
  return {
    ...workload,
    functions: workload.functions.map((f) => {
      const minutes = (f.traffic.perMinute ?? []).map((x, m) => (m >= from * 60 && m < to * 60 ? x : NaN));
      fillUnknownHours(minutes, rule);
      return { ...f, traffic: trafficFromPerMinute(minutes) };
    }),
  };
}

function run(truth: Workload, planFrom: Workload): SimulationResult {
  return simulate(truth, planWorkload(planFrom), { seed: SEED, intervalSeconds: 3600, durationSeconds: 86400 });
}

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;

function main(): void {
  const t0 = Date.now();
  const truth = azureSampleWorkload({ minInvocationsPerDay: 1440, latencySensitive: true, concurrencyLimit: 5000, spilloverTarget: TARGET });
  const full = run(truth, truth);
  const names = truth.functions.map((f) => f.name);
  const fullCost = names.reduce((s, n) => s + full.summary[n].monthlyCostUsd, 0);
  const lines = [
    `${names.length} functions, 8 known hours of 24, spillover target ${TARGET}, seed ${SEED}; plan from the full day: ${names.filter((n) => spill(full, n, 0, 24) <= TARGET).length}/${names.length} meet the target, $${fullCost.toFixed(0)}/month`,
    '',
    '| rule | known hours | meet target (day) | meet target (unknown hours) | spillover in unknown hours | cost / full-day plan |',
    '| --- | --- | ---: | ---: | ---: | ---: |',
  ];
  const totals: Record<string, { day: number; unknown: number; cost: number }> = {};
  for (const [name, rule] of Object.entries(RULES)) {
    totals[name] = { day: 0, unknown: 0, cost: 0 };
    for (const [from, to] of WINDOWS) {
      const result = run(truth, cut(truth, from, to, rule));
      const day = names.filter((n) => spill(result, n, 0, 24) <= TARGET).length;
      const unknown = names.filter((n) => unknownSpill(result, n, from, to) <= TARGET).length;
      const cost = names.reduce((s, n) => s + result.summary[n].monthlyCostUsd, 0);
      const overall = aggregateUnknownSpill(result, names, from, to);
      totals[name].day += day;
      totals[name].unknown += unknown;
      totals[name].cost += cost / fullCost / WINDOWS.length;
      lines.push(`| ${name} | ${from}-${to} | ${day}/${names.length} | ${unknown}/${names.length} | ${pct(overall)} | ${(cost / fullCost).toFixed(3)} |`);
    }
  }
  lines.push('', '| rule | meet target (day), all windows | meet target (unknown hours) | mean cost / full-day plan |', '| --- | ---: | ---: | ---: |');
  const n = names.length * WINDOWS.length;
  for (const [name, t] of Object.entries(totals)) lines.push(`| ${name} | ${t.day}/${n} | ${t.unknown}/${n} | ${t.cost.toFixed(3)} |`);
  lines.push('', `wall time ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** Spillover (served on demand / served) of one function over hours [from, to). */
function spill(result: SimulationResult, name: string, from: number, to: number): number {
  const s = result.series.find((x) => x.name === name);
  if (!s) throw new Error(`no series for ${name}`);
  let served = 0;
  let spilled = 0;
  for (let h = from; h < to; h++) {
    served += s.arrivals[h] - s.throttles[h];
    spilled += s.spillovers[h];
  }
  return served === 0 ? 0 : spilled / served;
}

/** Spillover of one function over the hours outside [from, to). */
function unknownSpill(result: SimulationResult, name: string, from: number, to: number): number {
  return aggregateUnknownSpill(result, [name], from, to);
}

function aggregateUnknownSpill(result: SimulationResult, names: readonly string[], from: number, to: number): number {
  let served = 0;
  let spilled = 0;
  for (const name of names) {
    const s = result.series.find((x) => x.name === name);
    if (!s) continue;
    for (let h = 0; h < 24; h++) {
      if (h >= from && h < to) continue;
      served += s.arrivals[h] - s.throttles[h];
      spilled += s.spillovers[h];
    }
  }
  return served === 0 ? 0 : spilled / served;
}

main();
