/**
 * Linker: provisioned concurrency (aliases and versions) and the Application Auto Scaling targets and
 * policies on it ↔ their function.
 */
import { LAMBDA_PC_NAMES } from '../../model';
import { describeValue, field, literalString, ResourceRef, toArray, toNumber, type Resolved, type Resource } from '../values';
import { keyOf, qualifierOf, stripQualifier, type GraphLookup } from './lookup';
import type { FunctionNode, ProvisionedNode, ScalableTargetNode, ScalingPolicyNode, TrackedMetric } from './nodes';

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
  const qualified = qualifiedIndex(lookup);
  for (const r of lookup.of('AWS::ApplicationAutoScaling::ScalableTarget')) {
    if (literalString(r.property('ScalableDimension')) !== LAMBDA_PC_NAMES.scalableDimension) continue;
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
      qualified: fn && typeof qualifier === 'string' ? qualified(fn, qualifier) : undefined,
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

/**
 * The alias (by `Name`) or version of a function that a qualifier names, among the checked templates; aliases and
 * versions are indexed by function on first use.
 */
function qualifiedIndex(lookup: GraphLookup): (fn: FunctionNode, qualifier: string) => Resource | undefined {
  let index: Map<FunctionNode, { aliases: Map<string, Resource>; versions: Resource[] }> | undefined;
  const build = () => {
    const out = new Map<FunctionNode, { aliases: Map<string, Resource>; versions: Resource[] }>();
    const entry = (fn: FunctionNode) => {
      let e = out.get(fn);
      if (!e) out.set(fn, (e = { aliases: new Map(), versions: [] }));
      return e;
    };
    for (const a of lookup.of('AWS::Lambda::Alias')) {
      const fn = lookup.knownFunction(a, a.property('FunctionName'));
      const name = literalString(a.property('Name'));
      if (fn && name !== undefined && !entry(fn).aliases.has(name)) entry(fn).aliases.set(name, a);
    }
    for (const v of lookup.of('AWS::Lambda::Version')) {
      const fn = lookup.knownFunction(v, v.property('FunctionName'));
      if (fn) entry(fn).versions.push(v);
    }
    return out;
  };
  return (fn, qualifier) => {
    const of = (index ??= build()).get(fn);
    const alias = of?.aliases.get(qualifier);
    // A version number: only one version of the function can be meant when the templates publish exactly one.
    return alias ?? (/^\d+$/.test(qualifier) && of?.versions.length === 1 ? of.versions[0] : undefined);
  };
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
