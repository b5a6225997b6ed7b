/**
 * The template graph: resources of synthesized CloudFormation templates by logical id, grouped by
 * (account, region) across stacks, with the relations the rules need (function ↔ alias/version ↔ provisioned
 * concurrency, scalable target ↔ function, event source mapping ↔ queue ↔ DLQ, alarms ↔ metric dimensions,
 * functions ↔ RDS Proxy ↔ database, async failure destinations).
 */
import { DEFAULTS, estimateMaxConnections } from '../model';
import type { DatabaseEngine } from '../workload/types';
import { propertyFields, rawMentions, resolveProperty, resolveValue } from './resolve';
import { field, isRecord, isUnresolvable, literalString, partsOf, ResourceRef, toArray, toBoolean, toNumber, Unresolvable, type Part, type Resolved } from './values';

/** One stack's template and where it deploys. */
export interface StackTemplate {
  /** Stack name (or artifact id) used in findings. */
  readonly stackName: string;
  /** The parsed template (JSON or YAML); anything else is tolerated and reported. */
  readonly template: unknown;
  /** File the template came from, for SARIF locations. */
  readonly templateFile?: string;
  /** Account id, when known from the cloud assembly manifest. */
  readonly account?: string;
  /** Region, when known from the cloud assembly manifest. */
  readonly region?: string;
}

/** The environment of stacks that set neither account nor region (CDK's environment-agnostic stacks). */
export const UNKNOWN_ENVIRONMENT = 'environment-agnostic';

/**
 * A stack's environment as CDK names it: `aws://account/region`, with `unknown-account` or
 * `unknown-region` for a part the stack leaves open, or {@link UNKNOWN_ENVIRONMENT} when both are open.
 */
export function environmentName(account: string | undefined, region: string | undefined): string {
  return account === undefined && region === undefined ? UNKNOWN_ENVIRONMENT : `aws://${account ?? 'unknown-account'}/${region ?? 'unknown-region'}`;
}

/** An environment in a sentence: "aws://…", or "the environment-agnostic stacks". */
export function environmentInText(environment: string): string {
  return environment === UNKNOWN_ENVIRONMENT ? 'the environment-agnostic stacks' : environment;
}

/** One stack in the graph. */
export interface StackNode {
  readonly name: string;
  readonly templateFile?: string;
  /** {@link environmentName} of the stack's account and region. */
  readonly environment: string;
  readonly resources: ReadonlyMap<string, Resource>;
  readonly parameters: ReadonlySet<string>;
  /** Exports of every stack in the same environment, by export name. */
  readonly exports: ReadonlyMap<string, { readonly stack: StackNode; readonly value: unknown }>;
}

/** One resource of a template. */
export interface Resource {
  readonly stack: StackNode;
  readonly logicalId: string;
  readonly type: string;
  /** Construct path from `aws:cdk:path` metadata, when present. */
  readonly path?: string;
  readonly rawProperties: unknown;
  /** All properties with intrinsics resolved (computed once); rules read single ones with {@link property}. */
  properties(): { readonly [key: string]: Resolved };
  /** One property with intrinsics resolved, the same value as `properties()[key]`; resolved on first read, then kept. */
  property(key: string): Resolved;
}

/** A function and everything attached to it. */
export interface FunctionNode {
  readonly resource: Resource;
  readonly reservedConcurrency: number | undefined | Unresolvable;
  /** Function timeout; 3 s when not set (the Lambda default). */
  readonly timeoutSeconds: number | Unresolvable;
  readonly mappings: MappingNode[];
  readonly provisioned: ProvisionedNode[];
  readonly scalableTargets: ScalableTargetNode[];
  /** Proxies the function connects to; `unknown` when it may connect to one we cannot name. */
  readonly proxies: Array<ProxyNode | 'unknown'>;
  /** Why we think it is invoked synchronously / asynchronously (e.g. `apigateway.amazonaws.com`). */
  readonly syncSources: string[];
  readonly asyncSources: string[];
  /** Dead-letter queue or on-failure destination, when configured. */
  readonly failureDestinations: Resolved[];
  /** Metric names of alarms on this function (any dimension naming it). */
  readonly alarmMetrics: Set<string>;
}

