/**
 * Load and draft: what each function wants on its own (offered load, throttle sizing, provisioned
 * concurrency per hour, SQS settings), before the database and reserved caps.
 */
import { DEFAULTS, minuteLoads, offeredLoad, provisionedNeed, serversForBlocking, withBuffer } from '../model';
import type { LoadSample } from '../model';
import { HOURS_PER_DAY, hourOfMinute } from '../workload/traffic';
import type { FunctionSpec, Workload } from '../workload/types';
import { handoffMinutes } from './actions';
import { handOffBoundaries } from './boundaries';
import { fmt, hh } from './format';
import { growthHeadroom, headroomPercent, type GrowthHeadroom } from './headroom';
import { strategyFor, type InvocationStrategy } from './invocation';
import { loadSamples } from './samples';
import { dailyView, dayNames, draftWeek, weekStart, type WeekDraft } from './week';
import type { SqsDraft } from './sqs';

/** A function on its way through the planner: what it wants before shared budgets cap it. */
export interface Draft {
  readonly spec: FunctionSpec;
  readonly strategy: InvocationStrategy;
  /** Invocations per second per hour (batches for SQS). */
  readonly hourlyInvocations: number[];
  readonly hourlyLoad: number[];
  /** A trace's minutes (invocations/s and offered load of each), what its cost is counted on. */
  readonly minutes?: MinuteHistory;
  /**
   * Each hour's traffic as slices of load weighted by arrivals: its minutes for a trace, else the hour's
   * load alone; the 168 hours of the week for a plan by week (then the same as `week.samples`).
   */
  readonly hourlySamples: LoadSample[][];
  readonly peakLoad: number;
  readonly peakHour: number;
  readonly averageLoad: number;
  readonly throttleSizing: number;
  readonly provisionedHourly: number[] | null;
  /** The week profile, when PC is planned by day of the week (else null: by hour of the day). */
  readonly week: WeekDraft | null;
  /** Cells of the profile (168 by week, 24 by day) whose start boundary the busier neighbour serves. */
  readonly handoffs: ReadonlySet<number>;
  /** The growth over the history PC is sized for, and where it came from. */
  readonly headroom: GrowthHeadroom;
  /** Whether provisioned concurrency gets target tracking on top of its schedule. */
  readonly tracking: boolean;
  readonly sqs: SqsDraft | null;
  readonly desiredReserved: number;
  /** IANA time zone of the hourly profile and schedules. */
  readonly timezone: string;
  readonly rationale: string[];
}

const MS_PER_MINUTE = 60_000;

/** A trace minute by minute: invocations per second (batches for SQS) and offered load (`minuteLoads`). */
export interface MinuteHistory {
  readonly rates: number[];
  readonly loads: number[];
}

function minuteHistory(perMinute: readonly number[], strategy: InvocationStrategy, durationMs: number): MinuteHistory {
  const rates = perMinute.map((count) => strategy.rate(count / 60));
  return { rates, loads: minuteLoads(rates, durationMs) };
}

/** The largest of each hour of the day's minutes, over every day. */
function hourlyMaxima(perMinute: readonly number[]): number[] {
  const maxima = new Array<number>(HOURS_PER_DAY).fill(0);
  perMinute.forEach((x, m) => {
    const h = hourOfMinute(m);
    maxima[h] = Math.max(maxima[h], x);
  });
  return maxima;
}

