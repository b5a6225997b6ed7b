/**
 * The scheduled actions of one schedule block (a run of hours at the same PC), for the daily and the
 * weekly schedule alike. Application Auto Scaling compares the capacity with an action's new bounds:
 * it scales out to min when below it and in to max when above it, and otherwise leaves it. So:
 *  - a block that raises PC fires `DEFAULTS.provisionedLeadMinutes` early (PC takes 1–2 minutes to allocate);
 *  - a block that lowers PC under target tracking (max above min) would leave the capacity where
 *    tracking and the busier block before it put it (or at the new max, on a large drop): it sets
 *    max = min at its hour, which scales in to the block's PC, and a second action
 *    `DEFAULTS.provisionedScaleInMinutes` later gives tracking its headroom back.
 */
import { DEFAULTS, LIMITS, actionSchedule, mergeScheduleBlocks, shiftScheduleTime, type ScheduleTime } from '../model';
import type { ScheduledActionPlan } from './types';

/**
 * How far a busier block reaches into the quieter hour at a handed-over boundary: twice the jitter window.
 * The quieter hour is sized without the minutes within J of the boundary; those minutes, seen there in the
 * history, may come J minutes further from the boundary next week.
 */
export function handoffMinutes(): number {
  return 2 * DEFAULTS.scheduleJitterMinutes;
}

/** A schedule block as the action builders see it. */
export interface BlockStart {
  /** The action's name (`h09`, `mon-fri-h08`). */
  readonly name: string;
  /** The hour the block starts (on its days), unshifted. */
  readonly at: ScheduleTime;
  readonly provisioned: number;
  /** Whether the block's PC is above the block before it's. */
  readonly raises: boolean;
  /**
   * Whether the busier side serves the boundary's band (`handOffBoundaries`): a raise then fires
   * `handoffMinutes()` earlier still, a lowering that much later.
   */
  readonly handedOff?: boolean;
}

/** The actions of one block: one when it raises PC or has no tracking headroom, two when it lowers PC under tracking. */
export function blockActions(block: BlockStart, timezone: string, headroom: (p: number) => number): ScheduledActionPlan[] {
  const { name, at, provisioned: p, raises } = block;
  const max = headroom(p);
  const band = block.handedOff ? handoffMinutes() : 0;
  // Shifting (by 0 too) also puts the days in cron order, as the plan writes them.
  const after = (minutes: number) => actionSchedule(shiftScheduleTime(at, minutes));
  if (raises) return [{ name, ...after(-DEFAULTS.provisionedLeadMinutes - band), timezone, min: p, max }];
  if (max <= p) return [{ name, ...after(band), timezone, min: p, max }];
  return [
    { name, ...after(band), timezone, min: p, max: p },
    { name: `${name}-resume`, ...after(band + DEFAULTS.provisionedScaleInMinutes), timezone, min: p, max },
  ];
}

/** A PC profile and the schedule built from it, after {@link withinActionQuota}. */
export interface FittedSchedule {
  readonly profile: number[];
  readonly schedule: ScheduledActionPlan[];
  /** How many pairs of neighbouring blocks were merged to fit the quota (0 when it fitted). */
  readonly merges: number;
}

/**
 * The profile whose schedule fits Application Auto Scaling's quota of scheduled actions per scalable target
 * (`LIMITS.scheduledActionsPerTarget`, not adjustable: more fail the deploy). While `build` gives too many
 * actions, the two neighbouring blocks (around the end of the profile too) whose PC differs least are merged
 * at the higher PC, so no hour gets less PC than it needs; the cost of fitting is the smallest steps' PC.
 */
export function withinActionQuota(profile: readonly number[], build: (profile: readonly number[]) => ScheduledActionPlan[]): FittedSchedule {
  const current = [...profile];
  let schedule = build(current);
  let merges = 0;
  while (schedule.length > LIMITS.scheduledActionsPerTarget) {
    const blocks = mergeScheduleBlocks(current);
    const gap = (j: number) => Math.abs(blocks[j].provisioned - blocks[(j + 1) % blocks.length].provisioned);
    let best = 0;
    for (let i = 1; i < blocks.length; i++) if (gap(i) < gap(best)) best = i;
    const [a, b] = [blocks[best], blocks[(best + 1) % blocks.length]];
    const low = a.provisioned < b.provisioned ? a : b;
    for (let h = 0; h < low.hours; h++) current[(low.startHour + h) % current.length] = Math.max(a.provisioned, b.provisioned);
    schedule = build(current);
    merges++;
  }
  return { profile: current, schedule, merges };
}
