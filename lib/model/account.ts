/**
 * Account budget (MODEL §6): reserved concurrency across all functions of (account, region).
 */
import { LIMITS } from './defaults';

/** The most concurrency the account's functions may reserve: limit − unreserved floor. */
export function reservableConcurrency(concurrencyLimit: number, unreservedFloor: number): number {
  return Math.max(0, concurrencyLimit - unreservedFloor);
}

/** Account-level request rate limit: 10 × the concurrency limit. */
export function accountRpsLimit(concurrencyLimit: number): number {
  return concurrencyLimit * LIMITS.rpsPerConcurrency;
}

/** The verdict of an account budget check. */
export interface AccountBudget {
  readonly reservedTotal: number;
  readonly reservable: number;
  readonly unreservedRemaining: number;
  /** True when Σ reserved > limit − floor (CloudFormation would fail the deploy). */
  readonly overBudget: boolean;
}

/** Σ reserved against limit − floor. */
export function accountBudget(reserved: readonly number[], concurrencyLimit: number, unreservedFloor: number): AccountBudget {
  const reservedTotal = reserved.reduce((s, r) => s + r, 0);
  const reservable = reservableConcurrency(concurrencyLimit, unreservedFloor);
  return {
    reservedTotal,
    reservable,
    unreservedRemaining: concurrencyLimit - reservedTotal,
    overBudget: reservedTotal > reservable,
  };
}
