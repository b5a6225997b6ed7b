/**
 * The invariants of Lambda scaling, each written once: the id of its finding in the catalog, a pure
 * predicate over numbers, and the parameters of its message. The planner's findings, the constructs'
 * prop checks and the template rules all ask these; the words live in the one text table
 * (lib/findings/text), so a broken invariant reads alike wherever it is found.
 */
import type { PlanFindingId, RuleId } from '../findings';
import { reservableConcurrency } from './account';
import { DEFAULTS, LIMITS } from './defaults';
import { requiredVisibilityTimeoutSeconds } from './sqs';

/** Values and names that fill a message's `{placeholders}`. */
export type MessageParams = Readonly<Record<string, string | number>>;

/** One invariant over the values `V`. */
export interface Invariant<V> {
  /** The finding id (and text) of a violation. */
  readonly id: RuleId | PlanFindingId;
  /** True when the values satisfy the invariant. */
  holds(values: V): boolean;
  /** Parameters of the violation message: the values and the limits they break. */
  params(values: V): MessageParams;
  /** The message variant for these values; `default` when absent. */
  variant?(values: V): string;
}

/** A broken invariant: what a planner finding, a construct error and a rule violation are made of. */
export interface InvariantViolation {
  readonly id: RuleId | PlanFindingId;
  readonly variant: string;
  readonly params: MessageParams;
}

/**
 * The violation of `invariant` by `values`, or undefined when it holds. `names` adds what the caller
 * calls the subjects (function, queue, …) and may restate a value as the caller shows it; a function
 * of them is called only when the invariant is broken.
 */
export function violationOf<V>(invariant: Invariant<V>, values: V, names: MessageParams | (() => MessageParams) = {}): InvariantViolation | undefined {
  if (invariant.holds(values)) return undefined;
  const named = typeof names === 'function' ? names() : names;
  return { id: invariant.id, variant: invariant.variant?.(values) ?? 'default', params: { ...invariant.params(values), ...named } };
}

/** Keeps the value type of an invariant literal. */
function invariant<V>(definition: Invariant<V>): Invariant<V> {
  return definition;
}

/** The SQS pollers start 5 concurrent invokes; less reserved concurrency throttles them from the start (MODEL §7). */
export const SQS_RESERVED_FLOOR = invariant({
  id: 'SqsReservedBelowFive',
  holds: (v: { reserved: number }) => v.reserved >= LIMITS.sqsMinReserved,
  params: (v) => ({ reserved: v.reserved, minimum: LIMITS.sqsMinReserved }),
});

/** Σ MaximumConcurrency of a function's SQS mappings must fit its reserved concurrency (MODEL §7). */
export const SQS_MAX_CONCURRENCY_WITHIN_RESERVED = invariant({
  id: 'SqsMaxConcurrencyAboveReserved',
  holds: (v: { reserved: number; sum: number }) => v.sum <= v.reserved,
  params: (v) => ({ reserved: v.reserved, sum: v.sum }),
});

/** Visibility timeout ≥ 6 × function timeout + batching window (MODEL §7); below the timeout alone is worse. */
export const SQS_VISIBILITY_COVERS_BATCH = invariant({
  id: 'SqsVisibilityTimeout',
  holds: (v: { visibilityTimeoutSeconds: number; timeoutSeconds: number; windowSeconds: number }) =>
    v.visibilityTimeoutSeconds >= requiredVisibilityTimeoutSeconds(v.timeoutSeconds, v.windowSeconds),
  params: (v) => ({ ...v, requiredSeconds: requiredVisibilityTimeoutSeconds(v.timeoutSeconds, v.windowSeconds) }),
  variant: (v) => (v.visibilityTimeoutSeconds < v.timeoutSeconds ? 'belowTimeout' : 'default'),
});

/** Redrive after at least 5 receives, so batches that were only throttled are retried. */
export const SQS_MAX_RECEIVE_COUNT = invariant({
  id: 'SqsMaxReceiveCount',
  holds: (v: { maxReceiveCount: number }) => v.maxReceiveCount >= LIMITS.sqsMinMaxReceiveCount,
  params: (v) => ({ maxReceiveCount: v.maxReceiveCount, minimum: LIMITS.sqsMinMaxReceiveCount }),
});

/** A standard-queue batch above 10 needs a batching window of at least 1 s (Lambda rejects the mapping). */
export const SQS_BATCHING_WINDOW = invariant({
  id: 'SqsBatchingWindowRequired',
  holds: (v: { batchSize: number; windowSeconds: number }) => v.batchSize <= LIMITS.sqsBatchNeedingWindow || v.windowSeconds >= 1,
  params: (v) => ({ batchSize: v.batchSize, windowSeconds: v.windowSeconds }),
});

/** A FIFO mapping takes a batch of at most 10 and no batching window. */
export const SQS_FIFO_LIMITS = invariant({
  id: 'SqsFifoLimits',
  holds: (v: { batchSize: number; windowSeconds: number }) => v.batchSize <= LIMITS.sqsMaxBatchFifo && v.windowSeconds === 0,
  params: (v) => ({ batchSize: v.batchSize, windowSeconds: v.windowSeconds }),
});

/** A queue and its dead-letter queue are of one type: both FIFO or both standard (SQS rejects the redrive policy otherwise). */
export const SQS_DLQ_QUEUE_TYPE = invariant({
  id: 'SqsDlqQueueType',
  holds: (v: { fifo: boolean; dlqFifo: boolean }) => v.fifo === v.dlqFifo,
  params: (v) => ({ type: v.fifo ? 'a FIFO' : 'a standard', dlqType: v.dlqFifo ? 'a FIFO' : 'a standard' }),
});

