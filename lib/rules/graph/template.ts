/**
 * Template nodes: the stacks of the input templates, their resources by logical id (properties resolved lazily)
 * and their exports, before any relation between resources is drawn.
 */
import { isPlainObject, setOwn } from '../../records';
import { propertyFields, resolveProperty, resolveValue } from '../resolve';
import { isLiteralScalar, literalString, Unresolvable, type Resolved, type Resource, type StackNode } from '../values';
import { TRANSFORM_FUNCTION } from '../transforms';
import { environmentName, type StackTemplate, type TemplateGraph } from './nodes';

/** What a property reads while it is being resolved from itself. */
const CIRCULAR = new Unresolvable('a circular reference');

/** The `dependsOn` of the many resources without `DependsOn` (one shared empty list). */
const NO_DEPENDENCIES: readonly string[] = Object.freeze([]);

/** A resource whose properties are resolved on first use, one at a time (one object per resource, no closures). */
class TemplateResource implements Resource {
  private resolved?: { readonly [key: string]: Resolved };
  /** {@link propertyFields} of the raw properties, once read (null: not read yet). */
  private fields: Readonly<Record<string, unknown>> | undefined | null = null;
  /** Properties resolved by {@link property} that are not literals, as key, value, key, value, ... (a resource has few). */
  private kept?: Array<string | Resolved>;

  constructor(
    public readonly stack: StackNode,
    public readonly logicalId: string,
    public readonly type: string,
    public readonly path: string | undefined,
    public readonly rawProperties: unknown,
    public readonly dependsOn: readonly string[],
  ) {}

  properties(): { readonly [key: string]: Resolved } {
    if (this.resolved) return this.resolved;
    const all: { [key: string]: Resolved } = {};
    for (const key of Object.keys(propertyFields(this.rawProperties) ?? {})) {
      const value = this.property(key);
      if (value !== undefined) setOwn(all, key, value);
    }
    return (this.resolved = all);
  }

  property(key: string): Resolved {
    if (this.fields === null) this.fields = propertyFields(this.rawProperties);
    const raw = this.fields?.[key];
    // Literal scalars are their own resolution: nothing to keep (a dynamic reference is not: resolveValue says what it is).
    if (raw === undefined || raw === null || isLiteralScalar(raw)) return raw;
    const kept = (this.kept ??= []);
    for (let i = 0; i < kept.length; i += 2) if (kept[i] === key) return kept[i + 1];
    // A property whose resolution reads itself (an alias named by a split of its own ARN) is a cycle, not a stack overflow.
    const at = kept.push(key, CIRCULAR) - 1;
    kept[at] = resolveProperty(this.stack, this.fields, key);
    return kept[at];
  }
}

/** The stacks of the inputs, their resources grouped by type, and the entries that could not be read. */
export interface TemplateNodes {
  readonly stacks: StackNode[];
  readonly byType: ReadonlyMap<string, Resource[]>;
  readonly invalidTemplates: TemplateGraph['invalidTemplates'];
}

/** Reads every input into stack and resource nodes. Never throws on template content. */
export function readTemplates(inputs: readonly StackTemplate[]): TemplateNodes {
  const stacks: StackNode[] = [];
  const byType = new Map<string, Resource[]>();
  const invalidTemplates: Array<{ stack: StackNode; problem: string }> = [];
  const exportsByEnv = new Map<string, Map<string, { stack: StackNode; value: unknown }>>();
  const byName = new Map<string, StackNode>();
  const nestedStacks = new Map<StackNode, Map<string, StackNode>>();
  for (const input of inputs) {
    const environment = environmentName(input.account, input.region);
    const exports = exportsByEnv.get(environment) ?? new Map();
    exportsByEnv.set(environment, exports);
    const template = isPlainObject(input.template) ? input.template : {};
    const resources = new Map<string, Resource>();
    const parameters = parametersOf(template.Parameters);
    const passed = passParameters(template.Parameters, parameters, input.passedParameters, byName);
    const nestedIn = nestingOf(input.stackName, byName);
    const stack: StackNode = {
      name: input.stackName,
      templateFile: input.templateFile,
      environment,
      resources,
      parameters,
      ...(passed.size > 0 ? { passedParameters: passed } : {}),
      ...(isPlainObject(template.Mappings) ? { mappings: template.Mappings } : {}),
      exports,
      ...(isPlainObject(template.Outputs) ? { outputs: template.Outputs } : {}),
      ...(nestedIn ? { nestedIn } : {}),
    };
    // Its parent's `Fn::GetAtt <logical id>.Outputs.<name>` reads this stack's outputs (resolved after every input is read).
    if (nestedIn) (nestedStacks.get(nestedIn.stack) ?? nestedStacks.set(nestedIn.stack, new Map()).get(nestedIn.stack))?.set(nestedIn.logicalId, stack);
    stacks.push(stack);
    if (!byName.has(stack.name)) byName.set(stack.name, stack);
    if (!isPlainObject(template.Resources)) {
      // An empty CDK stack synthesizes no Resources section: nothing to check, nothing to report.
      if (template.Resources !== undefined || !isPlainObject(input.template)) {
        invalidTemplates.push({ stack, problem: isPlainObject(input.template) ? 'has a Resources section that is not an object' : 'is not a JSON/YAML object' });
      }
      continue;
    }
    const entries = template.Resources;
    for (const logicalId of Object.keys(entries)) {
      const raw = entries[logicalId];
      // A macro called in Resources (`Fn::Transform`, not an AWS::Include applied before) is no resource; the coverage names it.
      if (logicalId === TRANSFORM_FUNCTION) continue;
      if (!isPlainObject(raw) || typeof raw.Type !== 'string') {
        invalidTemplates.push({ stack, problem: `resource ${logicalId} is not an object with a string Type` });
        continue;
      }
      const dependsOn = raw.DependsOn === undefined ? NO_DEPENDENCIES : (Array.isArray(raw.DependsOn) ? raw.DependsOn : [raw.DependsOn]).filter((d): d is string => typeof d === 'string');
      const resource = new TemplateResource(stack, logicalId, raw.Type, cdkPath(raw.Metadata), raw.Properties, dependsOn);
      resources.set(logicalId, resource);
      const sameType = byType.get(raw.Type);
      if (sameType) sameType.push(resource);
      else byType.set(raw.Type, [resource]);
    }
    if (isPlainObject(template.Outputs)) {
      for (const output of Object.values(template.Outputs)) {
        if (!isPlainObject(output) || !isPlainObject(output.Export)) continue;
        const name = literalString(resolveValue(stack, output.Export.Name));
        if (name !== undefined) exports.set(name, { stack, value: output.Value });
      }
    }
  }
  for (const [parent, nested] of nestedStacks) (parent as { nested?: ReadonlyMap<string, StackNode> }).nested = nested;
  return { stacks, byType, invalidTemplates };
}

