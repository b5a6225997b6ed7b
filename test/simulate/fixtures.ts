/**
 * Small normalized workloads for simulator tests (built by hand, as lib/workload would normalize them).
 */
import type { FunctionPlan, Plan, SqsPlan } from '../../lib/planner/types';
import type { AccountSpec, FunctionSpec, Traffic, TrafficStep, Workload } from '../../lib/workload/types';

/** Traffic of piecewise-constant steps. */
export function stepsTraffic(steps: TrafficStep[]): Traffic {
  const peak = Math.max(...steps.map((s) => s.rps));
  return { source: 'steps', hourlyRps: new Array(24).fill(peak), peakRps: peak, averageRps: peak, steps };
}

/** Traffic of a constant rate. */
export function constantTraffic(rps: number): Traffic {
  return stepsTraffic([{ atSeconds: 0, rps }]);
}

/** A function with sensible defaults; override what the test is about. */
export function fn(overrides: Partial<FunctionSpec> & { name: string; traffic: Traffic }): FunctionSpec {
  return {
    invocation: 'sync',
    memoryMb: 1024,
    timeoutSeconds: 30,
    durationMs: { avg: 1000, p99: 1000 },
    initDurationMs: 0,
    latencySensitive: false,
    architecture: 'arm64',
    throttleTarget: 0.001,
    spilloverTarget: 0.05,
    ...overrides,
  };
}

/** A workload around `functions`. */
export function workload(functions: FunctionSpec[], account: Partial<AccountSpec> = {}): Workload {
  return {
    version: 1,
    account: { region: 'us-east-1', concurrencyLimit: 1000, unreservedFloor: 100, scalingModel: 'per-function', ...account },
    defaults: { throttleTarget: 0.001, spilloverTarget: 0.05, timezone: 'UTC', architecture: 'arm64', keepAliveMinutes: 10 },
    databases: {},
    functions,
  };
}

/** What a test sets on one function's plan. */
export interface PlanOverrides {
  reservedConcurrency?: number;
  provisioned?: FunctionPlan['provisioned'];
  sqs?: Partial<SqsPlan>;
}

/** A hand-made plan v1 for `w`: every function gets only what `overrides` gives it. */
export function planFor(w: Workload, overrides: Record<string, PlanOverrides>): Plan {
  const functions: FunctionPlan[] = w.functions.map((f) => {
    const o = overrides[f.name] ?? {};
    return {
      name: f.name,
      invocation: f.invocation,
      memoryMb: f.memoryMb,
      timeoutSeconds: f.timeoutSeconds,
      architecture: f.architecture,
      offeredLoad: { peak: 0, average: 0, hourly: [] },
      reservedConcurrency: o.reservedConcurrency ?? w.account.concurrencyLimit - w.account.unreservedFloor,
      provisioned: o.provisioned ?? null,
      sqs: o.sqs
        ? {
            batchSize: 10,
            maxBatchingWindowSeconds: 0,
            maxConcurrency: 1000,
            visibilityTimeoutSeconds: 6 * f.timeoutSeconds,
            maxReceiveCount: 5,
            dlqRetentionDays: 14,
            fifo: false,
            maxQueueAgeSeconds: 300,
            peakBatchesPerSecond: 0,
            queueAgeExceedProbability: 0,
            ...o.sqs,
          }
        : null,
      alarms: { throttles: null, concurrency: { threshold: 0 }, spillover: null, provisionedUtilization: null, dlqDepth: null, queueAge: null },
      predicted: { throttleProbability: 0, spilloverProbability: null, monthlyCostUsd: { provisioned: 0, onDemand: 0, requests: 0, total: 0 } },
      rationale: [],
    };
  });
  return {
    version: 1,
    account: { ...w.account, reservedTotal: 0, unreservedRemaining: 0, claimedAlarmThreshold: 0 },
    functions,
    databases: [],
    findings: [],
    notes: [],
  };
}

/** Provisioned concurrency fixed at `p` all day (no target tracking). */
export function staticProvisioned(p: number): NonNullable<FunctionPlan['provisioned']> {
  return { min: p, max: p, targetUtilization: 0, statistic: 'Average', hourly: new Array(24).fill(p), schedule: [] };
}
