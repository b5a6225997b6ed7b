/**
 * SQS event source mappings (MODEL §7): visibility timeout, poller ramp, backlog drain time.
 */
import * as fc from 'fast-check';
import { LIMITS, drainTimeSeconds, requiredVisibilityTimeoutSeconds, sqsPollerConcurrencyAt } from '../../lib/model';
import { propertyOptions } from './support';

describe('requiredVisibilityTimeoutSeconds', () => {
  test('requires 6 × function timeout + maximum batching window', () => {
    expect(requiredVisibilityTimeoutSeconds(30, 0)).toBe(180);
    expect(requiredVisibilityTimeoutSeconds(30, 20)).toBe(200);
    expect(requiredVisibilityTimeoutSeconds(900, 300)).toBe(5700);
  });

  test('never falls below the function timeout', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: LIMITS.lambdaMaxTimeoutSeconds }), fc.integer({ min: 0, max: LIMITS.sqsMaxBatchingWindowSeconds }), (timeout, window) => {
        const visibility = requiredVisibilityTimeoutSeconds(timeout, window);
        return visibility === 6 * timeout + window && visibility > timeout && visibility <= LIMITS.sqsMaxVisibilityTimeoutSeconds;
      }),
      propertyOptions(),
    );
  });
});

describe('sqsPollerConcurrencyAt', () => {
  test('starts at 5 concurrent invokes', () => {
    expect(sqsPollerConcurrencyAt(0)).toBe(5);
    expect(sqsPollerConcurrencyAt(-10)).toBe(5);
  });

  test('reaches 5 + 300 = 305 after 60 s, and no more', () => {
    expect(sqsPollerConcurrencyAt(60)).toBe(305);
    expect(sqsPollerConcurrencyAt(30)).toBe(155);
  });

  test('adds exactly 5 invokes per whole second (+300 per minute), e.g. 60 after 11 s', () => {
    expect(sqsPollerConcurrencyAt(11)).toBe(60);
    for (let s = 0; s <= 300; s++) expect(sqsPollerConcurrencyAt(s)).toBe(Math.min(5 + 5 * s, 1250));
  });

  test('stops at 1,250 and at a lower maximum concurrency or reserved cap', () => {
    expect(sqsPollerConcurrencyAt(3600)).toBe(1250);
    expect(sqsPollerConcurrencyAt(3600, 5000)).toBe(1250);
    expect(sqsPollerConcurrencyAt(60, 100)).toBe(100);
    expect(sqsPollerConcurrencyAt(0, 2)).toBe(2);
  });

  test('never exceeds 5 + 300 per minute elapsed or the cap, and never falls as time passes', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 600, noNaN: true }), fc.double({ min: 0, max: 600, noNaN: true }), fc.integer({ min: 2, max: 2000 }), (seconds, later, cap) => {
        const now = sqsPollerConcurrencyAt(seconds, cap);
        return now <= 5 + (300 * seconds) / 60 && now <= Math.min(cap, 1250) && sqsPollerConcurrencyAt(seconds + later, cap) >= now;
      }),
      propertyOptions(),
    );
  });
});

describe('drainTimeSeconds', () => {
  test('divides the backlog by the consumers\' net drain rate', () => {
    // 10 consumers × 10 messages per 1 s batch = 100 messages/s against 50 arriving: 10,000 / 50 = 200 s.
    expect(drainTimeSeconds(10_000, 10, 10, 1, 50)).toBe(200);
    // 4 consumers × 100 messages per 2 s batch = 200 messages/s with nothing arriving.
    expect(drainTimeSeconds(1000, 4, 100, 2, 0)).toBe(5);
  });

  test('returns 0 without a backlog', () => {
    expect(drainTimeSeconds(0, 10, 10, 1, 500)).toBe(0);
  });

  test('returns Infinity when consumers cannot outpace arrivals', () => {
    expect(drainTimeSeconds(10, 10, 10, 1, 100)).toBe(Infinity);
    expect(drainTimeSeconds(10, 10, 10, 1, 150)).toBe(Infinity);
  });
});
