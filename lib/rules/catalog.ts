/**
 * The rule catalog (ARCHITECTURE.md "Rule catalog"): each rule defined once; formulas come from lib/model.
 */
import { accountBudget, DEFAULTS, LIMITS, lambdaConnectionBudget, proxyPool, requiredVisibilityTimeoutSeconds } from '../model';
import { environmentInText, type FunctionNode, type MappingNode, type QueueNode, type Resource } from './graph';
import { COMPLIANT, defineRule, NOT_APPLICABLE, unresolvable, violation, type Outcome, type Rule, type Violation } from './rule';
import { field, isUnresolvable, literalString, plainValue, toArray, toNumber, Unresolvable, type Resolved } from './values';

/** Display name of a resource in messages: its construct path without `/Resource`, else stack/logicalId. */
export function label(r: Resource): string {
  return r.path ? r.path.replace(/\/Resource$/, '') : `${r.stack.name}/${r.logicalId}`;
}

function firstUnresolvable(...values: unknown[]): Unresolvable | undefined {
  return values.find(isUnresolvable);
}

/** SQS mapping defaults: batch size 10, no batching window (Lambda defaults for SQS). */
function batchSizeOf(m: MappingNode): number | Unresolvable {
  return toNumber(m.resource.property('BatchSize'), `BatchSize of ${m.resource.logicalId}`) ?? DEFAULTS.sqs.batchSize;
}
function windowOf(m: MappingNode): number | Unresolvable {
  return toNumber(m.resource.property('MaximumBatchingWindowInSeconds'), `MaximumBatchingWindowInSeconds of ${m.resource.logicalId}`) ?? 0;
}
function maxConcurrencyOf(m: MappingNode): number | undefined | Unresolvable {
  return toNumber(field(m.resource.property('ScalingConfig'), 'MaximumConcurrency'), `MaximumConcurrency of ${m.resource.logicalId}`);
}

/** A queue's redrive policy (an object, or the JSON string CloudFormation also accepts). */
function redriveOf(q: QueueNode): Resolved {
  const policy = q.resource.property('RedrivePolicy');
  if (typeof policy !== 'string') return policy;
  try {
    return JSON.parse(policy) as Resolved;
  } catch {
    return new Unresolvable(`RedrivePolicy of ${q.resource.logicalId} is not JSON`);
  }
}

function mappingQueue(m: MappingNode): QueueNode | Unresolvable {
  if (m.queue === undefined) return new Unresolvable(`the queue of ${m.resource.logicalId} is not in the checked templates`);
  return m.queue;
}

/** Reserved concurrency when set and known; `undefined` when not set. */
function reservedOf(fn: FunctionNode): number | undefined | Unresolvable {
  return fn.reservedConcurrency;
}

/** Applies `check` to each item and keeps the outcomes. */
function each<T>(items: readonly T[], check: (item: T) => Outcome): readonly Outcome[] {
  return items.length === 0 ? [NOT_APPLICABLE] : items.map(check);
}

const reservedForProxy = defineRule({
  id: 'ReservedConcurrencyForProxy',
  severity: 'error',
  subject: 'function',
  check(fn) {
    if (fn.proxies.length === 0) return NOT_APPLICABLE;
    const reserved = reservedOf(fn);
    if (reserved instanceof Unresolvable) return unresolvable(fn.resource, reserved.reason);
    if (reserved !== undefined) return COMPLIANT;
    const proxy = fn.proxies.map((p) => (p === 'unknown' ? '(not in the app)' : label(p.resource))).join(', ');
    return violation(fn.resource, undefined, { function: label(fn.resource), proxy, how: 'rds-db:connect grant or proxy endpoint' });
  },
});

