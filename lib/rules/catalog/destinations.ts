/**
 * Failure destination rules: what keeps the events a function fails on, and for how long.
 */
import { LIMITS } from '../../model';
import { COMPLIANT, defineRule, NOT_APPLICABLE, unresolvable, violation } from '../rule';
import { toNumber, Unresolvable, type Resource } from '../values';
import { firstUnresolvable, label } from './common';
import { SERVICE_DEFAULTS } from './limits';

const asyncFailureDestination = defineRule({
  id: 'AsyncFailureDestination',
  severity: 'warning',
  subject: 'function',
  check(fn) {
    if (fn.asyncSources.length === 0) return NOT_APPLICABLE;
    if (fn.failureDestinations.length > 0) return COMPLIANT;
    return violation(fn.resource, undefined, { function: label(fn.resource), why: fn.asyncSources.join(', ') });
  },
});

const dlqRetention = defineRule({
  id: 'DlqRetention',
  severity: 'warning',
  subject: 'queue',
  check(dlq) {
    // A FIFO queue's messages start a new retention period in the DLQ; a standard queue's keep their enqueue time.
    const sources = dlq.redrivenFrom.filter((q) => q.fifo !== true);
    if (sources.length === 0) return NOT_APPLICABLE;
    const kept = retentionOf(dlq.resource);
    const retentions = sources.map((q) => retentionOf(q.resource));
    const unknown = firstUnresolvable(kept, ...retentions, ...sources.map((q) => q.fifo));
    if (unknown) return unresolvable(dlq.resource, unknown.reason);
    const longest = Math.max(...(retentions as number[]));
    if ((kept as number) > longest) return COMPLIANT;
    const outlived = sources.filter((_, i) => (retentions[i] as number) >= (kept as number));
    const params = { dlq: label(dlq.resource), queues: outlived.map((q) => label(q.resource)).join(', '), dlqSeconds: kept as number, queueSeconds: longest, maxSeconds: LIMITS.sqsMaxRetentionDays * 86400 };
    // A source queue that keeps messages 14 days leaves no longer retention for its DLQ: the source's must come down.
    return violation(dlq.resource, kept, params, longest >= params.maxSeconds ? 'sourceAtMaximum' : undefined, outlived.map((q) => q.resource));
  },
});

/** A queue's MessageRetentionPeriod, the SQS default when not set. */
function retentionOf(queue: Resource): number | Unresolvable {
  return toNumber(queue.property('MessageRetentionPeriod'), `MessageRetentionPeriod of ${queue.logicalId}`) ?? SERVICE_DEFAULTS.sqsRetentionSeconds;
}

/** The destinations rules, in catalog order. */
export const DESTINATION_RULES = [asyncFailureDestination, dlqRetention] as const;
