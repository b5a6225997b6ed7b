/**
 * Linker: event source mappings ↔ their function and source, the source told apart by evidence: a reference to
 * a queue, stream, table, broker or cluster of the templates; the service of a literal ARN; properties only one
 * kind of source accepts (`Queues`, `Topics`, `SourceAccessConfigurations`, `StartingPosition`).
 */
import { field, isUnresolvable, literalString, partsOf, ResourceRef, toArray, Unresolvable, type Resolved, type Resource } from '../values';
import { samOriginOf } from '../sam/model';
import type { GraphLookup } from './lookup';
import type { EventSourceKind, MappingNode } from './nodes';

/** Resource types an `EventSourceArn` can reference, by the kind of source they are. */
const SOURCE_TYPES: Readonly<Record<string, EventSourceKind>> = {
  'AWS::SQS::Queue': 'sqs',
  'AWS::Kinesis::Stream': 'kinesis',
  'AWS::Kinesis::StreamConsumer': 'kinesis',
  'AWS::DynamoDB::Table': 'dynamodb',
  'AWS::DynamoDB::GlobalTable': 'dynamodb',
  'AWS::AmazonMQ::Broker': 'mq',
  'AWS::MSK::Cluster': 'kafka',
  'AWS::MSK::ServerlessCluster': 'kafka',
  'AWS::DocDB::DBCluster': 'documentdb',
};

/** The service of an event source ARN (`arn:<partition>:<service>:...`); DocumentDB clusters have `rds` ARNs. */
const ARN_SERVICES: Readonly<Record<string, EventSourceKind>> = { sqs: 'sqs', kinesis: 'kinesis', dynamodb: 'dynamodb', mq: 'mq', kafka: 'kafka', rds: 'documentdb' };

/** The source kind of each SAM pull event type: a mapping SAM generated from one reads that kind of source. */
const SAM_EVENT_KINDS: Readonly<Record<string, EventSourceKind>> = {
  SQS: 'sqs',
  Kinesis: 'kinesis',
  DynamoDB: 'dynamodb',
  MSK: 'kafka',
  SelfManagedKafka: 'kafka',
  MQ: 'mq',
  DocumentDB: 'documentdb',
};

/** Properties only one kind of source accepts (CreateEventSourceMapping). */
const KIND_PROPERTIES: ReadonlyArray<readonly [string, EventSourceKind]> = [
  ['Topics', 'kafka'],
  ['SelfManagedEventSource', 'kafka'],
  ['AmazonManagedKafkaEventSourceConfig', 'kafka'],
  ['SelfManagedKafkaEventSourceConfig', 'kafka'],
  ['Queues', 'mq'],
  ['DocumentDBEventSourceConfig', 'documentdb'],
];

/** Stream kinds: the sources the stream rules (retries, on-failure destination, bisect, parallelization) apply to. */
const STREAM_KINDS: ReadonlySet<EventSourceKind> = new Set(['kinesis', 'dynamodb', 'kinesis-or-dynamodb']);

/** True for a mapping known to read from SQS. */
export function readsSqs(m: MappingNode): boolean {
  return m.kind === 'sqs';
}

/** True for a mapping known to read from a Kinesis or DynamoDB stream. */
export function readsStream(m: MappingNode): boolean {
  return STREAM_KINDS.has(m.kind);
}

/** Links every event source mapping to its function and source; SQS mappings to their queue, stream mappings to their stream. */
export function linkMappings(lookup: GraphLookup): MappingNode[] {
  const out: MappingNode[] = [];
  for (const r of lookup.of('AWS::Lambda::EventSourceMapping')) {
    const source = r.property('EventSourceArn');
    const { kind, unknown } = eventSourceKind(r, source);
    const fn = lookup.knownFunction(r, r.property('FunctionName'));
    const queue = kind === 'sqs' ? sqsQueue(lookup, r, source) : undefined;
    const node: MappingNode = { resource: r, function: fn, kind, unknown, queue, stream: kind === 'kinesis' ? kinesisStream(source) : undefined };
    if (fn) fn.mappings.push(node);
    if (queue && !(queue instanceof Unresolvable)) queue.mappings.push(node);
    out.push(node);
  }
  return out;
}

