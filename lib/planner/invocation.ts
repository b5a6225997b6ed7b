/**
 * What differs between invocation types, in one place: a strategy per invocation instead of branches.
 * Sync and async callers are sized for throttles (MODEL §2); an SQS consumer sees batches and is sized
 * for queue age, its throttles being back-pressure (MODEL §7).
 */
import { DEFAULTS, LIMITS, serversForBlocking, sqsBatchesPerSecond } from '../model';
import type { FunctionSpec, Invocation } from '../workload/types';
import { fmt } from './format';
import { draftSqs, type SqsDraft } from './sqs';

/** The planner's view of one invocation type. */
export interface InvocationStrategy {
  /** Unit of the invocation rate in rationale lines. */
  readonly unit: string;
  /** Whether throttles are failures a caller sees (predicted, flagged and alarmed) rather than back-pressure. */
  readonly throttlesAreFailures: boolean;
  /** Reserved concurrency this invocation type needs at least (0: none beyond 1). */
  readonly minimumReserved: number;
  /** Invocations per second for a request rate (SQS: batches per second). */
  rate(rps: number): number;
  /** Environments that keep throttles within the target at peak load; 0 when throttles are back-pressure. */
  throttleSizing(peakLoad: number, rationale: string[]): number;
  /** SQS settings before caps; null for direct invocations. */
  queue(peakLoad: number, peakInvocations: number, rationale: string[]): SqsDraft | null;
}

/** Sync and async: one invocation per request, sized for the throttle target. */
function direct(spec: FunctionSpec): InvocationStrategy {
  return {
    unit: 'rps',
    throttlesAreFailures: true,
    minimumReserved: 0,
    rate: (rps) => rps,
    throttleSizing(peakLoad, rationale) {
      const sizing = serversForBlocking(peakLoad, spec.throttleTarget);
      rationale.push(`throttle sizing ${sizing} = smallest C with ErlangB(C, ${fmt(peakLoad)}) <= ${spec.throttleTarget}`);
      return sizing;
    },
    queue: () => null,
  };
}

/** SQS: batches of messages, pollers starting at 5, sized for the queue-age target. */
function sqs(spec: FunctionSpec): InvocationStrategy {
  const fifo = spec.sqs?.fifo ?? false;
  const defaults = DEFAULTS.sqs;
  const batchSize = spec.sqs?.batchSize ?? (fifo ? Math.min(defaults.batchSize, LIMITS.sqsMaxBatchFifo) : defaults.batchSize);
  // Lambda rejects a standard-queue batch above 10 without a window of at least 1 s.
  const windowSeconds = spec.sqs?.maxBatchingWindowSeconds ?? (!fifo && batchSize > LIMITS.sqsBatchNeedingWindow ? 1 : defaults.maxBatchingWindowSeconds);
  return {
    unit: 'batches/s',
    throttlesAreFailures: false,
    minimumReserved: LIMITS.sqsMinReserved,
    rate: (rps) => sqsBatchesPerSecond(rps, batchSize, windowSeconds),
    throttleSizing: () => 0,
    queue: (peakLoad, peakBatches, rationale) => draftSqs(spec, batchSize, windowSeconds, peakLoad, peakBatches, rationale),
  };
}

const STRATEGIES: Readonly<Record<Invocation, (spec: FunctionSpec) => InvocationStrategy>> = { sync: direct, async: direct, sqs };

/** The strategy of a function's invocation type. */
export function strategyFor(spec: FunctionSpec): InvocationStrategy {
  return STRATEGIES[spec.invocation](spec);
}