/** An event source mapping from an SQS queue (or an unresolvable source). */
export interface MappingNode {
  readonly resource: Resource;
  readonly function: FunctionNode | undefined;
  readonly queue: QueueNode | Unresolvable | undefined;
}

/** An SQS queue. */
export interface QueueNode {
  readonly resource: Resource;
  readonly fifo: boolean | undefined | Unresolvable;
  readonly mappings: MappingNode[];
  /** Set when another queue redrives to it, a function uses it as DLQ or an on-failure destination. */
  dlqOf: string[];
  readonly alarmMetrics: Set<string>;
}

/** An alias or version with `ProvisionedConcurrencyConfig`. */
export interface ProvisionedNode {
  readonly resource: Resource;
  readonly function: FunctionNode | undefined;
  readonly provisionedConcurrency: number | undefined | Unresolvable;
}

/** An Application Auto Scaling target on a function alias's provisioned concurrency. */
export interface ScalableTargetNode {
  readonly resource: Resource;
  readonly function: FunctionNode | undefined;
  readonly policies: Resource[];
}

/** An RDS Proxy and what it fronts. */
export interface ProxyNode {
  readonly resource: Resource;
  readonly functions: FunctionNode[];
  /** `MaxConnectionsPercent` of its target group (default 100). */
  readonly maxConnectionsPercent: number | Unresolvable;
  /** `max_connections` of its database(s): the smallest, with how it was found; undefined when the database is not in the app. */
  readonly maxConnections: { readonly value: number; readonly source: string; readonly database: Resource } | Unresolvable | undefined;
}

/** Stacks that deploy to one (account, region). */
export interface EnvironmentGroup {
  readonly environment: string;
  readonly stacks: StackNode[];
  readonly functions: FunctionNode[];
}

/** The whole graph. */
export interface TemplateGraph {
  readonly stacks: StackNode[];
  readonly environments: EnvironmentGroup[];
  readonly functions: FunctionNode[];
  readonly mappings: MappingNode[];
  readonly queues: QueueNode[];
  readonly provisioned: ProvisionedNode[];
  readonly scalableTargets: ScalableTargetNode[];
  readonly proxies: ProxyNode[];
  /** Templates or resource entries the graph could not read (no Resources object, a resource without Type). */
  readonly invalidTemplates: Array<{ readonly stack: StackNode; readonly problem: string }>;
}

/** Service principals whose invocations are synchronous / asynchronous (Lambda invocation docs). */
const SYNC_PRINCIPALS = ['apigateway.amazonaws.com', 'elasticloadbalancing.amazonaws.com', 'cognito-idp.amazonaws.com', 'lex.amazonaws.com', 'alexa-appkit.amazon.com'];
const ASYNC_PRINCIPALS = ['s3.amazonaws.com', 'sns.amazonaws.com', 'events.amazonaws.com', 'ses.amazonaws.com', 'iot.amazonaws.com', 'logs.amazonaws.com', 'codecommit.amazonaws.com', 'config.amazonaws.com', 'scheduler.amazonaws.com'];

const LAMBDA_PC_DIMENSION = 'lambda:function:ProvisionedConcurrency';

/** What a property reads while it is being resolved from itself. */
const CIRCULAR = new Unresolvable('a circular reference');

/** A resource whose properties are resolved on first use, one at a time (one object per resource, no closures). */
class TemplateResource implements Resource {
  private resolved?: { readonly [key: string]: Resolved };
  /** {@link propertyFields} of the raw properties, once read (null: not read yet). */
  private fields: Readonly<Record<string, unknown>> | undefined | null = null;
  /** Properties resolved by {@link property} that are not literals, as key, value, key, value, ... (a resource has few). */
  private kept?: Array<string | Resolved>;

  constructor(
    public readonly stack: StackNode,
    public readonly logicalId: string,
    public readonly type: string,
    public readonly path: string | undefined,
    public readonly rawProperties: unknown,
  ) {}

  properties(): { readonly [key: string]: Resolved } {
    if (this.resolved) return this.resolved;
    const all: { [key: string]: Resolved } = {};
    for (const key of Object.keys(propertyFields(this.rawProperties) ?? {})) {
      const value = this.property(key);
      if (value !== undefined) all[key] = value;
    }
    return (this.resolved = all);
  }

