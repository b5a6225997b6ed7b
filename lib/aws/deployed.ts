/**
 * Reads what is deployed: account settings, functions, their concurrency, provisioned concurrency,
 * event source mappings, and the Application Auto Scaling state of namespace `lambda`.
 */
import type { FunctionConfiguration } from '@aws-sdk/client-lambda';
import { LAMBDA_PC_NAMES, LIMITS, parseProvisionedResourceId } from '../model';
import type { Architecture } from '../workload/types';
import type { AwsSession } from './session';
import { sdk } from './sdk';
import { isAwsReadError } from './errors';

/** Account-level concurrency of the region. */
export interface AccountConcurrency {
  /** `AccountLimit.ConcurrentExecutions`. */
  readonly concurrencyLimit: number;
  /** `AccountLimit.UnreservedConcurrentExecutions`: what is left after reservations today. */
  readonly unreservedConcurrentExecutions: number;
}

/** A function's configuration as `observe` uses it. */
export interface FunctionSummary {
  readonly name: string;
  readonly arn: string;
  readonly memoryMb: number;
  readonly timeoutSeconds: number;
  readonly architecture: Architecture;
}

/** One provisioned concurrency config (an alias or version). */
export interface DeployedProvisioned {
  readonly qualifier: string;
  readonly requested: number;
  readonly allocated: number;
  /** `READY`, `IN_PROGRESS` or `FAILED`. */
  readonly status: string;
  /** Why it is not READY (`StatusReason`), when Lambda says. */
  readonly statusReason?: string;
}

/** One event source mapping of a function. */
export interface DeployedMapping {
  readonly uuid: string;
  readonly eventSourceArn: string;
  /** `sqs`, `kinesis`, `dynamodb`, `kafka`, `mq`, `docdb` or `other`, from the source ARN. */
  readonly source: string;
  readonly state: string;
  readonly batchSize: number | null;
  readonly maxBatchingWindowSeconds: number | null;
  /** `ScalingConfig.MaximumConcurrency`, null when unset. */
  readonly maxConcurrency: number | null;
  /** True for a FIFO queue (ARN ends in `.fifo`). */
  readonly fifo: boolean;
}

/** A target tracking or step scaling policy on a scalable target. */
export interface DeployedScalingPolicy {
  readonly name: string;
  readonly type: string;
  readonly targetValue: number | null;
  /** `LambdaProvisionedConcurrencyUtilization` (Average) or the custom metric's statistic, e.g. `Maximum`. */
  readonly statistic: string | null;
}

/** A scheduled action on a scalable target. */
export interface DeployedScheduledAction {
  readonly name: string;
  readonly schedule: string;
  readonly timezone: string | null;
  readonly min: number | null;
  readonly max: number | null;
}

/** A provisioned concurrency scalable target (`function:<name>:<qualifier>`). */
export interface DeployedScalableTarget {
  readonly resourceId: string;
  readonly qualifier: string;
  readonly min: number;
  readonly max: number;
  readonly policies: readonly DeployedScalingPolicy[];
  readonly scheduledActions: readonly DeployedScheduledAction[];
}

/** Everything deployed for one function. */
export interface DeployedFunction extends FunctionSummary {
  /** Reserved concurrency; null when the function uses the unreserved pool. */
  readonly reservedConcurrency: number | null;
  readonly provisioned: readonly DeployedProvisioned[];
  readonly mappings: readonly DeployedMapping[];
  readonly scalableTargets: readonly DeployedScalableTarget[];
}

/** GetAccountSettings. */
export async function readAccountConcurrency(session: AwsSession): Promise<AccountConcurrency> {
  const { GetAccountSettingsCommand } = sdk().lambda;
  const command = new GetAccountSettingsCommand({});
  const out = await session.send(command, () => session.clients.lambda.send(command));
  return {
    concurrencyLimit: out.AccountLimit?.ConcurrentExecutions ?? 0,
    unreservedConcurrentExecutions: out.AccountLimit?.UnreservedConcurrentExecutions ?? 0,
  };
}

