/**
 * Checks the JSON Schema cannot express: references between fields, time zones, orderings, SQS rules
 * that depend on the queue type. They run on data that may still have schema errors, so each one looks
 * only at values of the right type.
 */
import { defaultUnreservedFloor, LIMITS, RDS_INSTANCE_MEMORY_GIB } from '../model';
import { parseInstant } from './calendar';
import { describeValue, formatPath, type FieldPath, type Problems } from './problems';

type Obj = Readonly<Record<string, unknown>>;

const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const objAt = (o: Obj, key: string): Obj | undefined => (isObj(o[key]) ? (o[key] as Obj) : undefined);

/** Time zones already looked up (building an Intl.DateTimeFormat is slow). */
const timeZoneValidity = new Map<string, boolean>();

/** True when `timezone` is an IANA time zone this runtime knows. */
export function isValidTimeZone(timezone: string): boolean {
  let valid = timeZoneValidity.get(timezone);
  if (valid === undefined) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: timezone });
      valid = true;
    } catch {
      valid = false;
    }
    timeZoneValidity.set(timezone, valid);
  }
  return valid;
}

/** RDS instance families whose memory the model knows, for messages. */
function knownFamilies(): string {
  return [...new Set(Object.keys(RDS_INSTANCE_MEMORY_GIB).map((c) => c.split('.')[1]))].join(', ');
}

/** True when the schema found nothing wrong at or under `path` (checks compare only sound values). */
export type Sound = (path: FieldPath) => boolean;
/** A check of the whole document. */
type WorkloadCheck = (doc: Obj, problems: Problems, sound: Sound) => void;
/** A check of one function; `path` is `['functions', i]`. */
type FunctionCheck = (fn: Obj, path: FieldPath, problems: Problems, sound: Sound, doc: Obj) => void;

const WORKLOAD_CHECKS: readonly WorkloadCheck[] = [
  function timezoneIsIana(doc, problems, sound) {
    const timezone = objAt(doc, 'defaults')?.timezone;
    if (typeof timezone === 'string' && sound(['defaults', 'timezone']) && !isValidTimeZone(timezone)) {
      problems.at(['defaults', 'timezone'], `must be an IANA time zone such as UTC or Europe/Paris, got ${describeValue(timezone)}`);
    }
  },
  function unreservedFloorWithinLimit(doc, problems, sound) {
    if (!sound(['account'])) return;
    const account = objAt(doc, 'account');
    const floor = account?.unreservedFloor;
    const limit = isNum(account?.concurrencyLimit) ? (account?.concurrencyLimit as number) : undefined;
    if (!isNum(floor) || limit === undefined) return;
    const minimum = defaultUnreservedFloor(limit);
    if (floor < minimum) {
      problems.at(['account', 'unreservedFloor'], `must be >= ${minimum} (AWS keeps min(${LIMITS.minUnreserved}, concurrencyLimit) unreserved), got ${floor}`);
    } else if (floor > limit) {
      problems.at(['account', 'unreservedFloor'], `must be <= account.concurrencyLimit (${limit}), got ${floor}`);
    }
  },
  function instanceClassesKnown(doc, problems, sound) {
    for (const [name, db] of Object.entries(objAt(doc, 'databases') ?? {})) {
      const instanceClass = isObj(db) ? db.instanceClass : undefined;
      if (typeof instanceClass === 'string' && sound(['databases', name, 'instanceClass']) && RDS_INSTANCE_MEMORY_GIB[instanceClass] === undefined) {
        problems.at(
          ['databases', name, 'instanceClass'],
          `must be an RDS instance class whose memory is known (families ${knownFamilies()}), or give maxConnections instead, got ${describeValue(instanceClass)}`,
        );
      }
    }
  },
  function functionNamesUnique(doc, problems, sound) {
    const first = new Map<string, number>();
    const functions = Array.isArray(doc.functions) ? (doc.functions as unknown[]) : [];
    functions.forEach((fn, i) => {
      const name = isObj(fn) ? fn.name : undefined;
      if (typeof name !== 'string' || !sound(['functions', i, 'name'])) return;
      const earlier = first.get(name);
      if (earlier === undefined) first.set(name, i);
      else problems.at(['functions', i, 'name'], `must be unique, got ${describeValue(name)} (also functions[${earlier}].name)`);
    });
  },
];

