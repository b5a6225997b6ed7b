/**
 * The `AWS::LanguageExtensions` transform, as far as the rules need it: `Fn::ForEach` loops in the Conditions,
 * Resources and Outputs sections (and inside resource properties) are unrolled, so the resources a loop stamps out
 * are checked like any other. The other extensions (`Fn::Length`, `Fn::ToJsonString`, `Fn::FindInMap` defaults)
 * are intrinsics the resolver already treats as deploy-time values. Pure: never changes its input, and throws only
 * when the loops would unroll to more than the expansion budget ({@link MAX_EXPANDED_VALUES} values,
 * {@link MAX_EXPANDED_CHARACTERS} characters), counted in what they produce, not in entries.
 */
import { InputError } from '../errors';
import { isPlainObject, setOwn } from '../records';
import { declaresTransform, withoutTransform } from './transforms';

/** The transform's name in a template's `Transform`. */
export const LANGUAGE_EXTENSIONS = 'AWS::LanguageExtensions';

/** Keys of a loop: `Fn::ForEach::<LoopName>`. */
const FOR_EACH = 'Fn::ForEach::';

/**
 * Values (objects, lists, strings, numbers) the loops of one template may produce. CloudFormation allows 500
 * resources and 1 MB of processed template, a few tens of thousands of values; a larger expansion is not a template.
 */
export const MAX_EXPANDED_VALUES = 1_000_000;

/** Characters of text (keys and strings) the loops of one template may produce: 16 times the 1 MB CloudFormation processes. */
export const MAX_EXPANDED_CHARACTERS = 16 * 1024 * 1024;

/** Nesting below which loops are unrolled (deeper is garbage, named in the coverage). */
const MAX_DEPTH = 64;

/** What {@link applyLanguageExtensions} returns. */
export interface LanguageExtensionsResult {
  /** The template with its loops unrolled and the transform taken off its `Transform` (the input when not declared). */
  readonly template: unknown;
  /** Loops it could not unroll, each with why (a collection only known at deploy time, a malformed loop). */
  readonly unfollowed: readonly string[];
}

/** True when the template declares the transform (alone or in a list). */
export function declaresLanguageExtensions(template: unknown): boolean {
  return declaresTransform(template, LANGUAGE_EXTENSIONS);
}

/**
 * Applies the transform to a template that declares it; any other template is returned as it is.
 * @param source names the template in the message of a budget exceeded
 * @throws InputError when the loops produce more than the expansion budget
 */
export function applyLanguageExtensions(template: unknown, source = 'the template'): LanguageExtensionsResult {
  if (!isPlainObject(template) || !declaresLanguageExtensions(template)) return { template, unfollowed: [] };
  const loops = new Unroller(isPlainObject(template.Parameters) ? template.Parameters : {}, source);
  const out = withoutTransform(template, LANGUAGE_EXTENSIONS);
  for (const section of ['Conditions', 'Resources', 'Outputs']) {
    if (isPlainObject(template[section])) out[section] = loops.expand(template[section], section);
  }
  return { template: out, unfollowed: loops.unfollowed };
}

/** Unrolls the loops of one template; `unfollowed` collects those it could not. */
class Unroller {
  readonly unfollowed: string[] = [];
  private values = 0;
  private characters = 0;

  constructor(
    private readonly parameters: Readonly<Record<string, unknown>>,
    private readonly source: string,
  ) {}

