/**
 * The planner: workload → plan v1. Every number comes from lib/model and carries a rationale line.
 * Pure and deterministic: the same workload gives a byte-identical `JSON.stringify(plan)`.
 */
import type { Finding } from '../findings';
import { InputError } from '../errors';
import {
  DEFAULTS,
  LIMITS,
  accountBudget,
  accountRpsLimit,
  claimedAccountConcurrencyThreshold,
  concurrencyAlarmThreshold,
  erlangB,
  estimateMaxConnections,
  hourlyAction,
  lambdaConnectionBudget,
  mergeScheduleBlocks,
  monthlyCost,
  minuteLoads,
  offeredLoad,
  provisionedForSamples,
  proxyPool,
  requiredVisibilityTimeoutSeconds,
  serversForBlocking,
  serversForWait,
  splitConnectionBudget,
  spilloverAlarmRate,
  sqsBatchesPerSecond,
  targetUtilization,
  waitExceedProbability,
  weightedSpillover,
  withBuffer,
} from '../model';
import type { LoadSample } from '../model';
import { HOURS_PER_DAY, hourOfMinute } from '../workload/traffic';
import type { FunctionSpec, Workload } from '../workload/types';
import type { AlarmsPlan, DatabasePlan, FunctionPlan, Plan, ProvisionedPlan, ScheduledActionPlan, SqsPlan } from './types';

export * from './types';

/** Rounds a load or rate for output (4 decimals): keeps plans readable and byte-stable. */
export function roundLoad(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}

/** Rounds a probability to 4 significant digits. */
export function roundProbability(x: number): number {
  return x === 0 ? 0 : Number(x.toPrecision(4));
}

const fmt = (x: number): string => String(roundLoad(x));
const hh = (h: number): string => String(h).padStart(2, '0');

/** A function on its way through the planner: what it wants before shared budgets cap it. */
interface Draft {
  readonly spec: FunctionSpec;
  /** Invocations per second per hour (batches for SQS). */
  readonly hourlyInvocations: number[];
  readonly hourlyLoad: number[];
  /** Each hour's traffic as slices of load weighted by arrivals: its minutes for a trace, else the hour's load alone. */
  readonly hourlySamples: LoadSample[][];
  readonly peakLoad: number;
  readonly peakHour: number;
  readonly averageLoad: number;
  readonly throttleSizing: number;
  readonly provisionedHourly: number[] | null;
  /** Whether provisioned concurrency gets target tracking on top of its schedule. */
  readonly tracking: boolean;
  readonly sqs: SqsDraft | null;
  readonly desiredReserved: number;
  /** IANA time zone of the hourly profile and schedules. */
  readonly timezone: string;
  readonly rationale: string[];
}

interface SqsDraft {
  readonly batchSize: number;
  readonly maxBatchingWindowSeconds: number;
  readonly maxConcurrency: number;
  readonly peakBatchesPerSecond: number;
}

/**
 * Plans every function of a workload: reserved concurrency, provisioned concurrency, SQS settings,
 * alarms, predictions and cost, under the database and account budgets.
 */