const proxyPoolOversubscribed = defineRule({
  id: 'ProxyPoolOversubscribed',
  severity: 'error',
  subject: 'proxy',
  check(proxy, ctx) {
    if (proxy.functions.length === 0 || proxy.maxConnections === undefined) return NOT_APPLICABLE;
    const reserved = proxy.functions.map(reservedOf);
    const unknown = firstUnresolvable(proxy.maxConnections, proxy.maxConnectionsPercent, ...reserved);
    if (unknown) return unresolvable(proxy.resource, unknown.reason);
    const max = proxy.maxConnections as { value: number; source: string };
    const pool = proxyPool(max.value, proxy.maxConnectionsPercent as number);
    const budget = lambdaConnectionBudget(pool, ctx.proxyHeadroom, ctx.proxyOtherClients);
    // Functions without reserved concurrency are ReservedConcurrencyForProxy's finding; they count 0 here.
    const used = (reserved as Array<number | undefined>).reduce<number>((s, r) => s + (r ?? 0) * ctx.connectionsPerEnvironment, 0);
    if (used <= budget) return COMPLIANT;
    return violation(
      proxy.resource,
      used,
      {
        proxy: label(proxy.resource),
        used,
        budget,
        pool,
        maxConnections: max.value,
        maxConnectionsPercent: proxy.maxConnectionsPercent as number,
        source: max.source,
        headroom: ctx.proxyHeadroom,
        otherClients: ctx.proxyOtherClients,
        functions: proxy.functions.map((f, i) => `${label(f.resource)} ${reserved[i] ?? 'unreserved'}`).join(', '),
      },
      undefined,
      proxy.functions.map((f) => f.resource),
    );
  },
});

const sqsVisibilityTimeout = defineRule({
  id: 'SqsVisibilityTimeout',
  severity: 'error',
  subject: 'mapping',
  check(m) {
    const queue = mappingQueue(m);
    if (queue instanceof Unresolvable) return unresolvable(m.resource, queue.reason);
    if (!m.function) return unresolvable(m.resource, `the function of ${m.resource.logicalId} is not in the checked templates`);
    const visibility = toNumber(queue.resource.property('VisibilityTimeout'), `VisibilityTimeout of ${queue.resource.logicalId}`) ?? 30;
    const timeout = m.function.timeoutSeconds;
    const window = windowOf(m);
    const unknown = firstUnresolvable(visibility, timeout, window);
    if (unknown) return unresolvable(queue.resource, unknown.reason);
    const required = requiredVisibilityTimeoutSeconds(timeout as number, window as number);
    if ((visibility as number) >= required) return COMPLIANT;
    const params = { queue: label(queue.resource), function: label(m.function.resource), visibilityTimeoutSeconds: visibility as number, timeoutSeconds: timeout as number, windowSeconds: window as number, requiredSeconds: required };
    return violation(queue.resource, visibility, params, (visibility as number) < (timeout as number) ? 'belowTimeout' : undefined);
  },
});

const sqsRedrivePolicy = defineRule({
  id: 'SqsRedrivePolicy',
  severity: 'error',
  subject: 'queue',
  check(q) {
    if (q.mappings.length === 0) return NOT_APPLICABLE;
    const redrive = redriveOf(q);
    if (redrive instanceof Unresolvable) return unresolvable(q.resource, `RedrivePolicy of ${q.resource.logicalId} is ${redrive.reason}`);
    const target = field(redrive, 'deadLetterTargetArn');
    if (isUnresolvable(target)) return COMPLIANT; // a DLQ exists, only its name is deploy-time
    if (target !== undefined) return COMPLIANT;
    const fns = q.mappings.map((m) => (m.function ? label(m.function.resource) : m.resource.logicalId)).join(', ');
    return violation(q.resource, plainValue(redrive), { queue: label(q.resource), function: fns });
  },
});

const sqsMaxReceiveCount = defineRule({
  id: 'SqsMaxReceiveCount',
  severity: 'warning',
  subject: 'queue',
  check(q) {
    const redrive = redriveOf(q);
    if (redrive === undefined) return NOT_APPLICABLE;
    if (redrive instanceof Unresolvable) return unresolvable(q.resource, redrive.reason);
    const count = toNumber(field(redrive, 'maxReceiveCount'), `maxReceiveCount of ${q.resource.logicalId}`);
    if (count === undefined) return NOT_APPLICABLE;
    if (count instanceof Unresolvable) return unresolvable(q.resource, count.reason);
    if (count >= LIMITS.sqsMinMaxReceiveCount) return COMPLIANT;
    return violation(q.resource, count, { queue: label(q.resource), maxReceiveCount: count, minimum: LIMITS.sqsMinMaxReceiveCount });
  },
});

