/**
 * The simulator (MODEL §8): replays each function's traffic second by second against Lambda's scaling
 * rules. Requests are events inside a second (exact Poisson arrival times, continuous departure times
 * in a typed min-heap), so loss probabilities match Erlang B; everything slower (scaling tokens,
 * provisioned allocation, target tracking, schedules, SQS pollers, retries) moves once per second.
 * Idle functions cost a few operations per second. Deterministic for a seed.
 *
 * This is the loop; the subsystems it drives are provisioned-control.ts, sqs-pollers.ts and
 * requests.ts (sync and async requests, async retries), over the state in function-state.ts.
 */
import { DEFAULTS, LIMITS, legacyBurstLimit, perMonth, usageCostUsd } from '../model';
import type { Plan } from '../planner/types';
import type { Workload } from '../workload/types';
import { replayCoverageNote } from '../workload/coverage';
import { capacitiesFor } from './capacity';
import { FunctionSim } from './function-state';
import type { Pool, RunContext, ScalingBucket } from './function-state';
import { provisionedSecond, sampleUtilization, startProvisioned } from './provisioned-control';
import { requestSecond } from './requests';
import { oldestMessageAge, sqsSecond } from './sqs-pollers';
import { setOwn } from '../records';
import { checkSeriesSize, checkSimulationSize } from './budget';
import { defaultDurationSeconds } from './traffic';
import { SIMULATION_DEFAULTS } from './types';
import type { FunctionSeries, FunctionSummary, SimulationOptions, SimulationResult } from './types';

/** Empty series of `n` intervals for function `name`. */
function newSeries(name: string, n: number): FunctionSeries {
  const col = () => new Float64Array(n);
  return {
    name,
    arrivals: col(),
    busy: col(),
    warm: col(),
    provisioned: col(),
    throttles: col(),
    coldStarts: col(),
    spillovers: col(),
    queueDepth: col(),
    oldestAgeSeconds: col(),
    dlq: col(),
  };
}

/**
 * Simulates `workload` under `plan` (null: bare on-demand, no reserved or provisioned concurrency).
 * Second 0 is 00:00 in the plan's time zone (scheduled actions fire at their hour of that day).
 */
export function simulate(workload: Workload, plan: Plan | null, options: SimulationOptions = {}): SimulationResult {
  const seed = options.seed ?? SIMULATION_DEFAULTS.seed;
  const durationSeconds = Math.ceil(options.durationSeconds ?? Math.max(1, ...workload.functions.map((f) => defaultDurationSeconds(f.traffic))));
  if (!(durationSeconds > 0)) throw new RangeError(`durationSeconds must be > 0, got ${options.durationSeconds}`);
  checkSimulationSize(workload, durationSeconds);
  const intervalSeconds = options.intervalSeconds ?? (durationSeconds <= SIMULATION_DEFAULTS.perSecondSeriesUpToSeconds ? 1 : 60);
  if (options.series !== false) checkSeriesSize(workload.functions.length, durationSeconds, intervalSeconds);
  const intervals = options.series === false ? 0 : Math.ceil(durationSeconds / intervalSeconds);
  const ctx: RunContext = {
    errorRate: options.errorRate ?? SIMULATION_DEFAULTS.errorRate,
    preparationSeconds: options.provisionedPreparationSeconds ?? SIMULATION_DEFAULTS.provisionedPreparationSeconds,
  };
  const { capacities, notes } = capacitiesFor(workload, plan);
  for (const spec of workload.functions) {
    const note = replayCoverageNote(spec.name, spec.traffic, durationSeconds);
    if (note) notes.push(note);
  }
  const account = workload.account;
  const reservedTotal = capacities.reduce((s, c) => s + (c.reservedConcurrency ?? 0), 0);
  const pool: Pool = { used: 0, capacity: Math.max(0, account.concurrencyLimit - reservedTotal) };
  if (reservedTotal > account.concurrencyLimit) notes.push(`reserved concurrency ${reservedTotal} exceeds the account limit ${account.concurrencyLimit}: functions without reserved concurrency get none`);
  const legacy = account.scalingModel === 'regional-burst';
  const shared: ScalingBucket | null = legacy
    ? { tokens: legacyBurstLimit(account.region), updatedAt: 0, capacity: legacyBurstLimit(account.region), refillPerSecond: LIMITS.legacyScalePerMinute / 60 }
    : null;
  const keepAliveSeconds = (workload.defaults.keepAliveMinutes ?? DEFAULTS.keepAliveMinutes) * 60;
  const sims = workload.functions.map((spec, i) => {
    const bucket = shared ?? { tokens: LIMITS.perFunctionScaleStep, updatedAt: 0, capacity: LIMITS.perFunctionScaleStep, refillPerSecond: LIMITS.perFunctionScaleStep / LIMITS.perFunctionScaleIntervalSeconds };
    const sim = new FunctionSim(spec, capacities[i], seed, bucket, pool, keepAliveSeconds, intervals > 0 ? newSeries(spec.name, intervals) : null);
    if (sim.service.note) notes.push(`${spec.name}: ${sim.service.note}`);
    startProvisioned(sim);
    return sim;
  });
  /** Per function, the first second that must be simulated (a typed array: the hot loop reads it). */
  const wakeAt = new Float64Array(sims.length);
  const progressEvery = Math.max(1, Math.floor(durationSeconds / 100));

  for (let s = 0; s < durationSeconds; s++) {
    const interval = intervals > 0 ? Math.floor(s / intervalSeconds) : -1;
    const closesInterval = intervals > 0 && ((s + 1) % intervalSeconds === 0 || s + 1 === durationSeconds);
    for (let i = 0; i < sims.length; i++) {
      // Event-driven where that is faster: seconds in which nothing can happen are skipped.
      if (s < wakeAt[i] && !closesInterval) continue;
      const sim = sims[i];
      if (sim.pc) provisionedSecond(sim, sim.pc, s, ctx);
      if (sim.sqs) sqsSecond(sim, sim.sqs, s, ctx);
      else requestSecond(sim, s, ctx);
      endOfSecond(sim, s, interval);
      wakeAt[i] = sim.nextWake(s);
    }
    if (options.onProgress && s % progressEvery === 0) options.onProgress(s / durationSeconds);
  }
  options.onProgress?.(1);
  for (const sim of sims) sim.allocate(sim.pcAlloc, durationSeconds);

  const summary: Record<string, FunctionSummary> = {};
  const reserved: Record<string, number | null> = {};
  sims.forEach((sim, i) => {
    setOwn(summary, sim.name, summarize(sim, durationSeconds));
    setOwn(reserved, sim.name, capacities[i].reservedConcurrency);
  });
  notes.push(
    `cost from simulated GB-seconds at ${'us-east-1'} list prices; provisioned concurrency billed per second (AWS bills 5-minute units); on-demand init time billed as duration`,
  );
  return {
    durationSeconds,
    seed,
    scalingModel: account.scalingModel,
    intervalSeconds,
    reserved,
    summary,
    series: sims.flatMap((s) => (s.series ? [s.series] : [])),
    notes,
  };
}

