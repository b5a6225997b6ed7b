/**
 * Stream rules: Kinesis and DynamoDB stream mappings stop retrying a bad record, keep what they discard, split a
 * failing batch, and fit their concurrency (parallelization × shards) in the function's reserved concurrency.
 */
import { readsStream } from '../graph';
import { COMPLIANT, defineRule, NOT_APPLICABLE, unresolvable, violation } from '../rule';
import { field, toBoolean, toNumber, Unresolvable } from '../values';
import { firstUnresolvable, label, reportsBatchItemFailures, reservedOf } from './common';
import { SERVICE_DEFAULTS } from './limits';

const streamRetryLimit = defineRule({
  id: 'StreamRetryLimit',
  severity: 'warning',
  subject: 'streamMapping',
  check(m) {
    // -1 (the default) retries until the record expires; a finite record age also ends the retries.
    const retries = toNumber(m.resource.property('MaximumRetryAttempts'), `MaximumRetryAttempts of ${m.resource.logicalId}`) ?? -1;
    const age = toNumber(m.resource.property('MaximumRecordAgeInSeconds'), `MaximumRecordAgeInSeconds of ${m.resource.logicalId}`) ?? -1;
    if (retries !== -1 && !(retries instanceof Unresolvable)) return COMPLIANT;
    if (age !== -1 && !(age instanceof Unresolvable)) return COMPLIANT;
    const unknown = firstUnresolvable(retries, age);
    if (unknown) return unresolvable(m.resource, unknown.reason);
    return violation(m.resource, { MaximumRetryAttempts: retries, MaximumRecordAgeInSeconds: age }, { mapping: label(m.resource), function: m.function ? label(m.function.resource) : '(not in the templates)' });
  },
});

const streamOnFailureDestination = defineRule({
  id: 'StreamOnFailureDestination',
  severity: 'warning',
  subject: 'streamMapping',
  check(m) {
    if (field(field(m.resource.property('DestinationConfig'), 'OnFailure'), 'Destination') !== undefined) return COMPLIANT;
    return violation(m.resource, undefined, { mapping: label(m.resource) });
  },
});

const streamBisectBatch = defineRule({
  id: 'StreamBisectBatch',
  severity: 'warning',
  subject: 'streamMapping',
  check(m) {
    const batch = toNumber(m.resource.property('BatchSize'), `BatchSize of ${m.resource.logicalId}`) ?? SERVICE_DEFAULTS.streamBatchSize;
    if (batch instanceof Unresolvable) return unresolvable(m.resource, batch.reason);
    // With partial batch responses Lambda checkpoints at the first failed record and retries from it: the records
    // before it are not held back, which is what bisecting would have bought.
    if (batch <= 1 || reportsBatchItemFailures(m)) return NOT_APPLICABLE;
    const bisect = toBoolean(m.resource.property('BisectBatchOnFunctionError'), `BisectBatchOnFunctionError of ${m.resource.logicalId}`);
    if (bisect instanceof Unresolvable) return unresolvable(m.resource, bisect.reason);
    return bisect === true ? COMPLIANT : violation(m.resource, bisect ?? false, { mapping: label(m.resource), batchSize: batch });
  },
});

const streamParallelization = defineRule({
  id: 'StreamParallelization',
  severity: 'warning',
  subject: 'function',
  check(fn) {
    const reserved = reservedOf(fn);
    // Shards are known only for a provisioned Kinesis stream of the templates with a literal ShardCount.
    const streams = fn.mappings.filter((m) => readsStream(m) && m.stream !== undefined);
    if (reserved === undefined || streams.length === 0) return NOT_APPLICABLE;
    const claims = streams.map((m) => ({
      mapping: m,
      factor: toNumber(m.resource.property('ParallelizationFactor'), `ParallelizationFactor of ${m.resource.logicalId}`) ?? SERVICE_DEFAULTS.parallelizationFactor,
      shards: toNumber(m.stream?.property('ShardCount'), `ShardCount of ${m.stream?.logicalId}`),
    }));
    const unknown = firstUnresolvable(reserved, ...claims.flatMap((c) => [c.factor, c.shards]));
    if (unknown) return unresolvable(fn.resource, unknown.reason);
    const known = claims.filter((c) => c.shards !== undefined) as Array<{ mapping: (typeof claims)[number]['mapping']; factor: number; shards: number }>;
    const sum = known.reduce((s, c) => s + c.factor * c.shards, 0);
    if (known.length === 0) return NOT_APPLICABLE;
    if (sum <= (reserved as number)) return COMPLIANT;
    const mappings = known.map((c) => `${c.mapping.resource.logicalId} ${c.factor} × ${c.shards} shards`).join(', ');
    return violation(fn.resource, sum, { function: label(fn.resource), reserved: reserved as number, sum, mappings }, undefined, known.map((c) => c.mapping.resource));
  },
});

/** The stream rules, in catalog order. */
export const STREAM_RULES = [streamRetryLimit, streamOnFailureDestination, streamBisectBatch, streamParallelization] as const;
