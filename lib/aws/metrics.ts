/**
 * CloudWatch history for `observe`: which series to read, how to pack them into as few
 * GetMetricData calls as the API allows, and how to read them (following NextToken).
 */
import type { MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import { LAMBDA_PC_NAMES, METRIC_NAMES } from '../model';
import type { AwsSession } from './session';
import { sdk } from './sdk';
import { mapLimit } from './pool';

/** GetMetricData limits (CloudWatch API reference, GetMetricData). */
export const GET_METRIC_DATA_LIMITS = {
  /** MetricDataQueries per call. */
  maxQueries: 500,
  /** Datapoints a single call may return across all its queries. */
  maxDatapoints: 100_800,
} as const;

/** Per-call limits a packing respects. */
export interface MetricDataLimits {
  readonly maxQueries: number;
  readonly maxDatapoints: number;
}

/** Statistics `observe` reads per function, keyed by what the workload builder calls them. */
export const FUNCTION_METRICS = [
  { key: 'invocations', namespace: LAMBDA_PC_NAMES.metricNamespace, metricName: METRIC_NAMES.invocations, stat: 'Sum' },
  { key: 'durationAvg', namespace: LAMBDA_PC_NAMES.metricNamespace, metricName: METRIC_NAMES.duration, stat: 'Average' },
  { key: 'durationP99', namespace: LAMBDA_PC_NAMES.metricNamespace, metricName: METRIC_NAMES.duration, stat: 'p99' },
  { key: 'concurrentMax', namespace: LAMBDA_PC_NAMES.metricNamespace, metricName: METRIC_NAMES.concurrentExecutions, stat: 'Maximum' },
  { key: 'throttles', namespace: LAMBDA_PC_NAMES.metricNamespace, metricName: METRIC_NAMES.throttles, stat: 'Sum' },
  { key: 'provisionedUtilizationMax', namespace: LAMBDA_PC_NAMES.metricNamespace, metricName: LAMBDA_PC_NAMES.utilizationMetric, stat: 'Maximum' },
  { key: 'spillover', namespace: LAMBDA_PC_NAMES.metricNamespace, metricName: LAMBDA_PC_NAMES.spilloverMetric, stat: 'Sum' },
  { key: 'asyncEventsReceived', namespace: LAMBDA_PC_NAMES.metricNamespace, metricName: METRIC_NAMES.asyncEventsReceived, stat: 'Sum' },
] as const;

/** Per-queue statistic read for SQS-triggered functions (messages, not batches). */
export const QUEUE_METRIC = { key: 'messagesReceived', namespace: METRIC_NAMES.sqsNamespace, metricName: METRIC_NAMES.messagesReceived, stat: 'Sum' } as const;

/** Key of a series `observe` reads. */
export type MetricKey = (typeof FUNCTION_METRICS)[number]['key'] | typeof QUEUE_METRIC.key;

/** The period at which CloudWatch keeps datapoints for 15 days: `observe --period 60` writes per-minute traces. */
export const MINUTE_PERIOD_SECONDS = 60;
/** The period of the series that feed only totals, the p99 and notes when traffic is read per minute. */
export const HOURLY_PERIOD_SECONDS = 3600;
/**
 * The series a per-minute trace is made of: its counts (invocations, or an SQS queue's messages) and its
 * `durationMs` column (Duration Average).
 */
export const TRACE_METRICS: ReadonlySet<MetricKey> = new Set<MetricKey>(['invocations', QUEUE_METRIC.key, 'durationAvg']);

/**
 * The period a series is read at: everything at `periodSeconds`, except that at one minute only what
 * the trace files hold is read per minute and the rest hourly (an hourly p99, maximum concurrency or
 * throttle total says as much for the workload as sixty minute ones, for a sixtieth of the datapoints).
 */
export function seriesPeriodSeconds(key: MetricKey, periodSeconds: number): number {
  return periodSeconds === MINUTE_PERIOD_SECONDS && !TRACE_METRICS.has(key) ? HOURLY_PERIOD_SECONDS : periodSeconds;
}

/** One series to read. */
export interface SeriesRequest {
  /** GetMetricData query id: `^[a-z][a-zA-Z0-9_]*$`, unique in a call. */
  readonly id: string;
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: readonly { readonly name: string; readonly value: string }[];
  readonly stat: string;
  readonly periodSeconds: number;
}

/** A series read back: timestamps (ms since epoch, ascending) and values. */
export interface Series {
  readonly timestampsMs: readonly number[];
  readonly values: readonly number[];
}

/** A time window aligned to the period. */
export interface MetricWindow {
  readonly startMs: number;
  readonly endMs: number;
  readonly periodSeconds: number;
}

/**
 * The last `days` days before `nowMs`, ending on a whole period of every series read (at one minute,
 * a whole hour: the other series are hourly).
 */
export function windowFor(nowMs: number, days: number, periodSeconds: number): MetricWindow {
  const alignMs = (periodSeconds === MINUTE_PERIOD_SECONDS ? HOURLY_PERIOD_SECONDS : periodSeconds) * 1000;
  const endMs = Math.floor(nowMs / alignMs) * alignMs;
  return { startMs: endMs - days * 86_400_000, endMs, periodSeconds };
}

/** Datapoints one query at `periodSeconds` (default: the window's) can return over `window`. */
export function datapointsPerQuery(window: MetricWindow, periodSeconds: number = window.periodSeconds): number {
  return Math.ceil((window.endMs - window.startMs) / (periodSeconds * 1000));
}

/**
 * The fewest calls that can carry items of these sizes. Exact when all sizes are equal (one period:
 * ⌈n / min(maxQueries, ⌊maxDatapoints / size⌋)⌉); otherwise the lower bound
 * max(⌈n / maxQueries⌉, ⌈Σ size / maxDatapoints⌉).
 */
export function minimumCalls(sizes: readonly number[], limits: MetricDataLimits = GET_METRIC_DATA_LIMITS): number {
  if (sizes.length === 0) return 0;
  if (sizes.every((s) => s === sizes[0]) && sizes[0] > 0) {
    return Math.ceil(sizes.length / Math.min(limits.maxQueries, Math.floor(limits.maxDatapoints / sizes[0])));
  }
  const total = sizes.reduce((a, b) => a + b, 0);
  return Math.max(Math.ceil(sizes.length / limits.maxQueries), Math.ceil(total / limits.maxDatapoints));
}

/**
 * Packs items into calls of at most `maxQueries` items and `maxDatapoints` datapoints
 * (first-fit decreasing; optimal when all items have the same size, as with one period).
 * Pure. Throws when one item alone exceeds `maxDatapoints`.
 */
export function packQueries<T>(items: readonly T[], sizeOf: (item: T) => number, limits: MetricDataLimits = GET_METRIC_DATA_LIMITS): T[][] {
  const order = items.map((item, index) => ({ item, index, size: sizeOf(item) }));
  for (const { size } of order) {
    if (!(size >= 0) || size > limits.maxDatapoints) {
      throw new RangeError(`a metric query returns ${size} datapoints, more than the GetMetricData limit of ${limits.maxDatapoints}: shorten --days`);
    }
  }
  order.sort((a, b) => b.size - a.size || a.index - b.index);
  const bins: { items: { item: T; index: number }[]; datapoints: number }[] = [];
  for (const entry of order) {
    let bin = bins.find((b) => b.items.length < limits.maxQueries && b.datapoints + entry.size <= limits.maxDatapoints);
    if (!bin) {
      bin = { items: [], datapoints: 0 };
      bins.push(bin);
    }
    bin.items.push(entry);
    bin.datapoints += entry.size;
  }
  // Keep the caller's order inside each call: easier to read in logs and tests.
  return bins.map((b) => b.items.sort((x, y) => x.index - y.index).map((x) => x.item));
}

/** What {@link readSeries} returns: the series by id, problems by id, and the calls it made. */
export interface SeriesResult {
  readonly series: ReadonlyMap<string, Series>;
  /**
   * Ids CloudWatch did not answer: StatusCode Forbidden, InternalError still after
   * {@link METRIC_INTERNAL_ERROR_ATTEMPTS} reads, or no result in an answer whose Messages say why (e.g.
   * MaxMetricsExceeded; without a message, a query without a result is read as a series without datapoints),
   * with CloudWatch's message.
   */
  readonly problems: ReadonlyMap<string, string>;
  readonly calls: number;
}

/** Reads of a query whose result says InternalError ("retry your request", GetMetricData reference), the first included. */
export const METRIC_INTERNAL_ERROR_ATTEMPTS = 3;
/** Wait before the first re-read of queries that said InternalError; doubled each time. */
const INTERNAL_ERROR_BACKOFF_MS = 250;

function toQuery(request: SeriesRequest): MetricDataQuery {
  return {
    Id: request.id,
    ReturnData: true,
    MetricStat: {
      Metric: {
        Namespace: request.namespace,
        MetricName: request.metricName,
        Dimensions: request.dimensions.map((d) => ({ Name: d.name, Value: d.value })),
      },
      Period: request.periodSeconds,
      Stat: request.stat,
    },
  };
}

/** What one read of a batch (every page) returned per id: datapoints, the last status and its messages. */
interface BatchRead {
  readonly timestamps: Map<string, number[]>;
  readonly values: Map<string, number[]>;
  readonly status: Map<string, { readonly code: string; readonly messages: string }>;
  /** The answers' own Messages (e.g. `MaxMetricsExceeded: …`). */
  readonly messages: string[];
}

/** Reads `batch` once, following NextToken. */
async function readBatch(session: AwsSession, batch: readonly SeriesRequest[], window: MetricWindow, onPage: () => void): Promise<BatchRead> {
  const read: BatchRead = { timestamps: new Map(), values: new Map(), status: new Map(), messages: [] };
  const input = {
    MetricDataQueries: batch.map(toQuery),
    StartTime: new Date(window.startMs),
    EndTime: new Date(window.endMs),
    ScanBy: 'TimestampAscending' as const,
  };
  const text = (messages: readonly { Code?: string; Value?: string }[] | undefined): string => session.redact((messages ?? []).map((m) => [m.Code, m.Value].filter(Boolean).join(': ')).join('; '));
  for await (const page of session.pages('GetMetricDataCommand', sdk().cloudwatch.paginateGetMetricData({ client: session.clients.cloudwatch }, input))) {
    onPage();
    if (page.Messages?.length) read.messages.push(text(page.Messages));
    for (const result of page.MetricDataResults ?? []) {
      const id = result.Id ?? '';
      read.status.set(id, { code: result.StatusCode ?? 'Complete', messages: text(result.Messages) });
      const ts = read.timestamps.get(id) ?? [];
      const vs = read.values.get(id) ?? [];
      for (const t of result.Timestamps ?? []) ts.push(t.getTime());
      for (const v of result.Values ?? []) vs.push(v);
      read.timestamps.set(id, ts);
      read.values.set(id, vs);
    }
  }
  return read;
}

/**
 * Reads every series over `window`, packed into as few GetMetricData calls as the limits allow. Queries
 * whose result says InternalError are read again (alone, with backoff); one still failing, or left out of an
 * answer that says why, is a problem, not an empty series.
 */
export async function readSeries(
  session: AwsSession,
  requests: readonly SeriesRequest[],
  window: MetricWindow,
  options: {
    readonly concurrency?: number;
    readonly limits?: MetricDataLimits;
    /** Called with the packed calls done and their number (0 first), for a progress line: a long history is hundreds of calls. */
    readonly onProgress?: (done: number, total: number) => void;
  } = {},
): Promise<SeriesResult> {
  const batches = packQueries(requests, (r) => datapointsPerQuery(window, r.periodSeconds), options.limits);
  let batchesDone = 0;
  options.onProgress?.(0, batches.length);
  const timestamps = new Map<string, number[]>();
  const values = new Map<string, number[]>();
  const problems = new Map<string, string>();
  let calls = 0;
  const onPage = (): void => void calls++;
  await mapLimit(batches, options.concurrency ?? 4, async (batch) => {
    let pending = batch;
    for (let attempt = 1; pending.length > 0; attempt++) {
      const read = await readBatch(session, pending, window, onPage);
      const retry: SeriesRequest[] = [];
      for (const request of pending) {
        const status = read.status.get(request.id);
        const why = status?.messages ? `: ${status.messages}` : '';
        if (status?.code === 'InternalError' && attempt < METRIC_INTERNAL_ERROR_ATTEMPTS) retry.push(request);
        else if (status?.code === 'InternalError') problems.set(request.id, `InternalError after ${attempt} reads${why}`);
        else if (status?.code === 'Forbidden') problems.set(request.id, `Forbidden${why}`);
        // Left out of an answer whose Messages say why (MaxMetricsExceeded: "as much of the operation as possible is still executed").
        else if (!status && read.messages.length > 0) problems.set(request.id, `no result in CloudWatch's answer (${read.messages.join('; ')})`);
        else {
          timestamps.set(request.id, read.timestamps.get(request.id) ?? []);
          values.set(request.id, read.values.get(request.id) ?? []);
        }
      }
      pending = retry;
      if (pending.length > 0) await new Promise((resolve) => setTimeout(resolve, INTERNAL_ERROR_BACKOFF_MS * 2 ** (attempt - 1)));
    }
    options.onProgress?.(++batchesDone, batches.length);
  });
  const series = new Map<string, Series>();
  for (const request of requests) series.set(request.id, onPeriods(timestamps.get(request.id) ?? [], values.get(request.id) ?? [], request, window));
  return { series, problems, calls };
}

/** How two datapoints of `stat` that fall in one period of the request make one: counts add, extremes and percentiles keep the highest. */
function combiner(stat: string): ((a: number, b: number) => number) | 'mean' {
  if (stat === 'Sum' || stat === 'SampleCount') return (a, b) => a + b;
  if (stat === 'Minimum') return Math.min;
  return stat === 'Average' ? 'mean' : Math.max;
}

/**
 * A series as the rest of observe reads it: one datapoint per period of the request, on the window's grid,
 * in time order. CloudWatch answers so when asked TimestampAscending; an answer that is not (newest first,
 * a datapoint repeated across pages, datapoints at a shorter period or off the grid, outside the window, not
 * a number) is brought to it: a repeated timestamp counts once, the datapoints of one period combine by the
 * statistic (Average: their mean).
 */
export function onPeriods(timestampsMs: readonly number[], values: readonly number[], request: Pick<SeriesRequest, 'stat' | 'periodSeconds'>, window: MetricWindow): Series {
  const periodMs = request.periodSeconds * 1000;
  const onGrid = (t: number, i: number): boolean =>
    t >= window.startMs && t < window.endMs && (t - window.startMs) % periodMs === 0 && Number.isFinite(values[i]) && (i === 0 || timestampsMs[i - 1] < t);
  // What CloudWatch sends: kept as it is (a minute series of 15 days is 21,600 datapoints).
  if (timestampsMs.length === values.length && timestampsMs.every(onGrid)) return { timestampsMs, values };
  const once = new Map<number, number>();
  timestampsMs.forEach((t, i) => {
    if (t >= window.startMs && t < window.endMs && Number.isFinite(values[i])) once.set(t, values[i]);
  });
  const combine = combiner(request.stat);
  const byPeriod = new Map<number, { value: number; n: number }>();
  for (const [t, v] of once) {
    const period = window.startMs + Math.floor((t - window.startMs) / periodMs) * periodMs;
    const at = byPeriod.get(period);
    if (!at) byPeriod.set(period, { value: v, n: 1 });
    else byPeriod.set(period, { value: combine === 'mean' ? at.value + v : combine(at.value, v), n: at.n + 1 });
  }
  const times = [...byPeriod.keys()].sort((a, b) => a - b);
  return { timestampsMs: times, values: times.map((t) => (combine === 'mean' ? byPeriod.get(t)!.value / byPeriod.get(t)!.n : byPeriod.get(t)!.value)) };
}
