/**
 * From observed history to a workload v1 file: pure functions, no SDK.
 *
 * The notes say what was observed and what was assumed; lib/report/workload-yaml.ts writes them
 * into the file's comments.
 */
import { DEFAULTS, LIMITS } from '../model';
import type { Architecture, Invocation } from '../workload/types';
import type { AccountConcurrency, DeployedFunction } from './deployed';
import { MINUTE_PERIOD_SECONDS, seriesPeriodSeconds, type MetricKey, type MetricWindow, type Series } from './metrics';

/** One function's deployed state and history. */
export interface ObservedFunction {
  readonly deployed: DeployedFunction;
  /** The plan's name of the function and how it was found, when it was looked for by plan name or stack. @default - its deployed name */
  readonly found?: { readonly planName: string; readonly how: string };
  readonly metrics: Partial<Readonly<Record<MetricKey, Series>>>;
}

/** A function that could not be read (or a service read for every function, e.g. `Application Auto Scaling`), and why. */
export interface ObserveFailure {
  readonly name: string;
  readonly message: string;
}

/** Everything `observe` read. */
export interface Observation {
  readonly region: string;
  readonly account: AccountConcurrency;
  readonly window: MetricWindow;
  readonly functions: readonly ObservedFunction[];
  readonly failures: readonly ObserveFailure[];
}

/** Thresholds of the inference, named so docs and tests share them. */
export const INFERENCE = {
  /** Periods with fewer invocations are ignored for the p99 (a handful of calls makes a noisy p99). */
  minInvocationsForP99: 100,
  /** A function whose AsyncEventsReceived reach this fraction of its invocations is planned as async. */
  asyncFraction: 0.5,
  /** Decimals kept in hourlyRps. */
  rpsDecimals: 4,
} as const;

/** A workload function entry, in the file's words (see ARCHITECTURE.md "Workload file"). */
export interface WorkloadFunctionEntry {
  readonly name: string;
  readonly invocation: Invocation;
  readonly memoryMb: number;
  readonly timeoutSeconds: number;
  readonly architecture: Architecture;
  readonly durationMs: { readonly avg: number; readonly p99?: number };
  readonly latencySensitive: boolean;
  /** Hourly peaks, or (observe --period 60) a per-minute trace file beside the workload. */
  readonly traffic: { readonly hourlyRps: readonly number[] } | { readonly trace: { readonly file: string; readonly format: 'per-minute'; readonly start: string } };
  readonly sqs?: { readonly batchSize: number; readonly maxBatchingWindowSeconds: number; readonly fifo: boolean };
}

/** The workload file `observe` writes. */
export interface WorkloadFile {
  readonly version: 1;
  readonly account: { readonly region: string; readonly concurrencyLimit: number; readonly unreservedFloor: number; readonly scalingModel: 'per-function' };
  readonly defaults: { readonly timezone: string };
  readonly functions: readonly WorkloadFunctionEntry[];
}

/** What the inference made of one function. */
export interface InferredFunction {
  readonly name: string;
  readonly entry: WorkloadFunctionEntry | null;
  /** Lines for the file comment above the function: what was observed, what was assumed. */
  readonly notes: readonly string[];
  /**
   * The per-minute trace to write, when the traffic was read per minute: its path relative to the
   * workload, its counts and its mean durations (Duration Average per minute).
   */
  readonly trace?: { readonly file: string; readonly series: Series | undefined; readonly durations: Series | undefined };
}

/** `trace.start` of a window: its first minute, ISO 8601 in UTC. */
export function traceStart(window: MetricWindow): string {
  return new Date(window.startMs).toISOString().replace('.000Z', 'Z');
}

/** Options of the inference. */
export interface InferOptions {
  /** Folder (relative to the workload file) of the per-minute traces. @default 'traces' */
  readonly traceDir?: string;
}

const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);
const round = (x: number, decimals: number): number => Math.round(x * 10 ** decimals) / 10 ** decimals;

