/**
 * Offered load (MODEL §1): Little's law, A = λ · E[S].
 */

/** Mean busy environments for `rps` requests/s of `durationMs` mean duration. */
export function offeredLoad(rps: number, durationMs: number): number {
  return (rps * durationMs) / 1000;
}

/**
 * Invocations per second of an SQS mapping for `messagesPerSecond` (MODEL §1, §7):
 * messages ÷ batch size, but a batching window fires at least every window when messages flow,
 * and never more invocations than messages.
 */
export function sqsBatchesPerSecond(messagesPerSecond: number, batchSize: number, maxBatchingWindowSeconds: number): number {
  if (messagesPerSecond <= 0) return 0;
  const full = messagesPerSecond / batchSize;
  if (maxBatchingWindowSeconds <= 0) return full;
  return Math.max(full, Math.min(messagesPerSecond, 1 / maxBatchingWindowSeconds));
}
