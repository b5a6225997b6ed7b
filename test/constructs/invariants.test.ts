/**
 * One invariant, one id and one text (issue 13): the same violation — an SQS consumer with reserved
 * concurrency 3, below the 5 its pollers start with — found by the planner in a workload, by a construct
 * in its props, and by the rule engine in a template. All three ask lib/model's SQS_RESERVED_FLOOR and word
 * it from the one text table (lib/findings/text).
 */
import { App, Errors, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { ScalingValidationError, SqsBufferedFunction } from '../../constructs';
import { checkStacks } from '../../constructs/testing';
import { findingText, type Finding } from '../../lib/findings';
import { SQS_RESERVED_FLOOR, violationOf } from '../../lib/model';
import { planWorkload } from '../../lib/planner';
import { normalizeWorkload } from '../../lib/workload';
import { newFunction, newStack } from './helpers';

/** The planner: one SQS function on a database whose Lambda budget is floor(5 × 0.7) = 3 connections. */
function plannerFinding(): Finding | undefined {
  const workload = normalizeWorkload({
    version: 1,
    account: { region: 'us-east-1' },
    databases: { db: { engine: 'postgres', maxConnections: 5 } },
    functions: [{ name: 'worker', invocation: 'sqs', memoryMb: 512, timeoutSeconds: 10, durationMs: { avg: 100 }, traffic: { peakRps: 20 }, database: { name: 'db' } }],
  }, { source: 'test' });
  return planWorkload(workload).findings.find((f) => f.ruleId === 'SqsReservedBelowFive');
}

/** The construct: SqsBufferedFunction on a function that reserves 3. */
function constructError(): ScalingValidationError {
  const stack = newStack();
  try {
    new SqsBufferedFunction(stack, 'Worker', { function: newFunction(stack, 'Fn', { reserved: 3 }) });
  } catch (err) {
    if (err instanceof ScalingValidationError) return err;
    throw err;
  }
  throw new Error('SqsBufferedFunction accepted reserved concurrency 3');
}

/** The rule engine: the same function (same path, which `cdk synth` records as metadata) fed by a queue in a plain CDK app. */
function ruleFinding(): Finding | undefined {
  const stack = new Stack(new App({ context: { 'aws:cdk:enable-path-metadata': true } }), 'Stack');
  const fn: lambda.Function = newFunction(stack, 'Fn', { reserved: 3 });
  const dlq = new sqs.Queue(stack, 'Dlq');
  fn.addEventSource(new SqsEventSource(new sqs.Queue(stack, 'Queue', { deadLetterQueue: { queue: dlq, maxReceiveCount: 5 } })));
  return checkStacks([stack]).find((f) => f.ruleId === 'SqsReservedBelowFive');
}

describe('reserved concurrency 3 on an SQS consumer', () => {
  const planned = plannerFinding();
  const thrown = constructError();
  const checked = ruleFinding();

  test('the planner, the construct and the rule engine report it under the same id', () => {
    expect([planned?.ruleId, thrown.findings[0]?.ruleId, checked?.ruleId]).toEqual(['SqsReservedBelowFive', 'SqsReservedBelowFive', 'SqsReservedBelowFive']);
  });

  test('the construct reports it with the rule engine\'s text, word for word', () => {
    expect(thrown.findings).toEqual([{ ruleId: 'SqsReservedBelowFive', message: checked?.message, fix: checked?.fix }]);
    expect(checked?.message).toBe('SQS-triggered function Stack/Fn has reserved concurrency 3 (below 5)');
    expect(thrown.message).toBe(`SqsBufferedFunction 'Stack/Worker': SqsReservedBelowFive: ${checked?.message}. Fix: ${checked?.fix}`);
  });

  test('the planner reports the same numbers from the same table entry (its plan wording, kept for byte-identical plans)', () => {
    const broken = violationOf(SQS_RESERVED_FLOOR, { reserved: 3 });
    expect(broken?.params).toEqual({ reserved: 3, minimum: 5 });
    expect(planned).toMatchObject({ ...findingText('SqsReservedBelowFive', broken?.params ?? {}, 'plan'), value: 3, severity: 'error', function: 'worker' });
    expect(checked?.value).toBe(3);
  });

  test('the construct error is tied to the construct path like aws-cdk-lib\'s validation errors', () => {
    expect(thrown.constructPath).toBe('Stack/Worker');
    expect(Errors.isValidationError(thrown)).toBe(true);
  });
});