export function planWorkload(workload: Workload): Plan {
  const findings: Finding[] = [];
  const notes: string[] = [
    'Costs: us-east-1 list prices, 730-hour month, no free tier and no tiered duration discounts.',
    `Scale-out model: ${workload.account.scalingModel} (MODEL §8); throttle and spillover predictions are steady-state Erlang B at the busiest hour.`,
  ];
  const drafts = workload.functions.map((spec) => draftFunction(spec, workload));
  const caps = new Map<string, number>();
  const databases = planDatabases(workload, drafts, caps, notes);
  const functions = drafts.map((d) => finishFunction(d, caps.get(d.spec.name), findings));

  const { account } = workload;
  const floor = account.unreservedFloor;
  const budget = accountBudget(functions.map((f) => f.reservedConcurrency), account.concurrencyLimit, floor);
  if (budget.overBudget) {
    const top = [...functions].sort((a, b) => b.reservedConcurrency - a.reservedConcurrency || a.name.localeCompare(b.name)).slice(0, 3);
    findings.push({
      ruleId: 'AccountConcurrencyBudget',
      severity: 'error',
      function: top[0]?.name,
      message: `reserved concurrency totals ${budget.reservedTotal}, above ${budget.reservable} = account limit ${account.concurrencyLimit} - unreserved floor ${floor} in ${account.region}; the deploy would fail (largest: ${top.map((f) => `${f.name} ${f.reservedConcurrency}`).join(', ')})`,
      fix: `raise the account concurrency limit to at least ${budget.reservedTotal + floor} (Service Quotas), or lower traffic targets / move functions to another account or region`,
      value: budget.reservedTotal,
    });
  }
  const peakRps = workload.functions.reduce((s, f) => s + f.traffic.peakRps, 0);
  const rpsLimit = accountRpsLimit(account.concurrencyLimit);
  if (peakRps > rpsLimit) {
    findings.push({
      ruleId: 'AccountRequestRate',
      severity: 'warning',
      message: `the functions' peaks add up to ${fmt(peakRps)} requests/s, above the account's ${rpsLimit} requests/s (10 x concurrency limit)`,
      fix: 'raise the account concurrency limit, which raises the request-rate limit with it',
      value: roundLoad(peakRps),
    });
  }

  return {
    version: 1,
    account: {
      region: account.region,
      concurrencyLimit: account.concurrencyLimit,
      unreservedFloor: floor,
      scalingModel: account.scalingModel,
      reservedTotal: budget.reservedTotal,
      unreservedRemaining: budget.unreservedRemaining,
      claimedAlarmThreshold: claimedAccountConcurrencyThreshold(account.concurrencyLimit),
    },
    functions,
    databases,
    findings,
    notes,
  };
}