/** MaximumConcurrency (on-demand pollers) and provisioned pollers exclude each other. */
export const SQS_ONE_POLLER_MODE = invariant({
  id: 'SqsPollerModeConflict',
  holds: (v: { maxConcurrencySet: boolean; provisionedPollersSet: boolean }) => !(v.maxConcurrencySet && v.provisionedPollersSet),
  params: () => ({}),
});

/** Provisioned concurrency never above reserved concurrency (MODEL §3; CloudFormation fails the deploy). */
export const PROVISIONED_WITHIN_RESERVED = invariant({
  id: 'ProvisionedExceedsReserved',
  holds: (v: { provisioned: number; reserved: number }) => v.provisioned <= v.reserved,
  params: (v) => ({ provisioned: v.provisioned, reserved: v.reserved }),
});

/** Utilization targets a target tracking policy may aim at. */
const TARGET_LIMITS = { low: LIMITS.targetUtilizationMin, high: LIMITS.targetUtilizationMax };

/** A scalable target's (or scheduled action's) MinCapacity ≤ MaxCapacity. */
export const CAPACITY_BOUNDS = invariant({
  id: 'ScalableTargetBounds',
  holds: (v: { min: number; max: number }) => v.min <= v.max,
  params: (v) => ({ ...TARGET_LIMITS, min: v.min, max: v.max }),
});

/** A scheduled action's MinCapacity ≤ MaxCapacity. */
export const SCHEDULED_CAPACITY_BOUNDS: Invariant<{ min: number; max: number }> = { ...CAPACITY_BOUNDS, variant: () => 'schedule' };

/** A target tracking utilization target within 0.1–0.9. */
export const UTILIZATION_TARGET_RANGE = invariant({
  id: 'ScalableTargetBounds',
  holds: (v: { targetValue: number }) => v.targetValue >= TARGET_LIMITS.low && v.targetValue <= TARGET_LIMITS.high,
  params: (v) => ({ ...TARGET_LIMITS, targetValue: v.targetValue }),
  variant: () => 'target',
});

/** Σ reserved concurrency of an account and region ≤ limit − unreserved floor (MODEL §6). */
export const ACCOUNT_RESERVED_BUDGET = invariant({
  id: 'AccountConcurrencyBudget',
  holds: (v: { reservedTotal: number; concurrencyLimit: number; unreservedFloor: number }) => v.reservedTotal <= reservableConcurrency(v.concurrencyLimit, v.unreservedFloor),
  params: (v) => {
    const reservable = reservableConcurrency(v.concurrencyLimit, v.unreservedFloor);
    return { ...v, reservable, excess: v.reservedTotal - reservable, minimumLimit: v.reservedTotal + v.unreservedFloor };
  },
});

/** Reserved concurrency 0 throttles every invocation. */
export const RESERVED_NOT_ZERO = invariant({
  id: 'ReservedConcurrencyZero',
  holds: (v: { reserved: number }) => v.reserved !== 0,
  params: () => ({}),
});

/** Σ reserved × connections of a proxy's functions ≤ its Lambda connection budget (MODEL §5). */
export const PROXY_BUDGET = invariant({
  id: 'ProxyPoolOversubscribed',
  holds: (v: { used: number; budget: number }) => v.used <= v.budget,
  params: (v) => ({ used: v.used, budget: v.budget }),
});

/** The functions' peak request rates ≤ the account's 10 × concurrency limit requests per second. */
export const ACCOUNT_REQUEST_RATE = invariant({
  id: 'AccountRequestRate',
  holds: (v: { peakRps: number; rpsLimit: number }) => v.peakRps <= v.rpsLimit,
  params: (v) => ({ peakRps: v.peakRps, rpsLimit: v.rpsLimit }),
});

/** A function on a database gets at least one environment of its connection budget. */
export const DATABASE_SHARE_NOT_ZERO = invariant({
  id: 'DatabaseBudgetExhausted',
  holds: (v: { reserved: number }) => v.reserved > 0,
  params: () => ({}),
});

/** A database share at least the reserved concurrency a function wants. */
export const DATABASE_SHARE_COVERS_NEED = invariant({
  id: 'ReservedCappedByDatabase',
  holds: (v: { reserved: number; wanted: number }) => v.reserved >= v.wanted,
  params: (v) => ({ reserved: v.reserved, wanted: v.wanted }),
});

/** Provisioned concurrency of every hour under the ceiling reserved concurrency leaves it. */
export const PROVISIONED_UNCAPPED = invariant({
  id: 'ProvisionedCappedByReserved',
  holds: (v: { wanted: number; ceiling: number }) => v.wanted <= v.ceiling,
  params: (v) => ({ wanted: v.wanted, ceiling: v.ceiling }),
});

/** The timeout covers the p99 duration. */
export const TIMEOUT_COVERS_P99 = invariant({
  id: 'TimeoutBelowP99',
  holds: (v: { p99Ms: number; timeoutSeconds: number }) => v.p99Ms <= v.timeoutSeconds * 1000,
  params: (v) => ({ p99Ms: v.p99Ms, timeoutSeconds: v.timeoutSeconds, minimumTimeoutSeconds: Math.ceil(v.p99Ms / 1000) }),
});

/** P(a message waits longer than the queue-age target) within `DEFAULTS.sqs.queueAgeExceedProbability` at peak (MODEL §7). */
export const QUEUE_AGE_TARGET = invariant({
  id: 'SqsQueueAgeTarget',
  holds: (v: { exceedProbability: number }) => v.exceedProbability <= DEFAULTS.sqs.queueAgeExceedProbability,
  params: (v) => ({ exceedProbability: v.exceedProbability }),
  variant: (v) => (v.exceedProbability >= 1 ? 'backlog' : 'default'),
});
