/**
 * Renders a simulation result (lib/simulate): JSON (summary + series rows), CSV (series rows) and a text table.
 */
import Table from 'cli-table3';
import { setOwn } from '../records';
import { SERIES_COLUMNS } from '../simulate/types';
import type { FunctionSummary, SimulationResult } from '../simulate/types';
import { count, usd } from './numbers';
import { escapeControl as esc, guardLines, safeJson } from './escape';

/** One series row: the interval's start (seconds), the function and every column. */
export type SeriesRow = { readonly t: number; readonly function: string } & Readonly<Record<(typeof SERIES_COLUMNS)[number], number>>;

/** The series as rows, ordered by time, then by function in workload order. */
export function seriesRows(result: SimulationResult): SeriesRow[] {
  const rows: SeriesRow[] = [];
  const n = result.series[0]?.arrivals.length ?? 0;
  for (let i = 0; i < n; i++) {
    for (const s of result.series) {
      const row: Record<string, number | string> = { t: i * result.intervalSeconds, function: s.name };
      for (const c of SERIES_COLUMNS) row[c] = round3(s[c][i]);
      rows.push(row as SeriesRow);
    }
  }
  return rows;
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** The fields of the JSON summary, in order (the CLI contract). */
export const SUMMARY_FIELDS = ['invocations', 'throttles', 'coldStarts', 'spillovers', 'peakConcurrency', 'maxQueueAgeSeconds', 'dlqMessages', 'costUsd'] as const;

/** `{ summary: { <function>: {...} }, series: [...] }` as printed by `simulate --format json`. */
export function toJson(result: SimulationResult): string {
  const summary: Record<string, Record<string, number>> = {};
  for (const [name, s] of Object.entries(result.summary)) {
    const entry: Record<string, number> = {};
    for (const f of SUMMARY_FIELDS) entry[f] = s[f];
    entry.arrivals = s.arrivals;
    entry.errors = s.errors;
    entry.provisionedInvocations = s.provisionedInvocations;
    entry.monthlyCostUsd = s.monthlyCostUsd;
    setOwn(summary, name, entry);
  }
  const out = {
    durationSeconds: result.durationSeconds,
    seed: result.seed,
    scalingModel: result.scalingModel,
    intervalSeconds: result.intervalSeconds,
    summary,
    series: seriesRows(result),
    notes: result.notes,
  };
  return `${safeJson(out, 2)}\n`;
}

/** The series as CSV: `t,function,arrivals,busy,...`. */
export function toCsv(result: SimulationResult): string {
  const header = ['t', 'function', ...SERIES_COLUMNS];
  const lines = [header.join(',')];
  for (const row of seriesRows(result)) {
    lines.push([row.t, csvField(row.function), ...SERIES_COLUMNS.map((c) => row[c])].join(','));
  }
  return guardLines(`${lines.join('\n')}\n`);
}

/**
 * A CSV field: quoted when it holds a quote, comma or line break, or starts with `:` (a line of its own may
 * not start with `::`); control and bidi characters inside are escaped.
 */
function csvField(text: string): string {
  const value = esc(text);
  return /[",]|^[\s:]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Text table columns: header and how to show the value. */
const TEXT_COLUMNS: readonly { readonly head: string; readonly value: (s: FunctionSummary) => string }[] = [
  { head: 'arrivals', value: (s) => count(s.arrivals) },
  { head: 'invocations', value: (s) => count(s.invocations) },
  // of attempts: async retries and SQS batches are attempted again after a throttle
  { head: 'throttles', value: (s) => withRate(s.throttles, s.invocations + s.throttles) },
  { head: 'cold starts', value: (s) => withRate(s.coldStarts, s.invocations) },
  { head: 'spillovers', value: (s) => withRate(s.spillovers, s.invocations) },
  { head: 'peak conc.', value: (s) => count(s.peakConcurrency) },
  { head: 'max queue age', value: (s) => (s.maxQueueAgeSeconds > 0 ? `${count(s.maxQueueAgeSeconds)} s` : '-') },
  { head: 'DLQ', value: (s) => count(s.dlqMessages) },
  { head: 'cost (run)', value: (s) => usd(s.costUsd) },
  { head: 'cost / month', value: (s) => usd(s.monthlyCostUsd) },
];

function withRate(n: number, of: number): string {
  if (n === 0) return '0';
  return `${count(n)} (${((100 * n) / Math.max(1, of)).toFixed(n / Math.max(1, of) < 0.001 ? 3 : 1)}%)`;
}

/** A readable summary: one row per function, then the run's assumptions. */
export function toText(result: SimulationResult): string {
  const table = new Table({ head: ['function', 'reserved', ...TEXT_COLUMNS.map((c) => c.head)], style: { head: [], border: [] } });
  for (const [name, s] of Object.entries(result.summary)) {
    const r = result.reserved[name];
    table.push([esc(name), r === null || r === undefined ? '-' : String(r), ...TEXT_COLUMNS.map((c) => c.value(s))]);
  }
  const minutes = result.durationSeconds / 60;
  const head = `Simulated ${minutes >= 1 ? `${+minutes.toFixed(1)} min` : `${result.durationSeconds} s`} (${result.scalingModel} scaling, seed ${result.seed})`;
  return guardLines(`${head}\n${table.toString()}\n${result.notes.map((n) => `note: ${esc(n)}`).join('\n')}\n`);
}
