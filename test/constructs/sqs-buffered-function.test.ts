import { CfnParameter, Duration } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { ProxyConcurrencyLimit, SqsBufferedFunction, SqsBufferedFunctionProps } from '../../constructs';
import { DEFAULTS, requiredVisibilityTimeoutSeconds } from '../../lib/model';
import { newDatabase, newFunction, newStack, propsOf } from './helpers';

describe('SqsBufferedFunction', () => {
  test('creates an encrypted, TLS-only queue and DLQ, the mapping with the planned settings, reserved concurrency and alarms', () => {
    const stack = newStack();
    const fn = newFunction(stack, 'Worker', { timeoutSeconds: 30 });
    const topic = new sns.Topic(stack, 'Topic');
    new SqsBufferedFunction(stack, 'Buffer', { function: fn, batchSize: 100, maxBatchingWindow: Duration.seconds(5), maxConcurrency: 20, alarmTopic: topic, maxQueueAge: Duration.minutes(2) });
    const template = Template.fromStack(stack);

    const visibility = requiredVisibilityTimeoutSeconds(30, 5);
    expect(visibility).toBe(185);
    template.hasResourceProperties('AWS::SQS::Queue', {
      VisibilityTimeout: visibility,
      SqsManagedSseEnabled: true,
      RedrivePolicy: { deadLetterTargetArn: Match.anyValue(), maxReceiveCount: DEFAULTS.sqs.maxReceiveCount },
    });
    template.hasResourceProperties('AWS::SQS::Queue', { MessageRetentionPeriod: 14 * 24 * 3600, SqsManagedSseEnabled: true, RedrivePolicy: Match.absent() });
    // TLS-only: both queue policies deny aws:SecureTransport false.
    const policies = propsOf(template, 'AWS::SQS::QueuePolicy');
    expect(policies).toHaveLength(2);
    for (const p of policies) {
      expect(JSON.stringify(p.PolicyDocument)).toContain('"aws:SecureTransport":"false"');
    }
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      BatchSize: 100,
      MaximumBatchingWindowInSeconds: 5,
      ScalingConfig: { MaximumConcurrency: 20 },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    template.hasResourceProperties('AWS::Lambda::Function', { ReservedConcurrentExecutions: 20 });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible', Statistic: 'Maximum', Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold', AlarmActions: [{ Ref: Match.anyValue() }],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'ApproximateAgeOfOldestMessage', Statistic: 'Maximum', Threshold: 120, ComparisonOperator: 'GreaterThanThreshold' });
  });

  test('reserved concurrency is at least 5 even for a small maxConcurrency', () => {
    const stack = newStack();
    new SqsBufferedFunction(stack, 'Buffer', { function: newFunction(stack, 'Worker'), maxConcurrency: 2 });
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', { ReservedConcurrentExecutions: 5 });
  });

  test('a KMS key encrypts both queues; FIFO makes both FIFO', () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
    new SqsBufferedFunction(stack, 'Buffer', { function: newFunction(stack, 'Worker'), encryptionKey: key, fifo: true, batchSize: 10 });
    const queues = propsOf(Template.fromStack(stack), 'AWS::SQS::Queue');
    expect(queues).toHaveLength(2);
    for (const q of queues) {
      expect(q.KmsMasterKeyId).toBeDefined();
      expect(q.FifoQueue).toBe(true);
    }
  });

  test('provisioned pollers instead of MaximumConcurrency', () => {
    const stack = newStack();
    new SqsBufferedFunction(stack, 'Buffer', { function: newFunction(stack, 'Worker'), provisionedPollers: { minimumPollers: 2, maximumPollers: 50 } });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', { ProvisionedPollerConfig: { MinimumPollers: 2, MaximumPollers: 50 }, ScalingConfig: Match.absent() });
  });

  test('an accepted queue is used as is and its DLQ gets the depth alarm', () => {
    const stack = newStack();
    const dlq = new sqs.Queue(stack, 'Dlq');
    const queue = new sqs.Queue(stack, 'Given', { visibilityTimeout: Duration.seconds(60), deadLetterQueue: { queue: dlq, maxReceiveCount: 8 } });
    const buffer = new SqsBufferedFunction(stack, 'Buffer', { function: newFunction(stack, 'Worker', { timeoutSeconds: 10 }), queue });
    expect(buffer.queue).toBe(queue);
    expect(buffer.deadLetterQueue).toBe(dlq);
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::SQS::Queue', 2);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'ApproximateNumberOfMessagesVisible', Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Dlq'), 'QueueName'] } }] });
  });

  test('an accepted queue and its DLQ become TLS-only, once: a queue with enforceSSL keeps its one statement', () => {
    const stack = newStack();
    const dlq = new sqs.Queue(stack, 'Dlq', { enforceSSL: true });
    const queue = new sqs.Queue(stack, 'Given', { visibilityTimeout: Duration.seconds(60), deadLetterQueue: { queue: dlq, maxReceiveCount: 8 } });
    new SqsBufferedFunction(stack, 'Buffer', { function: newFunction(stack, 'Worker', { timeoutSeconds: 10 }), queue });
    const policies = Template.fromStack(stack).findResources('AWS::SQS::QueuePolicy');
    const tlsDenials = (queueId: string) =>
      Object.values(policies)
        .filter((p) => JSON.stringify(p.Properties.Queues).includes(queueId))
        .flatMap((p) => p.Properties.PolicyDocument.Statement as Array<{ Effect: string; Condition?: unknown }>)
        .filter((st) => st.Effect === 'Deny' && JSON.stringify(st.Condition) === JSON.stringify({ Bool: { 'aws:SecureTransport': 'false' } }));
    expect(tlsDenials('Given')).toHaveLength(1);
    expect(tlsDenials('Dlq')).toHaveLength(1);
  });

  test('a reserved concurrency set later by ProxyConcurrencyLimit is checked at synthesis', () => {
    const stack = newStack();
    const { proxy } = newDatabase(stack);
    const fn = newFunction(stack, 'Worker');
    new ProxyConcurrencyLimit(stack, 'Limit', { function: fn, proxy, environments: 50, maxConnections: 10 });
    new SqsBufferedFunction(stack, 'Buffer', { function: fn, maxConcurrency: 20 });
    expect(() => Template.fromStack(stack)).toThrow(/SqsBufferedFunction 'Stack\/Buffer': SqsMaxConcurrencyAboveReserved: function Stack\/Worker has reserved concurrency 7 but its SQS mappings allow 20 concurrent invocations/);
  });

  describe('validation', () => {
    const queue = (stack: ReturnType<typeof newStack>, props: Partial<sqs.QueueProps> = {}) => new sqs.Queue(stack, 'Given', props);
    const cases: Array<[string, (s: ReturnType<typeof newStack>) => Partial<SqsBufferedFunctionProps>, string]> = [
      ['maxConcurrency below 2', () => ({ maxConcurrency: 1 }), "SqsBufferedFunction 'Stack/Worker': maxConcurrency must be between 2 and 1000, got 1"],
      ['maxConcurrency above 1000', () => ({ maxConcurrency: 1001 }), "SqsBufferedFunction 'Stack/Worker': maxConcurrency must be between 2 and 1000, got 1001"],
      ['batch size 0', () => ({ batchSize: 0 }), "SqsBufferedFunction 'Stack/Worker': batchSize must be between 1 and 10000, got 0"],
      ['a large batch without a window', () => ({ batchSize: 50 }), "SqsBufferedFunction 'Stack/Worker': SqsBatchingWindowRequired: event source mapping Stack/Worker/EventSourceMapping has batch size 50 and batching window 0s. Fix: Set maxBatchingWindow to at least 1 second, or batch size to 10 or less"],
      ['a FIFO batch above 10', () => ({ fifo: true, batchSize: 11 }), "SqsBufferedFunction 'Stack/Worker': SqsFifoLimits: event source mapping Stack/Worker/EventSourceMapping on FIFO queue Stack/Worker/Queue has batch size 11 and batching window 0s"],
      ['a FIFO batching window', () => ({ fifo: true, maxBatchingWindow: Duration.seconds(1) }), "SqsBufferedFunction 'Stack/Worker': SqsFifoLimits: event source mapping Stack/Worker/EventSourceMapping on FIFO queue Stack/Worker/Queue has batch size 10 and batching window 1s"],
      ['a window above 300 s', () => ({ maxBatchingWindow: Duration.minutes(6) }), "SqsBufferedFunction 'Stack/Worker': maxBatchingWindow must be between 0 and 300 seconds, got 360"],
      ['maxConcurrency with pollers', () => ({ maxConcurrency: 5, provisionedPollers: { maximumPollers: 10 } }), "SqsBufferedFunction 'Stack/Worker': SqsPollerModeConflict: event source mapping Stack/Worker/EventSourceMapping sets MaximumConcurrency 5 and provisioned pollers {\"maximumPollers\":10}"],
      ['minimum pollers 1', () => ({ provisionedPollers: { minimumPollers: 1 } }), "SqsBufferedFunction 'Stack/Worker': provisionedPollers.minimumPollers must be between 2 and 200, got 1"],
      ['maximum pollers 2001', () => ({ provisionedPollers: { maximumPollers: 2001 } }), "SqsBufferedFunction 'Stack/Worker': provisionedPollers.maximumPollers must be between 2 and 2000, got 2001"],
      ['minimum above maximum pollers', () => ({ provisionedPollers: { minimumPollers: 20, maximumPollers: 10 } }), "SqsBufferedFunction 'Stack/Worker': provisionedPollers.minimumPollers must be at most maximumPollers 10, got 20"],
      ['maxReceiveCount 4', () => ({ maxReceiveCount: 4 }), "SqsBufferedFunction 'Stack/Worker': maxReceiveCount must be between 5 and 1000, got 4"],
      ['a visibility timeout below 6 x timeout + window', () => ({ visibilityTimeout: Duration.seconds(59) }), "SqsBufferedFunction 'Stack/Worker': SqsVisibilityTimeout: queue Stack/Worker/Queue has visibility timeout 59s, below 6 × timeout 10s of Stack/Fn + batching window 0s = 60s. Fix: Set the queue's visibilityTimeout to at least 60 seconds"],
      ['reserved below max(5, maxConcurrency)', () => ({ maxConcurrency: 10, reservedConcurrency: 8 }), "SqsBufferedFunction 'Stack/Worker': SqsMaxConcurrencyAboveReserved: function Stack/Fn has reserved concurrency 8 but its SQS mappings allow 10 concurrent invocations (Stack/Worker/EventSourceMapping 10)"],
      ['a retention above 14 days', () => ({ retentionPeriod: Duration.days(15) }), "SqsBufferedFunction 'Stack/Worker': retentionPeriod must be between 60 and 1209600 seconds, got 1296000"],
      ['queue options with a given queue', (s) => ({ queue: queue(s, { deadLetterQueue: { queue: new sqs.Queue(s, 'D'), maxReceiveCount: 5 }, visibilityTimeout: Duration.minutes(5) }), fifo: true }), "SqsBufferedFunction 'Stack/Worker': fifo shapes the queue the construct creates; set it on the queue you pass instead"],
      ['a given queue without a DLQ', (s) => ({ queue: queue(s, { visibilityTimeout: Duration.minutes(5) }) }), "SqsBufferedFunction 'Stack/Worker': queue Stack/Given must have a deadLetterQueue"],
      ['a given queue with a short visibility', (s) => ({ queue: queue(s, { deadLetterQueue: { queue: new sqs.Queue(s, 'D'), maxReceiveCount: 5 } }) }), "SqsBufferedFunction 'Stack/Worker': SqsVisibilityTimeout: queue Stack/Given has visibility timeout 30s, below 6 × timeout 10s of Stack/Fn + batching window 0s = 60s"],
      ['a given unencrypted queue', (s) => ({ queue: queue(s, { encryption: sqs.QueueEncryption.UNENCRYPTED, deadLetterQueue: { queue: new sqs.Queue(s, 'D'), maxReceiveCount: 5 }, visibilityTimeout: Duration.minutes(5) }) }), "SqsBufferedFunction 'Stack/Worker': queue Stack/Given must use server-side encryption, got NONE"],
      ['a given queue redriving after 3 receives', (s) => ({ queue: queue(s, { deadLetterQueue: { queue: new sqs.Queue(s, 'D'), maxReceiveCount: 3 }, visibilityTimeout: Duration.minutes(5) }) }), "SqsBufferedFunction 'Stack/Worker': queue.deadLetterQueue.maxReceiveCount must be between 5 and 1000, got 3"],
    ];
    test.each(cases)('rejects %s', (_name, props, message) => {
      const stack = newStack();
      const fn = newFunction(stack, 'Fn', { timeoutSeconds: 10 });
      expect(() => new SqsBufferedFunction(stack, 'Worker', { function: fn, ...props(stack) })).toThrow(message);
    });

    test('the visibility timeout at exactly 6 x timeout + window is accepted', () => {
      const stack = newStack();
      expect(() => new SqsBufferedFunction(stack, 'Worker', { function: newFunction(stack, 'Fn', { timeoutSeconds: 10 }), visibilityTimeout: Duration.seconds(62), maxBatchingWindow: Duration.seconds(2) })).not.toThrow();
    });

    test('a function reserved below the floor is rejected', () => {
      const stack = newStack();
      expect(() => new SqsBufferedFunction(stack, 'Worker', { function: newFunction(stack, 'Fn', { reserved: 3 }) }))
        .toThrow("SqsBufferedFunction 'Stack/Worker': SqsReservedBelowFive: SQS-triggered function Stack/Fn has reserved concurrency 3 (below 5). Fix: Set reserved concurrency to at least 5");
    });
  });

  describe('tokens', () => {
    test('token batch size, maxConcurrency and window do not fail; warnings name them', () => {
      const stack = newStack();
      const n = (id: string) => new CfnParameter(stack, id, { type: 'Number' }).valueAsNumber;
      expect(() => new SqsBufferedFunction(stack, 'Worker', {
        function: newFunction(stack, 'Fn'),
        batchSize: n('Batch'),
        maxConcurrency: n('Max'),
        maxBatchingWindow: Duration.seconds(n('Window')),
      })).not.toThrow();
      const annotations = Annotations.fromStack(stack);
      for (const field of ['batchSize', 'maxConcurrency', 'maxBatchingWindow']) {
        annotations.hasWarning('/Stack/Worker', Match.stringLikeRegexp(`${field} is a token`));
      }
    });

    test('a token function timeout does not fail: the visibility check is skipped with a warning', () => {
      const stack = newStack();
      const timeout = Duration.seconds(new CfnParameter(stack, 'Timeout', { type: 'Number' }).valueAsNumber);
      expect(() => new SqsBufferedFunction(stack, 'Worker', { function: newFunction(stack, 'Fn', { timeout }) })).not.toThrow();
      Annotations.fromStack(stack).hasWarning('/Stack/Worker', Match.stringLikeRegexp('function.timeout is a token'));
    });

    test('a token reserved concurrency on the function does not fail', () => {
      const stack = newStack();
      const reserved = new CfnParameter(stack, 'Reserved', { type: 'Number' }).valueAsNumber;
      expect(() => new SqsBufferedFunction(stack, 'Worker', { function: newFunction(stack, 'Fn', { reserved }), maxConcurrency: 10 })).not.toThrow();
      Annotations.fromStack(stack).hasWarning('/Stack/Worker', Match.stringLikeRegexp('function.reservedConcurrentExecutions is a token'));
    });
  });

});
