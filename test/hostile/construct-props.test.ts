/**
 * Issue 18 item 6, construct side: every construct prop an untyped or hostile caller can get wrong is refused
 * with the construct path and the prop named, never a TypeError, a failure deep inside aws-cdk-lib, a silent
 * change or an endless synth.
 */
import { Duration, Lazy } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { LambdaScalingPolicy, ProxyConcurrencyLimit, ScalingValidationError, SqsBufferedFunction, ThrottleAlarms } from '../../constructs';
import { isInputError } from '../../lib/errors';
import { planWorkload } from '../../lib/planner';
import type { FunctionPlan, SqsPlan } from '../../lib/planner/types';
import { LIMITS } from '../../lib/model';
import { parseWorkload, WORKLOAD_SCHEMA } from '../../lib/workload';
import { newDatabase, newFunction, newStack } from '../constructs/helpers';

/** The ScalingValidationError `build` throws (the test fails on anything else, or on no throw). */
function refused(build: () => unknown): ScalingValidationError {
  try {
    build();
  } catch (err) {
    expect(err).toBeInstanceOf(ScalingValidationError);
    return err as ScalingValidationError;
  }
  throw new Error('expected a ScalingValidationError');
}

describe('SqsBufferedFunction Durations', () => {
  test.each([
    ['maxBatchingWindow', Duration.seconds(NaN), 'must be a Duration of a finite number of seconds, got NaN'],
    ['visibilityTimeout', Duration.seconds(Infinity), 'must be a Duration of a finite number of seconds, got Infinity'],
    ['retentionPeriod', Duration.minutes(NaN), 'must be a Duration of a finite number of seconds, got NaN'],
    ['maxQueueAge', 300, 'must be a Duration (e.g. Duration.seconds(30)), got 300'],
    ['maxQueueAge', '5 minutes', 'must be a Duration (e.g. Duration.seconds(30)), got "5 minutes"'],
    ['visibilityTimeout', { seconds: 60 }, 'must be a Duration (e.g. Duration.seconds(30)), got Object object'],
  ])('%s = %p is refused naming the construct and the prop', (field, value, words) => {
    const stack = newStack();
    const err = refused(() => new SqsBufferedFunction(stack, 'Sqs', { function: newFunction(stack, 'Fn'), [field]: value }));
    expect(err.message).toBe(`SqsBufferedFunction 'Stack/Sqs': ${field} ${words}`);
    expect(err.constructPath).toBe('Stack/Sqs');
  });

  test('Durations that are tokens are tolerated (a warning, as before)', () => {
    const stack = newStack();
    new SqsBufferedFunction(stack, 'Sqs', { function: newFunction(stack, 'Fn'), maxQueueAge: Duration.seconds(Lazy.number({ produce: () => 60 })) });
    expect(Template.fromStack(stack).findResources('AWS::SQS::Queue')).not.toEqual({});
  });
});

