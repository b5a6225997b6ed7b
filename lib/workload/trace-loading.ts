/**
 * Trace loading for the workload loader: every trace file a workload names is read and parsed once
 * (confined to the workload's root), and each traced function gets its traffic and, where the files give
 * them, its durations. Problems are recorded under the field that names the file.
 */
import { statSync } from 'fs';
import { resolve } from 'path';
import { DEFAULTS } from '../model/defaults';
import { isInputError } from '../errors';
import { fileIdentity, outsideRoot, readInputPieces, realPathOf, Root, UnreadableFile } from '../files';
import { parseInstant, toLocalDays } from './calendar';
import type { TextSource } from './csv';
import { isValidTimeZone, type Sound } from './checks';
import type { FunctionInput, WorkloadInput } from './input';
import { describeValue, Problems, type FieldPath } from './problems';
import { dayOrderNote, joinNotes, repeatedFiles, traceClock, type JoinedFile, type TraceClock } from './trace-joins';
import { MAX_TRACE_DAYS, MINUTES_PER_DAY, parseAzureDurations, parseAzureInvocations, perMinuteDurations, readPerMinuteTrace, type TraceDurations } from './traces';
import { LIMITS } from '../model/defaults';
import { WORKLOAD_SCHEMA } from './schemas';
import { trafficFromPerMinute } from './traffic';
import type { Traffic } from './types';

/** Parses a trace file as it streams; `wanted` names the rows a parser must keep (Azure files). */
type TraceParser<T> = (source: TextSource, file: string, wanted?: ReadonlySet<string>) => T;

/**
 * What a trace gives a function: its traffic and, when the function has no `durationMs`, its durations
 * (from an Azure durations file, or a per-minute trace's `durationMs` column).
 */
export interface LoadedTrace {
  readonly traffic: Traffic;
  readonly durations?: TraceDurations;
}

/** A trace's files read and joined: invocations per minute and, from per-minute files with the column, each minute's mean duration. */
interface JoinedTrace {
  readonly perMinute: number[];
  /** Aligned with `perMinute` (NaN: not given); undefined when no file has a `durationMs` column. */
  readonly durationMs?: number[];
  /** Where the trace ends: the last file's last listed minute + 1 (an Azure file: its last day's end). */
  readonly listedMinutes: number;
  /** What joining the files left unclear, for the plan's notes. */
  readonly notes: readonly string[];
}

/** Why a function needs `durationMs` (the schema's words, so the loader says the same). */
const DURATION_REQUIRED = ((WORKLOAD_SCHEMA.definitions as Record<string, { else: { description: string } }>).function.else.description);

/** Reads and parses trace files once each, however many functions use them. */
class TraceFiles {
  private readonly cache = new Map<string, unknown>();
  /** The `HashFunction`s the workload names, by file: the only rows of an Azure file that are kept. */
  private readonly wanted = new Map<string, Set<string>>();

  constructor(
    private readonly baseDir: string,
    private readonly root: Root | undefined,
  ) {}

  /**
   * What identifies the file: two names of one file (a symbolic or hard link, a `./` or `..` spelling) have
   * the same, so it is read once and never joined twice. Inside the root, the file's device and inode; a
   * name outside it (refused when read) or of no file, its real path, so nothing is learnt of it here.
   */
  keyOf(file: string): string {
    return this.identityOf(realPathOf(resolve(this.baseDir, file)));
  }

  /** {@link keyOf} of a file by its real path. */
  private identityOf(real: string): string {
    if (this.root !== undefined && !this.root.holds(real)) return real;
    try {
      return fileIdentity(statSync(real));
    } catch {
      return real;
    }
  }

  /** Records that the workload uses the row of `hash` in `file` (before any file is parsed). */
  want(file: string, hash: unknown): void {
    const key = this.keyOf(file);
    if (!this.wanted.has(key)) this.wanted.set(key, new Set());
    if (typeof hash === 'string') this.wanted.get(key)?.add(hash);
  }

