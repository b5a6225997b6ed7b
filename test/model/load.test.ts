/**
 * Offered load (MODEL §1): Little's law and SQS batches per second.
 */
import * as fc from 'fast-check';
import { DEFAULTS, offeredLoad, serversForBlocking, sqsBatchesPerSecond } from '../../lib/model';
import { propertyOptions } from './support';

describe('offeredLoad', () => {
  test('applies Little\'s law: 5,000 rps × 200 ms = 1,000 busy environments (AWS example)', () => {
    expect(offeredLoad(5000, 200)).toBe(1000);
    expect(offeredLoad(500, 200)).toBe(100);
    expect(offeredLoad(0, 200)).toBe(0);
  });

  test('sizes 500 rps × 200 ms at the default throttle target to 128 environments, 117 at 0.01 (MODEL check values)', () => {
    const load = offeredLoad(500, 200);
    expect(serversForBlocking(load, DEFAULTS.throttleTarget)).toBe(128);
    expect(serversForBlocking(load, 0.01)).toBe(117);
  });

  test('is linear in rate and duration', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e5, noNaN: true }), fc.double({ min: 1, max: 900_000, noNaN: true }), fc.integer({ min: 2, max: 10 }), (rps, durationMs, k) => {
        const a = offeredLoad(rps, durationMs);
        const close = (x: number, y: number) => Math.abs(x - y) <= 1e-12 * Math.max(1, Math.abs(y));
        return close(offeredLoad(k * rps, durationMs), k * a) && close(offeredLoad(rps, k * durationMs), k * a);
      }),
      propertyOptions(),
    );
  });
});

describe('sqsBatchesPerSecond', () => {
  test('divides messages by batch size without a window', () => {
    expect(sqsBatchesPerSecond(100, 10, 0)).toBe(10);
    expect(sqsBatchesPerSecond(1, 100, 0)).toBe(0.01);
  });

  test('fires at least once per batching window while messages flow', () => {
    // 1 message/s into batches of 100 with a 5 s window: a batch every 5 s, not every 100 s.
    expect(sqsBatchesPerSecond(1, 100, 5)).toBe(0.2);
    // Heavy traffic fills batches before the window ends.
    expect(sqsBatchesPerSecond(100, 10, 5)).toBe(10);
  });

  test('never invokes more often than messages arrive', () => {
    // 0.1 message/s with a 1 s window: at most one invocation per message.
    expect(sqsBatchesPerSecond(0.1, 10, 1)).toBe(0.1);
  });

  test('returns 0 without messages', () => {
    expect(sqsBatchesPerSecond(0, 10, 5)).toBe(0);
  });

  test('lies between messages ÷ batch size and the message rate', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-4, max: 1e5, noNaN: true }), fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 0, max: 300 }), (messages, batch, window) => {
        const batches = sqsBatchesPerSecond(messages, batch, window);
        return batches >= messages / batch && batches <= messages && (window === 0 || batches >= Math.min(messages, 1 / window));
      }),
      propertyOptions(),
    );
  });
});
