/**
 * Provisioned concurrency (MODEL §3): per-hour PC under the reserved cap, merged into scheduled actions,
 * plus target tracking when the peak is large enough for it.
 */
import type { Finding } from '../findings';
import { DEFAULTS, LIMITS, PROVISIONED_UNCAPPED, everyDayAt, growthAbsorbed, mergeScheduleBlocks, targetUtilization, violationOf, weightedSpillover, withBuffer } from '../model';
import type { FunctionSpec } from '../workload/types';
import { blockActions, handoffMinutes, withinActionQuota } from './actions';
import type { Draft } from './draft';
import { planFinding } from './findings';
import { fmt, hh, roundLoad, roundProbability } from './format';
import { headroomPercent } from './headroom';
import type { ProvisionedPlan, ScheduledActionPlan } from './types';
import { dailyView, dayNames, weeklySchedule } from './week';

/** Per-hour PC under the reserved cap, merged into scheduled actions, plus target tracking. */
export function planProvisioned(d: Draft, reserved: number, rationale: string[], findings: Finding[]): ProvisionedPlan {
  const { spec } = d;
  const { tracking, week } = d;
  // A plan by week sizes and schedules its 168 hours; a plan by day its 24.
  const wanted = week ? week.needs : (d.provisionedHourly ?? []);
  // PC, plus target tracking's scale-out buffer when there is one, must fit under reserved (PC ≤ reserved, MODEL §3).
  const ceiling = tracking ? Math.max(1, Math.floor(reserved / (1 + DEFAULTS.provisionedBuffer))) : reserved;
  const headroom = (p: number) => (tracking ? Math.min(reserved, withBuffer(p)) : p);
  const tz = d.timezone;
  const { profile, schedule, merges } = withinActionQuota(
    wanted.map((p) => Math.min(p, ceiling)),
    (p) => (week ? weeklySchedule(p, tz, headroom, d.handoffs) : provisionedSchedule(p, tz, headroom, d.handoffs)),
  );
  const hourly = week ? dailyView(profile) : profile;
  const capped = violationOf(PROVISIONED_UNCAPPED, { wanted: Math.max(...wanted), ceiling }, () => ({
    reserved,
    spillover: roundProbability(Math.max(...d.hourlySamples.map((samples, h) => weightedSpillover(profile[h], samples)))),
    spilloverTarget: spec.spilloverTarget,
  }));
  if (capped) findings.push(planFinding(capped, 'warning', spec.name, ceiling));
  const lead = DEFAULTS.provisionedLeadMinutes;
  const peakP = Math.max(...profile);
  const min = Math.min(...profile);
  const max = headroom(peakP);
  const target = targetUtilization(d.peakLoad, peakP);
  const statistic = isSpiky(spec) ? 'Maximum' : 'Average';
  rationale.push(
    schedule.length
      ? `provisioned schedule: ${schedule.length} actions (${schedule.map((s) => `${s.name} ${s.min}`).join(', ')}) in ${tz}; consecutive equal hours merged, across midnight too${week ? ' and across days; actions at the same time and PC on several days share one day-of-week cron' : ''}; raising actions fire ${lead} min before their hour (PC takes 1-2 min to allocate)${handoffText(d.handoffs, week !== null, lead)}${tracking ? `; lowering actions set max = min (Application Auto Scaling scales in only to max) and a -resume action ${DEFAULTS.provisionedScaleInMinutes} min later restores the headroom` : ''}`
      : `provisioned ${peakP} all ${week ? 'week' : 'day'} (every hour needs the same), no schedule`,
  );
  if (merges > 0) {
    rationale.push(
      `${merges} pair(s) of neighbouring blocks with the smallest PC steps merged at the higher PC, to keep the schedule within Application Auto Scaling's ${LIMITS.scheduledActionsPerTarget} scheduled actions per scalable target (more fail the deploy)`,
    );
  }
  const shape = { hourly, ...(week ? { weekly: profile } : {}), schedule };
  const growth = { growthHeadroom: d.headroom.growth, growthAbsorbed: growthAbsorbed(profile, d.hourlySamples, spec.spilloverTarget) };
  rationale.push(
    `growthAbsorbed ${headroomPercent(growth.growthAbsorbed)}: the schedule alone keeps every hour's spillover <= ${spec.spilloverTarget} with the history's traffic grown by up to this much${growth.growthAbsorbed >= 1 ? ' (or more)' : ''} (sized for ${headroomPercent(growth.growthHeadroom)}; PC rounds up to whole environments${tracking ? ', and target tracking adds capacity beyond it' : ''})`,
  );
  if (!tracking) {
    rationale.push(
      `no target tracking: peak provisioned ${peakP} < ${DEFAULTS.targetTrackingMinProvisioned}, where one environment is more than the ${DEFAULTS.provisionedBuffer * 100}% buffer and an idle function never scales back in; PC is exactly each hour's value (min = max) and the spillover alarm watches`,
    );
    rationale.push(`provisioned bounds min ${min} = quietest hour, max ${max} = busiest hour`);
    return { min, max, targetUtilization: null, statistic, ...growth, ...shape };
  }
  rationale.push(`provisioned bounds min ${min} = quietest hour, max ${max} = ${peakP} + ${DEFAULTS.provisionedBuffer * 100}% buffer (capped by reserved ${reserved})`);
  rationale.push(
    `targetUtilization ${roundLoad(target)} = peak load ${fmt(d.peakLoad)} / peak provisioned ${peakP}, clamped to [${LIMITS.targetUtilizationMin}, ${LIMITS.targetUtilizationMax}]; statistic ${statistic}${statistic === 'Maximum' ? ' (spiky traffic: peak minute >= 2 x mean minute in the busiest hour)' : ''}`,
  );
  return { min, max, targetUtilization: roundLoad(target), statistic, ...growth, ...shape };
}

