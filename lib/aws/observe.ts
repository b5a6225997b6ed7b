/**
 * `observe`: reads a region's Lambda, Application Auto Scaling and CloudWatch state for a set of
 * functions. A function that cannot be read is reported and the others still complete.
 */
import type { AwsSession } from './session';
import { isAwsReadError } from './errors';
import {
  listFunctions,
  readAccountConcurrency,
  readConfiguration,
  readFunctionConcurrency,
  readLambdaScalingUnlessDenied,
  readTags,
  type DeployedFunction,
  type FunctionSummary,
} from './deployed';
import { FUNCTION_METRICS, QUEUE_METRIC, datapointsPerQuery, minimumCalls, readSeries, seriesPeriodSeconds, windowFor, type MetricKey, type Series, type SeriesRequest } from './metrics';
import { addSeries, type Observation, type ObserveFailure, type ObservedFunction } from './infer';
import { locateFunctions, taggedFunctions } from './locate';
import { mapLimit } from './pool';
import { PLAN_TAGS } from '../model';

/** Which functions to read and how much history. */
export interface ObserveOptions {
  /** Function names (or ARNs); ignored when `all` is set. */
  readonly functions?: readonly string[];
  /**
   * Plan function names, found as `audit` finds them (by name, then plan tag; in `stack` by tag,
   * logical id or name): the workload names each by its plan name. Ignored when `all` is set.
   */
  readonly planFunctions?: readonly string[];
  /** With `all` or `planFunctions`: only functions of this CloudFormation stack (its `aws:cloudformation:stack-name` tag). */
  readonly stack?: string;
  /** Every function of the region (ListFunctions). */
  readonly all?: boolean;
  /** With `all`: only names starting with this. */
  readonly prefix?: string;
  /** Only functions carrying every one of these tags. */
  readonly tags?: Readonly<Record<string, string>>;
  /** Days of history. */
  readonly days: number;
  /** Metric period; at 60 the traffic is read per minute and the other series hourly. @default 3600 */
  readonly periodSeconds?: number;
  /** End of the history window (ms since epoch). @default - now */
  readonly nowMs?: number;
  /** Reads in flight at once. @default 8 */
  readonly concurrency?: number;
  /** Called as work completes (for a progress line). */
  readonly onProgress?: (phase: string, done: number, total: number) => void;
}

/** GetMetricData efficiency figures of one run. */
export interface MetricStats {
  readonly series: number;
  /** Datapoints the series can return in all (series at one minute carry 60 times an hourly one's). */
  readonly datapoints: number;
  readonly getMetricDataCalls: number;
  /** The fewest calls the API limits allow for these series. */
  readonly minimumCalls: number;
}

/** What {@link observe} returns. */
export interface ObserveResult {
  readonly observation: Observation;
  readonly metricStats: MetricStats;
}

/** Reads one function, turning its failure into a reported failure instead of aborting the run. */
async function perFunction<T>(name: string, failures: ObserveFailure[], read: () => Promise<T>): Promise<T | null> {
  try {
    return await read();
  } catch (err) {
    if (!isAwsReadError(err)) throw err;
    failures.push({ name, message: err.kind === 'not-found' ? `function not found in this region (${err.message})` : err.message });
    return null;
  }
}

/**
 * A workload function name: the workload schema's pattern and length for `functions[].name`
 * (schema/workload.schema.json). A name from a tag must be one: it names the function in the workload
 * and its per-minute trace file.
 */
export const WORKLOAD_FUNCTION_NAME = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * The function and qualifier (alias or version) an input to `--function` names: a name (`api`,
 * `api:live`), an ARN (`arn:aws:lambda:…:function:api[:live]`) or a partial ARN
 * (`123456789012:function:api[:live]`), as Lambda's FunctionName takes them.
 */
export function functionInput(input: string): { readonly name: string; readonly qualifier?: string } {
  const parts = input.split(':');
  const at = parts[0] === 'arn' ? 6 : parts[1] === 'function' ? 2 : 0;
  const [name = input, qualifier] = parts.slice(at);
  return qualifier === undefined ? { name } : { name, qualifier };
}

