/**
 * Workload v1: text → schema validation (ajv) → semantic checks → traces → the normalized
 * {@link Workload}. Every problem is collected and thrown together as one InputError.
 */
import { dirname, relative, resolve } from 'path';
import { DEFAULTS, defaultUnreservedFloor } from '../model/defaults';
import { setOwn } from '../records';
import { MAX_OFFERED_LOAD } from '../model/erlang';
import { offeredLoad } from '../model/load';
import { isInputError } from '../errors';
import { outsideRoot, readInputPieces, readInputText, realPathOf, Root, UnreadableFile } from '../files';
import { parseInstant, toLocalDays } from './calendar';
import type { TextSource } from './csv';
import { isValidTimeZone, nonFiniteNumbers, pointerOf, semanticProblems, type Sound } from './checks';
import { parseDocumentText } from './document';
import type { FunctionInput, WorkloadInput } from './input';
import { describeValue, expectKnownKeys, expectMapping, Problems, type FieldPath } from './problems';
import {
  parseAzureDurations,
  parseAzureInvocations,
  parsePerMinuteTrace,
  type AzureDurations,
} from './traces';
import { trafficFromHourly, trafficFromPeak, trafficFromPerMinute, trafficFromSteps } from './traffic';
import type { DatabaseSpec, FunctionSpec, Traffic, Workload } from './types';
import { WORKLOAD_SCHEMA } from './schemas';
import { schemaProblems } from './validate';

/** Options of {@link parseWorkload}. */
export interface ParseWorkloadOptions {
  /**
   * Folder that relative trace paths are resolved against.
   * @default - the folder of `file`, relative to the current directory
   */
  readonly baseDir?: string;
  /**
   * The folder every trace file must be inside, symbolic links resolved.
   * @default - the folder trace paths are resolved against (`baseDir`)
   */
  readonly root?: string;
}

/** Options of {@link loadWorkload}. */
export interface LoadWorkloadOptions {
  /**
   * Directory a relative `path` is resolved against (the CLI passes its working directory).
   * @default process.cwd()
   */
  readonly cwd?: string;
  /**
   * The folder every trace file must be inside, symbolic links resolved; relative to `cwd`.
   * @default - the workload file's folder
   */
  readonly root?: string;
}

/**
 * Parses and validates a workload file's text (YAML or JSON) and returns the normalized workload.
 * @param file the file name as the user gave it; every message starts with it
 * @throws InputError listing every problem: `workload.yaml: functions[2].traffic.peakRps must be > 0, got -3`
 */
export function parseWorkload(text: string, file: string, options: ParseWorkloadOptions = {}): Workload {
  const baseDir = options.baseDir ?? dirname(resolve(file));
  return validateWorkload(parseDocumentText(text, file), file, baseDir, new Root(options.root ?? baseDir));
}

/**
 * Validates parsed workload data (schema, semantic checks, traces read from `baseDir`) and normalizes it;
 * `file` names it in every message.
 * @param root the folder trace files must be inside; none for data given in code (which can read any file anyway)
 * @throws InputError listing every problem
 */
export function validateWorkload(doc: unknown, file: string, baseDir: string, root?: Root): Workload {
  expectMapping(doc, file, 'workload');
  expectKnownKeys(doc, file, 'workload', Object.keys(WORKLOAD_SCHEMA.properties as object));
  const problems = new Problems(file);
  const nonFinite = nonFiniteNumbers(doc, problems);
  const flagged = [...nonFinite];
  for (const p of schemaProblems(doc)) {
    if (!nonFinite.has(p.pointer)) problems.at(p.path, p.text);
    // Where the problem is: for an unknown key, the key (not the object that holds it).
    flagged.push(pointerOf(p.path));
  }
  const sound = (path: FieldPath) => {
    const pointer = pointerOf(path);
    return !flagged.some((p) => p === pointer || p.startsWith(`${pointer}/`));
  };
  semanticProblems(doc, problems, sound);
  // Traces are read for every function the schema found sound, so their problems come in the same report.
  const traces = loadTraces(doc, sound, baseDir, problems, root);
  problems.throwIfAny();
  const workload = normalize(doc as WorkloadInput, traces);
  checkLoadWithinModel(workload, problems);
  problems.throwIfAny();
  return workload;
}

/**
 * Every function's peak offered load must be one the model computes (MAX_OFFERED_LOAD): each bound of
 * the schema holds alone, but 1e9 rps of 15-minute invocations would still be a search without end.
 */
function checkLoadWithinModel(workload: Workload, problems: Problems): void {
  workload.functions.forEach((fn, i) => {
    const beyond = loadBeyondModel(fn);
    if (beyond) problems.at(['functions', i, 'traffic'], beyond);
  });
}

