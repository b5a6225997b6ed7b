/**
 * CloudFormation `Conditions`, evaluated as the stack deploys: each condition is true, false or unknown (a value
 * only known at deploy time: a parameter without default, an SSM parameter type, an import, a pseudo parameter the
 * stack's environment leaves open). Known conditions are applied to the template before SAM expansion and the
 * rules: `Fn::If` picks its branch, `AWS::NoValue` removes the key or list item, a resource or output whose
 * `Condition` is false is left out. Unknown ones stay in the template (an unknown `Fn::If` resolves to a
 * deploy-time value) and are listed, so the engine can check each of their branches. Pure: never throws, never
 * changes its input.
 */
import { partitionOfRegion } from '../model';
import { isPlainObject, setOwn } from '../records';
import { parametersOf } from './graph/template';
import { referencedNames } from './references';
import { MAX_DEPTH, resolveValue } from './resolve';
import { isLiteralScalar, isUnresolvable, literalString, type Resolved, type StackNode } from './values';

/** What a template's conditions are evaluated with: the stack's environment and the parameters a parent passes. */
export interface ConditionEnvironment {
  readonly account?: string;
  readonly region?: string;
  /** Raw `Parameters` a parent stack passes: literals are known, anything else is a deploy-time value. */
  readonly passedParameters?: Readonly<Record<string, unknown>>;
  /** The template's file (or stack name), which an expansion refused for its size names. */
  readonly source?: string;
}

/** What {@link applyConditions} returns. */
export interface ConditionsResult {
  /** The template with known conditions applied (the input itself when nothing changed). */
  readonly template: unknown;
  /** Resources left out because their `Condition` is false, by logical id. */
  readonly notDeployed: readonly string[];
  /**
   * Conditions only known at deploy time that a resource reads (its `Condition`, or an `Fn::If` in it), in order
   * of appearance; `AWS::CDK::Metadata` does not count (no rule reads it).
   */
  readonly branching: readonly string[];
}

/** A condition's value: true, false, or undefined when it is only known at deploy time. */
export type ConditionValue = boolean | undefined;

/** What a removed value (`Ref AWS::NoValue`, an `Fn::If` branch that is one) is replaced with while walking. */
const REMOVED: unique symbol = Symbol('removed');

/** Resources no rule reads: a condition only they use is not worth checking twice. */
const UNREAD_TYPES: ReadonlySet<string> = new Set(['AWS::CDK::Metadata']);

/** Sections that may hold `Fn::If` (SAM's `Globals` too); `Conditions`, `Parameters` and `Mappings` cannot. */
const SECTIONS = ['Globals', 'Resources', 'Outputs'] as const;

/**
 * Applies the template's known conditions (see the module comment). `forced` gives conditions a value instead of
 * evaluating them: the engine checks a branch of an unknown condition this way.
 */
export function applyConditions(template: unknown, environment: ConditionEnvironment = {}, forced?: ReadonlyMap<string, boolean>): ConditionsResult {
  if (!isPlainObject(template) || !isPlainObject(template.Conditions)) return { template, notDeployed: [], branching: [] };
  const conditions = new ConditionEvaluator(template.Conditions, conditionStack(template, environment), forced, template.Parameters);
  const notDeployed: string[] = [];
  const branching = new Set<string>();
  const leftOutReferring = referringLeftOut(template.Resources, conditions);
  let out: Record<string, unknown> | undefined;
  for (const section of SECTIONS) {
    const entries = template[section];
    if (!isPlainObject(entries)) continue;
    let changed: Record<string, unknown> | undefined;
    for (const key of Object.keys(entries)) {
      const entry = entries[key];
      const condition = isPlainObject(entry) && typeof entry.Condition === 'string' ? entry.Condition : undefined;
      const read = section === 'Globals' || (section === 'Resources' && isPlainObject(entry) && !UNREAD_TYPES.has(String(entry.Type)));
      const value = condition === undefined ? true : conditions.value(condition);
      if (value === undefined && read && condition !== undefined) branching.add(condition);
      const decided = new Set<string>(condition !== undefined && value !== undefined && !conditions.isForced(condition) ? [condition] : []);
      if (section === 'Resources') for (const name of leftOutReferring.get(key) ?? []) decided.add(name);
      let applied = value === false ? REMOVED : pickBranches(entry, conditions, read ? branching : undefined, 0, decided);
      if (value === false && section === 'Resources') notDeployed.push(key);
      if (section === 'Resources' && read && applied !== REMOVED && decided.size > 0) applied = withDecided(applied, conditions.expressions(decided));
      if (applied === entry) continue;
      changed ??= { ...entries };
      if (applied === REMOVED) delete changed[key];
      else setOwn(changed, key, applied);
    }
    if (changed) (out ??= { ...template })[section] = changed;
  }
  return { template: out ?? template, notDeployed, branching: [...branching] };
}