const FUNCTION_CHECKS: readonly FunctionCheck[] = [
  function databaseIsDefined(fn, path, problems, sound, doc) {
    const name = objAt(fn, 'database')?.name;
    const databases = objAt(doc, 'databases') ?? {};
    if (typeof name !== 'string' || !sound([...path, 'database', 'name']) || Object.prototype.hasOwnProperty.call(databases, name)) return;
    const defined = Object.keys(databases);
    problems.at([...path, 'database', 'name'], `must name a database under databases (${defined.length ? `defined: ${defined.join(', ')}` : 'none defined'}), got ${describeValue(name)}`);
  },
  function sqsOnlyForSqsInvocation(fn, path, problems) {
    if (fn.sqs !== undefined && typeof fn.invocation === 'string' && fn.invocation !== 'sqs') {
      problems.at([...path, 'sqs'], `is only for invocation sqs, got invocation ${describeValue(fn.invocation)}`);
    }
  },
  function sqsBatching(fn, path, problems, sound) {
    const sqs = objAt(fn, 'sqs');
    const sqsPath = [...path, 'sqs'];
    if (!sqs || !sound(sqsPath)) return;
    const { batchSize, maxBatchingWindowSeconds: window, messageGroups } = sqs;
    if (sqs.fifo === true) {
      if (isNum(batchSize) && batchSize > LIMITS.sqsMaxBatchFifo) {
        problems.at([...sqsPath, 'batchSize'], `must be <= ${LIMITS.sqsMaxBatchFifo} on a FIFO queue, got ${batchSize}`);
      }
      if (isNum(window) && window !== 0) {
        problems.at([...sqsPath, 'maxBatchingWindowSeconds'], `must be 0 on a FIFO queue (FIFO mappings have no batching window), got ${window}`);
      }
      return;
    }
    if (messageGroups !== undefined) {
      problems.at([...sqsPath, 'messageGroups'], `is only for FIFO queues (fifo: true), got ${describeValue(messageGroups)}`);
    }
    if (isNum(batchSize) && batchSize > LIMITS.sqsBatchNeedingWindow && (window === undefined || (isNum(window) && window < 1))) {
      problems.at(
        [...sqsPath, 'maxBatchingWindowSeconds'],
        `must be >= 1 when batchSize > ${LIMITS.sqsBatchNeedingWindow} on a standard queue (batchSize is ${batchSize}), got ${describeValue(window)}`,
      );
    }
  },
  function averageWithinTimeout(fn, path, problems, sound) {
    const avg = objAt(fn, 'durationMs')?.avg;
    if (!sound([...path, 'durationMs']) || !sound([...path, 'timeoutSeconds'])) return;
    if (isNum(avg) && isNum(fn.timeoutSeconds) && avg > fn.timeoutSeconds * 1000) {
      problems.at([...path, 'durationMs', 'avg'], `must be <= timeoutSeconds × 1000 (${fn.timeoutSeconds * 1000}), got ${avg}`);
    }
  },
  function traceKeysMatchFormat(fn, path, problems) {
    const trace = objAt(objAt(fn, 'traffic') ?? {}, 'trace');
    if (!trace) return;
    const tracePath = [...path, 'traffic', 'trace'];
    if (trace.format === 'per-minute') {
      for (const key of ['function', 'durationsFile']) {
        if (trace[key] !== undefined) problems.at([...tracePath, key], `is only for format azure-2019, got ${describeValue(trace[key])}`);
      }
    }
    if (typeof trace.start === 'string') {
      const start = parseInstant(trace.start);
      if ('problem' in start) problems.at([...tracePath, 'start'], `${start.problem}, got ${describeValue(trace.start)}`);
    }
    if (trace.durationsFile !== undefined && fn.durationMs !== undefined) {
      problems.at([...tracePath, 'durationsFile'], `cannot be combined with ${formatPath([...path, 'durationMs'])} (both give durations; keep one), got ${describeValue(trace.durationsFile)}`);
    }
  },
  function stepsStartAtZeroAndIncrease(fn, path, problems, sound) {
    const steps = objAt(fn, 'traffic')?.steps;
    const stepsPath = [...path, 'traffic', 'steps'];
    if (!Array.isArray(steps) || !sound(stepsPath)) return;
    let previous: number | undefined;
    steps.forEach((step, i) => {
      const at = isObj(step) ? step.atSeconds : undefined;
      if (!isNum(at)) return;
      if (i === 0 && at !== 0) problems.at([...stepsPath, 0, 'atSeconds'], `must be 0 (the first step starts the day), got ${at}`);
      if (previous !== undefined && at <= previous) {
        problems.at([...stepsPath, i, 'atSeconds'], `must be > ${previous} (steps[${i - 1}].atSeconds; steps are in time order), got ${at}`);
      }
      previous = at;
    });
  },
];

/** Runs every semantic check on the values the schema found sound, recording problems. */
export function semanticProblems(doc: unknown, problems: Problems, sound: Sound): void {
  if (!isObj(doc)) return;
  for (const check of WORKLOAD_CHECKS) check(doc, problems, sound);
  const functions = Array.isArray(doc.functions) ? (doc.functions as unknown[]) : [];
  functions.forEach((fn, i) => {
    if (isObj(fn)) for (const check of FUNCTION_CHECKS) check(fn, ['functions', i], problems, sound, doc);
  });
}

/** The JSON pointer of a field path (`/functions/0/name`), as ajv reports them. */
export function pointerOf(path: FieldPath): string {
  return path.map((s) => `/${String(s).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

/**
 * Finds numbers that are not finite (YAML `.inf`, `.nan`, JSON `1e400`): the schema's `number` accepts
 * them, the model cannot use them.
 * @returns the JSON pointers of the values found (to drop ajv's messages about the same values)
 */
export function nonFiniteNumbers(doc: unknown, problems: Problems): Set<string> {
  const found = new Set<string>();
  const stack: Array<{ value: unknown; path: FieldPath; pointer: string }> = [{ value: doc, path: [], pointer: '' }];
  while (stack.length > 0) {
    const { value, path, pointer } = stack.pop() as (typeof stack)[number];
    if (typeof value === 'number' && !Number.isFinite(value)) {
      problems.at(path, `must be a finite number, got ${value}`);
      found.add(pointer);
    } else if (value !== null && typeof value === 'object' && !(value instanceof Date) && !(value instanceof Uint8Array)) {
      // Pushed in reverse so problems come out in document order.
      for (const [key, child] of Object.entries(value).reverse()) {
        const segment = Array.isArray(value) ? Number(key) : key;
        stack.push({ value: child, path: [...path, segment], pointer: pointerOf([...path, segment]) });
      }
    }
  }
  return found;
}
