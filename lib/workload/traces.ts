/**
 * Trace importers: invocations per minute (and, optionally, each minute's mean duration) from a
 * `minute,count[,durationMs]` CSV, or from the Azure Functions 2019 trace (columns read by name, so both
 * the public dataset's and the sample's header orders work).
 */
import { InputError } from '../errors';
import { LIMITS } from '../model/defaults';
import { cellOf, csvRecords, type CsvRow, type TextSource } from './csv';
import { describeValue, Problems } from './problems';

/** Minutes in a day: the Azure 2019 trace has one column per minute. */
export const MINUTES_PER_DAY = 1440;
/** Longest per-minute trace accepted, in days (a month of 1-minute history). */
export const MAX_TRACE_DAYS = 31;

/** The Azure 2019 column that names a function. */
const HASH_FUNCTION = 'HashFunction';
/** Minute columns: `minute_1` (the sample) or `1` (the public dataset), 1-based. */
const AZURE_MINUTE_COLUMN = /^(?:minute_)?(\d+)$/;
/** Durations columns used for `durationMs`. */
const AZURE_AVERAGE = 'Average';
const AZURE_P99 = 'percentile_Average_99';
/** Column names a per-minute trace must have. */
const PER_MINUTE_COLUMNS = ['minute', 'count'] as const;
/** The optional column of a per-minute trace: the mean duration of the minute's invocations, in ms. */
const PER_MINUTE_DURATION = 'durationMs';
/** Longest duration a trace may give, in ms: the longest Lambda timeout. */
const MAX_TRACE_DURATION_MS = LIMITS.lambdaMaxTimeoutSeconds * 1000;
/** Percent of the invocations at or below the p99 a per-minute trace's durations give. */
const P99_PERCENT = 99;

const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

interface CsvTable {
  readonly header: readonly string[];
  /** The records after the header, read as they are iterated (once). */
  readonly rows: Iterable<CsvRow>;
}

/** Reads the header of a CSV (then records of the same length); syntax errors name the line. */
function readCsv(source: TextSource, file: string): CsvTable {
  const records = csvRecords(source, file);
  const head = records.next();
  if (head.done) throw new InputError(`${file}: is empty; expected a header row`);
  return { header: head.value.cells, rows: { [Symbol.iterator]: () => records } };
}

/** The values a numeric cell may hold: above (or at) `value`, and at most `max` when given. */
interface CellRange {
  readonly value: number;
  readonly exclusive: boolean;
  readonly max?: number;
}

/** True when `value` is a finite number in `range`. */
function inRange(value: number, range: CellRange): boolean {
  return Number.isFinite(value) && (range.exclusive ? value > range.value : value >= range.value) && (range.max === undefined || value <= range.max);
}

/** Reads a number in `range` from a cell, or records a problem and returns undefined. */
function readNumber(cell: string, column: string, row: CsvRow, problems: Problems, range: CellRange): number | undefined {
  const value = DECIMAL.test(cell) ? Number(cell) : NaN;
  if (inRange(value, range)) return value;
  const bound = `${range.exclusive ? '>' : '>='} ${range.value}${range.max === undefined ? '' : ` and <= ${range.max}`}`;
  problems.atLine(row.line, `${column} must be a number ${bound}, got ${describeValue(cell)}`);
  return undefined;
}

const NON_NEGATIVE: CellRange = { value: 0, exclusive: false };
const POSITIVE: CellRange = { value: 0, exclusive: true };
/** A per-minute trace's `durationMs` cell: > 0 ms, at most the longest Lambda timeout. */
const TRACE_DURATION: CellRange = { value: 0, exclusive: true, max: MAX_TRACE_DURATION_MS };

/** True when `ms` is a duration a per-minute trace's `durationMs` cell may hold (what a writer may put there). */
export function isTraceDurationMs(ms: number): boolean {
  return inRange(ms, TRACE_DURATION);
}

