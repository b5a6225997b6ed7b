/**
 * SQS rules: event source mappings from a queue, the queue's visibility timeout and redrive, and the consuming function's concurrency.
 */
import {
  DEFAULTS,
  LIMITS,
  SQS_BATCHING_WINDOW,
  SQS_DLQ_QUEUE_TYPE,
  SQS_FIFO_LIMITS,
  SQS_MAX_CONCURRENCY_WITHIN_RESERVED,
  SQS_MAX_RECEIVE_COUNT,
  SQS_ONE_POLLER_MODE,
  SQS_RESERVED_FLOOR,
  SQS_VISIBILITY_COVERS_BATCH,
  violationOf,
} from '../../model';
import { readsSqs, type MappingNode, type QueueNode } from '../graph';
import { COMPLIANT, defineRule, NOT_APPLICABLE, unresolvable, violation } from '../rule';
import { field, isUnresolvable, plainValue, toNumber, Unresolvable } from '../values';
import { firstUnresolvable, label, reportsBatchItemFailures, reservedOf, verdict } from './common';

/** SQS mapping defaults: batch size 10, no batching window (Lambda defaults for SQS). */
function batchSizeOf(m: MappingNode): number | Unresolvable {
  return toNumber(m.resource.property('BatchSize'), `BatchSize of ${m.resource.logicalId}`) ?? DEFAULTS.sqs.batchSize;
}
function windowOf(m: MappingNode): number | Unresolvable {
  return toNumber(m.resource.property('MaximumBatchingWindowInSeconds'), `MaximumBatchingWindowInSeconds of ${m.resource.logicalId}`) ?? 0;
}
function maxConcurrencyOf(m: MappingNode): number | undefined | Unresolvable {
  return toNumber(field(m.resource.property('ScalingConfig'), 'MaximumConcurrency'), `MaximumConcurrency of ${m.resource.logicalId}`);
}

function mappingQueue(m: MappingNode): QueueNode | Unresolvable {
  if (m.queue === undefined) return new Unresolvable(`the queue of ${m.resource.logicalId} is not in the checked templates`);
  return m.queue;
}

const sqsVisibilityTimeout = defineRule({
  id: 'SqsVisibilityTimeout',
  severity: 'error',
  subject: 'sqsMapping',
  check(m) {
    const queue = mappingQueue(m);
    if (queue instanceof Unresolvable) return unresolvable(m.resource, queue.reason);
    if (!m.function) return unresolvable(m.resource, `the function of ${m.resource.logicalId} is not in the checked templates`);
    const visibility = toNumber(queue.resource.property('VisibilityTimeout'), `VisibilityTimeout of ${queue.resource.logicalId}`) ?? LIMITS.sqsDefaultVisibilityTimeoutSeconds;
    const timeout = m.function.timeoutSeconds;
    const window = windowOf(m);
    const unknown = firstUnresolvable(visibility, timeout, window);
    if (unknown) return unresolvable(queue.resource, unknown.reason);
    const fn = m.function;
    const values = { visibilityTimeoutSeconds: visibility as number, timeoutSeconds: timeout as number, windowSeconds: window as number };
    const broken = violationOf(SQS_VISIBILITY_COVERS_BATCH, values, () => ({ queue: label(queue.resource), function: label(fn.resource) }));
    if (!broken) return COMPLIANT;
    // Below the function timeout Lambda rejects the mapping (an error); up to 6 × timeout + window it is AWS's recommendation.
    return violation(queue.resource, visibility, broken.params, broken.variant, undefined, broken.variant === 'belowTimeout' ? undefined : 'warning');
  },
});

const sqsRedrivePolicy = defineRule({
  id: 'SqsRedrivePolicy',
  severity: 'error',
  subject: 'queue',
  check(q) {
    if (q.mappings.length === 0) return NOT_APPLICABLE;
    const redrive = q.redrive;
    if (redrive instanceof Unresolvable) return unresolvable(q.resource, `RedrivePolicy of ${q.resource.logicalId} is ${redrive.reason}`);
    const target = field(redrive, 'deadLetterTargetArn');
    if (isUnresolvable(target)) return COMPLIANT; // a DLQ exists, only its name is deploy-time
    if (target !== undefined) return COMPLIANT;
    const fns = q.mappings.map((m) => (m.function ? label(m.function.resource) : m.resource.logicalId)).join(', ');
    return violation(q.resource, redrive, { queue: label(q.resource), function: fns });
  },
});

