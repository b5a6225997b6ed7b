import { mockClient } from 'aws-sdk-client-mock';
import { GetFunctionConcurrencyCommand, GetFunctionConfigurationCommand, LambdaClient, ListEventSourceMappingsCommand, ListProvisionedConcurrencyConfigsCommand } from '@aws-sdk/client-lambda';
import { ApplicationAutoScalingClient, DescribeScalableTargetsCommand, DescribeScalingPoliciesCommand, DescribeScheduledActionsCommand } from '@aws-sdk/client-application-auto-scaling';
import { AwsSession, compareFunction, compareWithPlan, readForAudit, type DeployedFunction } from '../../lib/aws';
import { hourlyAction } from '../../lib/model';
import { readPlan } from '../../lib/plan-file';
import type { FunctionPlan, Plan } from '../../lib/planner/types';

const provisioned = {
  min: 5,
  max: 40,
  targetUtilization: 0.7,
  statistic: 'Average' as const,
  hourly: new Array(24).fill(5),
  schedule: [{ name: 'h09', ...hourlyAction(9), timezone: 'UTC', min: 30, max: 40 }],
};

function fnPlan(over: Partial<FunctionPlan> = {}): FunctionPlan {
  return {
    name: 'api',
    invocation: 'sync',
    memoryMb: 1024,
    timeoutSeconds: 10,
    architecture: 'arm64',
    offeredLoad: { peak: 20, average: 10, hourly: new Array(24).fill(10) },
    reservedConcurrency: 60,
    provisioned,
    sqs: null,
    alarms: { throttles: null, concurrency: { threshold: 48 }, spillover: null, provisionedUtilization: null, dlqDepth: null, queueAge: null },
    predicted: { throttleProbability: 0.001, spilloverProbability: null, monthlyCostUsd: { provisioned: 0, onDemand: 0, requests: 0, total: 0 } },
    rationale: [],
    ...over,
  };
}

function deployedMatching(over: Partial<DeployedFunction> = {}): DeployedFunction {
  return {
    name: 'api',
    arn: 'arn:aws:lambda:us-east-1:123456789012:function:api',
    memoryMb: 1024,
    timeoutSeconds: 10,
    architecture: 'arm64',
    reservedConcurrency: 60,
    provisioned: [{ qualifier: 'live', requested: 5, allocated: 5, status: 'READY' }],
    mappings: [],
    scalableTargets: [
      {
        resourceId: 'function:api:live',
        qualifier: 'live',
        min: 5,
        max: 40,
        policies: [{ name: 'tracking', type: 'TargetTrackingScaling', targetValue: 0.7, statistic: 'Average' }],
        scheduledActions: [{ name: 'anything', schedule: 'cron(0 9 * * ? *)', timezone: 'UTC', min: 30, max: 40 }],
      },
    ],
    ...over,
  };
}

const drifted = (rows: ReturnType<typeof compareFunction>) => rows.filter((r) => r.status !== 'ok').map((r) => `${r.setting}: ${r.planned} -> ${r.deployed}`);

describe('audit of a plan by day of the week', () => {
  const weekly = {
    ...provisioned,
    schedule: [
      { name: 'mon-fri-h08', cron: 'cron(58 7 ? * MON-FRI *)', when: { minuteOfDay: 478, daysOfWeek: ['MON', 'TUE', 'WED', 'THU', 'FRI'] as const }, timezone: 'Europe/Paris', min: 30, max: 40 },
      { name: 'sat-h00', cron: 'cron(0 0 ? * SAT *)', when: { minuteOfDay: 0, daysOfWeek: ['SAT'] as const }, timezone: 'Europe/Paris', min: 5, max: 6 },
    ],
  };
  const deployedWith = (actions: { name: string; schedule: string; timezone: string; min: number; max: number }[]) =>
    ({ name: 'api', deployed: deployedMatching({ scalableTargets: [{ ...deployedMatching().scalableTargets[0], scheduledActions: actions }] }) });

  test('day-of-week actions match whatever their spelling (day numbers, ranges, names)', () => {
    const rows = compareFunction(fnPlan({ provisioned: weekly }), deployedWith([
      { name: 'a', schedule: 'cron(58 7 ? * 2-6 *)', timezone: 'Europe/Paris', min: 30, max: 40 },
      { name: 'b', schedule: 'cron(0 0 ? * 7 *)', timezone: 'Europe/Paris', min: 5, max: 6 },
    ]));
    expect(drifted(rows)).toEqual([]);
  });

  test('an action deployed on other days is drift: the planned one is missing, the deployed one unplanned', () => {
    const rows = compareFunction(fnPlan({ provisioned: weekly }), deployedWith([
      { name: 'a', schedule: 'cron(58 7 * * ? *)', timezone: 'Europe/Paris', min: 30, max: 40 },
      { name: 'b', schedule: 'cron(0 0 ? * SAT *)', timezone: 'Europe/Paris', min: 5, max: 6 },
    ]));
    expect(drifted(rows)).toHaveLength(2);
    expect(drifted(rows).join('\n')).toMatch(/cron\(58 7 \? \* MON-FRI \*\)/);
  });
});

