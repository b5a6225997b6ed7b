/**
 * Evaluates CloudFormation intrinsic functions as far as they can be known before deployment.
 */
import { InputError } from '../errors';
import { formatBytes } from '../files';
import { boundedText, Composite, describeValue, isDynamicReference, isUnresolvable, literalString, partsOf, pushParts, ResourceRef, simplify, splitParts, splitPiece, Unresolvable, type Part, type Resolved, type StackNode } from './values';

/** Deeper nesting than this is garbage, not a template. */
export const MAX_DEPTH = 64;

/**
 * Longest text one value may resolve to (`Fn::Join`, `Fn::Sub`, through `Fn::FindInMap` and `Fn::ImportValue`):
 * CloudFormation reads at most 1 MB of template, so a longer value is an expansion (a doubling chain), not a template.
 */
export const MAX_RESOLVED_CHARACTERS = 1024 * 1024;

/** Pseudo parameters: `AWS::NoValue` removes the property, the others are deploy-time values. */
const NO_VALUE = 'AWS::NoValue';

/** Intrinsics that are deploy-time only: they resolve to an {@link Unresolvable} naming the function. */
const DEPLOY_TIME_FUNCTIONS = ['Fn::GetAZs', 'Fn::Base64', 'Fn::Cidr', 'Fn::Transform', 'Fn::ToJsonString', 'Fn::Length'];

