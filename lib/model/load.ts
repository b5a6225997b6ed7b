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

/**
 * Offered load of each minute of a per-minute rate series (requests/s per minute, a repeating day):
 * an environment that started up to one duration ago is still busy, so minute m's load is the rate
 * averaged over the trailing window of max(duration, 1 minute) ending with minute m, times the
 * duration. For durations under a minute it is the minute's own rate × duration (Little's law); for
 * long durations it smooths bursts the way the busy count does (M/G/∞ with fixed service time).
 */
export function minuteLoads(ratesPerSecond: readonly number[], durationMs: number): number[] {
  const n = ratesPerSecond.length;
  const windowMinutes = Math.max(1, durationMs / 60_000);
  if (n === 0) return [];
  const whole = Math.floor(windowMinutes);
  const part = windowMinutes - whole;
  const rate = (m: number) => ratesPerSecond[((m % n) + n) % n];
  // The `whole` minutes ending with m, plus `part` of the minute before them (summed afresh: O(n × window),
  // the window is at most 15 minutes for Lambda, and no running sum drifts below zero).
  const loads = new Array<number>(n);
  for (let m = 0; m < n; m++) {
    let sum = part * rate(m - whole);
    for (let k = 0; k < whole; k++) sum += rate(m - k);
    loads[m] = offeredLoad(sum / windowMinutes, durationMs);
  }
  return loads;
}
