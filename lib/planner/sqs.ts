/**
 * SQS consumers (MODEL §7): maxConcurrency for the queue-age target, then the settings under reserved.
 */
import type { Finding } from '../findings';
import { DEFAULTS, LIMITS, QUEUE_AGE_TARGET, SQS_RESERVED_FLOOR, requiredVisibilityTimeoutSeconds, serversForWait, violationOf, waitExceedProbability } from '../model';
import type { FunctionSpec } from '../workload/types';
import { planFinding } from './findings';
import { fmt, roundLoad, roundProbability } from './format';
import type { SqsPlan } from './types';

/** SQS settings a function wants before reserved concurrency caps them. */
export interface SqsDraft {
  readonly batchSize: number;
  readonly maxBatchingWindowSeconds: number;
  readonly maxConcurrency: number;
  readonly peakBatchesPerSecond: number;
}

/** maxConcurrency: the fewest consumers whose wait exceeds the queue-age target rarely enough, within AWS's range. */
export function draftSqs(spec: FunctionSpec, batchSize: number, windowSeconds: number, peakLoad: number, peakBatches: number, rationale: string[]): SqsDraft {
  const defaults = DEFAULTS.sqs;
  const durationMs = spec.durationMs.avg;
  const maxQueueAgeSeconds = spec.sqs?.maxQueueAgeSeconds ?? defaults.maxQueueAgeSeconds;
  const consumers = serversForWait(peakLoad, durationMs / 1000, maxQueueAgeSeconds, defaults.queueAgeExceedProbability);
  let maxConcurrency = Math.min(LIMITS.sqsMaxConcurrencyMax, Math.max(LIMITS.sqsMaxConcurrencyMin, consumers));
  let why = `maxConcurrency ${maxConcurrency} = smallest c > A with ErlangC(c, ${fmt(peakLoad)}) x e^(-(c - A) x ${maxQueueAgeSeconds} s / ${durationMs} ms) <= ${defaults.queueAgeExceedProbability} (queue-age target ${maxQueueAgeSeconds} s), within ${LIMITS.sqsMaxConcurrencyMin}-${LIMITS.sqsMaxConcurrencyMax}`;
  if (spec.sqs?.fifo && spec.sqs.messageGroups !== undefined && spec.sqs.messageGroups < maxConcurrency) {
    maxConcurrency = Math.max(LIMITS.sqsMaxConcurrencyMin, spec.sqs.messageGroups);
    why += `; FIFO: capped at ${spec.sqs.messageGroups} active message groups`;
  }
  rationale.push(why);
  return { batchSize, maxBatchingWindowSeconds: windowSeconds, maxConcurrency, peakBatchesPerSecond: peakBatches };
}

/** SQS settings under the reserved cap (MODEL §7). */
export function planSqs(spec: FunctionSpec, draft: SqsDraft, peakLoad: number, reserved: number, rationale: string[], findings: Finding[]): SqsPlan {
  const maxQueueAgeSeconds = spec.sqs?.maxQueueAgeSeconds ?? DEFAULTS.sqs.maxQueueAgeSeconds;
  let maxConcurrency = draft.maxConcurrency;
  if (reserved < maxConcurrency) {
    maxConcurrency = Math.max(LIMITS.sqsMaxConcurrencyMin, reserved);
    rationale.push(`maxConcurrency lowered to ${maxConcurrency} to stay within reserved ${reserved}`);
  }
  const starved = violationOf(SQS_RESERVED_FLOOR, { reserved });
  if (starved) findings.push(planFinding(starved, 'error', spec.name, reserved));
  const exceed = waitExceedProbability(maxConcurrency, peakLoad, spec.durationMs.avg / 1000, maxQueueAgeSeconds);
  const late = violationOf(QUEUE_AGE_TARGET, { exceedProbability: exceed }, { exceedProbability: roundProbability(exceed), maxConcurrency, maxQueueAgeSeconds });
  if (late) findings.push(planFinding(late, 'warning', spec.name, maxConcurrency));
  const visibilityTimeoutSeconds = Math.min(
    LIMITS.sqsMaxVisibilityTimeoutSeconds,
    requiredVisibilityTimeoutSeconds(spec.timeoutSeconds, draft.maxBatchingWindowSeconds),
  );
  rationale.push(
    `batchSize ${draft.batchSize}, maxBatchingWindowSeconds ${draft.maxBatchingWindowSeconds}${spec.sqs?.batchSize === undefined ? ' (defaults)' : ' (given)'}; ${fmt(draft.peakBatchesPerSecond)} batches/s at peak`,
  );
  rationale.push(`visibilityTimeoutSeconds ${visibilityTimeoutSeconds} = 6 x timeout ${spec.timeoutSeconds} s + window ${draft.maxBatchingWindowSeconds} s`);
  rationale.push(`maxReceiveCount ${DEFAULTS.sqs.maxReceiveCount} (at least 5 so throttled batches are retried), DLQ retention ${DEFAULTS.sqs.dlqRetentionDays} days`);
  return {
    batchSize: draft.batchSize,
    maxBatchingWindowSeconds: draft.maxBatchingWindowSeconds,
    maxConcurrency,
    visibilityTimeoutSeconds,
    maxReceiveCount: DEFAULTS.sqs.maxReceiveCount,
    dlqRetentionDays: DEFAULTS.sqs.dlqRetentionDays,
    fifo: spec.sqs?.fifo ?? false,
    maxQueueAgeSeconds,
    peakBatchesPerSecond: roundLoad(draft.peakBatchesPerSecond),
    queueAgeExceedProbability: roundProbability(exceed),
  };
}
