/**
 * Resolved template values: what an intrinsic function evaluates to before deployment, as far as it can be known.
 *
 * Literals stay literals. `Ref` / `Fn::GetAtt` to a resource become a {@link ResourceRef}; strings built from
 * them (`Fn::Join`, `Fn::Sub`) become a {@link Composite}; anything only known at deploy time (parameters,
 * pseudo parameters, conditions, unmatched imports) becomes an {@link Unresolvable} that names what it was.
 */
import { redactKnownSecrets, redactSecrets } from '../secrets';

/** One stack in the graph. */
export interface StackNode {
  readonly name: string;
  readonly templateFile?: string;
  /** The environment as CDK names it (`aws://account/region`), or `environment-agnostic` (environmentName). */
  readonly environment: string;
  readonly resources: ReadonlyMap<string, Resource>;
  /** Parameters by name, with the value their `Default` stands for (undefined without one), or the value a parent stack passes. */
  readonly parameters: ReadonlyMap<string, Resolved>;
  /** The parameters whose values a parent stack passes (not assumed defaults). */
  readonly passedParameters?: ReadonlySet<string>;
  /** The template's `Mappings` section (raw), which `Fn::FindInMap` reads. */
  readonly mappings?: Readonly<Record<string, unknown>>;
  /** Exports of every stack in the same environment, by export name. */
  readonly exports: ReadonlyMap<string, { readonly stack: StackNode; readonly value: unknown }>;
  /** Pseudo parameters known before deployment (`AWS::Region` of a stack whose environment pins it); the others are deploy-time values. */
  readonly pseudoParameters?: ReadonlyMap<string, Resolved>;
  /** The template's `Outputs` section (raw), which a parent's `Fn::GetAtt <nested stack>.Outputs.<name>` reads. */
  readonly outputs?: Readonly<Record<string, unknown>>;
  /** For a nested stack: the stack that nests it and the logical id of the nested-stack resource there. */
  readonly nestedIn?: { readonly stack: StackNode; readonly logicalId: string };
  /** The stacks nested in this one whose templates are read, by the logical id of their nested-stack resource. */
  readonly nested?: ReadonlyMap<string, StackNode>;
}

/** One resource of a template (kept beside the values: a {@link ResourceRef} points at one, its properties are values). */
export interface Resource {
  readonly stack: StackNode;
  readonly logicalId: string;
  readonly type: string;
  /** Construct path from `aws:cdk:path` metadata, when present. */
  readonly path?: string;
  readonly rawProperties: unknown;
  /** Logical ids of its `DependsOn`. */
  readonly dependsOn: readonly string[];
  /** All properties with intrinsics resolved (computed once); rules read single ones with {@link property}. */
  properties(): { readonly [key: string]: Resolved };
  /** One property with intrinsics resolved, the same value as `properties()[key]`; resolved on first read, then kept. */
  property(key: string): Resolved;
}

/** A value only known at deploy time; `reason` says what it was, e.g. `parameter MaxConcurrency`. */
export class Unresolvable {
  constructor(public readonly reason: string) {}
}

/** `Ref` (no attribute) or `Fn::GetAtt` (with attribute) to a resource of the checked templates. */
export class ResourceRef {
  constructor(
    public readonly resource: Resource,
    public readonly attribute?: string,
  ) {}
}

/** One piece of a string built at deploy time. */
export type Part = string | ResourceRef | Unresolvable;

/** A string built from literals and references (`Fn::Join`, `Fn::Sub`), with adjacent literals merged. */
export class Composite {
  public readonly parts: readonly Part[];
  constructor(parts: readonly Part[]) {
    const merged: Part[] = [];
    for (const p of parts) {
      const last = merged[merged.length - 1];
      if (typeof p === 'string' && typeof last === 'string') merged[merged.length - 1] = last + p;
      else if (p !== '') merged.push(p);
    }
    this.parts = merged;
  }
}

/** Any resolved value. */
export type Resolved = undefined | null | string | number | boolean | Unresolvable | ResourceRef | Composite | readonly Resolved[] | { readonly [key: string]: Resolved };

/** True when `v` is {@link Unresolvable}. */
export function isUnresolvable(v: unknown): v is Unresolvable {
  return v instanceof Unresolvable;
}

