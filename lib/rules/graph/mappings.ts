/**
 * Linker: event source mappings ↔ their function and SQS queue.
 */
import { partsOf, ResourceRef, Unresolvable, type Resolved } from '../values';
import type { GraphLookup } from './lookup';
import type { MappingNode } from './nodes';

/** Links SQS (and unclassifiable) event source mappings to their function and queue. */
export function linkMappings(lookup: GraphLookup): MappingNode[] {
  const out: MappingNode[] = [];
  for (const r of lookup.of('AWS::Lambda::EventSourceMapping')) {
    const fn = lookup.functionNamed(r, r.property('FunctionName'));
    const source = r.property('EventSourceArn');
    if (r.property('StartingPosition') !== undefined || eventSourceKind(source) === 'other') continue;
    const queueResource = lookup.resourceNamed(r, source, 'AWS::SQS::Queue');
    const queue = queueResource instanceof Unresolvable ? queueResource : queueResource && lookup.queues.get(queueResource);
    const node: MappingNode = { resource: r, function: fn instanceof Unresolvable ? undefined : fn, queue };
    if (node.function) node.function.mappings.push(node);
    if (queue && !(queue instanceof Unresolvable)) queue.mappings.push(node);
    out.push(node);
  }
  return out;
}

/** Whether an event source ARN is an SQS queue, something else (stream, broker), or not known before deploy. */
function eventSourceKind(source: Resolved): 'sqs' | 'other' | 'unknown' {
  if (source === undefined) return 'other';
  if (source instanceof ResourceRef) return source.resource.type === 'AWS::SQS::Queue' ? 'sqs' : 'other';
  const text = (partsOf(source) ?? []).map((p) => (typeof p === 'string' ? p : '\u0000')).join('');
  const service = /^arn:[^:]*:([^:]+):/.exec(text)?.[1];
  if (service === undefined || service === '\u0000') return 'unknown';
  return service === 'sqs' ? 'sqs' : 'other';
}