  /**
   * The parsed file, or undefined after recording why it could not be read or parsed under `path`
   * (the field that names the file).
   */
  get<T>(file: string, parse: TraceParser<T>, path: FieldPath, problems: Problems): T | undefined {
    const absolute = resolve(this.baseDir, file);
    // Decided before the file is looked at: the refusal is the same whether or not it exists.
    const real = realPathOf(absolute);
    if (this.root !== undefined && !this.root.holds(real)) {
      problems.at(path, outsideRoot(this.root.shown));
      return undefined;
    }
    const identity = this.identityOf(real);
    const key = `${parse.name}:${identity}`;
    if (!this.cache.has(key)) {
      const pieces = readInputPieces(real, 'trace', file);
      try {
        this.cache.set(key, parse(pieces, file, this.wanted.get(identity) ?? new Set()));
      } catch (err) {
        // Reading fails as the file streams (a FIFO at once, a file too large at its limit).
        this.cache.set(key, err instanceof UnreadableFile ? new ReadFailure(err.reason) : err);
      } finally {
        // A parser that stops early (a bad header) leaves the file open otherwise.
        pieces.return(undefined);
      }
    }
    const value = this.cache.get(key);
    if (value instanceof Error) {
      if (!isInputError(value)) throw value;
      // The file's own problems (`traces/api.csv:3: count must be …`), under the field that names it.
      for (const message of value.problems) problems.within(path, message);
      return undefined;
    }
    if (value instanceof ReadFailure) {
      problems.at(path, `cannot be read (${value.reason}), got ${describeValue(file)}`);
      return undefined;
    }
    return value as T;
  }
}

/** Why a trace file could not be read. */
class ReadFailure {
  constructor(public readonly reason: string) {}
}

/** Loads the trace of every function that has one and that the schema found sound. */
export function loadTraces(doc: unknown, sound: Sound, baseDir: string, problems: Problems, root: Root | undefined): Map<number, LoadedTrace> {
  const files = new TraceFiles(baseDir, root);
  const loaded = new Map<number, LoadedTrace>();
  const functions = (doc as Partial<WorkloadInput> | null)?.functions;
  if (!Array.isArray(functions)) return loaded;
  const zone = (doc as Partial<WorkloadInput>).defaults?.timezone;
  const timezone = typeof zone === 'string' ? zone : DEFAULTS.timezone;
  // What a trace needs from its function must be sound; other problems of the function don't stop it.
  const traced = functions.flatMap((fn: FunctionInput | null, i) => {
    const needs = ['traffic', 'timeoutSeconds', 'durationMs'].map((key) => ['functions', i, key]);
    return typeof fn === 'object' && fn !== null && fn.traffic?.trace && needs.every(sound) ? [{ fn, i }] : [];
  });
  for (const { fn } of traced) {
    const trace = fn.traffic.trace as NonNullable<FunctionInput['traffic']['trace']>;
    for (const file of traceFiles(trace.file)) files.want(file, trace.function);
    if (trace.durationsFile !== undefined) files.want(trace.durationsFile, trace.function);
  }
  for (const { fn, i } of traced) {
    const result = loadTrace(fn, ['functions', i, 'traffic', 'trace'], files, problems, timezone);
    if (result) loaded.set(i, result);
  }
  return loaded;
}