/**
 * Scheduled actions for a per-hour PC profile: consecutive equal hours merged (across midnight too),
 * min = the block's PC, max = `headroom(PC)`; a block that raises PC fires `DEFAULTS.provisionedLeadMinutes`
 * before its hour so the environments are allocated when it starts, and one that lowers PC under target
 * tracking scales in first (`blockActions`). None when every hour is the same.
 */
export function provisionedSchedule(hourly: readonly number[], timezone: string, headroom: (p: number) => number = (p) => p, handoffs: ReadonlySet<number> = new Set()): ScheduledActionPlan[] {
  const blocks = mergeScheduleBlocks(hourly);
  if (blocks.length <= 1) return [];
  const raises = (i: number) => blocks[i].provisioned > blocks[(i + blocks.length - 1) % blocks.length].provisioned;
  return blocks.flatMap((b, i) =>
    blockActions({ name: `h${hh(b.startHour)}`, at: everyDayAt(b.startHour * 60), provisioned: b.provisioned, raises: raises(i), handedOff: handoffs.has(b.startHour) }, timezone, headroom),
  );
}

/** True when a trace's busiest hour has a peak minute at least twice its mean minute. */
function isSpiky(spec: FunctionSpec): boolean {
  const perMinute = spec.traffic.perMinute;
  if (!perMinute || perMinute.length < 60) return false;
  let best = { sum: -1, max: 0 };
  for (let start = 0; start + 60 <= perMinute.length; start += 60) {
    const hour = perMinute.slice(start, start + 60);
    const sum = hour.reduce((s, x) => s + x, 0);
    if (sum > best.sum) best = { sum, max: Math.max(...hour) };
  }
  return best.sum > 0 && best.max >= (2 * best.sum) / 60;
}

/**
 * The rationale's words for the hand-overs (`handOffBoundaries`): how many boundaries the busier block
 * serves, and the first few of them.
 */
function handoffText(handoffs: ReadonlySet<number>, byWeek: boolean, lead: number): string {
  if (handoffs.size === 0) return '';
  const j = DEFAULTS.scheduleJitterMinutes;
  const reach = handoffMinutes();
  const cells = [...handoffs].sort((a, b) => a - b);
  const name = (c: number): string => (byWeek ? `${dayNames([Math.floor(c / 24)])[0]} ${hh(c % 24)}:00` : `${hh(c)}:00`);
  const shown = cells.slice(0, 5).map(name).join(', ');
  return `; at ${cells.length} hour boundar${cells.length === 1 ? 'y' : 'ies'} (${shown}${cells.length > 5 ? ', ...' : ''}) the traffic within ${j} min of the boundary is served by the busier block, whose raise fires ${reach + lead} min early or whose lowering ${reach} min late, rather than by sizing the quieter hour for it (cheaper there: a batch at the boundary)`;
}