const sqsPartialBatchResponse = defineRule({
  id: 'SqsPartialBatchResponse',
  severity: 'warning',
  subject: 'mapping',
  check(m) {
    const batch = batchSizeOf(m);
    if (batch instanceof Unresolvable) return unresolvable(m.resource, batch.reason);
    if (batch <= 1) return NOT_APPLICABLE;
    if (toArray(m.resource.property('FunctionResponseTypes')).some((t) => literalString(t) === 'ReportBatchItemFailures')) return COMPLIANT;
    return violation(m.resource, plainValue(m.resource.property('FunctionResponseTypes')), { mapping: label(m.resource), batchSize: batch });
  },
});

const sqsMaxConcurrencyAboveReserved = defineRule({
  id: 'SqsMaxConcurrencyAboveReserved',
  severity: 'error',
  subject: 'function',
  check(fn) {
    const reserved = reservedOf(fn);
    const limits = fn.mappings.map(maxConcurrencyOf);
    if (reserved === undefined || limits.every((l) => l === undefined)) return NOT_APPLICABLE;
    const unknown = firstUnresolvable(reserved, ...limits);
    if (unknown) return unresolvable(fn.resource, unknown.reason);
    const sum = (limits as Array<number | undefined>).reduce<number>((s, l) => s + (l ?? 0), 0);
    if (sum <= (reserved as number)) return COMPLIANT;
    const mappings = fn.mappings.map((m, i) => `${m.resource.logicalId} ${limits[i] ?? '-'}`).join(', ');
    return violation(fn.resource, sum, { function: label(fn.resource), reserved: reserved as number, sum, mappings }, undefined, fn.mappings.map((m) => m.resource));
  },
});

const sqsReservedBelowFive = defineRule({
  id: 'SqsReservedBelowFive',
  severity: 'error',
  subject: 'function',
  check(fn) {
    const reserved = reservedOf(fn);
    if (fn.mappings.length === 0 || reserved === undefined) return NOT_APPLICABLE;
    if (reserved instanceof Unresolvable) return unresolvable(fn.resource, reserved.reason);
    if (reserved >= LIMITS.sqsMinReserved) return COMPLIANT;
    return violation(fn.resource, reserved, { function: label(fn.resource), reserved, minimum: LIMITS.sqsMinReserved });
  },
});

const sqsBatchingWindowRequired = defineRule({
  id: 'SqsBatchingWindowRequired',
  severity: 'error',
  subject: 'mapping',
  check(m) {
    const batch = batchSizeOf(m);
    if (batch instanceof Unresolvable) return unresolvable(m.resource, batch.reason);
    if (batch <= LIMITS.sqsBatchNeedingWindow) return NOT_APPLICABLE;
    const window = windowOf(m);
    if (window instanceof Unresolvable) return unresolvable(m.resource, window.reason);
    if (window >= 1) return COMPLIANT;
    return violation(m.resource, window, { mapping: label(m.resource), batchSize: batch, windowSeconds: window });
  },
});

const sqsFifoLimits = defineRule({
  id: 'SqsFifoLimits',
  severity: 'error',
  subject: 'mapping',
  check(m) {
    const queue = mappingQueue(m);
    const fifo = queue instanceof Unresolvable ? queue : queue.fifo;
    if (fifo === false || fifo === undefined) return NOT_APPLICABLE;
    const batch = batchSizeOf(m);
    const window = windowOf(m);
    const unknown = firstUnresolvable(batch, window);
    if (unknown) return unresolvable(m.resource, unknown.reason);
    if ((batch as number) <= LIMITS.sqsMaxBatchFifo && window === 0) return COMPLIANT;
    if (fifo instanceof Unresolvable) return unresolvable(m.resource, `whether the queue is FIFO: ${fifo.reason}`);
    return violation(m.resource, { batchSize: batch, windowSeconds: window }, { mapping: label(m.resource), queue: label((queue as QueueNode).resource), batchSize: batch as number, windowSeconds: window as number });
  },
});

const sqsPollerModeConflict = defineRule({
  id: 'SqsPollerModeConflict',
  severity: 'error',
  subject: 'mapping',
  check(m) {
    const max = field(m.resource.property('ScalingConfig'), 'MaximumConcurrency');
    if (max === undefined || m.resource.property('ProvisionedPollerConfig') === undefined) return COMPLIANT;
    const pollers = plainValue(m.resource.property('ProvisionedPollerConfig'));
    return violation(m.resource, { MaximumConcurrency: plainValue(max), ProvisionedPollerConfig: pollers }, { mapping: label(m.resource), maxConcurrency: String(plainValue(max)), pollers: JSON.stringify(pollers) });
  },
});

