/**
 * Alarm thresholds derived from the plan (MODEL §10).
 */
import * as fc from 'fast-check';
import { DEFAULTS, claimedAccountConcurrencyThreshold, concurrencyAlarmThreshold, spilloverAlarmRate } from '../../lib/model';
import { propertyOptions } from './support';

describe('concurrencyAlarmThreshold', () => {
  test('alarms at 80% of reserved concurrency', () => {
    expect(DEFAULTS.alarms.concurrencyFraction).toBe(0.8);
    expect(concurrencyAlarmThreshold(128)).toBe(102);
    expect(concurrencyAlarmThreshold(100)).toBe(80);
  });

  test('returns at least 1 for tiny reservations', () => {
    expect(concurrencyAlarmThreshold(1)).toBe(1);
    expect(concurrencyAlarmThreshold(0)).toBe(1);
  });

  test('returns floor(0.8 R) exactly (integer check up to 100,000)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 100_000 }), (r) => concurrencyAlarmThreshold(r) === Math.floor((4 * r) / 5)),
      propertyOptions(1000),
    );
  });
});

describe('spilloverAlarmRate', () => {
  test('alarms at 2 × the spillover target, at most 1', () => {
    expect(spilloverAlarmRate(DEFAULTS.spilloverTarget)).toBe(0.1);
    expect(spilloverAlarmRate(0.3)).toBe(0.6);
    expect(spilloverAlarmRate(0.6)).toBe(1);
  });
});

describe('claimedAccountConcurrencyThreshold', () => {
  test('alarms at 70% of the account limit', () => {
    expect(DEFAULTS.alarms.claimedAccountFraction).toBe(0.7);
    expect(claimedAccountConcurrencyThreshold(1000)).toBe(700);
    expect(claimedAccountConcurrencyThreshold(3000)).toBe(2100);
  });

  test('returns floor(0.7 × limit) exactly, e.g. 63 for a limit of 90', () => {
    expect(claimedAccountConcurrencyThreshold(90)).toBe(63);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000 }), (limit) => claimedAccountConcurrencyThreshold(limit) === Math.floor((7 * limit) / 10)),
      propertyOptions(1000),
    );
  });
});
