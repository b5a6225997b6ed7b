/**
 * The props checks of `SqsBufferedFunction` (MODEL §7): each prop against its AWS limit and the model's
 * invariants, and the values the construct settles on after defaults.
 */
import { Token } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import {
  DEFAULTS,
  LIMITS,
  requiredVisibilityTimeoutSeconds,
  SQS_BATCHING_WINDOW,
  SQS_FIFO_LIMITS,
  SQS_MAX_CONCURRENCY_WITHIN_RESERVED,
  SQS_ONE_POLLER_MODE,
  SQS_RESERVED_FLOOR,
  SQS_VISIBILITY_COVERS_BATCH,
  type Invariant,
  type MessageParams,
} from '../../lib/model';
import type { SqsBufferedFunctionProps } from '../sqs-buffered-function-props';
import { timeoutSecondsOf } from './function';
import { PropsCheck, isKnown, secondsOf } from './validate';

/** The values the construct settles on, after defaults. */
export interface Settled {
  readonly batchSize: number;
  readonly windowSeconds: number | undefined;
  readonly fifo: boolean;
  readonly maxReceiveCount: number;
  readonly requiredVisibilitySeconds: number | undefined;
  readonly maxQueueAgeSeconds: number | undefined;
}

/** Options that shape a new queue; with `queue` they belong on that queue instead. */
const NEW_QUEUE_ONLY = ['visibilityTimeout', 'maxReceiveCount', 'fifo', 'retentionPeriod', 'encryptionKey'] as const;

/** Construct paths of what the SQS rules name. */
export interface Names {
  readonly function: string;
  readonly queue: string;
  readonly mapping: string;
}

/** Asks `ask` about the invariants reserved concurrency must keep with SQS pollers: at least 5, and at least maxConcurrency. */
export function reservedInvariants(props: SqsBufferedFunctionProps, reserved: number, names: Names, ask: <V>(inv: Invariant<V>, values: V, names: MessageParams) => void): void {
  ask(SQS_RESERVED_FLOOR, { reserved }, { function: names.function });
  if (isKnown(props.maxConcurrency)) {
    ask(SQS_MAX_CONCURRENCY_WITHIN_RESERVED, { reserved, sum: props.maxConcurrency }, { function: names.function, mappings: `${names.mapping} ${props.maxConcurrency}` });
  }
}

/** The Duration props, checked before any is read. */
const DURATIONS = ['maxBatchingWindow', 'visibilityTimeout', 'retentionPeriod', 'maxQueueAge'] as const;

