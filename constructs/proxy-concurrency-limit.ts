/**
 * `ProxyConcurrencyLimit`: a function's reserved concurrency sized to its share of an RDS Proxy pool.
 */
import { Stack, Token } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as rds from 'aws-cdk-lib/aws-rds';
import { Construct, IConstruct } from 'constructs';
import { DEFAULTS, LIMITS, engineFamily, estimateMaxConnections, lambdaConnectionBudget, proxyPool, splitConnectionBudget } from '../lib/model';
import { deferredNumber } from './private/deferred';
import { requireCfnFunction, reservedOf } from './private/function';
import { PropsCheck, isKnown } from './private/validate';

/** Knobs of {@link ProxyConcurrencyLimit}; the proxy-wide ones must agree across functions. */
export interface ProxyConcurrencyLimitOptions {
  /**
   * Environments the function wants: its reserved concurrency before the proxy caps it.
   * Valid range: 1–1,000,000 (the largest account concurrency limit the workload schema accepts).
   * @default - the function's reservedConcurrentExecutions (one of the two must be a number)
   */
  readonly environments?: number;
  /**
   * Database connections one execution environment holds (more with session pinning). Valid range: 1–1,000.
   * @default 1
   */
  readonly connectionsPerEnvironment?: number;
  /**
   * The database's `max_connections`. Proxy-wide. Valid range: 1–262,143.
   * @default - estimated from `database`'s instance class and engine (an estimate; a warning says so)
   */
  readonly maxConnections?: number;
  /**
   * The database instance, when `maxConnections` is not given: its class and engine give the
   * engine's default `max_connections` (PostgreSQL, MySQL, MariaDB).
   * @default - `maxConnections` must be given
   */
  readonly database?: rds.DatabaseInstance;
  /**
   * RDS Proxy MaxConnectionsPercent, set on the proxy's target group. Proxy-wide.
   * Valid range: 1–100.
   * @see https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy-connections.html
   * @default - the proxy's own setting, else 100
   */
  readonly maxConnectionsPercent?: number;
  /**
   * Fraction of the proxy pool kept free. Proxy-wide. Valid range: 0–0.99.
   * @default 0.3 (AWS recommends 30% headroom)
   */
  readonly headroom?: number;
  /**
   * Connections other clients hold through the proxy. Proxy-wide. Valid range: 0–262,143.
   * @default 0
   */
  readonly otherClients?: number;
}

/** Props of {@link ProxyConcurrencyLimit}. */
export interface ProxyConcurrencyLimitProps extends ProxyConcurrencyLimitOptions {
  /** The function that connects through the proxy. */
  readonly function: lambda.Function;
  /** The proxy. */
  readonly proxy: rds.DatabaseProxy;
}

/** What the first construct on a proxy fixed for all. */
interface ProxySettings {
  readonly maxConnections: number;
  readonly maxConnectionsPercent: number;
  readonly headroom: number;
  readonly otherClients: number;
  /** Who set them, for conflict messages. */
  readonly owner: string;
}

/** One function's claim on a proxy. */
interface Claim {
  readonly fn: lambda.CfnFunction;
  readonly environments: number;
  readonly connectionsPerEnvironment: number;
}

/**
 * One RDS Proxy's Lambda connection budget, shared by every ProxyConcurrencyLimit on the proxy: the first
 * one creates it as a child of the proxy, the others find it there. The split is computed when read, so
 * it sees every claim.
 */
class ProxyBudget extends Construct {
  /** The budget a ProxyConcurrencyLimit created under `proxy`, if any. */
  static of(proxy: rds.DatabaseProxy): ProxyBudget | undefined {
    const child = proxy.node.tryFindChild(ProxyBudget.ID);
    return child instanceof ProxyBudget ? child : undefined;
  }

  private static readonly ID = 'LambdaScalingConnectionBudget';
  readonly claims: Claim[] = [];

  /** `budget` is undefined when max_connections is a token: then nothing is capped (warned). */
  constructor(proxy: rds.DatabaseProxy, readonly settings: ProxySettings, readonly budget: number | undefined) {
    super(proxy, ProxyBudget.ID);
  }

  /** Environments each claim may use now: Σ cap × connections ≤ budget (lib/model splitConnectionBudget). */
  caps(): number[] {
    return this.budget === undefined ? this.claims.map((c) => c.environments) : splitConnectionBudget(this.budget, this.claims);
  }

  capOf(claim: Claim): number {
    return this.caps()[this.claims.indexOf(claim)];
  }
}

/**
 * A function's reserved concurrency as the least of its shares on every proxy it uses: a child of the
 * function, made by its first ProxyConcurrencyLimit.
 */
class ReservedShares extends Construct {
  /** The shares of `fn`, created on first use; they own its reservedConcurrentExecutions from then on. */
  static of(fn: lambda.Function, cfn: lambda.CfnFunction): ReservedShares {
    const child = fn.node.tryFindChild(ReservedShares.ID);
    return child instanceof ReservedShares ? child : new ReservedShares(fn, cfn);
  }