/** Everything a function wants on its own, before database and reserved caps. */
function draftFunction(spec: FunctionSpec, workload: Workload): Draft {
  const rationale: string[] = [];
  const durationMs = spec.durationMs.avg;
  const sqsDefaults = DEFAULTS.sqs;
  let hourlyInvocations = [...spec.traffic.hourlyRps];
  let sqsWindow = 0;
  let sqsBatch = 0;
  if (spec.invocation === 'sqs') {
    const fifo = spec.sqs?.fifo ?? false;
    sqsBatch = spec.sqs?.batchSize ?? (fifo ? Math.min(sqsDefaults.batchSize, LIMITS.sqsMaxBatchFifo) : sqsDefaults.batchSize);
    sqsWindow = spec.sqs?.maxBatchingWindowSeconds ?? (!fifo && sqsBatch > LIMITS.sqsBatchNeedingWindow ? 1 : sqsDefaults.maxBatchingWindowSeconds);
    hourlyInvocations = spec.traffic.hourlyRps.map((m) => sqsBatchesPerSecond(m, sqsBatch, sqsWindow));
  }
  const invocationsPerSecond = (rps: number) => (spec.invocation === 'sqs' ? sqsBatchesPerSecond(rps, sqsBatch, sqsWindow) : rps);
  const hourlyLoad = hourlyInvocations.map((rps) => offeredLoad(rps, durationMs));
  const perMinute = spec.traffic.perMinute;
  const hourlySamples: LoadSample[][] =
    perMinute && perMinute.length > 0
      ? minuteSamplesByHour(perMinute.map((count) => invocationsPerSecond(count / 60)), durationMs)
      : hourlyLoad.map((load, h) => [{ load, weight: hourlyInvocations[h] }]);
  const peakHour = hourlyLoad.reduce((best, a, h) => (a > hourlyLoad[best] ? h : best), 0);
  const peakLoad = hourlyLoad[peakHour] ?? 0;
  const averageInvocations =
    spec.invocation === 'sqs' ? sqsBatchesPerSecond(spec.traffic.averageRps, sqsBatch, sqsWindow) : spec.traffic.averageRps;
  const averageLoad = offeredLoad(averageInvocations, durationMs);
  const unit = spec.invocation === 'sqs' ? 'batches/s' : 'rps';
  rationale.push(
    `offeredLoad peak ${fmt(peakLoad)} = ${fmt(hourlyInvocations[peakHour] ?? 0)} ${unit} x ${durationMs} ms at ${hh(peakHour)}:00 (Little's law; traffic from ${spec.traffic.source})`,
  );

  let throttleSizing = 0;
  if (spec.invocation !== 'sqs') {
    throttleSizing = serversForBlocking(peakLoad, spec.throttleTarget);
    rationale.push(`throttle sizing ${throttleSizing} = smallest C with ErlangB(C, ${fmt(peakLoad)}) <= ${spec.throttleTarget}`);
  }

  let provisionedHourly: number[] | null = null;
  if (spec.latencySensitive) {
    // One slice per hour without a trace: then this is MODEL's P_h = C(A_h, ε).
    provisionedHourly = hourlySamples.map((samples) => Math.max(1, provisionedForSamples(samples, spec.spilloverTarget)));
    const peakP = Math.max(...provisionedHourly);
    const busiest = provisionedHourly.indexOf(peakP);
    rationale.push(
      perMinute && perMinute.length > 0
        ? `provisioned per hour = smallest P whose spillover over the hour's minutes, weighted by their invocations (sum of rate_m x ErlangB(P, A_m) / sum of rate_m), is <= ${spec.spilloverTarget} (at least 1); ${hh(busiest)}:00 needs ${peakP} (its busiest minute alone would need ${serversForBlocking(hourlyLoad[busiest], spec.spilloverTarget)})`
        : `provisioned per hour = smallest P with ErlangB(P, A_h) <= ${spec.spilloverTarget} (at least 1); busiest hour ${hh(peakHour)}:00 needs ${peakP}`,
    );
  }

  let sqs: SqsDraft | null = null;
  if (spec.invocation === 'sqs') {
    const peakBatches = hourlyInvocations[peakHour] ?? 0;
    const maxQueueAgeSeconds = spec.sqs?.maxQueueAgeSeconds ?? sqsDefaults.maxQueueAgeSeconds;
    const consumers = serversForWait(peakLoad, durationMs / 1000, maxQueueAgeSeconds, sqsDefaults.queueAgeExceedProbability);
    let maxConcurrency = Math.min(LIMITS.sqsMaxConcurrencyMax, Math.max(LIMITS.sqsMaxConcurrencyMin, consumers));
    let why = `maxConcurrency ${maxConcurrency} = smallest c > A with ErlangC(c, ${fmt(peakLoad)}) x e^(-(c - A) x ${maxQueueAgeSeconds} s / ${durationMs} ms) <= ${sqsDefaults.queueAgeExceedProbability} (queue-age target ${maxQueueAgeSeconds} s), within ${LIMITS.sqsMaxConcurrencyMin}-${LIMITS.sqsMaxConcurrencyMax}`;
    if (spec.sqs?.fifo && spec.sqs.messageGroups !== undefined && spec.sqs.messageGroups < maxConcurrency) {
      maxConcurrency = Math.max(LIMITS.sqsMaxConcurrencyMin, spec.sqs.messageGroups);
      why += `; FIFO: capped at ${spec.sqs.messageGroups} active message groups`;
    }
    rationale.push(why);
    sqs = { batchSize: sqsBatch, maxBatchingWindowSeconds: sqsWindow, maxConcurrency, peakBatchesPerSecond: peakBatches };
  }

  // Target tracking steps by whole environments: below DEFAULTS.targetTrackingMinProvisioned one step is
  // more than the buffer, and an idle function never scales back in (no utilization datapoints).
  const peakProvisioned = provisionedHourly ? Math.max(...provisionedHourly) : 0;
  const tracking = peakProvisioned >= DEFAULTS.targetTrackingMinProvisioned;
  const provisionedMax = tracking ? withBuffer(peakProvisioned) : peakProvisioned;
  const parts: Array<[string, number]> = [
    ['throttle sizing', throttleSizing],
    ['provisioned max', provisionedMax],
    ['SQS maxConcurrency', sqs?.maxConcurrency ?? 0],
    ['SQS pollers minimum', spec.invocation === 'sqs' ? LIMITS.sqsMinReserved : 0],
  ];
  const desiredReserved = Math.max(1, ...parts.map(([, v]) => v));
  rationale.push(
    `wanted reserved ${desiredReserved} = max(${parts
      .filter(([, v]) => v > 0)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}${parts.every(([, v]) => v === 0) ? '1' : ''})`,
  );
  return {
    spec,
    timezone: workload.defaults.timezone,
    hourlyInvocations,
    hourlyLoad,
    hourlySamples,
    peakLoad,
    peakHour,
    averageLoad,
    throttleSizing,
    provisionedHourly,
    tracking,
    sqs,
    desiredReserved,
    rationale,
  };
}

