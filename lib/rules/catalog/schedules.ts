/**
 * Schedule rules: the scheduled actions of scalable targets have a valid expression (`cron(...)` with six fields,
 * `rate(...)`, `at(...)`), an IANA time zone, and a time zone at all when they read a clock.
 */
import { scheduleKind, scheduleProblem } from '../../model';
import { isValidTimeZone } from '../../workload/checks';
import type { ScalableTargetNode } from '../graph';
import { COMPLIANT, defineRule, NOT_APPLICABLE, violation, type Outcome } from '../rule';
import { literalString } from '../values';
import { each, label } from './common';

/** Schedule kinds that read a clock, and so a time zone (a rate counts elapsed time). */
const CLOCK_SCHEDULES = new Set<string | undefined>(['cron', 'at']);

const scheduleTimezone = defineRule({
  id: 'ScheduleTimezone',
  severity: 'warning',
  subject: 'scalableTarget',
  check(t) {
    return each(t.scheduledActions, (a) => {
      const schedule = literalString(a.schedule);
      if (schedule === undefined || !CLOCK_SCHEDULES.has(scheduleKind(schedule))) return NOT_APPLICABLE;
      if (a.timezone !== undefined) return COMPLIANT;
      return violation(t.resource, schedule, { action: a.name, target: label(t.resource), schedule });
    });
  },
});

/** One outcome per scheduled action: its literal `key` value (`schedule`, `timezone`) checked by `problemOf`. */
function eachLiteral(t: ScalableTargetNode, key: 'schedule' | 'timezone', problemOf: (text: string) => string | undefined): readonly Outcome[] {
  return each(t.scheduledActions, (a) => {
    const text = literalString(a[key]);
    if (text === undefined) return NOT_APPLICABLE;
    const problem = problemOf(text);
    return problem === undefined ? COMPLIANT : violation(t.resource, text, { action: a.name, target: label(t.resource), [key]: text, problem });
  });
}

const scheduleExpression = defineRule({
  id: 'ScheduleExpression',
  severity: 'error',
  subject: 'scalableTarget',
  check: (t) => eachLiteral(t, 'schedule', scheduleProblem),
});

/**
 * An IANA time zone name as Application Auto Scaling reads it: a zone this runtime's Intl knows, spelled with the
 * case of its canonical name (Intl itself ignores case), never a UTC offset.
 */
function timeZoneProblem(name: string): string | undefined {
  if (/^[+-]\d/.test(name) || !isValidTimeZone(name)) return 'not an IANA time zone name';
  // Building an Intl.DateTimeFormat is slow and templates repeat their zones.
  let canonical = CANONICAL_ZONES.get(name);
  if (canonical === undefined) CANONICAL_ZONES.set(name, (canonical = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone));
  return canonical !== name && canonical.toLowerCase() === name.toLowerCase() ? `spelled ${canonical} in the IANA database` : undefined;
}

/** Canonical names of the time zones seen so far. */
const CANONICAL_ZONES = new Map<string, string>();

const scheduleTimezoneValid = defineRule({
  id: 'ScheduleTimezoneValid',
  severity: 'error',
  subject: 'scalableTarget',
  check: (t) => eachLiteral(t, 'timezone', timeZoneProblem),
});

/** The schedule rules, in catalog order. */
export const SCHEDULE_RULES = [scheduleTimezone, scheduleExpression, scheduleTimezoneValid] as const;
