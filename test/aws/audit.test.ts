import { mockClient } from 'aws-sdk-client-mock';
import { GetFunctionConcurrencyCommand, GetFunctionConfigurationCommand, LambdaClient, ListEventSourceMappingsCommand, ListFunctionsCommand, ListProvisionedConcurrencyConfigsCommand, ListTagsCommand } from '@aws-sdk/client-lambda';
import { ApplicationAutoScalingClient, DescribeScalableTargetsCommand, DescribeScalingPoliciesCommand, DescribeScheduledActionsCommand } from '@aws-sdk/client-application-auto-scaling';
import { AwsSession, compareFunction, compareWithPlan, logicalIdMatches, readForAudit, type DeployedFunction } from '../../lib/aws';
import { renderAudit } from '../../lib/report/audit';
import { planDigest } from '../../lib/planner';
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

const API_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:api';
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

  test('PC on a qualifier the plan does not name is drift, each qualifier named: a second scalable target, or a fixed config beside the planned one', () => {
    // Before, each target was compared alone (both matched), and fixed PC was looked at only without a target: no drift.
    const live = deployedMatching().scalableTargets[0];
    const twoTargets = deployedMatching({
      provisioned: [...deployedMatching().provisioned, { qualifier: 'canary', requested: 5, allocated: 5, status: 'READY' }],
      scalableTargets: [live, { ...live, resourceId: 'function:api:canary', qualifier: 'canary' }],
    });
    expect(drifted(compareFunction(fnPlan(), { name: 'api', deployed: twoTargets }))).toEqual(['provisioned concurrency qualifiers: 1 (max 40) -> 2: live 5-40, canary 5-40 (max 80 in all)']);
    const fixedBeside = deployedMatching({ provisioned: [...deployedMatching().provisioned, { qualifier: 'old', requested: 30, allocated: 30, status: 'READY' }] });
    expect(drifted(compareFunction(fnPlan(), { name: 'api', deployed: fixedBeside }))).toEqual(['provisioned concurrency qualifiers: 1 (max 40) -> 2: live 5-40, old 30 fixed (max 70 in all)']);
    // Without a scalable target, and without planned PC, the qualifiers are named too.
    const fixedOnly = deployedMatching({ scalableTargets: [], provisioned: [{ qualifier: 'live', requested: 5, allocated: 5, status: 'READY' }, { qualifier: 'old', requested: 30, allocated: 30, status: 'READY' }] });
    expect(drifted(compareFunction(fnPlan(), { name: 'api', deployed: fixedOnly }))).toEqual(['scalable target min-max: 5-40 -> none (live 5 fixed, old 30 fixed: 35 configured without auto scaling)']);
    expect(drifted(compareFunction(fnPlan({ provisioned: null }), { name: 'api', deployed: fixedBeside }))).toEqual(['provisioned concurrency: none -> live 5-40, old 30 fixed']);
  });

  test('every scaling policy of a target is compared: a second tracking policy and a step scaling policy are drift, in any order AWS lists them', () => {
    // Before, the first TargetTrackingScaling policy listed was compared and the others ignored.
    const planned = deployedMatching().scalableTargets[0].policies[0];
    const policies = [
      { name: 'a-extra', type: 'TargetTrackingScaling', targetValue: 0.95, statistic: 'Average' },
      planned,
      { name: 'step', type: 'StepScaling', targetValue: null, statistic: null },
    ];
    for (const order of [policies, [...policies].reverse()]) {
      const d = deployedMatching({ scalableTargets: [{ ...deployedMatching().scalableTargets[0], policies: order }] });
      expect(drifted(compareFunction(fnPlan(), { name: 'api', deployed: d })).sort()).toEqual(['scaling policy a-extra: none -> TargetTrackingScaling 0.95 Average', 'scaling policy step: none -> StepScaling']);
    }
    // Without the planned one, the first tracking policy by name is compared, the rest are extra.
    const wrong = deployedMatching({ scalableTargets: [{ ...deployedMatching().scalableTargets[0], policies: [policies[2], policies[0]] }] });
    expect(drifted(compareFunction(fnPlan(), { name: 'api', deployed: wrong }))).toEqual(['target utilization: 0.7 -> 0.95', 'scaling policy step: none -> StepScaling']);
  });

  test('a second deployed action with the same schedule and time zone is drift too, not folded into the first', () => {
    const first = deployedMatching().scalableTargets[0].scheduledActions[0];
    const twice = deployedMatching({ scalableTargets: [{ ...deployedMatching().scalableTargets[0], scheduledActions: [...deployedMatching().scalableTargets[0].scheduledActions, { ...first, name: 'copy', min: 1, max: 2 }] }] });
    expect(drifted(compareFunction(fnPlan(), { name: 'api', deployed: twice }))).toEqual([`schedule copy ${first.schedule} ${first.timezone}: none -> min 1 max 2`]);
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
    lambda.on(ListFunctionsCommand).resolves({ Functions: [{ FunctionName: 'api', FunctionArn: API_ARN }] });
    lambda.on(ListTagsCommand).resolves({ Tags: {} });
    const plan = { version: 1, account: { region: 'us-east-1' }, functions: [fnPlan(), fnPlan({ name: 'gone' })] } as unknown as Plan;

    const audited = await readForAudit(AwsSession.create({ region: 'us-east-1' }), plan);
    const rows = compareWithPlan(plan, audited);

    expect(rows.filter((r) => r.function === 'api' && r.status !== 'ok')).toEqual([]);
    expect(rows.filter((r) => r.function === 'gone')).toEqual([
      { function: 'gone', setting: 'read', planned: '-', deployed: 'function not found in this region (by name, or by tag cdk-lambda-scaling:function=gone)', status: 'error' },
    ]);
    expect(audited.map((a) => ('found' in a ? a.found?.foundBy : 'error'))).toEqual(['name', 'error']);
  });

  describe('functions whose names CloudFormation generated', () => {
    const generated = (name: string) => `Example-${name}F70053CD-AbCdEf123456`;
    const arn = (name: string) => `arn:aws:lambda:us-east-1:123456789012:function:${name}`;
    const notFound = Object.assign(new Error('Function not found'), { name: 'ResourceNotFoundException', $metadata: { httpStatusCode: 404 } });
    /** A region with `functions` (deployed name -> tags); nothing is found under a plan's name. */
    function region(functions: Record<string, Record<string, string>>): void {
      lambda.reset();
      autoscaling.reset();
      autoscaling.on(DescribeScalableTargetsCommand).resolves({ ScalableTargets: [] });
      autoscaling.on(DescribeScalingPoliciesCommand).resolves({ ScalingPolicies: [] });
      autoscaling.on(DescribeScheduledActionsCommand).resolves({ ScheduledActions: [] });
      lambda.on(GetFunctionConfigurationCommand).rejects(notFound);
      lambda.on(ListFunctionsCommand).resolves({ Functions: Object.keys(functions).map((n) => ({ FunctionName: n, FunctionArn: arn(n), MemorySize: 1024, Timeout: 10, Architectures: ['arm64'] })) });
      for (const [n, tags] of Object.entries(functions)) lambda.on(ListTagsCommand, { Resource: arn(n) }).resolves({ Tags: tags });
      lambda.on(GetFunctionConcurrencyCommand).resolves({ ReservedConcurrentExecutions: 60 });
      lambda.on(ListProvisionedConcurrencyConfigsCommand).resolves({ ProvisionedConcurrencyConfigs: [] });
      lambda.on(ListEventSourceMappingsCommand).resolves({ EventSourceMappings: [] });
    }
    const plan = (...functions: FunctionPlan[]) => ({ version: 1, account: { region: 'us-east-1' }, functions }) as unknown as Plan;
    const simple = (name: string) => fnPlan({ name, provisioned: null });
    const stackTags = (stack: string, logicalId: string) => ({ 'aws:cloudformation:stack-name': stack, 'aws:cloudformation:logical-id': logicalId });

    test('found by the plan tag; the digest the constructs wrote matches and the report names the deployed function', async () => {
      const api = simple('api');
      region({ [generated('Api')]: { 'cdk-lambda-scaling:function': 'api', 'cdk-lambda-scaling:plan-digest': planDigest(api) }, other: {} });
      const audited = await readForAudit(AwsSession.create({ region: 'us-east-1' }), plan(api));
      expect(audited[0]).toMatchObject({ name: 'api', deployed: { name: generated('Api') }, found: { foundBy: 'tag', how: 'tag cdk-lambda-scaling:function=api', planDigest: planDigest(api) } });
      const rows = compareWithPlan(plan(api), audited);
      expect(rows.filter((r) => r.status !== 'ok')).toEqual([]);
      expect(rows.find((r) => r.setting.startsWith('plan digest'))?.status).toBe('ok');
      expect(renderAudit('text', rows, { region: 'us-east-1', functions: 1, planFile: 'plan.json', audited })).toBe(
        `found api: ${generated('Api')} (by tag cdk-lambda-scaling:function=api)\nno drift: ${rows.length} settings of 1 function(s) in us-east-1 match plan.json; found by tag: 1\n`,
      );
    });

    test('a deployed digest that differs from the plan given is drift, even when every compared setting matches', async () => {
      const api = simple('api');
      const older = planDigest({ ...api, alarms: { ...api.alarms, concurrency: { threshold: 47 } } });
      expect(older).not.toBe(planDigest(api));
      region({ [generated('Api')]: { 'cdk-lambda-scaling:function': 'api', 'cdk-lambda-scaling:plan-digest': older } });
      const rows = compareWithPlan(plan(api), await readForAudit(AwsSession.create({ region: 'us-east-1' }), plan(api)));
      expect(drifted(rows)).toEqual([`plan digest (tag cdk-lambda-scaling:plan-digest): ${planDigest(api)} -> ${older}`]);
    });

    test('--stack: by tag, else by logical id, else by name, only among the stack\'s functions', async () => {
      region({
        [generated('Api')]: { ...stackTags('Shop', 'ApiF70053CD') },
        [generated('Worker')]: { ...stackTags('Shop', 'Handler1234ABCD'), 'cdk-lambda-scaling:function': 'worker' },
        report: stackTags('Shop', 'Reports9'),
        [generated('Other')]: { ...stackTags('Other', 'ApiF70053CD'), 'cdk-lambda-scaling:function': 'api' },
      });
      const audited = await readForAudit(AwsSession.create({ region: 'us-east-1' }), plan(simple('api'), simple('worker'), simple('report'), simple('ghost')), { stack: 'Shop' });
      expect(audited.map((a) => ('deployed' in a ? `${a.name} ${a.deployed.name} ${a.found?.foundBy}` : `${a.name}: ${a.error}`))).toEqual([
        `api ${generated('Api')} logical-id`,
        `worker ${generated('Worker')} tag`,
        'report report name',
        'ghost: function not found in stack Shop (by tag, logical id or name)',
      ]);
    });

    test('a stack without functions, and a tag on two functions, are errors that say what to do', async () => {
      region({ a: { 'cdk-lambda-scaling:function': 'api' }, b: { 'cdk-lambda-scaling:function': 'api' } });
      const [twice] = await readForAudit(AwsSession.create({ region: 'us-east-1' }), plan(simple('api')));
      expect(twice).toEqual({ name: 'api', error: '2 functions match tag cdk-lambda-scaling:function=api (a, b): give --stack to choose one' });
      const [none] = await readForAudit(AwsSession.create({ region: 'us-east-1' }), plan(simple('api')), { stack: 'Nope' });
      expect(none).toEqual({ name: 'api', error: 'stack Nope has no Lambda function in this region' });
    });
  });
});

describe('logicalIdMatches', () => {
  test.each([
    ['ApiF70053CD', 'api', true],
    ['Api', 'api', true],
    ['OrderWorker0A1B2C3D', 'order-worker', true],
    ['ApiHandlerF70053CD', 'api', false],
    ['ApiF70053C', 'api', false],
    [undefined, 'api', false],
    ['F70053CD', '--', false],
  ])('%s for plan function %s: %s', (id, name, expected) => {
    expect(logicalIdMatches(id, name)).toBe(expected);
  });
});
