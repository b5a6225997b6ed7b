/**
 * Named defaults and AWS service limits of the scaling model (MODEL.md). Code, docs and tests share
 * this one object; every value a user can override is in `DEFAULTS`, every AWS fact in `LIMITS`.
 */

/** Defaults the workload file may override. */
export const DEFAULTS = {
  /** MODEL §2: acceptable fraction of sync invocations throttled at peak. */
  throttleTarget: 0.001,
  /** MODEL §3: acceptable spillover for latency-sensitive functions. */
  spilloverTarget: 0.05,
  timezone: 'UTC',
  architecture: 'arm64',
  scalingModel: 'per-function',
  /** MODEL §6: AWS default account limit per region. */
  concurrencyLimit: 1000,
  /** MODEL §6: AWS keeps at least 100 unreserved (`min(100, limit)` for tiny accounts). */
  unreservedFloor: 100,
  /** MODEL §8: AWS documents no keep-alive; 10 minutes is our assumption. */
  keepAliveMinutes: 10,
  /** MODEL §3: target tracking target when traffic is unknown. */
  targetUtilization: 0.7,
  /** MODEL §5: RDS Proxy MaxConnectionsPercent default. */
  maxConnectionsPercent: 100,
  /** MODEL §5: AWS recommends 30% headroom over observed peak. */
  headroom: 0.3,
  otherClients: 0,
  connectionsPerEnvironment: 1,
  /** MODEL §8: cold start when the workload gives none. */
  initDurationMs: 0,
  sqs: {
    batchSize: 10,
    maxBatchingWindowSeconds: 0,
    /** MODEL §7: queue-age target when none is given. */
    maxQueueAgeSeconds: 300,
    /** MODEL §7: acceptable P(wait > maxQueueAgeSeconds) for consumer sizing. */
    queueAgeExceedProbability: 0.01,
    /** MODEL §7: redrive at least 5 receives. */
    maxReceiveCount: 5,
    /** DLQ retention: the SQS maximum, so nothing is lost before someone looks. */
    dlqRetentionDays: 14,
  },
  alarms: {
    /** MODEL §10: ConcurrentExecutions ≥ 80% of reserved. */
    concurrencyFraction: 0.8,
    /** MODEL §10: spillover alarm at 2 × the spillover target. */
    spilloverFactor: 2,
    /** MODEL §10: PC utilization (Maximum) above 0.9 means under-provisioned. */
    provisionedUtilization: 0.9,
    /** MODEL §10: ClaimedAccountConcurrency ≥ 70% of the account limit. */
    claimedAccountFraction: 0.7,
    throttlePeriodSeconds: 60,
    throttleEvaluationPeriods: 5,
    throttleDatapointsToAlarm: 5,
  },
  /**
   * MODEL §3: growth over the history that provisioned concurrency is sized for, when the workload names
   * none and the history gives no level forecast (a per-minute trace with a start and 7+ days) and no
   * second week to measure its own week-over-week level change on (with one, that change is used, never
   * below this floor). On the first held-out bench (25 functions at their recorded levels, bench/README.md)
   * it kept the function carrying 80% of the spend at its target at 1.007 x the held-out oracle.
   */
  growthHeadroom: 0.1,
  /**
   * Growth headroom over the level forecast, when a week of history with a start gives one
   * (lib/planner/headroom.ts): the forecast takes the trend, this margin the noise around it. Measured on
   * `bench:plan-quality --held-out`: margin 0 left 35 of the 37 top-spend functions at target, 0.05 and
   * 0.10 36 (0.05 at 2.3% less spend on them).
   */
  growthForecastMargin: 0.05,
  /** Largest growth headroom taken from a history's week-over-week change (a doubling week is an event, not a trend). */
  growthHeadroomMax: 0.5,
  /** MODEL §3: AWS suggests a 10% buffer over typical peak. */
  provisionedBuffer: 0.1,
  /**
   * MODEL §3: PC is allocated after 1–2 minutes' preparation, so a scheduled action that raises PC fires
   * this many minutes before the hour it serves.
   */
  provisionedLeadMinutes: 2,
  /**
   * PC sizing from a trace: each hour is sized for its own minutes and the minutes this far either side of
   * it (lib/planner/samples.ts), so traffic that moves a few minutes across an hour boundary from one day
   * to the next finds PC on both sides (issue #22: a batch moving ±10 minutes).
   */
  scheduleJitterMinutes: 10,
  /**
   * MODEL §3: Application Auto Scaling scales in only to a scheduled action's max, so an action that lowers
   * PC under target tracking sets max = min (scaling in to the block's PC) and a second action this many
   * minutes later restores max (min + buffer): the smallest step of a cron, so tracking's hedge is off for
   * one minute. Without it the capacity stays where the busier hour before left it (tracking at u* ≤ 0.9
   * never scales in at the ~0.95 utilization a schedule sized by Erlang B runs at).
   */
  provisionedScaleInMinutes: 1,
  /**
   * Smallest peak PC that gets target tracking: below it one environment is more than the 10% buffer, a
   * scale-out on one busy minute costs ≥ 1/P more, and an idle function never scales back in.
   */
  targetTrackingMinProvisioned: 10,
  /**
   * Plans by day of the week: a trace with a start and at least this many days of history gets a week
   * profile (with fewer, a weekday has no second sample and the daily plan is kept).
   */
  weekProfileMinDays: 7,
  /**
   * Plans by day of the week: two days are planned alike (their minutes pooled, one schedule) when their
   * PC needs over the day differ by at most `day` of the larger, and no hour's by more than `hour` of the
   * larger or 2 environments: one day of history per weekday is noisy (drift, Poisson), and pooled days
   * are sized from more data; a weekend at a fraction of the weekdays, or a weekly batch, stays apart.
   * An hour matches the other day's same hour or the hour beside it (a burst that moves minutes across an
   * hour boundary), and a difference confined to `oneOffHours` neighbouring clock hours (one busy hour on
   * either side of an hour boundary) does not keep days apart: one busy hour alone is a spike, not a block.
   * `oneOffHour`: how far one day's hour must be above every other day's (and their hours beside it) to
   * be a one-off left out of its group's sizing — tighter than `hour`, which says which days are alike: a
   * 30-minute spike at 4 x the calls raised a 9-environment hour to 14-16, within 50% of the others, and
   * the group's pooled sizing then raised that hour on every weekday (issue #22, third pass: 8 of 100
   * functions on the held-out bench).
   */
  weekDayMerge: { day: 0.25, hour: 0.5, environments: 2, oneOffHours: 2, oneOffHour: 0.2 },
  /**
   * Plans by day of the week (issue #22): with at least this many whole weeks of history (7-day windows from
   * the trace's first day; a trailing partial week takes no part), a difference between two days keeps them
   * apart only when it recurs in every week, and an hour of one day of one week above all the others is a
   * one-off left out of its group's sizing. With fewer, `weekDayMerge` alone decides on the pooled history.
   */
  weekRecurrenceMinWeeks: 2,
} as const;

