/**
 * Numbers this library computes at synthesis (e.g. a function's share of a proxy budget, which must
 * see every function added to the proxy). They are `Lazy.number` tokens; the registry lets other
 * constructs of this library derive values from them (an alarm threshold) without giving up, while
 * foreign tokens (parameters, imports) stay unknown.
 */
import { Lazy } from 'aws-cdk-lib';

const producers = new Map<number, () => number>();

/** A number token whose value `produce` computes when the template is synthesized. */
export function deferredNumber(produce: () => number): number {
  const token = Lazy.number({ produce });
  producers.set(token, produce);
  return token;
}

/** True when `value` is a token made by {@link deferredNumber}. */
export function isDeferred(value: number | undefined): value is number {
  return value !== undefined && producers.has(value);
}

/** The value of a deferred number now (only call during synthesis or validation). */
export function valueOf(value: number): number {
  const produce = producers.get(value);
  return produce ? produce() : value;
}

/**
 * `derive(value)` when `value` is a plain number; a deferred number computed from it when it is
 * deferred; undefined for any other token (the caller cannot know it).
 */
export function deriveNumber(value: number | undefined, derive: (v: number) => number, isToken: (v: number) => boolean): number | undefined {
  if (value === undefined) return undefined;
  if (isDeferred(value)) return deferredNumber(() => derive(valueOf(value)));
  if (isToken(value)) return undefined;
  return derive(value);
}