describe('plans given in code', () => {
  const workload = parseWorkload(JSON.stringify({
    account: { region: 'us-east-1' },
    functions: [
      { name: 'worker', invocation: 'sqs', memoryMb: 512, timeoutSeconds: 20, durationMs: { avg: 800 }, traffic: { peakRps: 60 } },
      { name: 'api', invocation: 'sync', memoryMb: 512, timeoutSeconds: 10, durationMs: { avg: 100 }, traffic: { peakRps: 50 } },
    ],
  }), 'w.json');
  const plans = (): FunctionPlan[] => JSON.parse(JSON.stringify(planWorkload(workload).functions)) as FunctionPlan[];

  test.each([null, {}, 'x', { throttles: null, concurrency: 5, spillover: null, provisionedUtilization: null }])('ThrottleAlarms with plan %p: a ScalingValidationError naming plan, not a TypeError', (plan) => {
    const stack = newStack();
    const err = refused(() => new ThrottleAlarms(stack, 'Alarms', { function: newFunction(stack, 'Fn'), plan: plan as never }));
    expect(err.message).toMatch(/^ThrottleAlarms 'Stack\/Alarms': plan/);
  });

  test('SqsBufferedFunction.optionsFromPlan(null) and garbage: an input error naming the method, not a TypeError', () => {
    for (const plan of [null, {}, { batchSize: 'ten' }]) {
      let err: unknown;
      try {
        SqsBufferedFunction.optionsFromPlan(plan as unknown as SqsPlan);
      } catch (e) {
        err = e;
      }
      expect(isInputError(err)).toBe(true);
      expect((err as Error).message).toMatch(/^SqsBufferedFunction\.optionsFromPlan: plan/);
    }
    // a real plan's sqs still gives its options
    expect(SqsBufferedFunction.optionsFromPlan(plans()[0].sqs!).batchSize).toBe(plans()[0].sqs!.batchSize);
  });

  test('an SQS plan with sqs: null makes no queue silently: refused; a sync plan with sqs settings too', () => {
    const [worker, api] = plans();
    const stack = newStack();
    const noQueue = refused(() => new LambdaScalingPolicy(stack, 'Worker', { function: newFunction(stack, 'WorkerFn', { timeoutSeconds: 20 }), plan: { ...worker, sqs: null } }));
    // the plan rules (lib/plan-file.ts, shared with plan files) refuse it before the construct reads the plan
    expect(noQueue.message).toContain("LambdaScalingPolicy 'Stack/Worker': plan: sqs must be the SQS settings of this SQS-triggered function");
    const stray = refused(() => new LambdaScalingPolicy(stack, 'Api', { function: newFunction(stack, 'ApiFn', { timeoutSeconds: 10 }), plan: { ...api, sqs: worker.sqs } }));
    expect(stray.message).toMatch(/^LambdaScalingPolicy 'Stack\/Api': plan: sqs /);
  });
});

describe('ProxyConcurrencyLimit bounds', () => {
  test('are the workload schema\'s bounds (the two cannot drift apart)', () => {
    const text = JSON.stringify(WORKLOAD_SCHEMA);
    const maximumOf = (key: string) => [...text.matchAll(new RegExp(`"${key}":\\{[^{}]*?"maximum":(\\d+)`, 'g'))].map((m) => Number(m[1]));
    expect(maximumOf('concurrencyLimit')).toEqual([LIMITS.maxConcurrencyLimit]);
    expect(maximumOf('maxConnections')).toEqual([LIMITS.maxDatabaseConnections]);
    expect(maximumOf('otherClients')).toEqual([LIMITS.maxDatabaseConnections]);
    expect(maximumOf('connectionsPerEnvironment')).toEqual([LIMITS.maxConnectionsPerEnvironment]);
  });

  test.each([
    [{ environments: 1e308 }, 'environments must be between 1 and 1000000, got 1e+308'],
    [{ environments: Infinity }, 'environments must be between 1 and 1000000, got Infinity'],
    [{ environments: 5, connectionsPerEnvironment: 1e9 }, 'connectionsPerEnvironment must be between 1 and 1000, got 1000000000'],
    [{ environments: 5, maxConnections: 1e308 }, 'maxConnections must be between 1 and 262143, got 1e+308'],
    [{ environments: 5, otherClients: 1e12 }, 'otherClients must be between 0 and 262143, got 1000000000000'],
  ])('%p is refused at once (1e308 environments looped in synth before)', (given, words) => {
    const stack = newStack();
    const { proxy } = newDatabase(stack);
    const started = Date.now();
    const err = refused(() => new ProxyConcurrencyLimit(stack, 'L', { function: newFunction(stack, 'Fn'), proxy, maxConnections: 100, ...given }));
    expect(err.message).toContain(`ProxyConcurrencyLimit 'Stack/L': ${words}`);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  test('the largest environments allowed synthesizes in bounded time', () => {
    const stack = newStack();
    const { proxy } = newDatabase(stack);
    const started = Date.now();
    new ProxyConcurrencyLimit(stack, 'L', { function: newFunction(stack, 'Fn'), proxy, maxConnections: 262143, environments: 1_000_000 });
    new ProxyConcurrencyLimit(stack, 'M', { function: newFunction(stack, 'Fn2'), proxy, environments: 999_999 });
    Template.fromStack(stack);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
