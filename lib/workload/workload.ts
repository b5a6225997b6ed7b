/**
 * Workload v1: text → schema validation (ajv) → semantic checks → traces → the normalized
 * {@link Workload}. Every problem is collected and thrown together as one InputError.
 */
import { dirname, relative, resolve } from 'path';
import { DEFAULTS, defaultUnreservedFloor } from '../model/defaults';
import { setOwn } from '../records';
import { MAX_OFFERED_LOAD } from '../model/erlang';
import { offeredLoad } from '../model/load';
import { readInputText, Root } from '../files';
import { nonFiniteNumbers, pointerOf, semanticProblems } from './checks';
import { parseDocumentText } from './document';
import type { FunctionInput, WorkloadInput } from './input';
import { expectKnownKeys, expectMapping, Problems, type FieldPath } from './problems';
import type { TraceDurations } from './traces';
import { loadTraces, type LoadedTrace } from './trace-loading';
import { trafficFromHourly, trafficFromPeak, trafficFromSteps } from './traffic';
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

/** Applies defaults (DEFAULTS of the model) and builds each function's traffic. */
function normalize(doc: WorkloadInput, traces: ReadonlyMap<number, LoadedTrace>): Workload {
  const d = doc.defaults ?? {};
  const defaults = {
    throttleTarget: d.throttleTarget ?? DEFAULTS.throttleTarget,
    spilloverTarget: d.spilloverTarget ?? DEFAULTS.spilloverTarget,
    ...(d.growthHeadroom !== undefined ? { growthHeadroom: d.growthHeadroom } : {}),
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
    const durationMs = fn.durationMs ?? (loaded?.durations as TraceDurations);
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
      ...((fn.growthHeadroom ?? defaults.growthHeadroom) !== undefined ? { growthHeadroom: fn.growthHeadroom ?? defaults.growthHeadroom } : {}),
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