/** A per-minute trace as read. */
export interface PerMinuteTrace {
  /** Invocations per minute, `days × 1440` values (NaN: no data). */
  readonly perMinute: number[];
  /**
   * The mean duration in ms of each minute's invocations, aligned with `perMinute` (NaN: not given), when
   * the file has a `durationMs` column.
   */
  readonly durationMs?: number[];
  /** Minutes up to the last listed row (its minute + 1): the trace ends there, the rest of its last day is unknown. */
  readonly listedMinutes: number;
}

/**
 * Parses a per-minute trace: a CSV with the columns `minute,count` and optionally `durationMs` (any order).
 * `minute` counts from 0 (00:00 of the first day, or the trace's `start`), minutes not listed before the
 * last row had no invocations, a row with an empty `count` says the minute has no data; the trace ends at
 * its last row, so the minutes after it up to the end of that day have no data either. The result covers
 * whole days (up to {@link MAX_TRACE_DAYS}). `durationMs` is the mean duration of the minute's invocations
 * (empty: not known).
 * @returns invocations per minute, `days × 1440` values (NaN: no data)
 * @throws InputError naming the file and line of every bad cell
 */
export function parsePerMinuteTrace(text: TextSource, file: string): number[] {
  return readPerMinuteTrace(text, file).perMinute;
}

/**
 * Parses a per-minute trace as {@link parsePerMinuteTrace} does, with its `durationMs` column when it has one.
 * @throws InputError naming the file and line of every bad cell
 */
export function readPerMinuteTrace(text: TextSource, file: string): PerMinuteTrace {
  const { header, rows } = readCsv(text, file);
  const problems = new Problems(file);
  const known: readonly string[] = [...PER_MINUTE_COLUMNS, PER_MINUTE_DURATION];
  const index = Object.fromEntries(known.map((c) => [c, header.indexOf(c)]));
  const unknown = header.filter((h) => !known.includes(h));
  const present = known.filter((c) => index[c] >= 0).length;
  if (index.minute < 0 || index.count < 0 || unknown.length > 0 || header.length !== present) {
    const shape = `${PER_MINUTE_COLUMNS.join(',')} or ${[...PER_MINUTE_COLUMNS, PER_MINUTE_DURATION].join(',')}`;
    problems.atLine(1, `is not a per-minute trace: the header must be ${shape}, ${headerMismatch(header, known, PER_MINUTE_COLUMNS)}`);
    problems.throwIfAny();
  }
  const durationColumn = index[PER_MINUTE_DURATION];
  const maxMinutes = MAX_TRACE_DAYS * MINUTES_PER_DAY;
  const counts = new Map<number, number>();
  const durations = new Map<number, number>();
  const seenOn = new Map<number, number>();
  let rowCount = 0;
  for (const row of rows) {
    if (problems.stopReading()) break;
    rowCount++;
    const minuteCell = row.cells[index.minute];
    const minute = DECIMAL.test(minuteCell) ? Number(minuteCell) : NaN;
    const countCell = row.cells[index.count];
    const count = countCell === '' ? NaN : readNumber(countCell, 'count', row, problems, NON_NEGATIVE);
    const durationCell = durationColumn >= 0 ? row.cells[durationColumn] : '';
    const duration = durationCell === '' ? undefined : readNumber(durationCell, PER_MINUTE_DURATION, row, problems, TRACE_DURATION);
    if (!Number.isInteger(minute) || minute < 0 || minute >= maxMinutes) {
      problems.atLine(row.line, `minute must be an integer from 0 to ${maxMinutes - 1} (${MAX_TRACE_DAYS} days), got ${describeValue(minuteCell)}`);
      continue;
    }
    const earlier = seenOn.get(minute);
    if (earlier !== undefined) {
      problems.atLine(row.line, `minute ${minute} appears twice (also line ${earlier})`);
      continue;
    }
    seenOn.set(minute, row.line);
    if (count !== undefined) counts.set(minute, count);
    if (duration !== undefined) durations.set(minute, duration);
  }
  if (rowCount === 0) problems.atLine(1, 'has a header but no rows; expected one row per minute');
  problems.throwIfAny();
  let lastMinute = 0;
  for (const minute of counts.keys()) lastMinute = Math.max(lastMinute, minute);
  const listedMinutes = lastMinute + 1;
  const days = Math.ceil(listedMinutes / MINUTES_PER_DAY);
  // Minutes not listed up to the last row had no calls; after it the trace has ended: no data.
  const perMinute = new Array<number>(days * MINUTES_PER_DAY).fill(0).fill(NaN, listedMinutes);
  for (const [minute, count] of counts) perMinute[minute] = count;
  if (durationColumn < 0) return { perMinute, listedMinutes };
  const durationMs = new Array<number>(perMinute.length).fill(NaN);
  // A duration past the last minute with a count has no invocations to weigh it: it is ignored.
  for (const [minute, ms] of durations) if (minute < durationMs.length) durationMs[minute] = ms;
  return { perMinute, durationMs, listedMinutes };
}

