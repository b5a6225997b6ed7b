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
import { checkTemplates, isAcknowledged, type CheckOptions, type RuleFinding, type StackTemplate } from '../lib/rules';
import { constructAcknowledgements } from './private/acknowledgements';

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
 * `options.acknowledgements` are marked (`acknowledgements`).
 */
export function checkTemplate(template: Template, options: CheckTemplateOptions = {}): RuleFinding[] {
  return checkTemplates([{ stackName: options.stackName ?? 'Stack', template: template.toJSON() }], options);
}

/**
 * Runs the rules on stacks together (so the account budget sums across them), each with its environment. Findings
 * acknowledged as the validation plugin reads them (`Validations.of(scope).acknowledge`, template Metadata,
 * `options.acknowledgements`) are marked (`acknowledgements`).
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
  return { stackName: stack.stackName, template: Template.fromStack(stack).toJSON(), account: known(stack.account), region: known(stack.region) };
}
