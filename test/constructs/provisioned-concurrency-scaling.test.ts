import { CfnParameter, TimeZone } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { ProvisionedConcurrencyScaling, ProvisionedConcurrencyScalingProps, ProxyConcurrencyLimit } from '../../constructs';
import { hourlyAction } from '../../lib/model';
import type { ProvisionedPlan } from '../../lib/planner/types';
import { newDatabase, newFunction, newStack } from './helpers';
import { checkTemplate } from '../../constructs/testing';
import { planWorkload } from '../../lib/planner';
import { weekWorkload } from '../support/week';

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

  test('applies a plan by day of the week: day-of-week crons with their time zone, and the rules find nothing', () => {
    // 14 days with quiet weekends, planned by the real planner in Europe/Paris.
    const plan = planWorkload(weekWorkload({ peakPerMinute: 600 })).functions[0];
    const pc = plan.provisioned as ProvisionedPlan;
    expect(pc.schedule.some((a) => /\? \* MON-FRI \*\)$/.test(a.cron))).toBe(true);
    const stack = newStack();
    const fn = newFunction(stack, 'Api', { reserved: plan.reservedConcurrency });
    new ProvisionedConcurrencyScaling(stack, 'Pc', { function: fn, ...ProvisionedConcurrencyScaling.optionsFromPlan(pc) });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      MinCapacity: pc.min,
      MaxCapacity: pc.max,
      ScheduledActions: pc.schedule.map((s) => ({
        ScheduledActionName: s.name,
        Schedule: s.cron,
        Timezone: 'Europe/Paris',
        ScalableTargetAction: { MinCapacity: s.min, MaxCapacity: s.max },
      })),
    });
    const schedules = checkTemplate(template).filter((f) => ['ScheduleTimezone', 'ScalableTargetBounds', 'ProvisionedExceedsReserved'].includes(f.ruleId));
    expect(schedules).toEqual([]);
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
    expect(() => Template.fromStack(stack)).toThrow(/ProvisionedConcurrencyScaling 'Stack\/Pc': ProvisionedExceedsReserved: MaxCapacity of scalable target Stack\/Pc\/Target of Stack\/Api is 30, above its reserved concurrency 14/);
  });

  describe('validation', () => {
    const every = { minCapacity: 1, maxCapacity: 10 };
    const cases: Array<[string, Partial<ProvisionedConcurrencyScalingProps>, string]> = [
      ['min above max', { minCapacity: 11, maxCapacity: 10 }, "ProvisionedConcurrencyScaling 'Stack/Pc': ScalableTargetBounds: scalable target Stack/Pc/Target has MinCapacity 11 above MaxCapacity 10"],
      ['a negative min', { minCapacity: -1 }, "ProvisionedConcurrencyScaling 'Stack/Pc': minCapacity must be at least 0, got -1"],
      ['max 0', { minCapacity: 0, maxCapacity: 0 }, "ProvisionedConcurrencyScaling 'Stack/Pc': maxCapacity must be at least 1, got 0"],
      ['a target above 0.9', { targetUtilization: 0.95 }, "ProvisionedConcurrencyScaling 'Stack/Pc': ScalableTargetBounds: scaling policy Stack/Pc/Target/Utilization tracks a utilization target of 0.95, outside 0.1–0.9"],
      ['a target below 0.1', { targetUtilization: 0.05 }, "ProvisionedConcurrencyScaling 'Stack/Pc': ScalableTargetBounds: scaling policy Stack/Pc/Target/Utilization tracks a utilization target of 0.05, outside 0.1–0.9"],
      ['an initial PC outside the bounds', { initialProvisioned: 20 }, "ProvisionedConcurrencyScaling 'Stack/Pc': initialProvisioned must be between 1 and 10, got 20"],
      ['max above reserved', { maxCapacity: 60 }, "ProvisionedConcurrencyScaling 'Stack/Pc': ProvisionedExceedsReserved: MaxCapacity of scalable target Stack/Pc/Target of Stack/Api is 60, above its reserved concurrency 50. Fix: Lower MaxCapacity of scalable target Stack/Pc/Target to at most 50, or raise reserved concurrency"],
      ['a scheduled action above the bounds', { schedule: [{ name: 'a', schedule: appscaling.Schedule.expression('cron(0 9 * * ? *)'), minCapacity: 2, maxCapacity: 11 }] }, "ProvisionedConcurrencyScaling 'Stack/Pc': schedule[0].maxCapacity must be between 1 and 10, got 11"],
      ['a scheduled action with min above max', { schedule: [{ name: 'a', schedule: appscaling.Schedule.expression('cron(0 9 * * ? *)'), minCapacity: 8, maxCapacity: 4 }] }, "ProvisionedConcurrencyScaling 'Stack/Pc': ScalableTargetBounds: scheduled action a of Stack/Pc/Target sets MinCapacity 8 above MaxCapacity 4"],
      ['a scheduled action with no capacity', { schedule: [{ name: 'a', schedule: appscaling.Schedule.expression('cron(0 9 * * ? *)') }] }, "ProvisionedConcurrencyScaling 'Stack/Pc': schedule[0] must set minCapacity or maxCapacity"],
      ['a target without target tracking', { targetTracking: false, targetUtilization: 0.7 }, "ProvisionedConcurrencyScaling 'Stack/Pc': targetUtilization applies to target tracking; it cannot be used with targetTracking: false"],
      ['a statistic without target tracking', { targetTracking: false, statistic: 'Maximum' }, "ProvisionedConcurrencyScaling 'Stack/Pc': statistic applies to target tracking; it cannot be used with targetTracking: false"],
      ['duplicate action names', { schedule: [1, 2].map(() => ({ name: 'a', schedule: appscaling.Schedule.expression('cron(0 9 * * ? *)'), minCapacity: 2 })) }, "ProvisionedConcurrencyScaling 'Stack/Pc': schedule[1].name must be unique, got a twice"],
      [
        'more scheduled actions than a scalable target may have',
        { schedule: Array.from({ length: 201 }, (_, i) => ({ name: `a${i}`, schedule: appscaling.Schedule.expression(`cron(${i % 60} ${Math.floor(i / 60)} * * ? *)`), minCapacity: 2 })) },
        "ProvisionedConcurrencyScaling 'Stack/Pc': schedule has 201 actions; Application Auto Scaling allows at most 200 per scalable target (not adjustable)",
      ],
    ];
    test.each(cases)('rejects %s', (_name, props, message) => {
      const stack = newStack();
      expect(() => new ProvisionedConcurrencyScaling(stack, 'Pc', { function: newFunction(stack, 'Api', { reserved: 50 }), ...every, ...props })).toThrow(message);
    });

    test('rejects both function and alias, and neither', () => {
      const stack = newStack();
      const fn = newFunction(stack, 'Api');
      const alias = new lambda.Alias(stack, 'A', { aliasName: 'a', version: fn.currentVersion });
      const message = "ProvisionedConcurrencyScaling 'Stack/Pc': give exactly one of function and alias";
      expect(() => new ProvisionedConcurrencyScaling(stack, 'Pc', { function: fn, alias, ...every })).toThrow(message);
      expect(() => new ProvisionedConcurrencyScaling(stack, 'Pc2', { ...every })).toThrow(message.replace("'Stack/Pc'", "'Stack/Pc2'"));
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
