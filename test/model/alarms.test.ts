/**
 * Alarm thresholds derived from the plan (MODEL §10).
 */
import * as fc from 'fast-check';
import { DEFAULTS, chooseAlarms, claimedAccountConcurrencyThreshold, concurrencyAlarmThreshold, spilloverAlarmRate, type Invocation } from '../../lib/model';
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

describe('chooseAlarms', () => {
  const subject = { reservedConcurrency: 50, spilloverTarget: 0.05, provisioned: false };

  test.each<[Invocation, boolean]>([['sync', true], ['async', true], ['sqs', false]])('a %s function gets a Throttles alarm: %s', (invocation, expected) => {
    const alarms = chooseAlarms({ ...subject, invocation });
    expect(alarms.throttles !== null).toBe(expected);
    if (alarms.throttles) expect(alarms.throttles).toEqual({ threshold: 1, periodSeconds: 60, evaluationPeriods: 5, datapointsToAlarm: 5 });
  });

  test('provisioned concurrency adds spillover (2 x target) and utilization (0.9) alarms', () => {
    expect(chooseAlarms({ ...subject, invocation: 'sync' })).toMatchObject({ spillover: null, provisionedUtilization: null });
    expect(chooseAlarms({ ...subject, invocation: 'sync', provisioned: true })).toMatchObject({ spillover: { rate: 0.1 }, provisionedUtilization: { threshold: 0.9 } });
  });

  test('a queue-age target adds the DLQ-depth and queue-age alarms', () => {
    expect(chooseAlarms({ ...subject, invocation: 'sqs', maxQueueAgeSeconds: 120 })).toMatchObject({ dlqDepth: { threshold: 1 }, queueAge: { thresholdSeconds: 120 }, concurrency: { threshold: 40 } });
    expect(chooseAlarms({ ...subject, invocation: 'sync' })).toMatchObject({ dlqDepth: null, queueAge: null });
  });
});
