/**
 * The acknowledgements of a CDK app's construct tree (`Validations.of(scope).acknowledge({ id: 'LambdaScaling::<RuleId>',
 * reason })`) as a lookup of the one matcher (lib/rules/acknowledge.ts), for the validation plugin and the jest helpers.
 */
import { basename } from 'path';
import { CfnElement, Stack, Token, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { AcknowledgementLookup } from '../../lib/rules';

/** Plugin name; acknowledgement ids are `LambdaScaling::<RuleId>`. */
export const LAMBDA_SCALING_PLUGIN_NAME = 'LambdaScaling';

/**
 * A lookup of the acknowledgements on the constructs under `root`: a resource is covered when its construct or an
 * ancestor acknowledges the rule (the nearest one is named). The tree is walked on the first call only, so a run
 * without findings costs no walk.
 */
export function constructAcknowledgements(root: IConstruct): AcknowledgementLookup {
  let acks: Map<string, Map<string, string>> | undefined;
  let paths: Map<string, string> | undefined;
  return (ruleId, r) => {
    acks ??= acknowledgedPaths(root);
    const at = acks.get(`${LAMBDA_SCALING_PLUGIN_NAME}::${ruleId}`);
    if (!at) return undefined;
    paths ??= constructPaths(root);
    const path = r.path ?? paths.get(`file:${basename(r.templateFile ?? '')}|${r.logicalId}`) ?? paths.get(`stack:${r.stack}|${r.logicalId}`);
    const by = path === undefined ? undefined : ancestorsOf(path).find((p) => at.has(p));
    return by === undefined ? undefined : { ruleId, reason: at.get(by) ?? '', kind: 'inSource', source: `construct ${by || '(app)'}` };
  };
}

/** Acknowledged rule id → construct paths it was acknowledged on → reason (`aws:cdk:acknowledged-rules` metadata). */
function acknowledgedPaths(root: IConstruct): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  for (const c of root.node.findAll()) {
    for (const entry of c.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY || typeof entry.data !== 'object' || entry.data === null) continue;
      for (const [id, reason] of Object.entries(entry.data as Record<string, unknown>)) {
        const byPath = out.get(id) ?? new Map<string, string>();
        out.set(id, byPath.set(c.node.path, typeof reason === 'string' ? reason : ''));
      }
    }
  }
  return out;
}

/**
 * Construct path of every CloudFormation element by `file:<template file>|<logicalId>` (the plugin's stacks) and by
 * `stack:<stack name or construct path>|<logicalId>` (the jest helpers' stacks, which have no file).
 */
export function constructPaths(root: IConstruct): Map<string, string> {
  const out = new Map<string, string>();
  for (const c of root.node.findAll()) {
    if (!CfnElement.isCfnElement(c)) continue;
    const stack = Stack.of(c);
    const logicalId = stack.resolve(c.logicalId) as string;
    out.set(`file:${basename(stack.templateFile)}|${logicalId}`, c.node.path);
    for (const name of [stack.stackName, stack.node.path]) if (!Token.isUnresolved(name)) out.set(`stack:${name}|${logicalId}`, c.node.path);
  }
  return out;
}

/** `a/b/c` → [`a/b/c`, `a/b`, `a`, ``]. */
function ancestorsOf(path: string): string[] {
  const parts = path.split('/');
  return parts.map((_, i) => parts.slice(0, parts.length - i).join('/')).concat('');
}