/** Database budgets: caps per function (into `caps`) and the database section of the plan. */
function planDatabases(workload: Workload, drafts: readonly Draft[], caps: Map<string, number>, notes: string[]): DatabasePlan[] {
  return Object.keys(workload.databases)
    .sort()
    .map((name) => {
      const db = workload.databases[name];
      const users = drafts.filter((d) => d.spec.database?.name === name);
      let maxConnections = db.maxConnections;
      const estimated = maxConnections === undefined;
      if (maxConnections === undefined) {
        maxConnections = db.instanceClass === undefined ? undefined : estimateMaxConnections(db.engine, db.instanceClass);
        if (maxConnections === undefined) {
          throw new InputError(`databases.${name}.instanceClass has no known memory size, got ${JSON.stringify(db.instanceClass)}; give maxConnections instead`);
        }
        notes.push(
          db.engine === 'aurora-mysql'
            ? `databases.${name}: max_connections ${maxConnections} is Aurora MySQL's documented default for ${db.instanceClass}; give maxConnections if your parameter group sets another.`
            : `databases.${name}: max_connections ${maxConnections} is an estimate from ${db.instanceClass} (engine default formula on ~90% of nominal memory); give maxConnections for an exact budget.`,
        );
      }
      const pool = proxyPool(maxConnections, db.maxConnectionsPercent);
      const budget = lambdaConnectionBudget(pool, db.headroom, db.otherClients);
      const split = splitConnectionBudget(
        budget,
        users.map((d) => ({ environments: d.desiredReserved, connectionsPerEnvironment: d.spec.database?.connectionsPerEnvironment ?? 1 })),
      );
      users.forEach((d, i) => caps.set(d.spec.name, split[i]));
      const connectionsUsed = users.reduce((s, d, i) => s + split[i] * (d.spec.database?.connectionsPerEnvironment ?? 1), 0);
      return {
        name,
        maxConnections,
        maxConnectionsEstimated: estimated,
        maxConnectionsPercent: db.maxConnectionsPercent,
        proxyPool: pool,
        lambdaBudget: budget,
        connectionsUsed,
        functions: users.map((d) => d.spec.name),
        rationale: [
          `maxConnections ${maxConnections}${estimated ? ` (estimated from ${db.instanceClass})` : ''}`,
          `proxyPool ${pool} = floor(${maxConnections} x ${db.maxConnectionsPercent}%)`,
          `lambdaBudget ${budget} = floor(${pool} x (1 - ${db.headroom})) - ${db.otherClients} other clients`,
          `split in proportion to need: ${users.map((d, i) => `${d.spec.name} ${split[i]} of ${d.desiredReserved} wanted`).join(', ') || 'no functions'}; ${connectionsUsed} of ${budget} connections used`,
        ],
      };
    });
}

