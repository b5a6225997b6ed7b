/**
 * Account budget (MODEL §6): Σ reserved against limit − unreserved floor, at the boundary.
 */
import * as fc from 'fast-check';
import { DEFAULTS, accountBudget, accountRpsLimit, defaultUnreservedFloor, reservableConcurrency } from '../../lib/model';
import { propertyOptions } from './support';

describe('accountBudget', () => {
  test('accepts Σ reserved exactly at limit − floor (900 of 1,000)', () => {
    expect(accountBudget([500, 400], 1000, 100)).toEqual({ reservedTotal: 900, reservable: 900, unreservedRemaining: 100, overBudget: false });
  });

  test('flags Σ reserved one above limit − floor (901 of 1,000)', () => {
    expect(accountBudget([500, 401], 1000, 100)).toEqual({ reservedTotal: 901, reservable: 900, unreservedRemaining: 99, overBudget: true });
  });

  test('accepts no reserved concurrency at all, even on a tiny account', () => {
    expect(accountBudget([], 50, defaultUnreservedFloor(50)).overBudget).toBe(false);
  });

  test('flags any reservation on an account whose whole limit is the floor', () => {
    // A 50-environment account keeps min(100, 50) = 50 unreserved: nothing can be reserved.
    const verdict = accountBudget([1], 50, defaultUnreservedFloor(50));
    expect(verdict.reservable).toBe(0);
    expect(verdict.overBudget).toBe(true);
  });

  test('is over budget exactly when Σ reserved > limit − floor', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 3000 }), { maxLength: 20 }), fc.integer({ min: 1, max: 20_000 }), (reserved, limit) => {
        const floor = defaultUnreservedFloor(limit);
        const verdict = accountBudget(reserved, limit, floor);
        const total = reserved.reduce((s, r) => s + r, 0);
        return verdict.reservedTotal === total && verdict.unreservedRemaining === limit - total && verdict.overBudget === total > limit - floor;
      }),
      propertyOptions(),
    );
  });
});

describe('reservableConcurrency', () => {
  test('returns limit − floor and never a negative number', () => {
    expect(reservableConcurrency(DEFAULTS.concurrencyLimit, DEFAULTS.unreservedFloor)).toBe(900);
    expect(reservableConcurrency(80, 100)).toBe(0);
  });
});

describe('defaultUnreservedFloor', () => {
  test('keeps min(100, limit) unreserved', () => {
    expect(defaultUnreservedFloor(1000)).toBe(100);
    expect(defaultUnreservedFloor(100)).toBe(100);
    expect(defaultUnreservedFloor(10)).toBe(10);
  });
});

describe('accountRpsLimit', () => {
  test('allows 10 requests per second per unit of concurrency limit', () => {
    expect(accountRpsLimit(1000)).toBe(10_000);
    expect(accountRpsLimit(3000)).toBe(30_000);
  });
});