/**
 * The conditions, decided as the template is read (not forced), that leave out a resource referring to another, by
 * the logical id it refers to: an alarm on a queue whose `Condition` is false with the defaults. What is found on
 * the queue (no alarm) assumed those defaults too.
 */
function referringLeftOut(resources: unknown, conditions: ConditionEvaluator): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  if (!isPlainObject(resources)) return out;
  for (const key of Object.keys(resources)) {
    const entry = resources[key];
    const condition = isPlainObject(entry) && typeof entry.Condition === 'string' ? entry.Condition : undefined;
    if (condition === undefined || conditions.isForced(condition) || conditions.value(condition) !== false) continue;
    for (const name of referencedNames(entry)) if (name !== key) (out.get(name) ?? out.set(name, new Set()).get(name))?.add(condition);
  }
  return out;
}

/**
 * `value` with every `Fn::If` whose condition is known replaced by its branch and `AWS::NoValue` removed, copied
 * only where something changed; unknown conditions met are added to `branching` (when given).
 */
function pickBranches(value: unknown, conditions: ConditionEvaluator, branching: Set<string> | undefined, depth: number, decided: Set<string>): unknown {
  if (typeof value !== 'object' || value === null || depth > MAX_DEPTH) return value;
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item = pickBranches(value[i], conditions, branching, depth + 1, decided);
      if (out === undefined && item === value[i]) continue;
      out ??= value.slice(0, i);
      if (item !== REMOVED) out.push(item);
    }
    return out ?? value;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  if (keys.length === 1 && keys[0] === 'Ref' && record.Ref === 'AWS::NoValue') return REMOVED;
  if (keys.length === 1 && keys[0] === 'Fn::If' && Array.isArray(record['Fn::If']) && typeof record['Fn::If'][0] === 'string') {
    const [name, whenTrue, whenFalse] = record['Fn::If'] as [string, unknown, unknown];
    const known = conditions.value(name);
    if (known !== undefined) {
      // A forced condition is a branch being checked, named by the finding: it assumed no default.
      if (!conditions.isForced(name)) decided.add(name);
      return pickBranches(known ? whenTrue : whenFalse, conditions, branching, depth + 1, decided);
    }
    branching?.add(name);
  }
  let out: Record<string, unknown> | undefined;
  for (const key of keys) {
    const item = pickBranches(record[key], conditions, branching, depth + 1, decided);
    if (item === record[key]) continue;
    out ??= { ...record };
    if (item === REMOVED) delete out[key];
    else setOwn(out, key, item);
  }
  return out ?? record;
}

/**
 * The key under which a resource's `Properties` carry the raw expressions of the conditions that decided what it
 * deploys: a symbol, not enumerable, so only {@link decidingConditions} sees it (a finding names the parameter
 * defaults they assumed).
 */
const DECIDED_BY = Symbol('cdk-lambda-scaling conditions decided');

/** A copy of a resource entry whose `Properties` (a copy) carry `expressions` under {@link DECIDED_BY}. */
function withDecided(entry: unknown, expressions: readonly unknown[]): unknown {
  if (!isPlainObject(entry) || !isPlainObject(entry.Properties)) return entry;
  const properties = { ...entry.Properties };
  Object.defineProperty(properties, DECIDED_BY, { value: expressions, enumerable: false });
  return { ...entry, Properties: properties };
}