/** One claim of provisioned concurrency against a function's reserved concurrency; `what` names it in a violation. */
function claimWithinReserved(fn: FunctionNode, reserved: number, at: Resource, value: number | undefined | Unresolvable, what: string, name: string | number): Outcome {
  if (value instanceof Unresolvable) return unresolvable(at, value.reason);
  if (value === undefined || value <= reserved) return COMPLIANT;
  return violation(at, value, { what: `${what} ${name}`, function: label(fn.resource), provisioned: value, reserved });
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

/** Utilization targets a target tracking policy may aim at. */
const TARGET_LIMITS = { low: LIMITS.targetUtilizationMin, high: LIMITS.targetUtilizationMax };

/** Min ≤ max of a scalable target, or of one of its scheduled actions when `action` names it. */
function capacityBounds(lo: number | undefined | Unresolvable, hi: number | undefined | Unresolvable, at: Resource, action?: string): Outcome {
  const unknown = firstUnresolvable(lo, hi);
  if (unknown) return unresolvable(at, unknown.reason);
  if (lo === undefined || hi === undefined || (lo as number) <= (hi as number)) return COMPLIANT;
  const params = { ...TARGET_LIMITS, target: label(at), min: lo as number, max: hi as number };
  return action === undefined ? violation(at, { MinCapacity: lo, MaxCapacity: hi }, params) : violation(at, { MinCapacity: lo, MaxCapacity: hi }, { ...params, action }, 'schedule');
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
      else if (value !== undefined && (value < TARGET_LIMITS.low || value > TARGET_LIMITS.high)) {
        outcomes.push(violation(policy, value, { ...TARGET_LIMITS, target: label(t.resource), policy: label(policy), targetValue: value }, 'target'));
      }
    }
    return outcomes;
  },
});