/** Adds the values of `b` into `a` at equal timestamps. */
export function addSeries(a: Series | undefined, b: Series | undefined): Series | undefined {
  if (!a) return b;
  if (!b) return a;
  const byTime = new Map<number, number>();
  for (const s of [a, b]) s.timestampsMs.forEach((t, i) => byTime.set(t, (byTime.get(t) ?? 0) + s.values[i]));
  const times = [...byTime.keys()].sort((x, y) => x - y);
  return { timestampsMs: times, values: times.map((t) => byTime.get(t) ?? 0) };
}

/**
 * Requests per second for each UTC hour of day: the busiest period's count in that hour of any day,
 * divided by the period. With 1-hour data that is the busiest day's hourly mean (bursts inside
 * the hour are averaged away); with 1-minute data it is the peak minute of the hour.
 */
export function hourlyProfile(counts: Series | undefined, periodSeconds: number): number[] {
  const busiest = new Array<number>(24).fill(0);
  if (!counts) return busiest;
  counts.timestampsMs.forEach((t, i) => {
    const hour = new Date(t).getUTCHours();
    busiest[hour] = Math.max(busiest[hour], counts.values[i] / periodSeconds);
  });
  return busiest.map((x) => round(x, INFERENCE.rpsDecimals));
}

/**
 * Invocations per period of `periods` (sorted timestamps, each `periodMs` long): each datapoint of
 * `invocations` counts towards the period it falls in (the same period when both series have one
 * period; the hour of a minute when invocations are per minute and the series hourly). A datapoint in
 * no listed period (a minute with calls but no Duration datapoint) counts towards none.
 */
function countsPerPeriod(invocations: Series | undefined, periods: readonly number[], periodMs: number): Map<number, number> {
  const count = new Map<number, number>();
  let p = 0;
  invocations?.timestampsMs.forEach((t, i) => {
    while (p + 1 < periods.length && periods[p + 1] <= t) p++;
    if (periods.length === 0 || periods[p] > t || t >= periods[p] + periodMs) return;
    count.set(periods[p], (count.get(periods[p]) ?? 0) + invocations.values[i]);
  });
  return count;
}

/**
 * Invocation-weighted mean duration and the highest per-period p99 among busy-enough periods. Each
 * series is weighed by the invocations of its own periods (at `--period 60` the averages are per minute,
 * the p99 hourly: `periodSeconds` is the window's, each series' own period follows from it).
 */
export function durations(invocations: Series | undefined, average: Series | undefined, p99: Series | undefined, periodSeconds: number): { avg: number; p99?: number } | null {
  const averageCount = countsPerPeriod(invocations, average?.timestampsMs ?? [], seriesPeriodSeconds('durationAvg', periodSeconds) * 1000);
  let weighted = 0;
  let weight = 0;
  average?.timestampsMs.forEach((t, i) => {
    const n = averageCount.get(t) ?? 0;
    weighted += average.values[i] * n;
    weight += n;
  });
  if (weight === 0) return null;
  const p99Count = countsPerPeriod(invocations, p99?.timestampsMs ?? [], seriesPeriodSeconds('durationP99', periodSeconds) * 1000);
  const busyP99: number[] = [];
  const allP99: number[] = [];
  p99?.timestampsMs.forEach((t, i) => {
    allP99.push(p99.values[i]);
    if ((p99Count.get(t) ?? 0) >= INFERENCE.minInvocationsForP99) busyP99.push(p99.values[i]);
  });
  const candidates = busyP99.length > 0 ? busyP99 : allP99;
  const avg = round(weighted / weight, 1);
  return candidates.length > 0 ? { avg, p99: round(Math.max(avg, ...candidates), 1) } : { avg };
}

/** The smallest duration a workload takes (Lambda reports durations in hundredths of a ms). */
const MIN_DURATION_MS = 0.01;

/**
 * `duration` within what a workload accepts for a function of `timeoutSeconds`: 0.01 ms to the timeout.
 * CloudWatch's Duration of an invocation that timed out is a few ms past the timeout (`Duration: 3003.52 ms`
 * for 3 s), and a timeout lowered inside the window leaves longer durations in the history; the note says so.
 */
