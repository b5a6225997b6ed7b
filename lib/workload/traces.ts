/**
 * Trace importers: invocations per minute from a `minute,count` CSV or from the Azure Functions 2019
 * trace (columns read by name, so both the public dataset's and the sample's header orders work).
 */
import { InputError } from '../errors';
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
/** Column names of a per-minute trace. */
const PER_MINUTE_COLUMNS = ['minute', 'count'] as const;

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

/** Reads a non-negative number from a cell, or records a problem and returns undefined. */
function readNumber(cell: string, column: string, row: CsvRow, problems: Problems, min: { value: number; exclusive: boolean }): number | undefined {
  const value = DECIMAL.test(cell) ? Number(cell) : NaN;
  const ok = Number.isFinite(value) && (min.exclusive ? value > min.value : value >= min.value);
  if (ok) return value;
  problems.atLine(row.line, `${column} must be a number ${min.exclusive ? '>' : '>='} ${min.value}, got ${describeValue(cell)}`);
  return undefined;
}

const NON_NEGATIVE = { value: 0, exclusive: false };
const POSITIVE = { value: 0, exclusive: true };

/**
 * Parses a per-minute trace: a CSV with the columns `minute,count` (any order). `minute` counts from 0
 * (00:00 of the first day, or the trace's `start`), minutes not listed had no invocations, a row with an
 * empty `count` says the minute has no data; the result covers whole days (up to {@link MAX_TRACE_DAYS}).
 * @returns invocations per minute, `days × 1440` values (NaN: no data)
 * @throws InputError naming the file and line of every bad cell
 */
export function parsePerMinuteTrace(text: TextSource, file: string): number[] {
  const { header, rows } = readCsv(text, file);
  const problems = new Problems(file);
  const index = Object.fromEntries(PER_MINUTE_COLUMNS.map((c) => [c, header.indexOf(c)]));
  const unknown = header.filter((h) => !(PER_MINUTE_COLUMNS as readonly string[]).includes(h));
  if (index.minute < 0 || index.count < 0 || unknown.length > 0 || header.length !== PER_MINUTE_COLUMNS.length) {
    problems.atLine(1, `is not a per-minute trace: the header must be ${PER_MINUTE_COLUMNS.join(',')}, ${headerMismatch(header, PER_MINUTE_COLUMNS)}`);
    problems.throwIfAny();
  }
  const maxMinutes = MAX_TRACE_DAYS * MINUTES_PER_DAY;
  const counts = new Map<number, number>();
  const seenOn = new Map<number, number>();
  let rowCount = 0;
  for (const row of rows) {
    if (problems.stopReading()) break;
    rowCount++;
    const minuteCell = row.cells[index.minute];
    const minute = DECIMAL.test(minuteCell) ? Number(minuteCell) : NaN;
    const countCell = row.cells[index.count];
    const count = countCell === '' ? NaN : readNumber(countCell, 'count', row, problems, NON_NEGATIVE);
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
  }
  if (rowCount === 0) problems.atLine(1, 'has a header but no rows; expected one row per minute');
  problems.throwIfAny();
  let lastMinute = 0;
  for (const minute of counts.keys()) lastMinute = Math.max(lastMinute, minute);
  const days = Math.ceil((lastMinute + 1) / MINUTES_PER_DAY);
  const perMinute = new Array<number>(days * MINUTES_PER_DAY).fill(0);
  for (const [minute, count] of counts) perMinute[minute] = count;
  return perMinute;
}

/** Longest column name quoted in a message: the file may be anything (a system file given by mistake). */
const MAX_SHOWN_COLUMN = 40;

/** What is wrong with a header, quoting at most one column name (shortened), never the whole line. */
function headerMismatch(header: readonly string[], expected: readonly string[]): string {
  const unknown = header.find((h) => !expected.includes(h));
  if (unknown !== undefined) {
    const shown = unknown.length > MAX_SHOWN_COLUMN ? `${unknown.slice(0, MAX_SHOWN_COLUMN)}…` : unknown;
    return `got the column ${describeValue(shown)}${header.length > 1 ? ` among ${header.length}` : ''}`;
  }
  const missing = expected.filter((c) => !header.includes(c));
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
    functions: index.functions,
    perMinute: (hash) =>
      readRow(index, hash, file, (row, rowProblems) =>
        minuteColumns.map((column) => (column < 0 ? NaN : (readNumber(row.cells[column], table.header[column], row, rowProblems, NON_NEGATIVE) ?? 0))),
      ),
  };
}

/** Durations of one function from an Azure 2019 durations file, in ms. */
export interface AzureDurations {
  /** `Average`. */
  readonly avg: number;
  /** `percentile_Average_99`, when the file has that column. */
  readonly p99?: number;
}

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
