/**
 * Normalized workloads built in code for planner and simulator tests: a sync function at 500 rps flat
 * unless told otherwise, in a 1,000-limit us-east-1 account with the default targets.
 */
import type { FunctionSpec, Workload } from '../../lib/workload/types';

/** Flat traffic at `rps` all day (a `peakRps` workload). */
export const flat = (rps: number): FunctionSpec['traffic'] => ({ source: 'peakRps', hourlyRps: Array(24).fill(rps), peakRps: rps, averageRps: rps });

/** A sync function `api` (1,024 MB, 10 s, 200 ms average, 800 ms p99) with `overrides`. */
export function functionSpec(overrides: Partial<FunctionSpec> = {}): FunctionSpec {
  return {
    name: 'api',
    invocation: 'sync',
    memoryMb: 1024,
    timeoutSeconds: 10,
    durationMs: { avg: 200, p99: 800 },
    initDurationMs: 600,
    traffic: flat(500),
    latencySensitive: false,
    architecture: 'arm64',
    throttleTarget: 0.001,
    spilloverTarget: 0.05,
    ...overrides,
  };
}

/** A workload of `functions` (UTC, default targets) with `extra` top-level fields. */
export function workloadOf(functions: FunctionSpec[], extra: Partial<Workload> = {}): Workload {
  return {
    version: 1,
    account: { region: 'us-east-1', concurrencyLimit: 1000, unreservedFloor: 100, scalingModel: 'per-function' },
    defaults: { throttleTarget: 0.001, spilloverTarget: 0.05, timezone: 'UTC', architecture: 'arm64', keepAliveMinutes: 10 },
    databases: {},
    functions,
    ...extra,
  };
}