/**
 * True for a string that is one dynamic reference (`{{resolve:ssm:/app/timeout}}`, `ssm-secure`, `secretsmanager`):
 * CloudFormation replaces it with the stored value as the stack deploys, so its text is not the value.
 */
export function isDynamicReference(v: unknown): v is string {
  return typeof v === 'string' && v.startsWith('{{resolve:') && /^\{\{resolve:[^{}]+\}\}$/.test(v);
}

/** A string that is no dynamic reference, a number or a boolean: a template value that is its own resolution. */
export function isLiteralScalar(v: unknown): v is string | number | boolean {
  return (typeof v === 'string' && !isDynamicReference(v)) || typeof v === 'number' || typeof v === 'boolean';
}

/** A plain object (not an array, not a resolved marker class). */
export function isRecord(v: unknown): v is { readonly [key: string]: Resolved } {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Unresolvable) && !(v instanceof ResourceRef) && !(v instanceof Composite);
}

/** The one part of a string-like value that is not a {@link Composite}, or undefined. */
function singlePart(v: Resolved): Part | undefined {
  if (typeof v === 'string' || v instanceof ResourceRef || v instanceof Unresolvable) return v;
  return typeof v === 'number' ? String(v) : undefined;
}

/** Parts of a string-like value, or undefined when `v` is not string-like. */
export function partsOf(v: Resolved): readonly Part[] | undefined {
  if (v instanceof Composite) return v.parts;
  const part = singlePart(v);
  return part === undefined ? undefined : [part];
}

/** Appends the parts of a string-like value to `out` (as {@link partsOf}, without a list per value); false when not string-like. */
export function pushParts(out: Part[], v: Resolved): boolean {
  if (v instanceof Composite) {
    for (const p of v.parts) out.push(p);
    return true;
  }
  const part = singlePart(v);
  if (part !== undefined) out.push(part);
  return part !== undefined;
}

/** A literal string when every part is known. */
export function literalString(v: Resolved): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  const parts = partsOf(v);
  return parts && parts.every((p) => typeof p === 'string') ? parts.join('') : undefined;
}

/** The first unresolvable part of a string-like value. */
export function unresolvedPart(v: Resolved): Unresolvable | undefined {
  return partsOf(v)?.find(isUnresolvable);
}

/** Splits string parts on `delimiter`; references stay whole inside the piece they fall in. */
export function splitParts(parts: readonly Part[], delimiter: string): Composite[] {
  const pieces: Part[][] = [[]];
  for (const p of parts) {
    if (typeof p !== 'string' || delimiter === '') {
      pieces[pieces.length - 1].push(p);
      continue;
    }
    const split = p.split(delimiter);
    pieces[pieces.length - 1].push(split[0]);
    for (let i = 1; i < split.length; i++) pieces.push([split[i]]);
  }
  return pieces.map((ps) => new Composite(ps));
}

/**
 * Piece `index` of {@link splitParts}, simplified, or undefined when there are not that many pieces;
 * the other pieces are never built.
 */
export function splitPiece(parts: readonly Part[], delimiter: string, index: number): Resolved | undefined {
  const piece: Part[] = [];
  let at = 0;
  for (const p of parts) {
    if (typeof p !== 'string' || delimiter === '') {
      if (at === index) piece.push(p);
      continue;
    }
    // The pieces of `p.split(delimiter)`, one at a time.
    for (let start = 0; ; ) {
      const end = p.indexOf(delimiter, start);
      if (at === index) piece.push(end < 0 ? p.slice(start) : p.slice(start, end));
      if (end < 0) break;
      if (++at > index) return simplify(new Composite(piece));
      start = end + delimiter.length;
    }
  }
  return at === index ? simplify(new Composite(piece)) : undefined;
}

/** Collapses a one-part composite to the part itself. */
export function simplify(v: Composite): Resolved {
  if (v.parts.length === 0) return '';
  return v.parts.length === 1 ? v.parts[0] : v;
}

/**
 * The most characters of one value (or name) from a template that a finding quotes: ARNs, names and expressions
 * fit; a longer one is cut to its start and `… (N characters)`, so a report grows with its findings, never with
 * the size of the values they quote (one 1 MiB parameter default that 3,000 functions refer to).
 */
export const MAX_SHOWN_CHARACTERS = 200;

