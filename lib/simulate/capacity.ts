/**
 * The capacity settings a simulation applies to each function, from a plan (or none: bare on-demand).
 */
import { DAYS_OF_WEEK, DEFAULTS, LIMITS, isDaily, requiredVisibilityTimeoutSeconds } from '../model';
import { weekdayOf } from '../workload/calendar';
import type { FunctionPlan, Plan } from '../planner/types';
import type { FunctionSpec, Workload } from '../workload/types';

/** Minutes in a week; minute 0 is Sunday 00:00 (cron order). */
export const MINUTES_PER_WEEK = 7 * 1440;

/** A scheduled action firing on one day: from `minuteOfWeek` on, provisioned concurrency stays within [min, max]. */
export interface ScheduledBounds {
  /** Minute of the week (0 = Sunday 00:00) in the schedule's time zone. */
  readonly minuteOfWeek: number;
  readonly min: number;
  readonly max: number;
}

/** Provisioned concurrency on the alias: scheduled bounds plus target tracking inside them. */
export interface ProvisionedCapacity {
  /** Each action once per day it fires on, sorted by minute of the week; never empty (a plan without schedule gets one entry). */
  readonly schedule: readonly ScheduledBounds[];
  /** Minute of the week at simulated second 0 (00:00 of the traffic's first day). */
  readonly startMinuteOfWeek: number;
  /** Target of `ProvisionedConcurrencyUtilization`; null: no target tracking. */
  readonly targetUtilization: number | null;
  readonly statistic: 'Average' | 'Maximum';
}

/** Event source mapping and queue settings. */
export interface SqsCapacity {
  readonly batchSize: number;
  readonly maxBatchingWindowSeconds: number;
  /** `ScalingConfig.MaximumConcurrency`; null: none (pollers go up to 1,250). */
  readonly maxConcurrency: number | null;
  readonly visibilityTimeoutSeconds: number;
  readonly maxReceiveCount: number;
}

/** What the simulator applies to one function. */
export interface FunctionCapacity {
  readonly reservedConcurrency: number | null;
  readonly provisioned: ProvisionedCapacity | null;
  readonly sqs: SqsCapacity | null;
}

/** Capacity of a function with no plan: on-demand, no reserved, default SQS mapping. */
export function onDemandCapacity(spec: FunctionSpec): FunctionCapacity {
  return { reservedConcurrency: null, provisioned: null, sqs: spec.invocation === 'sqs' ? defaultSqs(spec) : null };
}

function defaultSqs(spec: FunctionSpec): SqsCapacity {
  const window = spec.sqs?.maxBatchingWindowSeconds ?? DEFAULTS.sqs.maxBatchingWindowSeconds;
  return {
    batchSize: spec.sqs?.batchSize ?? DEFAULTS.sqs.batchSize,
    maxBatchingWindowSeconds: window,
    maxConcurrency: null,
    visibilityTimeoutSeconds: requiredVisibilityTimeoutSeconds(spec.timeoutSeconds, window),
    maxReceiveCount: DEFAULTS.sqs.maxReceiveCount,
  };
}

/**
 * Minute of the week at second 0 of a function's traffic: 00:00 of its first day when the trace has a
 * start; a Monday otherwise (daily schedules do not care; a note says so for schedules by week).
 */
export function startMinuteOfWeek(spec: FunctionSpec): number {
  const weekday = spec.traffic.startDate === undefined ? 0 : weekdayOf(spec.traffic.startDate);
  // weekdayOf counts from Monday, the week of cron from Sunday.
  return ((weekday + 1) % 7) * 1440;
}

/**
 * Capacity of a function from its plan. Scheduled actions fire at their `when`: a minute of the day,
 * every day or on days of the week (what the planner writes; lib/plan-file.ts refuses any other cron).
 */
export function capacityFromPlan(spec: FunctionSpec, fp: FunctionPlan): FunctionCapacity {
  const pc = fp.provisioned;
  let provisioned: ProvisionedCapacity | null = null;
  if (pc) {
    const schedule = pc.schedule.length
      ? pc.schedule
          .flatMap((a) => a.when.daysOfWeek.map((day) => ({ minuteOfWeek: DAYS_OF_WEEK.indexOf(day) * 1440 + a.when.minuteOfDay, min: a.min, max: a.max })))
          .sort((a, b) => a.minuteOfWeek - b.minuteOfWeek)
      : [{ minuteOfWeek: 0, min: pc.min, max: pc.max }];
    provisioned = {
      schedule,
      startMinuteOfWeek: startMinuteOfWeek(spec),
      targetUtilization: pc.targetUtilization != null && pc.targetUtilization > 0 ? pc.targetUtilization : null,
      statistic: pc.statistic ?? 'Average',
    };
  }
  const sqs = fp.sqs
    ? {
        batchSize: fp.sqs.batchSize,
        maxBatchingWindowSeconds: fp.sqs.maxBatchingWindowSeconds,
        maxConcurrency: fp.sqs.maxConcurrency,
        visibilityTimeoutSeconds: fp.sqs.visibilityTimeoutSeconds,
        maxReceiveCount: fp.sqs.maxReceiveCount,
      }
    : spec.invocation === 'sqs'
      ? defaultSqs(spec)
      : null;
  return { reservedConcurrency: fp.reservedConcurrency, provisioned, sqs };
}

/**
 * Capacity of every function of the workload under `plan` (null: bare on-demand). Functions the
 * plan does not mention run on demand, and a note says so.
 */
export function capacitiesFor(workload: Workload, plan: Plan | null): { capacities: FunctionCapacity[]; notes: string[] } {
  const notes: string[] = [];
  const byName = new Map((plan?.functions ?? []).map((f) => [f.name, f]));
  const capacities = workload.functions.map((spec) => {
    if (!plan) return onDemandCapacity(spec);
    const fp = byName.get(spec.name);
    if (!fp) {
      notes.push(`${spec.name}: not in the plan, simulated on demand without reserved concurrency`);
      return onDemandCapacity(spec);
    }
    if (fp.provisioned?.schedule.some((a) => !isDaily(a.when)) && spec.traffic.startDate === undefined) {
      notes.push(`${spec.name}: the plan's schedule is by day of the week but the traffic has no start date: day 0 is replayed as a Monday`);
    }
    return capacityFromPlan(spec, fp);
  });
  return { capacities, notes };
}

/** Poller ceiling of an SQS mapping: min(1,250, maxConcurrency, reserved). */
export function sqsPollerCeiling(sqs: SqsCapacity, reserved: number | null): number {
  return Math.min(LIMITS.sqsMaxPollerConcurrency, sqs.maxConcurrency ?? Infinity, reserved ?? Infinity);
}