/** Applies the database cap, then fits PC and SQS under reserved, and computes alarms, predictions, cost. */
function finishFunction(d: Draft, databaseCap: number | undefined, findings: Finding[]): FunctionPlan {
  const { spec } = d;
  const rationale = [...d.rationale];
  let reserved = d.desiredReserved;
  if (databaseCap !== undefined && databaseCap < reserved) {
    reserved = databaseCap;
    const dbName = spec.database?.name ?? '';
    rationale.push(`reservedConcurrency ${reserved} = database ${dbName} share (wanted ${d.desiredReserved}); the cap binds`);
    if (reserved === 0) {
      findings.push({
        ruleId: 'DatabaseBudgetExhausted',
        severity: 'error',
        function: spec.name,
        message: `database ${dbName} has no connections left for ${spec.name}: reserved concurrency would be 0 and the function could never run`,
        fix: `raise max_connections or MaxConnectionsPercent of ${dbName}, lower headroom or otherClients, or move functions to another database`,
        value: 0,
      });
    } else if (spec.invocation !== 'sqs') {
      const p = erlangB(reserved, d.peakLoad);
      findings.push({
        ruleId: 'ReservedCappedByDatabase',
        severity: 'warning',
        function: spec.name,
        message: `reserved concurrency ${reserved} (database ${dbName} share) is below the ${d.desiredReserved} the throttle target needs: predicted throttles ${roundProbability(p)} at peak (target ${spec.throttleTarget})`,
        fix: `grow the ${dbName} connection budget (larger instance, MaxConnectionsPercent, less headroom) or accept the throttles`,
        value: reserved,
      });
    }
  } else {
    rationale.push(`reservedConcurrency ${reserved} = wanted reserved${databaseCap !== undefined ? ` (within database ${spec.database?.name} share ${databaseCap})` : ''}`);
  }

  // Reserved 0 disables the function (an error finding says so): there is nothing to provision.
  const provisioned = d.provisionedHourly && reserved > 0 ? planProvisioned(d, reserved, rationale, findings) : null;
  const sqs = d.sqs ? planSqs(d, reserved, rationale, findings) : null;
  const alarms = planAlarms(spec, reserved, provisioned, sqs, rationale);
  const throttleProbability = spec.invocation === 'sqs' ? 0 : erlangB(reserved, d.peakLoad);
  const spilloverProbability = provisioned
    ? Math.max(...d.hourlySamples.map((samples, h) => weightedSpillover(provisioned.hourly[h], samples)))
    : null;
  const monthlyCostUsd = monthlyCost({
    memoryMb: spec.memoryMb,
    architecture: spec.architecture,
    hourlyRps: d.hourlyInvocations,
    durationMs: spec.durationMs.avg,
    provisionedHourly: provisioned?.hourly,
  });
  rationale.push(
    `monthlyCost $${monthlyCostUsd.total} = requests $${monthlyCostUsd.requests} + on-demand $${monthlyCostUsd.onDemand} + provisioned $${monthlyCostUsd.provisioned} (${spec.memoryMb} MB ${spec.architecture})`,
  );
  if (spec.durationMs.p99 !== undefined && spec.durationMs.p99 > spec.timeoutSeconds * 1000) {
    findings.push({
      ruleId: 'TimeoutBelowP99',
      severity: 'warning',
      function: spec.name,
      message: `p99 duration ${spec.durationMs.p99} ms exceeds the ${spec.timeoutSeconds} s timeout: at least 1% of invocations time out`,
      fix: `raise timeoutSeconds above ${Math.ceil(spec.durationMs.p99 / 1000)}`,
      value: spec.durationMs.p99,
    });
  }
  return {
    name: spec.name,
    invocation: spec.invocation,
    memoryMb: spec.memoryMb,
    timeoutSeconds: spec.timeoutSeconds,
    architecture: spec.architecture,
    offeredLoad: { peak: roundLoad(d.peakLoad), average: roundLoad(d.averageLoad), hourly: d.hourlyLoad.map(roundLoad) },
    reservedConcurrency: reserved,
    provisioned,
    sqs,
    alarms,
    predicted: {
      throttleProbability: roundProbability(throttleProbability),
      spilloverProbability: spilloverProbability === null ? null : roundProbability(spilloverProbability),
      monthlyCostUsd,
    },
    rationale,
  };
}

