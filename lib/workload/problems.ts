/**
 * Problem messages for bad workload input: `workload.yaml: functions[2].traffic.peakRps must be > 0, got -3`.
 * Field paths use JavaScript notation; values are shown as the user wrote them.
 */
import { InputError } from '../errors';
import { looksLikeSecret, looksLikeSecretValue } from '../secrets';

/** One step of a field path: an object key or an array index. */
export type PathSegment = string | number;
/** A field path from the document root. */
export type FieldPath = readonly PathSegment[];

/** At most this many problems are listed; the rest are counted, so a huge bad file gives a readable message. */
export const MAX_LISTED_PROBLEMS = 100;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const MAX_SHOWN_STRING = 200;
const MAX_SHOWN_KEYS = 5;

/**
 * Formats a path in JavaScript notation: `functions[2].traffic.peakRps`, `databases["orders-db"]`. A key
 * shaped like a credential (a file given by mistake) is shown as `[…]`.
 */
export function formatPath(path: FieldPath): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (looksLikeSecretValue(segment)) text += '[…]';
    else if (IDENTIFIER.test(segment)) text += text === '' ? segment : `.${segment}`;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text;
}

/** The subject of a message about `path`: the path, or `the document` for the root. */
export function subject(path: FieldPath): string {
  return path.length === 0 ? 'the document' : formatPath(path);
}

/**
 * Shows a value the user gave, short and unambiguous: `-3`, `"abc"`, `an object with keys a, b`. A string
 * that looks like a secret is described, not shown: the file may be a credentials file given by mistake.
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') {
    if (looksLikeSecret(value)) return 'a value that looks like a secret (not shown)';
    return value.length <= MAX_SHOWN_STRING ? JSON.stringify(value) : `${JSON.stringify(value.slice(0, MAX_SHOWN_STRING))}…`;
  }
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : `a list of ${value.length} value${value.length === 1 ? '' : 's'}`;
  if (value instanceof Date) return 'a date';
  if (value instanceof Uint8Array) return 'binary data';
  if (typeof value === 'object') {
    const keys = Object.keys(value);
    if (keys.length === 0) return 'an empty object';
    const shown = keys.slice(0, MAX_SHOWN_KEYS).map((k) => describeKey(k)).join(', ');
    return `an object with key${keys.length === 1 ? '' : 's'} ${shown}${keys.length > MAX_SHOWN_KEYS ? ', …' : ''}`;
  }
  return typeof value;
}

/** What a value is, without any of its content: `a text`, `a list of 3 values`, `a number`. */
export function describeShape(value: unknown): string {
  if (typeof value === 'string') return `a text of ${value.length} characters`;
  if (typeof value === 'number' || typeof value === 'boolean') return `a ${typeof value}`;
  if (Array.isArray(value) || value === null || value === undefined) return describeValue(value);
  return typeof value === 'object' ? 'a mapping' : typeof value;
}

/**
 * Throws `file: is not a <noun>: none of its 2 keys is a <noun> key (a, b)` when `doc` has keys and none of
 * them is one of `known`: a file of another kind (an AWS credentials JSON, a package.json) is named so,
 * instead of listing its keys as unknown. Its keys are counted, not shown.
 */
export function expectKnownKeys(doc: object, file: string, noun: string, known: readonly string[]): void {
  const keys = Object.keys(doc);
  if (keys.length === 0 || keys.some((k) => known.includes(k))) return;
  throw new InputError(`${file}: is not a ${noun}: none of its ${keys.length} key${keys.length === 1 ? '' : 's'} is a ${noun} key (${known.join(', ')})`);
}

/**
 * Throws `file: is not a <noun>: the document is a text of 120 characters, not a mapping` when `doc` is
 * not a mapping. Says what the document is without quoting it: a file given as the wrong kind (a
 * credentials file, a system file) is named as such and its content never printed.
 */
export function expectMapping(doc: unknown, file: string, noun: string): asserts doc is object {
  if (typeof doc === 'object' && doc !== null && !Array.isArray(doc)) return;
  throw new InputError(`${file}: is not a ${noun}: the document is ${describeShape(doc)}, not a mapping`);
}