/**
 * Why `fn`'s traffic is beyond what the model computes (`gives a peak offered load of …`), or undefined:
 * the workload check and any traffic put in its place (a simulation scenario) use the same bound.
 */
export function loadBeyondModel(fn: Pick<FunctionSpec, 'traffic' | 'durationMs'>): string | undefined {
  const load = offeredLoad(fn.traffic.peakRps, fn.durationMs.avg);
  if (!(load > MAX_OFFERED_LOAD)) return undefined;
  return `gives a peak offered load of ${+load.toPrecision(3)} concurrent executions (${+fn.traffic.peakRps.toPrecision(3)} rps × ${fn.durationMs.avg} ms); the model computes loads up to ${MAX_OFFERED_LOAD} (ten times the largest account concurrency limit)`;
}

/**
 * Reads a workload file and returns the normalized workload; trace files are resolved relative to the
 * workload file's folder.
 * @param path the file as the user gave it (messages use it as is)
 * @throws InputError when the file cannot be read or is not a valid workload
 */
export function loadWorkload(path: string, options: LoadWorkloadOptions = {}): Workload {
  const cwd = options.cwd ?? process.cwd();
  const absolute = resolve(cwd, path);
  const root = options.root === undefined ? dirname(absolute) : resolve(cwd, options.root);
  const doc = parseDocumentText(readInputText(absolute, 'workload', path), path);
  return validateWorkload(doc, path, dirname(absolute), new Root(root, options.root ?? (relative(cwd, root) || '.')));
}

/** Parses a trace file as it streams; `wanted` names the rows a parser must keep (Azure files). */
type TraceParser<T> = (source: TextSource, file: string, wanted?: ReadonlySet<string>) => T;

/** What a trace gives a function: its traffic and, from a durations file, its durations. */
interface LoadedTrace {
  readonly traffic: Traffic;
  readonly durations?: AzureDurations;
}

/** Reads and parses trace files once each, however many functions use them. */
class TraceFiles {
  private readonly cache = new Map<string, unknown>();
  /** The `HashFunction`s the workload names, by file: the only rows of an Azure file that are kept. */
  private readonly wanted = new Map<string, Set<string>>();

  constructor(
    private readonly baseDir: string,
    private readonly root: Root | undefined,
  ) {}