/** Everything a function wants on its own, before database and reserved caps. */
export function draftFunction(spec: FunctionSpec, workload: Workload): Draft {
  const rationale: string[] = [];
  const strategy = strategyFor(spec);
  const durationMs = spec.durationMs.avg;
  const hourlyInvocations = spec.traffic.hourlyRps.map((rps) => strategy.rate(rps));
  const perMinute = spec.traffic.perMinute;
  const minutes = perMinute && perMinute.length > 0 ? minuteHistory(perMinute, strategy, durationMs) : undefined;
  // A trace's hour is as busy as its busiest minute's load: for a duration over a minute, the rate over the
  // trailing duration (the environments still busy), not the busiest minute's rate held for a whole duration.
  const trailing = minutes !== undefined && durationMs > MS_PER_MINUTE;
  const hourlyLoad = trailing ? hourlyMaxima(minutes.loads) : hourlyInvocations.map((rps) => offeredLoad(rps, durationMs));
  // Only provisioned concurrency is sized from the minutes' own samples.
  const rates = spec.latencySensitive ? minutes?.rates : undefined;
  const peakHour = hourlyLoad.reduce((best, a, h) => (a > hourlyLoad[best] ? h : best), 0);
  const peakLoad = hourlyLoad[peakHour] ?? 0;
  const averageLoad = offeredLoad(strategy.rate(spec.traffic.averageRps), durationMs);
  rationale.push(
    !trailing
      ? `offeredLoad peak ${fmt(peakLoad)} = ${fmt(hourlyInvocations[peakHour] ?? 0)} ${strategy.unit} x ${durationMs} ms at ${hh(peakHour)}:00 (Little's law; traffic from ${spec.traffic.source})`
      : `offeredLoad peak ${fmt(peakLoad)} = ${fmt(peakLoad / (durationMs / 1000))} ${strategy.unit} over the busiest trailing ${fmt(durationMs / MS_PER_MINUTE)} min (one duration) x ${durationMs} ms at ${hh(peakHour)}:00 (Little's law on the environments still busy; its busiest minute alone, ${fmt(hourlyInvocations[peakHour] ?? 0)} ${strategy.unit}, lasts less than a duration; traffic from ${spec.traffic.source})`,
  );
  const throttleSizing = strategy.throttleSizing(peakLoad, rationale);
  const headroom = growthHeadroom(spec);
  if (spec.latencySensitive) {
    rationale.push(`growth headroom ${headroomPercent(headroom.growth)} from ${headroom.source}: provisioned concurrency is sized for the history's traffic x ${fmt(1 + headroom.growth)}`);
  }
  const firstWeekday = weekStart(spec.traffic);
  const weekTests =
    spec.latencySensitive && rates && firstWeekday !== undefined ? draftWeek(rates, durationMs, firstWeekday, { target: spec.spilloverTarget, growth: headroom.growth }, rationale) : null;
  const week = weekTests?.week ?? null;
  // The minutes a daily plan keeps: all, or all but the one-offs the week's tests found.
  const kept = weekTests ? { keep: weekTests.keep } : {};
  const hourlySamples: LoadSample[][] = week
    ? week.samples
    : rates
      ? loadSamples(rates, durationMs, HOURS_PER_DAY, hourOfMinute, kept)
      : hourlyLoad.map((load, h) => [{ load, weight: hourlyInvocations[h] }]);
  // PC by hour of the day, from a per-minute trace with the hour boundaries the busier side serves
  // (`handOffBoundaries`), and the samples each hour then answers for.
  const daily =
    !spec.latencySensitive || week || !rates
      ? null
      : handOffBoundaries(
          (edges) => (edges.start && edges.end ? hourlySamples : loadSamples(rates, durationMs, HOURS_PER_DAY, hourOfMinute, { ...kept, edges })),
          (samples) => provisionedNeed(samples, headroom.growth, spec.spilloverTarget),
          handoffMinutes(),
        );
  const provisionedHourly = !spec.latencySensitive
    ? null
    : week
      ? weekProvisioned(spec, week, rationale)
      : draftProvisioned(spec, hourlyLoad, daily?.needs ?? hourlySamples.map((samples) => provisionedNeed(samples, headroom.growth, spec.spilloverTarget)), peakHour, headroom.growth, rationale);
  const handoffs = week ? week.handoffs : (daily?.handoffs ?? new Set<number>());
  const sqs = strategy.queue(peakLoad, hourlyInvocations[peakHour] ?? 0, rationale);

  // Target tracking steps by whole environments: below DEFAULTS.targetTrackingMinProvisioned one step is
  // more than the buffer, and an idle function never scales back in (no utilization datapoints).
  const peakProvisioned = provisionedHourly ? Math.max(...provisionedHourly) : 0;
  const tracking = peakProvisioned >= DEFAULTS.targetTrackingMinProvisioned;
  const provisionedMax = tracking ? withBuffer(peakProvisioned) : peakProvisioned;
  const parts: Array<[string, number]> = [
    ['throttle sizing', throttleSizing],
    ['provisioned max', provisionedMax],
    ['SQS maxConcurrency', sqs?.maxConcurrency ?? 0],
    ['SQS pollers minimum', strategy.minimumReserved],
  ];
  const desiredReserved = Math.max(1, ...parts.map(([, v]) => v));
  rationale.push(
    `wanted reserved ${desiredReserved} = max(${parts
      .filter(([, v]) => v > 0)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}${parts.every(([, v]) => v === 0) ? '1' : ''})`,
  );
  return {
    spec,
    strategy,
    timezone: workload.defaults.timezone,
    hourlyInvocations,
    hourlyLoad,
    ...(minutes ? { minutes } : {}),
    hourlySamples: daily?.samples ?? hourlySamples,
    peakLoad,
    peakHour,
    averageLoad,
    throttleSizing,
    provisionedHourly,
    week,
    handoffs,
    headroom,
    tracking,
    sqs,
    desiredReserved,
    rationale,
  };
}

/** PC per hour of the day from a week profile: each hour's largest need over the week (what reserved and tracking follow). */
function weekProvisioned(spec: FunctionSpec, week: WeekDraft, rationale: string[]): number[] {
  const peakP = Math.max(...week.needs);
  const busiest = week.needs.indexOf(peakP);
  rationale.push(
    `provisioned per hour of the week = smallest P whose spillover over that hour's minutes on the days planned alike, weighted by their invocations, is <= ${spec.spilloverTarget} (at least 1); ${dayNames([Math.floor(busiest / HOURS_PER_DAY)])[0]} ${hh(busiest % HOURS_PER_DAY)}:00 needs ${peakP}`,
  );
  return dailyView(week.needs);
}

/** PC per hour for the spillover target (MODEL §3); one slice per hour without a trace: then this is P_h = C(A_h, ε). */
function draftProvisioned(spec: FunctionSpec, hourlyLoad: readonly number[], hourly: number[], peakHour: number, growth: number, rationale: string[]): number[] {
  const peakP = Math.max(...hourly);
  const busiest = hourly.indexOf(peakP);
  const perMinute = spec.traffic.perMinute;
  rationale.push(
    perMinute && perMinute.length > 0
      ? `provisioned per hour = smallest P whose spillover over the hour's minutes grown by the headroom, weighted by their invocations (sum of rate_m x ErlangB(P, A_m) / sum of rate_m), is <= ${spec.spilloverTarget} (at least 1); ${hh(busiest)}:00 needs ${peakP} (its busiest minute alone would need ${serversForBlocking(hourlyLoad[busiest] * (1 + growth), spec.spilloverTarget)})`
      : `provisioned per hour = smallest P with ErlangB(P, A_h x ${fmt(1 + growth)}) <= ${spec.spilloverTarget} (at least 1); busiest hour ${hh(peakHour)}:00 needs ${peakP}`,
  );
  return hourly;
}
