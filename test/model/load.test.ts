/**
 * Offered load (MODEL §1): Little's law and SQS batches per second.
 */
import * as fc from 'fast-check';
import { DEFAULTS, minuteLoads, offeredLoad, serversForBlocking, sqsBatchesPerSecond } from '../../lib/model';
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

describe('minuteLoads', () => {
  test('durations under a minute: each minute is its own rate × duration', () => {
    expect(minuteLoads([1, 2, 0, 4], 500)).toEqual([0.5, 1, 0, 2]);
  });

  test('a burst of long executions stays busy for one duration: 3-minute jobs spread one minute over three', () => {
    const rates = [0, 0, 0, 6, 0, 0, 0, 0];
    // 6 rps for one minute of 180 s jobs: 360 busy spread as 120 over minutes 3, 4, 5 (mean rate 2 rps × 180 s)
    expect(minuteLoads(rates, 180_000)).toEqual([0, 0, 0, 360, 360, 360, 0, 0]);
  });

  test('a fractional window takes part of the oldest minute, and the day wraps', () => {
    // 90 s window = this minute + half the minute before; minute 0 looks back to the last minute.
    const loads = minuteLoads([2, 0, 0, 4], 90_000);
    expect(loads.map((x) => Math.round(x * 1e9) / 1e9)).toEqual([((2 + 0.5 * 4) / 1.5) * 90, ((0 + 0.5 * 2) / 1.5) * 90, 0, ((4 + 0) / 1.5) * 90]);
  });

  test('a steady rate gives the steady load, and the day total is preserved', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 100, noNaN: true }), { minLength: 1, maxLength: 120 }), fc.integer({ min: 1, max: 900_000 }), (rates, durationMs) => {
        const loads = minuteLoads(rates, durationMs);
        const windowMinutes = Math.max(1, durationMs / 60_000);
        const total = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
        // Σ loads = Σ rate × duration: the moving average moves load in time, it never adds or loses any
        // (exactly when the window fits in the series; a window longer than the series wraps more than once).
        const preserved = windowMinutes > rates.length || Math.abs(total(loads) - offeredLoad(total(rates), durationMs)) <= 1e-6 * (1 + offeredLoad(total(rates), durationMs));
        return loads.length === rates.length && loads.every((x) => x >= 0) && preserved && minuteLoads(rates.map(() => 3), durationMs).every((x) => Math.abs(x - offeredLoad(3, durationMs)) < 1e-9);
      }),
      propertyOptions(200),
    );
  });
});