describe('compareFunction', () => {
  test('no drift when everything matches (schedules match by cron and time zone, not by name)', () => {
    const rows = compareFunction(fnPlan(), { name: 'api', deployed: deployedMatching() });
    expect(drifted(rows)).toEqual([]);
    expect(rows.map((r) => r.setting)).toEqual(
      expect.arrayContaining(['reservedConcurrency', 'scalable target min', 'scalable target max', 'target utilization', 'schedule h09 cron(0 9 * * ? *) UTC']),
    );
  });

  test('a deployed schedule spelled another way (cron(0 9 ? * * *)) is the planned action, a different time is not', () => {
    const spelled = (schedule: string) => deployedMatching({ scalableTargets: [{ ...deployedMatching().scalableTargets[0], scheduledActions: [{ name: 'x', schedule, timezone: 'UTC', min: 30, max: 40 }] }] });
    expect(drifted(compareFunction(fnPlan(), { name: 'api', deployed: spelled('cron(0 9 ? * * *)') }))).toEqual([]);
    expect(drifted(compareFunction(fnPlan(), { name: 'api', deployed: spelled('cron(0 10 ? * * *)') }))).toEqual([
      'schedule h09 cron(0 9 * * ? *) UTC: min 30 max 40 -> none',
      'schedule x cron(0 10 ? * * *) UTC: none -> min 30 max 40',
    ]);
  });

  test('reports reserved concurrency, bounds, target and schedule drift', () => {
    const d = deployedMatching({
      reservedConcurrency: null,
      scalableTargets: [{ ...deployedMatching().scalableTargets[0], max: 35, policies: [], scheduledActions: [{ name: 'x', schedule: 'cron(0 9 * * ? *)', timezone: null, min: 30, max: 35 }] }],
    });
    expect(drifted(compareFunction(fnPlan(), { name: 'api', deployed: d }))).toEqual([
      'reservedConcurrency: 60 -> none',
      'scalable target max: 40 -> 35',
      'target utilization: 0.7 -> none',
      'target statistic: Average -> none',
      'schedule h09 cron(0 9 * * ? *) UTC: min 30 max 40 -> min 30 max 35',
    ]);
  });

  test('a plan without target tracking matches a target without a policy, and flags one that has it', () => {
    const scheduleOnly = fnPlan({ provisioned: { ...provisioned, targetUtilization: null } });
    const noPolicy = deployedMatching({ scalableTargets: [{ ...deployedMatching().scalableTargets[0], policies: [] }] });
    expect(drifted(compareFunction(scheduleOnly, { name: 'api', deployed: noPolicy }))).toEqual([]);
    expect(drifted(compareFunction(scheduleOnly, { name: 'api', deployed: deployedMatching() }))).toEqual(['target utilization: none -> 0.7']);
  });

  test('a schedule only in the account is drift; so is PC deployed when the plan has none', () => {
    const extra = deployedMatching({ scalableTargets: [{ ...deployedMatching().scalableTargets[0], scheduledActions: [...deployedMatching().scalableTargets[0].scheduledActions, { name: 'night', schedule: 'cron(0 22 * * ? *)', timezone: 'UTC', min: 0, max: 5 }] }] });
    expect(drifted(compareFunction(fnPlan(), { name: 'api', deployed: extra }))).toEqual(['schedule night cron(0 22 * * ? *) UTC: none -> min 0 max 5']);
    expect(drifted(compareFunction(fnPlan({ provisioned: null }), { name: 'api', deployed: deployedMatching() }))).toEqual(['provisioned concurrency: none -> live 5-40']);
  });

  test('compares SQS mapping maxConcurrency and batch settings', () => {
    const sqs = { batchSize: 10, maxBatchingWindowSeconds: 2, maxConcurrency: 25, visibilityTimeoutSeconds: 180, maxReceiveCount: 5, dlqRetentionDays: 14, fifo: false, maxQueueAgeSeconds: 60, peakBatchesPerSecond: 3, queueAgeExceedProbability: 0.01 };
    const mapping = { uuid: 'u', eventSourceArn: 'arn:aws:sqs:us-east-1:1:jobs', source: 'sqs', state: 'Enabled', batchSize: 10, maxBatchingWindowSeconds: 0, maxConcurrency: 50, fifo: false };
    const plan = fnPlan({ invocation: 'sqs', provisioned: null, sqs });
    const d = deployedMatching({ provisioned: [], scalableTargets: [], mappings: [mapping] });
    expect(drifted(compareFunction(plan, { name: 'api', deployed: d }))).toEqual(['mapping maxConcurrency: 25 -> 50', 'mapping maxBatchingWindowSeconds: 2 -> 0']);
    expect(drifted(compareFunction(plan, { name: 'api', deployed: { ...d, mappings: [] } }))).toEqual(['SQS event source mapping: enabled -> none']);
  });

  test('a function that could not be read is an error row', () => {
    expect(compareFunction(fnPlan(), { name: 'api', error: 'access denied to lambda:GetFunctionConcurrency' })).toEqual([
      { function: 'api', setting: 'read', planned: '-', deployed: 'access denied to lambda:GetFunctionConcurrency', status: 'error' },
    ]);
  });
});

