/**
 * Provisioned concurrency rules: aliases and versions with provisioned concurrency, and the Application Auto Scaling
 * targets and policies on it (bounds, scale-in, the metric a policy tracks, the order CloudFormation creates them in).
 */
import { CAPACITY_BOUNDS, PROVISIONED_WITHIN_RESERVED, SCHEDULED_CAPACITY_BOUNDS, UTILIZATION_TARGET_RANGE, withBuffer } from '../../model';
import type { FunctionNode, ScalableTargetNode, TrackedMetric } from '../graph';
import { referencedNames, refersTo } from '../references';
import { COMPLIANT, defineRule, NOT_APPLICABLE, unresolvable, violation, type Outcome } from '../rule';
import { field, toNumber, Unresolvable, type Resource, type StackNode } from '../values';
import { firstUnresolvable, label, reservedOf, verdict } from './common';

/** One claim of provisioned concurrency against a function's reserved concurrency; `what` names it in a violation. */
function claimWithinReserved(fn: FunctionNode, reserved: number, at: Resource, value: number | undefined | Unresolvable, what: string): Outcome {
  if (value instanceof Unresolvable) return unresolvable(at, value.reason);
  if (value === undefined) return COMPLIANT;
  return verdict(PROVISIONED_WITHIN_RESERVED, { provisioned: value, reserved }, at, value, () => ({ what, function: label(fn.resource) }));
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
    for (const p of fn.provisioned) outcomes.push(claimWithinReserved(fn, reserved, p.resource, p.provisionedConcurrency, `provisioned concurrency of ${p.resource.logicalId}`));
    for (const t of fn.scalableTargets) {
      outcomes.push(claimWithinReserved(fn, reserved, t.resource, t.maxCapacity, `MaxCapacity of scalable target ${t.resource.logicalId}`));
      for (const a of t.scheduledActions) outcomes.push(claimWithinReserved(fn, reserved, t.resource, a.maxCapacity, `MaxCapacity of scheduled action ${a.name}`));
    }
    return outcomes;
  },
});

/** Min ≤ max of a scalable target, or of one of its scheduled actions when `action` names it. */
function capacityBounds(lo: number | undefined | Unresolvable, hi: number | undefined | Unresolvable, at: Resource, action?: string): Outcome {
  const unknown = firstUnresolvable(lo, hi);
  if (unknown) return unresolvable(at, unknown.reason);
  if (lo === undefined || hi === undefined) return COMPLIANT;
  const bounds = action === undefined ? CAPACITY_BOUNDS : SCHEDULED_CAPACITY_BOUNDS;
  return verdict(bounds, { min: lo as number, max: hi as number }, at, { MinCapacity: lo, MaxCapacity: hi }, () => ({ target: label(at), ...(action === undefined ? {} : { action }) }));
}

const scalableTargetBounds = defineRule({
  id: 'ScalableTargetBounds',
  severity: 'error',
  subject: 'scalableTarget',
  check(t) {
    const outcomes: Outcome[] = [capacityBounds(t.minCapacity, t.maxCapacity, t.resource)];
    for (const a of t.scheduledActions) outcomes.push(capacityBounds(a.minCapacity, a.maxCapacity ?? t.maxCapacity, t.resource, a.name));
    for (const { resource: policy } of t.policies) {
      const config = policy.property('TargetTrackingScalingPolicyConfiguration');
      if (config === undefined) continue;
      const value = toNumber(field(config, 'TargetValue'), `TargetValue of ${policy.logicalId}`);
      if (value instanceof Unresolvable) outcomes.push(unresolvable(policy, value.reason));
      else if (value !== undefined) outcomes.push(verdict(UTILIZATION_TARGET_RANGE, { targetValue: value }, policy, value, () => ({ target: label(t.resource), policy: label(policy) })));
    }
    return outcomes;
  },
});

const provisionedScaleIn = defineRule({
  id: 'ProvisionedScaleIn',
  severity: 'warning',
  subject: 'scalableTarget',
  check(t) {
    const tracking = t.policies.some((p) => p.type === 'TargetTrackingScaling');
    if (!tracking) return NOT_APPLICABLE;
    const min = t.minCapacity;
    if (min instanceof Unresolvable) return unresolvable(t.resource, min.reason);
    if (min === undefined || min === 0) return NOT_APPLICABLE;
    // Tracking that can add no more than the buffer above the minimum (a flat plan) can leave at most that much behind.
    if (typeof t.maxCapacity === 'number' && t.maxCapacity <= withBuffer(min)) return COMPLIANT;
    const scheduledMins = t.scheduledActions.map((a) => a.minCapacity);
    const known = scheduledMins.filter((m): m is number => typeof m === 'number');
    // A schedule lowers the minimum when some scheduled minimum is below the highest minimum the target can have.
    if (known.length > 0 && Math.min(...known) < Math.max(min, ...known)) return COMPLIANT;
    const unknown = firstUnresolvable(...scheduledMins);
    if (unknown) return unresolvable(t.resource, unknown.reason);
    return violation(t.resource, min, { target: label(t.resource), function: t.function ? label(t.function.resource) : '(unknown function)', min });
  },
});

