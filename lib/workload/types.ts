/**
 * Workload v1: what the user knows about their functions (traffic, durations, databases, targets).
 *
 * `WorkloadInput` mirrors the file (YAML or JSON, see schema/workload.schema.json); `Workload` is the
 * normalized form every consumer uses: defaults applied, traces loaded into an hourly profile.
 */

import type { Architecture, DatabaseEngine, Invocation } from '../model/types';

export type { Architecture, DatabaseEngine, Invocation };
/** Lambda's scale-out model (MODEL §8). */
export type ScalingModel = 'per-function' | 'regional-burst';

/** The account and region the functions share. */
export interface AccountSpec {
  readonly region: string;
  /** Account concurrency limit for the region. */
  readonly concurrencyLimit: number;
  /** Concurrency that must stay unreserved (AWS keeps at least 100). */
  readonly unreservedFloor: number;
  readonly scalingModel: ScalingModel;
}

/** Targets and settings that apply to every function unless it overrides them. */
export interface Defaults {
  /** Acceptable fraction of sync invocations throttled at peak. */
  readonly throttleTarget: number;
  /** Acceptable fraction of invocations that spill over provisioned concurrency. */
  readonly spilloverTarget: number;
  /** Growth provisioned concurrency is sized for, when the workload names it (else the planner takes it from the history). */
  readonly growthHeadroom?: number;
  /** IANA time zone of hourly profiles and schedules. */
  readonly timezone: string;
  readonly architecture: Architecture;
  /** How long an idle environment stays warm (AWS documents no value). */
  readonly keepAliveMinutes: number;
}

/** A database reached through an RDS Proxy. */
export interface DatabaseSpec {
  readonly engine: DatabaseEngine;
  /** `max_connections`; when absent it is estimated from `instanceClass`. */
  readonly maxConnections?: number;
  /** e.g. `db.r6g.large`, used when `maxConnections` is absent. */
  readonly instanceClass?: string;
  /** RDS Proxy `MaxConnectionsPercent` (1–100). */
  readonly maxConnectionsPercent: number;
  /** Fraction of the proxy pool kept free (AWS recommends 30%). */
  readonly headroom: number;
  /** Connections other clients hold through the proxy. */
  readonly otherClients: number;
}

/** One step of a piecewise-constant traffic scenario. */
export interface TrafficStep {
  readonly atSeconds: number;
  readonly rps: number;
}

/** Traffic as the user gave it. Exactly one of the forms. */
export interface TrafficInput {
  readonly peakRps?: number;
  readonly hourlyRps?: readonly number[];
  readonly trace?: {
    /** One file, or several read in order and joined day after day. */
    readonly file: string | readonly string[];
    readonly format: 'per-minute' | 'azure-2019';
    readonly function?: string;
    readonly durationsFile?: string;
    /** When minute 0 of the file happened: ISO 8601 with an offset. */
    readonly start?: string;
  };
  readonly steps?: readonly TrafficStep[];
}

/** Normalized traffic: every form yields an hourly profile. */
export interface Traffic {
  /** Which form the user gave. */
  readonly source: 'peakRps' | 'hourlyRps' | 'trace' | 'steps';
  /** Requests/s for each hour of the day (0–23, in `defaults.timezone`); for a trace, the peak minute of the hour. */
  readonly hourlyRps: readonly number[];
  readonly peakRps: number;
  /** Mean requests/s over the day (for `peakRps` alone: the peak, a conservative assumption). */
  readonly averageRps: number;
  /**
   * Invocations per minute, when the traffic came from a trace: whole days from 00:00 (1,440 values a
   * day), minutes without data filled by the coverage rule (see `unknownHours`).
   */
  readonly perMinute?: readonly number[];
  /** Local date (YYYY-MM-DD in `defaults.timezone`) of the trace's first minute, when the trace has a `start`. */
  readonly startDate?: string;
  /** Hours of the trace (day × 24 + hour) that had no data and were filled by the coverage rule. */
  readonly unknownHours?: readonly number[];
  /** Hours with data for only some minutes (the others took the hour's mean). */
  readonly partialHours?: readonly number[];
  /**
   * What reading the trace's files left unclear or changed, for the plan's notes: a file that ends before
   * the end of its day, files that do not join on whole weeks or days listed out of order, durations cut.
   */
  readonly notes?: readonly string[];
  /** The steps, when the traffic is a scenario. */
  readonly steps?: readonly TrafficStep[];
}

/** SQS settings a user may fix; the planner fills the rest. */
export interface SqsSpec {
  readonly batchSize?: number;
  readonly maxBatchingWindowSeconds?: number;
  readonly fifo: boolean;
  /** Target for the age of the oldest message (queue-age alarm and consumer sizing). */
  readonly maxQueueAgeSeconds: number;
  /** FIFO only: number of active message groups (caps concurrency). */
  readonly messageGroups?: number;
}

/** One function of the workload, normalized. */
export interface FunctionSpec {
  readonly name: string;
  readonly invocation: Invocation;
  readonly memoryMb: number;
  readonly timeoutSeconds: number;
  readonly durationMs: { readonly avg: number; readonly p99?: number };
  readonly initDurationMs: number;
  readonly traffic: Traffic;
  readonly latencySensitive: boolean;
  readonly architecture: Architecture;
  readonly throttleTarget: number;
  readonly spilloverTarget: number;
  /** Growth over the history its provisioned concurrency is sized for, when the workload names it (function, else defaults). */
  readonly growthHeadroom?: number;
  readonly database?: { readonly name: string; readonly connectionsPerEnvironment: number };
  readonly sqs?: SqsSpec;
}

/** A normalized workload: the planner's and the simulator's input. */
export interface Workload {
  readonly version: 1;
  readonly account: AccountSpec;
  readonly defaults: Defaults;
  readonly databases: Readonly<Record<string, DatabaseSpec>>;
  readonly functions: readonly FunctionSpec[];
}