export function withinTimeout(duration: { avg: number; p99?: number }, timeoutSeconds: number): { durationMs: { avg: number; p99?: number }; note?: string } {
  const limit = timeoutSeconds * 1000;
  const clamp = (ms: number): number => Math.min(limit, Math.max(MIN_DURATION_MS, ms));
  const durationMs = { avg: clamp(duration.avg), ...(duration.p99 !== undefined ? { p99: clamp(duration.p99) } : {}) };
  if (durationMs.avg === duration.avg && durationMs.p99 === duration.p99) return { durationMs };
  const observed = `avg ${duration.avg}${duration.p99 !== undefined ? `, p99 ${duration.p99}` : ''}`;
  const why = duration.avg > limit || (duration.p99 ?? 0) > limit ? `at most the timeout ${limit} ms (invocations that timed out, or a timeout lowered in the window)` : `at least ${MIN_DURATION_MS} ms`;
  return { durationMs, note: `durationMs: observed ${observed} ms, written as ${why}` };
}

const ACTIVE_MAPPING = new Set(['Enabled', 'Enabling', 'Creating', 'Updating']);
const maxOf = (s: Series | undefined): number | null => (s && s.values.length > 0 ? Math.max(...s.values) : null);
const total = (s: Series | undefined): number => (s ? sum(s.values) : 0);

/** A utilization (0-1, as CloudWatch gives ProvisionedConcurrencyUtilization) as a percent to 0.1, for a comment line. */
const percentOf = (u: number | null | undefined): string => (u === null || u === undefined ? 'n/a' : `${round(u * 100, 1)}%`);

/** A provisioned concurrency config's status as the report says it: `FAILED: <reason>, 0 of 10 allocated`. */
export function provisionedStatus(p: DeployedFunction['provisioned'][number]): string {
  return `${p.status}${p.statusReason ? `: ${p.statusReason}` : ''}, ${p.allocated} of ${p.requested} allocated`;
}