/** Resolves `value` (a raw template fragment) in the context of `stack`. Never throws. */
export function resolveValue(stack: StackNode, value: unknown, depth = 0): Resolved {
  if (depth > MAX_DEPTH) return new Unresolvable('a value nested too deeply');
  if (isDynamicReference(value)) return new Unresolvable(`dynamic reference ${boundedText(value)}`);
  if (value === null || value === undefined || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  // Copy on write: a fragment without intrinsics is its own resolution, so literal parts of a template
  // (most of it) are returned as they are instead of copied.
  if (Array.isArray(value)) {
    let out: Resolved[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const r = resolveValue(stack, value[i], depth + 1);
      if (out === undefined && r === value[i] && r !== undefined) continue; // undefined items and holes are dropped
      out ??= value.slice(0, i) as Resolved[];
      if (r !== undefined) out.push(r);
    }
    return out ?? (value as Resolved[]);
  }
  if (typeof value !== 'object') return new Unresolvable(`a ${typeof value} value`);
  const record = value as Record<string, unknown>;
  const call = intrinsicName(record);
  if (call !== undefined) return resolveIntrinsic(stack, call, record[call], depth + 1);
  // Own keys in `Object.keys` order, enumerated without allocating the array of keys.
  let out: Record<string, Resolved> | undefined;
  for (const k in record) {
    if (!Object.hasOwn(record, k)) continue;
    const v = record[k];
    const r = resolveValue(stack, v, depth + 1);
    if (out === undefined) {
      if (r === v && r !== undefined) continue;
      out = ownFieldsBefore(record, k);
    }
    if (r !== undefined) out[k] = r;
  }
  return out ?? (record as { readonly [key: string]: Resolved });
}

/** A copy of the own fields of `record` that come before `key`. */
function ownFieldsBefore(record: Readonly<Record<string, unknown>>, key: string): Record<string, Resolved> {
  const out: Record<string, Resolved> = {};
  for (const k in record) {
    if (k === key) break;
    if (Object.hasOwn(record, k)) out[k] = record[k] as Resolved;
  }
  return out;
}

/** `Ref` or `Fn::*` when `record` is an intrinsic function call (its one own key), else undefined. */
function intrinsicName(record: object): string | undefined {
  let name: string | undefined;
  for (const k in record) {
    if (!Object.hasOwn(record, k)) continue;
    if (name !== undefined) return undefined;
    name = k;
  }
  return name !== undefined && (name === 'Ref' || name.startsWith('Fn::')) ? name : undefined;
}

function resolveIntrinsic(stack: StackNode, fn: string, arg: unknown, depth: number): Resolved {
  switch (fn) {
    case 'Ref':
      return resolveRef(stack, arg);
    case 'Fn::GetAtt':
      return resolveGetAtt(stack, arg, depth);
    case 'Fn::Join':
      return resolveJoin(stack, arg, depth);
    case 'Fn::Sub':
      return resolveSub(stack, arg, depth);
    case 'Fn::Select':
      return resolveSelect(stack, arg, depth);
    case 'Fn::Split':
      return resolveSplit(stack, arg, depth);
    case 'Fn::If':
      return new Unresolvable(`condition ${Array.isArray(arg) && typeof arg[0] === 'string' ? boundedText(arg[0]) : '(invalid Fn::If)'}`);
    case 'Fn::ImportValue':
      return resolveImport(stack, arg, depth);
    case 'Fn::FindInMap':
      return resolveFindInMap(stack, arg, depth);
    default:
      return new Unresolvable(DEPLOY_TIME_FUNCTIONS.includes(fn) ? fn : `unsupported ${fn}`);
  }
}

/**
 * `Fn::FindInMap [Map, TopKey, SecondKey]` (with the `AWS::LanguageExtensions` `{ DefaultValue }` as a fourth
 * item): the value in the template's `Mappings` when every key resolves to a literal (parameters to their
 * defaults), the default when the entry is missing, otherwise a deploy-time value naming the lookup.
 */
function resolveFindInMap(stack: StackNode, arg: unknown, depth: number): Resolved {
  if (!Array.isArray(arg) || arg.length < 3) return new Unresolvable('an invalid Fn::FindInMap');
  const keys = arg.slice(0, 3).map((k) => resolveValue(stack, k, depth));
  const unknown = keys.find(isUnresolvable);
  if (unknown) return new Unresolvable(`Fn::FindInMap with ${unknown.reason}`);
  const [map, top, second] = keys.map((k) => (typeof k === 'number' ? String(k) : literalString(k)));
  if (map === undefined || top === undefined || second === undefined) return new Unresolvable('Fn::FindInMap with a key that is not a string');
  const entry = ownField(ownField(ownField(stack.mappings, map), top), second);
  // The keys may be parameter defaults: shown as values are.
  const lookup = () => `Fn::FindInMap ${boundedText(map)}.${describeValue(top)}.${describeValue(second)}`;
  // Mappings hold literals only (CloudFormation allows no intrinsic function there), so an entry is not resolved again.
  if (entry !== undefined) return hasIntrinsic(entry, 0) ? new Unresolvable(`${lookup()}, an entry with an intrinsic function (CloudFormation allows only literals in Mappings)`) : (entry as Resolved);
  const fallback = ownField(arg[3], 'DefaultValue');
  return fallback !== undefined ? resolveValue(stack, fallback, depth) : new Unresolvable(`${lookup()}, not in the template's Mappings`);
}

/**
 * True when a raw value holds an intrinsic function call (an object whose one key is `Ref` or `Fn::*`). A
 * mapping entry's answer is kept per entry: a template may look one large entry up from thousands of resources.
 */
function hasIntrinsic(value: unknown, depth: number): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (depth > MAX_DEPTH) return true;
  const known = intrinsicInside.get(value);
  if (known !== undefined) return known;
  let found = !Array.isArray(value) && intrinsicName(value) !== undefined;
  for (const v of Array.isArray(value) ? value : Object.values(value)) {
    if (found) break;
    found = hasIntrinsic(v, depth + 1);
  }
  // Only a walk from the entry itself (depth 0) is complete: deeper, the depth cut may have answered.
  if (depth === 0) intrinsicInside.set(value, found);
  return found;
}

/** {@link hasIntrinsic}'s answers for mapping entries, by object. */
const intrinsicInside = new WeakMap<object, boolean>();

/** `record[key]` when `record` is a plain object that has it as an own field. */
function ownField(record: unknown, key: string): unknown {
  return typeof record === 'object' && record !== null && !Array.isArray(record) && Object.hasOwn(record, key) ? (record as Record<string, unknown>)[key] : undefined;
}

