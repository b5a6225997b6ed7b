/**
 * SQS event source mappings (MODEL §7).
 */
import { LIMITS } from './defaults';

/** Visibility timeout the queue needs: 6 × function timeout + maximum batching window. */
export function requiredVisibilityTimeoutSeconds(timeoutSeconds: number, maxBatchingWindowSeconds: number): number {
  return LIMITS.sqsVisibilityTimeoutFactor * timeoutSeconds + maxBatchingWindowSeconds;
}

/**
 * Poller concurrency of a standard queue `seconds` after messages start to wait:
 * 5 at once, then up to +300 per minute, bounded by min(1,250, maxConcurrency, reserved).
 */
export function sqsPollerConcurrencyAt(seconds: number, cap: number = LIMITS.sqsMaxPollerConcurrency): number {
  const ramp = LIMITS.sqsInitialConcurrency + Math.floor((Math.max(0, seconds) * LIMITS.sqsScaleUpPerMinute) / 60);
  return Math.min(ramp, cap, LIMITS.sqsMaxPollerConcurrency);
}

/**
 * Time to drain a backlog of `backlogMessages`: N / (c × batchSize / E[S] − λ_messages); Infinity
 * when the consumers cannot outpace arrivals.
 */
export function drainTimeSeconds(backlogMessages: number, consumers: number, batchSize: number, batchDurationSeconds: number, arrivalMessagesPerSecond: number): number {
  const net = (consumers * batchSize) / batchDurationSeconds - arrivalMessagesPerSecond;
  if (backlogMessages <= 0) return 0;
  return net > 0 ? backlogMessages / net : Infinity;
}