function matchesTags(tags: Readonly<Record<string, string>>, wanted: Readonly<Record<string, string>>): boolean {
  return Object.entries(wanted).every(([k, v]) => tags[k] === v);
}

/** The series `observe` reads for these functions (ids `f<i>m<j>`, `f<i>q<k>`), and which function and key each feeds. */
export function seriesRequests(deployed: readonly DeployedFunction[], periodSeconds: number): { requests: SeriesRequest[]; owners: { fn: number; key: MetricKey }[] } {
  const requests: SeriesRequest[] = [];
  const owners: { fn: number; key: MetricKey }[] = [];
  deployed.forEach((d, fn) => {
    FUNCTION_METRICS.forEach((metric, j) => {
      const period = seriesPeriodSeconds(metric.key, periodSeconds);
      requests.push({ id: `f${fn}m${j}`, namespace: metric.namespace, metricName: metric.metricName, stat: metric.stat, periodSeconds: period, dimensions: [{ name: 'FunctionName', value: d.name }] });
      owners.push({ fn, key: metric.key });
    });
    const queues = [...new Set(d.mappings.filter((m) => m.source === 'sqs').map((m) => m.eventSourceArn.split(':')[5] ?? ''))];
    queues.forEach((queue, q) => {
      requests.push({ id: `f${fn}q${q}`, namespace: QUEUE_METRIC.namespace, metricName: QUEUE_METRIC.metricName, stat: QUEUE_METRIC.stat, periodSeconds, dimensions: [{ name: 'QueueName', value: queue }] });
      owners.push({ fn, key: QUEUE_METRIC.key });
    });
  });
  return { requests, owners };
}