const scheduleTimezone = defineRule({
  id: 'ScheduleTimezone',
  severity: 'warning',
  subject: 'scalableTarget',
  check(t) {
    return each(toArray(t.resource.property('ScheduledActions')), (a) => {
      const schedule = literalString(field(a, 'Schedule'));
      if (schedule === undefined || !/^(cron|at)\(/.test(schedule)) return NOT_APPLICABLE;
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

const accountConcurrencyBudget = defineRule({
  id: 'AccountConcurrencyBudget',
  severity: 'error',
  subject: 'environment',
  check(env, ctx) {
    const reserved = env.functions.map((f) => ({ fn: f, value: f.reservedConcurrency }));
    const known = reserved.filter((r): r is { fn: FunctionNode; value: number } => typeof r.value === 'number' && r.value > 0).sort((a, b) => b.value - a.value);
    const verdict = accountBudget(
      known.map((k) => k.value),
      ctx.concurrencyLimit,
      ctx.unreservedFloor,
    );
    const unknown = reserved.find((r) => r.value instanceof Unresolvable);
    if (!verdict.overBudget) return unknown ? unresolvable(unknown.fn.resource, `${(unknown.value as Unresolvable).reason} (account budget of ${environmentInText(env.environment)})`) : known.length > 0 ? COMPLIANT : NOT_APPLICABLE;
    const largest = known
      .slice(0, 3)
      .map((k) => `${label(k.fn.resource)} ${k.value}`)
      .join(', ');
    const params = {
      environment: environmentInText(env.environment),
      reservedTotal: verdict.reservedTotal,
      stackCount: new Set(known.map((k) => k.fn.resource.stack.name)).size,
      concurrencyLimit: ctx.concurrencyLimit,
      unreservedFloor: ctx.unreservedFloor,
      reservable: verdict.reservable,
      excess: verdict.reservedTotal - verdict.reservable,
      largest,
    };
    return violation(known[0].fn.resource, verdict.reservedTotal, params, undefined, known.slice(1).map((k) => k.fn.resource));
  },
});

const reservedConcurrencyZero = defineRule({
  id: 'ReservedConcurrencyZero',
  severity: 'warning',
  subject: 'function',
  check(fn) {
    const reserved = reservedOf(fn);
    if (reserved === undefined || reserved instanceof Unresolvable) return NOT_APPLICABLE;
    return reserved === 0 ? violation(fn.resource, 0, { function: label(fn.resource) }) : COMPLIANT;
  },
});

const throttleAlarm = defineRule({
  id: 'ThrottleAlarm',
  severity: 'warning',
  subject: 'function',
  check(fn) {
    const reserved = reservedOf(fn);
    const isReserved = typeof reserved === 'number' && reserved > 0;
    if (fn.syncSources.length === 0 && !isReserved) return NOT_APPLICABLE;
    if (fn.alarmMetrics.has('Throttles')) return COMPLIANT;
    const why = [...fn.syncSources.map((s) => `invoked by ${s}`), ...(isReserved ? [`reserved concurrency ${reserved}`] : [])];
    // MODEL §10: throttles of an SQS consumer are back-pressure; a queue-age alarm is the alarm that matters.
    const queues = fn.mappings.map((m) => m.queue).filter((q): q is QueueNode => q !== undefined && !(q instanceof Unresolvable));
    if (fn.syncSources.length === 0 && queues.length > 0) {
      if (queues.some((q) => q.alarmMetrics.has('ApproximateAgeOfOldestMessage'))) return COMPLIANT;
      return violation(fn.resource, [...fn.alarmMetrics], { function: label(fn.resource), why: why.join(', ') }, 'sqs');
    }
    return violation(fn.resource, [...fn.alarmMetrics], { function: label(fn.resource), why: why.join(', ') });
  },
});

const SPILLOVER_METRICS = ['ProvisionedConcurrencySpilloverInvocations', 'ProvisionedConcurrencyUtilization'];

const spilloverAlarm = defineRule({
  id: 'SpilloverAlarm',
  severity: 'warning',
  subject: 'function',
  check(fn) {
    if (fn.provisioned.length === 0 && fn.scalableTargets.length === 0) return NOT_APPLICABLE;
    if (SPILLOVER_METRICS.some((m) => fn.alarmMetrics.has(m))) return COMPLIANT;
    const holders = [...fn.provisioned.map((p) => p.resource), ...fn.scalableTargets.map((t) => t.resource)];
    return violation(holders[0], [...fn.alarmMetrics], { holder: label(holders[0]), function: label(fn.resource) }, undefined, holders.slice(1));
  },
});

const dlqDepthAlarm = defineRule({
  id: 'DlqDepthAlarm',
  severity: 'warning',
  subject: 'queue',
  check(q) {
    if (q.dlqOf.length === 0) return NOT_APPLICABLE;
    if (q.alarmMetrics.has('ApproximateNumberOfMessagesVisible')) return COMPLIANT;
    return violation(q.resource, [...q.alarmMetrics], { queue: label(q.resource), why: q.dlqOf.join(', ') });
  },
});

const asyncFailureDestination = defineRule({
  id: 'AsyncFailureDestination',
  severity: 'warning',
  subject: 'function',
  check(fn) {
    if (fn.asyncSources.length === 0) return NOT_APPLICABLE;
    if (fn.failureDestinations.length > 0) return COMPLIANT;
    return violation(fn.resource, undefined, { function: label(fn.resource), why: fn.asyncSources.join(', ') });
  },
});

/** Every rule of the catalog, in catalog order. */
export const RULES: readonly Rule[] = [
  reservedForProxy,
  proxyPoolOversubscribed,
  sqsVisibilityTimeout,
  sqsRedrivePolicy,
  sqsMaxReceiveCount,
  sqsPartialBatchResponse,
  sqsMaxConcurrencyAboveReserved,
  sqsReservedBelowFive,
  sqsBatchingWindowRequired,
  sqsFifoLimits,
  sqsPollerModeConflict,
  provisionedExceedsReserved,
  scalableTargetBounds,
  scheduleTimezone,
  provisionedScaleIn,
  accountConcurrencyBudget,
  reservedConcurrencyZero,
  throttleAlarm,
  spilloverAlarm,
  dlqDepthAlarm,
  asyncFailureDestination,
] as readonly Rule[];

/** Violations of a list of outcomes (for tests and the engine). */
export function violationsOf(outcomes: readonly Outcome[]): Violation[] {
  return outcomes.flatMap((o) => (o.status === 'non-compliant' ? o.violations : []));
}
