/**
 * Linker: where failures go. Async on-failure destinations of functions, and which queues are dead-letter queues
 * (of another queue's redrive, a function's DLQ or on-failure destination, an event source mapping's on-failure
 * destination, the target of an EventBridge Scheduler schedule or an EventBridge rule, an SNS subscription's
 * redrive policy). A destination that is not
 * a queue of the templates (an SNS topic, an S3 bucket) is no queue to watch.
 */
import { field, jsonDocument, toArray, type Resolved, type Resource } from '../values';
import type { GraphLookup } from './lookup';
import { readsStream } from './mappings';
import type { MappingNode, QueueNode } from './nodes';

/** Adds EventInvokeConfig on-failure destinations to their functions, then marks every queue that is a DLQ. */
export function linkFailures(lookup: GraphLookup, mappings: readonly MappingNode[]): void {
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
  for (const m of mappings) {
    const destination = field(field(m.resource.property('DestinationConfig'), 'OnFailure'), 'Destination');
    const what = readsStream(m) ? 'stream' : m.kind === 'kafka' ? 'Kafka' : 'event source';
    if (destination !== undefined) markDlq(m.resource, destination, `on-failure destination of ${what} mapping ${m.resource.logicalId}`);
  }
  for (const r of lookup.of('AWS::Scheduler::Schedule')) {
    markDlq(r, field(field(r.property('Target'), 'DeadLetterConfig'), 'Arn'), `dead-letter queue of EventBridge Scheduler schedule ${r.logicalId}`);
  }
  for (const r of lookup.of('AWS::Events::Rule')) {
    for (const t of toArray(r.property('Targets'))) markDlq(r, field(field(t, 'DeadLetterConfig'), 'Arn'), `dead-letter queue of EventBridge rule ${r.logicalId}`);
  }
  for (const r of lookup.of('AWS::SNS::Subscription')) {
    markDlq(r, field(redrivePolicyOf(r), 'deadLetterTargetArn'), `dead-letter queue of SNS subscription ${r.logicalId}`);
  }
}

/**
 * A resource's `RedrivePolicy` (a queue's or an SNS subscription's): an object, or the JSON text CloudFormation also
 * accepts, literal or built with `Fn::Sub` / `Fn::Join` (its references kept: the DLQ of `"${DLQ.Arn}"` is linked).
 */
export function redrivePolicyOf(r: Resource): Resolved {
  return jsonDocument(r.property('RedrivePolicy'), `RedrivePolicy of ${r.logicalId}`);
}