/**
 * The durations a per-minute trace gives: `avg` the mean of the minutes' mean durations weighted by
 * their invocations, `p99` the smallest minute mean such that the minutes at or below it hold at least
 * 99% of those invocations (a percentile of per-minute averages, which understates the p99 of single
 * invocations, as Azure's `percentile_Average_99` does). Only minutes with invocations and a duration count.
 * @param durationMs aligned with `perMinute` (NaN: no duration for that minute)
 * @returns undefined when no minute has both
 */
export function perMinuteDurations(perMinute: readonly number[], durationMs: readonly number[]): TraceDurations | undefined {
  const minutes: Array<{ ms: number; count: number }> = [];
  perMinute.forEach((count, m) => {
    const ms = durationMs[m];
    if (count > 0 && ms !== undefined && !Number.isNaN(ms)) minutes.push({ ms, count });
  });
  if (minutes.length === 0) return undefined;
  let total = 0;
  let weighted = 0;
  for (const { ms, count } of minutes) {
    total += count;
    weighted += ms * count;
  }
  minutes.sort((a, b) => a.ms - b.ms);
  let below = 0;
  let p99 = minutes[minutes.length - 1].ms;
  for (const { ms, count } of minutes) {
    below += count;
    // In whole percents: 0.99 × n is not exact in binary floating point, 99 × n is (for whole counts).
    if (100 * below >= P99_PERCENT * total) {
      p99 = ms;
      break;
    }
  }
  return { avg: weighted / total, p99 };
}

/** Longest column name quoted in a message: the file may be anything (a system file given by mistake). */
const MAX_SHOWN_COLUMN = 40;

/**
 * What is wrong with a header, quoting at most one column name (shortened), never the whole line.
 * @param known the columns the header may have
 * @param required those of them it must have
 */
function headerMismatch(header: readonly string[], known: readonly string[], required: readonly string[]): string {
  const unknown = header.find((h) => !known.includes(h));
  if (unknown !== undefined) {
    const shown = unknown.length > MAX_SHOWN_COLUMN ? `${unknown.slice(0, MAX_SHOWN_COLUMN)}…` : unknown;
    return `got the column ${describeValue(shown)}${header.length > 1 ? ` among ${header.length}` : ''}`;
  }
  const missing = required.filter((c) => !header.includes(c));
  return missing.length > 0 ? `it lacks ${missing.join(', ')}` : `got ${header.length} columns`;
}

/** Rows of an Azure 2019 file, indexed by `HashFunction`. */
interface HashIndex {
  readonly hashColumn: number;
  /** `HashFunction` of every row, in file order. */
  readonly functions: readonly string[];
  /** The rows kept: those of the wanted functions (all when no set was given). */
  readonly rowsByHash: ReadonlyMap<string, readonly CsvRow[]>;
}

