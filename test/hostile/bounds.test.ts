/**
 * Numeric bounds: the schema's limits are the model's constants, and every search of the model ends
 * quickly for any finite input (at the largest load accepted, and with an error above it).
 */
import * as fc from 'fast-check';
import { LIMITS, MAX_OFFERED_LOAD, serversForBlocking, serversForWait, erlangB } from '../../lib/model';
import { WORKLOAD_SCHEMA } from '../../lib/workload/schemas';

type Node = { properties?: Record<string, Node>; items?: Node; definitions?: Record<string, Node>; maximum?: number };
const schema = WORKLOAD_SCHEMA as Node;
const traffic = schema.definitions?.traffic.properties as Record<string, Node>;

describe('the workload schema states the model\'s bounds', () => {
  test('request rates stop at LIMITS.maxRequestsPerSecond: the largest account busy with 1 ms invocations', () => {
    expect(LIMITS.maxRequestsPerSecond).toBe(LIMITS.maxAccountConcurrency * 1000);
    expect([traffic.peakRps.maximum, traffic.hourlyRps.items?.maximum, traffic.steps.items?.properties?.rps.maximum]).toEqual(new Array(3).fill(LIMITS.maxRequestsPerSecond));
  });

  test('the account limit stops at LIMITS.maxAccountConcurrency, and the model\'s load at ten times it', () => {
    expect(schema.properties?.account.properties?.concurrencyLimit.maximum).toBe(LIMITS.maxAccountConcurrency);
    expect(MAX_OFFERED_LOAD).toBe(10 * LIMITS.maxAccountConcurrency);
  });
});

describe('the searches of the model end for every finite input', () => {
  test('at the largest load accepted, sizing takes well under a second', () => {
    const started = Date.now();
    const c = serversForBlocking(MAX_OFFERED_LOAD, 0.001);
    expect(c).toBeGreaterThan(0.99 * MAX_OFFERED_LOAD);
    expect(serversForWait(MAX_OFFERED_LOAD, 0.1, 1, 0.01)).toBeGreaterThan(MAX_OFFERED_LOAD);
    expect(erlangB(c, MAX_OFFERED_LOAD)).toBeLessThanOrEqual(0.001);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  test.each([5e16, 1e308, Number.MAX_VALUE])('a load of %d is refused at once, not walked', (load) => {
    const started = Date.now();
    expect(() => serversForBlocking(load, 0.001)).toThrow(/load must be a finite number from 0 to 10000000/);
    expect(() => serversForWait(load, 1, 1, 0.01)).toThrow(RangeError);
    expect(() => erlangB(1, load)).toThrow(RangeError);
    expect(Date.now() - started).toBeLessThan(100);
  });

  test('any load up to the bound and any target give the smallest sufficient C', () => {
    fc.assert(
      fc.property(fc.double({ min: Number.MIN_VALUE, max: MAX_OFFERED_LOAD, noNaN: true }), fc.double({ min: 1e-6, max: 0.5, noNaN: true }), (load, target) => {
        const c = serversForBlocking(load, target);
        expect(erlangB(c, load)).toBeLessThanOrEqual(target);
        if (c > 0) expect(erlangB(c - 1, load)).toBeGreaterThan(target);
      }),
      { numRuns: 30 },
    );
  });
});
