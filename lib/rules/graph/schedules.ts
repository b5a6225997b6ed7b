/**
 * Schedule nodes: the resources whose schedule expressions a service reads. Scalable targets bring their
 * scheduled actions (read once with the target); EventBridge Scheduler schedules and EventBridge rules with a
 * `ScheduleExpression` (also what SAM's `ScheduleV2` and `Schedule` events become) are read here.
 */
import type { Resource } from '../values';
import type { GraphLookup } from './lookup';
import type { ScalableTargetNode, ScheduleNode } from './nodes';

/** The schedule nodes of the templates: scalable targets first (in their order), then schedules, then rules. */
export function readSchedules(lookup: GraphLookup, targets: readonly ScalableTargetNode[]): ScheduleNode[] {
  const one = (r: Resource, service: ScheduleNode['service'], timezone: string | undefined): ScheduleNode => ({
    resource: r,
    service,
    entries: [{ name: r.logicalId, schedule: r.property('ScheduleExpression'), timezone: timezone === undefined ? undefined : r.property(timezone) }],
  });
  return [
    ...targets.map((t): ScheduleNode => ({ resource: t.resource, service: 'application-autoscaling', entries: t.scheduledActions })),
    ...lookup.of('AWS::Scheduler::Schedule').map((r) => one(r, 'scheduler', 'ScheduleExpressionTimezone')),
    // Most rules match event patterns: only those with a schedule are schedules.
    ...lookup.of('AWS::Events::Rule').filter((r) => r.property('ScheduleExpression') !== undefined).map((r) => one(r, 'events', undefined)),
  ];
}