/**
 * Indexes the rows by `HashFunction` as they stream, keeping only the rows of `wanted` (a day of the public
 * dataset has tens of thousands of rows of 1,440 cells; a workload uses a few).
 */
function indexByHash(table: CsvTable, wanted?: ReadonlySet<string>): HashIndex {
  const hashColumn = table.header.indexOf(HASH_FUNCTION);
  const rowsByHash = new Map<string, CsvRow[]>();
  const functions: string[] = [];
  for (const row of table.rows) {
    const hash = cellOf(row, hashColumn) as string;
    // A copy: the cell is a slice of a megabyte of the file, which keeping it would keep too.
    functions.push(Buffer.from(hash).toString());
    if (wanted && !wanted.has(hash)) continue;
    const list = rowsByHash.get(hash);
    if (list) list.push(row);
    else rowsByHash.set(hash, [row]);
  }
  return { hashColumn, functions, rowsByHash };
}

/** Checks that the header has `HashFunction` and the `required` columns (before any row is read). */
function requireColumns(table: CsvTable, file: string, required: readonly string[]): void {
  const missing = [HASH_FUNCTION, ...required].filter((c) => !table.header.includes(c));
  if (missing.length > 0) {
    throw new InputError(`${file}:1: the header has no column ${missing.join(', ')}; is this an Azure Functions 2019 trace file of the right kind?`);
  }
}

/**
 * Reads the one row of `hash` with `read`, or returns undefined when the file has no such row.
 * @throws InputError for the row's problems, or when `hash` is on several rows (the selection would be ambiguous)
 */
function readRow<T>(index: HashIndex, hash: string, file: string, read: (row: CsvRow, problems: Problems) => T): T | undefined {
  const rows = index.rowsByHash.get(hash);
  if (!rows) return undefined;
  if (rows.length > 1) {
    throw new InputError(`${file}: ${HASH_FUNCTION} ${describeValue(hash)} is on ${rows.length} rows (lines ${rows.map((r) => r.line).join(', ')}); it must be on one`);
  }
  const problems = new Problems(file);
  const value = read(rows[0], problems);
  problems.throwIfAny();
  return value;
}

/** An Azure Functions 2019 invocations file (`*_inv.csv` / `invocations_per_function_md.anon.d01.csv`). */
export interface AzureInvocationTrace {
  /** The file name as given. */
  readonly file: string;
  /** `HashFunction` of every row, in file order. */
  readonly functions: readonly string[];
  /** Minutes (1-based) the file has a column for; the others have no data. */
  readonly minutes: number;
  /** Whole days the file covers (one for the usual 1,440 columns; a multi-day file, more). */
  readonly days: number;
  /**
   * Invocations per minute (1,440 values a day, whole days up to its last minute column; NaN for a minute
   * the file has no column for) of the function
   * whose `HashFunction` is `hash`, or undefined when the file has no such row.
   * @throws InputError when the row has a bad cell or the hash is on several rows
   */
  perMinute(hash: string): number[] | undefined;
}

/**
 * Parses an Azure Functions 2019 invocations file. Columns are read by name: `HashFunction` and one
 * column per minute named `minute_1 … minute_1440` (the vHive sample) or `1 … 1440` (the public
 * dataset); `HashOwner`, `HashApp`, `Trigger` and any other columns are not needed. A file may hold
 * only some minutes of the day (e.g. 8 hours): the minutes without a column have no data. Columns past
 * 1,440 continue into the next days (a multi-day file, up to {@link MAX_TRACE_DAYS} days).
 * @param wanted the functions whose rows are kept (the file streams by; default: every row)
 * @throws InputError when the header lacks `HashFunction` or has no minute column at all
 */