describe('readPlan for audit (complete)', () => {
  const account = { region: 'us-east-1', concurrencyLimit: 1000, unreservedFloor: 100, scalingModel: 'per-function', reservedTotal: 60, unreservedRemaining: 940, claimedAlarmThreshold: 700 };
  const plan = (functions: unknown[]) => JSON.stringify({ version: 1, account, functions, databases: [], findings: [], notes: [] });
  test('accepts a complete plan, and keys it does not know', () => {
    expect(readPlan(plan([{ ...fnPlan(), addedLater: true }]), 'plan.json', 'complete').functions[0].name).toBe('api');
  });
  test('names the file, the field path and the value', () => {
    expect(() => readPlan(plan([fnPlan(), { ...fnPlan({ name: 'b' }), reservedConcurrency: 'many' }]), 'plan.json', 'complete')).toThrow('plan.json: functions[1].reservedConcurrency must be integer, got "many"');
    expect(() => readPlan(plan([{ ...fnPlan(), provisioned: { ...provisioned, schedule: [{ name: 'h', cron: 'c', timezone: 'UTC', min: -1, max: 2 }] } }]), 'p.json', 'complete')).toThrow(
      'p.json: functions[0].provisioned.schedule[0].min must be >= 0, got -1',
    );
    const { region: _region, ...withoutRegion } = account;
    expect(() => readPlan(JSON.stringify({ version: 1, account: withoutRegion, databases: [], findings: [], notes: [] }), 'p.json', 'complete')).toThrow(
      /^p.json: account.region is required\np.json: functions is required$/,
    );
    expect(() => readPlan(plan([fnPlan({ sqs: undefined })]), 'p.json', 'complete')).toThrow(/^p.json: functions\[0\].sqs is required$/);
    expect(() => readPlan('{not json', 'p.json', 'complete')).toThrow(/^p.json: not valid JSON/);
  });
});

describe('readForAudit (aws-sdk-client-mock)', () => {
  const lambda = mockClient(LambdaClient);
  const autoscaling = mockClient(ApplicationAutoScalingClient);
  afterAll(() => {
    lambda.restore();
    autoscaling.restore();
  });

  test('reads each planned function; a missing one becomes an error row and the others complete', async () => {
    autoscaling.on(DescribeScalableTargetsCommand).resolves({
      ScalableTargets: [{ ServiceNamespace: 'lambda', ResourceId: 'function:api:live', ScalableDimension: 'lambda:function:ProvisionedConcurrency', MinCapacity: 5, MaxCapacity: 40, RoleARN: 'r', CreationTime: new Date() }],
    });
    autoscaling.on(DescribeScalingPoliciesCommand).resolves({
      ScalingPolicies: [
        {
          PolicyARN: 'p', PolicyName: 'tracking', ServiceNamespace: 'lambda', ResourceId: 'function:api:live', ScalableDimension: 'lambda:function:ProvisionedConcurrency', PolicyType: 'TargetTrackingScaling', CreationTime: new Date(),
          TargetTrackingScalingPolicyConfiguration: { TargetValue: 0.7, PredefinedMetricSpecification: { PredefinedMetricType: 'LambdaProvisionedConcurrencyUtilization' } },
        },
      ],
    });
    autoscaling.on(DescribeScheduledActionsCommand).resolves({
      ScheduledActions: [{ ScheduledActionName: 's', ScheduledActionARN: 'a', ServiceNamespace: 'lambda', Schedule: 'cron(0 9 * * ? *)', Timezone: 'UTC', ResourceId: 'function:api:live', ScalableTargetAction: { MinCapacity: 30, MaxCapacity: 40 }, CreationTime: new Date() }],
    });
    lambda.on(GetFunctionConfigurationCommand, { FunctionName: 'api' }).resolves({ FunctionName: 'api', MemorySize: 1024, Timeout: 10, Architectures: ['arm64'] });
    lambda.on(GetFunctionConfigurationCommand, { FunctionName: 'gone' }).rejects(Object.assign(new Error('Function not found'), { name: 'ResourceNotFoundException', $metadata: { httpStatusCode: 404 } }));
    lambda.on(GetFunctionConcurrencyCommand).resolves({ ReservedConcurrentExecutions: 60 });
    lambda.on(ListProvisionedConcurrencyConfigsCommand).resolves({ ProvisionedConcurrencyConfigs: [] });
    lambda.on(ListEventSourceMappingsCommand).resolves({ EventSourceMappings: [] });
    const plan = { version: 1, account: { region: 'us-east-1' }, functions: [fnPlan(), fnPlan({ name: 'gone' })] } as unknown as Plan;

    const audited = await readForAudit(AwsSession.create({ region: 'us-east-1' }), plan);
    const rows = compareWithPlan(plan, audited);

    expect(rows.filter((r) => r.function === 'api' && r.status !== 'ok')).toEqual([]);
    expect(rows.filter((r) => r.function === 'gone')).toEqual([{ function: 'gone', setting: 'read', planned: '-', deployed: 'function not found in this region', status: 'error' }]);
  });
});
