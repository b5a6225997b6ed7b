/**
 * Constructs given hostile plans and props: each is refused with a message that names the construct,
 * the field and the value (never a TypeError from reading a missing field, never a template with -5).
 */
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { LambdaScalingPolicy, ProvisionedConcurrencyScaling } from '../../constructs';
import { planWorkload } from '../../lib/planner';
import type { FunctionPlan, ProvisionedPlan } from '../../lib/planner/types';
import { parseWorkload } from '../../lib/workload';
import { newFunction, newStack } from '../constructs/helpers';

const API_WORKLOAD = {
  account: { region: 'us-east-1' },
  functions: [
    {
      name: 'api', invocation: 'sync', memoryMb: 1024, timeoutSeconds: 10, durationMs: { avg: 180 }, latencySensitive: true,
      traffic: { hourlyRps: [20, 20, 20, 20, 20, 20, 50, 100, 200, 300, 300, 300, 300, 300, 300, 300, 300, 200, 100, 50, 20, 20, 20, 20] },
    },
  ],
};

/** A valid plan of a latency-sensitive function (reserved 76 or so, provisioned with a schedule), as a fresh copy. */
function apiPlan(): FunctionPlan {
  return JSON.parse(JSON.stringify(planWorkload(parseWorkload(JSON.stringify(API_WORKLOAD), 'w.json')).functions[0])) as FunctionPlan;
}

/** The message of what `build` throws (undefined when it does not). */
function thrown(build: () => unknown): string | undefined {
  try {
    build();
    return undefined;
  } catch (err) {
    expect(err).not.toBeInstanceOf(TypeError);
    return (err as Error).message;
  }
}

function policyWith(plan: unknown): string | undefined {
  const stack = newStack();
  return thrown(() => new LambdaScalingPolicy(stack, 'Api', { function: newFunction(stack, 'Fn', { memoryMb: 1024 }), plan: plan as FunctionPlan }));
}

describe('LambdaScalingPolicy refuses a bad plan, naming the construct and the field', () => {
  test('a negative reserved concurrency is refused, not synthesized', () => {
    const plan = apiPlan();
    (plan as { reservedConcurrency: number }).reservedConcurrency = -5;
    expect(policyWith(plan)).toMatch(/^LambdaScalingPolicy '.*Api': plan: reservedConcurrency must be >= 0, got -5$/m);
  });

  test('a fractional reserved concurrency is refused', () => {
    const plan = apiPlan();
    (plan as { reservedConcurrency: number }).reservedConcurrency = 1.5;
    expect(policyWith(plan)).toMatch(/plan: reservedConcurrency must be integer, got 1\.5/);
  });

  test('scheduled provisioned concurrency above the reserved is refused', () => {
    const plan = apiPlan();
    const action = plan.provisioned!.schedule[0] as { max: number };
    action.max = 90_000;
    expect(policyWith(plan)).toMatch(new RegExp(`plan: provisioned\\.schedule\\[0\\]\\.max must be <= reservedConcurrency \\(${plan.reservedConcurrency}\\): provisioned concurrency is part of the reserved concurrency, got 90000`));
  });

  test('a schedule with more actions than a scalable target may have is refused', () => {
    const plan = apiPlan();
    const schedule = plan.provisioned!.schedule as unknown[];
    while (schedule.length <= 200) schedule.push({ ...(schedule[0] as object) });
    expect(policyWith(plan)).toMatch(/plan: provisioned\.schedule must have at most 200 actions \(Application Auto Scaling's quota per scalable target, not adjustable\), got 201/);
  });

  test('a schedule whose min is above its max is refused', () => {
    const plan = apiPlan();
    const action = plan.provisioned!.schedule[0] as { min: number; max: number };
    action.min = action.max + 1;
    expect(policyWith(plan)).toMatch(/plan: provisioned\.schedule\[0\]\.min must be <= max/);
  });

  test.each([
    ['an empty object', {}],
    ['a plan without alarms', { ...apiPlan(), alarms: undefined }],
    ['a string', 'plan'],
    ['null', null],
  ])('garbage (%s) lists what is wrong instead of reading a missing field', (_, plan) => {
    const message = policyWith(plan);
    expect(message).toMatch(/^LambdaScalingPolicy '.*Api': plan: /);
    expect(message).not.toMatch(/Cannot read properties/);
  });

  test('an inline workload at 5e16 rps is refused at once (it used to hang cdk synth)', () => {
    const stack = newStack();
    const started = Date.now();
    const message = thrown(() => new LambdaScalingPolicy(stack, 'Api', {
      function: newFunction(stack, 'Fn'),
      workload: { function: { name: 'api', invocation: 'sync', memoryMb: 512, timeoutSeconds: 10, durationMs: { avg: 100 }, traffic: { peakRps: 5e16 } } },
    }));
    expect(message).toMatch(/Api \(workload\): functions\[0\]\.traffic\.peakRps must be <= 1000000000, got 50000000000000000/);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

describe('ProvisionedConcurrencyScaling', () => {
  test('optionsFromPlan refuses a garbage plan, naming what is wrong', () => {
    expect(thrown(() => ProvisionedConcurrencyScaling.optionsFromPlan({ min: 5, max: 2 } as unknown as ProvisionedPlan))).toMatch(
      /^ProvisionedConcurrencyScaling\.optionsFromPlan: plan: schedule is required\nProvisionedConcurrencyScaling\.optionsFromPlan: plan: min must be <= max \(2\), got 5$/,
    );
    expect(thrown(() => ProvisionedConcurrencyScaling.optionsFromPlan(null as unknown as ProvisionedPlan))).toMatch(/optionsFromPlan: plan: the document must be object, got null/);
    expect(thrown(() => ProvisionedConcurrencyScaling.optionsFromPlan(apiPlan().provisioned!))).toBeUndefined();
  });

  test('an imported function is refused plainly: it has no version to put an alias on', () => {
    const stack = newStack();
    const imported = lambda.Function.fromFunctionArn(stack, 'Imported', 'arn:aws:lambda:us-east-1:123456789012:function:api');
    const message = thrown(() => new ProvisionedConcurrencyScaling(stack, 'Pc', { function: imported as lambda.Function, minCapacity: 1, maxCapacity: 5 }));
    expect(message).toMatch(/^ProvisionedConcurrencyScaling '.*Pc': function must be a lambda\.Function of this app: an imported function .* pass it as alias$/m);
  });
});
