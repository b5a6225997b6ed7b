/**
 * Plan v1: what the planner computes for every function (see ARCHITECTURE.md "Plan").
 * Serialized with `JSON.stringify(plan, null, 2)`; field order is part of the byte-identical guarantee.
 */
import type { Finding } from '../findings';
import type { AlarmThresholds, Architecture, Invocation, ScheduleTime } from '../model';

/** One scheduled action of Application Auto Scaling on the alias. */
export interface ScheduledActionPlan {
  /** e.g. `h09` for the block starting at 09:00. */
  readonly name: string;
  /** `cron(0 9 * * ? *)` */
  readonly cron: string;
  /** When `cron` fires, as data (lib/model/schedule); derived from `cron`, never written to the plan file. */
  readonly when: ScheduleTime;
  readonly timezone: string;
  readonly min: number;
  readonly max: number;
}

/** Provisioned concurrency on the function's alias. */
export interface ProvisionedPlan {
  /** Scalable target lower bound (the smallest scheduled minimum). */
  readonly min: number;
  /** Scalable target upper bound. */
  readonly max: number;
  /**
   * Target tracking target for `ProvisionedConcurrencyUtilization`; null: no target tracking (the
   * schedule alone, min = max each block), for PC too small for tracking to step in 10% increments.
   */
  readonly targetUtilization: number | null;
  /** `Average` (predefined metric) or `Maximum` (custom metric, for spiky traffic). */
  readonly statistic: 'Average' | 'Maximum';
  /** Growth over the history the schedule was sized for (0.1: 10% more traffic at the same shape); the planner always writes it, older plan files lack it. */
  readonly growthHeadroom?: number;
  /**
   * Growth the schedule absorbs before some hour misses the spillover target, without target tracking's
   * help (whole percent, at most 1 = 100%); 0 when an hour misses already (PC capped by reserved).
   */
  readonly growthAbsorbed?: number;
  /**
   * Provisioned environments per hour of day (before merging into the schedule); for a plan by day of
   * the week, each hour's largest value over the week.
   */
  readonly hourly: readonly number[];
  /** Plans by day of the week only: environments per hour of the week, 168 values from Monday 00:00 in the schedule's time zone. */
  readonly weekly?: readonly number[];
  readonly schedule: readonly ScheduledActionPlan[];
}

/** Event source mapping and queue settings for an SQS-triggered function. */
export interface SqsPlan {
  readonly batchSize: number;
  readonly maxBatchingWindowSeconds: number;
  /** Event source mapping `ScalingConfig.MaximumConcurrency`. */
  readonly maxConcurrency: number;
  readonly visibilityTimeoutSeconds: number;
  readonly maxReceiveCount: number;
  readonly dlqRetentionDays: number;
  readonly fifo: boolean;
  readonly maxQueueAgeSeconds: number;
  /** Invocations (batches) per second at peak. */
  readonly peakBatchesPerSecond: number;
  /** Predicted P(message waits longer than maxQueueAgeSeconds) at peak with `maxConcurrency` consumers. */
  readonly queueAgeExceedProbability: number;
}

/** Alarm thresholds derived from the plan (MODEL §10); null where an alarm does not apply. */
export type AlarmsPlan = AlarmThresholds;

/** Monthly cost in USD (730 h), list prices, no free tier or tiered discounts. */
export interface MonthlyCost {
  readonly provisioned: number;
  readonly onDemand: number;
  readonly requests: number;
  readonly total: number;
}

/** What the plan predicts at peak. */
export interface Predicted {
  /** Erlang B at the reserved cap and peak load (sync callers see this as 429s). */
  readonly throttleProbability: number;
  /** Fraction of invocations above provisioned concurrency at the busiest hour; null without PC. */
  readonly spilloverProbability: number | null;
  readonly monthlyCostUsd: MonthlyCost;
}

/** The plan for one function. */
export interface FunctionPlan {
  readonly name: string;
  readonly invocation: Invocation;
  readonly memoryMb: number;
  readonly timeoutSeconds: number;
  readonly architecture: Architecture;
  /** Offered load in busy environments (A = λ·E[S]). */
  readonly offeredLoad: { readonly peak: number; readonly average: number; readonly hourly: readonly number[] };
  readonly reservedConcurrency: number;
  readonly provisioned: ProvisionedPlan | null;
  readonly sqs: SqsPlan | null;
  readonly alarms: AlarmsPlan;
  readonly predicted: Predicted;
  /** One line per planned number: how it was computed. */
  readonly rationale: readonly string[];
}

/** The Lambda connection budget of one database behind an RDS Proxy. */
export interface DatabasePlan {
  readonly name: string;
  readonly maxConnections: number;
  /** True when `maxConnections` was derived from the instance class (an estimate). */
  readonly maxConnectionsEstimated: boolean;
  readonly maxConnectionsPercent: number;
  readonly proxyPool: number;
  readonly lambdaBudget: number;
  /** Σ reserved × connectionsPerEnvironment of its functions; never above `lambdaBudget`. */
  readonly connectionsUsed: number;
  readonly functions: readonly string[];
  readonly rationale: readonly string[];
}

/** Plan v1. */
export interface Plan {
  readonly version: 1;
  readonly account: {
    readonly region: string;
    readonly concurrencyLimit: number;
    readonly unreservedFloor: number;
    readonly scalingModel: string;
    readonly reservedTotal: number;
    readonly unreservedRemaining: number;
    readonly claimedAlarmThreshold: number;
  };
  readonly functions: readonly FunctionPlan[];
  readonly databases: readonly DatabasePlan[];
  readonly findings: readonly Finding[];
  /** Assumptions stated once for the whole plan (prices, estimates). */
  readonly notes: readonly string[];
}
