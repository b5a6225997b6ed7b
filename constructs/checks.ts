/**
 * `LambdaScalingChecks`: the rule catalog as a CDK policy validation plugin (the stable
 * `IPolicyValidationPlugin` API): `Validations.of(app).addPlugins(new LambdaScalingChecks())`.
 */
import { PACKAGE_VERSION } from '../lib/version';
import { basename } from 'path';
import { CfnElement, Stack, Validations, type IPolicyValidationContext, type IPolicyValidationPlugin, type PolicyValidationPluginReport, type PolicyViolation } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { parseJsonText, readInputText } from '../lib/files';
import { checkTemplates, resolveOptions, RULE_IDS, type CheckOptions, type RuleFinding } from '../lib/rules';

const VERSION: string = PACKAGE_VERSION;

/** Plugin name; acknowledgement ids are `LambdaScaling::<RuleId>`. */
export const LAMBDA_SCALING_PLUGIN_NAME = 'LambdaScaling';

/** Options of {@link LambdaScalingChecks}: the rule engine's options (account limit, floor, disabled rules, ...). */
export type LambdaScalingChecksProps = CheckOptions;

/**
 * Runs the Lambda scaling rules on every stack of the app at synth time.
 *
 * Errors fail the synth; warnings and info findings are reported. Acknowledge a finding with
 * `Validations.of(scope).acknowledge({ id: 'LambdaScaling::<RuleId>', reason })` on the resource or any
 * of its parents. The plugin only reads the templates, so it runs beside cdk-nag and other plugins.
 */
export class LambdaScalingChecks implements IPolicyValidationPlugin {
  public readonly name = LAMBDA_SCALING_PLUGIN_NAME;
  public readonly version = VERSION;
  public readonly ruleIds: string[] = [...RULE_IDS];
  /** Findings of the last `validate()` call, acknowledged ones marked (for tests and tooling). */
  public lastFindings: ReadonlyArray<RuleFinding & { readonly acknowledged: boolean }> = [];
  private readonly options: CheckOptions;

  constructor(props: LambdaScalingChecksProps = {}) {
    resolveOptions(props); // validate eagerly: bad options fail at construction with the field named
    this.options = props;
  }

  /** Called by the CDK framework after synthesis. */
  public validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    const stacks = context.stackTemplates.map((s) => ({
      stackName: s.stackConstructPath,
      template: readTemplate(s.templatePath),
      templateFile: s.templatePath,
      account: s.accountId,
      region: s.region,
    }));
    const findings = checkTemplates(stacks, this.options);
    // Acknowledgements only matter for findings: a clean app costs no walk of the construct tree.
    const acks = findings.length > 0 ? acknowledgedPaths(context.appConstruct) : new Map<string, Set<string>>();
    const pathOf = acks.size > 0 ? constructPaths(context.appConstruct) : undefined;
    const isAcknowledged = (f: RuleFinding): boolean => {
      const ids = acks.get(`${LAMBDA_SCALING_PLUGIN_NAME}::${f.ruleId}`);
      if (!ids || !pathOf) return false;
      return [f, ...(f.related ?? [])].every((r) => {
        const path = r.path ?? pathOf.get(`${basename(r.templateFile ?? '')}|${r.logicalId}`);
        return path !== undefined && ancestorsOf(path).some((p) => ids.has(p));
      });
    };
    this.lastFindings = findings.map((f) => ({ ...f, acknowledged: isAcknowledged(f) }));
    // The framework removes acknowledged violations itself (and re-derives success); deciding success here too
    // keeps acknowledgements working if it ever does not.
    const success = !this.lastFindings.some((f) => f.severity === 'error' && !f.acknowledged);
    return { success, violations: findings.map(toViolation), pluginVersion: VERSION };
  }
}

/** A synthesized template (CDK writes them as JSON), parsed. */
function readTemplate(path: string): unknown {
  return parseJsonText(readInputText(path, 'template'), path);
}

function toViolation(f: RuleFinding): PolicyViolation {
  const resources = [f, ...(f.related ?? [])];
  return {
    ruleName: f.ruleId,
    description: f.message,
    fix: f.fix,
    severity: f.severity,
    violatingResources: resources
      .filter((r) => r.logicalId !== undefined)
      .map((r) => ({ resourceLogicalId: r.logicalId, templatePath: r.templateFile, locations: ['Properties'] })),
    ruleMetadata: { stack: f.stack, environment: f.environment, ...(f.value !== undefined ? { value: JSON.stringify(f.value) } : {}) },
  };
}

/** Acknowledged rule id → construct paths it was acknowledged on (`aws:cdk:acknowledged-rules` metadata). */
function acknowledgedPaths(root: IConstruct): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const c of root.node.findAll()) {
    for (const entry of c.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY || typeof entry.data !== 'object' || entry.data === null) continue;
      for (const id of Object.keys(entry.data as object)) out.set(id, (out.get(id) ?? new Set()).add(c.node.path));
    }
  }
  return out;
}

/** `templateFile|logicalId` → construct path of every CloudFormation element. */
function constructPaths(root: IConstruct): Map<string, string> {
  const out = new Map<string, string>();
  for (const c of root.node.findAll()) {
    if (!CfnElement.isCfnElement(c)) continue;
    const stack = Stack.of(c);
    const logicalId = stack.resolve(c.logicalId) as string;
    out.set(`${basename(stack.templateFile)}|${logicalId}`, c.node.path);
  }
  return out;
}

/** `a/b/c` → [`a/b/c`, `a/b`, `a`, ``]. */
function ancestorsOf(path: string): string[] {
  const parts = path.split('/');
  return parts.map((_, i) => parts.slice(0, parts.length - i).join('/')).concat('');
}