function resolveRef(stack: StackNode, name: unknown): Resolved {
  if (typeof name !== 'string') return new Unresolvable('Ref to a non-string');
  if (name === NO_VALUE) return undefined;
  if (name.startsWith('AWS::')) return stack.pseudoParameters?.get(name) ?? new Unresolvable(`pseudo parameter ${boundedText(name)}`);
  const resource = stack.resources.get(name);
  if (resource) return new ResourceRef(resource);
  if (stack.parameters.has(name)) return stack.parameters.get(name) ?? new Unresolvable(`parameter ${name}`);
  return new Unresolvable(`Ref to unknown ${boundedText(name)}`);
}

function resolveGetAtt(stack: StackNode, arg: unknown, depth: number): Resolved {
  let id: unknown;
  let attribute: unknown;
  if (typeof arg === 'string') [id, attribute] = [arg.slice(0, arg.indexOf('.')), arg.slice(arg.indexOf('.') + 1)];
  else if (Array.isArray(arg)) {
    id = arg[0];
    attribute = arg[1];
  }
  const resource = typeof id === 'string' ? stack.resources.get(id) : undefined;
  if (!resource || typeof attribute !== 'string') return new Unresolvable(`Fn::GetAtt ${typeof arg === 'string' ? boundedText(JSON.stringify(arg)) : describeValue(arg as Resolved)}`);
  const output = attribute.startsWith(OUTPUTS) ? nestedOutput(stack, resource.logicalId, attribute.slice(OUTPUTS.length)) : undefined;
  return output ? resolveValue(output.stack, output.value, depth + 1) : new ResourceRef(resource, attribute);
}

/** How a nested stack's output is named in `Fn::GetAtt`: `Outputs.<name>`. */
const OUTPUTS = 'Outputs.';

/** The `Value` of output `name` of the nested stack `logicalId` of `stack`, when its template is read. */
function nestedOutput(stack: StackNode, logicalId: string, name: string): { readonly stack: StackNode; readonly value: unknown } | undefined {
  const nested = stack.nested?.get(logicalId);
  const output = nested?.outputs !== undefined && Object.hasOwn(nested.outputs, name) ? nested.outputs[name] : undefined;
  return nested && typeof output === 'object' && output !== null && Object.hasOwn(output, 'Value') ? { stack: nested, value: (output as { Value: unknown }).Value } : undefined;
}

function resolveJoin(stack: StackNode, arg: unknown, depth: number): Resolved {
  if (!Array.isArray(arg) || typeof arg[0] !== 'string') return new Unresolvable('an invalid Fn::Join');
  const list = resolveValue(stack, arg[1], depth);
  if (isUnresolvable(list)) return list;
  if (!Array.isArray(list)) return new Unresolvable('an invalid Fn::Join');
  const parts: Part[] = [];
  // Resolved lists have no holes (resolveValue drops them), so a plain loop sees what forEach would.
  for (let i = 0; i < list.length; i++) {
    if (i > 0) parts.push(arg[0]);
    if (!pushParts(parts, (list as readonly Resolved[])[i])) parts.push(new Unresolvable('a non-string in Fn::Join'));
  }
  return simplify(new Composite(withinBudget(stack, parts, 'Fn::Join')));
}

function resolveSub(stack: StackNode, arg: unknown, depth: number): Resolved {
  const [text, vars] = Array.isArray(arg) ? arg : [arg, {}];
  if (typeof text !== 'string') return new Unresolvable('an invalid Fn::Sub');
  const variables = typeof vars === 'object' && vars !== null ? (vars as Record<string, unknown>) : {};
  const parts: Part[] = [];
  let last = 0;
  for (const m of subVariables(text)) {
    parts.push(text.slice(last, m.start));
    last = m.end;
    const name = m.inner.trim();
    if (name.startsWith('!')) {
      parts.push(`\${${name.slice(1)}}`);
      continue;
    }
    const value =
      Object.hasOwn(variables, name)
        ? resolveValue(stack, variables[name], depth)
        : name.includes('.')
          ? resolveGetAtt(stack, name, depth)
          : resolveRef(stack, name);
    if (!pushParts(parts, value)) parts.push(new Unresolvable(`a non-string in Fn::Sub \${${boundedText(name)}}`));
  }
  parts.push(text.slice(last));
  return simplify(new Composite(withinBudget(stack, parts, 'Fn::Sub')));
}