/** The most list items and object entries (at every depth together) a finding's `value` keeps; the rest is counted. */
export const MAX_SHOWN_ITEMS = 100;

/** Characters past the cut also looked at for secrets, so one that starts just before the cut is still hidden. */
const SECRET_MARGIN = 64;

/** `text` cut to at most {@link MAX_SHOWN_CHARACTERS}, `… (N characters)` included, never inside a surrogate pair. */
function cut(text: string, total: number): string {
  const suffix = `… (${total.toLocaleString('en-US')} characters)`;
  let end = MAX_SHOWN_CHARACTERS - suffix.length;
  if (/[\uD800-\uDBFF]/.test(text.charAt(end - 1))) end--;
  return `${text.slice(0, end)}${suffix}`;
}

/** A name from a template (a logical id, a parameter or export name) as a finding quotes it: at most {@link MAX_SHOWN_CHARACTERS}. */
export function boundedText(text: string): string {
  return text.length <= MAX_SHOWN_CHARACTERS ? text : cut(text, text.length);
}

/** A path a document names (a manifest's `templateFile`, a nested stack's file) as messages show it: known secrets hidden, at most {@link MAX_SHOWN_CHARACTERS}. */
export function shownPath(path: string): string {
  return boundedText(redactKnownSecrets(path));
}

/**
 * A literal value from a template as a finding quotes it: every part shaped like a secret (an access key id, a
 * known token, a long random run) replaced by `[…]` (lib/secrets.ts), and at most {@link MAX_SHOWN_CHARACTERS}.
 */
export function shownText(text: string): string {
  if (text.length <= MAX_SHOWN_CHARACTERS) return redactSecrets(text);
  // Only the start is looked at, so a long value costs what a short one does.
  return cut(redactSecrets(text.slice(0, MAX_SHOWN_CHARACTERS + SECRET_MARGIN)), text.length);
}