/** Nested-stack resource types: their templates are stacks of their own, named `<parent>/<logical id>`. */
const NESTED_TYPES: ReadonlySet<string> = new Set(['AWS::CloudFormation::Stack', 'AWS::Serverless::Application']);

/** The stack that nests the stack named `name` (`<parent>/<logical id>`, the parent read before it) and its nested-stack resource there. */
function nestingOf(name: string, byName: ReadonlyMap<string, StackNode>): StackNode['nestedIn'] {
  const cut = name.lastIndexOf('/');
  const parent = cut > 0 ? byName.get(name.slice(0, cut)) : undefined;
  const logicalId = name.slice(cut + 1);
  const resource = parent?.resources.get(logicalId);
  return parent && resource && NESTED_TYPES.has(resource.type) ? { stack: parent, logicalId } : undefined;
}

/**
 * Parameters by name with the value of their `Default`: lists for list types, none for SSM parameter types (their
 * default names an SSM parameter, not a value).
 */
export function parametersOf(parameters: unknown): Map<string, Resolved> {
  const out = new Map<string, Resolved>();
  if (!isPlainObject(parameters)) return out;
  for (const [name, p] of Object.entries(parameters)) {
    const type = typeOf(p);
    const value = isPlainObject(p) && !type.startsWith('AWS::SSM::') ? p.Default : undefined;
    // A dynamic reference as the default is the stored value, known at deploy time only, as an SSM type's is.
    const scalar = isLiteralScalar(value) ? value : undefined;
    out.set(name, scalar === undefined ? undefined : asType(type, scalar));
  }
  return out;
}

/** A parameter declaration's `Type` ('' when it has none). */
const typeOf = (declaration: unknown): string => (isPlainObject(declaration) && typeof declaration.Type === 'string' ? declaration.Type : '');

/** A literal parameter value as its type reads it: a list for list types (`a, b`), else the value. */
function asType(type: string, value: Resolved): Resolved {
  const scalar = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
  return scalar !== undefined && (type === 'CommaDelimitedList' || type.startsWith('List<')) ? scalar.split(',').map((v) => v.trim()) : value;
}

/**
 * Sets the declared parameters a parent stack passes to their values, resolved in the parent (its resources are
 * read: it comes first in the inputs); returns their names. SSM parameter types name a parameter, not a value:
 * they stay unknown. Nothing when the parent is not among the inputs.
 */
function passParameters(declared: unknown, parameters: Map<string, Resolved>, passed: StackTemplate['passedParameters'], byName: ReadonlyMap<string, StackNode>): Set<string> {
  const names = new Set<string>();
  const parent = passed && byName.get(passed.from);
  if (!parent || !passed || !isPlainObject(declared)) return names;
  for (const name of Object.keys(passed.values)) {
    if (!Object.hasOwn(declared, name) || typeOf(declared[name]).startsWith('AWS::SSM::')) continue;
    parameters.set(name, asType(typeOf(declared[name]), resolveValue(parent, passed.values[name])));
    names.add(name);
  }
  return names;
}

/** The construct path in a resource's `Metadata` (`aws:cdk:path`), when there is one. */
function cdkPath(metadata: unknown): string | undefined {
  const path = isPlainObject(metadata) ? metadata['aws:cdk:path'] : undefined;
  return typeof path === 'string' ? path : undefined;
}
