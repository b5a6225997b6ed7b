/**
 * What a raw template value refers to, read without resolving it: the names of its `Ref`, `Fn::GetAtt` and
 * `Fn::Sub` (which a finding's assumed parameter defaults and a scalable target's alias come from), and whether
 * a string inside it mentions a text (a cheap filter before resolving).
 */
import { MAX_DEPTH } from './resolve';
import { boundedText, describeValue, isUnresolvable, type StackNode } from './values';

/**
 * The names a raw template value refers to, in order of appearance: `Ref` targets, `Fn::GetAtt` logical ids and
 * `Fn::Sub` variables (resources, parameters and pseudo parameters alike).
 */
export function referencedNames(value: unknown): string[] {
  const names = new Set<string>();
  collectNames(value, names, 0);
  return [...names];
}

/** Adds the names `value` refers to to `names` (a set: a Sub with many variables is not searched once per name). */
function collectNames(value: unknown, names: Set<string>, depth: number): void {
  if (typeof value !== 'object' || value === null || depth > MAX_DEPTH) return;
  const record = value as Record<string, unknown>;
  for (const name of namesAt(record)) names.add(name);
  for (const v of Array.isArray(value) ? value : Object.values(record)) collectNames(v, names, depth + 1);
}

/** The names one raw node refers to itself, not through its children: its `Ref`, else its `Fn::GetAtt` logical id, else its `Fn::Sub` variables. */
function namesAt(record: Record<string, unknown>): readonly string[] {
  if (typeof record.Ref === 'string') return [record.Ref];
  const getAtt = record['Fn::GetAtt'];
  const target = typeof getAtt === 'string' ? getAtt.split('.')[0] : Array.isArray(getAtt) ? getAtt[0] : undefined;
  return typeof target === 'string' ? [target] : subNames(record['Fn::Sub']);
}

/**
 * True when a raw template value refers to `name` (the names {@link referencedNames} lists), found without
 * collecting the others: a scalable target names its alias in its first property.
 */
export function refersTo(value: unknown, name: string, depth = 0): boolean {
  if (typeof value !== 'object' || value === null || depth > MAX_DEPTH) return false;
  if (Array.isArray(value)) {
    for (const item of value) if (refersTo(item, name, depth + 1)) return true;
    return false;
  }
  const record = value as Record<string, unknown>;
  if (namesAt(record).includes(name)) return true;
  for (const key in record) if (Object.hasOwn(record, key) && refersTo(record[key], name, depth + 1)) return true;
  return false;
}

/**
 * The `${Name}` / `${Name.Attribute}` variables of an `Fn::Sub` argument, as names: what `/\$\{([^}!][^}.]*)[^}]*\}/g`
 * finds (`${!Literal}` and `${}` are none, and the search goes on right after their `${`), in one pass.
 */
function subNames(arg: unknown): string[] {
  const text = Array.isArray(arg) ? arg[0] : arg;
  if (typeof text !== 'string') return [];
  const names: string[] = [];
  for (let start = text.indexOf('${'); start >= 0; ) {
    const first = text[start + 2];
    if (first === undefined || first === '}' || first === '!') {
      start = text.indexOf('${', start + 1);
      continue;
    }
    const close = text.indexOf('}', start + 3);
    if (close < 0) break;
    let dot = start + 3;
    while (dot < close && text[dot] !== '.') dot++;
    names.push(text.slice(start + 2, dot).trim());
    start = text.indexOf('${', close + 1);
  }
  return names;
}

/** The parameters with a `Default` that raw values of `stack` refer to, as `Name = value`: what a finding on them assumed. */
export function defaultsReferenced(stack: StackNode, values: readonly unknown[]): string[] {
  const assumed: string[] = [];
  for (const name of values.flatMap((v) => referencedNames(v))) {
    // A value a parent stack passes is known, not assumed.
    if (stack.passedParameters?.has(name)) continue;
    const value = stack.parameters.get(name);
    const text = `${boundedText(name)} = ${describeValue(Array.isArray(value) ? value.join(',') : value)}`;
    if (value !== undefined && !isUnresolvable(value) && !assumed.includes(text)) assumed.push(text);
  }
  return assumed;
}

/** True when some string inside a raw template value contains `needle` (a cheap filter before resolving). */
export function rawMentions(value: unknown, needle: string, depth = 0): boolean {
  if (typeof value === 'string') return value.includes(needle);
  if (typeof value !== 'object' || value === null || depth > MAX_DEPTH) return false;
  if (Array.isArray(value)) {
    for (const item of value) if (rawMentions(item, needle, depth + 1)) return true;
    return false;
  }
  for (const key in value as Record<string, unknown>) {
    if (rawMentions((value as Record<string, unknown>)[key], needle, depth + 1)) return true;
  }
  return false;
}
