import { CfnParameter, TimeZone } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { ProvisionedConcurrencyScaling, ProvisionedConcurrencyScalingProps, ProxyConcurrencyLimit } from '../../constructs';
import { hourlyAction } from '../../lib/model';
import type { ProvisionedPlan } from '../../lib/planner/types';
import { newDatabase, newFunction, newStack } from './helpers';

const PLAN: ProvisionedPlan = {
  min: 5,
  max: 60,
  targetUtilization: 0.8,
  statistic: 'Maximum',
  hourly: [],
  schedule: [
    { name: 'h07', ...hourlyAction(7), timezone: 'Europe/Paris', min: 27, max: 30 },
    { name: 'h09', ...hourlyAction(9), timezone: 'Europe/Paris', min: 53, max: 60 },
    { name: 'h22', ...hourlyAction(22), timezone: 'Europe/Paris', min: 5, max: 6 },
  ],
};

describe('ProvisionedConcurrencyScaling', () => {
  test('applies a plan: alias with initial PC, bounds, Maximum custom metric, scheduled actions with time zone', () => {
    const stack = newStack();
    const fn = newFunction(stack, 'Api', { reserved: 100 });
    new ProvisionedConcurrencyScaling(stack, 'Pc', { function: fn, ...ProvisionedConcurrencyScaling.optionsFromPlan(PLAN) });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Lambda::Alias', { Name: 'live', ProvisionedConcurrencyConfig: { ProvisionedConcurrentExecutions: 5 } });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      MinCapacity: 5,
      MaxCapacity: 60,
      ScalableDimension: 'lambda:function:ProvisionedConcurrency',
      ServiceNamespace: 'lambda',
      ScheduledActions: PLAN.schedule.map((s) => ({
        ScheduledActionName: s.name,
        Schedule: s.cron,
        Timezone: s.timezone,
        ScalableTargetAction: { MinCapacity: s.min, MaxCapacity: s.max },
      })),
    });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      PolicyType: 'TargetTrackingScaling',
      TargetTrackingScalingPolicyConfiguration: {
        TargetValue: 0.8,
        CustomizedMetricSpecification: Match.objectLike({ MetricName: 'ProvisionedConcurrencyUtilization', Namespace: 'AWS/Lambda', Statistic: 'Maximum' }),
      },
    });
    // The scalable target waits for the alias it names.
    const targets = template.findResources('AWS::ApplicationAutoScaling::ScalableTarget');
    const aliasId = Object.keys(template.findResources('AWS::Lambda::Alias'))[0];
    expect(Object.values(targets)[0].DependsOn).toContain(aliasId);
  });

  test('Average uses the predefined utilization metric; explicit actions default to UTC', () => {
    const stack = newStack();
    new ProvisionedConcurrencyScaling(stack, 'Pc', {
      function: newFunction(stack, 'Api'),
      minCapacity: 0,
      maxCapacity: 10,
      schedule: [{ name: 'night', schedule: appscaling.Schedule.cron({ hour: '22', minute: '0' }), minCapacity: 0, maxCapacity: 2 }],
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      TargetTrackingScalingPolicyConfiguration: { TargetValue: 0.7, PredefinedMetricSpecification: { PredefinedMetricType: 'LambdaProvisionedConcurrencyUtilization' } },
    });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', { ScheduledActions: [Match.objectLike({ ScheduledActionName: 'night', Timezone: 'Etc/UTC' })] });
    // min 0: the alias starts with no PC rather than an invalid 0.
    template.hasResourceProperties('AWS::Lambda::Alias', { ProvisionedConcurrencyConfig: Match.absent() });
  });

  test('a plan without target tracking: schedule alone, no scaling policy', () => {
    const stack = newStack();
    const fn = newFunction(stack, 'Api', { reserved: 100 });
    const plan: ProvisionedPlan = {
      ...PLAN,
      min: 1,
      max: 4,
      targetUtilization: null,
      schedule: [
        { name: 'h07', ...hourlyAction(7, 2), timezone: 'UTC', min: 4, max: 4 },
        { name: 'h22', ...hourlyAction(22), timezone: 'UTC', min: 1, max: 1 },
      ],
    };
    const pc = new ProvisionedConcurrencyScaling(stack, 'Pc', { function: fn, ...ProvisionedConcurrencyScaling.optionsFromPlan(plan) });
    expect(pc.trackingPolicy).toBeUndefined();
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::ApplicationAutoScaling::ScalingPolicy', 0);
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      MinCapacity: 1,
      MaxCapacity: 4,
      ScheduledActions: plan.schedule.map((s) => Match.objectLike({ Schedule: s.cron, ScalableTargetAction: { MinCapacity: s.min, MaxCapacity: s.max } })),
    });
  });

  test('scales a given alias', () => {
    const stack = newStack();
    const fn = newFunction(stack, 'Api');
    const alias = new lambda.Alias(stack, 'Prod', { aliasName: 'prod', version: fn.currentVersion, provisionedConcurrentExecutions: 3 });
    const pc = new ProvisionedConcurrencyScaling(stack, 'Pc', { alias, minCapacity: 3, maxCapacity: 9, schedule: [{ name: 'am', schedule: appscaling.Schedule.expression('cron(0 8 * * ? *)'), timeZone: TimeZone.EUROPE_LONDON, minCapacity: 9 }] });
    expect(pc.alias).toBe(alias);
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Lambda::Alias', 1);
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      ResourceId: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp(':prod$')])] },
    });
  });

  test('a reserved concurrency set by ProxyConcurrencyLimit below maxCapacity fails at synthesis', () => {
    const stack = newStack();
    const { proxy } = newDatabase(stack);
    const fn = newFunction(stack, 'Api');
    new ProxyConcurrencyLimit(stack, 'Limit', { function: fn, proxy, environments: 100, maxConnections: 20 });
    new ProvisionedConcurrencyScaling(stack, 'Pc', { function: fn, minCapacity: 1, maxCapacity: 30 });
    expect(() => Template.fromStack(stack)).toThrow(/ProvisionedConcurrencyScaling 'Pc': maxCapacity 30 exceeds the function's reserved concurrency 14/);
  });

  describe('validation', () => {
    const every = { minCapacity: 1, maxCapacity: 10 };
    const cases: Array<[string, Partial<ProvisionedConcurrencyScalingProps>, string]> = [
      ['min above max', { minCapacity: 11, maxCapacity: 10 }, "ProvisionedConcurrencyScaling 'Pc': minCapacity must be at most maxCapacity 10, got 11"],
      ['a negative min', { minCapacity: -1 }, "ProvisionedConcurrencyScaling 'Pc': minCapacity must be at least 0, got -1"],
      ['max 0', { minCapacity: 0, maxCapacity: 0 }, "ProvisionedConcurrencyScaling 'Pc': maxCapacity must be at least 1, got 0"],
      ['a target above 0.9', { targetUtilization: 0.95 }, "ProvisionedConcurrencyScaling 'Pc': targetUtilization must be between 0.1 and 0.9, got 0.95"],
      ['a target below 0.1', { targetUtilization: 0.05 }, "ProvisionedConcurrencyScaling 'Pc': targetUtilization must be between 0.1 and 0.9, got 0.05"],
      ['an initial PC outside the bounds', { initialProvisioned: 20 }, "ProvisionedConcurrencyScaling 'Pc': initialProvisioned must be between 1 and 10, got 20"],
      ['max above reserved', { maxCapacity: 60 }, "ProvisionedConcurrencyScaling 'Pc': maxCapacity 60 exceeds the function's reserved concurrency 50; provisioned concurrency cannot exceed it"],
      ['a scheduled action above the bounds', { schedule: [{ name: 'a', schedule: appscaling.Schedule.expression('cron(0 9 * * ? *)'), minCapacity: 2, maxCapacity: 11 }] }, "ProvisionedConcurrencyScaling 'Pc': schedule[0].maxCapacity must be between 1 and 10, got 11"],
      ['a scheduled action with min above max', { schedule: [{ name: 'a', schedule: appscaling.Schedule.expression('cron(0 9 * * ? *)'), minCapacity: 8, maxCapacity: 4 }] }, "ProvisionedConcurrencyScaling 'Pc': schedule[0].minCapacity must be at most schedule[0].maxCapacity 4, got 8"],
      ['a scheduled action with no capacity', { schedule: [{ name: 'a', schedule: appscaling.Schedule.expression('cron(0 9 * * ? *)') }] }, "ProvisionedConcurrencyScaling 'Pc': schedule[0] must set minCapacity or maxCapacity"],
      ['a target without target tracking', { targetTracking: false, targetUtilization: 0.7 }, "ProvisionedConcurrencyScaling 'Pc': targetUtilization applies to target tracking; it cannot be used with targetTracking: false"],
      ['a statistic without target tracking', { targetTracking: false, statistic: 'Maximum' }, "ProvisionedConcurrencyScaling 'Pc': statistic applies to target tracking; it cannot be used with targetTracking: false"],
      ['duplicate action names', { schedule: [1, 2].map(() => ({ name: 'a', schedule: appscaling.Schedule.expression('cron(0 9 * * ? *)'), minCapacity: 2 })) }, "ProvisionedConcurrencyScaling 'Pc': schedule[1].name must be unique, got a twice"],
    ];
    test.each(cases)('rejects %s', (_name, props, message) => {
      const stack = newStack();
      expect(() => new ProvisionedConcurrencyScaling(stack, 'Pc', { function: newFunction(stack, 'Api', { reserved: 50 }), ...every, ...props })).toThrow(message);
    });

    test('rejects both function and alias, and neither', () => {
      const stack = newStack();
      const fn = newFunction(stack, 'Api');
      const alias = new lambda.Alias(stack, 'A', { aliasName: 'a', version: fn.currentVersion });
      const message = "ProvisionedConcurrencyScaling 'Pc': give exactly one of function and alias";
      expect(() => new ProvisionedConcurrencyScaling(stack, 'Pc', { function: fn, alias, ...every })).toThrow(message);
      expect(() => new ProvisionedConcurrencyScaling(stack, 'Pc2', { ...every })).toThrow(message.replace("'Pc'", "'Pc2'"));
    });

    test('rejects aliasName and initialProvisioned with a given alias (they would be ignored)', () => {
      const stack = newStack();
      const alias = new lambda.Alias(stack, 'A', { aliasName: 'a', version: newFunction(stack, 'Api').currentVersion });
      expect(() => new ProvisionedConcurrencyScaling(stack, 'Pc', { alias, aliasName: 'b', initialProvisioned: 2, ...every }))
        .toThrow(/aliasName names the alias the construct creates; it cannot be used with alias\n.*initialProvisioned applies to the alias the construct creates/);
    });
  });

  test('token bounds do not fail; warnings name them', () => {
    const stack = newStack();
    const n = (id: string) => new CfnParameter(stack, id, { type: 'Number' }).valueAsNumber;
    expect(() => new ProvisionedConcurrencyScaling(stack, 'Pc', { function: newFunction(stack, 'Api', { reserved: 50 }), minCapacity: n('Min'), maxCapacity: n('Max'), targetUtilization: n('Target') })).not.toThrow();
    const annotations = Annotations.fromStack(stack);
    for (const field of ['minCapacity', 'maxCapacity', 'targetUtilization']) {
      annotations.hasWarning('/Stack/Pc', Match.stringLikeRegexp(`${field} is a token`));
    }
  });
});
