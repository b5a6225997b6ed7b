/**
 * Helpers the rules of every domain share: how a resource is named in messages, the first unknown of several
 * values, one outcome per item.
 */
import { violationOf, type Invariant, type MessageParams } from '../../model';
import type { FunctionNode, MappingNode } from '../graph';
import { COMPLIANT, NOT_APPLICABLE, violation, type Outcome } from '../rule';
import { isUnresolvable, literalString, toArray, Unresolvable, type Resource } from '../values';

/** Display name of a resource in messages: its construct path without `/Resource`, else stack/logicalId. */
export function label(r: Resource): string {
  return r.path ? r.path.replace(/\/Resource$/, '') : `${r.stack.name}/${r.logicalId}`;
}

/** The first value that is only known at deploy time. */
export function firstUnresolvable(...values: unknown[]): Unresolvable | undefined {
  return values.find(isUnresolvable);
}

/** Reserved concurrency when set and known; `undefined` when not set. */
export function reservedOf(fn: FunctionNode): number | undefined | Unresolvable {
  return fn.reservedConcurrency;
}

/** An invariant of lib/model on one resource: compliant, or its violation at `at` named by `names`. */
export function verdict<V>(invariant: Invariant<V>, values: V, at: Resource, value: unknown, names: MessageParams | (() => MessageParams), related?: readonly Resource[]): Outcome {
  const broken = violationOf(invariant, values, names);
  return broken ? violation(at, value, broken.params, broken.variant, related) : COMPLIANT;
}

/** True when a mapping lists `ReportBatchItemFailures` in its `FunctionResponseTypes` (partial batch responses, SQS and streams). */
export function reportsBatchItemFailures(m: MappingNode): boolean {
  return toArray(m.resource.property('FunctionResponseTypes')).some((t) => literalString(t) === 'ReportBatchItemFailures');
}

/** Applies `check` to each item and keeps the outcomes. */
export function each<T>(items: readonly T[], check: (item: T) => Outcome): readonly Outcome[] {
  return items.length === 0 ? [NOT_APPLICABLE] : items.map(check);
}
