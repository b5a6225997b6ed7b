import { CfnParameter, Duration } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { LambdaScalingPolicy, ProvisionedConcurrencyScaling } from '../../constructs';
import { DAYS_OF_WEEK, actionSchedule, shiftScheduleTime, type DayOfWeek } from '../../lib/model';
import { checkTemplates } from '../../lib/rules';
import { planDigest, planWorkload } from '../../lib/planner';
import { readPlan, writePlan } from '../../lib/plan-file';
import type { FunctionPlan } from '../../lib/planner/types';
import { parseWorkload } from '../../lib/workload';
import type { FunctionInput, WorkloadInput } from '../../lib/workload/input';
import { newDatabase, newFunction, newStack, propsOf } from './helpers';

const API: FunctionInput = {
  name: 'api', invocation: 'sync', memoryMb: 1024, timeoutSeconds: 10, durationMs: { avg: 200 }, latencySensitive: true,
  traffic: { hourlyRps: [5, 5, 5, 5, 5, 5, 5, 50, 50, 100, 100, 100, 100, 100, 100, 100, 100, 100, 50, 50, 50, 5, 5, 5] },
};
const WORKER: FunctionInput = { name: 'worker', invocation: 'sqs', memoryMb: 512, timeoutSeconds: 30, durationMs: { avg: 1500 }, traffic: { peakRps: 80 }, sqs: { batchSize: 10, maxBatchingWindowSeconds: 2, maxQueueAgeSeconds: 90 } };

function plan(input: Omit<WorkloadInput, 'account'> & Partial<Pick<WorkloadInput, 'account'>>): ReturnType<typeof planWorkload> {
  return planWorkload(parseWorkload(JSON.stringify({ account: { region: 'us-east-1' }, ...input }), 'test.json'));
}