  private static readonly ID = 'LambdaScalingReservedShares';
  private readonly caps: Array<() => number> = [];
  /** The function's reserved concurrency, computed at synthesis. */
  readonly reserved: number;

  private constructor(fn: lambda.Function, cfn: lambda.CfnFunction) {
    super(fn, ReservedShares.ID);
    this.reserved = deferredNumber(() => Math.min(...this.caps.map((c) => c())));
    cfn.reservedConcurrentExecutions = this.reserved;
  }

  /** Adds the share of one more proxy. */
  add(cap: () => number): void {
    this.caps.push(cap);
  }
}

/**
 * Sizes a function's reserved concurrency to its share of an RDS Proxy's Lambda budget
 * (MODEL §5): `floor(floor(max_connections × MaxConnectionsPercent / 100) × (1 − headroom)) − otherClients`
 * connections, split among every function on the proxy in proportion to need. The split is
 * computed at synthesis, so the sum never exceeds the budget however many functions are added and
 * in whatever order. Sets the proxy's MaxConnectionsPercent to the value the budget assumes.
 */
export class ProxyConcurrencyLimit extends Construct {
  /** The function's reserved concurrency, resolved at synthesis (a token until then). */
  public readonly reservedConcurrency: number;
  /** Lambda connection budget of the proxy, shared by every function on it; undefined when unknown (tokens). */
  public readonly connectionBudget: number | undefined;

  constructor(scope: Construct, id: string, props: ProxyConcurrencyLimitProps) {
    super(scope, id);
    const check = new PropsCheck(this, 'ProxyConcurrencyLimit');
    const cfn = requireCfnFunction(props.function, check);
    const environments = props.environments ?? reservedOf(props.function);
    check.require(environments !== undefined, 'environments is required when the function has no reservedConcurrentExecutions');
    // Bounded as the workload schema bounds them, so the budget split's work is bounded too (1e308 looped).
    check.range('environments', environments, 1, LIMITS.maxConcurrencyLimit, { integer: true });
    check.range('connectionsPerEnvironment', props.connectionsPerEnvironment, 1, LIMITS.maxConnectionsPerEnvironment, { integer: true });
    check.throwIfAny();
    if (!isKnown(environments)) {
      check.warn('environments.unresolved', 'environments is a token, so the function\'s share of the proxy budget is not computed and its reserved concurrency is left as it is');
      this.reservedConcurrency = environments!;
      this.connectionBudget = undefined;
      return;
    }

    const found = budgetFor(this, check, props);
    check.throwIfAny();
    const budget = found!;
    const claim: Claim = { fn: cfn!, environments, connectionsPerEnvironment: props.connectionsPerEnvironment ?? DEFAULTS.connectionsPerEnvironment };
    check.require(!budget.claims.some((c) => c.fn === cfn), `function ${props.function.node.path} already has a ProxyConcurrencyLimit on proxy ${props.proxy.node.path}`);
    check.throwIfAny();
    budget.claims.push(claim);
    this.connectionBudget = budget.budget;

    const shares = ReservedShares.of(props.function, claim.fn);
    shares.add(() => budget.capOf(claim));
    this.reservedConcurrency = shares.reserved;

    this.node.addValidation({
      validate: () => {
        const cap = budget.capOf(claim);
        if (budget.budget === undefined) return [];
        if (cap === 0) {
          return [`${check.who}: the proxy's Lambda budget of ${budget.budget} connections leaves function ${props.function.node.path} no environment; raise maxConnections or MaxConnectionsPercent, or lower headroom or otherClients`];
        }
        if (cap < environments) {
          check.warn('capped', `reserved concurrency capped at ${cap} of the ${environments} wanted: ${budget.claims.length} function(s) share the proxy's Lambda budget of ${budget.budget} connections; callers beyond it are throttled`);
        }
        return [];
      },
    });
  }
}

