/**
 * `observe --period 60`: each function's traffic as a per-minute trace file (workload `trace` format
 * `per-minute` with a `start`), written beside the workload instead of being folded into 24 values.
 */
import type { MetricWindow, Series } from '../aws/metrics';
import { isTraceDurationMs } from '../workload/traces';

const MS_PER_MINUTE = 60_000;

/** A trace file to write beside the workload. */
export interface MinuteTraceFile {
  /** Path relative to the workload file's folder (what the workload's `trace.file` says). */
  readonly file: string;
  /** The CSV text (rendered when written, so a thousand traces are never all in memory at once). */
  render(): string;
}

/**
 * The `minute,count` CSV of a per-minute series over `window`: minute 0 is the window's start; only
 * minutes with calls are listed (CloudWatch has no datapoint for a minute without invocations, and
 * the format reads an unlisted minute as none), and the window's last minute always is, so the trace
 * spans the whole window. With `durations` (Duration Average per minute) the file has a third column,
 * `durationMs`: the minute's mean duration, empty where CloudWatch has none (or none a trace may hold).
 */
export function minuteTraceCsv(series: Series | undefined, window: MetricWindow, durations?: Series): string {
  const minutes = Math.round((window.endMs - window.startMs) / MS_PER_MINUTE);
  // Both series are in time order (GetMetricData, TimestampAscending): one cursor walks the durations.
  let d = 0;
  const cell = (t: number): string => {
    if (!durations) return '';
    while (d < durations.timestampsMs.length && durations.timestampsMs[d] < t) d++;
    const ms = durations.timestampsMs[d] === t ? durations.values[d] : undefined;
    return ms !== undefined && isTraceDurationMs(ms) ? `,${ms}` : ',';
  };
  const lines = [durations ? 'minute,count,durationMs' : 'minute,count'];
  let last = -1;
  series?.timestampsMs.forEach((t, i) => {
    const minute = Math.round((t - window.startMs) / MS_PER_MINUTE);
    const count = series.values[i];
    if (minute < 0 || minute >= minutes || !(count > 0)) return;
    lines.push(`${minute},${count}${cell(t)}`);
    last = minute;
  });
  if (last < minutes - 1) lines.push(`${minutes - 1},0${durations ? ',' : ''}`);
  return `${lines.join('\n')}\n`;
}
