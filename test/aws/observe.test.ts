import { mockClient } from 'aws-sdk-client-mock';
import {
  GetAccountSettingsCommand,
  GetFunctionConcurrencyCommand,
  GetFunctionConfigurationCommand,
  LambdaClient,
  ListEventSourceMappingsCommand,
  ListFunctionsCommand,
  ListProvisionedConcurrencyConfigsCommand,
  ListTagsCommand,
} from '@aws-sdk/client-lambda';
import {
  ApplicationAutoScalingClient,
  DescribeScalableTargetsCommand,
  DescribeScalingPoliciesCommand,
  DescribeScheduledActionsCommand,
} from '@aws-sdk/client-application-auto-scaling';
import { CloudWatchClient, GetMetricDataCommand, type MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import { readFileSync } from 'fs';
import { join } from 'path';
import { AwsSession, observe, isAwsReadError, inferWorkload, functionInput, WORKLOAD_FUNCTION_NAME } from '../../lib/aws';

const lambda = mockClient(LambdaClient);
const autoscaling = mockClient(ApplicationAutoScalingClient);
const cloudwatch = mockClient(CloudWatchClient);

const NOW = Date.UTC(2025, 2, 10, 0, 0, 0);
const sdkError = (name: string, status: number, message = name) => Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status, attempts: 1 } });
const config = (name: string, memory = 512) => ({ FunctionName: name, FunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${name}`, MemorySize: memory, Timeout: 15, Architectures: ['arm64' as const] });

/** GetMetricData answers from a function of (metric name, stat, function name, timestamp). */
function answerMetrics(value: (metric: string, stat: string, fn: string, t: Date) => number | null) {
  cloudwatch.on(GetMetricDataCommand).callsFake((input: { MetricDataQueries: MetricDataQuery[]; StartTime: Date; EndTime: Date }) => ({
    MetricDataResults: input.MetricDataQueries.map((q) => {
      const ts: Date[] = [];
      const vs: number[] = [];
      for (let t = input.StartTime.getTime(); t < input.EndTime.getTime(); t += 3_600_000) {
        const v = value(q.MetricStat!.Metric!.MetricName!, q.MetricStat!.Stat!, q.MetricStat!.Metric!.Dimensions![0].Value!, new Date(t));
        if (v !== null) {
          ts.push(new Date(t));
          vs.push(v);
        }
      }
      return { Id: q.Id, Timestamps: ts, Values: vs, StatusCode: 'Complete' };
    }),
  }));
}

function session(): AwsSession {
  return AwsSession.create({ region: 'us-east-1' });
}

beforeEach(() => {
  lambda.reset();
  autoscaling.reset();
  cloudwatch.reset();
  lambda.on(GetAccountSettingsCommand).resolves({ AccountLimit: { ConcurrentExecutions: 1000, UnreservedConcurrentExecutions: 850 } });
  autoscaling.on(DescribeScalableTargetsCommand).resolves({ ScalableTargets: [] });
  autoscaling.on(DescribeScalingPoliciesCommand).resolves({ ScalingPolicies: [] });
  autoscaling.on(DescribeScheduledActionsCommand).resolves({ ScheduledActions: [] });
  lambda.on(ListProvisionedConcurrencyConfigsCommand).resolves({ ProvisionedConcurrencyConfigs: [] });
  lambda.on(ListEventSourceMappingsCommand).resolves({ EventSourceMappings: [] });
  lambda.on(GetFunctionConcurrencyCommand).resolves({});
});

describe('observe (aws-sdk-client-mock)', () => {
  test('plan functions are found by their plan tag (or in a stack) and keep their plan names in the workload', async () => {
    const deployed = { 'Shop-ApiF70053CD-X1': { 'cdk-lambda-scaling:function': 'api', 'aws:cloudformation:stack-name': 'Shop' }, 'Other-ApiF70053CD-Y2': { 'aws:cloudformation:stack-name': 'Other', 'aws:cloudformation:logical-id': 'ApiF70053CD' } };
    lambda.on(GetFunctionConfigurationCommand).rejects(sdkError('ResourceNotFoundException', 404, 'Function not found'));
    lambda.on(ListFunctionsCommand).resolves({ Functions: Object.keys(deployed).map((n) => config(n)) });
    for (const [n, tags] of Object.entries(deployed)) lambda.on(ListTagsCommand, { Resource: config(n).FunctionArn }).resolves({ Tags: tags });
    answerMetrics((metric, stat) => (metric === 'Invocations' ? 3600 : metric === 'Duration' ? (stat === 'p99' ? 400 : 100) : null));

    const tagPhases: string[] = [];
    const byTag = await observe(session(), { planFunctions: ['api'], days: 2, nowMs: NOW, onProgress: (phase, done, total) => phase === 'tags' && tagPhases.push(`${done}/${total}`) });
    // Searching the region reads every function's tags: the progress line counts them.
    expect(tagPhases).toEqual(['1/2', '2/2']);
    expect(byTag.observation.functions.map((f) => [f.deployed.name, f.found])).toEqual([['Shop-ApiF70053CD-X1', { planName: 'api', how: 'tag cdk-lambda-scaling:function=api' }]]);
    const inferred = inferWorkload(byTag.observation);
    expect(inferred.file.functions.map((f) => f.name)).toEqual(['api']);
    expect(inferred.functions[0].notes[0]).toBe('found: deployed as Shop-ApiF70053CD-X1 (by tag cdk-lambda-scaling:function=api)');

    const inOther = await observe(session(), { planFunctions: ['api'], stack: 'Other', days: 2, nowMs: NOW });
    expect(inOther.observation.functions.map((f) => [f.deployed.name, f.found?.how])).toEqual([['Other-ApiF70053CD-Y2', 'logical id ApiF70053CD in stack Other']]);
    const stackPhases: string[] = [];
    const wholeStack = await observe(session(), { all: true, stack: 'Shop', days: 2, nowMs: NOW, onProgress: (phase, done, total) => phase === 'tags' && stackPhases.push(`${done}/${total}`) });
    expect(stackPhases).toEqual(['1/2', '2/2']);
    expect(wholeStack.observation.functions.map((f) => f.found?.planName)).toEqual(['api']);
  });

  test('a function whose read is denied is reported with the IAM action; the others complete', async () => {
    lambda.on(GetFunctionConfigurationCommand).callsFake((i: { FunctionName: string }) => config(i.FunctionName));
    lambda.on(GetFunctionConcurrencyCommand, { FunctionName: 'orders' }).rejects(sdkError('AccessDeniedException', 403, 'not authorized'));
    lambda.on(GetFunctionConcurrencyCommand, { FunctionName: 'api' }).resolves({ ReservedConcurrentExecutions: 50 });
    answerMetrics((metric, stat) => (metric === 'Invocations' ? 3600 : metric === 'Duration' ? (stat === 'p99' ? 400 : 100) : null));

    const { observation } = await observe(session(), { functions: ['api', 'orders'], days: 2, nowMs: NOW });

    expect(observation.functions.map((f) => f.deployed.name)).toEqual(['api']);
    expect(observation.functions[0].deployed.reservedConcurrency).toBe(50);
    expect(observation.failures).toEqual([{ name: 'orders', message: expect.stringContaining('lambda:GetFunctionConcurrency') }]);
  });

  test('--all --stack: a plan tag that is not a workload function name is reported, not written (it would name a file outside the traces folder)', async () => {
    // Before, the tag value was the workload name and the trace file's: ../../escaped.csv was written outside -o's folder.
    const tags: Record<string, string> = { 'svc-a': '../../escaped', 'svc-b': 'team api', 'svc-c': 'api' };
    lambda.on(ListFunctionsCommand).resolves({ Functions: Object.keys(tags).map((n) => config(n)) });
    for (const [n, tag] of Object.entries(tags)) lambda.on(ListTagsCommand, { Resource: config(n).FunctionArn }).resolves({ Tags: { 'aws:cloudformation:stack-name': 'Shop', 'cdk-lambda-scaling:function': tag } });
    answerMetrics((metric, stat) => (metric === 'Invocations' ? 3600 : metric === 'Duration' ? (stat === 'p99' ? 400 : 100) : null));

    const { observation } = await observe(session(), { all: true, stack: 'Shop', days: 2, nowMs: NOW });

    expect(observation.functions.map((f) => [f.deployed.name, f.found?.planName])).toEqual([['svc-c', 'api']]);
    expect(observation.failures).toEqual([
      { name: 'svc-a', message: 'tag cdk-lambda-scaling:function="../../escaped" is not a workload function name (letters, digits, - and _, at most 64): not written; fix the tag' },
      { name: 'svc-b', message: 'tag cdk-lambda-scaling:function="team api" is not a workload function name (letters, digits, - and _, at most 64): not written; fix the tag' },
    ]);
    // The pattern is the workload schema's.
    const schema = JSON.parse(readFileSync(join(__dirname, '..', '..', 'schema', 'workload.schema.json'), 'utf8'));
    const name = JSON.stringify(schema).match(/"name":\{"description":"Function name[^}]*"pattern":"([^"]+)","maxLength":(\d+)/);
    expect(WORKLOAD_FUNCTION_NAME.source).toBe(name![1].replace('+$', `{1,${name![2]}}$`));
  });

  test('--function: one function given by name and by ARN is read once; an alias-qualified name is refused, not read as the function', async () => {
    // Before, api, its ARN and api:live were three functions named api in the workload (which plan rejects).
    lambda.on(GetFunctionConfigurationCommand).resolves(config('api'));
    answerMetrics((metric, stat) => (metric === 'Invocations' ? 3600 : metric === 'Duration' ? (stat === 'p99' ? 400 : 100) : null));

    const { observation } = await observe(session(), { functions: ['api', config('api').FunctionArn, 'api:live'], days: 2, nowMs: NOW });

    expect(observation.functions.map((f) => f.deployed.name)).toEqual(['api']);
    expect(observation.failures).toEqual([{ name: 'api:live', message: 'names the alias or version live of api; observe reads whole functions (every alias): give api' }]);
    expect(lambda.commandCalls(GetFunctionConfigurationCommand).map((c) => c.args[0].input.FunctionName)).toEqual(['api', config('api').FunctionArn]);
    expect(inferWorkload(observation).file.functions.map((f) => f.name)).toEqual(['api']);
  });

  test.each([
    ['api', { name: 'api' }],
    ['api:live', { name: 'api', qualifier: 'live' }],
    ['api:7', { name: 'api', qualifier: '7' }],
    ['arn:aws:lambda:us-east-1:123456789012:function:api', { name: 'api' }],
    ['arn:aws:lambda:us-east-1:123456789012:function:api:live', { name: 'api', qualifier: 'live' }],
    ['123456789012:function:api:$LATEST', { name: 'api', qualifier: '$LATEST' }],
  ])('functionInput(%s)', (input, expected) => {
    expect(functionInput(input)).toEqual(expected);
  });

  test('a function that does not exist is reported as not found', async () => {
    lambda.on(GetFunctionConfigurationCommand).rejects(sdkError('ResourceNotFoundException', 404, 'Function not found'));
    answerMetrics(() => null);
    const { observation } = await observe(session(), { functions: ['ghost'], days: 1, nowMs: NOW });
    expect(observation.failures[0]).toEqual({ name: 'ghost', message: expect.stringMatching(/^function not found in this region/) });
  });

  test('--all follows ListFunctions pages, keeps the prefix, and filters by every tag', async () => {
    lambda.on(ListFunctionsCommand).resolves({ Functions: [config('shop-a'), config('other')], NextMarker: 'p2' });
    lambda.on(ListFunctionsCommand, { Marker: 'p2' }).resolves({ Functions: [config('shop-b'), config('shop-c')] });
    lambda.on(ListTagsCommand).callsFake((i: { Resource: string }) => ({ Tags: i.Resource.endsWith('shop-c') ? { team: 'b' } : { team: 'a', env: 'prod' } }));
    answerMetrics(() => null);

    const phases: string[] = [];
    const { observation } = await observe(session(), { all: true, prefix: 'shop-', tags: { team: 'a' }, days: 1, nowMs: NOW, onProgress: (phase, done, total) => phases.push(`${phase} ${done}/${total}`) });

    expect(lambda.commandCalls(ListFunctionsCommand)).toHaveLength(2);
    expect(observation.functions.map((f) => f.deployed.name)).toEqual(['shop-a', 'shop-b']);
    // Every phase that reads one function at a time counts them (a progress line on a terminal).
    expect(phases.slice(0, 5)).toEqual(['tags 1/3', 'tags 2/3', 'tags 3/3', 'functions 1/2', 'functions 2/2']);
  });

  test('reads PC configs, SQS mappings and scalable targets across pages', async () => {
    lambda.on(GetFunctionConfigurationCommand).resolves(config('api'));
    lambda
      .on(ListProvisionedConcurrencyConfigsCommand)
      .resolves({ ProvisionedConcurrencyConfigs: [{ FunctionArn: `${config('api').FunctionArn}:live`, RequestedProvisionedConcurrentExecutions: 10, Status: 'READY' }], NextMarker: 'm' });
    lambda
      .on(ListProvisionedConcurrencyConfigsCommand, { Marker: 'm' })
      .resolves({ ProvisionedConcurrencyConfigs: [{ FunctionArn: `${config('api').FunctionArn}:canary`, RequestedProvisionedConcurrentExecutions: 2, Status: 'READY' }] });
    lambda.on(ListEventSourceMappingsCommand).resolves({
      EventSourceMappings: [{ UUID: 'u1', EventSourceArn: 'arn:aws:sqs:us-east-1:123456789012:jobs.fifo', BatchSize: 10, State: 'Enabled', ScalingConfig: { MaximumConcurrency: 20 } }],
    });
    autoscaling.on(DescribeScalableTargetsCommand).resolves({
      ScalableTargets: [
        { ServiceNamespace: 'lambda', ResourceId: 'function:api:live', ScalableDimension: 'lambda:function:ProvisionedConcurrency', MinCapacity: 2, MaxCapacity: 30, RoleARN: 'r', CreationTime: new Date() },
      ],
      NextToken: 't',
    });
    autoscaling.on(DescribeScalableTargetsCommand, { ServiceNamespace: 'lambda', NextToken: 't' }).resolves({
      ScalableTargets: [
        { ServiceNamespace: 'lambda', ResourceId: 'function:other:live', ScalableDimension: 'lambda:function:ProvisionedConcurrency', MinCapacity: 1, MaxCapacity: 3, RoleARN: 'r', CreationTime: new Date() },
      ],
    });
    autoscaling.on(DescribeScheduledActionsCommand).resolves({
      ScheduledActions: [
        { ScheduledActionName: 'h09', ScheduledActionARN: 'a', ServiceNamespace: 'lambda', Schedule: 'cron(0 9 * * ? *)', Timezone: 'Europe/Paris', ResourceId: 'function:api:live', ScalableTargetAction: { MinCapacity: 20, MaxCapacity: 30 }, CreationTime: new Date() },
      ],
    });
    answerMetrics(() => null);

    const { observation, metricStats } = await observe(session(), { functions: ['api'], days: 14, nowMs: NOW });
    const api = observation.functions[0].deployed;

    expect(api.provisioned.map((p) => [p.qualifier, p.requested])).toEqual([['live', 10], ['canary', 2]]);
    expect(api.mappings[0]).toMatchObject({ source: 'sqs', fifo: true, maxConcurrency: 20, batchSize: 10 });
    expect(api.scalableTargets).toEqual([
      { resourceId: 'function:api:live', qualifier: 'live', min: 2, max: 30, policies: [], scheduledActions: [{ name: 'h09', schedule: 'cron(0 9 * * ? *)', timezone: 'Europe/Paris', min: 20, max: 30 }] },
    ]);
    // 8 function series + the queue's NumberOfMessagesReceived.
    expect(metricStats.series).toBe(9);
    const queries = cloudwatch.commandCalls(GetMetricDataCommand)[0].args[0].input.MetricDataQueries!;
    expect(queries.find((q) => q.MetricStat?.Metric?.Namespace === 'AWS/SQS')?.MetricStat?.Metric?.Dimensions).toEqual([{ Name: 'QueueName', Value: 'jobs.fifo' }]);
  });

  test('each App Auto Scaling paginator starts from the first page (paginators must not share their input)', async () => {
    lambda.on(GetFunctionConfigurationCommand).resolves(config('api'));
    autoscaling.on(DescribeScheduledActionsCommand).resolves({ ScheduledActions: [], NextToken: 'a2' });
    autoscaling.on(DescribeScheduledActionsCommand, { ServiceNamespace: 'lambda', NextToken: 'a2' }).resolves({ ScheduledActions: [] });
    answerMetrics(() => null);
    await observe(session(), { functions: ['api'], days: 1, nowMs: NOW });
    expect(autoscaling.commandCalls(DescribeScalableTargetsCommand)[0].args[0].input.NextToken).toBeUndefined();
  });

  test('GetMetricData pages (NextToken) are joined per query id, in time order', async () => {
    lambda.on(GetFunctionConfigurationCommand).resolves(config('api'));
    const t0 = new Date(NOW - 2 * 3_600_000);
    const t1 = new Date(NOW - 3_600_000);
    cloudwatch.on(GetMetricDataCommand).callsFake((input: { MetricDataQueries: MetricDataQuery[]; NextToken?: string }) => ({
      MetricDataResults: input.MetricDataQueries.map((q) =>
        q.MetricStat?.Metric?.MetricName === 'Invocations' ? { Id: q.Id, Timestamps: [input.NextToken ? t0 : t1], Values: [input.NextToken ? 7200 : 3600], StatusCode: input.NextToken ? 'Complete' : 'PartialData' } : { Id: q.Id, Timestamps: [], Values: [] },
      ),
      NextToken: input.NextToken ? undefined : 'next',
    }));

    const { observation, metricStats } = await observe(session(), { functions: ['api'], days: 1, nowMs: NOW });

    expect(metricStats.getMetricDataCalls).toBe(2);
    expect(observation.functions[0].metrics.invocations).toEqual({ timestampsMs: [t0.getTime(), t1.getTime()], values: [7200, 3600] });
  });

  test('a failure outside any one function (account settings) stops the run with the IAM action', async () => {
    lambda.on(GetAccountSettingsCommand).rejects(sdkError('AccessDeniedException', 403));
    const err = await observe(session(), { functions: ['api'], days: 1, nowMs: NOW }).catch((e: unknown) => e);
    expect(isAwsReadError(err)).toBe(true);
    expect((err as Error).message).toMatch(/access denied to lambda:GetAccountSettings/);
  });
});
