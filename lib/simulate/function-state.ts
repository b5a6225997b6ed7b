/**
 * The state of one simulated function: its execution environments (provisioned, on-demand executing,
 * idle warm) and the caps on them, the run's totals, and what each subsystem keeps between seconds.
 * The subsystems' behaviour lives in their own modules (provisioned-control, sqs-pollers, requests);
 * the loop that drives them in engine.ts.
 */
import { LIMITS } from '../model';
import type { FunctionSpec } from '../workload/types';
import { sqsPollerCeiling } from './capacity';
import type { FunctionCapacity, ProvisionedCapacity, SqsCapacity } from './capacity';
import { Random, hashString } from './random';
import { drawServiceSeconds, fitServiceTime } from './service';
import type { ServiceTime } from './service';
import { CohortQueue, TimeDeque, TimeHeap } from './structures';
import type { Cohort } from './structures';
import { RateProfile } from './traffic';
import type { FunctionSeries } from './types';

/** Token bucket limiting how fast new environments appear (per function, or shared in the legacy model). */
export interface ScalingBucket {
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
export interface Pool {
  used: number;
  readonly capacity: number;
}

/** Everything a run needs that is the same for every function. */
export interface RunContext {
  readonly errorRate: number;
  readonly preparationSeconds: number;
}

/** Running totals of one function: what its summary reports, and the usage its cost is billed on. */
export class Totals {
  arrivals = 0;
  invocations = 0;
  throttles = 0;
  coldStarts = 0;
  spillovers = 0;
  provisionedInvocations = 0;
  errors = 0;
  dlq = 0;
  peak = 0;
  maxQueueAge = 0;
  onDemandSeconds = 0;
  provisionedBusySeconds = 0;
  /** Allocated provisioned environment-seconds up to `FunctionSim.pcAllocSince`. */
  provisionedAllocSeconds = 0;
}

/** What Application Auto Scaling keeps for the alias: bounds in force, the desired value, allocations on the way, metrics. */
export class ProvisionedState {
  desired = 0;
  min = 0;
  max = 0;
  /** Requested environments not yet allocated, in request order. */
  pending: { readyAt: number; amount: number }[] = [];
  scheduleIndex = -1;
  // Target tracking: this minute's accumulators and the last datapoints (NaN: no data).
  minuteUtilSum = 0;
  minuteUtilMax = 0;
  minuteInvocations = 0;
  datapoints: number[] = [];
  constructor(readonly capacity: ProvisionedCapacity) {}
}

/** The queue (new and redelivered messages) and the event source mapping's pollers. */
export class SqsState {
  readonly queue = new CohortQueue();
  readonly redelivered = new CohortQueue();
  /** Failed messages by the second their visibility timeout ends. */
  readonly returning = new Map<number, Cohort[]>();
  pollerConcurrency: number = LIMITS.sqsInitialConcurrency;
  constructor(
    readonly capacity: SqsCapacity,
    readonly pollerCeiling: number,
  ) {}

  /** Messages a poller can receive now. */
  visibleCount(): number {
    return this.queue.count + this.redelivered.count;
  }

  /** The queue whose first message is older, or undefined when both are empty. */
  oldestQueue(): CohortQueue | undefined {
    const a = this.queue.first();
    const b = this.redelivered.first();
    if (!a) return b ? this.redelivered : undefined;
    if (!b) return this.queue;
    return b.firstAt < a.firstAt ? this.redelivered : this.queue;
  }
}

/** Mutable state of one simulated function. */
export class FunctionSim {
  readonly name: string;
  readonly invocation: FunctionSpec['invocation'];
  readonly memoryMb: number;
  readonly architecture: FunctionSpec['architecture'];
  readonly rate: RateProfile;
  readonly service: ServiceTime;
  readonly initSeconds: number;
  readonly timeoutSeconds: number;
  readonly arrivalsRng: Random;
  readonly serviceRng: Random;
  readonly otherRng: Random;
  readonly cap: number;
  readonly reserved: boolean;
  readonly pcHeap = new TimeHeap();
  readonly odHeap = new TimeHeap();
  readonly idle = new TimeDeque();
  pcAlloc = 0;
  pcBusy = 0;
  pcAllocSince = 0;
  /** Most environments executing at once in the current second, and on provisioned ones. */
  secondPeak = 0;
  secondPcPeak = 0;
  readonly totals = new Totals();
  /** Provisioned concurrency on the alias; null: none configured. */
  readonly pc: ProvisionedState | null;
  /** The SQS mapping; null for sync and async functions. */
  readonly sqs: SqsState | null;
  /** Async retries keyed by the second they are due. */
  readonly retries = new Map<number, Cohort[]>();
  /** The next arrival (drawn at `arrivalRate`; redrawn when the rate changes, which Poisson arrivals allow). */
  nextArrival = Infinity;
  arrivalRate = 0;
  /** True when the last drawn execution hit the function timeout. */
  timedOut = false;
  /** Per-interval series; null when the run records none. */
  readonly series: FunctionSeries | null;
  /** Counter values already written to the series (the series holds per-interval increments). */
  readonly recorded = { arrivals: 0, throttles: 0, coldStarts: 0, spillovers: 0 };