/** The proxy's budget, created by the first construct on it (undefined after recording a problem); later ones must agree on the settings. */
function budgetFor(self: IConstruct, check: PropsCheck, props: ProxyConcurrencyLimitProps): ProxyBudget | undefined {
  const existing = ProxyBudget.of(props.proxy);
  const given: Partial<ProxySettings> = {
    maxConnections: props.maxConnections ?? estimateFromDatabase(check, props.database),
    maxConnectionsPercent: props.maxConnectionsPercent,
    headroom: props.headroom,
    otherClients: props.otherClients,
  };
  if (existing) {
    for (const key of ['maxConnections', 'maxConnectionsPercent', 'headroom', 'otherClients'] as const) {
      const value = given[key];
      check.require(value === undefined || value === existing.settings[key],
        `${key} ${value} conflicts with ${existing.settings[key]} given by ${existing.settings.owner} for the same proxy; proxy-wide settings must agree`);
    }
    return existing;
  }
  check.require(given.maxConnections !== undefined || props.database !== undefined, 'give maxConnections, or database (a DatabaseInstance whose class and engine give an estimate)');
  check.range('maxConnections', given.maxConnections, 1, LIMITS.maxDatabaseConnections, { integer: true });
  check.range('maxConnectionsPercent', given.maxConnectionsPercent, 1, 100, { integer: true });
  check.range('headroom', given.headroom, 0, 0.99);
  check.range('otherClients', given.otherClients, 0, LIMITS.maxDatabaseConnections, { integer: true });
  const maxConnectionsPercent = applyMaxConnectionsPercent(check, props.proxy, given.maxConnectionsPercent);
  const settings: ProxySettings = {
    maxConnections: given.maxConnections ?? 0,
    maxConnectionsPercent,
    headroom: props.headroom ?? DEFAULTS.headroom,
    otherClients: props.otherClients ?? DEFAULTS.otherClients,
    owner: self.node.path,
  };
  if (given.maxConnections === undefined) return undefined; // already an error
  const known = [settings.maxConnections, maxConnectionsPercent, settings.headroom, settings.otherClients].every(isKnown);
  if (!known) check.warn('budget.unresolved', 'a proxy-wide setting is a token, so the Lambda connection budget is unknown and reserved concurrency is not capped');
  const budget = known ? lambdaConnectionBudget(proxyPool(settings.maxConnections, maxConnectionsPercent), settings.headroom, settings.otherClients) : undefined;
  check.require(budget === undefined || budget > 0,
    `the proxy leaves Lambda no connections: floor(floor(${settings.maxConnections} x ${maxConnectionsPercent} / 100) x (1 - ${settings.headroom})) - ${settings.otherClients} = ${budget}`);
  // Only a valid budget becomes the proxy's; with a problem the construct throws right after.
  return check.failed ? undefined : new ProxyBudget(props.proxy, settings, budget);
}

/** max_connections estimated from a DatabaseInstance's class and engine (MODEL §5), with a warning. */
function estimateFromDatabase(check: PropsCheck, database: rds.DatabaseInstance | undefined): number | undefined {
  if (!database) return undefined;
  // The L2 renders the class lazily from its InstanceType; resolving it here is safe.
  const rendered: unknown = Stack.of(database).resolve((database.node.defaultChild as rds.CfnDBInstance).dbInstanceClass);
  const instanceClass = typeof rendered === 'string' ? rendered : undefined;
  const engine = engineFamily(database.engine?.engineType);
  if (instanceClass === undefined || engine === undefined) {
    check.fail(`cannot estimate max_connections of database ${database.node.path} (engine ${database.engine?.engineType ?? 'unknown'}, class ${instanceClass ?? 'unknown'}); give maxConnections`);
    return undefined;
  }
  const estimate = estimateMaxConnections(engine, instanceClass);
  if (estimate === undefined) {
    check.fail(`instance class ${instanceClass} of database ${database.node.path} is not in the estimate table; give maxConnections`);
    return undefined;
  }
  check.warn('maxConnections.estimated', `max_connections ${estimate} is an estimate from ${engine} on ${instanceClass}; give maxConnections when you know it`);
  return estimate;
}

/**
 * Writes MaxConnectionsPercent on the proxy's target group so the template says what the budget
 * assumes. A different value already on the proxy is an error, not silently replaced.
 */
function applyMaxConnectionsPercent(check: PropsCheck, proxy: rds.DatabaseProxy, wanted: number | undefined): number {
  const group = proxy.node.tryFindChild('ProxyTargetGroup');
  if (!(group instanceof rds.CfnDBProxyTargetGroup)) {
    check.fail(`proxy ${proxy.node.path} has no target group to set MaxConnectionsPercent on`);
    return DEFAULTS.maxConnectionsPercent;
  }
  const info = group.connectionPoolConfigurationInfo;
  if (info !== undefined && Token.isUnresolved(info)) {
    check.unresolved('proxy connectionPoolConfigurationInfo', `MaxConnectionsPercent ${wanted ?? DEFAULTS.maxConnectionsPercent}`);
    return wanted ?? DEFAULTS.maxConnectionsPercent;
  }
  const config = (info ?? {}) as rds.CfnDBProxyTargetGroup.ConnectionPoolConfigurationInfoFormatProperty;
  const current = config.maxConnectionsPercent;
  if (current !== undefined && Token.isUnresolved(current)) {
    check.unresolved('proxy maxConnectionsPercent', `${wanted ?? DEFAULTS.maxConnectionsPercent}`);
    return wanted ?? DEFAULTS.maxConnectionsPercent;
  }
  check.require(current === undefined || wanted === undefined || current === wanted,
    `maxConnectionsPercent ${wanted} conflicts with ${current} set on proxy ${proxy.node.path}; set it in one place`);
  const value = wanted ?? current ?? DEFAULTS.maxConnectionsPercent;
  const idle = config.maxIdleConnectionsPercent;
  check.require(idle === undefined || Token.isUnresolved(idle) || idle <= value,
    `the proxy's maxIdleConnectionsPercent ${idle} must not exceed maxConnectionsPercent ${value}`);
  group.connectionPoolConfigurationInfo = { ...config, maxConnectionsPercent: value };
  return value;
}