/** Short human rendering of a resolved value, for finding messages: literals as {@link shownText} shows them. */
export function describeValue(v: Resolved): string {
  if (v === undefined) return 'not set';
  if (v instanceof Unresolvable) return `<${boundedText(v.reason)}>`;
  if (v instanceof ResourceRef) return boundedText(v.attribute ? `${v.resource.logicalId}.${v.attribute}` : `Ref ${v.resource.logicalId}`);
  if (v instanceof Composite) return boundedText(v.parts.map((p) => (typeof p === 'string' ? shownText(p) : `\${${describeValue(p)}}`)).join(''));
  if (typeof v === 'string') return shownText(v);
  const text = JSON.stringify(plainValue(v)) ?? String(v);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/**
 * A value made JSON-safe for findings (`value` field): markers become strings, strings are shown as
 * {@link shownText} shows them, and after {@link MAX_SHOWN_ITEMS} items a list ends with `… (N items)` and an
 * object with a `…` entry, `(N entries)`.
 */
export function plainValue(v: Resolved): unknown {
  if (typeof v !== 'object' || v === null) return plain(v, { items: MAX_SHOWN_ITEMS });
  // Kept per object: enumerating an object's keys costs all of them, however few are shown, and one large
  // value (a mapping entry, a parameter's list) may be what thousands of findings show.
  let shown = plainValues.get(v);
  if (shown === undefined) {
    shown = plain(v, { items: MAX_SHOWN_ITEMS });
    plainValues.set(v, shown);
  }
  return shown;
}

/** {@link plainValue}'s answers for objects, by object. */
const plainValues = new WeakMap<object, unknown>();

function plain(v: Resolved, budget: { items: number }): unknown {
  if (v instanceof Unresolvable || v instanceof ResourceRef || v instanceof Composite) return describeValue(v);
  if (typeof v === 'string') return shownText(v);
  if (Array.isArray(v)) {
    const out: unknown[] = [];
    for (const x of v as readonly Resolved[]) {
      if (budget.items-- <= 0) return [...out, `… (${v.length.toLocaleString('en-US')} items)`];
      out.push(plain(x, budget));
    }
    return out;
  }
  if (isRecord(v)) {
    const out: Record<string, unknown> = {};
    for (const k in v) {
      if (!Object.hasOwn(v, k)) continue;
      if (budget.items-- <= 0) return { ...out, '…': `(${Object.keys(v).length.toLocaleString('en-US')} entries)` };
      Object.defineProperty(out, boundedText(k), { value: plain(v[k], budget), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  return v;
}

/** A number, or why not: CloudFormation also accepts numeric strings. */
export function toNumber(v: Resolved, what: string): number | undefined | Unresolvable {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  if (v instanceof Unresolvable) return new Unresolvable(`${what} is ${v.reason}`);
  return new Unresolvable(`${what} is not a number (${describeValue(v)})`);
}

/** A boolean (also `"true"`/`"false"`), or why not. */
export function toBoolean(v: Resolved, what: string): boolean | undefined | Unresolvable {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'boolean') return v;
  if (v === 'true' || v === 'false') return v === 'true';
  if (v instanceof Unresolvable) return new Unresolvable(`${what} is ${v.reason}`);
  return new Unresolvable(`${what} is not a boolean (${describeValue(v)})`);
}

/** An array, or an empty one (garbage is reported by the caller through `toNumber` etc. on its items). */
export function toArray(v: Resolved): readonly Resolved[] {
  return Array.isArray(v) ? (v as readonly Resolved[]) : [];
}

/** Property `key` of a resolved object, undefined for anything else. */
export function field(v: Resolved, key: string): Resolved {
  return isRecord(v) ? v[key] : undefined;
}

/** Marks where a reference stood in the text of a JSON document while it is parsed (private-use code points). */
const HOLE_START = '\uE000';
const HOLE_END = '\uE001';

/** Deeper nesting than this in a JSON document given as text is garbage, not a policy. */
const MAX_DOCUMENT_DEPTH = 64;

/**
 * A JSON document as a property may give it (CloudFormation accepts JSON text for JSON-typed properties such as
 * `RedrivePolicy`): an object is returned as it is; text, literal or built with `Fn::Sub` / `Fn::Join`, is parsed
 * with the references and deploy-time values in it kept as such (`"${DLQ.Arn}"` is the queue's ARN, an unquoted
 * `${Count}` a deploy-time number). Text that is not JSON is a deploy-time value naming `what`.
 */
export function jsonDocument(v: Resolved, what: string): Resolved {
  if (typeof v === 'string') return parseJson(v, [], what);
  if (!(v instanceof Composite)) return v;
  const holes: Part[] = [];
  let text = '';
  let inString = false;
  for (const p of v.parts) {
    if (typeof p === 'string') {
      text += p;
      inString = inStringAfter(p, inString);
      continue;
    }
    const mark = `${HOLE_START}${holes.length}${HOLE_END}`;
    holes.push(p);
    // Outside a JSON string (an unquoted number from a parameter), the reference stands for a whole value.
    text += inString ? mark : JSON.stringify(mark);
  }
  return parseJson(text, holes, what);
}

/** Whether a JSON text that starts inside a string (`inString`) ends inside one after `text`. */
function inStringAfter(text: string, inString: boolean): boolean {
  for (let i = 0; i < text.length; i++) {
    if (inString && text[i] === '\\') i++;
    else if (text[i] === '"') inString = !inString;
  }
  return inString;
}

function parseJson(text: string, holes: readonly Part[], what: string): Resolved {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return new Unresolvable(`${what} is not JSON`);
  }
  return holes.length === 0 ? (parsed as Resolved) : fillHoles(parsed, holes, 0);
}

/** The parsed document with each marked string made of the references it marks. */
function fillHoles(value: unknown, holes: readonly Part[], depth: number): Resolved {
  if (depth > MAX_DOCUMENT_DEPTH) return new Unresolvable('a value nested too deeply');
  if (typeof value === 'string') {
    if (!value.includes(HOLE_START)) return value;
    const parts: Part[] = [];
    for (const [i, piece] of value.split(new RegExp(`${HOLE_START}(\\d+)${HOLE_END}`)).entries()) parts.push(i % 2 === 0 ? piece : (holes[Number(piece)] ?? piece));
    return simplify(new Composite(parts));
  }
  if (Array.isArray(value)) return value.map((item) => fillHoles(item, holes, depth + 1));
  if (typeof value !== 'object' || value === null) return value as Resolved;
  const out: { [key: string]: Resolved } = {};
  for (const [key, item] of Object.entries(value)) Object.defineProperty(out, key, { value: fillHoles(item, holes, depth + 1), enumerable: true, writable: true, configurable: true });
  return out;
}
