/**
 * Alarm thresholds derived from the plan (MODEL §10).
 */
import { DEFAULTS } from './defaults';
import type { Invocation } from './types';

/** ConcurrentExecutions (Maximum) alarm threshold: 80% of reserved, at least 1. */
export function concurrencyAlarmThreshold(reservedConcurrency: number): number {
  return Math.max(1, Math.floor(reservedConcurrency * DEFAULTS.alarms.concurrencyFraction));
}

/** Spillover-rate alarm threshold: 2 × the spillover target, at most 1. */
export function spilloverAlarmRate(spilloverTarget: number): number {
  return Math.min(1, spilloverTarget * DEFAULTS.alarms.spilloverFactor);
}

/** ClaimedAccountConcurrency alarm threshold: 70% of the account limit. */
export function claimedAccountConcurrencyThreshold(concurrencyLimit: number): number {
  return Math.floor(concurrencyLimit * DEFAULTS.alarms.claimedAccountFraction + 1e-9);
}

/** The Throttles alarm: Sum ≥ threshold per period, for `datapointsToAlarm` of `evaluationPeriods` periods. */
export interface ThrottlesAlarm {
  readonly threshold: number;
  readonly periodSeconds: number;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
}

/** Every alarm of one function (MODEL §10); null where the alarm does not apply. */
export interface AlarmThresholds {
  readonly throttles: ThrottlesAlarm | null;
  readonly concurrency: { readonly threshold: number };
  readonly spillover: { readonly rate: number } | null;
  readonly provisionedUtilization: { readonly threshold: number } | null;
  readonly dlqDepth: { readonly threshold: number } | null;
  readonly queueAge: { readonly thresholdSeconds: number } | null;
}

/**
 * The Throttles alarm of a function, or null for an SQS consumer: its throttles are back-pressure
 * (messages wait in the queue), so the queue-age alarm watches it instead.
 */
export function throttlesAlarm(invocation: Invocation): ThrottlesAlarm | null {
  if (invocation === 'sqs') return null;
  const a = DEFAULTS.alarms;
  return { threshold: 1, periodSeconds: a.throttlePeriodSeconds, evaluationPeriods: a.throttleEvaluationPeriods, datapointsToAlarm: a.throttleDatapointsToAlarm };
}

/** The alarms of provisioned concurrency: spillover rate at 2 × the target, utilization (Maximum) above 0.9. */
export function provisionedAlarms(spilloverTarget: number): Pick<AlarmThresholds, 'spillover' | 'provisionedUtilization'> {
  return { spillover: { rate: spilloverAlarmRate(spilloverTarget) }, provisionedUtilization: { threshold: DEFAULTS.alarms.provisionedUtilization } };
}

/** The alarms of an SQS consumer's queues: any message in the dead-letter queue, the oldest message above the queue-age target. */
export function queueAlarms(maxQueueAgeSeconds: number): Pick<AlarmThresholds, 'dlqDepth' | 'queueAge'> {
  return { dlqDepth: { threshold: 1 }, queueAge: { thresholdSeconds: maxQueueAgeSeconds } };
}

/** What {@link chooseAlarms} needs to know about a function. */
export interface AlarmSubject {
  readonly invocation: Invocation;
  readonly reservedConcurrency: number;
  readonly spilloverTarget: number;
  /** Whether the function has provisioned concurrency. */
  readonly provisioned: boolean;
  /** The queue-age target of an SQS consumer's queue; undefined without one. */
  readonly maxQueueAgeSeconds?: number;
}

/** Which alarms a function gets and their thresholds (MODEL §10): the planner's and the constructs' one choice. */
export function chooseAlarms(f: AlarmSubject): AlarmThresholds {
  const provisioned = f.provisioned ? provisionedAlarms(f.spilloverTarget) : null;
  const queues = f.maxQueueAgeSeconds !== undefined ? queueAlarms(f.maxQueueAgeSeconds) : null;
  return {
    throttles: throttlesAlarm(f.invocation),
    concurrency: { threshold: concurrencyAlarmThreshold(f.reservedConcurrency) },
    spillover: provisioned?.spillover ?? null,
    provisionedUtilization: provisioned?.provisionedUtilization ?? null,
    dlqDepth: queues?.dlqDepth ?? null,
    queueAge: queues?.queueAge ?? null,
  };
}