/** Per-hour PC under the reserved cap, merged into scheduled actions, plus target tracking. */
function planProvisioned(d: Draft, reserved: number, rationale: string[], findings: Finding[]): ProvisionedPlan {
  const { spec } = d;
  const wanted = d.provisionedHourly ?? [];
  const { tracking } = d;
  // PC, plus target tracking's scale-out buffer when there is one, must fit under reserved (PC ≤ reserved, MODEL §3).
  const ceiling = tracking ? Math.max(1, Math.floor(reserved / (1 + DEFAULTS.provisionedBuffer))) : reserved;
  const headroom = (p: number) => (tracking ? Math.min(reserved, withBuffer(p)) : p);
  const hourly = wanted.map((p) => Math.min(p, ceiling));
  if (hourly.some((p, h) => p < wanted[h])) {
    const worst = Math.max(...d.hourlySamples.map((samples, h) => weightedSpillover(hourly[h], samples)));
    findings.push({
      ruleId: 'ProvisionedCappedByReserved',
      severity: 'warning',
      function: spec.name,
      message: `provisioned concurrency capped at ${ceiling} by reserved ${reserved} (wanted up to ${Math.max(...wanted)}): predicted spillover ${roundProbability(worst)} at the busiest hour (target ${spec.spilloverTarget})`,
      fix: 'raise the cap that binds reserved concurrency (database or account budget) or accept more spillover',
      value: ceiling,
    });
  }
  const tz = d.timezone;
  const lead = DEFAULTS.provisionedLeadMinutes;
  const schedule = provisionedSchedule(hourly, tz, headroom);
  const peakP = Math.max(...hourly);
  const min = Math.min(...hourly);
  const max = headroom(peakP);
  const target = targetUtilization(d.peakLoad, peakP);
  const statistic = isSpiky(spec) ? 'Maximum' : 'Average';
  rationale.push(
    schedule.length
      ? `provisioned schedule: ${schedule.length} actions (${schedule.map((s) => `${s.name} ${s.min}`).join(', ')}) in ${tz}; consecutive equal hours merged, across midnight too; raising actions fire ${lead} min before their hour (PC takes 1-2 min to allocate)`
      : `provisioned ${peakP} all day (every hour needs the same), no schedule`,
  );
  if (!tracking) {
    rationale.push(
      `no target tracking: peak provisioned ${peakP} < ${DEFAULTS.targetTrackingMinProvisioned}, where one environment is more than the ${DEFAULTS.provisionedBuffer * 100}% buffer and an idle function never scales back in; PC is exactly each hour's value (min = max) and the spillover alarm watches`,
    );
    rationale.push(`provisioned bounds min ${min} = quietest hour, max ${max} = busiest hour`);
    return { min, max, targetUtilization: null, statistic, hourly, schedule };
  }
  rationale.push(`provisioned bounds min ${min} = quietest hour, max ${max} = ${peakP} + ${DEFAULTS.provisionedBuffer * 100}% buffer (capped by reserved ${reserved})`);
  rationale.push(
    `targetUtilization ${roundLoad(target)} = peak load ${fmt(d.peakLoad)} / peak provisioned ${peakP}, clamped to [${LIMITS.targetUtilizationMin}, ${LIMITS.targetUtilizationMax}]; statistic ${statistic}${statistic === 'Maximum' ? ' (spiky traffic: peak minute >= 2 x mean minute in the busiest hour)' : ''}`,
  );
  return { min, max, targetUtilization: roundLoad(target), statistic, hourly, schedule };
}

