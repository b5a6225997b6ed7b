/**
 * Provisioned concurrency rules: aliases and versions with provisioned concurrency, and the Application Auto Scaling targets, schedules and policies on them.
 */
import { CAPACITY_BOUNDS, PROVISIONED_WITHIN_RESERVED, UTILIZATION_TARGET_RANGE, scheduleKind, violationOf } from '../../model';
import type { FunctionNode } from '../graph';
import { COMPLIANT, defineRule, NOT_APPLICABLE, type Outcome, unresolvable, violation } from '../rule';
import { field, literalString, type Resource, toArray, toNumber, Unresolvable } from '../values';
import { each, firstUnresolvable, label, reservedOf, verdict } from './common';

/** One claim of provisioned concurrency against a function's reserved concurrency; `what` names it in a violation. */
function claimWithinReserved(fn: FunctionNode, reserved: number, at: Resource, value: number | undefined | Unresolvable, what: string, name: string | number): Outcome {
  if (value instanceof Unresolvable) return unresolvable(at, value.reason);
  if (value === undefined) return COMPLIANT;
  return verdict(PROVISIONED_WITHIN_RESERVED, { provisioned: value, reserved }, at, value, () => ({ what: `${what} ${name}`, function: label(fn.resource) }));
}

const provisionedExceedsReserved = defineRule({
  id: 'ProvisionedExceedsReserved',
  severity: 'error',
  subject: 'function',
  check(fn) {
    const reserved = reservedOf(fn);
    if (reserved === undefined || (fn.provisioned.length === 0 && fn.scalableTargets.length === 0)) return NOT_APPLICABLE;
    if (reserved instanceof Unresolvable) return unresolvable(fn.resource, reserved.reason);
    // Aliases and versions, then each scalable target and its scheduled actions.
    const outcomes: Outcome[] = [];
    for (const p of fn.provisioned) outcomes.push(claimWithinReserved(fn, reserved, p.resource, p.provisionedConcurrency, 'provisioned concurrency of', p.resource.logicalId));
    for (const t of fn.scalableTargets) {
      const max = toNumber(t.resource.property('MaxCapacity'), `MaxCapacity of ${t.resource.logicalId}`);
      outcomes.push(claimWithinReserved(fn, reserved, t.resource, max, 'MaxCapacity of scalable target', t.resource.logicalId));
      toArray(t.resource.property('ScheduledActions')).forEach((a, i) => {
        const actionMax = toNumber(field(field(a, 'ScalableTargetAction'), 'MaxCapacity'), `MaxCapacity of a scheduled action of ${t.resource.logicalId}`);
        outcomes.push(claimWithinReserved(fn, reserved, t.resource, actionMax, 'MaxCapacity of scheduled action', literalString(field(a, 'ScheduledActionName')) ?? i));
      });
    }
    return outcomes;
  },
});

/** Min ≤ max of a scalable target, or of one of its scheduled actions when `action` names it. */
function capacityBounds(lo: number | undefined | Unresolvable, hi: number | undefined | Unresolvable, at: Resource, action?: string): Outcome {
  const unknown = firstUnresolvable(lo, hi);
  if (unknown) return unresolvable(at, unknown.reason);
  if (lo === undefined || hi === undefined) return COMPLIANT;
  const broken = violationOf(CAPACITY_BOUNDS, { min: lo as number, max: hi as number }, () => ({ target: label(at), ...(action === undefined ? {} : { action }) }));
  if (!broken) return COMPLIANT;
  return violation(at, { MinCapacity: lo, MaxCapacity: hi }, broken.params, action === undefined ? undefined : 'schedule');
}

const scalableTargetBounds = defineRule({
  id: 'ScalableTargetBounds',
  severity: 'error',
  subject: 'scalableTarget',
  check(t) {
    const min = toNumber(t.resource.property('MinCapacity'), `MinCapacity of ${t.resource.logicalId}`);
    const max = toNumber(t.resource.property('MaxCapacity'), `MaxCapacity of ${t.resource.logicalId}`);
    const outcomes: Outcome[] = [capacityBounds(min, max, t.resource)];
    for (const a of toArray(t.resource.property('ScheduledActions'))) {
      const action = field(a, 'ScalableTargetAction');
      const name = literalString(field(a, 'ScheduledActionName')) ?? '(unnamed)';
      const aMin = toNumber(field(action, 'MinCapacity'), `MinCapacity of scheduled action ${name}`);
      const aMax = toNumber(field(action, 'MaxCapacity'), `MaxCapacity of scheduled action ${name}`) ?? max;
      outcomes.push(capacityBounds(aMin, aMax, t.resource, name));
    }
    for (const policy of t.policies) {
      const config = policy.property('TargetTrackingScalingPolicyConfiguration');
      if (config === undefined) continue;
      const value = toNumber(field(config, 'TargetValue'), `TargetValue of ${policy.logicalId}`);
      if (value instanceof Unresolvable) outcomes.push(unresolvable(policy, value.reason));
      else if (value !== undefined) outcomes.push(verdict(UTILIZATION_TARGET_RANGE, { targetValue: value }, policy, value, () => ({ target: label(t.resource), policy: label(policy) })));
    }
    return outcomes;
  },
});

/** Schedule kinds that read a clock, and so a time zone (a rate counts elapsed time). */
const CLOCK_SCHEDULES = new Set<string | undefined>(['cron', 'at']);

const scheduleTimezone = defineRule({
  id: 'ScheduleTimezone',
  severity: 'warning',
  subject: 'scalableTarget',
  check(t) {
    return each(toArray(t.resource.property('ScheduledActions')), (a) => {
      const schedule = literalString(field(a, 'Schedule'));
      if (schedule === undefined || !CLOCK_SCHEDULES.has(scheduleKind(schedule))) return NOT_APPLICABLE;
      if (field(a, 'Timezone') !== undefined) return COMPLIANT;
      return violation(t.resource, schedule, { action: literalString(field(a, 'ScheduledActionName')) ?? '(unnamed)', target: label(t.resource), schedule });
    });
  },
});

const provisionedScaleIn = defineRule({
  id: 'ProvisionedScaleIn',
  severity: 'warning',
  subject: 'scalableTarget',
  check(t) {
    const tracking = t.policies.some((p) => literalString(p.property('PolicyType')) === 'TargetTrackingScaling');
    if (!tracking) return NOT_APPLICABLE;
    const min = toNumber(t.resource.property('MinCapacity'), `MinCapacity of ${t.resource.logicalId}`);
    if (min instanceof Unresolvable) return unresolvable(t.resource, min.reason);
    if (min === undefined || min === 0) return NOT_APPLICABLE;
    const scheduledMins = toArray(t.resource.property('ScheduledActions')).map((a) => toNumber(field(field(a, 'ScalableTargetAction'), 'MinCapacity'), 'MinCapacity of a scheduled action'));
    const known = scheduledMins.filter((m): m is number => typeof m === 'number');
    // A schedule lowers the minimum when some scheduled minimum is below the highest minimum the target can have.
    if (known.length > 0 && Math.min(...known) < Math.max(min, ...known)) return COMPLIANT;
    const unknown = firstUnresolvable(...scheduledMins);
    if (unknown) return unresolvable(t.resource, unknown.reason);
    return violation(t.resource, min, { target: label(t.resource), function: t.function ? label(t.function.resource) : '(unknown function)', min });
  },
});

/** The provisioned rules, in catalog order. */
export const PROVISIONED_RULES = [provisionedExceedsReserved, scalableTargetBounds, scheduleTimezone, provisionedScaleIn] as const;
