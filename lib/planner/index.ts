/**
 * The planner: workload → plan v1. Every number comes from lib/model and carries a rationale line.
 * Pure and deterministic: the same workload gives a byte-identical `JSON.stringify(plan)`.
 *
 * One module per subsystem: draft (load and wants), databases (proxy budgets), function (caps,
 * predictions, cost), provisioned, sqs, alarms; invocation holds what differs between sync, async and SQS.
 */
import type { Finding } from '../findings';
import { ACCOUNT_REQUEST_RATE, ACCOUNT_RESERVED_BUDGET, accountBudget, accountRpsLimit, claimedAccountConcurrencyThreshold, violationOf } from '../model';
import { coverageNote } from '../workload/coverage';
import type { Workload } from '../workload/types';
import { planDatabases } from './databases';
import { draftFunction } from './draft';
import { planFinding } from './findings';
import { roundLoad } from './format';
import { finishFunction } from './function';
import type { FunctionPlan, Plan } from './types';

export * from './types';
export { roundLoad, roundProbability } from './format';
export { provisionedSchedule } from './provisioned';
export { planDigest } from './digest';
export { deployedSettings, settingChanges, type SettingChange } from './settings';

/**
 * Plans every function of a workload: reserved concurrency, provisioned concurrency, SQS settings,
 * alarms, predictions and cost, under the database and account budgets. `onProgress(done, total)` is
 * called after each function is sized (a month of per-minute history takes tens of milliseconds a
 * function: hundreds of functions take seconds).
 */
export function planWorkload(workload: Workload, options: { readonly onProgress?: (done: number, total: number) => void } = {}): Plan {
  const findings: Finding[] = [];
  const notes: string[] = [
    'Costs: us-east-1 list prices, 730-hour month, no free tier and no tiered duration discounts.',
    `Scale-out model: ${workload.account.scalingModel} (MODEL §8); throttle and spillover predictions are steady-state Erlang B at the busiest hour.`,
  ];
  for (const spec of workload.functions) {
    const note = coverageNote(spec.name, spec.traffic);
    if (note) notes.push(note);
  }
  const total = workload.functions.length;
  const drafts = workload.functions.map((spec, i) => {
    const draft = draftFunction(spec, workload);
    options.onProgress?.(i + 1, total);
    return draft;
  });
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
  const top = () => [...functions].sort((a, b) => b.reservedConcurrency - a.reservedConcurrency || a.name.localeCompare(b.name)).slice(0, 3);
  const overBudget = violationOf(ACCOUNT_RESERVED_BUDGET, { reservedTotal: budget.reservedTotal, concurrencyLimit: account.concurrencyLimit, unreservedFloor: floor }, () => ({
    region: account.region,
    largest: top().map((f) => `${f.name} ${f.reservedConcurrency}`).join(', '),
  }));
  if (overBudget) findings.push(planFinding(overBudget, 'error', top()[0]?.name, budget.reservedTotal));
  const peakRps = workload.functions.reduce((s, f) => s + f.traffic.peakRps, 0);
  const overRate = violationOf(ACCOUNT_REQUEST_RATE, { peakRps, rpsLimit: accountRpsLimit(account.concurrencyLimit) }, { peakRps: roundLoad(peakRps) });
  if (overRate) findings.push(planFinding(overRate, 'warning', undefined, roundLoad(peakRps)));
  return budget;
}
