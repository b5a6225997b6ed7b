/**
 * Named defaults and AWS limits (MODEL.md): the values the docs promise, in one place.
 */
import { DEFAULTS, LIMITS, defaultUnreservedFloor, legacyBurstLimit } from '../../lib/model';

describe('DEFAULTS', () => {
  test('carries the targets and budgets MODEL.md names', () => {
    expect(DEFAULTS).toMatchObject({
      throttleTarget: 0.001,
      spilloverTarget: 0.05,
      concurrencyLimit: 1000,
      unreservedFloor: 100,
      keepAliveMinutes: 10,
      targetUtilization: 0.7,
      maxConnectionsPercent: 100,
      headroom: 0.3,
      connectionsPerEnvironment: 1,
      provisionedBuffer: 0.1,
    });
    expect(DEFAULTS.sqs.maxReceiveCount).toBeGreaterThanOrEqual(LIMITS.sqsMinMaxReceiveCount);
    expect(DEFAULTS.sqs.queueAgeExceedProbability).toBe(0.01);
  });

  test('carries the MODEL §10 alarm settings: throttles ≥ 1 in 5 of 5 one-minute periods, 80%, 2×, 0.9, 70%', () => {
    expect(DEFAULTS.alarms).toEqual({
      concurrencyFraction: 0.8,
      spilloverFactor: 2,
      provisionedUtilization: 0.9,
      claimedAccountFraction: 0.7,
      throttlePeriodSeconds: 60,
      throttleEvaluationPeriods: 5,
      throttleDatapointsToAlarm: 5,
    });
  });
});

describe('LIMITS', () => {
  test('carries the AWS facts MODEL.md cites', () => {
    expect(LIMITS).toMatchObject({
      minUnreserved: 100,
      rpsPerConcurrency: 10,
      perFunctionScaleStep: 1000,
      perFunctionScaleIntervalSeconds: 10,
      legacyScalePerMinute: 500,
      provisionedAllocationPerMinute: 6000,
      sqsInitialConcurrency: 5,
      sqsScaleUpPerMinute: 300,
      sqsMaxPollerConcurrency: 1250,
      sqsMaxConcurrencyMin: 2,
      sqsMaxConcurrencyMax: 1000,
      sqsMaxBatchStandard: 10000,
      sqsMaxBatchFifo: 10,
      sqsMaxBatchingWindowSeconds: 300,
      sqsVisibilityTimeoutFactor: 6,
      sqsMinMaxReceiveCount: 5,
    });
  });
});

describe('legacyBurstLimit', () => {
  test('returns the regional burst of the legacy scaling model', () => {
    expect(legacyBurstLimit('us-east-1')).toBe(3000);
    expect(legacyBurstLimit('eu-west-1')).toBe(3000);
    expect(legacyBurstLimit('eu-central-1')).toBe(1000);
    expect(legacyBurstLimit('us-east-2')).toBe(1000);
    expect(legacyBurstLimit('sa-east-1')).toBe(500);
  });

  test('returns the default burst for a region named like an Object.prototype member', () => {
    for (const region of ['constructor', 'toString', '__proto__']) expect(legacyBurstLimit(region)).toBe(500);
  });
});

describe('defaultUnreservedFloor', () => {
  test('never keeps more unreserved than the limit itself', () => {
    expect(defaultUnreservedFloor(0)).toBe(0);
    expect(defaultUnreservedFloor(100_000)).toBe(100);
  });
});