const sqsMaxReceiveCount = defineRule({
  id: 'SqsMaxReceiveCount',
  severity: 'warning',
  subject: 'queue',
  check(q) {
    const redrive = q.redrive;
    // Receives counted while Lambda's pollers are throttled are the harm: a queue no mapping reads has other consumers.
    if (redrive === undefined || q.mappings.length === 0) return NOT_APPLICABLE;
    if (redrive instanceof Unresolvable) return unresolvable(q.resource, redrive.reason);
    const count = toNumber(field(redrive, 'maxReceiveCount'), `maxReceiveCount of ${q.resource.logicalId}`);
    if (count === undefined) return NOT_APPLICABLE;
    if (count instanceof Unresolvable) return unresolvable(q.resource, count.reason);
    return verdict(SQS_MAX_RECEIVE_COUNT, { maxReceiveCount: count }, q.resource, count, () => ({ queue: label(q.resource) }));
  },
});

const sqsPartialBatchResponse = defineRule({
  id: 'SqsPartialBatchResponse',
  severity: 'warning',
  subject: 'sqsMapping',
  check(m) {
    const batch = batchSizeOf(m);
    if (batch instanceof Unresolvable) return unresolvable(m.resource, batch.reason);
    if (batch <= 1) return NOT_APPLICABLE;
    if (reportsBatchItemFailures(m)) return COMPLIANT;
    return violation(m.resource, m.resource.property('FunctionResponseTypes'), { mapping: label(m.resource), batchSize: batch });
  },
});

const sqsMaxConcurrencyAboveReserved = defineRule({
  id: 'SqsMaxConcurrencyAboveReserved',
  severity: 'error',
  subject: 'function',
  check(fn) {
    const reserved = reservedOf(fn);
    const sqsMappings = fn.mappings.filter(readsSqs);
    const limits = sqsMappings.map(maxConcurrencyOf);
    if (reserved === undefined || limits.every((l) => l === undefined)) return NOT_APPLICABLE;
    const unknown = firstUnresolvable(reserved, ...limits);
    if (unknown) return unresolvable(fn.resource, unknown.reason);
    const sum = (limits as Array<number | undefined>).reduce<number>((s, l) => s + (l ?? 0), 0);
    const mappings = () => sqsMappings.map((m, i) => `${m.resource.logicalId} ${limits[i] ?? '-'}`).join(', ');
    return verdict(SQS_MAX_CONCURRENCY_WITHIN_RESERVED, { reserved: reserved as number, sum }, fn.resource, sum, () => ({ function: label(fn.resource), mappings: mappings() }), sqsMappings.map((m) => m.resource));
  },
});

const sqsReservedBelowFive = defineRule({
  id: 'SqsReservedBelowFive',
  severity: 'error',
  subject: 'function',
  check(fn) {
    const reserved = reservedOf(fn);
    if (!fn.mappings.some(readsSqs) || reserved === undefined) return NOT_APPLICABLE;
    if (reserved instanceof Unresolvable) return unresolvable(fn.resource, reserved.reason);
    return verdict(SQS_RESERVED_FLOOR, { reserved }, fn.resource, reserved, () => ({ function: label(fn.resource) }));
  },
});

const sqsBatchingWindowRequired = defineRule({
  id: 'SqsBatchingWindowRequired',
  severity: 'error',
  subject: 'sqsMapping',
  check(m) {
    const batch = batchSizeOf(m);
    if (batch instanceof Unresolvable) return unresolvable(m.resource, batch.reason);
    if (batch <= LIMITS.sqsBatchNeedingWindow) return NOT_APPLICABLE;
    // A FIFO mapping takes no batching window at all: SqsFifoLimits reports its batch size instead.
    if (m.queue !== undefined && !(m.queue instanceof Unresolvable) && m.queue.fifo === true) return NOT_APPLICABLE;
    const window = windowOf(m);
    if (window instanceof Unresolvable) return unresolvable(m.resource, window.reason);
    return verdict(SQS_BATCHING_WINDOW, { batchSize: batch, windowSeconds: window }, m.resource, window, () => ({ mapping: label(m.resource) }));
  },
});