/** One function's totals over a run of `durationSeconds`, with its cost (lib/model/cost.ts) for the run and per month. */
function summarize(sim: FunctionSim, durationSeconds: number): FunctionSummary {
  const t = sim.totals;
  const usage = {
    memoryMb: sim.memoryMb,
    architecture: sim.architecture,
    requests: t.invocations,
    onDemandSeconds: t.onDemandSeconds,
    provisionedSeconds: t.provisionedAllocSeconds,
    provisionedBusySeconds: t.provisionedBusySeconds,
  };
  const costUsd = usageCostUsd(usage);
  const provisionedCostUsd = usageCostUsd({ ...usage, requests: 0, onDemandSeconds: 0 });
  return {
    arrivals: t.arrivals,
    invocations: t.invocations,
    throttles: t.throttles,
    coldStarts: t.coldStarts,
    spillovers: t.spillovers,
    provisionedInvocations: t.provisionedInvocations,
    provisionedSeconds: t.provisionedAllocSeconds,
    errors: t.errors,
    peakConcurrency: t.peak,
    maxQueueAgeSeconds: t.maxQueueAge,
    dlqMessages: t.dlq,
    costUsd: roundMicro(costUsd),
    monthlyCostUsd: roundMicro(perMonth(costUsd, durationSeconds)),
    monthlyProvisionedCostUsd: roundMicro(perMonth(provisionedCostUsd, durationSeconds)),
  };
}

function roundMicro(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/** Closes second `s`: frees what ended, reclaims idle environments past keep-alive, records metrics and series. */
function endOfSecond(sim: FunctionSim, s: number, interval: number): void {
  const end = s + 1;
  const totals = sim.totals;
  sim.release(end);
  if (sim.idle.size > 0) sim.idle.dropFrontBelow(end - sim.keepAliveSeconds);
  if (sim.secondPeak > totals.peak) totals.peak = sim.secondPeak;
  if (sim.pc) sampleUtilization(sim, sim.pc);
  let oldestAge = 0;
  if (sim.sqs) {
    oldestAge = oldestMessageAge(sim.sqs, end);
    if (oldestAge > totals.maxQueueAge) totals.maxQueueAge = oldestAge;
  }
  const series = sim.series;
  if (series && interval >= 0) {
    series.busy[interval] = Math.max(series.busy[interval], sim.secondPeak);
    series.warm[interval] = sim.pcAlloc + sim.odHeap.size + sim.idle.size;
    series.provisioned[interval] = sim.pcAlloc;
    series.queueDepth[interval] = sim.sqs ? sim.sqs.visibleCount() : 0;
    series.oldestAgeSeconds[interval] = Math.max(series.oldestAgeSeconds[interval], oldestAge);
    series.dlq[interval] = totals.dlq;
    const r = sim.recorded;
    series.arrivals[interval] += totals.arrivals - r.arrivals;
    series.throttles[interval] += totals.throttles - r.throttles;
    series.coldStarts[interval] += totals.coldStarts - r.coldStarts;
    series.spillovers[interval] += totals.spillovers - r.spillovers;
    r.arrivals = totals.arrivals;
    r.throttles = totals.throttles;
    r.coldStarts = totals.coldStarts;
    r.spillovers = totals.spillovers;
  }
  sim.secondPeak = sim.pcBusy + sim.odHeap.size;
  sim.secondPcPeak = sim.pcBusy;
}
