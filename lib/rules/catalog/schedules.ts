/**
 * Schedule rules: the scheduled actions of scalable targets, EventBridge Scheduler schedules and scheduled
 * EventBridge rules have an expression their service accepts (`cron(...)` with six fields, `rate(...)`, `at(...)`
 * where the service takes it) and an IANA time zone; scheduled actions have a time zone at all when they read a clock.
 */
import { scheduleKind, scheduleProblemFor, type ScheduleProblem } from '../../model';
import { isValidTimeZone } from '../../workload/checks';
import type { ScheduleNode } from '../graph';
import { COMPLIANT, defineRule, NOT_APPLICABLE, violation, type Outcome } from '../rule';
import { literalString, shownText } from '../values';
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
      return violation(t.resource, schedule, { action: a.name, target: label(t.resource), schedule: shownText(schedule) });
    });
  },
});

/**
 * One outcome per entry of a schedule node: its literal `key` value (`schedule`, `timezone`) checked by `problemOf`.
 * A scheduled action is named with its target (message variant `default`), a schedule or rule by itself (variant
 * by service); a problem the service is not known to reject is a warning.
 */
function eachLiteral(s: ScheduleNode, key: 'schedule' | 'timezone', problemOf: (text: string, service: ScheduleNode['service']) => ScheduleProblem | undefined): readonly Outcome[] {
  return each(s.entries, (a) => {
    const text = literalString(a[key]);
    if (text === undefined) return NOT_APPLICABLE;
    const found = problemOf(text, s.service);
    if (found === undefined) return COMPLIANT;
    const variant = s.service === 'application-autoscaling' ? undefined : s.service;
    return violation(s.resource, text, { action: a.name, target: label(s.resource), [key]: shownText(text), problem: found.problem }, variant, undefined, found.rejected ? undefined : 'warning');
  });
}

/** Problems of the schedule expressions seen so far, by service: templates repeat a few expressions many times. */
const SCHEDULE_PROBLEMS = new Map<string, ScheduleProblem | undefined>();

function cachedScheduleProblem(text: string, service: ScheduleNode['service']): ScheduleProblem | undefined {
  const key = `${service} ${text}`;
  if (!SCHEDULE_PROBLEMS.has(key)) SCHEDULE_PROBLEMS.set(key, scheduleProblemFor(text, service));
  return SCHEDULE_PROBLEMS.get(key);
}

const scheduleExpression = defineRule({
  id: 'ScheduleExpression',
  severity: 'error',
  subject: 'schedule',
  check: (s) => eachLiteral(s, 'schedule', cachedScheduleProblem),
});

/**
 * An IANA time zone name as Application Auto Scaling reads it: a zone this runtime's Intl knows, spelled with the
 * case of its canonical name (Intl itself ignores case), never a UTC offset.
 */
function timeZoneProblem(name: string): ScheduleProblem | undefined {
  const problem = (text: string) => ({ problem: text, rejected: true });
  if (/^[+-]\d/.test(name) || !isValidTimeZone(name)) return problem('not an IANA time zone name');
  // Building an Intl.DateTimeFormat is slow and templates repeat their zones.
  let canonical = CANONICAL_ZONES.get(name);
  if (canonical === undefined) CANONICAL_ZONES.set(name, (canonical = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone));
  return canonical !== name && canonical.toLowerCase() === name.toLowerCase() ? problem(`spelled ${canonical} in the IANA database`) : undefined;
}

/** Canonical names of the time zones seen so far. */
const CANONICAL_ZONES = new Map<string, string>();

const scheduleTimezoneValid = defineRule({
  id: 'ScheduleTimezoneValid',
  severity: 'error',
  subject: 'schedule',
  check: (s) => eachLiteral(s, 'timezone', timeZoneProblem),
});

/** The schedule rules, in catalog order. */
export const SCHEDULE_RULES = [scheduleTimezone, scheduleExpression, scheduleTimezoneValid] as const;