function summarize(config: FunctionConfiguration, fallbackName: string): FunctionSummary {
  return {
    name: config.FunctionName ?? fallbackName,
    arn: config.FunctionArn ?? '',
    memoryMb: config.MemorySize ?? LIMITS.lambdaDefaultMemoryMb,
    timeoutSeconds: config.Timeout ?? LIMITS.lambdaDefaultTimeoutSeconds,
    architecture: config.Architectures?.[0] === 'arm64' ? 'arm64' : 'x86_64',
  };
}

/**
 * ListFunctions (every page), optionally only names starting with `prefix`. Each function once: pages are
 * not a snapshot, so a function created or deleted while they are read can move one listed onto the next page too.
 */
export async function listFunctions(session: AwsSession, prefix?: string): Promise<FunctionSummary[]> {
  const functions = new Map<string, FunctionSummary>();
  for await (const page of session.pages('ListFunctionsCommand', sdk().lambda.paginateListFunctions({ client: session.clients.lambda }, {}))) {
    for (const config of page.Functions ?? []) {
      if (config.FunctionName && (!prefix || config.FunctionName.startsWith(prefix))) functions.set(config.FunctionName, summarize(config, config.FunctionName));
    }
  }
  return [...functions.values()];
}

/** GetFunctionConfiguration (also proves the function exists). */
export async function readConfiguration(session: AwsSession, name: string): Promise<FunctionSummary> {
  const { GetFunctionConfigurationCommand } = sdk().lambda;
  const command = new GetFunctionConfigurationCommand({ FunctionName: name });
  return summarize(await session.send(command, () => session.clients.lambda.send(command)), name);
}

/** ListTags of a function ARN. */
export async function readTags(session: AwsSession, arn: string): Promise<Readonly<Record<string, string>>> {
  const { ListTagsCommand } = sdk().lambda;
  const command = new ListTagsCommand({ Resource: arn });
  const out = await session.send(command, () => session.clients.lambda.send(command));
  return out.Tags ?? {};
}

function sourceOf(arn: string): string {
  const service = arn.split(':')[2] ?? '';
  const known: Record<string, string> = { sqs: 'sqs', kinesis: 'kinesis', dynamodb: 'dynamodb', kafka: 'kafka', mq: 'mq', rds: 'docdb' };
  return known[service] ?? 'other';
}

/** GetFunctionConcurrency, ListProvisionedConcurrencyConfigs (each qualifier once) and ListEventSourceMappings of one function. */
export async function readFunctionConcurrency(session: AwsSession, summary: FunctionSummary, scalableTargets: readonly DeployedScalableTarget[]): Promise<DeployedFunction> {
  const lambda = session.clients.lambda;
  const { GetFunctionConcurrencyCommand, paginateListProvisionedConcurrencyConfigs, paginateListEventSourceMappings } = sdk().lambda;
  const concurrency = new GetFunctionConcurrencyCommand({ FunctionName: summary.name });
  const reserved = await session.send(concurrency, () => lambda.send(concurrency));
  const provisioned: DeployedProvisioned[] = [];
  for await (const page of session.pages('ListProvisionedConcurrencyConfigsCommand', paginateListProvisionedConcurrencyConfigs({ client: lambda }, { FunctionName: summary.name }))) {
    for (const c of page.ProvisionedConcurrencyConfigs ?? []) {
      const qualifier = (c.FunctionArn ?? '').split(':')[7] ?? '';
      if (provisioned.some((p) => p.qualifier === qualifier)) continue;
      provisioned.push({
        qualifier,
        requested: c.RequestedProvisionedConcurrentExecutions ?? 0,
        allocated: c.AllocatedProvisionedConcurrentExecutions ?? 0,
        status: c.Status ?? 'UNKNOWN',
        ...(c.StatusReason ? { statusReason: session.redact(c.StatusReason) } : {}),
      });
    }
  }
  const mappings: DeployedMapping[] = [];
  for await (const page of session.pages('ListEventSourceMappingsCommand', paginateListEventSourceMappings({ client: lambda }, { FunctionName: summary.name }))) {
    for (const m of page.EventSourceMappings ?? []) {
      const arn = m.EventSourceArn ?? '';
      mappings.push({
        uuid: m.UUID ?? '',
        eventSourceArn: arn,
        source: sourceOf(arn),
        state: m.State ?? 'Unknown',
        batchSize: m.BatchSize ?? null,
        maxBatchingWindowSeconds: m.MaximumBatchingWindowInSeconds ?? null,
        maxConcurrency: m.ScalingConfig?.MaximumConcurrency ?? null,
        fifo: arn.endsWith('.fifo'),
      });
    }
  }
  return { ...summary, reservedConcurrency: reserved.ReservedConcurrentExecutions ?? null, provisioned, mappings, scalableTargets };
}

