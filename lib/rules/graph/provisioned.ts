/**
 * Linker: provisioned concurrency (aliases and versions) and the Application Auto Scaling targets and
 * policies on it ↔ their function.
 */
import { field, literalString, ResourceRef, toNumber } from '../values';
import { keyOf, type GraphLookup } from './lookup';
import type { ProvisionedNode, ScalableTargetNode } from './nodes';

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
    const node: ScalableTargetNode = { resource: r, function: lookup.functionOfResourceId(r, r.property('ResourceId')), policies: [] };
    node.function?.scalableTargets.push(node);
    out.push(node);
  }
  const byResource = new Map(out.map((t) => [t.resource, t]));
  // Policies that name their target by resource id instead of ScalingTargetId (built on first need).
  let byResourceId: Map<string, ScalableTargetNode> | undefined;
  for (const r of lookup.of('AWS::ApplicationAutoScaling::ScalingPolicy')) {
    const targetId = r.property('ScalingTargetId');
    if (targetId instanceof ResourceRef) {
      byResource.get(targetId.resource)?.policies.push(r);
      continue;
    }
    byResourceId ??= new Map(out.map((t) => [`${t.resource.stack.name}|${keyOf(t.resource.property('ResourceId'))}`, t]));
    byResourceId.get(`${r.stack.name}|${keyOf(r.property('ResourceId'))}`)?.policies.push(r);
  }
  return out;
}
