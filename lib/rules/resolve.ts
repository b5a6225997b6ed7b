/**
 * Evaluates CloudFormation intrinsic functions as far as they can be known before deployment.
 */
import type { Resource, StackNode } from './graph';
import { Composite, isRecord, isUnresolvable, literalString, partsOf, ResourceRef, simplify, splitParts, Unresolvable, type Part, type Resolved } from './values';

/** Deeper nesting than this is garbage, not a template. */
const MAX_DEPTH = 64;

/** Pseudo parameters: `AWS::NoValue` removes the property, the others are deploy-time values. */
const NO_VALUE = 'AWS::NoValue';

/** Intrinsics that are deploy-time only: they resolve to an {@link Unresolvable} naming the function. */
const DEPLOY_TIME_FUNCTIONS = ['Fn::GetAZs', 'Fn::Base64', 'Fn::Cidr', 'Fn::Transform', 'Fn::ToJsonString', 'Fn::Length', 'Fn::FindInMap'];

/** Resolves `value` (a raw template fragment) in the context of `stack`. Never throws. */
export function resolveValue(stack: StackNode, value: unknown, depth = 0): Resolved {
  if (depth > MAX_DEPTH) return new Unresolvable('a value nested too deeply');
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
  const keys = Object.keys(record);
  if (keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'))) return resolveIntrinsic(stack, keys[0], record[keys[0]], depth + 1);
  let out: Record<string, Resolved> | undefined;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    const r = resolveValue(stack, record[k], depth + 1);
    if (out === undefined && r === record[k] && r !== undefined) continue;
    if (out === undefined) {
      out = {};
      for (let j = 0; j < i; j++) out[keys[j]] = record[keys[j]] as Resolved;
    }
    if (r !== undefined) out[k] = r;
  }
  return out ?? (record as { readonly [key: string]: Resolved });
}

function resolveIntrinsic(stack: StackNode, fn: string, arg: unknown, depth: number): Resolved {
  switch (fn) {
    case 'Ref':
      return resolveRef(stack, arg);
    case 'Fn::GetAtt':
      return resolveGetAtt(stack, arg);
    case 'Fn::Join':
      return resolveJoin(stack, arg, depth);
    case 'Fn::Sub':
      return resolveSub(stack, arg, depth);
    case 'Fn::Select':
      return resolveSelect(stack, arg, depth);
    case 'Fn::Split':
      return resolveSplit(stack, arg, depth);
    case 'Fn::If':
      return new Unresolvable(`condition ${Array.isArray(arg) && typeof arg[0] === 'string' ? arg[0] : '(invalid Fn::If)'}`);
    case 'Fn::ImportValue':
      return resolveImport(stack, arg, depth);
    default:
      return new Unresolvable(DEPLOY_TIME_FUNCTIONS.includes(fn) ? fn : `unsupported ${fn}`);
  }
}

function resolveRef(stack: StackNode, name: unknown): Resolved {
  if (typeof name !== 'string') return new Unresolvable('Ref to a non-string');
  if (name === NO_VALUE) return undefined;
  if (name.startsWith('AWS::')) return new Unresolvable(`pseudo parameter ${name}`);
  const resource = stack.resources.get(name);
  if (resource) return new ResourceRef(resource);
  if (stack.parameters.has(name)) return new Unresolvable(`parameter ${name}`);
  return new Unresolvable(`Ref to unknown ${name}`);
}

function resolveGetAtt(stack: StackNode, arg: unknown): Resolved {
  let id: unknown;
  let attribute: unknown;
  if (typeof arg === 'string') [id, attribute] = [arg.slice(0, arg.indexOf('.')), arg.slice(arg.indexOf('.') + 1)];
  else if (Array.isArray(arg)) [id, attribute] = arg;
  const resource = typeof id === 'string' ? stack.resources.get(id) : undefined;
  if (!resource || typeof attribute !== 'string') return new Unresolvable(`Fn::GetAtt ${JSON.stringify(arg) ?? ''}`);
  return new ResourceRef(resource, attribute);
}

function resolveJoin(stack: StackNode, arg: unknown, depth: number): Resolved {
  if (!Array.isArray(arg) || typeof arg[0] !== 'string') return new Unresolvable('an invalid Fn::Join');
  const list = resolveValue(stack, arg[1], depth);
  if (isUnresolvable(list)) return list;
  if (!Array.isArray(list)) return new Unresolvable('an invalid Fn::Join');
  const parts: Part[] = [];
  (list as Resolved[]).forEach((item, i) => {
    if (i > 0) parts.push(arg[0]);
    parts.push(...(partsOf(item) ?? [new Unresolvable('a non-string in Fn::Join')]));
  });
  return simplify(new Composite(parts));
}