/** Whether a metric's dimensions are FunctionName = the target's function and Resource = `<function>:<qualifier>` of the target. */
function namesAlias(t: ScalableTargetNode, m: TrackedMetric): boolean | Unresolvable {
  return firstUnresolvable(m.functionName, m.resourceFunction, m.resourceQualifier) ?? (m.functionName === t.function && m.resourceFunction === t.function && m.resourceQualifier === t.qualifier);
}

const targetTrackingAliasDimension = defineRule({
  id: 'TargetTrackingAliasDimension',
  severity: 'error',
  subject: 'scalableTarget',
  check(t) {
    const fn = t.function;
    const qualifier = t.qualifier;
    const custom = t.policies.filter((p) => p.customMetrics.length > 0);
    if (!fn || typeof qualifier !== 'string' || custom.length === 0) return NOT_APPLICABLE;
    return custom.map((policy) => {
      // Metric math may mix the alias's metric with others: one metric naming the alias is enough.
      const verdicts = policy.customMetrics.map((m) => namesAlias(t, m));
      if (verdicts.includes(true)) return COMPLIANT;
      const unknown = firstUnresolvable(...verdicts);
      if (unknown) return unresolvable(policy.resource, unknown.reason);
      const dimensions = policy.customMetrics.map((m) => m.dimensions).join('; ');
      const params = { policy: label(policy.resource), target: label(t.resource), dimensions, function: label(fn.resource), qualifier };
      return violation(policy.resource, dimensions, params, undefined, [t.resource]);
    });
  },
});

/** True when `from` depends on `to` in its stack: by `DependsOn` or a reference, directly or through others. */
function dependsOn(from: Resource, to: Resource): boolean {
  const seen = new Set<string>([from.logicalId]);
  const queue = [from];
  for (let r = queue.shift(); r; r = queue.shift()) {
    // Most targets name their alias directly: look for it before listing everything else they refer to.
    if (r.dependsOn.includes(to.logicalId) || refersTo(r.rawProperties, to.logicalId)) return true;
    for (const id of [...r.dependsOn, ...referencedNames(r.rawProperties)]) {
      const next = from.stack.resources.get(id);
      if (next && !seen.has(id)) {
        seen.add(id);
        queue.push(next);
      }
    }
  }
  return false;
}

const scalableTargetDependsOnAlias = defineRule({
  id: 'ScalableTargetDependsOnAlias',
  severity: 'error',
  subject: 'scalableTarget',
  check(t) {
    const alias = t.qualified;
    if (!alias) return NOT_APPLICABLE;
    if (alias.stack === t.resource.stack) {
      if (dependsOn(t.resource, alias)) return COMPLIANT;
      return violation(t.resource, plainIds(t.resource.dependsOn), { target: label(t.resource), alias: label(alias), aliasId: alias.logicalId, qualifier: String(t.qualifier) }, undefined, [alias]);
    }
    // Across nested stacks: in the stack that nests both, what holds the target must depend on what holds the alias.
    const [from, to] = inCommonStack(t.resource, alias) ?? [];
    if (!from || !to || dependsOn(from, to)) return from && to ? COMPLIANT : NOT_APPLICABLE;
    const params = { target: label(t.resource), alias: label(alias), aliasId: alias.logicalId, qualifier: String(t.qualifier), from: label(from), to: label(to), toId: to.logicalId };
    return violation(t.resource, plainIds(from.dependsOn), params, 'nested', [alias, ...new Set([from, to].filter((r) => r !== t.resource && r !== alias))]);
  },
});

/**
 * The resources of the stack that nests both `a` and `b` (one may be that stack) that stand for them there: each
 * itself, or the nested-stack resource its stack is created by. Undefined when no stack nests both.
 */
function inCommonStack(a: Resource, b: Resource): [Resource, Resource] | undefined {
  const holders = (r: Resource) => {
    const out = new Map<StackNode, Resource>([[r.stack, r]]);
    for (let s = r.stack.nestedIn, depth = 0; s && depth < 64; s = s.stack.nestedIn, depth++) {
      const holder = s.stack.resources.get(s.logicalId);
      if (!holder) break;
      out.set(s.stack, holder);
    }
    return out;
  };
  const ofB = holders(b);
  for (const [stack, holder] of holders(a)) {
    const other = ofB.get(stack);
    if (other) return [holder, other];
  }
  return undefined;
}

function plainIds(ids: readonly string[]): string {
  return ids.length === 0 ? '(no DependsOn)' : ids.join(', ');
}

/** The provisioned concurrency rules on functions and scalable targets, in catalog order. */
export const PROVISIONED_RULES = [provisionedExceedsReserved, scalableTargetBounds] as const;

/** The rules on how provisioned concurrency is scaled, in catalog order. */
export const SCALING_RULES = [provisionedScaleIn, targetTrackingAliasDimension, scalableTargetDependsOnAlias] as const;