describe('LambdaScalingPolicy', () => {
  test('a latency-sensitive sync plan: reserved, alias PC with bounds and schedule, alarms from the plan', () => {
    const p = plan({ functions: [API] }).functions[0];
    const stack = newStack();
    const policy = new LambdaScalingPolicy(stack, 'Api', { function: newFunction(stack, 'Fn', { memoryMb: 1024 }), plan: p });
    const pc = p.provisioned!;
    expect(pc.schedule.length).toBeGreaterThan(1);
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Lambda::Function', { ReservedConcurrentExecutions: p.reservedConcurrency });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      MinCapacity: pc.min, MaxCapacity: pc.max, ScheduledActions: Match.arrayWith([Match.objectLike({ Timezone: 'UTC' })]),
    });
    expect(propsOf(template, 'AWS::ApplicationAutoScaling::ScalableTarget')[0].ScheduledActions).toHaveLength(pc.schedule.length);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'ConcurrentExecutions', Threshold: p.alarms.concurrency.threshold });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'ProvisionedConcurrencyUtilization', Threshold: p.alarms.provisionedUtilization!.threshold });
    expect(Object.keys(policy.alarms.alarms).sort()).toEqual(['ConcurrentExecutions', 'ProvisionedUtilization', 'Spillover', 'Throttles']);
    expect(policy.sqs).toBeUndefined();
  });

  test('tags the function (only it, not its role or queue) with the plan function name and the plan digest', () => {
    const p = plan({ functions: [WORKER] }).functions[0];
    const stack = newStack();
    new LambdaScalingPolicy(stack, 'Worker', { function: newFunction(stack, 'Fn', { timeoutSeconds: 30 }), plan: p });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Tags: Match.arrayWith([{ Key: 'cdk-lambda-scaling:function', Value: 'worker' }, { Key: 'cdk-lambda-scaling:plan-digest', Value: planDigest(p) }]),
    });
    for (const type of ['AWS::IAM::Role', 'AWS::SQS::Queue']) {
      for (const props of propsOf(template, type)) expect(JSON.stringify(props.Tags ?? [])).not.toContain('cdk-lambda-scaling');
    }
  });

  test('an SQS plan: queue, DLQ, mapping, visibility and queue-age alarm from the plan', () => {
    const p = plan({ functions: [WORKER] }).functions[0];
    const s = p.sqs!;
    const stack = newStack();
    new LambdaScalingPolicy(stack, 'Worker', { function: newFunction(stack, 'Fn', { timeoutSeconds: 30 }), plan: p });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Lambda::Function', { ReservedConcurrentExecutions: p.reservedConcurrency });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', { BatchSize: s.batchSize, MaximumBatchingWindowInSeconds: 2, ScalingConfig: { MaximumConcurrency: s.maxConcurrency } });
    template.hasResourceProperties('AWS::SQS::Queue', { VisibilityTimeout: s.visibilityTimeoutSeconds, RedrivePolicy: { deadLetterTargetArn: Match.anyValue(), maxReceiveCount: s.maxReceiveCount } });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'ApproximateAgeOfOldestMessage', Threshold: p.alarms.queueAge!.thresholdSeconds });
    template.resourceCountIs('AWS::ApplicationAutoScaling::ScalableTarget', 0);
  });

  test('functions on one database share the proxy as the plan does', () => {
    const input = {
      databases: { db: { engine: 'postgres' as const, maxConnections: 300, otherClients: 10 } },
      functions: [
        { ...API, name: 'a', latencySensitive: false, traffic: { peakRps: 900 }, database: { name: 'db' } },
        { ...API, name: 'b', latencySensitive: false, traffic: { peakRps: 300 }, database: { name: 'db', connectionsPerEnvironment: 2 } },
      ],
    };
    const planned = plan(input);
    const workload = parseWorkload(JSON.stringify({ account: { region: 'us-east-1' }, ...input }), 'test.json');
    const stack = newStack();
    const { proxy } = newDatabase(stack);
    for (const fp of planned.functions) {
      new LambdaScalingPolicy(stack, fp.name, { function: newFunction(stack, `Fn${fp.name}`, { memoryMb: 1024 }), plan: fp, database: LambdaScalingPolicy.databaseOptions(workload, fp.name, proxy) });
    }
    const reserved = Object.values(Template.fromStack(stack).findResources('AWS::Lambda::Function')).map((r) => r.Properties.ReservedConcurrentExecutions);
    expect(reserved).toEqual(planned.functions.map((f) => f.reservedConcurrency));
    expect(reserved[0] + 2 * reserved[1]).toBeLessThanOrEqual(planned.databases[0].lambdaBudget);
  });

  test('an inline workload entry is planned at construction, like planWorkload does', () => {
    const stack = newStack();
    const policy = new LambdaScalingPolicy(stack, 'Inline', { function: newFunction(stack, 'Fn', { timeoutSeconds: 30 }), workload: { function: WORKER } });
    expect(policy.plan).toEqual(plan({ functions: [WORKER] }).functions[0]);
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', { ReservedConcurrentExecutions: policy.plan.reservedConcurrency });
  });

  test('planner findings of an inline entry become annotations', () => {
    const stack = newStack();
    new LambdaScalingPolicy(stack, 'Inline', {
      function: newFunction(stack, 'Fn', { memoryMb: 1024 }),
      workload: { account: { region: 'us-east-1', concurrencyLimit: 120, unreservedFloor: 100 }, function: { ...API, traffic: { peakRps: 400 }, latencySensitive: false } },
    });
    const planned = plan({ account: { region: 'us-east-1', concurrencyLimit: 120, unreservedFloor: 100 }, functions: [{ ...API, traffic: { peakRps: 400 }, latencySensitive: false }] });
    expect(planned.findings.length).toBeGreaterThan(0);
    const annotations = Annotations.fromStack(stack);
    for (const f of planned.findings) {
      const match = Match.stringLikeRegexp(f.ruleId);
      if (f.severity === 'error') annotations.hasError('/Stack/Inline', match);
      else annotations.hasWarning('/Stack/Inline', match);
    }
  });

  test('a memory different from the plan is a warning (the plan\'s cost assumes its own)', () => {
    const p = plan({ functions: [API] }).functions[0];
    const stack = newStack();
    new LambdaScalingPolicy(stack, 'Api', { function: newFunction(stack, 'Fn', { memoryMb: 2048 }), plan: p });
    Annotations.fromStack(stack).hasWarning('/Stack/Api', Match.stringLikeRegexp("function memory 2048 MB differs from the plan's memoryMb 1024"));
  });

  describe('validation', () => {
    const apiPlan = (): FunctionPlan => plan({ functions: [API] }).functions[0];
    test('rejects both plan and workload, and neither', () => {
      const stack = newStack();
      const fn = newFunction(stack, 'Fn');
      expect(() => new LambdaScalingPolicy(stack, 'A', { function: fn, plan: apiPlan(), workload: { function: API } })).toThrow("LambdaScalingPolicy 'Stack/A': give exactly one of plan and workload");
      expect(() => new LambdaScalingPolicy(stack, 'B', { function: fn })).toThrow("LambdaScalingPolicy 'Stack/B': give exactly one of plan and workload");
    });

    test('rejects a function whose timeout is not the plan\'s', () => {
      const stack = newStack();
      expect(() => new LambdaScalingPolicy(stack, 'A', { function: newFunction(stack, 'Fn', { timeoutSeconds: 20 }), plan: apiPlan() }))
        .toThrow("LambdaScalingPolicy 'Stack/A': function timeout must be the plan's timeoutSeconds 10 (plan 'api'), got 20");
    });

    test('rejects a queue for a function that is not SQS-invoked', () => {
      const stack = newStack();
      expect(() => new LambdaScalingPolicy(stack, 'A', { function: newFunction(stack, 'Fn'), plan: apiPlan(), queue: new sqs.Queue(stack, 'Q') }))
        .toThrow("LambdaScalingPolicy 'Stack/A': queue and encryptionKey apply to SQS-invoked functions; plan 'api' is sync");
    });

    test('rejects a reserved concurrency on the function that differs from the plan', () => {
      const stack = newStack();
      const p = apiPlan();
      expect(() => new LambdaScalingPolicy(stack, 'A', { function: newFunction(stack, 'Fn', { reserved: p.reservedConcurrency + 1 }), plan: p }))
        .toThrow(`LambdaScalingPolicy 'Stack/A': plan 'api' needs reservedConcurrentExecutions ${p.reservedConcurrency}, but the function already sets ${p.reservedConcurrency + 1}; remove one of them`);
    });

    test('a bad inline entry fails with the workload\'s path-qualified message', () => {
      const stack = newStack();
      expect(() => new LambdaScalingPolicy(stack, 'A', { function: newFunction(stack, 'Fn'), workload: { function: { ...API, memoryMb: 64 } } }))
        .toThrow(/Stack\/A \(workload\): functions\[0\]\.memoryMb/);
    });
  });

  test('a token function timeout does not fail: a warning says the check was skipped', () => {
    const stack = newStack();
    const timeout = Duration.seconds(new CfnParameter(stack, 'Timeout', { type: 'Number' }).valueAsNumber);
    expect(() => new LambdaScalingPolicy(stack, 'A', { function: newFunction(stack, 'Fn', { timeout, memoryMb: 1024 }), plan: plan({ functions: [API] }).functions[0] })).not.toThrow();
    Annotations.fromStack(stack).hasWarning('/Stack/A', Match.stringLikeRegexp('function.timeout is a token'));
  });
});

