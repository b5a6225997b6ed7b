/**
 * The simulator (MODEL §8): replays each function's traffic second by second against Lambda's scaling
 * rules. Requests are events inside a second (exact Poisson arrival times, continuous departure times
 * in a typed min-heap), so loss probabilities match Erlang B; everything slower (scaling tokens,
 * provisioned allocation, target tracking, schedules, SQS pollers, retries) moves once per second.
 * Idle functions cost a few operations per second. Deterministic for a seed.
 */
import { DEFAULTS, LIMITS, PRICES, HOURS_PER_MONTH, legacyBurstLimit } from '../model';
import type { Prices } from '../model';
import type { Plan } from '../planner/types';
import type { FunctionSpec, Workload } from '../workload/types';
import { capacitiesFor, sqsPollerCeiling } from './capacity';
import type { FunctionCapacity, ProvisionedCapacity, SqsCapacity } from './capacity';
import { Random, hashString } from './random';
import { drawServiceSeconds, fitServiceTime } from './service';
import type { ServiceTime } from './service';
import { TimeDeque, TimeHeap } from './structures';
import { RateProfile, defaultDurationSeconds } from './traffic';
import { SIMULATION_DEFAULTS } from './types';
import type { FunctionSeries, FunctionSummary, SimulationOptions, SimulationResult } from './types';

/** Token bucket limiting how fast new environments appear (per function, or shared in the legacy model). */
interface ScalingBucket {
  tokens: number;
  /** When `tokens` was last brought up to date. */
  updatedAt: number;
  readonly capacity: number;
  readonly refillPerSecond: number;
}

/** Takes a token at time `t` if there is one, refilling continuously since the last look. */
function takeToken(bucket: ScalingBucket, t: number): boolean {
  if (t > bucket.updatedAt) {
    bucket.tokens = Math.min(bucket.capacity, bucket.tokens + (t - bucket.updatedAt) * bucket.refillPerSecond);
    bucket.updatedAt = t;
  }
  if (bucket.tokens < 1) return false;
  bucket.tokens--;
  return true;
}

/** The unreserved concurrency pool shared by functions without reserved concurrency. */
interface Pool {
  used: number;
  readonly capacity: number;
}

/** Outcome of asking for an environment. */
const enum Served {
  Throttled = -1,
  Provisioned = 0,
  Warm = 1,
  Cold = 2,
}

/** A group of async events waiting for a retry, or SQS messages in a queue. */
interface Cohort {
  count: number;
  /** When the first attempt arrived (async) or the message was sent (SQS). */
  readonly firstAt: number;
  /** Throttle retries so far (async) or receives so far (SQS). */
  readonly attempt: number;
  /** Function-error retries so far (async). */
  readonly errorRetries: number;
  /** When the messages became visible (SQS batching window). */
  readonly visibleAt: number;
}

/** A FIFO of cohorts with a moving head (no O(n) shifts). */
class CohortQueue {
  items: Cohort[] = [];
  head = 0;
  count = 0;
  push(c: Cohort): void {
    this.items.push(c);
    this.count += c.count;
  }
  first(): Cohort | undefined {
    return this.items[this.head];
  }
  dropFirst(): void {
    this.head++;
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }
}

