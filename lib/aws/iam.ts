/**
 * Least privilege: every SDK command the CLI sends, with the IAM action that allows it.
 *
 * This table is the single source of truth: the AWS readers refuse to send a command that is not
 * in it, an access-denied error names the action from it, and `docs/iam-policy.json` is exactly
 * {@link iamPolicy} (a test keeps the file and the table equal).
 */

/** SDK command class name → IAM action (all read-only). */
export const IAM_ACTIONS = {
  GetAccountSettingsCommand: 'lambda:GetAccountSettings',
  ListFunctionsCommand: 'lambda:ListFunctions',
  ListTagsCommand: 'lambda:ListTags',
  GetFunctionConfigurationCommand: 'lambda:GetFunctionConfiguration',
  GetFunctionConcurrencyCommand: 'lambda:GetFunctionConcurrency',
  ListProvisionedConcurrencyConfigsCommand: 'lambda:ListProvisionedConcurrencyConfigs',
  ListEventSourceMappingsCommand: 'lambda:ListEventSourceMappings',
  DescribeScalableTargetsCommand: 'application-autoscaling:DescribeScalableTargets',
  DescribeScalingPoliciesCommand: 'application-autoscaling:DescribeScalingPolicies',
  DescribeScheduledActionsCommand: 'application-autoscaling:DescribeScheduledActions',
  GetMetricDataCommand: 'cloudwatch:GetMetricData',
} as const;

/** Name of an SDK command the CLI may send. */
export type AwsCommandName = keyof typeof IAM_ACTIONS;

/** True when `name` is a command of {@link IAM_ACTIONS}. */
export function isAllowedCommand(name: string): name is AwsCommandName {
  return Object.prototype.hasOwnProperty.call(IAM_ACTIONS, name);
}

/** The IAM action that allows `commandName`. */
export function iamActionFor(commandName: AwsCommandName): string {
  return IAM_ACTIONS[commandName];
}

/** An IAM policy document. */
export interface IamPolicy {
  readonly Version: '2012-10-17';
  readonly Statement: readonly {
    readonly Sid: string;
    readonly Effect: 'Allow';
    readonly Action: readonly string[];
    readonly Resource: string;
  }[];
}

/**
 * The read-only policy `observe` and `audit` need: the actions of {@link IAM_ACTIONS}, sorted.
 *
 * `Resource` is `*` because `lambda:ListFunctions`, `lambda:GetAccountSettings`, the Application
 * Auto Scaling `Describe*` actions and `cloudwatch:GetMetricData` support no resource-level scoping.
 */
export function iamPolicy(): IamPolicy {
  const actions = [...new Set(Object.values(IAM_ACTIONS))].sort();
  return {
    Version: '2012-10-17',
    Statement: [{ Sid: 'CdkLambdaScalingReadOnly', Effect: 'Allow', Action: actions, Resource: '*' }],
  };
}