  property(key: string): Resolved {
    if (this.fields === null) this.fields = propertyFields(this.rawProperties);
    const raw = this.fields?.[key];
    // Literal scalars are their own resolution: nothing to keep.
    if (raw === undefined || raw === null || typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean') return raw;
    const kept = (this.kept ??= []);
    for (let i = 0; i < kept.length; i += 2) if (kept[i] === key) return kept[i + 1];
    // A property whose resolution reads itself (an alias named by a split of its own ARN) is a cycle, not a stack overflow.
    const at = kept.push(key, CIRCULAR) - 1;
    kept[at] = resolveProperty(this.stack, this.fields, key);
    return kept[at];
  }
}

/** Builds the graph. Never throws on template content. */
export function buildGraph(inputs: readonly StackTemplate[]): TemplateGraph {
  const b = new GraphBuilder();
  return b.build(inputs);
}

class GraphBuilder {
  private readonly functionsByResource = new Map<Resource, FunctionNode>();
  private readonly queuesByResource = new Map<Resource, QueueNode>();
  private readonly proxiesByResource = new Map<Resource, ProxyNode>();
  /** Literal physical names (FunctionName, QueueName) per environment. */
  private readonly names = new Map<string, Resource>();
  private readonly byType = new Map<string, Resource[]>();

  build(inputs: readonly StackTemplate[]): TemplateGraph {
    const stacks: StackNode[] = [];
    const invalidTemplates: Array<{ stack: StackNode; problem: string }> = [];
    const exportsByEnv = new Map<string, Map<string, { stack: StackNode; value: unknown }>>();
    for (const input of inputs) {
      const environment = environmentName(input.account, input.region);
      const exports = exportsByEnv.get(environment) ?? new Map();
      exportsByEnv.set(environment, exports);
      const template = isPlainObject(input.template) ? input.template : {};
      const resources = new Map<string, Resource>();
      const stack: StackNode = {
        name: input.stackName,
        templateFile: input.templateFile,
        environment,
        resources,
        parameters: new Set(isPlainObject(template.Parameters) ? Object.keys(template.Parameters) : []),
        exports,
      };
      stacks.push(stack);
      if (!isPlainObject(template.Resources)) {
        // An empty CDK stack synthesizes no Resources section: nothing to check, nothing to report.
        if (template.Resources !== undefined || !isPlainObject(input.template)) {
          invalidTemplates.push({ stack, problem: isPlainObject(input.template) ? 'has a Resources section that is not an object' : 'is not a JSON/YAML object' });
        }
        continue;
      }
      const entries = template.Resources;
      for (const logicalId of Object.keys(entries)) {
        const raw = entries[logicalId];
        if (!isPlainObject(raw) || typeof raw.Type !== 'string') {
          invalidTemplates.push({ stack, problem: `resource ${logicalId} is not an object with a string Type` });
          continue;
        }
        const resource = new TemplateResource(stack, logicalId, raw.Type, cdkPath(raw.Metadata), raw.Properties);
        resources.set(logicalId, resource);
        const sameType = this.byType.get(raw.Type);
        if (sameType) sameType.push(resource);
        else this.byType.set(raw.Type, [resource]);
      }
      if (isPlainObject(template.Outputs)) {
        for (const output of Object.values(template.Outputs)) {
          if (!isPlainObject(output) || !isPlainObject(output.Export)) continue;
          const name = literalString(resolveValue(stack, output.Export.Name));
          if (name !== undefined) exports.set(name, { stack, value: output.Value });
        }
      }
    }
    return this.link(stacks, invalidTemplates);
  }

  private of(type: string): Resource[] {
    return this.byType.get(type) ?? [];
  }