function loadTrace(fn: FunctionInput, path: FieldPath, files: TraceFiles, problems: Problems, timezone: string): LoadedTrace | undefined {
  const trace = fn.traffic.trace as NonNullable<FunctionInput['traffic']['trace']>;
  const start = trace.start === undefined ? undefined : parseInstant(trace.start);
  // A bad start is reported by the semantic checks; a bad time zone too (then UTC keeps this going).
  const zone = isValidTimeZone(timezone) ? timezone : DEFAULTS.timezone;
  const startMs = start && 'ms' in start ? start.ms : undefined;
  const joined = readTraceFiles(trace, path, files, problems, traceClock(startMs, zone));
  if (!joined) return undefined;
  const { perMinute } = joined;
  if (!perMinute.some((count) => count > 0)) {
    const known = perMinute.filter((count) => !Number.isNaN(count)).length;
    problems.at([...path, trace.format === 'per-minute' ? 'file' : 'function'], `must give at least one invocation, got 0 in ${known} minutes${known < perMinute.length ? ' with data' : ''}`);
    return undefined;
  }
  // With a start the trace ends at its last listed minute; the rest of that local day is unknown.
  const local = startMs !== undefined ? toLocalDays(perMinute.slice(0, joined.listedMinutes), startMs, zone) : undefined;
  const traffic = withNotes(local ? trafficFromPerMinute(local.perMinute, { startDate: local.startDate }) : trafficFromPerMinute(perMinute), joined.notes);
  // The workload's own durationMs wins (with durationsFile as well, an error already reported).
  if (fn.durationMs !== undefined) return { traffic };
  if (trace.format === 'per-minute') {
    const durations = columnDurations(joined, trace.file, fn, path, problems);
    return durations ? { traffic, durations } : undefined;
  }
  // Without durationMs or durationsFile, the schema has reported the missing durationMs.
  if (trace.durationsFile === undefined) return { traffic };
  const durations = loadDurations(trace.durationsFile, trace.function as string, fn, [...path, 'durationsFile'], files, problems);
  if (!durations) return undefined;
  // Like a per-minute trace's durationMs cells: no Lambda runs longer than its longest timeout.
  const maxMs = LIMITS.lambdaMaxTimeoutSeconds * 1000;
  if (durations.p99 === undefined || durations.p99 <= maxMs) return { traffic, durations };
  const cut = `${trace.durationsFile}: percentile_Average_99 ${durations.p99} ms is above Lambda's longest timeout (${LIMITS.lambdaMaxTimeoutSeconds} s): durations above it were cut to ${maxMs} ms`;
  return { traffic: withNotes(traffic, [cut]), durations: { avg: durations.avg, p99: maxMs } };
}

/** `traffic` with `notes` added to its own (unchanged when there are none). */
function withNotes(traffic: Traffic, notes: readonly string[]): Traffic {
  return notes.length === 0 ? traffic : { ...traffic, notes: [...(traffic.notes ?? []), ...notes] };
}

/**
 * The durations of a per-minute trace's `durationMs` column, pooled over all its files (see
 * {@link perMinuteDurations}), or undefined after recording why the function has none.
 */
function columnDurations(joined: JoinedTrace, file: string | readonly string[], fn: FunctionInput, path: FieldPath, problems: Problems): TraceDurations | undefined {
  const durations = joined.durationMs && perMinuteDurations(joined.perMinute, joined.durationMs);
  if (!durations) {
    const names = traceFiles(file);
    const [has, gives] = names.length > 1 ? ['have', 'give'] : ['has', 'gives'];
    const why = joined.durationMs ? `${names.join(', ')} ${gives} no duration on a minute with calls` : `${names.join(', ')} ${has} no durationMs column`;
    problems.at(path.slice(0, 2), `is missing required key 'durationMs' (${DURATION_REQUIRED}; ${why})`);
    return undefined;
  }
  return withinTimeout(durations, fn, [...path, 'file'], 'the count-weighted mean of the durationMs column', problems) ? durations : undefined;
}

/** True when the durations' mean fits in the function's timeout; else records why under `path`. */
function withinTimeout(durations: TraceDurations, fn: FunctionInput, path: FieldPath, what: string, problems: Problems): boolean {
  const limitMs = fn.timeoutSeconds * 1000;
  if (durations.avg <= limitMs) return true;
  problems.at(path, `${what} must be <= timeoutSeconds × 1000 (${limitMs}) for this function, got ${durations.avg}`);
  return false;
}

/** The files a trace names, in order (one, or several joined day after day). */
function traceFiles(file: string | readonly string[]): readonly string[] {
  return typeof file === 'string' ? [file] : file;
}

/**
 * A trace's invocations per minute: each file read (per-minute: its whole days; azure-2019: the
 * function's row) and joined in order, day after day, with the per-minute files' durations when any has
 * the column (a file without it: its minutes have none). With several Azure files, a file without the
 * function's row is days without data, as many as the file holds (the Azure dataset lists only the
 * functions invoked that day); in none of them, it is an error. The same file twice is an error; what
 * the join leaves unclear is in the notes ({@link joinNotes}, {@link dayOrderNote}). Undefined after
 * recording the problems.
 */
