/**
 * Helpers for users' jest tests: run the Lambda scaling rules on `Template.fromStack(stack)`.
 *
 * @example
 * const findings = checkTemplate(Template.fromStack(stack));
 * expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
 * // or
 * expectNoScalingErrors(stack);
 */
import { Stack, Token } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { basename } from 'path';
import { checkTemplates, isAcknowledged, type CheckOptions, type RuleFinding, type StackTemplate } from '../lib/rules';
import { constructAcknowledgements, constructPaths } from './private/acknowledgements';

/** Options of {@link checkTemplate}: the engine's options plus how to name the stack in findings. */
export interface CheckTemplateOptions extends CheckOptions {
  /**
   * Stack name used in findings.
   * @default 'Stack'
   */
  readonly stackName?: string;
}

/**
 * Runs the rules on one synthesized template. Findings acknowledged in the template's Metadata or in
 * `options.acknowledgements` are marked (`acknowledgements`). Findings carry the construct `path` when the
 * template has `aws:cdk:path` metadata (an `App` with context `aws:cdk:enable-path-metadata: true`, as the
 * CDK CLI sets it); {@link checkStacks} always gives it.
 */
export function checkTemplate(template: Template, options: CheckTemplateOptions = {}): RuleFinding[] {
  return checkTemplates([{ stackName: options.stackName ?? 'Stack', template: template.toJSON() }], options);
}

/**
 * Runs the rules on stacks together (so the account budget sums across them), each with its environment. Findings
 * acknowledged as the validation plugin reads them (`Validations.of(scope).acknowledge`, template Metadata,
 * `options.acknowledgements`) are marked (`acknowledgements`). Findings carry the construct `path` of their
 * resources, taken from the construct tree.
 */
export function checkStacks(stacks: readonly Stack[], options: CheckOptions = {}): RuleFinding[] {
  const apps = [...new Set(stacks.map((s) => s.node.root))];
  return checkTemplates(stacks.map(stackTemplate), options, apps.map(constructAcknowledgements));
}

/** Throws an Error listing every error finding of the stacks' templates that is not acknowledged. */
export function expectNoScalingErrors(stacks: Stack | readonly Stack[], options: CheckOptions = {}): void {
  const errors = checkStacks(Array.isArray(stacks) ? stacks : [stacks as Stack], options).filter((f) => f.severity === 'error' && !isAcknowledged(f));
  if (errors.length > 0) {
    throw new Error(`Lambda scaling errors:\n${errors.map((f) => `  ${f.ruleId} ${f.stack}/${f.logicalId ?? ''}: ${f.message} (fix: ${f.fix})`).join('\n')}`);
  }
}

function stackTemplate(stack: Stack): StackTemplate {
  const known = (v: string) => (Token.isUnresolved(v) ? undefined : v);
  return { stackName: stack.stackName, template: withPaths(stack, Template.fromStack(stack).toJSON()), account: known(stack.account), region: known(stack.region) };
}

/**
 * The template with each resource's construct path as `aws:cdk:path` metadata where it has none (an app
 * without path metadata, as in unit tests), so findings carry the path the user gave. A copy; the stack's
 * own template is not changed.
 */
function withPaths(stack: Stack, template: Record<string, unknown>): Record<string, unknown> {
  const resources = template.Resources;
  if (typeof resources !== 'object' || resources === null) return template;
  const paths = constructPaths(stack);
  const file = basename(stack.templateFile);
  const entries = Object.entries(resources as Record<string, Record<string, unknown>>).map(([id, r]) => {
    const path = paths.get(`file:${file}|${id}`);
    const metadata = (r.Metadata ?? {}) as Record<string, unknown>;
    return [id, path === undefined || 'aws:cdk:path' in metadata ? r : { ...r, Metadata: { ...metadata, 'aws:cdk:path': path } }];
  });
  return { ...template, Resources: Object.fromEntries(entries) };
}