/**
 * `parts` when their text is within {@link MAX_RESOLVED_CHARACTERS}.
 * @throws InputError naming the template, the function and the limit
 */
function withinBudget(stack: StackNode, parts: Part[], fn: string): Part[] {
  let length = 0;
  for (const p of parts) if (typeof p === 'string') length += p.length;
  if (length <= MAX_RESOLVED_CHARACTERS) return parts;
  throw new InputError(
    `${stack.templateFile ?? stack.name}: an ${fn} resolves to more than ${formatBytes(MAX_RESOLVED_CHARACTERS)} of text (values doubled through Fn::FindInMap, Fn::ImportValue or YAML aliases); one value may have at most ${formatBytes(MAX_RESOLVED_CHARACTERS)}, as CloudFormation reads at most 1 MB of template`,
  );
}

const SELECT_OUT_OF_RANGE = new Unresolvable('an Fn::Select out of range');

function resolveSelect(stack: StackNode, arg: unknown, depth: number): Resolved {
  if (!Array.isArray(arg)) return new Unresolvable('an invalid Fn::Select');
  const index = resolveValue(stack, arg[0], depth);
  // `Fn::Select` of an `Fn::Split` (how CDK takes a name out of an ARN) builds only the piece it selects.
  const split = depth <= MAX_DEPTH ? splitCall(arg[1]) : undefined;
  const list = split === undefined ? resolveValue(stack, arg[1], depth) : splitSource(stack, split, depth + 1);
  if (isUnresolvable(list)) return list;
  const i = typeof index === 'number' ? index : Number(literalString(index));
  if (!Number.isInteger(i) || i < 0) return SELECT_OUT_OF_RANGE;
  if (list instanceof SplitSource) return splitPiece(list.parts, list.delimiter, i) ?? SELECT_OUT_OF_RANGE;
  return Array.isArray(list) && i < list.length ? (list as Resolved[])[i] : SELECT_OUT_OF_RANGE;
}

/** The argument of a raw `{ "Fn::Split": ... }`, or undefined when `value` is anything else. */
function splitCall(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  return intrinsicName(value) === 'Fn::Split' ? (value as Record<string, unknown>)['Fn::Split'] : undefined;
}

/** What an `Fn::Split` splits: its delimiter and the parts of its source, references expanded to their ARN shape. */
class SplitSource {
  constructor(
    public readonly delimiter: string,
    public readonly parts: readonly Part[],
  ) {}
}

function splitSource(stack: StackNode, arg: unknown, depth: number): SplitSource | Unresolvable {
  if (!Array.isArray(arg) || typeof arg[0] !== 'string') return new Unresolvable('an invalid Fn::Split');
  const parts = partsOf(resolveValue(stack, arg[1], depth));
  if (!parts) return new Unresolvable('an invalid Fn::Split');
  const expanded: Part[] = [];
  for (const p of parts) pushArnShape(expanded, p);
  return new SplitSource(arg[0], expanded);
}

function resolveSplit(stack: StackNode, arg: unknown, depth: number): Resolved {
  const source = splitSource(stack, arg, depth);
  return source instanceof Unresolvable ? source : splitParts(source.parts, source.delimiter).map(simplify);
}

/** An export whose value is being resolved: an import met again before it is done is a cycle. */
const RESOLVING = Symbol('resolving');

/** Each export's resolved value, resolved once per graph (an export's value depends on its own stack only). */
const exportValues = new WeakMap<object, Resolved | typeof RESOLVING>();

function resolveImport(stack: StackNode, arg: unknown, depth: number): Resolved {
  const name = literalString(resolveValue(stack, arg, depth));
  if (name === undefined) return new Unresolvable('an import with a computed name');
  const exported = stack.exports.get(name);
  if (!exported) return new Unresolvable(`import ${boundedText(name)}`);
  if (exportValues.has(exported)) {
    const known = exportValues.get(exported);
    return known === RESOLVING ? new Unresolvable(`import ${boundedText(name)}, whose exported value imports itself (a cycle)`) : known;
  }
  exportValues.set(exported, RESOLVING);
  let value: Resolved | typeof RESOLVING = RESOLVING;
  try {
    value = resolveValue(exported.stack, exported.value, depth);
  } finally {
    if (value === RESOLVING) exportValues.delete(exported);
    else exportValues.set(exported, value);
  }
  return value;
}