const sqsFifoLimits = defineRule({
  id: 'SqsFifoLimits',
  severity: 'error',
  subject: 'sqsMapping',
  check(m) {
    const queue = mappingQueue(m);
    const fifo = queue instanceof Unresolvable ? queue : queue.fifo;
    if (fifo === false || fifo === undefined) return NOT_APPLICABLE;
    const batch = batchSizeOf(m);
    const window = windowOf(m);
    const unknown = firstUnresolvable(batch, window);
    if (unknown) return unresolvable(m.resource, unknown.reason);
    const values = { batchSize: batch as number, windowSeconds: window as number };
    if (SQS_FIFO_LIMITS.holds(values)) return COMPLIANT;
    if (fifo instanceof Unresolvable) return unresolvable(m.resource, `whether the queue is FIFO: ${fifo.reason}`);
    return verdict(SQS_FIFO_LIMITS, values, m.resource, { batchSize: batch, windowSeconds: window }, { mapping: label(m.resource), queue: label((queue as QueueNode).resource) });
  },
});

const sqsPollerModeConflict = defineRule({
  id: 'SqsPollerModeConflict',
  severity: 'error',
  subject: 'sqsMapping',
  check(m) {
    const max = field(m.resource.property('ScalingConfig'), 'MaximumConcurrency');
    const modes = { maxConcurrencySet: max !== undefined, provisionedPollersSet: m.resource.property('ProvisionedPollerConfig') !== undefined };
    const pollers = () => plainValue(m.resource.property('ProvisionedPollerConfig'));
    return verdict(SQS_ONE_POLLER_MODE, modes, m.resource, { MaximumConcurrency: plainValue(max), ProvisionedPollerConfig: pollers() }, () => ({ mapping: label(m.resource), maxConcurrency: String(plainValue(max)), pollers: JSON.stringify(pollers()) }));
  },
});

const sqsDlqQueueType = defineRule({
  id: 'SqsDlqQueueType',
  severity: 'error',
  subject: 'queue',
  check(q) {
    const dlq = q.deadLetterQueue;
    if (!dlq) return NOT_APPLICABLE;
    // FifoQueue unset is a standard queue.
    const unknown = firstUnresolvable(q.fifo, dlq.fifo);
    if (unknown) return unresolvable(q.resource, `whether ${q.resource.logicalId} and its dead-letter queue ${dlq.resource.logicalId} are FIFO: ${unknown.reason}`);
    const values = { fifo: q.fifo === true, dlqFifo: dlq.fifo === true };
    return verdict(SQS_DLQ_QUEUE_TYPE, values, q.resource, { FifoQueue: values.fifo, deadLetterQueueFifo: values.dlqFifo }, { queue: label(q.resource), dlq: label(dlq.resource) }, [dlq.resource]);
  },
});

const queueUrlAsArn = defineRule({
  id: 'QueueUrlAsArn',
  severity: 'error',
  subject: 'queue',
  check(q) {
    if (q.namedByUrl.length === 0) return NOT_APPLICABLE;
    return q.namedByUrl.map((n) => violation(n.resource, n.value, { resource: label(n.resource), queue: label(q.resource), property: n.property }, undefined, [q.resource]));
  },
});

/** The sqs rules, in catalog order. */
export const SQS_RULES = [sqsVisibilityTimeout, sqsRedrivePolicy, sqsMaxReceiveCount, sqsPartialBatchResponse, sqsMaxConcurrencyAboveReserved, sqsReservedBelowFive, sqsBatchingWindowRequired, sqsFifoLimits, sqsPollerModeConflict, sqsDlqQueueType, queueUrlAsArn] as const;
