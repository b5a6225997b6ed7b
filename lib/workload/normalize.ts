/**
 * A workload given as data (a construct's inline workload, an object built in code) instead of a file:
 * the same validation and normalization as `parseWorkload`, without a round trip through JSON text.
 */
import { setOwn } from '../records';
import { isAbsolute } from 'path';
import { MAX_NESTING } from './document';
import { describeValue, Problems, type FieldPath } from './problems';
import type { Workload } from './types';
import { validateWorkload } from './workload';

/** Options of {@link normalizeWorkload}. */
export interface NormalizeWorkloadOptions {
  /** What the workload is called in messages (a file name, a construct path); every message starts with it. */
  readonly source: string;
  /**
   * Folder that relative trace files are resolved against.
   * @default - trace files must be absolute paths
   */
  readonly baseDir?: string;
}

/**
 * Validates a workload given as data (the shape of a workload file) and returns the normalized workload.
 * Keys whose value is `undefined` count as absent, as in JSON.
 * @throws InputError listing every problem: `Stack/Api (workload): functions[0].memoryMb must be >= 128, got 64`
 */
export function normalizeWorkload(input: unknown, options: NormalizeWorkloadOptions): Workload {
  const problems = new Problems(options.source);
  const doc = plainData(input, [], problems, new Set());
  if (options.baseDir === undefined) requireAbsoluteTraces(doc, problems);
  problems.throwIfAny();
  // With no folder, every trace path is absolute by now and the folder is never used.
  return validateWorkload(doc, options.source, options.baseDir ?? '/');
}

/** A copy of `value` made of JSON values only: undefined object entries dropped, anything else that is not data a problem. */
function plainData(value: unknown, path: FieldPath, problems: Problems, open: Set<object>): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value !== 'object') {
    problems.at(path, `must be plain data (objects, arrays, strings, numbers, booleans), got a ${typeof value}`);
    return null;
  }
  if (open.has(value)) {
    problems.at(path, 'must not contain itself (the data is circular)');
    return null;
  }
  if (path.length > MAX_NESTING) {
    problems.at(path, `is nested deeper than ${MAX_NESTING} levels; a workload nests a few levels`);
    return null;
  }
  open.add(value);
  try {
    if (Array.isArray(value)) return value.map((item, i) => (item === undefined ? null : plainData(item, [...path, i], problems, open)));
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      if (item !== undefined) setOwn(copy, key, plainData(item, [...path, key], problems, open));
    }
    return copy;
  } finally {
    open.delete(value);
  }
}

/** Without a folder to resolve against, each trace file must be an absolute path. */
function requireAbsoluteTraces(doc: unknown, problems: Problems): void {
  const functions = (doc as { functions?: unknown } | null)?.functions;
  if (!Array.isArray(functions)) return;
  functions.forEach((fn, i) => {
    const trace = (fn as { traffic?: { trace?: Record<string, unknown> } } | null)?.traffic?.trace;
    for (const key of ['file', 'durationsFile']) {
      const file = trace?.[key];
      if (typeof file === 'string' && !isAbsolute(file)) {
        problems.at(['functions', i, 'traffic', 'trace', key], `must be an absolute path: an inline workload has no folder to resolve it against (give baseDir), got ${describeValue(file)}`);
      }
    }
  });
}