/** The raw expressions of the known conditions that decided a resource's raw `Properties` (none for most). */
export function decidingConditions(rawProperties: unknown): readonly unknown[] {
  return (typeof rawProperties === 'object' && rawProperties !== null ? (rawProperties as { [DECIDED_BY]?: readonly unknown[] })[DECIDED_BY] : undefined) ?? [];
}

/** Gives `to` (the `Properties` of a resource generated from `from`'s, as SAM does) the conditions that decided `from`. */
export function copyDecided(from: unknown, to: unknown): void {
  const expressions = decidingConditions(from);
  if (expressions.length > 0 && typeof to === 'object' && to !== null && decidingConditions(to).length === 0) Object.defineProperty(to, DECIDED_BY, { value: expressions, enumerable: false });
}

/**
 * The stack the values inside conditions are resolved in: the template's parameters (defaults, or what a parent
 * passes), its mappings, and the pseudo parameters the environment pins. Conditions cannot refer to resources.
 */
function conditionStack(template: Readonly<Record<string, unknown>>, environment: ConditionEnvironment): StackNode {
  const parameters = parametersOf(template.Parameters);
  for (const [name, value] of Object.entries(environment.passedParameters ?? {})) {
    if (!parameters.has(name)) continue;
    // A parent's literal is the value; anything it computes is known only at deploy time (not the default).
    parameters.set(name, isLiteralScalar(value) ? value : undefined);
  }
  return {
    name: environment.source ?? 'the template',
    ...(environment.source !== undefined ? { templateFile: environment.source } : {}),
    environment: '',
    resources: new Map(),
    parameters,
    ...(isPlainObject(template.Mappings) ? { mappings: template.Mappings } : {}),
    exports: new Map(),
    pseudoParameters: pseudoParameters(environment),
  };
}