/**
 * Each hour of the day's minutes as load samples weighted by their invocations (minutes with equal load
 * merged): the load from `minuteLoads`, the weight the minute's own rate.
 */
function minuteSamplesByHour(rates: readonly number[], durationMs: number): LoadSample[][] {
  const loads = minuteLoads(rates, durationMs);
  const byHour = Array.from({ length: HOURS_PER_DAY }, () => new Map<number, number>());
  loads.forEach((load, m) => {
    const hour = byHour[hourOfMinute(m)];
    hour.set(load, (hour.get(load) ?? 0) + rates[m]);
  });
  return byHour.map((hour) => [...hour.entries()].map(([load, weight]) => ({ load, weight })));
}

/**
 * Scheduled actions for a per-hour PC profile: consecutive equal hours merged (across midnight too),
 * min = the block's PC, max = `headroom(PC)`; a block that raises PC fires `DEFAULTS.provisionedLeadMinutes`
 * before its hour so the environments are allocated when it starts. None when every hour is the same.
 */
export function provisionedSchedule(hourly: readonly number[], timezone: string, headroom: (p: number) => number = (p) => p): ScheduledActionPlan[] {
  const blocks = mergeScheduleBlocks(hourly);
  if (blocks.length <= 1) return [];
  const raises = (i: number) => blocks[i].provisioned > blocks[(i + blocks.length - 1) % blocks.length].provisioned;
  return blocks.map((b, i) => ({
    name: `h${hh(b.startHour)}`,
    ...hourlyAction(b.startHour, raises(i) ? DEFAULTS.provisionedLeadMinutes : 0),
    timezone,
    min: b.provisioned,
    max: headroom(b.provisioned),
  }));
}

/** True when a trace's busiest hour has a peak minute at least twice its mean minute. */
function isSpiky(spec: FunctionSpec): boolean {
  const perMinute = spec.traffic.perMinute;
  if (!perMinute || perMinute.length < 60) return false;
  let best = { sum: -1, max: 0 };
  for (let start = 0; start + 60 <= perMinute.length; start += 60) {
    const hour = perMinute.slice(start, start + 60);
    const sum = hour.reduce((s, x) => s + x, 0);
    if (sum > best.sum) best = { sum, max: Math.max(...hour) };
  }
  return best.sum > 0 && best.max >= (2 * best.sum) / 60;
}

