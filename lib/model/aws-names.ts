/**
 * Names AWS gives Lambda provisioned concurrency in Application Auto Scaling and CloudWatch, and the
 * scalable target resource id that ties a target to a function's alias or version, built and read here only.
 */

/** Identifiers of Lambda provisioned concurrency in other services. */
export const LAMBDA_PC_NAMES = {
  /** application-autoscaling "AWS services you can use": service namespace of Lambda. */
  scalingNamespace: 'lambda',
  /** application-autoscaling: the scalable dimension of provisioned concurrency. */
  scalableDimension: 'lambda:function:ProvisionedConcurrency',
  /** lambda monitoring-metrics: the namespace of Lambda's CloudWatch metrics. */
  metricNamespace: 'AWS/Lambda',
  /** lambda monitoring-metrics: PC in use / PC allocated, per alias or version (`Resource` dimension). */
  utilizationMetric: 'ProvisionedConcurrencyUtilization',
  /** lambda monitoring-metrics: invocations above the allocated PC (cold starts). */
  spilloverMetric: 'ProvisionedConcurrencySpilloverInvocations',
} as const;

/** CloudWatch namespaces and metric names `observe` reads besides the provisioned concurrency ones. */
export const METRIC_NAMES = {
  /** lambda monitoring-metrics: invocation, performance and concurrency metrics of a function. */
  invocations: 'Invocations',
  duration: 'Duration',
  concurrentExecutions: 'ConcurrentExecutions',
  throttles: 'Throttles',
  /** lambda monitoring-metrics: asynchronous invocation metrics. */
  asyncEventsReceived: 'AsyncEventsReceived',
  /** sqs-available-cloudwatch-metrics: the namespace of SQS metrics and the messages a queue returned. */
  sqsNamespace: 'AWS/SQS',
  messagesReceived: 'NumberOfMessagesReceived',
} as const;

/** Prefix of a Lambda scalable target's resource id (`function:<name>:<qualifier>`). */
const RESOURCE_ID_PREFIX = 'function:';

/** A scalable target's resource id for a function's alias or version: `function:<name>:<qualifier>`. */
export function provisionedResourceId(functionName: string, qualifier: string): string {
  return `${RESOURCE_ID_PREFIX}${functionName}:${qualifier}`;
}

/** The function name and qualifier of a resource id `function:<name>:<qualifier>`; undefined for any other id. */
export function parseProvisionedResourceId(resourceId: string): { readonly name: string; readonly qualifier: string } | undefined {
  if (!resourceId.startsWith(RESOURCE_ID_PREFIX)) return undefined;
  const [name = '', qualifier = ''] = resourceId.slice(RESOURCE_ID_PREFIX.length).split(':');
  return { name, qualifier };
}

/** The CloudWatch `Resource` dimension of an alias or version: `<name>:<qualifier>`. */
export function provisionedMetricResource(functionName: string, qualifier: string): string {
  return `${functionName}:${qualifier}`;
}

/** Region prefixes of the partitions other than `aws` (AWS General Reference, "ARNs": partitions). */
const PARTITION_PREFIXES: ReadonlyArray<readonly [string, string]> = [
  ['cn-', 'aws-cn'],
  ['us-gov-', 'aws-us-gov'],
  ['us-isob-', 'aws-iso-b'],
  ['us-iso-', 'aws-iso'],
  ['eu-isoe-', 'aws-iso-e'],
  ['us-isof-', 'aws-iso-f'],
];

/** The partition of a region (`AWS::Partition` of a stack deployed there): `aws-cn` for `cn-north-1`, else `aws` for commercial regions. */
export function partitionOfRegion(region: string): string {
  return PARTITION_PREFIXES.find(([prefix]) => region.startsWith(prefix))?.[1] ?? 'aws';
}

/**
 * Tags `LambdaScalingPolicy` puts on each function it applies a plan to, so `audit`, `observe` and
 * `replan` find deployed functions whose names CloudFormation generated. Keys and values follow the
 * Lambda tag rules (lambda tagging: keys up to 128 and values up to 256 of letters, digits, spaces and `_.:/=+-@`).
 */
export const PLAN_TAGS = {
  /** The plan's function name (the workload's `functions[].name`). */
  function: 'cdk-lambda-scaling:function',
  /** {@link planDigest} of the function plan applied (lib/planner/digest.ts). */
  digest: 'cdk-lambda-scaling:plan-digest',
} as const;

/** Tags CloudFormation itself puts on every resource of a stack that supports tags (cloudformation resource-tagging). */
export const CLOUDFORMATION_TAGS = {
  stackName: 'aws:cloudformation:stack-name',
  logicalId: 'aws:cloudformation:logical-id',
} as const;
