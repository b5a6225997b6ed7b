/**
 * `audit`: deployed settings against a plan. Reading is done here; comparing is a pure function.
 */
import { PLAN_TAGS, scheduleKey } from '../model';
import { planDigest } from '../planner/digest';
import type { FunctionPlan, Plan } from '../planner/types';
import type { AwsSession } from './session';
import { isAwsReadError } from './errors';
import { readFunctionConcurrency, readLambdaScalingUnlessDenied, type DeployedFunction, type DeployedProvisioned, type DeployedScalableTarget, type DeployedScalingPolicy } from './deployed';
import { locateFunctions, type FoundBy } from './locate';
import { provisionedStatus } from './infer';
import { mapLimit } from './pool';

/** One compared setting. */
export interface DriftRow {
  readonly function: string;
  /** What was compared, in the service's words, e.g. `reservedConcurrency`, `schedule h09 min`. */
  readonly setting: string;
  readonly planned: string;
  readonly deployed: string;
  /** `ok`, `drift`, or `error` when the function could not be read. */
  readonly status: 'ok' | 'drift' | 'error';
}

/** How a plan function's deployed function was found, and the plan digest it carries. */
export interface FoundFunction {
  readonly foundBy: FoundBy;
  /** The match in words, e.g. `tag cdk-lambda-scaling:function=api`. */
  readonly how: string;
  /** Its `cdk-lambda-scaling:plan-digest` tag; null when it has none (not deployed by the constructs). */
  readonly planDigest: string | null;
  /** Why its tags could not be read (the digest is then not compared). */
  readonly tagsError?: string;
}

/** A function as read for an audit: its deployed state (and how it was found) or why it could not be read. */
export type AuditedFunction =
  | {
      readonly name: string;
      readonly deployed: DeployedFunction;
      readonly found?: FoundFunction;
      /** Why the scalable targets could not be read (Application Auto Scaling denied): the scaling rows are an error. */
      readonly scalingError?: string;
    }
  | { readonly name: string; readonly error: string };

const ACTIVE_MAPPING = new Set(['Enabled', 'Enabling', 'Creating', 'Updating']);
const show = (x: number | string | null | undefined): string => (x === null || x === undefined ? 'none' : String(x));

/** Builds rows by comparing values; equal values are `ok`. */
class Rows {
  readonly rows: DriftRow[] = [];
  constructor(private readonly fn: string) {}
  compare(setting: string, planned: number | string | null, deployed: number | string | null | undefined): void {
    const same = planned === (deployed ?? null) || (typeof planned === 'number' && typeof deployed === 'number' && Math.abs(planned - deployed) < 1e-9);
    this.rows.push({ function: this.fn, setting, planned: show(planned), deployed: show(deployed), status: same ? 'ok' : 'drift' });
  }
}

/**
 * The qualifiers that have provisioned concurrency, each as the report names it: `live 5-40` (a
 * scalable target's min-max) or `old 30 fixed` (configured without a scalable target).
 */
function provisionedQualifiers(targets: readonly DeployedScalableTarget[], provisioned: readonly DeployedProvisioned[]): { readonly names: string[]; readonly maxTotal: number } {
  const scaled = new Set(targets.map((t) => t.qualifier));
  const fixed = provisioned.filter((p) => p.requested > 0 && !scaled.has(p.qualifier));
  return {
    names: [...targets.map((t) => `${t.qualifier} ${t.min}-${t.max}`), ...fixed.map((p) => `${p.qualifier} ${p.requested} fixed`)],
    maxTotal: targets.reduce((sum, t) => sum + t.max, 0) + fixed.reduce((sum, p) => sum + p.requested, 0),
  };
}

/** How a scaling policy reads in the report: `TargetTrackingScaling 0.7 Average`, `StepScaling`. */
function describePolicy(p: DeployedScalingPolicy): string {
  return [p.type || 'unknown type', ...(p.targetValue !== null ? [p.targetValue] : []), ...(p.statistic !== null ? [p.statistic] : [])].join(' ');
}

/**
 * Compares a scalable target's policies with the plan's target tracking: the planned policy is the
 * tracking policy with the planned target and statistic, else the first tracking policy by name (so the
 * outcome does not depend on the order AWS lists them); every other policy (a second tracking policy,
 * step scaling) is drift of its own.
 */
