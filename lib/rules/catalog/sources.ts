/**
 * Event source rules: a mapping whose source cannot be told apart is reported, never checked as if it were SQS.
 */
import { COMPLIANT, defineRule, violation } from '../rule';
import { label } from './common';

const eventSourceUnknown = defineRule({
  id: 'EventSourceUnknown',
  severity: 'info',
  subject: 'mapping',
  check(m) {
    if (m.kind !== 'unknown') return COMPLIANT;
    return violation(m.resource, m.unknown, { mapping: label(m.resource), what: m.unknown ?? 'its source' });
  },
});

/** The event source rules, in catalog order. */
export const SOURCE_RULES = [eventSourceUnknown] as const;