/** Reads account settings, every selected function's deployed state, and its CloudWatch history. */
export async function observe(session: AwsSession, options: ObserveOptions): Promise<ObserveResult> {
  const concurrency = options.concurrency ?? 8;
  const progress = options.onProgress ?? (() => undefined);
  const tagsRead = (done: number, total: number) => progress('tags', done, total);
  const failures: ObserveFailure[] = [];
  const region = await session.region();
  const account = await readAccountConcurrency(session);
  const { byFunction: scaling, denied: scalingDenied } = await readLambdaScalingUnlessDenied(session);
  if (scalingDenied) failures.push({ name: 'Application Auto Scaling', message: `${scalingDenied}; latencySensitive and the comments know of provisioned concurrency configs only, not of scalable targets` });

  let summaries: (FunctionSummary | null)[];
  /** Plan name and how it was found, by deployed name. */
  const found = new Map<string, { planName: string; how: string }>();
  if (options.all && options.stack !== undefined) {
    const inStack = (await taggedFunctions(session, { stack: options.stack, concurrency, onTagsRead: tagsRead })).filter((c) => !options.prefix || c.summary.name.startsWith(options.prefix));
    summaries = inStack.map((c) => {
      const planName = c.tags[PLAN_TAGS.function];
      if (planName === undefined) return c.summary;
      // The tag names the workload function and its trace file: a value that is no workload name (`../x`, `team api`) is reported, not written.
      if (!WORKLOAD_FUNCTION_NAME.test(planName)) {
        failures.push({ name: c.summary.name, message: `tag ${PLAN_TAGS.function}=${JSON.stringify(planName)} is not a workload function name (letters, digits, - and _, at most 64): not written; fix the tag` });
        return null;
      }
      found.set(c.summary.name, { planName, how: `tag ${PLAN_TAGS.function}=${planName} in stack ${options.stack}` });
      return c.summary;
    });
  } else if (options.all) {
    summaries = await listFunctions(session, options.prefix);
  } else if (options.planFunctions) {
    const located = await locateFunctions(session, [...new Set(options.planFunctions)], { stack: options.stack, concurrency, onTagsRead: tagsRead });
    summaries = [...located].map(([planName, at]) => {
      if ('error' in at) {
        failures.push({ name: planName, message: at.error });
        return null;
      }
      found.set(at.summary.name, { planName, how: at.how });
      return at.summary;
    });
  } else {
    const names = [...new Set(options.functions ?? [])];
    summaries = await mapLimit(names, concurrency, async (name) => {
      // Metrics, concurrency and scaling are read for the whole function: an alias or version given is refused, not read as the function.
      const { name: unqualified, qualifier } = functionInput(name);
      if (qualifier !== undefined) {
        failures.push({ name, message: `names the alias or version ${qualifier} of ${unqualified}; observe reads whole functions (every alias): give ${unqualified}` });
        return null;
      }
      // The metrics are read in the session's region by function name: an ARN of another region (or partition) would read its namesake here.
      const arnRegion = name.startsWith('arn:') ? name.split(':')[3] : undefined;
      if (arnRegion !== undefined && arnRegion !== region) {
        failures.push({ name, message: `is a function of region ${arnRegion}, and observe reads ${region}: run observe --region ${arnRegion} for it` });
        return null;
      }
      return perFunction(name, failures, () => readConfiguration(session, name));
    });
  }
  // The same function given twice (by name and by ARN) is read and written once.
  const byName = new Map<string, FunctionSummary>();
  for (const s of summaries) if (s !== null && !byName.has(s.name)) byName.set(s.name, s);
  // The workload names each function (and its trace file) by its deployed name unless a plan name was found: a name the workload
  // cannot hold (a Lambda@Edge replica's `us-east-1.api`) is reported, not written into a file plan would refuse.
  let selected = [...byName.values()].filter((s) => {
    if (found.has(s.name) || WORKLOAD_FUNCTION_NAME.test(s.name)) return true;
    failures.push({ name: s.name, message: `${JSON.stringify(s.name)} is not a workload function name (letters, digits, - and _, at most 64; a Lambda@Edge replica is named <region>.<function>): not written` });
    return false;
  });
  const wantedTags = options.tags ?? {};
  if (Object.keys(wantedTags).length > 0) {
    let read = 0;
    const tagged = await mapLimit(selected, concurrency, async (s) => {
      const kept = await perFunction(s.name, failures, async () => (matchesTags(await readTags(session, s.arn), wantedTags) ? s : null));
      tagsRead(++read, selected.length);
      return kept;
    });
    selected = tagged.filter((s): s is FunctionSummary => s !== null);
  }

  let done = 0;
  const deployed = (
    await mapLimit(selected, concurrency, async (s) => {
      const d = await perFunction(s.name, failures, () => readFunctionConcurrency(session, s, scaling.get(s.name) ?? []));
      progress('functions', ++done, selected.length);
      return d;
    })
  ).filter((d): d is DeployedFunction => d !== null);

  const periodSeconds = options.periodSeconds ?? 3600;
  const window = windowFor(options.nowMs ?? Date.now(), options.days, periodSeconds);
  const { requests, owners } = seriesRequests(deployed, periodSeconds);
  const read = await readSeries(session, requests, window, { concurrency: Math.min(concurrency, 4), onProgress: (done, total) => progress('metric calls', done, total) });

  const metrics: Partial<Record<MetricKey, Series>>[] = deployed.map(() => ({}));
  const broken = new Map<number, string[]>();
  requests.forEach((r, i) => {
    const { fn, key } = owners[i];
    const problem = read.problems.get(r.id);
    if (problem) broken.set(fn, [...(broken.get(fn) ?? []), `${r.metricName} ${r.stat}: ${problem}`]);
    metrics[fn][key] = key === QUEUE_METRIC.key ? addSeries(metrics[fn][key], read.series.get(r.id)) : read.series.get(r.id);
  });
  const functions: ObservedFunction[] = [];
  deployed.forEach((d, fn) => {
    const problems = broken.get(fn);
    if (problems) failures.push({ name: d.name, message: `CloudWatch could not return ${problems.join('; ')}` });
    else functions.push({ deployed: d, metrics: metrics[fn], ...(found.has(d.name) ? { found: found.get(d.name) } : {}) });
  });

  const sizes = requests.map((r) => datapointsPerQuery(window, r.periodSeconds));
  return {
    observation: { region, account, window, functions, failures },
    metricStats: {
      series: requests.length,
      datapoints: sizes.reduce((a, b) => a + b, 0),
      getMetricDataCalls: read.calls,
      minimumCalls: minimumCalls(sizes),
    },
  };
}