describe('day-of-week schedules', () => {
  /** The API plan with its schedule replaced by weekday and weekend actions (as the weekly planner writes them), in Europe/Paris. */
  function weeklyPlan(): FunctionPlan {
    const p = plan({ functions: [API] }).functions[0];
    const pc = p.provisioned!;
    const at = (minuteOfDay: number, days: readonly DayOfWeek[]) => actionSchedule(shiftScheduleTime({ minuteOfDay, daysOfWeek: days }, -2));
    const schedule = [
      { name: 'weekdays-h08', ...at(8 * 60, ['MON', 'TUE', 'WED', 'THU', 'FRI']), timezone: 'Europe/Paris', min: pc.max, max: pc.max },
      { name: 'weekend-h08', ...at(8 * 60, ['SAT', 'SUN']), timezone: 'Europe/Paris', min: pc.min + 1, max: pc.min + 1 },
      { name: 'nights-h21', ...actionSchedule({ minuteOfDay: 21 * 60, daysOfWeek: DAYS_OF_WEEK }), timezone: 'Europe/Paris', min: pc.min, max: pc.min },
    ];
    return { ...p, provisioned: { ...pc, schedule } };
  }

  test.each([
    ['ProvisionedConcurrencyScaling.optionsFromPlan', (stack: ReturnType<typeof newStack>, p: FunctionPlan) => new ProvisionedConcurrencyScaling(stack, 'Pc', { function: newFunction(stack, 'Fn', { memoryMb: 1024 }), ...ProvisionedConcurrencyScaling.optionsFromPlan(p.provisioned!) })],
    ['LambdaScalingPolicy', (stack: ReturnType<typeof newStack>, p: FunctionPlan) => new LambdaScalingPolicy(stack, 'Api', { function: newFunction(stack, 'Fn', { memoryMb: 1024 }), plan: p })],
  ])('%s synthesizes weekly crons with their time zone', (_name, build) => {
    const stack = newStack();
    const p = weeklyPlan();
    build(stack, p);
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      ScheduledActions: Match.arrayWith([
        Match.objectLike({ ScheduledActionName: 'weekdays-h08', Schedule: 'cron(58 7 ? * MON-FRI *)', Timezone: 'Europe/Paris', ScalableTargetAction: { MinCapacity: p.provisioned!.max, MaxCapacity: p.provisioned!.max } }),
        Match.objectLike({ ScheduledActionName: 'weekend-h08', Schedule: 'cron(58 7 ? * SUN,SAT *)', Timezone: 'Europe/Paris' }),
        Match.objectLike({ ScheduledActionName: 'nights-h21', Schedule: 'cron(0 21 * * ? *)', Timezone: 'Europe/Paris' }),
      ]),
    });
    // and the checks over the synthesized template accept them
    const findings = checkTemplates([{ stackName: 'Stack', template: template.toJSON() }]).filter((f) => /Schedule/.test(f.ruleId));
    expect(findings).toEqual([]);
  });
});

