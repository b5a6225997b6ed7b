/**
 * Provisioned concurrency as Application Auto Scaling drives it (MODEL §8): scheduled actions at their
 * minute of the day on their days of the week, target tracking on one-minute utilization datapoints,
 * and allocation after the preparation delay at a bounded rate.
 */
import { LIMITS } from '../model';
import { MINUTES_PER_WEEK } from './capacity';
import type { FunctionSim, ProvisionedState, RunContext } from './function-state';

/** Provisioned concurrency at second 0: the bounds in force then (the last action before it, around the week), already allocated. */
export function startProvisioned(sim: FunctionSim): void {
  const pc = sim.pc;
  if (!pc) return;
  const schedule = pc.capacity.schedule;
  const start = pc.capacity.startMinuteOfWeek;
  let index = schedule.length - 1;
  schedule.forEach((a, i) => {
    if (a.minuteOfWeek <= start) index = i;
  });
  const inForce = schedule[index];
  pc.scheduleIndex = index;
  pc.min = inForce.min;
  pc.max = Math.max(inForce.min, inForce.max);
  pc.desired = inForce.min;
  sim.allocate(inForce.min, 0);
}

/**
 * Per second: scheduled actions (at their minute of the day), target tracking (once a minute, on the
 * last minute's datapoint), and allocation of what was asked for after the preparation delay, at most
 * 6,000 environments per minute. Decreases take effect at once.
 */
export function provisionedSecond(sim: FunctionSim, pc: ProvisionedState, s: number, ctx: RunContext): void {
  if (s % 60 === 0) {
    if (s > 0) trackTarget(sim, pc);
    const schedule = pc.capacity.schedule;
    const minuteOfWeek = (pc.capacity.startMinuteOfWeek + s / 60) % MINUTES_PER_WEEK;
    const action = schedule.findIndex((a) => a.minuteOfWeek === minuteOfWeek);
    if (action >= 0 && action !== pc.scheduleIndex) {
      pc.scheduleIndex = action;
      pc.min = schedule[action].min;
      pc.max = Math.max(schedule[action].min, schedule[action].max);
    }
    requestProvisioned(sim, pc, s, ctx, Math.min(pc.max, Math.max(pc.min, pc.desired)));
  }
  if (pc.pending.length > 0) {
    let room = LIMITS.provisionedAllocationPerMinute / 60;
    while (pc.pending.length > 0 && pc.pending[0].readyAt <= s && room > 0) {
      const p = pc.pending[0];
      const n = Math.min(p.amount, room);
      sim.allocate(sim.pcAlloc + n, s);
      room -= n;
      p.amount -= n;
      if (p.amount <= 0) pc.pending.shift();
    }
  }
}

/** Asks Application Auto Scaling for `desired` provisioned environments. */
function requestProvisioned(sim: FunctionSim, pc: ProvisionedState, s: number, ctx: RunContext, desired: number): void {
  pc.desired = desired;
  let coming = sim.pcAlloc + pc.pending.reduce((t, p) => t + p.amount, 0);
  if (desired > coming) {
    pc.pending.push({ readyAt: s + ctx.preparationSeconds, amount: desired - coming });
    return;
  }
  while (coming > desired && pc.pending.length > 0) {
    const last = pc.pending[pc.pending.length - 1];
    const cut = Math.min(last.amount, coming - desired);
    last.amount -= cut;
    coming -= cut;
    if (last.amount <= 0) pc.pending.pop();
  }
  if (sim.pcAlloc > desired) sim.allocate(desired, s);
}

/**
 * Application Auto Scaling target tracking on `ProvisionedConcurrencyUtilization` (1-minute datapoints,
 * no datapoint for a minute without invocations): scale out after 3 datapoints above the target,
 * scale in after 15 below 0.9 × target, to ceil(allocated × metric / target), within the scheduled bounds.
 */
function trackTarget(sim: FunctionSim, pc: ProvisionedState): void {
  const value = pc.minuteInvocations > 0 ? (pc.capacity.statistic === 'Maximum' ? pc.minuteUtilMax : pc.minuteUtilSum / 60) : NaN;
  pc.minuteUtilSum = 0;
  pc.minuteUtilMax = 0;
  pc.minuteInvocations = 0;
  const target = pc.capacity.targetUtilization;
  if (target === null) return;
  const points = pc.datapoints;
  points.push(value);
  if (points.length > 15) points.shift();
  const last = (n: number) => points.length >= n && points.slice(-n).every((v) => !Number.isNaN(v));
  const wanted = Math.ceil(sim.pcAlloc * (value / target) - 1e-9);
  if (last(3) && points.slice(-3).every((v) => v > target)) {
    if (wanted > pc.desired) pc.desired = Math.min(pc.max, wanted);
  } else if (last(15) && points.every((v) => v < 0.9 * target)) {
    if (wanted < pc.desired) pc.desired = Math.max(pc.min, wanted);
  }
}

/** At the end of a second: this second's utilization into the minute's datapoint (average and peak). */
export function sampleUtilization(sim: FunctionSim, pc: ProvisionedState): void {
  if (sim.pcAlloc <= 0) return;
  pc.minuteUtilSum += Math.min(1, sim.pcBusy / sim.pcAlloc);
  const peakUtil = Math.min(1, sim.secondPcPeak / sim.pcAlloc);
  if (peakUtil > pc.minuteUtilMax) pc.minuteUtilMax = peakUtil;
}