/** Mutable state of one simulated function. */
class FunctionSim {
  readonly name: string;
  readonly invocation: FunctionSpec['invocation'];
  readonly rate: RateProfile;
  readonly service: ServiceTime;
  readonly initSeconds: number;
  readonly timeoutSeconds: number;
  readonly gb: number;
  readonly prices: Prices;
  readonly arrivalsRng: Random;
  readonly serviceRng: Random;
  readonly otherRng: Random;
  readonly cap: number;
  readonly reserved: boolean;
  readonly bucket: ScalingBucket;
  readonly pool: Pool;
  readonly keepAliveSeconds: number;
  readonly pc: ProvisionedCapacity | null;
  readonly sqs: SqsCapacity | null;
  readonly pcHeap = new TimeHeap();
  readonly odHeap = new TimeHeap();
  readonly idle = new TimeDeque();
  // Provisioned concurrency.
  pcAlloc = 0;
  pcBusy = 0;
  pcDesired = 0;
  pcMin = 0;
  pcMax = 0;
  pending: { readyAt: number; amount: number }[] = [];
  scheduleIndex = -1;
  // Target tracking: this minute's accumulators and the last datapoints (NaN: no data).
  minuteUtilSum = 0;
  minuteUtilMax = 0;
  minuteInvocations = 0;
  datapoints: number[] = [];
  // Async retries keyed by the second they are due.
  retries = new Map<number, Cohort[]>();
  // SQS.
  queue = new CohortQueue();
  redelivered = new CohortQueue();
  returning = new Map<number, Cohort[]>();
  pollerConcurrency: number = LIMITS.sqsInitialConcurrency;
  pollerCeiling = Infinity;
  // Totals.
  arrivals = 0;
  invocations = 0;
  throttles = 0;
  coldStarts = 0;
  spillovers = 0;
  provisionedInvocations = 0;
  errors = 0;
  dlq = 0;
  peak = 0;
  secondPeak = 0;
  secondPcPeak = 0;
  maxQueueAge = 0;
  onDemandSeconds = 0;
  provisionedBusySeconds = 0;
  /** Allocated provisioned environment-seconds up to `pcAllocSince`. */
  provisionedAllocSeconds = 0;
  pcAllocSince = 0;
  // Series accumulators (current interval).
  readonly series: FunctionSeries | null;

  constructor(spec: FunctionSpec, capacity: FunctionCapacity, seed: number, bucket: ScalingBucket, pool: Pool, keepAliveSeconds: number, intervals: number) {
    this.name = spec.name;
    this.invocation = spec.invocation;
    this.rate = new RateProfile(spec.traffic);
    this.service = fitServiceTime(spec.durationMs.avg, spec.durationMs.p99, spec.timeoutSeconds * 1000);
    this.initSeconds = spec.initDurationMs / 1000;
    this.timeoutSeconds = spec.timeoutSeconds;
    this.gb = spec.memoryMb / 1024;
    this.prices = PRICES[spec.architecture];
    const h = hashString(spec.name);
    this.arrivalsRng = new Random(seed, h);
    this.serviceRng = new Random(seed, h ^ 0x5bd1e995);
    this.otherRng = new Random(seed, h ^ 0x1b873593);
    this.reserved = capacity.reservedConcurrency !== null;
    this.cap = capacity.reservedConcurrency ?? Infinity;
    this.bucket = bucket;
    this.pool = pool;
    this.keepAliveSeconds = keepAliveSeconds;
    this.pc = capacity.provisioned;
    this.sqs = capacity.sqs;
    if (this.sqs) this.pollerCeiling = sqsPollerCeiling(this.sqs, capacity.reservedConcurrency);
    this.series = intervals > 0 ? newSeries(spec.name, intervals) : null;
  }

  /** The next arrival (drawn at `arrivalRate`; redrawn when the rate changes, which Poisson arrivals allow). */
  nextArrival = Infinity;
  arrivalRate = 0;
  /**
   * After second `s`: the next second in which something can happen. While anything executes, a queue
   * or retry waits, or provisioned concurrency is being allocated: the next second. Otherwise the next
   * arrival, the next change of the arrival rate, or (with provisioned concurrency) the next minute,
   * when schedules and target tracking act. Idle environments expire lazily.
   */
  nextWake(s: number): number {
    const next = s + 1;
    if (this.sqs || this.odHeap.size > 0 || this.pcHeap.size > 0 || this.retries.size > 0 || this.pending.length > 0) return next;
    let wake = Math.min(Math.floor(this.nextArrival), this.rate.nextChangeAfter(s));
    if (this.pc) wake = Math.min(wake, Math.ceil(next / 60) * 60);
    return Math.max(next, wake);
  }

  /** Counter values already written to the series (the series holds per-interval increments). */
  recorded = { arrivals: 0, throttles: 0, coldStarts: 0, spillovers: 0 };

  /** Concurrency counted against reserved and account limits: allocated PC plus on-demand executions. */
  claimed(): number {
    return this.pcAlloc + this.odHeap.size;
  }