function comparePolicies(rows: Rows, planned: NonNullable<FunctionPlan['provisioned']>, policies: readonly DeployedScalingPolicy[], at: string): void {
  const tracking = policies.filter((p) => p.type === 'TargetTrackingScaling').sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const same = (p: DeployedScalingPolicy): boolean =>
    planned.targetUtilization !== null && p.targetValue !== null && Math.abs(p.targetValue - planned.targetUtilization) < 1e-9 && p.statistic === planned.statistic;
  const chosen = tracking.find(same) ?? tracking[0];
  rows.compare(`target utilization${at}`, planned.targetUtilization, chosen?.targetValue ?? null);
  if (planned.targetUtilization !== null) rows.compare(`target statistic${at}`, planned.statistic, chosen?.statistic ?? null);
  for (const p of policies) if (p !== chosen) rows.compare(`scaling policy ${p.name}${at}`, null, describePolicy(p));
}

function compareScaling(rows: Rows, planned: FunctionPlan['provisioned'], targets: readonly DeployedScalableTarget[], provisioned: readonly DeployedProvisioned[]): void {
  const qualifiers = provisionedQualifiers(targets, provisioned);
  if (!planned) {
    rows.compare('provisioned concurrency', 'none', qualifiers.names.length > 0 ? qualifiers.names.join(', ') : 'none');
    return;
  }
  if (targets.length === 0) {
    const provisionedNow = provisioned.reduce((s, p) => s + p.requested, 0);
    rows.compare('scalable target min-max', `${planned.min}-${planned.max}`, provisionedNow > 0 ? `none (${qualifiers.names.join(', ')}: ${provisionedNow} configured without auto scaling)` : null);
    return;
  }
  // The plan's scaling is on one alias: PC on any other qualifier (a second scalable target, a fixed
  // config) adds to it, up to the sum of the qualifiers' maxima, and is drift however each compares.
  if (qualifiers.names.length > 1) {
    rows.compare('provisioned concurrency qualifiers', `1 (max ${planned.max})`, `${qualifiers.names.length}: ${qualifiers.names.join(', ')} (max ${qualifiers.maxTotal} in all)`);
  }
  for (const t of targets) {
    const at = targets.length > 1 ? ` (${t.qualifier})` : '';
    rows.compare(`scalable target min${at}`, planned.min, t.min);
    rows.compare(`scalable target max${at}`, planned.max, t.max);
    comparePolicies(rows, planned, t.policies, at);
    // equivalent spellings of one schedule (`cron(0 9 * * ? *)`, `cron(0 9 ? * * *)`) are the same action
    const key = (schedule: string, timezone: string | null): string => `${scheduleKey(schedule)} ${timezone ?? 'UTC'}`;
    // Several deployed actions may share a schedule and time zone: each is matched once (the planned name first), the rest are drift.
    const deployedByKey = new Map<string, Array<(typeof t.scheduledActions)[number]>>();
    for (const a of t.scheduledActions) deployedByKey.set(key(a.schedule, a.timezone), [...(deployedByKey.get(key(a.schedule, a.timezone)) ?? []), a]);
    for (const p of planned.schedule) {
      const same = deployedByKey.get(key(p.cron, p.timezone)) ?? [];
      const i = Math.max(0, same.findIndex((a) => a.name === p.name));
      const d = same.splice(i, 1)[0];
      const label = `schedule ${p.name} ${p.cron} ${p.timezone}${at}`;
      if (!d) rows.compare(label, `min ${p.min} max ${p.max}`, null);
      else rows.compare(label, `min ${p.min} max ${p.max}`, `min ${show(d.min)} max ${show(d.max)}`);
    }
    for (const d of [...deployedByKey.values()].flat()) rows.compare(`schedule ${d.name} ${d.schedule} ${d.timezone ?? 'UTC'}${at}`, null, `min ${show(d.min)} max ${show(d.max)}`);
  }
}

