/**
 * Linker: provisioned concurrency (aliases and versions) and the Application Auto Scaling targets and
 * policies on it ↔ their function.
 */
import { describeValue, field, literalString, ResourceRef, toArray, toNumber, type Resolved, type Resource } from '../values';
import { keyOf, qualifierOf, stripQualifier, type GraphLookup } from './lookup';
import type { FunctionNode, ProvisionedNode, ScalableTargetNode, ScalingPolicyNode, TrackedMetric } from './nodes';

const LAMBDA_PC_DIMENSION = 'lambda:function:ProvisionedConcurrency';

/** Aliases and versions with `ProvisionedConcurrencyConfig`, linked to their function. */
export function linkProvisioned(lookup: GraphLookup): ProvisionedNode[] {
  const out: ProvisionedNode[] = [];
  for (const type of ['AWS::Lambda::Alias', 'AWS::Lambda::Version']) {
    for (const r of lookup.of(type)) {
      if (r.property('ProvisionedConcurrencyConfig') === undefined) continue;
      const node: ProvisionedNode = {
        resource: r,
        function: lookup.knownFunction(r, r.property('FunctionName')),
        provisionedConcurrency: toNumber(field(r.property('ProvisionedConcurrencyConfig'), 'ProvisionedConcurrentExecutions'), `ProvisionedConcurrentExecutions of ${r.logicalId}`),
      };
      node.function?.provisioned.push(node);
      out.push(node);
    }
  }
  return out;
}

/** Scalable targets on provisioned concurrency, linked to their function and to their scaling policies. */
export function linkScalableTargets(lookup: GraphLookup): ScalableTargetNode[] {
  const out: ScalableTargetNode[] = [];
  for (const r of lookup.of('AWS::ApplicationAutoScaling::ScalableTarget')) {
    if (literalString(r.property('ScalableDimension')) !== LAMBDA_PC_DIMENSION) continue;
    const resourceId = r.property('ResourceId');
    const fn = lookup.functionOfResourceId(r, resourceId);
    const qualifier = qualifierOf(resourceId);
    const node: ScalableTargetNode = {
      resource: r,
      function: fn,
      policies: [],
      minCapacity: toNumber(r.property('MinCapacity'), `MinCapacity of ${r.logicalId}`),
      maxCapacity: toNumber(r.property('MaxCapacity'), `MaxCapacity of ${r.logicalId}`),
      scheduledActions: toArray(r.property('ScheduledActions')).map((a, i) => {
        const name = literalString(field(a, 'ScheduledActionName')) ?? `#${i + 1}`;
        const action = field(a, 'ScalableTargetAction');
        const what = (capacity: string) => `${capacity} of scheduled action ${name} of ${r.logicalId}`;
        return {
          name,
          schedule: field(a, 'Schedule'),
          timezone: field(a, 'Timezone'),
          minCapacity: toNumber(field(action, 'MinCapacity'), what('MinCapacity')),
          maxCapacity: toNumber(field(action, 'MaxCapacity'), what('MaxCapacity')),
        };
      }),
      qualifier,
      qualified: fn && typeof qualifier === 'string' ? qualifiedResource(lookup, fn, qualifier) : undefined,
    };
    node.function?.scalableTargets.push(node);
    out.push(node);
  }
  const byResource = new Map(out.map((t) => [t.resource, t]));
  // Policies that name their target by resource id instead of ScalingTargetId (built on first need).
  let byResourceId: Map<string, ScalableTargetNode> | undefined;
  for (const r of lookup.of('AWS::ApplicationAutoScaling::ScalingPolicy')) {
    const targetId = r.property('ScalingTargetId');
    if (!(targetId instanceof ResourceRef)) byResourceId ??= new Map(out.map((t) => [`${t.resource.stack.name}|${keyOf(t.resource.property('ResourceId'))}`, t]));
    const target = targetId instanceof ResourceRef ? byResource.get(targetId.resource) : byResourceId?.get(`${r.stack.name}|${keyOf(r.property('ResourceId'))}`);
    target?.policies.push(policyNode(lookup, r));
  }
  return out;
}

/** The alias (by `Name`) or version of `fn` that `qualifier` names, among the checked templates. */
function qualifiedResource(lookup: GraphLookup, fn: FunctionNode, qualifier: string): Resource | undefined {
  const alias = lookup.of('AWS::Lambda::Alias').find((a) => literalString(a.property('Name')) === qualifier && lookup.knownFunction(a, a.property('FunctionName')) === fn);
  if (alias || !/^\d+$/.test(qualifier)) return alias;
  // A version number: only one version of the function can be meant when the templates publish exactly one.
  const versions = lookup.of('AWS::Lambda::Version').filter((v) => lookup.knownFunction(v, v.property('FunctionName')) === fn);
  return versions.length === 1 ? versions[0] : undefined;
}

/** A scaling policy with the metrics of its customized target tracking metric read. */
function policyNode(lookup: GraphLookup, r: Resource): ScalingPolicyNode {
  const spec = field(r.property('TargetTrackingScalingPolicyConfiguration'), 'CustomizedMetricSpecification');
  const math = toArray(field(spec, 'Metrics'));
  const metrics = spec === undefined ? [] : math.length === 0 ? [spec] : math.map((m) => field(field(m, 'MetricStat'), 'Metric')).filter((m) => m !== undefined);
  return { resource: r, type: literalString(r.property('PolicyType')), customMetrics: metrics.map((m) => trackedMetric(lookup, r, m)) };
}

function trackedMetric(lookup: GraphLookup, policy: Resource, metric: Resolved): TrackedMetric {
  const dimensions = toArray(field(metric, 'Dimensions'));
  const value = (name: string) => field(dimensions.find((d) => literalString(field(d, 'Name')) === name), 'Value');
  const resource = value('Resource');
  return {
    functionName: lookup.functionNamed(policy, value('FunctionName')),
    resourceFunction: lookup.functionNamed(policy, stripQualifier(resource)),
    resourceQualifier: qualifierOf(resource),
    dimensions: dimensions.map((d) => `${describeValue(field(d, 'Name'))}=${describeValue(field(d, 'Value'))}`).join(' ') || '(none)',
  };
}