/** The pseudo parameters an environment pins: `AWS::AccountId`, and from the region `AWS::Region`, `AWS::Partition`, `AWS::URLSuffix`. */
export function pseudoParameters(environment: ConditionEnvironment): ReadonlyMap<string, Resolved> {
  const known = new Map<string, Resolved>();
  if (environment.account !== undefined) known.set('AWS::AccountId', environment.account);
  if (environment.region !== undefined) {
    const partition = partitionOfRegion(environment.region);
    known.set('AWS::Region', environment.region);
    known.set('AWS::Partition', partition);
    known.set('AWS::URLSuffix', partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com');
  }
  return known;
}

/** Evaluates named conditions once each (three-valued); a cycle or an undeclared name is unknown. */
class ConditionEvaluator {
  private readonly values = new Map<string, ConditionValue>();
  private readonly visiting = new Set<string>();

  constructor(
    private readonly conditions: Readonly<Record<string, unknown>>,
    private readonly stack: StackNode,
    private readonly forced?: ReadonlyMap<string, boolean>,
    /** The template's `Parameters` declarations (raw), for their `AllowedValues`. */
    private readonly declarations?: unknown,
  ) {}

  /** The value of the condition named `name`. */
  value(name: string): ConditionValue {
    const forced = this.forced?.get(name);
    if (forced !== undefined) return forced;
    if (this.values.has(name)) return this.values.get(name);
    if (!Object.hasOwn(this.conditions, name) || this.visiting.has(name)) return undefined;
    // A chain of conditions naming conditions deeper than MAX_DEPTH is unknown (not cached: from nearer its
    // end it may be decided), as a cycle is: each link is a frame, and a template may chain thousands.
    if (this.visiting.size >= MAX_DEPTH) return undefined;
    this.visiting.add(name);
    const value = this.evaluate(this.conditions[name], 0);
    this.visiting.delete(name);
    this.values.set(name, value);
    return value;
  }

  /** True when the engine gave condition `name` its value (a branch being checked). */
  isForced(name: string): boolean {
    return this.forced?.has(name) ?? false;
  }

  /**
   * `Fn::Equals` of a parameter only known at deploy time (`raw` is its `Ref`) and a literal, decided by the
   * parameter's `AllowedValues` when they do: false when the literal is not allowed, true when it is the only one.
   * A branch no allowed value can take is not checked.
   */
  private withinAllowed(raw: unknown, other: Resolved): ConditionValue {
    const name = isPlainObject(raw) && typeof raw.Ref === 'string' ? raw.Ref : undefined;
    const declared = name !== undefined && isPlainObject(this.declarations) ? this.declarations[name] : undefined;
    const allowed = isPlainObject(declared) && Array.isArray(declared.AllowedValues) ? declared.AllowedValues.map((v) => comparable(v as Resolved)) : undefined;
    const literal = comparable(other);
    if (!allowed || allowed.length === 0 || allowed.includes(undefined) || literal === undefined) return undefined;
    if (!allowed.includes(literal)) return false;
    return allowed.every((v) => v === literal) ? true : undefined;
  }

  /** The raw expressions of the named conditions and of the conditions they name, each once (forced ones are not evaluated: left out). */
  expressions(names: Iterable<string>): unknown[] {
    const out: unknown[] = [];
    const seen = new Set<string>();
    const visit = (name: string, depth: number): void => {
      if (seen.has(name) || this.isForced(name) || !Object.hasOwn(this.conditions, name) || depth > MAX_DEPTH) return;
      seen.add(name);
      out.push(this.conditions[name]);
      for (const inner of conditionNames(this.conditions[name], 0)) visit(inner, depth + 1);
    };
    for (const name of names) visit(name, 0);
    return out;
  }

  /** The value of a condition expression: `Fn::Equals`, `Fn::And`, `Fn::Or`, `Fn::Not`, `Condition`. */
  private evaluate(expression: unknown, depth: number): ConditionValue {
    if (!isPlainObject(expression) || depth > MAX_DEPTH) return undefined;
    const keys = Object.keys(expression);
    if (keys.length !== 1) return undefined;
    const arg = expression[keys[0]];
    const items = Array.isArray(arg) ? arg : undefined;
    switch (keys[0]) {
      case 'Condition':
        return typeof arg === 'string' ? this.value(arg) : undefined;
      case 'Fn::Equals': {
        if (items?.length !== 2) return undefined;
        const [a, b] = items.map((item) => resolveValue(this.stack, item, depth + 1));
        return equals(a, b) ?? this.withinAllowed(items[0], b) ?? this.withinAllowed(items[1], a);
      }
      case 'Fn::Not':
        return items?.length === 1 ? not(this.evaluate(items[0], depth + 1)) : undefined;
      case 'Fn::And':
      case 'Fn::Or': {
        if (!items || items.length === 0) return undefined;
        // Kleene logic: one false decides an And, one true an Or, whatever the unknown ones are.
        const decisive = keys[0] === 'Fn::And' ? false : true;
        let unknown = false;
        for (const item of items) {
          const v = this.evaluate(item, depth + 1);
          if (v === decisive) return decisive;
          if (v === undefined) unknown = true;
        }
        return unknown ? undefined : !decisive;
      }
      default:
        return undefined;
    }
  }
}

/** The conditions a condition expression names (`{ Condition: name }`), at any depth. */
function conditionNames(expression: unknown, depth: number): string[] {
  if (typeof expression !== 'object' || expression === null || depth > MAX_DEPTH) return [];
  const record = expression as Record<string, unknown>;
  if (!Array.isArray(expression) && typeof record.Condition === 'string') return [record.Condition];
  return Object.values(record).flatMap((v) => conditionNames(v, depth + 1));
}

function not(v: ConditionValue): ConditionValue {
  return v === undefined ? undefined : !v;
}

/** `Fn::Equals` of two resolved values: compared as CloudFormation compares them (as strings, lists item by item); unknown when either is not literal. */
function equals(a: Resolved, b: Resolved): ConditionValue {
  const [x, y] = [comparable(a), comparable(b)];
  return x === undefined || y === undefined ? undefined : x === y;
}

/** A literal value as text to compare, or undefined when any part of it is only known at deploy time. */
function comparable(v: Resolved, depth = 0): string | undefined {
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) {
    if (depth > 0) return undefined;
    const items = (v as readonly Resolved[]).map((item) => comparable(item, depth + 1));
    return items.every((i) => i !== undefined) ? JSON.stringify(items) : undefined;
  }
  if (v === undefined || v === null || isUnresolvable(v)) return undefined;
  return literalString(v);
}
