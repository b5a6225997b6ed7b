/**
 * Alarm rules: throttles, provisioned concurrency spillover and dead-letter queue depth are watched.
 */
import { LAMBDA_PC_NAMES } from '../../model';
import type { QueueNode } from '../graph';
import { COMPLIANT, defineRule, NOT_APPLICABLE, violation } from '../rule';
import { Unresolvable } from '../values';
import { label, reservedOf } from './common';

const throttleAlarm = defineRule({
  id: 'ThrottleAlarm',
  severity: 'warning',
  subject: 'function',
  check(fn) {
    const reserved = reservedOf(fn);
    const isReserved = typeof reserved === 'number' && reserved > 0;
    if (fn.syncSources.length === 0 && !isReserved) return NOT_APPLICABLE;
    if (fn.alarmMetrics.has('Throttles')) return COMPLIANT;
    const why = [...fn.syncSources.map((s) => `invoked by ${s}`), ...(isReserved ? [`reserved concurrency ${reserved}`] : [])];
    // MODEL §10: throttles of an SQS consumer are back-pressure; a queue-age alarm is the alarm that matters.
    const queues = fn.mappings.map((m) => m.queue).filter((q): q is QueueNode => q !== undefined && !(q instanceof Unresolvable));
    if (fn.syncSources.length === 0 && queues.length > 0) {
      if (queues.some((q) => q.alarmMetrics.has('ApproximateAgeOfOldestMessage'))) return COMPLIANT;
      return violation(fn.resource, [...fn.alarmMetrics], { function: label(fn.resource), why: why.join(', ') }, 'sqs');
    }
    return violation(fn.resource, [...fn.alarmMetrics], { function: label(fn.resource), why: why.join(', ') });
  },
});

const SPILLOVER_METRICS = [LAMBDA_PC_NAMES.spilloverMetric, LAMBDA_PC_NAMES.utilizationMetric];

const spilloverAlarm = defineRule({
  id: 'SpilloverAlarm',
  severity: 'warning',
  subject: 'function',
  check(fn) {
    if (fn.provisioned.length === 0 && fn.scalableTargets.length === 0) return NOT_APPLICABLE;
    if (SPILLOVER_METRICS.some((m) => fn.alarmMetrics.has(m))) return COMPLIANT;
    const holders = [...fn.provisioned.map((p) => p.resource), ...fn.scalableTargets.map((t) => t.resource)];
    return violation(holders[0], [...fn.alarmMetrics], { holder: label(holders[0]), function: label(fn.resource) }, undefined, holders.slice(1));
  },
});

const dlqDepthAlarm = defineRule({
  id: 'DlqDepthAlarm',
  severity: 'warning',
  subject: 'queue',
  check(q) {
    if (q.dlqOf.length === 0) return NOT_APPLICABLE;
    if (q.alarmMetrics.has('ApproximateNumberOfMessagesVisible')) return COMPLIANT;
    return violation(q.resource, [...q.alarmMetrics], { queue: label(q.resource), why: q.dlqOf.join(', ') });
  },
});

/** The alarms rules, in catalog order. */
export const ALARM_RULES = [throttleAlarm, spilloverAlarm, dlqDepthAlarm] as const;