/** Compares one function's plan with what is deployed. Pure. */
export function compareFunction(plan: FunctionPlan, audited: AuditedFunction): DriftRow[] {
  if ('error' in audited) return [{ function: plan.name, setting: 'read', planned: '-', deployed: audited.error, status: 'error' }];
  const d = audited.deployed;
  const rows = new Rows(plan.name);
  // A function deployed by the constructs says which plan it carries; one without the tag is compared setting by setting only.
  if (audited.found?.planDigest) rows.compare(`plan digest (tag ${PLAN_TAGS.digest})`, planDigest(plan), audited.found.planDigest);
  if (audited.found?.tagsError) rows.rows.push({ function: plan.name, setting: `plan digest (tag ${PLAN_TAGS.digest})`, planned: planDigest(plan), deployed: audited.found.tagsError, status: 'error' });
  rows.compare('memoryMb', plan.memoryMb, d.memoryMb);
  rows.compare('timeoutSeconds', plan.timeoutSeconds, d.timeoutSeconds);
  rows.compare('reservedConcurrency', plan.reservedConcurrency, d.reservedConcurrency);
  if (audited.scalingError) {
    const planned = plan.provisioned ? `${plan.provisioned.min}-${plan.provisioned.max}` : 'none';
    rows.rows.push({ function: plan.name, setting: 'provisioned concurrency scaling', planned, deployed: audited.scalingError, status: 'error' });
  } else compareScaling(rows, plan.provisioned, d.scalableTargets, d.provisioned);
  // A config Lambda could not allocate gives none of what it requests, whatever its numbers (IN_PROGRESS settles by itself: scheduled scaling sets it daily).
  for (const p of d.provisioned) if (p.status === 'FAILED') rows.compare(`provisioned concurrency status (${p.qualifier})`, 'READY', provisionedStatus(p));
  const sqsMappings = d.mappings.filter((m) => m.source === 'sqs' && ACTIVE_MAPPING.has(m.state));
  if (plan.sqs) {
    if (sqsMappings.length === 0) rows.compare('SQS event source mapping', 'enabled', null);
    for (const m of sqsMappings) {
      const at = sqsMappings.length > 1 ? ` (${m.eventSourceArn.split(':')[5]})` : '';
      rows.compare(`mapping maxConcurrency${at}`, plan.sqs.maxConcurrency, m.maxConcurrency);
      rows.compare(`mapping batchSize${at}`, plan.sqs.batchSize, m.batchSize);
      rows.compare(`mapping maxBatchingWindowSeconds${at}`, plan.sqs.maxBatchingWindowSeconds, m.maxBatchingWindowSeconds ?? 0);
    }
  } else if (sqsMappings.length > 0) {
    rows.compare('invocation', plan.invocation, `sqs (${sqsMappings.length} SQS mapping${sqsMappings.length > 1 ? 's' : ''})`);
  }
  return rows.rows;
}

/** Compares every function of the plan. Pure. */
export function compareWithPlan(plan: Plan, audited: readonly AuditedFunction[]): DriftRow[] {
  const byName = new Map(audited.map((a) => [a.name, a]));
  return plan.functions.flatMap((f) => compareFunction(f, byName.get(f.name) ?? { name: f.name, error: 'not read' }));
}

/** What {@link readForAudit} is told. */
export interface AuditReadOptions {
  /** Only functions of this CloudFormation stack (see locateFunctions). @default - the whole region */
  readonly stack?: string;
  /** Reads in flight. @default 8 */
  readonly concurrency?: number;
  readonly onProgress?: (done: number, total: number) => void;
}

/**
 * Finds (by name, plan tag or stack) and reads the deployed state of every function of the plan; a
 * function that is not found or fails is reported, the others complete.
 */
export async function readForAudit(session: AwsSession, plan: Plan, options: AuditReadOptions = {}): Promise<AuditedFunction[]> {
  const concurrency = options.concurrency ?? 8;
  const { byFunction: scaling, denied: scalingError } = await readLambdaScalingUnlessDenied(session);
  const located = await locateFunctions(session, plan.functions.map((f) => f.name), { stack: options.stack, concurrency });
  let done = 0;
  return mapLimit(plan.functions, concurrency, async (f): Promise<AuditedFunction> => {
    const at = located.get(f.name) ?? { error: 'not read' };
    try {
      if ('error' in at) return { name: f.name, error: at.error };
      const found: FoundFunction = { foundBy: at.foundBy, how: at.how, planDigest: at.tags[PLAN_TAGS.digest] ?? null, ...(at.tagsError ? { tagsError: at.tagsError } : {}) };
      return { name: f.name, deployed: await readFunctionConcurrency(session, at.summary, scaling.get(at.summary.name) ?? []), found, ...(scalingError ? { scalingError } : {}) };
    } catch (err) {
      if (!isAwsReadError(err)) throw err;
      return { name: f.name, error: err.kind === 'not-found' ? 'function not found in this region' : err.message };
    } finally {
      options.onProgress?.(++done, plan.functions.length);
    }
  });
}