/** AWS facts the model depends on, each with its source. */
export const LIMITS = {
  /** lambda-concurrency: unreserved concurrency AWS keeps free. */
  minUnreserved: 100,
  /** gettingstarted-limits: requests/s per account = 10 × concurrency limit. */
  rpsPerConcurrency: 10,
  /** scaling-behavior: per-function scale-out of 1,000 environments every 10 s. */
  perFunctionScaleStep: 1000,
  perFunctionScaleIntervalSeconds: 10,
  /** scaling-behavior (legacy): +500 environments per minute after the burst. */
  legacyScalePerMinute: 500,
  /** provisioned-concurrency: allocation up to 6,000 environments per minute per function. */
  provisionedAllocationPerMinute: 6000,
  /** application-auto-scaling: target tracking target must be in this range for our plans. */
  targetUtilizationMin: 0.1,
  targetUtilizationMax: 0.9,
  /**
   * Bounds the workload schema sets (and the constructs apply, so work stays bounded): the largest account
   * concurrency limit (hence reserved concurrency), database `max_connections` (PostgreSQL's maximum,
   * 262,143) and connections one execution environment holds.
   */
  maxConcurrencyLimit: 1_000_000,
  maxDatabaseConnections: 262_143,
  maxConnectionsPerEnvironment: 1000,
  /** application-auto-scaling-quotas: scheduled actions per scalable target (not adjustable). */
  scheduledActionsPerTarget: 200,
  /** services-sqs-scaling: pollers start at 5, add up to 300/min, up to 1,250. */
  sqsInitialConcurrency: 5,
  sqsScaleUpPerMinute: 300,
  sqsMaxPollerConcurrency: 1250,
  /** services-sqs-scaling: MaximumConcurrency range. */
  sqsMaxConcurrencyMin: 2,
  sqsMaxConcurrencyMax: 1000,
  /** services-sqs-parameters: batch size limits. */
  sqsMaxBatchStandard: 10000,
  sqsMaxBatchFifo: 10,
  /** Batch sizes above 10 need a batching window of at least 1 s. */
  sqsBatchNeedingWindow: 10,
  sqsMaxBatchingWindowSeconds: 300,
  /** services-sqs-configure: visibility ≥ 6 × timeout + window. */
  sqsVisibilityTimeoutFactor: 6,
  /** SQS: visibility timeout maximum (12 h). */
  sqsMaxVisibilityTimeoutSeconds: 43200,
  /** services-sqs-configure: redrive maxReceiveCount of at least 5. */
  sqsMinMaxReceiveCount: 5,
  /** SQS: retention maximum 14 days. */
  sqsMaxRetentionDays: 14,
  /** Provisioned pollers (2025). */
  sqsMinPollersMin: 2,
  sqsMinPollersMax: 200,
  sqsMaxPollersMax: 2000,
  /** A reserved concurrency below 5 starves the SQS pollers. */
  sqsMinReserved: 5,
  /** Lambda timeout maximum. */
  lambdaMaxTimeoutSeconds: 900,
  /** configuration-timeout: a function without Timeout stops after 3 s. */
  lambdaDefaultTimeoutSeconds: 3,
  /** configuration-memory: a function without MemorySize gets 128 MB. */
  lambdaDefaultMemoryMb: 128,
  /** SQS CreateQueue: VisibilityTimeout is 30 s when a queue sets none. */
  sqsDefaultVisibilityTimeoutSeconds: 30,
  lambdaMinMemoryMb: 128,
  lambdaMaxMemoryMb: 10240,
  /** async: retried for up to 6 h with backoff 1 s → 5 min. */
  asyncMaxEventAgeSeconds: 21600,
  /**
   * Input bound, not an AWS quota: the largest account concurrency limit a workload may state. AWS raises
   * limits to tens of thousands on request; a million is far beyond any granted.
   */
  maxAccountConcurrency: 1_000_000,
  /** Input bound: the largest account busy with the shortest invocations Lambda bills (1 ms): 1e9 requests/s. */
  maxRequestsPerSecond: 1_000_000_000,
  /** Input bound: the longest simulation, 31 days (a month of per-minute history). */
  maxSimulatedSeconds: 31 * 86400,
} as const;

/** Legacy regional burst (MODEL §8), by region; every other region gets `LEGACY_BURST_DEFAULT`. */
export const LEGACY_BURST: Readonly<Record<string, number>> = {
  'us-east-1': 3000,
  'us-west-2': 3000,
  'eu-west-1': 3000,
  'ap-northeast-1': 1000,
  'eu-central-1': 1000,
  'us-east-2': 1000,
};
/** Legacy burst of regions not in {@link LEGACY_BURST}. */
export const LEGACY_BURST_DEFAULT = 500;

/** Legacy initial burst concurrency of a region (MODEL §8). */
export function legacyBurstLimit(region: string): number {
  return Object.hasOwn(LEGACY_BURST, region) ? LEGACY_BURST[region] : LEGACY_BURST_DEFAULT;
}

/** Unreserved floor AWS enforces for an account limit: `min(100, limit)`. */
export function defaultUnreservedFloor(concurrencyLimit: number): number {
  return Math.min(LIMITS.minUnreserved, concurrencyLimit);
}