/** Infers one function's workload entry (null when it had no invocations to learn from). */
export function inferFunction(observed: ObservedFunction, window: MetricWindow, options: InferOptions = {}): InferredFunction {
  const { deployed: d, metrics: m } = observed;
  // A function found by its plan tag or in a stack keeps the plan's name, so the workload matches the committed one.
  const name = observed.found?.planName ?? d.name;
  const foundNote = observed.found && observed.found.planName !== d.name ? [`found: deployed as ${d.name} (by ${observed.found.how})`] : [];
  const notes: string[] = [];
  const invocations = total(m.invocations);
  const asyncEvents = total(m.asyncEventsReceived);
  const sqsMappings = d.mappings.filter((x) => x.source === 'sqs' && ACTIVE_MAPPING.has(x.state));
  const otherMappings = d.mappings.filter((x) => x.source !== 'sqs' && ACTIVE_MAPPING.has(x.state));

  const throttles = total(m.throttles);
  notes.push(
    `observed: ${invocations} invocations, peak ConcurrentExecutions ${maxOf(m.concurrentMax) ?? 'n/a'}, ${throttles} throttles; ` +
      `reserved concurrency ${d.reservedConcurrency ?? 'none'}; ${d.memoryMb} MB, ${d.timeoutSeconds} s, ${d.architecture}`,
  );
  if (throttles > 0) notes.push(`warning: ${throttles} throttled requests are not in Invocations, so hourlyRps understates demand in the hours they happened`);
  if (d.provisioned.length > 0 || d.scalableTargets.length > 0) {
    const pc = d.provisioned.map((p) => `${p.qualifier}=${p.requested}${p.status === 'READY' ? '' : ` (${provisionedStatus(p)})`}`).join(', ') || 'none configured now';
    const bounds = d.scalableTargets.map((t) => `${t.qualifier} ${t.min}-${t.max}`).join(', ') || 'no scalable target';
    notes.push(`provisioned concurrency ${pc}; auto scaling ${bounds}; max utilization ${percentOf(maxOf(m.provisionedUtilizationMax))}, spillover ${total(m.spillover)} invocations`);
  }

  let invocation: Invocation = 'sync';
  let traffic = m.invocations;
  let sqs: WorkloadFunctionEntry['sqs'];
  if (sqsMappings.length > 0) {
    invocation = 'sqs';
    const first = sqsMappings[0];
    const batchSize = first.batchSize ?? DEFAULTS.sqs.batchSize;
    sqs = { batchSize, maxBatchingWindowSeconds: first.maxBatchingWindowSeconds ?? 0, fifo: first.fifo };
    notes.push(`invocation sqs: event source mapping ${first.eventSourceArn}${sqsMappings.length > 1 ? ` (and ${sqsMappings.length - 1} more SQS mappings; batch settings from the first, traffic summed)` : ''}`);
    if (total(m.messagesReceived) > 0) {
      traffic = m.messagesReceived;
      notes.push('traffic: messages/s from AWS/SQS NumberOfMessagesReceived of its queues (all consumers of the queue)');
    } else {
      traffic = m.invocations && { timestampsMs: m.invocations.timestampsMs, values: m.invocations.values.map((v) => v * batchSize) };
      notes.push(`assumed: no queue metrics, so messages/s = batches x batchSize ${batchSize} (an upper bound)`);
    }
  } else if (invocations > 0 && asyncEvents >= INFERENCE.asyncFraction * invocations) {
    invocation = 'async';
    notes.push(`invocation async: AsyncEventsReceived ${asyncEvents} of ${invocations} invocations`);
  } else {
    const why = asyncEvents > 0 ? `AsyncEventsReceived ${asyncEvents} is below ${INFERENCE.asyncFraction * 100}% of invocations` : 'no SQS mapping and no AsyncEventsReceived';
    notes.push(`invocation sync: ${why}${otherMappings.length > 0 ? `; ${otherMappings.map((x) => x.source).join(', ')} mapping planned as sync (no stream model)` : ''} — edit if callers use InvocationType Event`);
  }

  const duration = durations(m.invocations, m.durationAvg, m.durationP99, window.periodSeconds);
  if (!duration || total(traffic) === 0) {
    notes.splice(1);
    const between = `between ${new Date(window.startMs).toISOString()} and ${new Date(window.endMs).toISOString()}`;
    // Calls without a Duration datapoint in their periods: the durations are missing, not the traffic.
    notes.push(
      invocations > 0 && !duration
        ? `skipped: ${invocations} invocations but no Duration datapoint in their periods ${between}; add it by hand with its durationMs`
        : `skipped: no invocations ${between}; add it by hand with the traffic you expect`,
    );
    return { name, entry: null, notes: [...foundNote, ...notes] };
  }
  const { durationMs, note: durationNote } = withinTimeout(duration, d.timeoutSeconds);
  if (durationNote) notes.push(durationNote);
  const latencySensitive = d.provisioned.length > 0 || d.scalableTargets.length > 0;
  notes.push(`latencySensitive ${latencySensitive}: ${latencySensitive ? 'provisioned concurrency is configured' : 'no provisioned concurrency configured'}; initDurationMs not observed (not in CloudWatch metrics)`);
  const perMinute = window.periodSeconds === MINUTE_PERIOD_SECONDS;
  const trace = perMinute ? { file: `${options.traceDir ?? 'traces'}/${name}.csv`, series: traffic, durations: m.durationAvg } : undefined;
  const entry: WorkloadFunctionEntry = {
    name,
    invocation,
    memoryMb: d.memoryMb,
    timeoutSeconds: d.timeoutSeconds,
    architecture: d.architecture,
    durationMs,
    latencySensitive,
    traffic: trace ? { trace: { file: trace.file, format: 'per-minute', start: traceStart(window) } } : { hourlyRps: hourlyProfile(traffic, window.periodSeconds) },
    ...(sqs ? { sqs } : {}),
  };
  return { name, entry, notes: [...foundNote, ...notes], ...(trace ? { trace } : {}) };
}

/** Builds the workload file and its comments from an observation. */
export function inferWorkload(observation: Observation, options: InferOptions = {}): { file: WorkloadFile; functions: readonly InferredFunction[] } {
  const functions = observation.functions.map((f) => inferFunction(f, observation.window, options));
  const limit = observation.account.concurrencyLimit;
  const file: WorkloadFile = {
    version: 1,
    account: {
      region: observation.region,
      concurrencyLimit: limit,
      unreservedFloor: Math.min(LIMITS.minUnreserved, limit),
      scalingModel: 'per-function',
    },
    defaults: { timezone: 'UTC' },
    functions: functions.flatMap((f) => (f.entry ? [f.entry] : [])),
  };
  return { file, functions };
}