  private link(stacks: StackNode[], invalidTemplates: TemplateGraph['invalidTemplates']): TemplateGraph {
    for (const r of this.of('AWS::Lambda::Function')) {
      const timeout = toNumber(r.property('Timeout'), `Timeout of ${r.logicalId}`);
      const dlq = field(r.property('DeadLetterConfig'), 'TargetArn');
      this.functionsByResource.set(r, {
        resource: r,
        reservedConcurrency: toNumber(r.property('ReservedConcurrentExecutions'), `ReservedConcurrentExecutions of ${r.logicalId}`),
        timeoutSeconds: timeout ?? 3,
        mappings: [],
        provisioned: [],
        scalableTargets: [],
        proxies: [],
        syncSources: [],
        asyncSources: [],
        failureDestinations: dlq !== undefined ? [dlq] : [],
        alarmMetrics: new Set(),
      });
      this.nameIndex(r, r.property('FunctionName'));
    }
    for (const r of this.of('AWS::SQS::Queue')) {
      this.queuesByResource.set(r, { resource: r, fifo: toBoolean(r.property('FifoQueue'), `FifoQueue of ${r.logicalId}`), mappings: [], dlqOf: [], alarmMetrics: new Set() });
      this.nameIndex(r, r.property('QueueName'));
    }
    const mappings = this.linkMappings();
    const provisioned = this.linkProvisioned();
    const scalableTargets = this.linkScalableTargets();
    this.linkInvokers();
    this.linkDlqs();
    this.linkAlarms();
    const proxies = this.linkProxies();
    const functions = [...this.functionsByResource.values()];
    const environments = new Map<string, EnvironmentGroup>();
    for (const stack of stacks) {
      const group = environments.get(stack.environment) ?? { environment: stack.environment, stacks: [], functions: [] };
      group.stacks.push(stack);
      environments.set(stack.environment, group);
    }
    for (const fn of functions) environments.get(fn.resource.stack.environment)?.functions.push(fn);
    return {
      stacks,
      environments: [...environments.values()],
      functions,
      mappings,
      queues: [...this.queuesByResource.values()],
      provisioned,
      scalableTargets,
      proxies,
      invalidTemplates,
    };
  }

  private nameIndex(r: Resource, name: Resolved): void {
    const literal = literalString(name);
    if (literal !== undefined) this.names.set(`${r.stack.environment}|${r.type}|${literal}`, r);
  }

  /** The resource of `type` that `value` names: a Ref/GetAtt, a literal name, or an ARN ending in a literal name. */
  private resourceNamed(from: Resource, value: Resolved, type: string): Resource | Unresolvable | undefined {
    if (value instanceof ResourceRef) return value.resource.type === type ? value.resource : undefined;
    if (isUnresolvable(value)) return value;
    const parts = partsOf(value);
    if (!parts) return undefined;
    const refs = parts.filter((p): p is ResourceRef => p instanceof ResourceRef && p.resource.type === type);
    if (refs.length === 1) return refs[0].resource;
    const literal = literalString(value);
    const tail = parts[parts.length - 1];
    let name: string | undefined;
    if (literal !== undefined) name = literal.startsWith('arn:') ? literal.split(':')[type === 'AWS::Lambda::Function' ? 6 : 5] : literal.split(':')[0];
    else if (typeof tail === 'string' && tail.includes(':')) name = tail.slice(tail.lastIndexOf(':') + 1);
    const found = name === undefined ? undefined : this.names.get(`${from.stack.environment}|${type}|${name}`);
    return found ?? (literal === undefined ? parts.find(isUnresolvable) : undefined);
  }

  /** The function a value names: directly, through an alias or version, or by name/ARN. */
  private functionNamed(from: Resource, value: Resolved, depth = 0): FunctionNode | Unresolvable | undefined {
    if (value instanceof ResourceRef && (value.resource.type === 'AWS::Lambda::Alias' || value.resource.type === 'AWS::Lambda::Version')) {
      return depth > 2 ? undefined : this.functionNamed(value.resource, value.resource.property('FunctionName'), depth + 1);
    }
    const r = this.resourceNamed(from, value, 'AWS::Lambda::Function');
    return r instanceof Unresolvable ? r : r && this.functionsByResource.get(r);
  }

  private linkMappings(): MappingNode[] {
    const out: MappingNode[] = [];
    for (const r of this.of('AWS::Lambda::EventSourceMapping')) {
      const fn = this.functionNamed(r, r.property('FunctionName'));
      const source = r.property('EventSourceArn');
      if (r.property('StartingPosition') !== undefined || eventSourceKind(source) === 'other') continue;
      const queueResource = this.resourceNamed(r, source, 'AWS::SQS::Queue');
      const queue = queueResource instanceof Unresolvable ? queueResource : queueResource && this.queuesByResource.get(queueResource);
      const node: MappingNode = { resource: r, function: fn instanceof Unresolvable ? undefined : fn, queue };
      if (node.function) node.function.mappings.push(node);
      if (queue && !(queue instanceof Unresolvable)) queue.mappings.push(node);
      out.push(node);
    }
    return out;
  }