  /** Frees every environment whose execution ended by `time`. */
  release(time: number): void {
    while (this.pcHeap.size > 0 && this.pcHeap.peek() <= time) {
      this.pcHeap.pop();
      this.pcBusy--;
    }
    while (this.odHeap.size > 0 && this.odHeap.peek() <= time) {
      this.idle.pushBack(this.odHeap.pop());
      if (!this.reserved) this.pool.used--;
    }
  }

  /**
   * Finds an environment at `time` for an execution of `seconds`: provisioned first, then a warm
   * on-demand environment, then a new one (cold start) if the caps and the scaling bucket allow.
   */
  admit(time: number, seconds: number): Served {
    let result: Served;
    if (this.pcBusy < this.pcAlloc) {
      this.pcBusy++;
      this.pcHeap.push(time + seconds);
      this.provisionedBusySeconds += seconds;
      this.provisionedInvocations++;
      if (this.pcBusy > this.secondPcPeak) this.secondPcPeak = this.pcBusy;
      result = Served.Provisioned;
    } else {
      if (this.claimed() >= this.cap || (!this.reserved && this.pool.used >= this.pool.capacity)) return Served.Throttled;
      const idle = this.idle;
      if (idle.size > 0 && idle.back() >= time - this.keepAliveSeconds) {
        idle.popBack();
        result = Served.Warm;
      } else {
        if (idle.size > 0) idle.clear(); // the most recent idle one expired, so all did
        if (!takeToken(this.bucket, time)) return Served.Throttled;
        seconds += this.initSeconds;
        result = Served.Cold;
        this.coldStarts++;
      }
      this.odHeap.push(time + seconds);
      this.onDemandSeconds += seconds;
      if (!this.reserved) this.pool.used++;
      if (this.pc) this.spillovers++;
    }
    this.invocations++;
    this.minuteInvocations++;
    const busy = this.pcBusy + this.odHeap.size;
    if (busy > this.secondPeak) this.secondPeak = busy;
    return result;
  }

  /** True when the last drawn execution hit the function timeout. */
  timedOut = false;

  /** Draws an execution time: the fitted distribution, cut at the function timeout (sets `timedOut`). */
  drawExecution(): number {
    const s = drawServiceSeconds(this.service, this.serviceRng);
    this.timedOut = s > this.timeoutSeconds;
    return this.timedOut ? this.timeoutSeconds : s;
  }
}

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

/** Everything a run needs that is the same for every function. */
interface RunContext {
  readonly errorRate: number;
  readonly preparationSeconds: number;
}

/**
 * Simulates `workload` under `plan` (null: bare on-demand, no reserved or provisioned concurrency).
 * Second 0 is 00:00 in the plan's time zone (scheduled actions fire at their hour of that day).
 */
