/**
 * Every string-union or enum-like prop of every construct is checked at run time (issue 20): an untyped
 * caller's wrong-case or unknown string, number, NaN, null, object or token is a ScalingValidationError
 * naming the construct path, the prop and the accepted values; `undefined` gets the documented default;
 * each accepted value gets its own behaviour. Never a silently different construct.
 */
import * as fc from 'fast-check';
import { Lazy } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { ProvisionedConcurrencyScaling, ScalingValidationError, SqsBufferedFunction, ThrottleAlarms } from '../../constructs';
import { INVOCATIONS, UTILIZATION_STATISTICS } from '../../lib/model';
import { runs } from '../support/runs';
import { newFunction, newStack } from './helpers';
import type { Stack } from 'aws-cdk-lib';

/** One prop of one construct: how to build it with a value, and what each accepted value (or undefined) must make. */
interface UnionProp {
  readonly construct: string;
  readonly field: string;
  readonly accepted: readonly (string | boolean)[];
  /** Builds the construct with `value` as the prop, in a fresh stack; returns the stack. */
  readonly build: (value: unknown) => Stack;
  /** The behaviour an accepted value (undefined: the documented default) must have in the template. */
  readonly expect: (template: Template, value: string | boolean | undefined) => void;
}

const count = (t: Template, type: string) => Object.keys(t.findResources(type)).length;

const PROPS: readonly UnionProp[] = [
  {
    construct: 'ProvisionedConcurrencyScaling',
    field: 'statistic',
    accepted: UTILIZATION_STATISTICS,
    build: (statistic) => {
      const stack = newStack();
      new ProvisionedConcurrencyScaling(stack, 'Pc', { function: newFunction(stack, 'Fn'), minCapacity: 1, maxCapacity: 5, statistic: statistic as never });
      return stack;
    },
    // documented default 'Average': the predefined metric; 'Maximum': a custom metric with the Maximum statistic
    expect: (t, v) => t.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      TargetTrackingScalingPolicyConfiguration: (v ?? 'Average') === 'Average'
        ? { PredefinedMetricSpecification: { PredefinedMetricType: 'LambdaProvisionedConcurrencyUtilization' } }
        : { CustomizedMetricSpecification: { Statistic: 'Maximum' } },
    }),
  },
  {
    construct: 'ProvisionedConcurrencyScaling',
    field: 'targetTracking',
    accepted: [true, false],
    build: (targetTracking) => {
      const stack = newStack();
      new ProvisionedConcurrencyScaling(stack, 'Pc', { function: newFunction(stack, 'Fn'), minCapacity: 1, maxCapacity: 5, targetTracking: targetTracking as never });
      return stack;
    },
    // documented default true
    expect: (t, v) => expect(count(t, 'AWS::ApplicationAutoScaling::ScalingPolicy')).toBe(v === false ? 0 : 1),
  },
  {
    construct: 'ThrottleAlarms',
    field: 'invocation',
    accepted: INVOCATIONS,
    build: (invocation) => {
      const stack = newStack();
      new ThrottleAlarms(stack, 'Alarms', { function: newFunction(stack, 'Fn', { reserved: 10 }), invocation: invocation as never });
      return stack;
    },
    // documented default 'sync'; an SQS function gets no Throttles alarm (throttling is back-pressure)
    expect: (t, v) => expect(Object.values(t.findResources('AWS::CloudWatch::Alarm')).filter((a) => a.Properties.MetricName === 'Throttles')).toHaveLength(v === 'sqs' ? 0 : 1),
  },
  {
    construct: 'SqsBufferedFunction',
    field: 'fifo',
    accepted: [true, false],
    build: (fifo) => {
      const stack = newStack();
      new SqsBufferedFunction(stack, 'Sqs', { function: newFunction(stack, 'Fn'), fifo: fifo as never });
      return stack;
    },
    // documented default false
    expect: (t, v) => expect(Object.values(t.findResources('AWS::SQS::Queue')).map((q) => q.Properties.FifoQueue === true)).toEqual([v === true, v === true]),
  },
];

/** Values an untyped caller may pass that are none of `accepted`. */
function wrongValues(accepted: readonly (string | boolean)[]): fc.Arbitrary<unknown> {
  const strings = accepted.filter((a): a is string => typeof a === 'string');
  const recased = strings.length > 0
    ? fc.tuple(fc.constantFrom(...strings), fc.constantFrom('upper', 'lower', 'title', 'spaced')).map(([s, how]) =>
      how === 'upper' ? s.toUpperCase() : how === 'lower' ? s.toLowerCase() : how === 'title' ? s[0].toUpperCase() + s.slice(1) : ` ${s}`)
    : fc.constantFrom('true', 'false', 'TRUE', 'yes', '1');
  return fc.oneof(
    recased,
    fc.string({ maxLength: 12 }),
    fc.double(),
    fc.constantFrom(NaN, Infinity, 0, 1, -1),
    fc.constantFrom(null, {}, [], true, false, 'Average', 'sync'),
    fc.constantFrom(...(strings.length > 0 ? strings : ['x'])).map((s) => Lazy.string({ produce: () => s })),
    fc.constant(Lazy.number({ produce: () => 1 })),
  ).filter((v) => !(accepted as readonly unknown[]).includes(v));
}

/** What building with `value` throws: a ScalingValidationError's message, else the test fails. */
function refusal(prop: UnionProp, value: unknown): string {
  try {
    prop.build(value);
  } catch (err) {
    expect(err).toBeInstanceOf(ScalingValidationError);
    return (err as Error).message;
  }
  throw new Error(`${prop.construct}.${prop.field} = ${String(value)} was accepted`);
}

describe.each(PROPS)('$construct $field', (prop) => {
  test('every wrong value is a ScalingValidationError naming the construct path, the prop and the accepted values', () => {
    const accepted = prop.accepted.map((a) => (typeof a === 'string' ? `'${a}'` : String(a))).join(', ');
    fc.assert(
      fc.property(wrongValues(prop.accepted), (value) => {
        const message = refusal(prop, value);
        expect(message).toContain(`${prop.construct} 'Stack/`);
        expect(message).toContain(`${prop.field} must be one of ${accepted}, got `);
      }),
      { seed: 20, numRuns: runs(200, 25) },
    );
  });

  test.each([undefined, ...prop.accepted])('%p: builds with its own behaviour (undefined: the documented default)', (value) => {
    prop.expect(Template.fromStack(prop.build(value)), value);
  });
});

test('a wrong value is named as an untyped caller gave it: quoted strings, tokens as tokens', () => {
  const invocation = PROPS.find((p) => p.field === 'invocation')!;
  expect(refusal(invocation, 'SQS')).toBe("ThrottleAlarms 'Stack/Alarms': invocation must be one of 'sync', 'async', 'sqs', got \"SQS\"");
  expect(refusal(invocation, Lazy.string({ produce: () => 'sqs' }))).toMatch(/invocation must be one of 'sync', 'async', 'sqs', got a token \(known only at deploy time\)$/);
  const statistic = PROPS.find((p) => p.field === 'statistic')!;
  expect(refusal(statistic, 'average')).toContain("statistic must be one of 'Average', 'Maximum', got \"average\"");
  expect(refusal(statistic, NaN)).toContain('got NaN');
});