  /** `value` with every loop in it unrolled; `where` names the place in notes (`Resources`, `Resources.Fn.Properties`). */
  expand(value: unknown, where: string, depth = 0): unknown {
    if (depth > MAX_DEPTH) return this.tooDeep(value, where);
    if (Array.isArray(value)) return value.map((v) => this.expand(v, where, depth + 1));
    if (!isPlainObject(value)) return value;
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) this.add(out, key, v, where, depth);
    return out;
  }

  /** Adds one entry to `out`: a loop as the entries it unrolls to (which may be loops again), else the entry expanded. */
  private add(out: Record<string, unknown>, key: string, value: unknown, where: string, depth: number): void {
    if (depth > MAX_DEPTH) {
      setOwn(out, key, this.tooDeep(value, where));
      return;
    }
    if (!key.startsWith(FOR_EACH)) {
      setOwn(out, key, this.expand(value, `${where}.${key}`, depth + 1));
      return;
    }
    for (const [k, fragment] of this.unroll(key, value, where)) this.add(out, k, fragment, where, depth + 1);
  }

  /** The entries one loop stands for, in collection order; none (and a note) when it cannot be unrolled. */
  private unroll(key: string, loop: unknown, where: string): Array<[string, unknown]> {
    const name = `${where}.${key}`;
    if (!Array.isArray(loop) || loop.length !== 3 || typeof loop[0] !== 'string' || !isPlainObject(loop[2])) {
      this.unfollowed.push(`${name}: not [identifier, collection, { key: fragment }]`);
      return [];
    }
    const [identifier, collection, fragment] = loop as [string, unknown, Record<string, unknown>];
    const items = this.collection(collection);
    if (typeof items === 'string') {
      this.unfollowed.push(`${name}: ${items}`);
      return [];
    }
    const out: Array<[string, unknown]> = [];
    for (const item of items) {
      for (const [k, v] of Object.entries(fragment)) out.push([this.counted(substitute(k, identifier, item)), this.replaceIdentifier(v, identifier, item)]);
    }
    return out;
  }

  /** A value nested too deeply to look into, as it is; its place is named in the coverage (once). */
  private tooDeep(value: unknown, where: string): unknown {
    const note = `${where}: nested more than ${MAX_DEPTH} levels deep (loops in it are not looked for)`;
    if (!this.unfollowed.includes(note)) this.unfollowed.push(note);
    return value;
  }

  /** A fragment with the identifier replaced: in strings and keys, and a `Ref` to it becomes the item; every value it makes is counted. */
  private replaceIdentifier(value: unknown, identifier: string, item: string): unknown {
    if (typeof value === 'string') return this.counted(substitute(value, identifier, item));
    this.count(0);
    if (Array.isArray(value)) return value.map((v) => this.replaceIdentifier(v, identifier, item));
    if (!isPlainObject(value)) return value;
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === 'Ref' && value.Ref === identifier) return item;
    const out: Record<string, unknown> = {};
    for (const key of keys) setOwn(out, this.counted(substitute(key, identifier, item)), this.replaceIdentifier(value[key], identifier, item));
    return out;
  }

  /** `text`, counted as one value of its length. */
  private counted(text: string): string {
    this.count(text.length);
    return text;
  }

  /**
   * Counts one value produced, with `characters` of text.
   * @throws InputError naming the template and the limit when the budget is spent
   */
  private count(characters: number): void {
    this.characters += characters;
    if (++this.values > MAX_EXPANDED_VALUES || this.characters > MAX_EXPANDED_CHARACTERS) {
      throw new InputError(
        `${this.source}: its Fn::ForEach loops (AWS::LanguageExtensions) unroll to more than ${MAX_EXPANDED_VALUES.toLocaleString('en-US')} values or ${MAX_EXPANDED_CHARACTERS / 1024 / 1024} MiB of text; one template may unroll to at most that (CloudFormation processes at most 500 resources and 1 MB of template)`,
      );
    }
  }

  /** The items of a collection: a list of strings, or a `Ref` to a list parameter's default; why not, otherwise. */
  private collection(collection: unknown): string[] | string {
    if (Array.isArray(collection)) {
      return collection.every((c) => typeof c === 'string' || typeof c === 'number') ? collection.map(String) : 'a collection with items only known at deploy time';
    }
    const ref = isPlainObject(collection) ? collection.Ref : undefined;
    const parameter = typeof ref === 'string' ? this.parameters[ref] : undefined;
    const value = isPlainObject(parameter) ? parameter.Default : undefined;
    if (typeof value === 'string') return value.split(',').map((v) => v.trim());
    if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
    return typeof ref === 'string' ? `collection parameter ${ref} has no default list (only known at deploy time)` : 'a collection that is not a list or a Ref to a list parameter';
  }
}

/** `${identifier}` → the item; `&{identifier}` → the item's letters and digits only. */
function substitute(text: string, identifier: string, item: string): string {
  return text.split(`\${${identifier}}`).join(item).split(`&{${identifier}}`).join(item.replace(/[^A-Za-z0-9]/g, ''));
}
