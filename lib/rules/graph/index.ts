/**
 * The template graph: resources of synthesized CloudFormation templates by logical id, grouped by
 * (account, region) across stacks, with the relations the rules need (function ↔ alias/version ↔ provisioned
 * concurrency, scalable target ↔ function, event source mapping ↔ queue ↔ DLQ, alarms ↔ metric dimensions,
 * functions ↔ RDS Proxy ↔ database, async failure destinations).
 *
 * Template nodes come from {@link readTemplates}; each relation has one linker module. The input is a plain
 * CloudFormation template (other formats are translated before they get here).
 */
import { LIMITS } from '../../model';
import { field, toBoolean, toNumber } from '../values';
import { linkAlarms } from './alarms';
import { linkArnProperties } from './arns';
import { linkFailures, redrivePolicyOf } from './failures';
import { linkInvokers } from './invokers';
import { GraphLookup } from './lookup';
import { linkMappings } from './mappings';
import type { EnvironmentGroup, StackTemplate, TemplateGraph } from './nodes';
import { linkProvisioned, linkScalableTargets } from './provisioned';
import { linkProxies } from './proxies';
import { readSchedules } from './schedules';
import { readTemplates } from './template';

export * from './nodes';
export { eventSourceKind, readsSqs, readsStream } from './mappings';

/** Builds the graph. Never throws on template content. */
export function buildGraph(inputs: readonly StackTemplate[]): TemplateGraph {
  const { stacks, byType, invalidTemplates } = readTemplates(inputs);
  const lookup = new GraphLookup(byType);
  for (const r of lookup.of('AWS::Lambda::Function')) {
    const dlq = field(r.property('DeadLetterConfig'), 'TargetArn');
    lookup.functions.set(r, {
      resource: r,
      reservedConcurrency: toNumber(r.property('ReservedConcurrentExecutions'), `ReservedConcurrentExecutions of ${r.logicalId}`),
      timeoutSeconds: toNumber(r.property('Timeout'), `Timeout of ${r.logicalId}`) ?? LIMITS.lambdaDefaultTimeoutSeconds,
      mappings: [],
      provisioned: [],
      scalableTargets: [],
      proxies: [],
      syncSources: [],
      asyncSources: [],
      customResources: [],
      failureDestinations: dlq !== undefined ? [dlq] : [],
      alarmMetrics: new Set(),
    });
    lookup.nameIndex(r, r.property('FunctionName'));
  }
  for (const r of lookup.of('AWS::SQS::Queue')) {
    lookup.queues.set(r, { resource: r, fifo: toBoolean(r.property('FifoQueue'), `FifoQueue of ${r.logicalId}`), redrive: redrivePolicyOf(r), redrivenFrom: [], mappings: [], dlqOf: [], namedByUrl: [], alarmMetrics: new Set() });
    lookup.nameIndex(r, r.property('QueueName'));
  }
  const mappings = linkMappings(lookup);
  const provisioned = linkProvisioned(lookup);
  const scalableTargets = linkScalableTargets(lookup);
  linkInvokers(lookup);
  linkFailures(lookup, mappings);
  linkArnProperties(lookup);
  linkAlarms(lookup);
  const proxies = linkProxies(lookup);
  const functions = [...lookup.functions.values()];
  const environments = new Map<string, EnvironmentGroup>();
  for (const stack of stacks) {
    const group = environments.get(stack.environment) ?? { environment: stack.environment, stacks: [], functions: [] };
    group.stacks.push(stack);
    environments.set(stack.environment, group);
  }
  for (const fn of functions) environments.get(fn.resource.stack.environment)?.functions.push(fn);
  return { stacks, environments: [...environments.values()], functions, mappings, queues: [...lookup.queues.values()], provisioned, scalableTargets, schedules: readSchedules(lookup, scalableTargets), proxies, invalidTemplates };
}
