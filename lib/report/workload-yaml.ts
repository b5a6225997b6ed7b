/**
 * The workload file `observe` writes: YAML with comments saying what was observed and what was assumed,
 * so a reviewer sees which numbers came from CloudWatch and which are defaults.
 */
import { Document } from 'yaml';
import { INFERENCE, inferWorkload, type InferOptions, type InferredFunction, type Observation } from '../aws/infer';
import { MINUTE_PERIOD_SECONDS, type MetricWindow, type Series } from '../aws/metrics';
import { minuteTraceCsv, type MinuteTraceFile } from './minute-traces';
import { escapeControl as esc } from './escape';

/** The rendered workload file, and which functions it leaves out (no invocations to learn from). */
export interface RenderedWorkload {
  readonly yaml: string;
  readonly written: readonly string[];
  readonly skipped: readonly InferredFunction[];
  /** Per-minute trace files the workload refers to (observe --period 60), to write beside it. */
  readonly traces: readonly MinuteTraceFile[];
}

/** A series without datapoints: a trace whose durations CloudWatch did not return still has the column (all empty). */
const NO_DATAPOINTS: Series = { timestampsMs: [], values: [] };

/** Renders the workload as YAML with comments saying what was observed and what was assumed. */
export function renderWorkloadYaml(observation: Observation, observedAt: Date, options: InferOptions = {}): RenderedWorkload {
  const { file, functions } = inferWorkload(observation, options);
  const w = observation.window;
  // YAML 1.1's rules for plain scalars: a name like `yes`, `Off` or `1_000` is quoted, so PyYAML-style readers
  // (1.1) read the same strings this project's 1.2 reader does; the text is still 1.2 (no directive).
  const doc = new Document(file, { version: '1.1' });
  doc.commentBefore = [
    ` Workload observed by cdk-lambda-scaling observe at ${observedAt.toISOString()}`,
    ` region ${observation.region}: account concurrency limit ${observation.account.concurrencyLimit}, unreserved now ${observation.account.unreservedConcurrentExecutions}`,
    ` history: ${new Date(w.startMs).toISOString()} to ${new Date(w.endMs).toISOString()} at ${w.periodSeconds / 60}-minute period (CloudWatch GetMetricData)`,
    trafficComment(w, options.traceDir ?? 'traces'),
    ' durationMs: avg = invocation-weighted mean of the per-period averages; p99 = highest per-period p99 among periods',
    `   with at least ${INFERENCE.minInvocationsForP99} invocations (all periods if none)`,
    ` assumed, not observed: unreservedFloor ${file.account.unreservedFloor} (the AWS minimum), initDurationMs, throttle and spillover targets (defaults)`,
    // AWS error messages and names are one comment line each, whatever they hold.
    ...observation.failures.map((f) => ` NOT OBSERVED ${esc(f.name)}: ${esc(f.message)}`),
  ].join('\n');
  const skipped = functions.filter((f) => !f.entry);
  functions
    .filter((f) => f.entry)
    .forEach((f, i) => {
      const item = doc.getIn(['functions', i], true) as { commentBefore?: string | null } | undefined;
      if (item) item.commentBefore = f.notes.map((n) => ` ${esc(n)}`).join('\n');
      // Short collections on one line, as in the hand-written examples.
      for (const path of [['durationMs'], ['traffic'], ['traffic', 'hourlyRps'], ['sqs']]) {
        const node = doc.getIn(['functions', i, ...path], true) as { flow?: boolean } | undefined;
        if (node && typeof node === 'object') node.flow = true;
      }
    });
  for (const key of ['account', 'defaults']) (doc.get(key, true) as { flow?: boolean }).flow = true;
  let text = doc.toString({ lineWidth: 0, flowCollectionPadding: false });
  if (skipped.length > 0) {
    text += ['', '# Functions seen but not planned:', ...skipped.flatMap((f) => f.notes.map((n) => `#   ${esc(f.name)}: ${esc(n)}`))].join('\n') + '\n';
  }
  const traces = functions.flatMap((f) => (f.entry && f.trace ? [{ file: f.trace.file, render: () => minuteTraceCsv(f.trace?.series, w, f.trace?.durations ?? NO_DATAPOINTS) }] : []));
  return { yaml: text, written: file.functions.map((f) => f.name), skipped, traces };
}

/** The file comment line saying where each function's traffic came from. */
function trafficComment(w: MetricWindow, traceDir: string): string {
  if (w.periodSeconds === MINUTE_PERIOD_SECONDS) {
    return ` traffic: per-minute traces in ${traceDir}/ (count: Invocations Sum, SQS: the queues' NumberOfMessagesReceived; durationMs: Duration Average), minute 0 = start; the other series hourly`;
  }
  return w.periodSeconds >= 3600
    ? ` hourlyRps[h]: the busiest day's invocations in UTC hour h / ${w.periodSeconds} (an hourly mean; bursts inside the hour are not seen)`
    : ` hourlyRps[h]: the busiest ${w.periodSeconds}-second period's invocations in UTC hour h (any day) / ${w.periodSeconds}`;
}