export function simulate(workload: Workload, plan: Plan | null, options: SimulationOptions = {}): SimulationResult {
  const seed = options.seed ?? SIMULATION_DEFAULTS.seed;
  const durationSeconds = Math.ceil(options.durationSeconds ?? Math.max(1, ...workload.functions.map((f) => defaultDurationSeconds(f.traffic))));
  if (!(durationSeconds > 0)) throw new RangeError(`durationSeconds must be > 0, got ${options.durationSeconds}`);
  const intervalSeconds = options.intervalSeconds ?? (durationSeconds <= SIMULATION_DEFAULTS.perSecondSeriesUpToSeconds ? 1 : 60);
  const intervals = options.series === false ? 0 : Math.ceil(durationSeconds / intervalSeconds);
  const ctx: RunContext = {
    errorRate: options.errorRate ?? SIMULATION_DEFAULTS.errorRate,
    preparationSeconds: options.provisionedPreparationSeconds ?? SIMULATION_DEFAULTS.provisionedPreparationSeconds,
  };
  const { capacities, notes } = capacitiesFor(workload, plan);
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
    const sim = new FunctionSim(spec, capacities[i], seed, bucket, pool, keepAliveSeconds, intervals);
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
      if (sim.pc) provisionedControl(sim, s, ctx);
      if (sim.sqs) sqsSecond(sim, s, ctx);
      else requestSecond(sim, s, ctx);
      endOfSecond(sim, s, interval);
      wakeAt[i] = sim.nextWake(s);
    }
    if (options.onProgress && s % progressEvery === 0) options.onProgress(s / durationSeconds);
  }
  options.onProgress?.(1);
  for (const sim of sims) setAllocation(sim, sim.pcAlloc, durationSeconds);

  const monthFactor = (HOURS_PER_MONTH * 3600) / durationSeconds;
  const summary: Record<string, FunctionSummary> = {};
  const reserved: Record<string, number | null> = {};
  sims.forEach((sim, i) => {
    const p = sim.prices;
    const costUsd =
      sim.gb * (sim.onDemandSeconds * p.onDemandGbSecond + sim.provisionedAllocSeconds * p.provisionedGbSecond + sim.provisionedBusySeconds * p.provisionedDurationGbSecond) +
      (sim.invocations * p.requestsPerMillion) / 1e6;
    summary[sim.name] = {
      arrivals: sim.arrivals,
      invocations: sim.invocations,
      throttles: sim.throttles,
      coldStarts: sim.coldStarts,
      spillovers: sim.spillovers,
      provisionedInvocations: sim.provisionedInvocations,
      errors: sim.errors,
      peakConcurrency: sim.peak,
      maxQueueAgeSeconds: sim.maxQueueAge,
      dlqMessages: sim.dlq,
      costUsd: roundMicro(costUsd),
      monthlyCostUsd: roundMicro(costUsd * monthFactor),
    };
    reserved[sim.name] = capacities[i].reservedConcurrency;
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

function roundMicro(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/** Provisioned concurrency at second 0: the bounds in force at 00:00 (the last action of the day), already allocated. */
function startProvisioned(sim: FunctionSim): void {
  const pc = sim.pc;
  if (!pc) return;
  const first = pc.schedule[0];
  const inForce = first.minuteOfDay === 0 ? first : pc.schedule[pc.schedule.length - 1];
  sim.scheduleIndex = first.minuteOfDay === 0 ? 0 : pc.schedule.length - 1;
  sim.pcMin = inForce.min;
  sim.pcMax = Math.max(inForce.min, inForce.max);
  sim.pcDesired = inForce.min;
  setAllocation(sim, inForce.min, 0);
}

function setAllocation(sim: FunctionSim, value: number, at: number): void {
  sim.provisionedAllocSeconds += sim.pcAlloc * (at - sim.pcAllocSince);
  sim.pcAllocSince = at;
  if (!sim.reserved) sim.pool.used += value - sim.pcAlloc;
  sim.pcAlloc = value;
}

/**
 * Per second: scheduled actions (at their minute of the day), target tracking (once a minute, on the
 * last minute's datapoint), and allocation of what was asked for after the preparation delay, at most
 * 6,000 environments per minute. Decreases take effect at once.
 */
function provisionedControl(sim: FunctionSim, s: number, ctx: RunContext): void {
  const pc = sim.pc as ProvisionedCapacity;
  if (s % 60 === 0) {
    if (s > 0) trackTarget(sim, pc);
    const minuteOfDay = (s / 60) % 1440;
    const action = pc.schedule.findIndex((a) => a.minuteOfDay === minuteOfDay);
    if (action >= 0 && action !== sim.scheduleIndex) {
      sim.scheduleIndex = action;
      sim.pcMin = pc.schedule[action].min;
      sim.pcMax = Math.max(pc.schedule[action].min, pc.schedule[action].max);
    }
    requestProvisioned(sim, s, ctx, Math.min(sim.pcMax, Math.max(sim.pcMin, sim.pcDesired)));
  }
  if (sim.pending.length > 0) {
    let room = LIMITS.provisionedAllocationPerMinute / 60;
    while (sim.pending.length > 0 && sim.pending[0].readyAt <= s && room > 0) {
      const p = sim.pending[0];
      const n = Math.min(p.amount, room);
      setAllocation(sim, sim.pcAlloc + n, s);
      room -= n;
      p.amount -= n;
      if (p.amount <= 0) sim.pending.shift();
    }
  }
}

/** Asks Application Auto Scaling for `desired` provisioned environments. */
function requestProvisioned(sim: FunctionSim, s: number, ctx: RunContext, desired: number): void {
  sim.pcDesired = desired;
  let coming = sim.pcAlloc + sim.pending.reduce((t, p) => t + p.amount, 0);
  if (desired > coming) {
    sim.pending.push({ readyAt: s + ctx.preparationSeconds, amount: desired - coming });
    return;
  }
  while (coming > desired && sim.pending.length > 0) {
    const last = sim.pending[sim.pending.length - 1];
    const cut = Math.min(last.amount, coming - desired);
    last.amount -= cut;
    coming -= cut;
    if (last.amount <= 0) sim.pending.pop();
  }
  if (sim.pcAlloc > desired) setAllocation(sim, desired, s);
}

/**
 * Application Auto Scaling target tracking on `ProvisionedConcurrencyUtilization` (1-minute datapoints,
 * no datapoint for a minute without invocations): scale out after 3 datapoints above the target,
 * scale in after 15 below 0.9 × target, to ceil(allocated × metric / target), within the scheduled bounds.
 */
function trackTarget(sim: FunctionSim, pc: ProvisionedCapacity): void {
  const value = sim.minuteInvocations > 0 ? (pc.statistic === 'Maximum' ? sim.minuteUtilMax : sim.minuteUtilSum / 60) : NaN;
  sim.minuteUtilSum = 0;
  sim.minuteUtilMax = 0;
  sim.minuteInvocations = 0;
  const target = pc.targetUtilization;
  if (target === null) return;
  const points = sim.datapoints;
  points.push(value);
  if (points.length > 15) points.shift();
  const last = (n: number) => points.length >= n && points.slice(-n).every((v) => !Number.isNaN(v));
  const wanted = Math.ceil(sim.pcAlloc * (value / target) - 1e-9);
  if (last(3) && points.slice(-3).every((v) => v > target)) {
    if (wanted > sim.pcDesired) sim.pcDesired = Math.min(sim.pcMax, wanted);
  } else if (last(15) && points.every((v) => v < 0.9 * target)) {
    if (wanted < sim.pcDesired) sim.pcDesired = Math.max(sim.pcMin, wanted);
  }
}

/** Sync and async requests of one second: retries due now, then Poisson arrivals at exact times. */
function requestSecond(sim: FunctionSim, s: number, ctx: RunContext): void {
  const due = sim.retries.get(s);
  if (due) {
    sim.retries.delete(s);
    for (const c of due) {
      let i = 0;
      while (i < c.count && handleRequest(sim, s, ctx, c.firstAt, c.attempt, c.errorRetries)) i++;
      // one attempt was throttled at this instant: nothing frees up or refills before the rest, so they are too
      const rest = c.count - i - 1;
      if (rest > 0) {
        sim.throttles += rest;
        scheduleRetry(sim, s + asyncBackoffSeconds(c.attempt), c.firstAt, c.attempt + 1, c.errorRetries, rest);
      }
    }
  }
  const lambda = sim.rate.rateAt(s);
  const rng = sim.arrivalsRng;
  if (lambda !== sim.arrivalRate || sim.nextArrival < s) {
    // the rate changed (or nothing was drawn yet): by memorylessness, draw afresh from now
    sim.arrivalRate = lambda;
    sim.nextArrival = lambda > 0 ? s + rng.exponential() / lambda : Infinity;
  }
  const end = s + 1;
  let t = sim.nextArrival;
  while (t < end) {
    sim.arrivals++;
    handleRequest(sim, t, ctx, t, 0, 0);
    t += rng.exponential() / lambda;
  }
  sim.nextArrival = t;
}

/** Async retry delay after `attempt` throttled attempts: 1 s doubling, at most 5 minutes. */
function asyncBackoffSeconds(attempt: number): number {
  return Math.min(SIMULATION_DEFAULTS.asyncBackoffMaxSeconds, SIMULATION_DEFAULTS.asyncBackoffMinSeconds * 2 ** attempt);
}

/** One request at time `t`; false when it was throttled (an async one is then queued for a retry). */
function handleRequest(sim: FunctionSim, t: number, ctx: RunContext, firstAt: number, attempt: number, errorRetries: number): boolean {
  const seconds = sim.drawExecution();
  const timedOut = sim.timedOut;
  sim.release(t);
  const served = sim.admit(t, seconds);
  if (served === Served.Throttled) {
    sim.throttles++;
    if (sim.invocation === 'async') scheduleRetry(sim, t + asyncBackoffSeconds(attempt), firstAt, attempt + 1, errorRetries, 1);
    return false;
  }
  const failed = timedOut || (ctx.errorRate > 0 && sim.otherRng.chance(ctx.errorRate));
  if (!failed) return true;
  sim.errors++;
  if (sim.invocation === 'async') {
    if (errorRetries < SIMULATION_DEFAULTS.asyncErrorRetries) {
      scheduleRetry(sim, t + seconds + SIMULATION_DEFAULTS.asyncErrorRetryDelaySeconds * (errorRetries + 1), firstAt, attempt, errorRetries + 1, 1);
    } else {
      sim.dlq++;
    }
  }
  return true;
}

/** Queues an async retry, or gives the event up (to the DLQ / on-failure destination) past the maximum event age. */
function scheduleRetry(sim: FunctionSim, at: number, firstAt: number, attempt: number, errorRetries: number, count: number): void {
  if (at - firstAt > LIMITS.asyncMaxEventAgeSeconds) {
    sim.dlq += count;
    return;
  }
  const second = Math.ceil(at);
  const list = sim.retries.get(second);
  const last = list?.[list.length - 1];
  if (last && last.attempt === attempt && last.errorRetries === errorRetries && Math.floor(last.firstAt) === Math.floor(firstAt)) {
    last.count += count;
    return;
  }
  const cohort: Cohort = { count, firstAt, attempt, errorRetries, visibleAt: second };
  if (list) list.push(cohort);
  else sim.retries.set(second, [cohort]);
}

/**
 * One second of an SQS mapping: messages arrive (Poisson), redeliveries become visible, pollers take
 * batches while they have concurrency, the function has room and a batch is ready (full, or the
 * batching window has passed), and as executions end within the second, pollers take more.
 * Pollers grow by 300 per minute while messages wait, from 5 up to min(1,250, maxConcurrency, reserved).
 */
function sqsSecond(sim: FunctionSim, s: number, ctx: RunContext): void {
  const sqs = sim.sqs as SqsCapacity;
  const n = sim.arrivalsRng.poisson(sim.rate.rateAt(s));
  if (n > 0) {
    sim.arrivals += n;
    sim.queue.push({ count: n, firstAt: s, attempt: 0, errorRetries: 0, visibleAt: s });
  }
  const back = sim.returning.get(s);
  if (back) {
    sim.returning.delete(s);
    for (const c of back) sim.redelivered.push(c);
  }
  let t = s;
  const end = s + 1;
  for (;;) {
    sim.release(t);
    while (sim.pcBusy + sim.odHeap.size < sim.pollerConcurrency && visibleCount(sim) > 0 && batchReady(sim, sqs, t)) {
      const seconds = sim.drawExecution();
      const served = sim.admit(t, seconds);
      if (served === Served.Throttled) {
        sim.throttles++;
        break;
      }
      receiveBatch(sim, sqs, t, sim.timedOut, ctx);
    }
    const next = Math.min(sim.pcHeap.peek(), sim.odHeap.peek());
    if (next >= end || visibleCount(sim) === 0) break;
    t = next;
  }
  const step = LIMITS.sqsScaleUpPerMinute / 60;
  sim.pollerConcurrency =
    visibleCount(sim) > 0
      ? Math.min(Math.max(sim.pollerCeiling, LIMITS.sqsInitialConcurrency), sim.pollerConcurrency + step)
      : Math.max(LIMITS.sqsInitialConcurrency, sim.pollerConcurrency - step);
}

function visibleCount(sim: FunctionSim): number {
  return sim.queue.count + sim.redelivered.count;
}

/** The queue whose first message is older, or undefined when both are empty. */
function oldestQueue(sim: FunctionSim): CohortQueue | undefined {
  const a = sim.queue.first();
  const b = sim.redelivered.first();
  if (!a) return b ? sim.redelivered : undefined;
  if (!b) return sim.queue;
  return b.firstAt < a.firstAt ? sim.redelivered : sim.queue;
}

function batchReady(sim: FunctionSim, sqs: SqsCapacity, t: number): boolean {
  if (sqs.maxBatchingWindowSeconds <= 0 || visibleCount(sim) >= sqs.batchSize) return true;
  const oldest = Math.min(sim.queue.first()?.visibleAt ?? Infinity, sim.redelivered.first()?.visibleAt ?? Infinity);
  return t - oldest >= sqs.maxBatchingWindowSeconds;
}

/**
 * Takes up to a batch of messages, oldest first. Failed messages (the function timed out, or errors at
 * `errorRate`, reported per item) come back after the visibility timeout, or go to the DLQ on their
 * maxReceiveCount-th receive.
 */
function receiveBatch(sim: FunctionSim, sqs: SqsCapacity, t: number, timedOut: boolean, ctx: RunContext): void {
  let want = sqs.batchSize;
  let anyFailed = timedOut;
  while (want > 0) {
    const q = oldestQueue(sim);
    if (!q) break;
    const c = q.first() as Cohort;
    const take = Math.min(want, c.count);
    c.count -= take;
    q.count -= take;
    if (c.count === 0) q.dropFirst();
    want -= take;
    const failed = timedOut ? take : sim.otherRng.binomial(take, ctx.errorRate);
    if (failed === 0) continue;
    anyFailed = true;
    if (c.attempt + 1 >= sqs.maxReceiveCount) {
      sim.dlq += failed;
      continue;
    }
    const at = Math.ceil(t + sqs.visibilityTimeoutSeconds);
    const list = sim.returning.get(at) ?? [];
    list.push({ count: failed, firstAt: c.firstAt, attempt: c.attempt + 1, errorRetries: 0, visibleAt: at });
    sim.returning.set(at, list);
  }
  if (anyFailed) sim.errors++;
}

/** Closes second `s`: frees what ended, reclaims idle environments past keep-alive, records metrics and series. */
function endOfSecond(sim: FunctionSim, s: number, interval: number): void {
  const end = s + 1;
  sim.release(end);
  if (sim.idle.size > 0) sim.idle.dropFrontBelow(end - sim.keepAliveSeconds);
  if (sim.secondPeak > sim.peak) sim.peak = sim.secondPeak;
  if (sim.pc && sim.pcAlloc > 0) {
    sim.minuteUtilSum += Math.min(1, sim.pcBusy / sim.pcAlloc);
    const peakUtil = Math.min(1, sim.secondPcPeak / sim.pcAlloc);
    if (peakUtil > sim.minuteUtilMax) sim.minuteUtilMax = peakUtil;
  }
  let oldestAge = 0;
  if (sim.sqs) {
    const q = oldestQueue(sim);
    oldestAge = q ? end - (q.first() as Cohort).firstAt : 0;
    if (oldestAge > sim.maxQueueAge) sim.maxQueueAge = oldestAge;
  }
  const series = sim.series;
  if (series && interval >= 0) {
    series.busy[interval] = Math.max(series.busy[interval], sim.secondPeak);
    series.warm[interval] = sim.pcAlloc + sim.odHeap.size + sim.idle.size;
    series.provisioned[interval] = sim.pcAlloc;
    series.queueDepth[interval] = visibleCount(sim);
    series.oldestAgeSeconds[interval] = Math.max(series.oldestAgeSeconds[interval], oldestAge);
    series.dlq[interval] = sim.dlq;
    const r = sim.recorded;
    series.arrivals[interval] += sim.arrivals - r.arrivals;
    series.throttles[interval] += sim.throttles - r.throttles;
    series.coldStarts[interval] += sim.coldStarts - r.coldStarts;
    series.spillovers[interval] += sim.spillovers - r.spillovers;
    r.arrivals = sim.arrivals;
    r.throttles = sim.throttles;
    r.coldStarts = sim.coldStarts;
    r.spillovers = sim.spillovers;
  }
  sim.secondPeak = sim.pcBusy + sim.odHeap.size;
  sim.secondPcPeak = sim.pcBusy;
}