  constructor(
    spec: FunctionSpec,
    capacity: FunctionCapacity,
    seed: number,
    readonly bucket: ScalingBucket,
    readonly pool: Pool,
    readonly keepAliveSeconds: number,
    series: FunctionSeries | null,
  ) {
    this.name = spec.name;
    this.invocation = spec.invocation;
    this.memoryMb = spec.memoryMb;
    this.architecture = spec.architecture;
    this.rate = new RateProfile(spec.traffic);
    this.service = fitServiceTime(spec.durationMs.avg, spec.durationMs.p99, spec.timeoutSeconds * 1000);
    this.initSeconds = spec.initDurationMs / 1000;
    this.timeoutSeconds = spec.timeoutSeconds;
    const h = hashString(spec.name);
    this.arrivalsRng = new Random(seed, h);
    this.serviceRng = new Random(seed, h ^ 0x5bd1e995);
    this.otherRng = new Random(seed, h ^ 0x1b873593);
    this.reserved = capacity.reservedConcurrency !== null;
    this.cap = capacity.reservedConcurrency ?? Infinity;
    this.pc = capacity.provisioned ? new ProvisionedState(capacity.provisioned) : null;
    this.sqs = capacity.sqs ? new SqsState(capacity.sqs, sqsPollerCeiling(capacity.sqs, capacity.reservedConcurrency)) : null;
    this.series = series;
  }

  /**
   * After second `s`: the next second in which something can happen. While anything executes, a queue
   * or retry waits, or provisioned concurrency is being allocated: the next second. Otherwise the next
   * arrival, the next change of the arrival rate, or (with provisioned concurrency) the next minute,
   * when schedules and target tracking act. Idle environments expire lazily.
   */
  nextWake(s: number): number {
    const next = s + 1;
    if (this.sqs || this.odHeap.size > 0 || this.pcHeap.size > 0 || this.retries.size > 0 || (this.pc !== null && this.pc.pending.length > 0)) return next;
    let wake = Math.min(Math.floor(this.nextArrival), this.rate.nextChangeAfter(s));
    if (this.pc) wake = Math.min(wake, Math.ceil(next / 60) * 60);
    return Math.max(next, wake);
  }

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
   * False when the invocation is throttled.
   */
  admit(time: number, seconds: number): boolean {
    const t = this.totals;
    if (this.pcBusy < this.pcAlloc) {
      this.pcBusy++;
      this.pcHeap.push(time + seconds);
      t.provisionedBusySeconds += seconds;
      t.provisionedInvocations++;
      if (this.pcBusy > this.secondPcPeak) this.secondPcPeak = this.pcBusy;
    } else {
      if (this.claimed() >= this.cap || (!this.reserved && this.pool.used >= this.pool.capacity)) return false;
      const idle = this.idle;
      if (idle.size > 0 && idle.back() >= time - this.keepAliveSeconds) {
        idle.popBack();
      } else {
        if (idle.size > 0) idle.clear(); // the most recent idle one expired, so all did
        if (!takeToken(this.bucket, time)) return false;
        seconds += this.initSeconds;
        t.coldStarts++;
      }
      this.odHeap.push(time + seconds);
      t.onDemandSeconds += seconds;
      if (!this.reserved) this.pool.used++;
      if (this.pc) t.spillovers++;
    }
    t.invocations++;
    if (this.pc) this.pc.minuteInvocations++;
    const busy = this.pcBusy + this.odHeap.size;
    if (busy > this.secondPeak) this.secondPeak = busy;
    return true;
  }

  /** Sets allocated provisioned concurrency to `value` at time `at`, billing what was allocated until then. */
  allocate(value: number, at: number): void {
    this.totals.provisionedAllocSeconds += this.pcAlloc * (at - this.pcAllocSince);
    this.pcAllocSince = at;
    if (!this.reserved) this.pool.used += value - this.pcAlloc;
    this.pcAlloc = value;
  }

  /** Draws an execution time: the fitted distribution, cut at the function timeout (sets `timedOut`). */
  drawExecution(): number {
    const s = drawServiceSeconds(this.service, this.serviceRng);
    this.timedOut = s > this.timeoutSeconds;
    return this.timedOut ? this.timeoutSeconds : s;
  }
}