function readTraceFiles(trace: NonNullable<FunctionInput['traffic']['trace']>, path: FieldPath, files: TraceFiles, problems: Problems, clock: TraceClock): JoinedTrace | undefined {
  const names = traceFiles(trace.file);
  const fieldOf = (k: number): FieldPath => (typeof trace.file === 'string' ? [...path, 'file'] : [...path, 'file', k]);
  const repeats = repeatedFiles(names, (file) => files.keyOf(file));
  for (const { index, first } of repeats) problems.at(fieldOf(index), `must not name file[${first}] again (a day joined twice), got ${describeValue(names[index])}`);
  if (repeats.length > 0) return undefined;
  const parts: number[][] = [];
  const durationParts: number[][] = [];
  const joins: JoinedFile[] = [];
  let withDurations = false;
  let found = false;
  let listed = 0;
  let offset = 0;
  for (const [k, file] of names.entries()) {
    if (trace.format === 'per-minute') {
      const part = files.get(file, readPerMinuteTrace, fieldOf(k), problems);
      if (!part) return undefined;
      parts.push(part.perMinute);
      durationParts.push(part.durationMs ?? new Array<number>(part.perMinute.length).fill(NaN));
      joins.push({ file, offset, listedMinutes: part.listedMinutes, minutes: part.perMinute.length });
      offset += part.perMinute.length;
      withDurations ||= part.durationMs !== undefined;
      found = true;
      continue;
    }
    const table = files.get(file, parseAzureInvocations, fieldOf(k), problems);
    if (!table) return undefined;
    listed += table.functions.length;
    const row = selectRow(() => table.perMinute(trace.function as string), fieldOf(k), problems);
    if (row === undefined) return undefined;
    found ||= row !== null;
    // A file without the function's row: its days (one, or a multi-day file's) have no data.
    parts.push(row ?? new Array<number>(table.days * MINUTES_PER_DAY).fill(NaN));
    offset += table.days * MINUTES_PER_DAY;
  }
  if (!found) {
    const where = names.length === 1 ? names[0] : `any of ${names.join(', ')}`;
    problems.at([...path, 'function'], `must be a HashFunction in ${where} (${names.length === 1 ? 'it lists' : 'they list'} ${listed}), got ${describeValue(trace.function)}`);
    return undefined;
  }
  const perMinute = parts.flat();
  if (perMinute.length > MAX_TRACE_DAYS * MINUTES_PER_DAY) {
    problems.at([...path, 'file'], `must give at most ${MAX_TRACE_DAYS} days in all, got ${perMinute.length / MINUTES_PER_DAY}`);
    return undefined;
  }
  const last = joins[joins.length - 1];
  const listedMinutes = last ? last.offset + last.listedMinutes : perMinute.length;
  const order = names.length > 1 ? dayOrderNote(names) : undefined;
  const notes = [...joinNotes(joins, clock, clock(0).weekday !== undefined), ...(order ? [order] : [])];
  return withDurations ? { perMinute, durationMs: durationParts.flat(), listedMinutes, notes } : { perMinute, listedMinutes, notes };
}

/** Runs a row selection: its value, null when the row is absent, undefined after recording the row's problems. */
function selectRow<T>(select: () => T | undefined, path: FieldPath, problems: Problems): T | null | undefined {
  try {
    return select() ?? null;
  } catch (err) {
    if (!isInputError(err)) throw err;
    for (const message of err.problems) problems.within(path, message);
    return undefined;
  }
}

function loadDurations(file: string, hash: string, fn: FunctionInput, path: FieldPath, files: TraceFiles, problems: Problems): TraceDurations | undefined {
  const table = files.get(file, parseAzureDurations, path, problems);
  const durations = table && selectRow(() => table.durations(hash), path, problems);
  if (!table || durations === undefined) return undefined;
  if (durations === null) {
    problems.at(path, `must have a row for HashFunction ${describeValue(hash)} (it lists ${table.functions.length} functions), got ${describeValue(file)}`);
    return undefined;
  }
  return withinTimeout(durations, fn, path, 'Average', problems) ? durations : undefined;
}