  /** Records that the workload uses the row of `hash` in `file` (before any file is parsed). */
  want(file: string, hash: unknown): void {
    const key = resolve(this.baseDir, file);
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
    const key = `${parse.name}:${absolute}`;
    if (!this.cache.has(key)) {
      const pieces = readInputPieces(real, 'trace', file);
      try {
        this.cache.set(key, parse(pieces, file, this.wanted.get(absolute) ?? new Set()));
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
function loadTraces(doc: unknown, sound: Sound, baseDir: string, problems: Problems, root: Root | undefined): Map<number, LoadedTrace> {
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
    files.want(trace.file, trace.function);
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
  const filePath = [...path, 'file'];
  let perMinute: number[] | null | undefined;
  if (trace.format === 'per-minute') {
    perMinute = files.get(trace.file, parsePerMinuteTrace, filePath, problems);
  } else {
    const table = files.get(trace.file, parseAzureInvocations, filePath, problems);
    const hash = trace.function as string;
    perMinute = table && selectRow(() => table.perMinute(hash), filePath, problems);
    if (table && perMinute === null) {
      problems.at([...path, 'function'], `must be a HashFunction in ${trace.file} (it lists ${table.functions.length}), got ${describeValue(hash)}`);
    }
  }
  if (!perMinute) return undefined;
  if (!perMinute.some((count) => count > 0)) {
    const known = perMinute.filter((count) => !Number.isNaN(count)).length;
    problems.at([...path, trace.format === 'per-minute' ? 'file' : 'function'], `must give at least one invocation, got 0 in ${known} minutes${known < perMinute.length ? ' with data' : ''}`);
    return undefined;
  }
  const start = trace.start === undefined ? undefined : parseInstant(trace.start);
  // A bad start is reported by the semantic checks; a bad time zone too (then UTC keeps this going).
  const local = start && 'ms' in start ? toLocalDays(perMinute, start.ms, isValidTimeZone(timezone) ? timezone : DEFAULTS.timezone) : undefined;
  const traffic = local ? trafficFromPerMinute(local.perMinute, { startDate: local.startDate }) : trafficFromPerMinute(perMinute);
  // With durationMs as well, durationsFile is an error already reported; with per-minute too.
  if (trace.durationsFile === undefined || fn.durationMs !== undefined || trace.format !== 'azure-2019') return { traffic };
  const durations = loadDurations(trace.durationsFile, trace.function as string, fn, [...path, 'durationsFile'], files, problems);
  return durations ? { traffic, durations } : undefined;
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

function loadDurations(file: string, hash: string, fn: FunctionInput, path: FieldPath, files: TraceFiles, problems: Problems): AzureDurations | undefined {
  const table = files.get(file, parseAzureDurations, path, problems);
  const durations = table && selectRow(() => table.durations(hash), path, problems);
  if (!table || durations === undefined) return undefined;
  if (durations === null) {
    problems.at(path, `must have a row for HashFunction ${describeValue(hash)} (it lists ${table.functions.length} functions), got ${describeValue(file)}`);
    return undefined;
  }
  const limitMs = fn.timeoutSeconds * 1000;
  if (durations.avg > limitMs) {
    problems.at(path, `Average must be <= timeoutSeconds × 1000 (${limitMs}) for this function, got ${durations.avg}`);
    return undefined;
  }
  return durations;
}

/** Applies defaults (DEFAULTS of the model) and builds each function's traffic. */
function normalize(doc: WorkloadInput, traces: ReadonlyMap<number, LoadedTrace>): Workload {
  const d = doc.defaults ?? {};
  const defaults = {
    throttleTarget: d.throttleTarget ?? DEFAULTS.throttleTarget,
    spilloverTarget: d.spilloverTarget ?? DEFAULTS.spilloverTarget,
    timezone: d.timezone ?? DEFAULTS.timezone,
    architecture: d.architecture ?? DEFAULTS.architecture,
    keepAliveMinutes: d.keepAliveMinutes ?? DEFAULTS.keepAliveMinutes,
  };
  const concurrencyLimit = doc.account.concurrencyLimit ?? DEFAULTS.concurrencyLimit;
  const databases: Record<string, DatabaseSpec> = {};
  for (const [name, db] of Object.entries(doc.databases ?? {})) {
    setOwn(databases, name, {
      engine: db.engine,
      ...(db.maxConnections !== undefined ? { maxConnections: db.maxConnections } : { instanceClass: db.instanceClass }),
      maxConnectionsPercent: db.maxConnectionsPercent ?? DEFAULTS.maxConnectionsPercent,
      headroom: db.headroom ?? DEFAULTS.headroom,
      otherClients: db.otherClients ?? DEFAULTS.otherClients,
    });
  }
  const functions = doc.functions.map((fn, i): FunctionSpec => {
    const loaded = traces.get(i);
    const durationMs = fn.durationMs ?? (loaded?.durations as AzureDurations);
    return {
      name: fn.name,
      invocation: fn.invocation,
      memoryMb: fn.memoryMb,
      timeoutSeconds: fn.timeoutSeconds,
      durationMs: durationMs.p99 === undefined ? { avg: durationMs.avg } : { avg: durationMs.avg, p99: durationMs.p99 },
      initDurationMs: fn.initDurationMs ?? DEFAULTS.initDurationMs,
      traffic: loaded?.traffic ?? trafficOf(fn),
      latencySensitive: fn.latencySensitive ?? false,
      architecture: fn.architecture ?? defaults.architecture,
      throttleTarget: fn.throttleTarget ?? defaults.throttleTarget,
      spilloverTarget: fn.spilloverTarget ?? defaults.spilloverTarget,
      ...(fn.database
        ? { database: { name: fn.database.name, connectionsPerEnvironment: fn.database.connectionsPerEnvironment ?? DEFAULTS.connectionsPerEnvironment } }
        : {}),
      ...(fn.invocation === 'sqs' ? { sqs: sqsOf(fn) } : {}),
    };
  });
  return {
    version: 1,
    account: {
      region: doc.account.region,
      concurrencyLimit,
      unreservedFloor: doc.account.unreservedFloor ?? defaultUnreservedFloor(concurrencyLimit),
      scalingModel: doc.account.scalingModel ?? DEFAULTS.scalingModel,
    },
    defaults,
    databases,
    functions,
  };
}

/** Traffic of the forms that need no file (the schema guarantees exactly one form is present). */
function trafficOf(fn: FunctionInput): Traffic {
  const { peakRps, hourlyRps, steps } = fn.traffic;
  if (hourlyRps) return trafficFromHourly(hourlyRps);
  if (steps) return trafficFromSteps(steps);
  return trafficFromPeak(peakRps as number);
}

function sqsOf(fn: FunctionInput): NonNullable<FunctionSpec['sqs']> {
  const s = fn.sqs ?? {};
  return {
    fifo: s.fifo ?? false,
    maxQueueAgeSeconds: s.maxQueueAgeSeconds ?? DEFAULTS.sqs.maxQueueAgeSeconds,
    ...(s.batchSize !== undefined ? { batchSize: s.batchSize } : {}),
    ...(s.maxBatchingWindowSeconds !== undefined ? { maxBatchingWindowSeconds: s.maxBatchingWindowSeconds } : {}),
    ...(s.messageGroups !== undefined ? { messageGroups: s.messageGroups } : {}),
  };
}
