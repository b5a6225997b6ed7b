/**
 * `npm run bench:held-out-hours -- SEED FUNCTION [HOURS]`: one function of `bench:plan-quality --held-out`
 * (trend weeks, one week of history) hour by hour: the replayed week's calls and busiest minute, the weekly
 * plan's PC and spillover, and the per-hour oracle's (searched for this function alone, about 10-60 s). Shows
 * where a plan spends more than the oracle: a model that over-sizes an hour spills 0% where the oracle
 * spills 5%; a forecast that over-sizes every hour shows it in the growth the plan was sized for.
 */
import { planWorkload } from '../lib/planner';
import { Random, hashString, simulate } from '../lib/simulate';
import { trafficFromPerMinute } from '../lib/workload/traffic';
import { HELD_OUT, heldOutSample, heldOutWeeks, START, weeksAfterStart } from './held-out';
import { hourlySpill, oracle } from './oracle';

const MINUTES_PER_WEEK = 7 * 1440;
const TARGET = 0.05;
const [seedText, name, hoursText] = process.argv.slice(2);
const seed = seedText === undefined ? HELD_OUT.seed : Number(seedText);
const shownHours = Math.min(168, Number(hoursText ?? 48));
const sample = heldOutSample('spread', seed);
const spec = sample.functions.find((f) => f.name === name);
if (!Number.isInteger(seed) || !spec) {
  console.error(`usage: npm run bench:held-out-hours -- SEED FUNCTION [HOURS]; functions of seed ${seedText}: ${sample.functions.map((f) => f.name).join(', ')}`);
  process.exit(2);
}
const counts = heldOutWeeks(spec.traffic.perMinute ?? [], new Random(seed, hashString(spec.name)), 'trend', 2, seed).counts;
const week = (w: number) => counts.slice(w * MINUTES_PER_WEEK, (w + 1) * MINUTES_PER_WEEK);
const base = { ...sample, defaults: { ...sample.defaults, timezone: 'UTC' } };
const plan = planWorkload({ ...base, functions: [{ ...spec, traffic: trafficFromPerMinute(week(0), { startDate: START }) }] });
const replayed = { ...base, functions: [{ ...spec, traffic: trafficFromPerMinute(week(1), { startDate: weeksAfterStart(1) }) }] };
const best = oracle(replayed, plan, { hours: 168, seed, spilloverTarget: TARGET }).plan;
const run = (p: typeof plan) => simulate(replayed, p, { seed, intervalSeconds: 60, durationSeconds: MINUTES_PER_WEEK * 60 });
const ours = run(plan);
const theirs = run(best);
const pc = plan.functions[0].provisioned;
const pcOracle = best.functions[0].provisioned;
if (!pc || !pcOracle) throw new Error(`${name} has no provisioned concurrency`);
const sum = (xs: ArrayLike<number>, h: number) => Array.prototype.slice.call(xs, h * 60, h * 60 + 60).reduce((t: number, x: number) => t + x, 0);
const spill = (result: typeof ours, h: number) => {
  const s = hourlySpill(result, spec.name);
  return `${((100 * sum(s.spill, h)) / Math.max(1, sum(s.served, h))).toFixed(1)}%`;
};
const mean = (result: typeof ours, h: number) => (sum(result.series[0].provisioned, h) / 60).toFixed(0);
console.log(`${name}, seed ${seed}: durations ${JSON.stringify(spec.durationMs)} ms; plan sized for growth ${pc.growthHeadroom}, target tracking ${pc.targetUtilization ?? 'none'}`);
console.log('| day | hour | calls | busiest minute | plan PC (mean allocated) | plan spill | oracle PC (mean allocated) | oracle spill |');
console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (let h = 0; h < shownHours; h++) {
  const calls = week(1).slice(h * 60, h * 60 + 60);
  const peak = Math.max(...calls);
  const value = (p: typeof pc) => p.weekly?.[h] ?? p.hourly[h % 24];
  console.log(`| ${Math.floor(h / 24)} | ${h % 24} | ${sum(calls, 0)} | ${peak} at :${String(calls.indexOf(peak)).padStart(2, '0')} | ${value(pc)} (${mean(ours, h)}) | ${spill(ours, h)} | ${value(pcOracle)} (${mean(theirs, h)}) | ${spill(theirs, h)} |`);
}
