/**
 * Failure destination rules: what keeps the events a function fails on.
 */
import { COMPLIANT, defineRule, NOT_APPLICABLE, violation } from '../rule';
import { label } from './common';

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

/** The destinations rules, in catalog order. */
export const DESTINATION_RULES = [asyncFailureDestination] as const;
