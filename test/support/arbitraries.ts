/**
 * fast-check generators of valid, normalized workloads (lib/workload/types), shared by the planner
 * and construct property tests.
 */
import fc from 'fast-check';
import type { FunctionSpec, Traffic, Workload } from '../../lib/workload/types';

/** Traffic in one of the normalized forms (flat peak or an hourly profile). */
export const trafficArb: fc.Arbitrary<Traffic> = fc.oneof(
  fc.double({ min: 0.01, max: 5000, noNaN: true }).map((peak) => ({ source: 'peakRps' as const, hourlyRps: Array(24).fill(peak), peakRps: peak, averageRps: peak })),
  fc
    .array(fc.double({ min: 0, max: 3000, noNaN: true }), { minLength: 24, maxLength: 24 })
    .filter((h) => h.some((x) => x > 0))
    .map((h) => ({ source: 'hourlyRps' as const, hourlyRps: h, peakRps: Math.max(...h), averageRps: h.reduce((a, b) => a + b, 0) / 24 })),
);

const functionArb = (databases: string[]): fc.Arbitrary<Omit<FunctionSpec, 'name'>> =>
  fc
    .record({
      invocation: fc.constantFrom('sync' as const, 'async' as const, 'sqs' as const),
      memoryMb: fc.integer({ min: 128, max: 10240 }),
      timeoutSeconds: fc.integer({ min: 1, max: 900 }),
      durationFraction: fc.double({ min: 0.001, max: 1, noNaN: true }),
      traffic: trafficArb,
      latencySensitive: fc.boolean(),
      architecture: fc.constantFrom('arm64' as const, 'x86_64' as const),
      throttleTarget: fc.constantFrom(0.0001, 0.001, 0.01, 0.05),
      spilloverTarget: fc.constantFrom(0.01, 0.05, 0.1),
      database: databases.length
        ? fc.option(fc.record({ name: fc.constantFrom(...databases), connectionsPerEnvironment: fc.integer({ min: 1, max: 3 }) }), { nil: undefined })
        : fc.constant(undefined),
      fifo: fc.boolean(),
      batchSize: fc.option(fc.integer({ min: 1, max: 10 }), { nil: undefined }),
      window: fc.option(fc.integer({ min: 0, max: 300 }), { nil: undefined }),
      maxQueueAgeSeconds: fc.integer({ min: 5, max: 3600 }),
    })
    .map((r) => ({
      invocation: r.invocation,
      memoryMb: r.memoryMb,
      timeoutSeconds: r.timeoutSeconds,
      // Keep durations below the timeout, as workload validation requires, and under 60 s.
      durationMs: { avg: Math.max(1, Math.round(Math.min(r.timeoutSeconds * 1000, 60000) * r.durationFraction)) },
      initDurationMs: 500,
      traffic: r.traffic,
      latencySensitive: r.latencySensitive,
      architecture: r.architecture,
      throttleTarget: r.throttleTarget,
      spilloverTarget: r.spilloverTarget,
      database: r.database,
      sqs:
        r.invocation === 'sqs'
          ? { fifo: r.fifo, batchSize: r.batchSize, maxBatchingWindowSeconds: r.fifo ? 0 : r.window, maxQueueAgeSeconds: r.maxQueueAgeSeconds }
          : undefined,
    }));

/** A valid normalized workload with 1–8 functions, 0–2 databases and a random account. */
export const workloadArb: fc.Arbitrary<Workload> = fc
  .record({
    dbCount: fc.integer({ min: 0, max: 2 }),
    concurrencyLimit: fc.integer({ min: 100, max: 20000 }),
    region: fc.constantFrom('us-east-1', 'eu-west-1', 'ap-south-1'),
  })
  .chain(({ dbCount, concurrencyLimit, region }) => {
    const names = Array.from({ length: dbCount }, (_, i) => `db${i}`);
    return fc.record({
      databases: fc.tuple(
        ...names.map(() =>
          fc.record({
            engine: fc.constantFrom('postgres' as const, 'mysql' as const),
            maxConnections: fc.integer({ min: 20, max: 5000 }),
            maxConnectionsPercent: fc.integer({ min: 1, max: 100 }),
            headroom: fc.constantFrom(0, 0.1, 0.3, 0.5),
            otherClients: fc.integer({ min: 0, max: 50 }),
          }),
        ),
      ),
      functions: fc.array(functionArb(names), { minLength: 1, maxLength: 8 }),
    }).map(({ databases, functions }) => ({
      version: 1 as const,
      account: { region, concurrencyLimit, unreservedFloor: Math.min(100, concurrencyLimit), scalingModel: 'per-function' as const },
      defaults: { throttleTarget: 0.001, spilloverTarget: 0.05, timezone: 'UTC', architecture: 'arm64' as const, keepAliveMinutes: 10 },
      databases: Object.fromEntries(names.map((n, i) => [n, databases[i]])),
      functions: functions.map((f, i) => ({ ...f, name: `fn${i}` })),
    }));
  });