  private linkProvisioned(): ProvisionedNode[] {
    const out: ProvisionedNode[] = [];
    for (const type of ['AWS::Lambda::Alias', 'AWS::Lambda::Version']) {
      for (const r of this.of(type)) {
        if (r.property('ProvisionedConcurrencyConfig') === undefined) continue;
        const fn = this.functionNamed(r, r.property('FunctionName'));
        const node: ProvisionedNode = {
          resource: r,
          function: fn instanceof Unresolvable ? undefined : fn,
          provisionedConcurrency: toNumber(field(r.property('ProvisionedConcurrencyConfig'), 'ProvisionedConcurrentExecutions'), `ProvisionedConcurrentExecutions of ${r.logicalId}`),
        };
        node.function?.provisioned.push(node);
        out.push(node);
      }
    }
    return out;
  }

  private linkScalableTargets(): ScalableTargetNode[] {
    const out: ScalableTargetNode[] = [];
    for (const r of this.of('AWS::ApplicationAutoScaling::ScalableTarget')) {
      if (literalString(r.property('ScalableDimension')) !== LAMBDA_PC_DIMENSION) continue;
      const node: ScalableTargetNode = { resource: r, function: this.functionOfResourceId(r, r.property('ResourceId')), policies: [] };
      node.function?.scalableTargets.push(node);
      out.push(node);
    }
    const byResource = new Map(out.map((t) => [t.resource, t]));
    // Policies that name their target by resource id instead of ScalingTargetId (built on first need).
    let byResourceId: Map<string, ScalableTargetNode> | undefined;
    for (const r of this.of('AWS::ApplicationAutoScaling::ScalingPolicy')) {
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

  /** `function:<name>:<alias>` (built with Join/Sub/Select/Split) → the function. */
  private functionOfResourceId(from: Resource, value: Resolved): FunctionNode | undefined {
    const parts = partsOf(value);
    if (!parts || typeof parts[0] !== 'string' || !parts[0].startsWith('function:')) return undefined;
    // The first non-empty part after `function:`.
    let head: Part | undefined = parts[0].slice('function:'.length);
    for (let i = 1; head === ''; i++) head = parts[i];
    if (head instanceof ResourceRef) {
      const fn = this.functionNamed(from, head);
      return fn instanceof Unresolvable ? undefined : fn;
    }
    if (typeof head === 'string') {
      const fn = this.functionNamed(from, head.split(':')[0]);
      return fn instanceof Unresolvable ? undefined : fn;
    }
    return undefined;
  }

  private linkInvokers(): void {
    const mark = (from: Resource, value: Resolved, list: 'syncSources' | 'asyncSources', source: string) => {
      const fn = this.functionNamed(from, value);
      if (fn && !(fn instanceof Unresolvable) && !fn[list].includes(source)) fn[list].push(source);
    };
    for (const r of this.of('AWS::Lambda::Permission')) {
      const principal = literalString(r.property('Principal')) ?? '';
      if (SYNC_PRINCIPALS.includes(principal)) mark(r, r.property('FunctionName'), 'syncSources', principal);
      if (ASYNC_PRINCIPALS.includes(principal)) mark(r, r.property('FunctionName'), 'asyncSources', principal);
    }
    for (const r of this.of('AWS::Lambda::Url')) mark(r, r.property('TargetFunctionArn'), 'syncSources', 'function URL');
    for (const r of this.of('AWS::SNS::Subscription')) {
      if (literalString(r.property('Protocol')) === 'lambda') mark(r, r.property('Endpoint'), 'asyncSources', `SNS subscription ${r.logicalId}`);
    }
    for (const r of this.of('AWS::Events::Rule')) {
      for (const target of toArray(r.property('Targets'))) mark(r, field(target, 'Arn'), 'asyncSources', `EventBridge rule ${r.logicalId}`);
    }
    for (const r of this.of('AWS::Lambda::EventInvokeConfig')) {
      const fn = this.functionNamed(r, r.property('FunctionName'));
      if (!fn || fn instanceof Unresolvable) continue;
      const destination = field(field(r.property('DestinationConfig'), 'OnFailure'), 'Destination');
      if (destination !== undefined) fn.failureDestinations.push(destination);
    }
  }

  private linkDlqs(): void {
    // `dlqOf` of each queue as a set: a DLQ of many queues would make `includes` quadratic.
    const reasons = new Map<QueueNode, Set<string>>();
    const markDlq = (from: Resource, value: Resolved, why: string) => {
      const q = this.resourceNamed(from, value, 'AWS::SQS::Queue');
      const queue = q instanceof Unresolvable ? undefined : q && this.queuesByResource.get(q);
      if (!queue) return;
      const seen = reasons.get(queue) ?? new Set(queue.dlqOf);
      reasons.set(queue, seen);
      if (!seen.has(why)) queue.dlqOf.push(why);
      seen.add(why);
    };
    for (const queue of this.queuesByResource.values()) {
      const target = field(queue.resource.property('RedrivePolicy'), 'deadLetterTargetArn');
      if (target !== undefined) markDlq(queue.resource, target, `redrive of ${queue.resource.logicalId}`);
    }
    for (const fn of this.functionsByResource.values()) {
      for (const d of fn.failureDestinations) markDlq(fn.resource, d, `failure destination of ${fn.resource.logicalId}`);
    }
  }

  private linkAlarms(): void {
    for (const r of this.of('AWS::CloudWatch::Alarm')) {
      // The alarm's own metric, then those of its metric math.
      this.linkAlarmMetric(r, r.property('MetricName'), r.property('Dimensions'));
      for (const m of toArray(r.property('Metrics'))) {
        const metric = field(field(m, 'MetricStat'), 'Metric');
        this.linkAlarmMetric(r, field(metric, 'MetricName'), field(metric, 'Dimensions'));
      }
    }
  }

  /** Records a metric an alarm watches on the functions and queues its dimensions name. */
  private linkAlarmMetric(alarm: Resource, name: Resolved, dimensions: Resolved): void {
    const metricName = literalString(name);
    if (!metricName) return;
    for (const d of toArray(dimensions)) {
      const dimension = literalString(field(d, 'Name'));
      const value = field(d, 'Value');
      if (dimension === 'FunctionName' || dimension === 'Resource') {
        const fn = this.functionNamed(alarm, stripQualifier(value));
        if (fn && !(fn instanceof Unresolvable)) fn.alarmMetrics.add(metricName);
      } else if (dimension === 'QueueName') {
        const q = this.resourceNamed(alarm, value instanceof ResourceRef ? value : literalString(value), 'AWS::SQS::Queue');
        const queue = q instanceof Unresolvable ? undefined : q && this.queuesByResource.get(q);
        queue?.alarmMetrics.add(metricName);
      }
    }
  }

  private linkProxies(): ProxyNode[] {
    const proxies = this.of('AWS::RDS::DBProxy');
    const endpoints = new Map(this.of('AWS::RDS::DBProxyEndpoint').map((e) => [e, e.property('DBProxyName')]));
    const proxyOf = (v: Resolved): Resource | undefined => {
      if (!(v instanceof ResourceRef)) return undefined;
      if (v.resource.type === 'AWS::RDS::DBProxy') return v.resource;
      const owner = endpoints.get(v.resource);
      return owner instanceof ResourceRef ? owner.resource : undefined;
    };
    for (const r of proxies) {
      const group = this.of('AWS::RDS::DBProxyTargetGroup').find((g) => proxyOf(g.property('DBProxyName')) === r);
      const percent = group ? toNumber(field(group.property('ConnectionPoolConfigurationInfo'), 'MaxConnectionsPercent'), `MaxConnectionsPercent of ${group.logicalId}`) : undefined;
      this.proxiesByResource.set(r, {
        resource: r,
        functions: [],
        maxConnectionsPercent: percent ?? DEFAULTS.maxConnectionsPercent,
        maxConnections: group ? this.databaseMaxConnections(group) : undefined,
      });
    }
    for (const fn of this.functionsByResource.values()) {
      // Environment variables that carry a proxy endpoint (or a literal proxy host name).
      const vars = field(fn.resource.property('Environment'), 'Variables');
      for (const v of isRecord(vars) ? Object.values(vars) : []) {
        const parts = partsOf(v) ?? [];
        for (const part of parts) {
          const proxy = proxyOf(part);
          if (proxy) this.connect(fn, this.proxiesByResource.get(proxy));
          else if (typeof part === 'string' && /\.proxy-[a-z0-9]+\.[a-z0-9-]+\.rds\.amazonaws\.com/.test(part)) this.connect(fn, undefined);
        }
      }
    }
    // Only documents that mention rds-db are resolved: IAM documents are the largest part of most templates.
    const grants = (type: string) => this.of(type).filter((r) => rawMentions(r.rawProperties, 'rds-db:'));
    const policies = [
      ...[...grants('AWS::IAM::Policy'), ...grants('AWS::IAM::ManagedPolicy')].map((r) => ({ roles: toArray(r.property('Roles')), documents: [r.property('PolicyDocument')] })),
      ...grants('AWS::IAM::Role').map((r) => ({ roles: [new ResourceRef(r)] as Resolved[], documents: toArray(r.property('Policies')).map((p) => field(p, 'PolicyDocument')) })),
    ];
    const roleOwners = policies.length > 0 ? this.roleOwners() : new Map<Resource, FunctionNode[]>();
    for (const { roles, documents } of policies) {
      const owners = roles.flatMap((role) => (role instanceof ResourceRef ? (roleOwners.get(role.resource) ?? []) : []));
      if (owners.length === 0) continue;
      for (const statement of documents.flatMap((d) => statementsOf(d))) {
        if (literalString(field(statement, 'Effect')) !== 'Allow') continue;
        const actions = toArray(field(statement, 'Action')).length > 0 ? toArray(field(statement, 'Action')) : [field(statement, 'Action')];
        if (!actions.some((a) => ['rds-db:connect', 'rds-db:*'].includes(literalString(a) ?? ''))) continue;
        const targets = collectRefs(field(statement, 'Resource')).map(proxyOf).filter((p): p is Resource => p !== undefined);
        for (const fn of owners) {
          if (targets.length === 0) this.connect(fn, undefined);
          for (const t of targets) this.connect(fn, this.proxiesByResource.get(t));
        }
      }
    }
    return [...this.proxiesByResource.values()];
  }

  /** Execution role → the functions that run with it (in function order). */
  private roleOwners(): Map<Resource, FunctionNode[]> {
    const owners = new Map<Resource, FunctionNode[]>();
    for (const fn of this.functionsByResource.values()) {
      const role = fn.resource.property('Role');
      if (!(role instanceof ResourceRef)) continue;
      const same = owners.get(role.resource);
      if (same) same.push(fn);
      else owners.set(role.resource, [fn]);
    }
    return owners;
  }

  private connect(fn: FunctionNode, proxy: ProxyNode | undefined): void {
    const target = proxy ?? 'unknown';
    if (!fn.proxies.includes(target)) fn.proxies.push(target);
    if (proxy && !proxy.functions.includes(fn)) proxy.functions.push(fn);
  }

  /** The smallest `max_connections` of a target group's databases: the parameter group's value, else estimated from the instance class. */
  private databaseMaxConnections(group: Resource): ProxyNode['maxConnections'] {
    const databases = [...toArray(group.property('DBInstanceIdentifiers')), ...toArray(group.property('DBClusterIdentifiers'))];
    let best: ProxyNode['maxConnections'];
    for (const id of databases) {
      if (!(id instanceof ResourceRef)) {
        best ??= isUnresolvable(id) ? id : undefined;
        continue;
      }
      const found = this.maxConnectionsOf(id.resource);
      if (found instanceof Unresolvable) best = best && !(best instanceof Unresolvable) ? best : found;
      else if (found && (!best || best instanceof Unresolvable || found.value < best.value)) best = found;
    }
    return best;
  }

  private maxConnectionsOf(db: Resource): ProxyNode['maxConnections'] {
    const isCluster = db.type === 'AWS::RDS::DBCluster';
    const groupRef = isCluster ? db.property('DBClusterParameterGroupName') : db.property('DBParameterGroupName');
    if (groupRef instanceof ResourceRef) {
      const set = toNumber(field(groupRef.resource.property('Parameters'), 'max_connections'), `max_connections of ${groupRef.resource.logicalId}`);
      if (typeof set === 'number') return { value: set, source: `max_connections ${set} of parameter group ${groupRef.resource.logicalId}`, database: db };
      if (set instanceof Unresolvable) return set;
    }
    const engine = engineOf(literalString(db.property('Engine')));
    if (!engine) return new Unresolvable(`the engine of ${db.logicalId} (${literalString(db.property('Engine')) ?? 'not a literal'})`);
    const instances = isCluster ? this.of('AWS::RDS::DBInstance').filter((i) => i.property('DBClusterIdentifier') instanceof ResourceRef && (i.property('DBClusterIdentifier') as ResourceRef).resource === db) : [db];
    let best: { value: number; source: string; database: Resource } | undefined;
    for (const instance of instances) {
      const cls = literalString(instance.property('DBInstanceClass'));
      const estimate = cls ? estimateMaxConnections(engine, cls) : undefined;
      if (estimate === undefined) return new Unresolvable(`max_connections of ${instance.logicalId} (instance class ${cls ?? 'not a literal'} not in the model's table)`);
      if (!best || estimate < best.value) best = { value: estimate, source: `estimated ${estimate} from ${engine} on ${cls}`, database: db };
    }
    return best ?? new Unresolvable(`max_connections of ${db.logicalId} (no instances found)`);
  }
}

/** Whether an event source ARN is an SQS queue, something else (stream, broker), or not known before deploy. */
function eventSourceKind(source: Resolved): 'sqs' | 'other' | 'unknown' {
  if (source === undefined) return 'other';
  if (source instanceof ResourceRef) return source.resource.type === 'AWS::SQS::Queue' ? 'sqs' : 'other';
  const text = (partsOf(source) ?? []).map((p) => (typeof p === 'string' ? p : '\u0000')).join('');
  const service = /^arn:[^:]*:([^:]+):/.exec(text)?.[1];
  if (service === undefined || service === '\u0000') return 'unknown';
  return service === 'sqs' ? 'sqs' : 'other';
}

/** The construct path in a resource's `Metadata` (`aws:cdk:path`), when there is one. */
function cdkPath(metadata: unknown): string | undefined {
  const path = isPlainObject(metadata) ? metadata['aws:cdk:path'] : undefined;
  return typeof path === 'string' ? path : undefined;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A comparable key of a resolved string (references by logical id). */
function keyOf(v: Resolved): string {
  return (partsOf(v) ?? []).map((p) => (p instanceof ResourceRef ? `{${p.resource.logicalId}.${p.attribute ?? ''}}` : isUnresolvable(p) ? `{?${p.reason}}` : p)).join('');
}

/** `fn:alias` → `fn` (alarm `Resource` dimensions name a qualified function). */
function stripQualifier(v: Resolved): Resolved {
  const parts = partsOf(v);
  if (!parts) return v;
  const head = parts[0];
  if (head instanceof ResourceRef) return head;
  return typeof head === 'string' && parts.length === 1 ? head.split(':')[0] : v;
}

function statementsOf(document: Resolved): Resolved[] {
  const s = field(document, 'Statement');
  return Array.isArray(s) ? (s as Resolved[]) : s === undefined ? [] : [s];
}

/** Every resource reference inside a value. */
function collectRefs(v: Resolved): ResourceRef[] {
  if (v instanceof ResourceRef) return [v];
  if (Array.isArray(v)) return (v as Resolved[]).flatMap(collectRefs);
  return (partsOf(v) ?? []).filter((p): p is ResourceRef => p instanceof ResourceRef);
}

/** CloudFormation `Engine` → the model's engine family. */
function engineOf(engine: string | undefined): DatabaseEngine | undefined {
  if (!engine) return undefined;
  if (engine === 'aurora-postgresql') return 'aurora-postgresql';
  // `aurora` is Aurora MySQL 1 (MySQL 5.6 compatible)
  if (engine === 'aurora-mysql' || engine === 'aurora') return 'aurora-mysql';
  if (engine.includes('postgres')) return 'postgres';
  if (engine.includes('mariadb')) return 'mariadb';
  if (engine.includes('mysql')) return 'mysql';
  return undefined;
}
