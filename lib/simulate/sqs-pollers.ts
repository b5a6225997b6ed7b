/**
 * An SQS event source mapping (MODEL §8): messages arrive (Poisson), pollers take batches while they
 * have concurrency and a batch is ready, failed messages come back after the visibility timeout or go
 * to the DLQ, and the pollers scale with the backlog.
 */
import { LIMITS } from '../model';
import type { FunctionSim, RunContext, SqsState } from './function-state';
import type { Cohort } from './structures';

/**
 * One second of an SQS mapping: messages arrive (Poisson), redeliveries become visible, pollers take
 * batches while they have concurrency, the function has room and a batch is ready (full, or the
 * batching window has passed), and as executions end within the second, pollers take more.
 * Pollers grow by 300 per minute while messages wait, from 5 up to min(1,250, maxConcurrency, reserved).
 */
export function sqsSecond(sim: FunctionSim, sqs: SqsState, s: number, ctx: RunContext): void {
  const n = sim.arrivalsRng.poisson(sim.rate.rateAt(s));
  if (n > 0) {
    sim.totals.arrivals += n;
    sqs.queue.push({ count: n, firstAt: s, attempt: 0, errorRetries: 0, visibleAt: s });
  }
  const back = sqs.returning.get(s);
  if (back) {
    sqs.returning.delete(s);
    for (const c of back) sqs.redelivered.push(c);
  }
  let t = s;
  const end = s + 1;
  for (;;) {
    sim.release(t);
    while (sim.pcBusy + sim.odHeap.size < sqs.pollerConcurrency && sqs.visibleCount() > 0 && batchReady(sqs, t)) {
      const seconds = sim.drawExecution();
      if (!sim.admit(t, seconds)) {
        sim.totals.throttles++;
        break;
      }
      receiveBatch(sim, sqs, t, sim.timedOut, ctx);
    }
    const next = Math.min(sim.pcHeap.peek(), sim.odHeap.peek());
    if (next >= end || sqs.visibleCount() === 0) break;
    t = next;
  }
  const step = LIMITS.sqsScaleUpPerMinute / 60;
  sqs.pollerConcurrency =
    sqs.visibleCount() > 0
      ? Math.min(Math.max(sqs.pollerCeiling, LIMITS.sqsInitialConcurrency), sqs.pollerConcurrency + step)
      : Math.max(LIMITS.sqsInitialConcurrency, sqs.pollerConcurrency - step);
}

/** A batch is ready when it is full, there is no batching window, or the oldest message waited the window out. */
function batchReady(sqs: SqsState, t: number): boolean {
  const { batchSize, maxBatchingWindowSeconds } = sqs.capacity;
  if (maxBatchingWindowSeconds <= 0 || sqs.visibleCount() >= batchSize) return true;
  const oldest = Math.min(sqs.queue.first()?.visibleAt ?? Infinity, sqs.redelivered.first()?.visibleAt ?? Infinity);
  return t - oldest >= maxBatchingWindowSeconds;
}

/**
 * Takes up to a batch of messages, oldest first. Failed messages (the function timed out, or errors at
 * `errorRate`, reported per item) come back after the visibility timeout, or go to the DLQ on their
 * maxReceiveCount-th receive.
 */
function receiveBatch(sim: FunctionSim, sqs: SqsState, t: number, timedOut: boolean, ctx: RunContext): void {
  let want = sqs.capacity.batchSize;
  let anyFailed = timedOut;
  while (want > 0) {
    const q = sqs.oldestQueue();
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
    if (c.attempt + 1 >= sqs.capacity.maxReceiveCount) {
      sim.totals.dlq += failed;
      continue;
    }
    const at = Math.ceil(t + sqs.capacity.visibilityTimeoutSeconds);
    const list = sqs.returning.get(at) ?? [];
    list.push({ count: failed, firstAt: c.firstAt, attempt: c.attempt + 1, errorRetries: 0, visibleAt: at });
    sqs.returning.set(at, list);
  }
  if (anyFailed) sim.totals.errors++;
}

/** Age at `end` of the oldest visible message (0 when none waits). */
export function oldestMessageAge(sqs: SqsState, end: number): number {
  const q = sqs.oldestQueue();
  return q ? end - (q.first() as Cohort).firstAt : 0;
}
