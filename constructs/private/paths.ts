/**
 * Construct paths of the CloudFormation elements of a construct tree, for findings of templates whose
 * resources carry no `aws:cdk:path` metadata (CDK writes it only when the CLI asks).
 */
import { CfnElement, Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { basename } from 'path';

/** `templateFile|logicalId` → construct path of every CloudFormation element under `root` (nested stacks included). */
export function constructPaths(root: IConstruct): Map<string, string> {
  const out = new Map<string, string>();
  for (const c of root.node.findAll()) {
    if (!CfnElement.isCfnElement(c)) continue;
    const stack = Stack.of(c);
    const logicalId = stack.resolve(c.logicalId) as string;
    out.set(`${basename(stack.templateFile)}|${logicalId}`, c.node.path);
  }
  return out;
}
