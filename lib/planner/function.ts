/**
 * One function's plan: the database cap applied to what it wants, then provisioned concurrency, SQS
 * settings and alarms under the reserved concurrency it gets, and its predictions and cost.
 */
import type { Finding } from '../findings';
import { erlangB, monthlyCost, weightedSpillover } from '../model';
import { planAlarms } from './alarms';
import type { Draft } from './draft';
import { roundLoad, roundProbability } from './format';
import { planProvisioned } from './provisioned';
import { planSqs } from './sqs';
import type { FunctionPlan } from './types';

/** Applies the database cap, then fits PC and SQS under reserved, and computes alarms, predictions, cost. */
export function finishFunction(d: Draft, databaseCap: number | undefined, findings: Finding[]): FunctionPlan {
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
    } else if (d.strategy.throttlesAreFailures) {
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
  const sqs = d.sqs ? planSqs(spec, d.sqs, d.peakLoad, reserved, rationale, findings) : null;
  const alarms = planAlarms(spec, d.strategy, reserved, provisioned, sqs, rationale);
  const throttleProbability = d.strategy.throttlesAreFailures ? erlangB(reserved, d.peakLoad) : 0;
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
