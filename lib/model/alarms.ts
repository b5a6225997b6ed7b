/**
 * Alarm thresholds derived from the plan (MODEL §10).
 */
import { DEFAULTS } from './defaults';

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
