/**
 * The planner: workload → plan v1. Every number comes from lib/model and carries a rationale line.
 * Pure and deterministic: the same workload gives a byte-identical `JSON.stringify(plan)`.
 *
 * One module per subsystem: draft (load and wants), databases (proxy budgets), function (caps,
 * predictions, cost), provisioned, sqs, alarms; invocation holds what differs between sync, async and SQS.
 */
import type { Finding } from '../findings';
import { accountBudget, accountRpsLimit, claimedAccountConcurrencyThreshold } from '../model';
import type { Workload } from '../workload/types';
import { planDatabases } from './databases';
import { draftFunction } from './draft';
import { fmt, roundLoad } from './format';
import { finishFunction } from './function';
import type { FunctionPlan, Plan } from './types';

export * from './types';
export { roundLoad, roundProbability } from './format';
export { provisionedSchedule } from './provisioned';

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
  const budget = accountFindings(workload, functions, findings);
  const { account } = workload;
  return {
    version: 1,
    account: {
      region: account.region,
      concurrencyLimit: account.concurrencyLimit,
      unreservedFloor: account.unreservedFloor,
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

/** The account budget of the planned functions, with findings when it or the request rate is exceeded (MODEL §6). */
function accountFindings(workload: Workload, functions: readonly FunctionPlan[], findings: Finding[]): ReturnType<typeof accountBudget> {
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
  return budget;
}