export function validate(check: PropsCheck, props: SqsBufferedFunctionProps, names: Names): Settled {
  // From JavaScript or a hand-made options object: wrong Durations and flags fail here, naming the prop.
  const durations = DURATIONS.map((key) => check.duration(key, props[key]));
  if (!durations.every(Boolean)) check.throwIfAny();
  check.oneOf('fifo', props.fifo, [true, false]);
  const queue = props.queue;
  for (const key of NEW_QUEUE_ONLY) {
    check.require(!(queue && props[key] !== undefined), `${key} shapes the queue the construct creates; set it on the queue you pass instead`);
  }
  const fifo = queue ? queue.fifo : props.fifo ?? false;
  const batchSize = props.batchSize ?? DEFAULTS.sqs.batchSize;
  const windowSeconds = props.maxBatchingWindow ? secondsOf(props.maxBatchingWindow) : 0;
  if (props.maxBatchingWindow && windowSeconds === undefined) check.unresolved('maxBatchingWindow', `between 0 and ${LIMITS.sqsMaxBatchingWindowSeconds} seconds`);

  check.range('batchSize', batchSize, 1, LIMITS.sqsMaxBatchStandard, { integer: true });
  check.range('maxBatchingWindow', windowSeconds, 0, LIMITS.sqsMaxBatchingWindowSeconds, { unit: 'seconds' });
  if (isKnown(batchSize) && isKnown(windowSeconds)) {
    check.invariant(fifo ? SQS_FIFO_LIMITS : SQS_BATCHING_WINDOW, { batchSize, windowSeconds }, { mapping: names.mapping, queue: names.queue });
  }
  check.range('maxConcurrency', props.maxConcurrency, LIMITS.sqsMaxConcurrencyMin, LIMITS.sqsMaxConcurrencyMax, { integer: true });
  const modes = { maxConcurrencySet: props.maxConcurrency !== undefined, provisionedPollersSet: props.provisionedPollers !== undefined };
  check.invariant(SQS_ONE_POLLER_MODE, modes, () => ({ mapping: names.mapping, maxConcurrency: String(props.maxConcurrency), pollers: JSON.stringify(props.provisionedPollers) }));
  const pollers = props.provisionedPollers;
  check.range('provisionedPollers.minimumPollers', pollers?.minimumPollers, LIMITS.sqsMinPollersMin, LIMITS.sqsMinPollersMax, { integer: true });
  check.range('provisionedPollers.maximumPollers', pollers?.maximumPollers, LIMITS.sqsMinPollersMin, LIMITS.sqsMaxPollersMax, { integer: true });
  if (isKnown(pollers?.minimumPollers) && isKnown(pollers?.maximumPollers)) {
    check.require(pollers.minimumPollers <= pollers.maximumPollers, `provisionedPollers.minimumPollers must be at most maximumPollers ${pollers.maximumPollers}, got ${pollers.minimumPollers}`);
  }

  const maxReceiveCount = queue?.deadLetterQueue?.maxReceiveCount ?? props.maxReceiveCount ?? DEFAULTS.sqs.maxReceiveCount;
  check.range(queue ? 'queue.deadLetterQueue.maxReceiveCount' : 'maxReceiveCount', maxReceiveCount, LIMITS.sqsMinMaxReceiveCount, 1000, { integer: true });
  if (props.retentionPeriod) check.range('retentionPeriod', secondsOf(props.retentionPeriod), 60, LIMITS.sqsMaxRetentionDays * 86400, { unit: 'seconds' });

  const timeoutSeconds = timeoutSecondsOf(props.function);
  if (timeoutSeconds === undefined) check.unresolved('function.timeout', 'covered by the visibility timeout');
  const required = isKnown(timeoutSeconds) && isKnown(windowSeconds) ? requiredVisibilityTimeoutSeconds(timeoutSeconds, windowSeconds) : undefined;
  const visibilityField = queue ? 'queue visibilityTimeout' : 'visibilityTimeout';
  const visibility = queue ? visibilityOf(queue) : props.visibilityTimeout ? secondsOf(props.visibilityTimeout) : required;
  if (visibility === undefined && (queue || props.visibilityTimeout)) check.unresolved(visibilityField, 'at least 6 x function timeout + batching window');
  if (isKnown(required) && isKnown(visibility) && isKnown(timeoutSeconds) && isKnown(windowSeconds)) {
    check.invariant(SQS_VISIBILITY_COVERS_BATCH, { visibilityTimeoutSeconds: visibility, timeoutSeconds, windowSeconds }, { queue: names.queue, function: names.function });
    check.require(visibility <= LIMITS.sqsMaxVisibilityTimeoutSeconds, `${visibilityField} must be at most ${LIMITS.sqsMaxVisibilityTimeoutSeconds} seconds (12 hours), got ${visibility}`);
  }
  if (queue) {
    check.require(queue.deadLetterQueue !== undefined, `queue ${queue.node.path} must have a deadLetterQueue; messages that keep failing would otherwise be retried until they expire`);
    check.require(queue.encryptionType !== sqs.QueueEncryption.UNENCRYPTED, `queue ${queue.node.path} must use server-side encryption, got ${queue.encryptionType}`);
  }
  const maxQueueAgeSeconds = props.maxQueueAge ? secondsOf(props.maxQueueAge) : DEFAULTS.sqs.maxQueueAgeSeconds;
  if (maxQueueAgeSeconds === undefined) check.warn('maxQueueAge.unresolved', 'maxQueueAge is a token, so no queue-age alarm was made; pass a Duration with a known value to get one');
  check.atLeast('maxQueueAge', maxQueueAgeSeconds, 1, { unit: 'seconds' });
  return { batchSize, windowSeconds, fifo, maxReceiveCount, requiredVisibilitySeconds: required, maxQueueAgeSeconds };
}

/** The queue's visibility timeout (the SQS default when it sets none); undefined when a token. */
function visibilityOf(queue: sqs.Queue): number | undefined {
  const value = (queue.node.defaultChild as sqs.CfnQueue).visibilityTimeout;
  if (value === undefined) return LIMITS.sqsDefaultVisibilityTimeoutSeconds;
  return Token.isUnresolved(value) ? undefined : value;
}