export function parseAzureInvocations(text: TextSource, file: string, wanted?: ReadonlySet<string>): AzureInvocationTrace {
  const table = readCsv(text, file);
  requireColumns(table, file, []);
  const problems = new Problems(file);
  const maxMinute = MAX_TRACE_DAYS * MINUTES_PER_DAY;
  const byMinute = new Map<number, number>();
  table.header.forEach((name, column) => {
    const match = AZURE_MINUTE_COLUMN.exec(name);
    if (!match) return;
    const minute = Number(match[1]);
    if (minute < 1 || minute > maxMinute) problems.atLine(1, `column ${describeValue(name)} is outside the trace (minutes 1 to ${maxMinute}, ${MAX_TRACE_DAYS} days)`);
    else if (byMinute.has(minute)) problems.atLine(1, `minute ${minute} has two columns`);
    else byMinute.set(minute, column);
  });
  // Whole days up to the last minute column (one day for the usual 1,440 columns).
  const days = Math.max(1, Math.ceil(Math.max(0, ...byMinute.keys()) / MINUTES_PER_DAY));
  const minuteColumns = Array.from({ length: days * MINUTES_PER_DAY }, (_, m) => byMinute.get(m + 1) ?? -1);
  const present = minuteColumns.filter((c) => c >= 0).length;
  if (present === 0) problems.atLine(1, `the header has no minute column; expected minute_1 … minute_${MINUTES_PER_DAY} or 1 … ${MINUTES_PER_DAY} (any subset)`);
  problems.throwIfAny();
  const index = indexByHash(table, wanted);
  return {
    file,
    minutes: present,
    days,
    functions: index.functions,
    perMinute: (hash) =>
      readRow(index, hash, file, (row, rowProblems) =>
        minuteColumns.map((column) => (column < 0 || row.cells[column] === '' ? NaN : (readNumber(row.cells[column], table.header[column], row, rowProblems, NON_NEGATIVE) ?? 0))),
      ),
  };
}

/** Durations a trace gives a function, in ms. */
export interface TraceDurations {
  /** Mean duration. */
  readonly avg: number;
  /** 99th percentile, when the trace gives one. */
  readonly p99?: number;
}

/** Durations of one function from an Azure 2019 durations file, in ms: `Average` and, when the file has that column, `percentile_Average_99`. */
export type AzureDurations = TraceDurations;

/** An Azure Functions 2019 durations file (`*_run.csv` / `function_durations_percentiles.anon.d01.csv`). */
export interface AzureDurationTable {
  /** The file name as given. */
  readonly file: string;
  /** `HashFunction` of every row, in file order. */
  readonly functions: readonly string[];
  /**
   * Average and p99 duration of the function whose `HashFunction` is `hash`, or undefined when absent.
   * @throws InputError when a value is not a number > 0 or the hash is on several rows
   */
  durations(hash: string): AzureDurations | undefined;
}

/**
 * Parses an Azure Functions 2019 durations file. Columns are read by name: `HashFunction`, `Average`
 * and, when present, `percentile_Average_99` (both header orders work).
 * @param wanted the functions whose rows are kept (default: every row)
 * @throws InputError when the header lacks `HashFunction` or `Average`
 */
export function parseAzureDurations(text: TextSource, file: string, wanted?: ReadonlySet<string>): AzureDurationTable {
  const table = readCsv(text, file);
  requireColumns(table, file, [AZURE_AVERAGE]);
  const index = indexByHash(table, wanted);
  const averageColumn = table.header.indexOf(AZURE_AVERAGE);
  const p99Column = table.header.indexOf(AZURE_P99);
  return {
    file,
    functions: index.functions,
    durations: (hash) =>
      readRow(index, hash, file, (row, problems) => {
        const avg = readNumber(row.cells[averageColumn], AZURE_AVERAGE, row, problems, POSITIVE) as number;
        const p99 = p99Column >= 0 ? readNumber(row.cells[p99Column], AZURE_P99, row, problems, POSITIVE) : undefined;
        return p99 === undefined ? { avg } : { avg, p99 };
      }),
  };
}
