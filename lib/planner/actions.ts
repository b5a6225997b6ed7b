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
import { DEFAULTS, actionSchedule, shiftScheduleTime, type ScheduleTime } from '../model';
import type { ScheduledActionPlan } from './types';

/** A schedule block as the action builders see it. */
export interface BlockStart {
  /** The action's name (`h09`, `mon-fri-h08`). */
  readonly name: string;
  /** The hour the block starts (on its days), unshifted. */
  readonly at: ScheduleTime;
  readonly provisioned: number;
  /** Whether the block's PC is above the block before it's. */
  readonly raises: boolean;
}

/** The actions of one block: one when it raises PC or has no tracking headroom, two when it lowers PC under tracking. */
export function blockActions(block: BlockStart, timezone: string, headroom: (p: number) => number): ScheduledActionPlan[] {
  const { name, at, provisioned: p, raises } = block;
  const max = headroom(p);
  // Shifting (by 0 too) also puts the days in cron order, as the plan writes them.
  const after = (minutes: number) => actionSchedule(shiftScheduleTime(at, minutes));
  if (raises || max <= p) return [{ name, ...after(raises ? -DEFAULTS.provisionedLeadMinutes : 0), timezone, min: p, max }];
  return [
    { name, ...after(0), timezone, min: p, max: p },
    { name: `${name}-resume`, ...after(DEFAULTS.provisionedScaleInMinutes), timezone, min: p, max },
  ];
}
