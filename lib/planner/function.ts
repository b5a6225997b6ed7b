/**
 * One function's plan: the database cap applied to what it wants, then provisioned concurrency, SQS
 * settings and alarms under the reserved concurrency it gets, and its predictions and cost.
 */
import type { Finding } from '../findings';
import { DATABASE_SHARE_COVERS_NEED, DATABASE_SHARE_NOT_ZERO, TIMEOUT_COVERS_P99, erlangB, monthlyCost, violationOf, weightedSpillover } from '../model';
import { handoffMinutes } from './actions';
import { planAlarms } from './alarms';
import { allocatedProfile } from './boundaries';
import type { Draft } from './draft';
import { planFinding } from './findings';
import { roundLoad, roundProbability } from './format';
import { planProvisioned } from './provisioned';
import { planSqs } from './sqs';
import { HOURS_PER_WEEK, weekCellOf, weekStart } from './week';
import { hourOfMinute } from '../workload/traffic';
import type { FunctionPlan } from './types';

/** Applies the database cap, then fits PC and SQS under reserved, and computes alarms, predictions, cost. */
export function finishFunction(d: Draft, databaseCap: number | undefined, findings: Finding[]): FunctionPlan {
  const { spec } = d;
  const rationale = [...d.rationale];
  const reserved = capByDatabase(d, databaseCap, rationale, findings);

  // Reserved 0 disables the function (an error finding says so): there is nothing to provision.
  const provisioned = d.provisionedHourly && reserved > 0 ? planProvisioned(d, reserved, rationale, findings) : null;
  const sqs = d.sqs ? planSqs(spec, d.sqs, d.peakLoad, reserved, rationale, findings) : null;
  const alarms = planAlarms(spec, reserved, provisioned, sqs, rationale);
  const throttleProbability = d.strategy.throttlesAreFailures ? erlangB(reserved, d.peakLoad) : 0;
  // A plan by week predicts and costs its 168 hours; a plan by day its 24.
  const pc = provisioned ? (provisioned.weekly ?? provisioned.hourly) : undefined;
  const spilloverProbability = pc ? Math.max(...d.hourlySamples.map((samples, h) => weightedSpillover(pc[h], samples))) : null;
  const monthlyCostUsd = monthlyCost({
    memoryMb: spec.memoryMb,
    architecture: spec.architecture,
    hourlyRps: d.week && provisioned ? d.week.invocations : d.hourlyInvocations,
    durationMs: spec.durationMs.avg,
    provisionedHourly: pc,
    ...(pc && d.handoffs.size > 0 ? { allocatedHourly: allocatedProfile(pc, d.handoffs, handoffMinutes()) } : {}),
    ...(d.minutes ? { minutes: { ...d.minutes, cellOf: pc?.length === HOURS_PER_WEEK ? weekCellOf(weekStart(spec.traffic) ?? 0) : hourOfMinute } } : {}),
  });
  rationale.push(
    `monthlyCost $${monthlyCostUsd.total} = requests $${monthlyCostUsd.requests} + on-demand $${monthlyCostUsd.onDemand} + provisioned $${monthlyCostUsd.provisioned} (${spec.memoryMb} MB ${spec.architecture}${pc && d.handoffs.size > 0 ? `; PC held ${handoffMinutes()} min into the quieter hour at each hand-over included` : ''})`,
  );
  const p99Ms = spec.durationMs.p99;
  const timedOut = p99Ms === undefined ? undefined : violationOf(TIMEOUT_COVERS_P99, { p99Ms, timeoutSeconds: spec.timeoutSeconds });
  if (timedOut) findings.push(planFinding(timedOut, 'warning', spec.name, p99Ms));
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

/** Reserved concurrency under the database share, with a finding when the share is short of what the function wants. */
function capByDatabase(d: Draft, databaseCap: number | undefined, rationale: string[], findings: Finding[]): number {
  const { spec } = d;
  const wanted = d.desiredReserved;
  const database = spec.database?.name ?? '';
  const capped = databaseCap === undefined ? undefined : violationOf(DATABASE_SHARE_COVERS_NEED, { reserved: databaseCap, wanted }, () => ({
    database,
    throttleProbability: roundProbability(erlangB(databaseCap, d.peakLoad)),
    throttleTarget: spec.throttleTarget,
  }));
  if (databaseCap === undefined || !capped) {
    rationale.push(`reservedConcurrency ${wanted} = wanted reserved${databaseCap !== undefined ? ` (within database ${spec.database?.name} share ${databaseCap})` : ''}`);
    return wanted;
  }
  rationale.push(`reservedConcurrency ${databaseCap} = database ${database} share (wanted ${wanted}); the cap binds`);
  const exhausted = violationOf(DATABASE_SHARE_NOT_ZERO, { reserved: databaseCap }, { database, function: spec.name });
  if (exhausted) findings.push(planFinding(exhausted, 'error', spec.name, 0));
  else if (d.strategy.throttlesAreFailures) findings.push(planFinding(capped, 'warning', spec.name, databaseCap));
  return databaseCap;
}
