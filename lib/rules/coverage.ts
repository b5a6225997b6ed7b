/**
 * What a check run looked at, per template, so that "0 errors" never hides a template the rules could not read:
 * how many functions, event source mappings, queues and scalable targets the rules saw, and what they could not
 * look into (nested stacks, SAM types and transforms not expanded, events SAM does not define).
 */
import type { TemplateGraph } from './graph';
import type { StackNode } from './values';
import { isPlainObject } from '../records';
import { INCLUDE } from './include';
import { MAX_DEPTH } from './resolve';
import { isSamTemplate, SAM_TRANSFORM } from './sam';
import { TRANSFORM_FUNCTION } from './transforms';

/** Something in a template the rules could not look into. */
export interface Unchecked {
  /** A resource type, a transform, or a SAM property (`MyFunction Events.Foo`). */
  readonly what: string;
  readonly count: number;
  readonly reason: string;
}

/** Coverage of one template. */
export interface TemplateCoverage {
  readonly stack: string;
  readonly templateFile?: string;
  /** The template was an AWS SAM template, checked as expanded. */
  readonly sam: boolean;
  readonly resources: number;
  readonly functions: number;
  readonly mappings: number;
  readonly queues: number;
  readonly scalableTargets: number;
  readonly unchecked: readonly Unchecked[];
  /** Resources not deployed because their `Condition` is false (with the parameter defaults and the stack's environment), by logical id; absent when none. */
  readonly notDeployed?: readonly string[];
}

const NESTED_STACK = 'AWS::CloudFormation::Stack';

/** Resource types that hold or invoke functions the rules cannot see, and why. */
const UNCHECKED_TYPES: Readonly<Record<string, string>> = {
  [NESTED_STACK]: 'nested stack: its template is not read (check it as a template of its own)',
  'AWS::Serverless::CapacityProvider': 'SAM type not expanded',
};

/** Why a resource type is unchecked, or undefined when the rules read it (or it cannot hold a function). */
function uncheckedReason(type: string, sam: boolean): string | undefined {
  if (!sam && type.startsWith('AWS::Serverless::')) return `SAM type in a template without Transform: ${SAM_TRANSFORM} (CloudFormation rejects it)`;
  if (UNCHECKED_TYPES[type]) return UNCHECKED_TYPES[type];
  if (type.startsWith('AWS::Serverless::')) return 'SAM type not expanded';
  if (type.endsWith('::MODULE')) return 'CloudFormation module: the resources it adds are not read';
  return undefined;
}

/** What each stack's template (as checked) and its SAM expansion left unchecked, with the graph's counts. */
export function templateCoverage(
  graph: TemplateGraph,
  inputs: ReadonlyArray<{
    readonly original: unknown;
    readonly checked: unknown;
    readonly unfollowed: readonly string[];
    readonly loopsNotUnrolled?: readonly string[];
    readonly nestedStacksRead?: readonly string[];
    readonly includesNotRead?: readonly string[];
    readonly notDeployed?: readonly string[];
    readonly conditionsNotBranched?: readonly string[];
  }>,
): TemplateCoverage[] {
  const count = (nodes: ReadonlyArray<{ readonly resource: { readonly stack: StackNode } }>) => {
    const counts = new Map<StackNode, number>();
    for (const n of nodes) counts.set(n.resource.stack, (counts.get(n.resource.stack) ?? 0) + 1);
    return (s: StackNode) => counts.get(s) ?? 0;
  };
  const [functions, mappings, queues, targets] = [graph.functions, graph.mappings, graph.queues, graph.scalableTargets].map(count);
  // The graph has one stack per input, in input order.
  return graph.stacks.map((stack, i) => {
    const { original, checked, unfollowed, loopsNotUnrolled = [], nestedStacksRead = [], includesNotRead = [], notDeployed = [], conditionsNotBranched = [] } = inputs[i];
    const unchecked = new Map<string, { count: number; reason: string }>();
    const add = (what: string, reason: string) => {
      const seen = unchecked.get(what);
      if (seen) seen.count++;
      else unchecked.set(what, { count: 1, reason });
    };
    const sam = isSamTemplate(original);
    for (const r of stack.resources.values()) {
      // A nested stack whose template was read is a stack of its own in the same run.
      if (r.type === NESTED_STACK && nestedStacksRead.includes(r.logicalId)) continue;
      const reason = uncheckedReason(r.type, sam);
      if (reason) add(r.type, reason);
    }
    for (const transform of transformsOf(checked)) add(`Transform ${transform}`, 'transform not applied: the resources it generates or changes are not seen');
    for (const macro of macroCalls(isPlainObject(checked) ? checked.Resources : undefined, 0)) add(`Fn::Transform ${macro}`, 'macro not applied: what it returns or adds is not seen');
    for (const note of loopsNotUnrolled) add(note, 'Fn::ForEach not unrolled by the AWS::LanguageExtensions transform');
    for (const note of unfollowed) add(note, 'not followed by the SAM expansion');
    for (const note of includesNotRead) add(note, 'AWS::Include not applied: what it includes is not seen');
    for (const name of conditionsNotBranched) add(`Condition ${name}`, 'only known at deploy time, and too many such conditions to check each branch: what depends on it was not checked');
    return {
      stack: stack.name,
      ...(stack.templateFile !== undefined ? { templateFile: stack.templateFile } : {}),
      sam,
      resources: stack.resources.size,
      functions: functions(stack),
      mappings: mappings(stack),
      queues: queues(stack),
      scalableTargets: targets(stack),
      unchecked: [...unchecked].map(([what, u]) => ({ what, count: u.count, reason: u.reason })),
      ...(notDeployed.length > 0 ? { notDeployed } : {}),
    };
  });
}

/**
 * The macros a value calls with `Fn::Transform` (by `Name`, once per call; a list calls each), in document order:
 * CloudFormation runs them as the stack deploys. `AWS::Include` calls left in the template were not read, and are
 * named by the include step.
 */
function macroCalls(value: unknown, depth: number): string[] {
  if (typeof value !== 'object' || value === null || depth > MAX_DEPTH) return [];
  if (Array.isArray(value)) return value.flatMap((v) => macroCalls(v, depth + 1));
  return Object.entries(value).flatMap(([key, v]) => {
    if (key !== TRANSFORM_FUNCTION) return macroCalls(v, depth + 1);
    return (Array.isArray(v) ? v : [v]).map((call) => (isPlainObject(call) && typeof call.Name === 'string' ? call.Name : '(no Name)')).filter((name) => name !== INCLUDE);
  });
}

/** The transforms a template still declares (names; `AWS::Include` objects by their `Name`). */
function transformsOf(template: unknown): string[] {
  const transform = typeof template === 'object' && template !== null ? (template as { Transform?: unknown }).Transform : undefined;
  if (transform === undefined) return [];
  return (Array.isArray(transform) ? transform : [transform])
    .map((t) => (typeof t === 'string' ? t : typeof t === 'object' && t !== null && typeof (t as { Name?: unknown }).Name === 'string' ? (t as { Name: string }).Name : JSON.stringify(t)))
    .filter((t) => t !== SAM_TRANSFORM);
}