describe('planDigest', () => {
  const planned = plan({ functions: [API, WORKER] });
  test('the same for a plan as built, as read back from its file, and whatever the key order', () => {
    const reread = readPlan(writePlan(planned), 'plan.json', 'complete');
    const reverse = (v: unknown): unknown =>
      Array.isArray(v) ? v.map(reverse) : typeof v === 'object' && v !== null ? Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reverse(x)])) : v;
    const reordered = reverse(planned.functions[0]) as FunctionPlan;
    expect(Object.keys(reordered)[0]).toBe('rationale');
    expect(reread.functions.map(planDigest)).toEqual(planned.functions.map(planDigest));
    expect(planDigest(reordered)).toBe(planDigest(planned.functions[0]));
    expect(planDigest(planned.functions[0])).toMatch(/^sha256:[0-9a-f]{16}$/);
  });
  test('changes with any deployed setting, not with rationale, predictions or offered load', () => {
    const api = planned.functions[0];
    const pc = api.provisioned!;
    const variants: FunctionPlan[] = [
      { ...api, reservedConcurrency: api.reservedConcurrency + 1 },
      { ...api, provisioned: { ...pc, schedule: pc.schedule.map((a, i) => (i === 0 ? { ...a, timezone: 'Europe/Paris' } : a)) } },
      { ...api, alarms: { ...api.alarms, concurrency: { threshold: api.alarms.concurrency.threshold + 1 } } },
      { ...api, name: 'api2' },
    ];
    const digests = new Set([api, ...variants].map(planDigest));
    expect(digests.size).toBe(variants.length + 1);
    expect(planDigest({ ...api, rationale: ['other words'], offeredLoad: { ...api.offeredLoad, peak: 1 }, predicted: { ...api.predicted, throttleProbability: 0.5 } })).toBe(planDigest(api));
  });
});