/**
 * DescribeScalableTargets, DescribeScalingPolicies and DescribeScheduledActions of namespace `lambda`
 * (every page), grouped by function name. Each target, policy and action once (by resource id and name):
 * pages are not a snapshot, and one that shifts lists an item twice.
 */
export async function readLambdaScaling(session: AwsSession): Promise<ReadonlyMap<string, DeployedScalableTarget[]>> {
  const client = { client: session.clients.autoscaling };
  const { paginateDescribeScalingPolicies, paginateDescribeScheduledActions, paginateDescribeScalableTargets } = sdk().autoscaling;
  // A fresh input per paginator: paginators write NextToken into the object they are given.
  const input = () => ({ ServiceNamespace: LAMBDA_PC_NAMES.scalingNamespace });
  const policies = new Map<string, DeployedScalingPolicy[]>();
  for await (const page of session.pages('DescribeScalingPoliciesCommand', paginateDescribeScalingPolicies(client, input()))) {
    for (const p of page.ScalingPolicies ?? []) {
      const config = p.TargetTrackingScalingPolicyConfiguration;
      const statistic = config?.PredefinedMetricSpecification ? 'Average' : (config?.CustomizedMetricSpecification?.Statistic ?? null);
      const list = (policies.get(p.ResourceId ?? '') ?? []).filter((x) => x.name !== p.PolicyName);
      list.push({ name: p.PolicyName ?? '', type: p.PolicyType ?? '', targetValue: config?.TargetValue ?? null, statistic });
      policies.set(p.ResourceId ?? '', list);
    }
  }
  const actions = new Map<string, DeployedScheduledAction[]>();
  for await (const page of session.pages('DescribeScheduledActionsCommand', paginateDescribeScheduledActions(client, input()))) {
    for (const a of page.ScheduledActions ?? []) {
      const list = (actions.get(a.ResourceId ?? '') ?? []).filter((x) => x.name !== a.ScheduledActionName);
      list.push({
        name: a.ScheduledActionName ?? '',
        schedule: a.Schedule ?? '',
        timezone: a.Timezone ?? null,
        min: a.ScalableTargetAction?.MinCapacity ?? null,
        max: a.ScalableTargetAction?.MaxCapacity ?? null,
      });
      actions.set(a.ResourceId ?? '', list);
    }
  }
  const byFunction = new Map<string, DeployedScalableTarget[]>();
  for await (const page of session.pages('DescribeScalableTargetsCommand', paginateDescribeScalableTargets(client, input()))) {
    for (const t of page.ScalableTargets ?? []) {
      if (t.ScalableDimension !== LAMBDA_PC_NAMES.scalableDimension || !t.ResourceId) continue;
      const id = parseProvisionedResourceId(t.ResourceId);
      if (!id) continue;
      const { name, qualifier } = id;
      const list = (byFunction.get(name) ?? []).filter((x) => x.resourceId !== t.ResourceId);
      list.push({
        resourceId: t.ResourceId,
        qualifier,
        min: t.MinCapacity ?? 0,
        max: t.MaxCapacity ?? 0,
        policies: policies.get(t.ResourceId) ?? [],
        scheduledActions: actions.get(t.ResourceId) ?? [],
      });
      byFunction.set(name, list);
    }
  }
  return byFunction;
}

/**
 * {@link readLambdaScaling}, or, when Application Auto Scaling denies it, no targets and the denial (which
 * names the action): the Lambda reads of every function still tell most of the story.
 */
export async function readLambdaScalingUnlessDenied(session: AwsSession): Promise<{ readonly byFunction: ReadonlyMap<string, DeployedScalableTarget[]>; readonly denied?: string }> {
  try {
    return { byFunction: await readLambdaScaling(session) };
  } catch (err) {
    if (isAwsReadError(err) && err.kind === 'access-denied') return { byFunction: new Map(), denied: err.message };
    throw err;
  }
}