/** SQS settings under the reserved cap (MODEL §7). */
function planSqs(d: Draft, reserved: number, rationale: string[], findings: Finding[]): SqsPlan {
  const { spec } = d;
  const draft = d.sqs as SqsDraft;
  const maxQueueAgeSeconds = spec.sqs?.maxQueueAgeSeconds ?? DEFAULTS.sqs.maxQueueAgeSeconds;
  let maxConcurrency = draft.maxConcurrency;
  if (reserved < maxConcurrency) {
    maxConcurrency = Math.max(LIMITS.sqsMaxConcurrencyMin, reserved);
    rationale.push(`maxConcurrency lowered to ${maxConcurrency} to stay within reserved ${reserved}`);
  }
  if (reserved < LIMITS.sqsMinReserved) {
    findings.push({
      ruleId: 'SqsReservedBelowFive',
      severity: 'error',
      function: spec.name,
      message: `reserved concurrency ${reserved} is below ${LIMITS.sqsMinReserved}: the SQS pollers start 5 concurrent invokes and throttled batches return to the queue and end in the DLQ`,
      fix: 'raise the cap that binds reserved concurrency (database share) to at least 5',
      value: reserved,
    });
  }
  const exceed = waitExceedProbability(maxConcurrency, d.peakLoad, spec.durationMs.avg / 1000, maxQueueAgeSeconds);
  if (exceed > DEFAULTS.sqs.queueAgeExceedProbability) {
    findings.push({
      ruleId: 'SqsQueueAgeTarget',
      severity: 'warning',
      function: spec.name,
      message: `with maxConcurrency ${maxConcurrency} the queue-age target ${maxQueueAgeSeconds} s is missed by ${exceed >= 1 ? 'a growing backlog (consumers cannot keep up at peak)' : `${roundProbability(exceed)} of messages`}`,
      fix: 'raise the cap on concurrency (reserved, database share, message groups) or accept a longer queue age',
      value: maxConcurrency,
    });
  }
  const visibilityTimeoutSeconds = Math.min(
    LIMITS.sqsMaxVisibilityTimeoutSeconds,
    requiredVisibilityTimeoutSeconds(spec.timeoutSeconds, draft.maxBatchingWindowSeconds),
  );
  rationale.push(
    `batchSize ${draft.batchSize}, maxBatchingWindowSeconds ${draft.maxBatchingWindowSeconds}${spec.sqs?.batchSize === undefined ? ' (defaults)' : ' (given)'}; ${fmt(draft.peakBatchesPerSecond)} batches/s at peak`,
  );
  rationale.push(`visibilityTimeoutSeconds ${visibilityTimeoutSeconds} = 6 x timeout ${spec.timeoutSeconds} s + window ${draft.maxBatchingWindowSeconds} s`);
  rationale.push(`maxReceiveCount ${DEFAULTS.sqs.maxReceiveCount} (at least 5 so throttled batches are retried), DLQ retention ${DEFAULTS.sqs.dlqRetentionDays} days`);
  return {
    batchSize: draft.batchSize,
    maxBatchingWindowSeconds: draft.maxBatchingWindowSeconds,
    maxConcurrency,
    visibilityTimeoutSeconds,
    maxReceiveCount: DEFAULTS.sqs.maxReceiveCount,
    dlqRetentionDays: DEFAULTS.sqs.dlqRetentionDays,
    fifo: spec.sqs?.fifo ?? false,
    maxQueueAgeSeconds,
    peakBatchesPerSecond: roundLoad(draft.peakBatchesPerSecond),
    queueAgeExceedProbability: roundProbability(exceed),
  };
}

/** Alarm thresholds of MODEL §10 for one function. */
function planAlarms(spec: FunctionSpec, reserved: number, provisioned: ProvisionedPlan | null, sqs: SqsPlan | null, rationale: string[]): AlarmsPlan {
  const a = DEFAULTS.alarms;
  const alarms: AlarmsPlan = {
    throttles:
      spec.invocation === 'sqs'
        ? null
        : { threshold: 1, periodSeconds: a.throttlePeriodSeconds, evaluationPeriods: a.throttleEvaluationPeriods, datapointsToAlarm: a.throttleDatapointsToAlarm },
    concurrency: { threshold: concurrencyAlarmThreshold(reserved) },
    spillover: provisioned ? { rate: spilloverAlarmRate(spec.spilloverTarget) } : null,
    provisionedUtilization: provisioned ? { threshold: a.provisionedUtilization } : null,
    dlqDepth: sqs ? { threshold: 1 } : null,
    queueAge: sqs ? { thresholdSeconds: sqs.maxQueueAgeSeconds } : null,
  };
  const parts = [
    alarms.throttles ? `Throttles >= 1 for ${a.throttleDatapointsToAlarm} of ${a.throttleEvaluationPeriods} minutes` : 'no Throttles alarm (SQS throttles are back-pressure; queue age alarms instead)',
    `ConcurrentExecutions >= ${alarms.concurrency.threshold} (${a.concurrencyFraction * 100}% of ${reserved})`,
    alarms.spillover ? `spillover rate > ${alarms.spillover.rate} (2 x target)` : '',
    alarms.provisionedUtilization ? `PC utilization (Maximum) > ${a.provisionedUtilization}` : '',
    alarms.dlqDepth ? 'DLQ visible messages >= 1' : '',
    alarms.queueAge ? `oldest message age > ${alarms.queueAge.thresholdSeconds} s` : '',
  ].filter(Boolean);
  rationale.push(`alarms: ${parts.join('; ')}`);
  return alarms;
}