/** What a mapping reads from, or (kind `unknown`) what is not known about it. */
export function eventSourceKind(r: Resource, source: Resolved): { kind: EventSourceKind; unknown?: string } {
  for (const [key, kind] of KIND_PROPERTIES) if (r.property(key) !== undefined) return { kind };
  const access = toArray(r.property('SourceAccessConfigurations')).map((c) => literalString(field(c, 'Type')));
  // BASIC_AUTH is also SASL/PLAIN of self-managed Kafka, which always has Topics (tested above).
  if (access.includes('VIRTUAL_HOST') || access.includes('BASIC_AUTH')) return { kind: 'mq' };
  if (source instanceof ResourceRef) {
    const kind = SOURCE_TYPES[source.resource.type];
    if (kind) return { kind };
  } else {
    const service = arnService(source);
    if (service !== undefined && ARN_SERVICES[service]) return { kind: ARN_SERVICES[service] };
  }
  // A SAM event's own Type says what it reads, also when its ARN is a parameter or an import.
  const samKind = SAM_EVENT_KINDS[samOriginOf(r.rawProperties)?.eventType ?? ''];
  if (samKind) return { kind: samKind };
  // Of the sources without Topics, Queues or a DocumentDB config, only Kinesis and DynamoDB streams take a starting position.
  if (r.property('StartingPosition') !== undefined) return { kind: 'kinesis-or-dynamodb' };
  return { kind: 'unknown', unknown: unknownSource(source) };
}

/** The service of an ARN whose head is literal, e.g. `sqs` for `arn:${AWS::Partition}:sqs:...`. */
function arnService(source: Resolved): string | undefined {
  const text = (partsOf(source) ?? []).map((p) => (typeof p === 'string' ? p : '\u0000')).join('');
  return /^arn:[^:]*:([a-z0-9-]+):/.exec(text)?.[1];
}

/** Why a source could not be told apart, in words. */
function unknownSource(source: Resolved): string {
  if (source === undefined) return 'no EventSourceArn';
  if (source instanceof ResourceRef) return `EventSourceArn ${source.attribute ? `GetAtt ${source.resource.logicalId}.${source.attribute}` : `Ref ${source.resource.logicalId}`} (a ${source.resource.type})`;
  if (isUnresolvable(source)) return `EventSourceArn is ${source.reason}`;
  const unknownPart = partsOf(source)?.find(isUnresolvable);
  if (unknownPart) return `EventSourceArn is built from ${unknownPart.reason}`;
  const text = literalString(source);
  return text === undefined ? 'EventSourceArn is not a string' : `EventSourceArn ${text} is not an ARN of a known event source`;
}

/** The queue of an SQS mapping: in the templates, or why not. */
function sqsQueue(lookup: GraphLookup, r: Resource, source: Resolved) {
  const queue = lookup.resourceNamed(r, source, 'AWS::SQS::Queue');
  return queue instanceof Unresolvable ? queue : queue && lookup.queues.get(queue);
}

/** The Kinesis stream a mapping reads, when it is a stream (or a consumer of a stream) of the templates. */
function kinesisStream(source: Resolved): Resource | undefined {
  if (!(source instanceof ResourceRef)) return undefined;
  if (source.resource.type === 'AWS::Kinesis::Stream') return source.resource;
  const stream = source.resource.type === 'AWS::Kinesis::StreamConsumer' ? source.resource.property('StreamARN') : undefined;
  return stream instanceof ResourceRef && stream.resource.type === 'AWS::Kinesis::Stream' ? stream.resource : undefined;
}
