/**
 * Account rules: reserved concurrency across the stacks of one (account, region), and reserved concurrency that stops a function.
 */
import { accountBudget, ACCOUNT_RESERVED_BUDGET, RESERVED_NOT_ZERO, violationOf } from '../../model';
import { environmentInText, type FunctionNode } from '../graph';
import { COMPLIANT, defineRule, NOT_APPLICABLE, unresolvable, violation } from '../rule';
import { Unresolvable } from '../values';
import { label, reservedOf, verdict } from './common';

const accountConcurrencyBudget = defineRule({
  id: 'AccountConcurrencyBudget',
  severity: 'error',
  subject: 'environment',
  check(env, ctx) {
    const reserved = env.functions.map((f) => ({ fn: f, value: f.reservedConcurrency }));
    const known = reserved.filter((r): r is { fn: FunctionNode; value: number } => typeof r.value === 'number' && r.value > 0).sort((a, b) => b.value - a.value);
    const budget = accountBudget(
      known.map((k) => k.value),
      ctx.concurrencyLimit,
      ctx.unreservedFloor,
    );
    const unknown = reserved.find((r) => r.value instanceof Unresolvable);
    const broken = violationOf(ACCOUNT_RESERVED_BUDGET, { reservedTotal: budget.reservedTotal, concurrencyLimit: ctx.concurrencyLimit, unreservedFloor: ctx.unreservedFloor });
    if (!broken) return unknown ? unresolvable(unknown.fn.resource, `${(unknown.value as Unresolvable).reason} (account budget of ${environmentInText(env.environment)})`) : known.length > 0 ? COMPLIANT : NOT_APPLICABLE;
    const largest = known
      .slice(0, 3)
      .map((k) => `${label(k.fn.resource)} ${k.value}`)
      .join(', ');
    const params = { ...broken.params, environment: environmentInText(env.environment), stackCount: new Set(known.map((k) => k.fn.resource.stack.name)).size, largest };
    return violation(known[0].fn.resource, budget.reservedTotal, params, undefined, known.slice(1).map((k) => k.fn.resource));
  },
});

const reservedConcurrencyZero = defineRule({
  id: 'ReservedConcurrencyZero',
  severity: 'warning',
  subject: 'function',
  check(fn) {
    const reserved = reservedOf(fn);
    if (reserved === undefined || reserved instanceof Unresolvable) return NOT_APPLICABLE;
    return verdict(RESERVED_NOT_ZERO, { reserved }, fn.resource, 0, () => ({ function: label(fn.resource) }));
  },
});

/** The account rules, in catalog order. */
export const ACCOUNT_RULES = [accountConcurrencyBudget, reservedConcurrencyZero] as const;
