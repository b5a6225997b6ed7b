/**
 * Linker: where failures go. Async on-failure destinations of functions, and which queues are dead-letter queues
 * (of another queue's redrive, a function's DLQ or on-failure destination).
 */
import { field, type Resolved, type Resource } from '../values';
import type { GraphLookup } from './lookup';
import type { QueueNode } from './nodes';

/** Adds EventInvokeConfig on-failure destinations to their functions, then marks every queue that is a DLQ. */
export function linkFailures(lookup: GraphLookup): void {
  for (const r of lookup.of('AWS::Lambda::EventInvokeConfig')) {
    const fn = lookup.knownFunction(r, r.property('FunctionName'));
    const destination = field(field(r.property('DestinationConfig'), 'OnFailure'), 'Destination');
    if (fn && destination !== undefined) fn.failureDestinations.push(destination);
  }
  // `dlqOf` of each queue as a set: a DLQ of many queues would make `includes` quadratic.
  const reasons = new Map<QueueNode, Set<string>>();
  const markDlq = (from: Resource, value: Resolved, why: string) => {
    const queue = lookup.knownQueue(from, value);
    if (!queue) return;
    const seen = reasons.get(queue) ?? new Set(queue.dlqOf);
    reasons.set(queue, seen);
    if (!seen.has(why)) queue.dlqOf.push(why);
    seen.add(why);
  };
  for (const queue of lookup.queues.values()) {
    const target = field(queue.redrive, 'deadLetterTargetArn');
    if (target === undefined) continue;
    queue.deadLetterQueue = lookup.knownQueue(queue.resource, target);
    queue.deadLetterQueue?.redrivenFrom.push(queue);
    markDlq(queue.resource, target, `redrive of ${queue.resource.logicalId}`);
  }
  for (const fn of lookup.functions.values()) {
    for (const d of fn.failureDestinations) markDlq(fn.resource, d, `failure destination of ${fn.resource.logicalId}`);
  }
}
