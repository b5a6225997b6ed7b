/**
 * Linker: functions ↔ RDS Proxy (through `rds-db:connect` grants on their role or an environment variable
 * holding the endpoint) ↔ target group ↔ databases, and each database's `max_connections`.
 */
import { DEFAULTS, engineFamily, estimateMaxConnections } from '../../model';
import { describeValue, field, isRecord, isUnresolvable, literalString, partsOf, ResourceRef, toArray, toNumber, Unresolvable, type Resolved, type Resource } from '../values';
import { grantsOf } from './grants';
import type { GraphLookup } from './lookup';
import type { FunctionNode, ProxyNode } from './nodes';

/** Proxies with their pool settings and databases, connected to the functions that use them. */
export function linkProxies(lookup: GraphLookup): ProxyNode[] {
  const byResource = new Map<Resource, ProxyNode>();
  const proxies = lookup.of('AWS::RDS::DBProxy');
  const endpoints = new Map(lookup.of('AWS::RDS::DBProxyEndpoint').map((e) => [e, e.property('DBProxyName')]));
  const proxyOf = (v: Resolved): Resource | undefined => {
    if (!(v instanceof ResourceRef)) return undefined;
    if (v.resource.type === 'AWS::RDS::DBProxy') return v.resource;
    const owner = endpoints.get(v.resource);
    return owner instanceof ResourceRef ? owner.resource : undefined;
  };
  for (const r of proxies) {
    const group = lookup.of('AWS::RDS::DBProxyTargetGroup').find((g) => proxyOf(g.property('DBProxyName')) === r);
    const percent = group ? toNumber(field(group.property('ConnectionPoolConfigurationInfo'), 'MaxConnectionsPercent'), `MaxConnectionsPercent of ${group.logicalId}`) : undefined;
    byResource.set(r, {
      resource: r,
      functions: [],
      maxConnectionsPercent: percent ?? DEFAULTS.maxConnectionsPercent,
      maxConnections: group ? databaseMaxConnections(lookup, group) : undefined,
    });
  }
  for (const fn of lookup.functions.values()) {
    // Environment variables that carry a proxy endpoint (or a literal proxy host name).
    const vars = field(fn.resource.property('Environment'), 'Variables');
    for (const v of isRecord(vars) ? Object.values(vars) : []) {
      const parts = partsOf(v) ?? [];
      for (const part of parts) {
        const proxy = proxyOf(part);
        if (proxy) connect(fn, byResource.get(proxy));
        else if (typeof part === 'string' && /\.proxy-[a-z0-9]+\.[a-z0-9-]+\.rds\.amazonaws\.com/.test(part)) connect(fn, undefined);
      }
    }
  }
  const grants = grantsOf(lookup, ['rds-db:connect', 'rds-db:*']);
  const roleOwners = grants.length > 0 ? roleOwnersOf(lookup) : new Map<Resource, FunctionNode[]>();
  for (const { roles, statement } of grants) {
    const owners = roles.flatMap((role) => roleOwners.get(role) ?? []);
    const targets = collectRefs(field(statement, 'Resource')).map(proxyOf).filter((p): p is Resource => p !== undefined);
    for (const fn of owners) {
      if (targets.length === 0) connect(fn, undefined);
      for (const t of targets) connect(fn, byResource.get(t));
    }
  }
  return [...byResource.values()];
}

/** Execution role → the functions that run with it (in function order). */
function roleOwnersOf(lookup: GraphLookup): Map<Resource, FunctionNode[]> {
  const owners = new Map<Resource, FunctionNode[]>();
  for (const fn of lookup.functions.values()) {
    const role = fn.resource.property('Role');
    if (!(role instanceof ResourceRef)) continue;
    const same = owners.get(role.resource);
    if (same) same.push(fn);
    else owners.set(role.resource, [fn]);
  }
  return owners;
}

function connect(fn: FunctionNode, proxy: ProxyNode | undefined): void {
  const target = proxy ?? 'unknown';
  if (!fn.proxies.includes(target)) fn.proxies.push(target);
  if (proxy && !proxy.functions.includes(fn)) proxy.functions.push(fn);
}

/** The smallest `max_connections` of a target group's databases: the parameter group's value, else estimated from the instance class. */
function databaseMaxConnections(lookup: GraphLookup, group: Resource): ProxyNode['maxConnections'] {
  const databases = [...toArray(group.property('DBInstanceIdentifiers')), ...toArray(group.property('DBClusterIdentifiers'))];
  let best: ProxyNode['maxConnections'];
  for (const id of databases) {
    if (!(id instanceof ResourceRef)) {
      best ??= isUnresolvable(id) ? id : undefined;
      continue;
    }
    const found = maxConnectionsOf(lookup, id.resource);
    if (found instanceof Unresolvable) best = best && !(best instanceof Unresolvable) ? best : found;
    else if (found && (!best || best instanceof Unresolvable || found.value < best.value)) best = found;
  }
  return best;
}

function maxConnectionsOf(lookup: GraphLookup, db: Resource): ProxyNode['maxConnections'] {
  const isCluster = db.type === 'AWS::RDS::DBCluster';
  const groupRef = isCluster ? db.property('DBClusterParameterGroupName') : db.property('DBParameterGroupName');
  if (groupRef instanceof ResourceRef) {
    const set = toNumber(field(groupRef.resource.property('Parameters'), 'max_connections'), `max_connections of ${groupRef.resource.logicalId}`);
    if (typeof set === 'number') return { value: set, source: `max_connections ${set} of parameter group ${groupRef.resource.logicalId}`, database: db };
    if (set instanceof Unresolvable) return set;
  }
  const engine = engineFamily(literalString(db.property('Engine')));
  if (!engine) return new Unresolvable(`the engine of ${db.logicalId} (${literalString(db.property('Engine')) === undefined ? 'not a literal' : describeValue(db.property('Engine'))})`);
  const instances = isCluster ? lookup.of('AWS::RDS::DBInstance').filter((i) => i.property('DBClusterIdentifier') instanceof ResourceRef && (i.property('DBClusterIdentifier') as ResourceRef).resource === db) : [db];
  let best: { value: number; source: string; database: Resource } | undefined;
  for (const instance of instances) {
    const cls = literalString(instance.property('DBInstanceClass'));
    const estimate = cls ? estimateMaxConnections(engine, cls) : undefined;
    if (estimate === undefined) return new Unresolvable(`max_connections of ${instance.logicalId} (instance class ${cls === undefined ? 'not a literal' : describeValue(cls)} not in the model's table)`);
    if (!best || estimate < best.value) best = { value: estimate, source: `estimated ${estimate} from ${engine} on ${cls}`, database: db };
  }
  return best ?? new Unresolvable(`max_connections of ${db.logicalId} (no instances found)`);
}

/** Every resource reference inside a value. */
function collectRefs(v: Resolved): ResourceRef[] {
  if (v instanceof ResourceRef) return [v];
  if (Array.isArray(v)) return (v as Resolved[]).flatMap(collectRefs);
  return (partsOf(v) ?? []).filter((p): p is ResourceRef => p instanceof ResourceRef);
}
