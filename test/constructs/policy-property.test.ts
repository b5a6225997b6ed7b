/**
 * Property: for random valid workloads, plan → LambdaScalingPolicy → the synthesized template
 * carries exactly the plan's numbers. Synthesis is slow, so few runs, one App per run.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import fc from 'fast-check';
import { LambdaScalingPolicy } from '../../constructs';
import { requiredVisibilityTimeoutSeconds } from '../../lib/model';
import { planWorkload } from '../../lib/planner';
import { parseWorkload } from '../../lib/workload';
import type { FunctionInput } from '../../lib/workload/input';
import { runs } from '../support/runs';
import { newStack, propsOf } from './helpers';

const traffic = fc.oneof(
  fc.record({ peakRps: fc.double({ min: 0.5, max: 400, noNaN: true }) }),
  fc.record({ hourlyRps: fc.array(fc.integer({ min: 1, max: 300 }), { minLength: 24, maxLength: 24 }) }),
);

const functionInput: fc.Arbitrary<FunctionInput> = fc
  .record({
    invocation: fc.constantFrom('sync', 'async', 'sqs') as fc.Arbitrary<'sync' | 'async' | 'sqs'>,
    memoryMb: fc.constantFrom(128, 512, 1024, 3008),
    timeoutSeconds: fc.integer({ min: 1, max: 900 }),
    durationShare: fc.double({ min: 0.01, max: 0.5, noNaN: true }),
    traffic,
    latencySensitive: fc.boolean(),
    batchSize: fc.integer({ min: 1, max: 10 }),
    maxBatchingWindowSeconds: fc.integer({ min: 0, max: 20 }),
    maxQueueAgeSeconds: fc.integer({ min: 30, max: 900 }),
  })
  .map((r) => ({
    name: 'fn',
    invocation: r.invocation,
    memoryMb: r.memoryMb,
    timeoutSeconds: r.timeoutSeconds,
    durationMs: { avg: Math.max(1, Math.round(r.timeoutSeconds * 1000 * r.durationShare)) },
    traffic: r.traffic,
    ...(r.invocation === 'sync' ? { latencySensitive: r.latencySensitive } : {}),
    ...(r.invocation === 'sqs' ? { sqs: { batchSize: r.batchSize, maxBatchingWindowSeconds: r.maxBatchingWindowSeconds, maxQueueAgeSeconds: r.maxQueueAgeSeconds } } : {}),
  }));

/** Always-run examples, so every branch (PC with a schedule, SQS) is exercised whatever the seed. */
const EXAMPLES: FunctionInput[] = [
  { name: 'fn', invocation: 'sync', memoryMb: 1024, timeoutSeconds: 10, durationMs: { avg: 200 }, latencySensitive: true, traffic: { hourlyRps: [5, 5, 5, 5, 5, 5, 60, 60, 120, 120, 120, 120, 120, 120, 120, 120, 120, 120, 60, 60, 60, 5, 5, 5] } },
  { name: 'fn', invocation: 'sqs', memoryMb: 512, timeoutSeconds: 30, durationMs: { avg: 2000 }, traffic: { peakRps: 150 }, sqs: { batchSize: 10, maxBatchingWindowSeconds: 2, maxQueueAgeSeconds: 120 } },
];

test('property: the template carries exactly the plan (reserved, PC bounds, schedule, SQS mapping and visibility)', () => {
  const seen = { provisioned: 0, schedule: 0, sqs: 0 };
  fc.assert(
    fc.property(functionInput, (input) => {
      const workload = parseWorkload(JSON.stringify({ account: { region: 'us-east-1', concurrencyLimit: 20000 }, functions: [input] }), 'property.json');
      const plan = planWorkload(workload).functions[0];
      seen.provisioned += plan.provisioned ? 1 : 0;
      seen.schedule += plan.provisioned && plan.provisioned.schedule.length > 0 ? 1 : 0;
      seen.sqs += plan.sqs ? 1 : 0;

      const stack: Stack = newStack();
      const fn = new lambda.Function(stack, 'Fn', {
        runtime: lambda.Runtime.NODEJS_24_X,
        handler: 'index.handler',
        code: lambda.Code.fromInline('exports.handler = async () => ({ batchItemFailures: [] });'),
        timeout: Duration.seconds(input.timeoutSeconds),
        memorySize: input.memoryMb,
        architecture: lambda.Architecture.ARM_64,
      });
      new LambdaScalingPolicy(stack, 'Policy', { function: fn, plan });
      const template = Template.fromStack(stack);

      expect(propsOf(template, 'AWS::Lambda::Function')[0].ReservedConcurrentExecutions).toBe(plan.reservedConcurrency);

      const targets = propsOf(template, 'AWS::ApplicationAutoScaling::ScalableTarget');
      if (plan.provisioned) {
        expect(targets).toHaveLength(1);
        expect(targets[0].MinCapacity).toBe(plan.provisioned.min);
        expect(targets[0].MaxCapacity).toBe(plan.provisioned.max);
        expect((targets[0].ScheduledActions as unknown[] | undefined ?? []).length).toBe(plan.provisioned.schedule.length);
      } else {
        expect(targets).toHaveLength(0);
      }

      const mappings = propsOf(template, 'AWS::Lambda::EventSourceMapping');
      if (plan.sqs) {
        expect(mappings).toHaveLength(1);
        expect(mappings[0].BatchSize).toBe(plan.sqs.batchSize);
        expect(mappings[0].MaximumBatchingWindowInSeconds ?? 0).toBe(plan.sqs.maxBatchingWindowSeconds);
        expect(mappings[0].ScalingConfig).toEqual({ MaximumConcurrency: plan.sqs.maxConcurrency });
        const queue = propsOf(template, 'AWS::SQS::Queue').find((q) => q.RedrivePolicy !== undefined)!;
        expect(queue.VisibilityTimeout).toBe(plan.sqs.visibilityTimeoutSeconds);
        expect(queue.VisibilityTimeout).toBeGreaterThanOrEqual(requiredVisibilityTimeoutSeconds(input.timeoutSeconds, plan.sqs.maxBatchingWindowSeconds));
      } else {
        expect(mappings).toHaveLength(0);
      }
    }),
    { numRuns: runs(20, 4), examples: EXAMPLES.map((e) => [e]) },
  );
  expect(seen.provisioned).toBeGreaterThan(0);
  expect(seen.schedule).toBeGreaterThan(0);
  expect(seen.sqs).toBeGreaterThan(0);
});