function resolveSub(stack: StackNode, arg: unknown, depth: number): Resolved {
  const [text, vars] = Array.isArray(arg) ? arg : [arg, {}];
  if (typeof text !== 'string') return new Unresolvable('an invalid Fn::Sub');
  const variables = typeof vars === 'object' && vars !== null ? (vars as Record<string, unknown>) : {};
  const parts: Part[] = [];
  let last = 0;
  for (const m of text.matchAll(/\$\{([^}]*)\}/g)) {
    parts.push(text.slice(last, m.index));
    last = (m.index ?? 0) + m[0].length;
    const name = m[1].trim();
    if (name.startsWith('!')) {
      parts.push(`\${${name.slice(1)}}`);
      continue;
    }
    const value =
      name in variables
        ? resolveValue(stack, variables[name], depth)
        : name.includes('.')
          ? resolveGetAtt(stack, name)
          : resolveRef(stack, name);
    parts.push(...(partsOf(value) ?? [new Unresolvable(`a non-string in Fn::Sub \${${name}}`)]));
  }
  parts.push(text.slice(last));
  return simplify(new Composite(parts));
}

function resolveSelect(stack: StackNode, arg: unknown, depth: number): Resolved {
  if (!Array.isArray(arg)) return new Unresolvable('an invalid Fn::Select');
  const index = resolveValue(stack, arg[0], depth);
  const list = resolveValue(stack, arg[1], depth);
  if (isUnresolvable(list)) return list;
  const i = typeof index === 'number' ? index : Number(literalString(index));
  if (!Array.isArray(list) || !Number.isInteger(i) || i < 0 || i >= list.length) return new Unresolvable('an Fn::Select out of range');
  return (list as Resolved[])[i];
}

function resolveSplit(stack: StackNode, arg: unknown, depth: number): Resolved {
  if (!Array.isArray(arg) || typeof arg[0] !== 'string') return new Unresolvable('an invalid Fn::Split');
  const source = resolveValue(stack, arg[1], depth);
  const parts = partsOf(source);
  if (!parts) return new Unresolvable('an invalid Fn::Split');
  return splitParts(parts.flatMap(expandArn), arg[0]).map(simplify);
}

function resolveImport(stack: StackNode, arg: unknown, depth: number): Resolved {
  const name = literalString(resolveValue(stack, arg, depth));
  if (name === undefined) return new Unresolvable('an import with a computed name');
  const exported = stack.exports.get(name);
  return exported ? resolveValue(exported.stack, exported.value, depth) : new Unresolvable(`import ${name}`);
}

const partition = new Unresolvable('pseudo parameter AWS::Partition');
const region = new Unresolvable('pseudo parameter AWS::Region');
const account = new Unresolvable('pseudo parameter AWS::AccountId');

/** `arn:<partition>:<service>:<region>:<account>:<resourceType><rest>` with deploy-time parts unresolvable. */
function arnParts(service: string, resourceType: string, rest: readonly Part[]): Part[] {
  return ['arn:', partition, `:${service}:`, region, ':', account, `:${resourceType}`, ...rest];
}

/**
 * The ARN shape of a reference, so `Fn::Select`/`Fn::Split` on an ARN can find the name inside it
 * (CDK builds `function:<name>:<alias>` as `Select(6, Split(':', Ref Alias))`).
 */
function expandArn(part: Part): Part[] {
  if (!(part instanceof ResourceRef)) return [part];
  const { resource, attribute } = part;
  if (resource.type === 'AWS::Lambda::Alias' && !attribute) {
    const props = resource.properties();
    return arnParts('lambda', 'function:', [...(partsOf(props.FunctionName ?? '') ?? []), ':', ...(partsOf(props.Name ?? '') ?? [])]);
  }
  if (resource.type === 'AWS::Lambda::Function' && attribute === 'Arn') return arnParts('lambda', 'function:', [new ResourceRef(resource)]);
  // rds-db:connect grants name the proxy by the resource id at the end of its ARN.
  if (resource.type === 'AWS::RDS::DBProxy' && attribute === 'DBProxyArn') return arnParts('rds', 'db-proxy:', [new ResourceRef(resource, 'ResourceId')]);
  if (resource.type === 'AWS::SQS::Queue' && attribute === 'Arn') return arnParts('sqs', '', [new ResourceRef(resource, 'QueueName')]);
  return [part];
}

/**
 * A resource's `Properties` with intrinsics resolved (an object, or `{}` for garbage). Resources are resolved
 * only when a rule reads them, so IAM documents and code blocks nobody reads are never copied.
 */
export function resolveProperties(resource: Resource): { readonly [key: string]: Resolved } {
  const resolved = resolveValue(resource.stack, resource.rawProperties);
  return isRecord(resolved) ? resolved : {};
}

/** True when some string inside a raw template value contains `needle` (a cheap filter before resolving). */
export function rawMentions(value: unknown, needle: string, depth = 0): boolean {
  if (typeof value === 'string') return value.includes(needle);
  if (typeof value !== 'object' || value === null || depth > 64) return false;
  if (Array.isArray(value)) return value.some((v) => rawMentions(v, needle, depth + 1));
  for (const key in value as Record<string, unknown>) {
    if (rawMentions((value as Record<string, unknown>)[key], needle, depth + 1)) return true;
  }
  return false;
}
