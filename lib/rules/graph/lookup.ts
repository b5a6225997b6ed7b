/**
 * What linkers share: resources by type, the function and queue nodes by resource, and the lookups that find
 * the resource a value names (a Ref/GetAtt, a literal name, an ARN, an alias or version, a scalable target's
 * resource id).
 */
import { isUnresolvable, literalString, partsOf, ResourceRef, Unresolvable, type Part, type Resolved, type Resource } from '../values';
import { parseProvisionedResourceId } from '../../model';
import type { FunctionNode, QueueNode } from './nodes';

/** Resources by type and the lookups between them; the linkers of the graph share one. */
export class GraphLookup {
  /** Function nodes by their resource, in template order. */
  readonly functions = new Map<Resource, FunctionNode>();
  /** Queue nodes by their resource, in template order. */
  readonly queues = new Map<Resource, QueueNode>();
  /** Literal physical names (FunctionName, QueueName) per environment. */
  private readonly names = new Map<string, Resource>();

  constructor(private readonly byType: ReadonlyMap<string, Resource[]>) {}

  /** Every resource of `type`, in template order. */
  of(type: string): Resource[] {
    return this.byType.get(type) ?? [];
  }

  /** Resources of every type `test` accepts (`Custom::` types are the template's own names). */
  ofTypes(test: (type: string) => boolean): Resource[] {
    return [...this.byType].flatMap(([type, resources]) => (test(type) ? resources : []));
  }

  /** Indexes `r` by its literal physical name, when it has one. */
  nameIndex(r: Resource, name: Resolved): void {
    const literal = literalString(name);
    if (literal !== undefined) this.names.set(`${r.stack.environment}|${r.type}|${literal}`, r);
  }

  /** The resource of `type` that `value` names: a Ref/GetAtt, a literal name, or an ARN ending in a literal name. */
  resourceNamed(from: Resource, value: Resolved, type: string): Resource | Unresolvable | undefined {
    if (value instanceof ResourceRef) return value.resource.type === type ? value.resource : undefined;
    if (isUnresolvable(value)) return value;
    const parts = partsOf(value);
    if (!parts) return undefined;
    const refs = parts.filter((p): p is ResourceRef => p instanceof ResourceRef && p.resource.type === type);
    if (refs.length === 1) return refs[0].resource;
    const literal = literalString(value);
    const tail = parts[parts.length - 1];
    let name: string | undefined;
    if (literal !== undefined) name = literal.startsWith('arn:') ? literal.split(':')[type === 'AWS::Lambda::Function' ? 6 : 5] : literal.split(':')[0];
    else if (typeof tail === 'string' && tail.includes(':')) name = tail.slice(tail.lastIndexOf(':') + 1);
    const found = name === undefined ? undefined : this.names.get(`${from.stack.environment}|${type}|${name}`);
    return found ?? (literal === undefined ? parts.find(isUnresolvable) : undefined);
  }

  /** The function a value names: directly, through an alias or version, or by name/ARN. */
  functionNamed(from: Resource, value: Resolved, depth = 0): FunctionNode | Unresolvable | undefined {
    if (value instanceof ResourceRef && (value.resource.type === 'AWS::Lambda::Alias' || value.resource.type === 'AWS::Lambda::Version')) {
      return depth > 2 ? undefined : this.functionNamed(value.resource, value.resource.property('FunctionName'), depth + 1);
    }
    const r = this.resourceNamed(from, value, 'AWS::Lambda::Function');
    return r instanceof Unresolvable ? r : r && this.functions.get(r);
  }

  /** The function a value names, when it names one of the checked templates. */
  knownFunction(from: Resource, value: Resolved): FunctionNode | undefined {
    const fn = this.functionNamed(from, value);
    return fn instanceof Unresolvable ? undefined : fn;
  }

  /** The queue a value names, when it names one of the checked templates. */
  knownQueue(from: Resource, value: Resolved): QueueNode | undefined {
    const q = this.resourceNamed(from, value, 'AWS::SQS::Queue');
    return q instanceof Unresolvable ? undefined : q && this.queues.get(q);
  }

  /** `function:<name>:<alias>` (built with Join/Sub/Select/Split) → the function. */
  functionOfResourceId(from: Resource, value: Resolved): FunctionNode | undefined {
    const parts = partsOf(value);
    const id = parts && typeof parts[0] === 'string' ? parseProvisionedResourceId(parts[0]) : undefined;
    if (!parts || !id) return undefined;
    // The function name in the literal head, else the first non-empty part after it.
    let head: Part | undefined = id.name;
    for (let i = 1; head === ''; i++) head = parts[i];
    if (head instanceof ResourceRef) return this.knownFunction(from, head);
    if (typeof head === 'string') return this.knownFunction(from, head.split(':')[0]);
    return undefined;
  }
}

/** A comparable key of a resolved string (references by logical id). */
export function keyOf(v: Resolved): string {
  return (partsOf(v) ?? []).map((p) => (p instanceof ResourceRef ? `{${p.resource.logicalId}.${p.attribute ?? ''}}` : isUnresolvable(p) ? `{?${p.reason}}` : p)).join('');
}

/** `fn:alias` → `fn` (alarm `Resource` dimensions name a qualified function). */
export function stripQualifier(v: Resolved): Resolved {
  const parts = partsOf(v);
  if (!parts) return v;
  const head = parts[0];
  if (head instanceof ResourceRef) return head;
  return typeof head === 'string' && parts.length === 1 ? head.split(':')[0] : v;
}

/**
 * The qualifier (alias name or version) of a qualified function name: `<name>:<qualifier>` or a scalable target's
 * `function:<name>:<qualifier>`, literal or built from a reference to the function or alias; why it is not known
 * when a deploy-time value stands in its place; undefined when the name has no qualifier.
 */
export function qualifierOf(value: Resolved): string | Unresolvable | undefined {
  const parts = partsOf(value);
  const last = parts?.[parts.length - 1];
  if (parts?.length === 1 && typeof last === 'string') {
    const pieces = last.replace(/^function:/, '').split(':');
    return pieces.length > 1 ? pieces[pieces.length - 1] || undefined : undefined;
  }
  if (typeof last === 'string') return last.includes(':') ? last.slice(last.lastIndexOf(':') + 1) || undefined : undefined;
  if (last instanceof ResourceRef && last.resource.type === 'AWS::Lambda::Alias') {
    const name = last.resource.property('Name');
    return literalString(name) ?? (isUnresolvable(name) ? name : undefined);
  }
  return isUnresolvable(last) ? last : undefined;
}