function describeKey(key: string): string {
  if (looksLikeSecretValue(key)) return '[…]';
  return IDENTIFIER.test(key) ? key : describeValue(key);
}

/**
 * Problems kept in memory; more are only counted. A huge bad file (a trace of a million bad rows) would
 * otherwise hold a message per row. Ten times what is listed, so the listed ones are still the first in
 * document order unless a file has thousands of problems.
 */
const MAX_KEPT_PROBLEMS = 10 * MAX_LISTED_PROBLEMS;

/** Collects problems about one file and throws them together as one {@link InputError}. */
export class Problems {
  private readonly list: Array<{ readonly order: readonly number[]; readonly message: string }> = [];
  private readonly kept = new Set<string>();
  /** Problems beyond {@link MAX_KEPT_PROBLEMS}, counted only. */
  private dropped = 0;
  /** True when a reader stopped early because enough problems were found. */
  private stopped = false;

  /** @param file the file name as the user gave it; every message starts with it. */
  constructor(public readonly file: string) {}

  /** Records `<file>: <path> <text>`, e.g. `functions[0].memoryMb must be <= 10240, got 20000`. */
  at(path: FieldPath, text: string): void {
    this.push(documentOrder(path), `${this.file}: ${subject(path)} ${text}`);
  }

  /** Records `<file>: <path>: <message>` for a problem found in another file the field names. */
  within(path: FieldPath, message: string): void {
    this.push(documentOrder(path), `${this.file}: ${subject(path)}: ${message}`);
  }

  /** Records `<file>: <text>` for a problem that is not about one field. */
  add(text: string): void {
    this.push([], `${this.file}: ${text}`);
  }

  /** Records `<file>:<line>[:<col>]: <text>` for a problem at a place in the file. */
  atLine(line: number, text: string, col?: number): void {
    this.push([], `${this.file}:${line}${col === undefined ? '' : `:${col}`}: ${text}`);
  }

  private push(order: readonly number[], message: string): void {
    if (this.kept.has(message)) return;
    if (this.kept.size >= MAX_KEPT_PROBLEMS) {
      this.dropped++;
      return;
    }
    this.kept.add(message);
    this.list.push({ order, message });
  }

  /**
   * True (and said in the message) once more problems were found than are kept: a reader checks this per
   * record and stops, so a huge bad file costs no more than its first thousand problems.
   */
  stopReading(): boolean {
    if (this.dropped > 0) this.stopped = true;
    return this.stopped;
  }

  /** Number of problems so far (the same message twice counts once). */
  get count(): number {
    return this.list.length + this.dropped;
  }

  /** The messages recorded so far, in document order (top-level section, then function index). */
  get messages(): readonly string[] {
    const sorted = [...this.list].sort((a, b) => compareOrder(a.order, b.order));
    return [...new Set(sorted.map((p) => p.message))];
  }

  /** Throws one InputError listing every problem (the first {@link MAX_LISTED_PROBLEMS}), if there are any. */
  throwIfAny(): void {
    if (this.count === 0) return;
    const unique = [...this.messages];
    // One more line is as short as a summary (and may be the summary of problems found in another file).
    const listed = unique.length + this.dropped <= MAX_LISTED_PROBLEMS + 1 ? unique : unique.slice(0, MAX_LISTED_PROBLEMS);
    const more = unique.length + this.dropped - listed.length;
    if (more > 0) listed.push(`${this.file}: … and ${more} more problems${this.stopped ? '; the rest of the file was not read' : ''}`);
    throw new InputError(listed);
  }
}

/** Top-level keys in the order a workload file lists them. */
const TOP_LEVEL_ORDER = ['$schema', 'version', 'account', 'defaults', 'databases', 'functions'];

/** Sort key of a problem: its top-level section, then the array index under it (e.g. the function). */
function documentOrder(path: FieldPath): number[] {
  if (path.length === 0) return [];
  const top = TOP_LEVEL_ORDER.indexOf(String(path[0]));
  return [top < 0 ? TOP_LEVEL_ORDER.length : top, typeof path[1] === 'number' ? path[1] : -1];
}

function compareOrder(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? -1) - (b[i] ?? -1);
    if (d !== 0) return d;
  }
  return 0;
}