const partition = new Unresolvable('pseudo parameter AWS::Partition');
const region = new Unresolvable('pseudo parameter AWS::Region');
const account = new Unresolvable('pseudo parameter AWS::AccountId');

/** Appends `arn:<partition>:<service>:<region>:<account>:<resourceType>` with deploy-time parts unresolvable. */
function pushArnHead(out: Part[], service: string, resourceType: string): void {
  out.push('arn:', partition, `:${service}:`, region, ':', account, `:${resourceType}`);
}

/**
 * Appends `part` in its ARN shape, so `Fn::Select`/`Fn::Split` on an ARN can find the name inside it
 * (CDK builds `function:<name>:<alias>` as `Select(6, Split(':', Ref Alias))`).
 */
function pushArnShape(out: Part[], part: Part): void {
  const resource = part instanceof ResourceRef ? part.resource : undefined;
  const attribute = part instanceof ResourceRef ? part.attribute : undefined;
  if (resource?.type === 'AWS::Lambda::Alias' && !attribute) {
    pushArnHead(out, 'lambda', 'function:');
    pushParts(out, resource.property('FunctionName') ?? '');
    out.push(':');
    pushParts(out, resource.property('Name') ?? '');
  } else if (resource?.type === 'AWS::Lambda::Function' && attribute === 'Arn') {
    pushArnHead(out, 'lambda', 'function:');
    out.push(new ResourceRef(resource));
  } else if (resource?.type === 'AWS::RDS::DBProxy' && attribute === 'DBProxyArn') {
    // rds-db:connect grants name the proxy by the resource id at the end of its ARN.
    pushArnHead(out, 'rds', 'db-proxy:');
    out.push(new ResourceRef(resource, 'ResourceId'));
  } else if (resource?.type === 'AWS::SQS::Queue' && attribute === 'Arn') {
    pushArnHead(out, 'sqs', '');
    out.push(new ResourceRef(resource, 'QueueName'));
  } else {
    out.push(part);
  }
}

/**
 * A resource's raw `Properties` as an object to read single properties from, or undefined when they resolve
 * to `{}` as a whole (not an object, or one intrinsic call such as a whole `Fn::If`).
 */
export function propertyFields(raw: unknown): Readonly<Record<string, unknown>> | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw) || intrinsicName(raw) !== undefined) return undefined;
  return raw as Record<string, unknown>;
}

/**
 * One property with intrinsics resolved (`fields` is {@link propertyFields}): the same value as that property of
 * the whole `Properties` resolved with {@link resolveValue}, without resolving the others (most of a resource's
 * properties, such as IAM documents and code, are never read by a rule).
 */
export function resolveProperty(stack: StackNode, fields: Readonly<Record<string, unknown>> | undefined, key: string): Resolved {
  // Depth 1: the depth of a property when the whole Properties object is resolved.
  return fields === undefined ? undefined : resolveValue(stack, fields[key], 1);
}

/**
 * Each `${…}` of an `Fn::Sub` text, up to the first `}` after it (as `/\$\{([^}]*)\}/g` finds them): where it starts
 * and ends, and what is between the braces. Found with `indexOf`, in one pass: a regular expression looks for the `}`
 * again from every `${`, and a text of `${` without one (40 KB) ran for minutes.
 */
function* subVariables(text: string): Generator<{ readonly start: number; readonly end: number; readonly inner: string }> {
  for (let start = text.indexOf('${'); start >= 0; ) {
    const close = text.indexOf('}', start + 2);
    // No `}` after this `${` is none after a later one either.
    if (close < 0) return;
    yield { start, end: close + 1, inner: text.slice(start + 2, close) };
    start = text.indexOf('${', close + 1);
  }
}
