/**
 * `SqsBufferedFunction`: an SQS queue with DLQ in front of a function, sized as MODEL §7 says.
 */
import { Duration, Stack, Token, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { DEFAULTS, LIMITS, queueAlarms } from '../lib/model';
import { InputError } from '../lib/errors';
import { planPartProblems } from '../lib/plan-file';
import type { SqsPlan } from '../lib/planner/types';
import { AlarmRow, renderAlarms } from './private/alarms';
import { isDeferred, valueOf } from './private/deferred';
import { requireCfnFunction, reservedOf, setReserved } from './private/function';
import { reservedInvariants, validate, type Names } from './private/sqs-buffered-validate';
import { PropsCheck, isKnown } from './private/validate';
import type { SqsBufferedFunctionOptions, SqsBufferedFunctionProps } from './sqs-buffered-function-props';

export type { SqsBufferedFunctionOptions, SqsBufferedFunctionProps, SqsProvisionedPollers } from './sqs-buffered-function-props';


/** Alarms on the queues (MODEL §10): the model's thresholds; no queue-age alarm when the target is a token. */
interface QueueAlarmContext {
  readonly queue: sqs.IQueue;
  readonly deadLetterQueue: sqs.IQueue;
  readonly dlqDepth: number;
  readonly maxQueueAgeSeconds: number | undefined;
}
const QUEUE_ALARMS: readonly AlarmRow<QueueAlarmContext>[] = [
  {
    key: 'DlqDepth',
    threshold: (c) => c.dlqDepth,
    metric: (c, period) => c.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum', period }),
    comparison: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    periodSeconds: 60,
    evaluationPeriods: 1,
    datapointsToAlarm: 1,
    describe: () => 'Messages in the dead-letter queue (ApproximateNumberOfMessagesVisible, Maximum): some messages failed maxReceiveCount times',
  },
  {
    key: 'QueueAge',
    threshold: (c) => c.maxQueueAgeSeconds,
    metric: (c, period) => c.queue.metricApproximateAgeOfOldestMessage({ statistic: 'Maximum', period }),
    comparison: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    periodSeconds: 60,
    evaluationPeriods: 3,
    datapointsToAlarm: 3,
    describe: (_c, x) => `ApproximateAgeOfOldestMessage (Maximum) above ${x} s, the queue-age target: consumers fall behind`,
  },
];

/**
 * An SQS buffer in front of a function: the queue (created or given) with a dead-letter queue kept
 * 14 days, SSE and TLS-only policies on both, an event source mapping with the batch size,
 * batching window, MaximumConcurrency (or provisioned pollers) and ReportBatchItemFailures, a
 * visibility timeout of 6 × function timeout + batching window, reserved concurrency of at least
 * max(5, maxConcurrency), and DLQ-depth and queue-age alarms.
 */
export class SqsBufferedFunction extends Construct {
  /**
   * The options that apply a plan's SQS settings (batch, window, maxConcurrency, visibility,
   * redrive, FIFO, queue-age target).
   */
  public static optionsFromPlan(plan: SqsPlan): SqsBufferedFunctionOptions {
    // A plan may be hand-made or read from anywhere (a sync function's `sqs` is null): checked like a plan file.
    const problems = planPartProblems(plan, 'sqs-plan', 'SqsBufferedFunction.optionsFromPlan: plan');
    if (problems.length > 0) throw new InputError(problems);
    return {
      batchSize: plan.batchSize,
      maxBatchingWindow: plan.maxBatchingWindowSeconds > 0 ? Duration.seconds(plan.maxBatchingWindowSeconds) : undefined,
      maxConcurrency: plan.maxConcurrency,
      visibilityTimeout: Duration.seconds(plan.visibilityTimeoutSeconds),
      maxReceiveCount: plan.maxReceiveCount,
      fifo: plan.fifo,
      maxQueueAge: Duration.seconds(plan.maxQueueAgeSeconds),
    };
  }

  /** The work queue. */
  public readonly queue: sqs.IQueue;
  /** The dead-letter queue. */
  public readonly deadLetterQueue: sqs.IQueue;
  /** The event source mapping from the queue to the function. */
  public readonly eventSourceMapping: lambda.EventSourceMapping;
  /** DLQ-depth and queue-age alarms, keyed `DlqDepth` and `QueueAge`. */
  public readonly alarms: Readonly<Record<string, cloudwatch.Alarm>>;

  constructor(scope: Construct, id: string, props: SqsBufferedFunctionProps) {
    super(scope, id);
    const check = new PropsCheck(this, 'SqsBufferedFunction');
    const settled = validate(check, props, this.names(props));
    const cfn = requireCfnFunction(props.function, check);
    check.throwIfAny();
    this.applyReserved(check, props, cfn!);
    check.throwIfAny();

    if (props.queue) {
      this.queue = props.queue;
      this.deadLetterQueue = props.queue.deadLetterQueue!.queue;
      // Queues the construct creates are TLS-only; a given one gets the same policy unless it has it already.
      requireTls(this.queue);
      requireTls(this.deadLetterQueue);
    } else {
      const encryption = props.encryptionKey
        ? { encryption: sqs.QueueEncryption.KMS, encryptionMasterKey: props.encryptionKey }
        : { encryption: sqs.QueueEncryption.SQS_MANAGED };
      const fifo = settled.fifo ? { fifo: true } : {};
      const dlq = new sqs.Queue(this, 'DeadLetterQueue', {
        ...encryption,
        ...fifo,
        enforceSSL: true,
        retentionPeriod: Duration.days(DEFAULTS.sqs.dlqRetentionDays),
      });
      this.deadLetterQueue = dlq;
      Validations.of(dlq).acknowledge({ id: 'Serverless::Serverless-SQSRedrivePolicy', reason: 'This queue is the dead-letter queue, the end of the redrive chain; it is watched by the DlqDepth alarm' });
      this.queue = new sqs.Queue(this, 'Queue', {
        ...encryption,
        ...fifo,
        enforceSSL: true,
        retentionPeriod: props.retentionPeriod,
        visibilityTimeout: props.visibilityTimeout ?? (settled.requiredVisibilitySeconds !== undefined ? Duration.seconds(settled.requiredVisibilitySeconds) : undefined),
        deadLetterQueue: { queue: dlq, maxReceiveCount: settled.maxReceiveCount },
      });
    }

    this.eventSourceMapping = new lambda.EventSourceMapping(this, 'EventSourceMapping', {
      target: props.function,
      eventSourceArn: this.queue.queueArn,
      batchSize: settled.batchSize,
      maxBatchingWindow: props.maxBatchingWindow,
      maxConcurrency: props.maxConcurrency,
      provisionedPollerConfig: props.provisionedPollers,
      reportBatchItemFailures: true,
    });
    this.queue.grantConsumeMessages(props.function);
    Validations.of(this.eventSourceMapping).acknowledge({
      id: 'Serverless::Serverless-LambdaEventSourceMappingDestination',
      reason: 'SQS event source mappings take no on-failure destination; failed messages move to the dead-letter queue by the queue\'s redrive policy',
    });

    const chosen = queueAlarms(settled.maxQueueAgeSeconds ?? DEFAULTS.sqs.maxQueueAgeSeconds);
    this.alarms = renderAlarms(this, QUEUE_ALARMS, {
      queue: this.queue,
      deadLetterQueue: this.deadLetterQueue,
      dlqDepth: chosen.dlqDepth.threshold,
      maxQueueAgeSeconds: settled.maxQueueAgeSeconds === undefined ? undefined : chosen.queueAge.thresholdSeconds,
    }, props.alarmTopic);
  }

  /** What the catalog's messages call the function, the queue and the mapping: their construct paths. */
  private names(props: SqsBufferedFunctionProps): Names {
    return { function: props.function.node.path, queue: props.queue?.node.path ?? `${this.node.path}/Queue`, mapping: `${this.node.path}/EventSourceMapping` };
  }

  /** Reserved ≥ max(5, maxConcurrency): set it, or check the one the function has (MODEL §4, §7). */
  private applyReserved(check: PropsCheck, props: SqsBufferedFunctionProps, cfn: lambda.CfnFunction): void {
    const floor = Math.max(LIMITS.sqsMinReserved, isKnown(props.maxConcurrency) ? props.maxConcurrency : 0);
    const names = this.names(props);
    if (props.reservedConcurrency !== undefined) {
      check.atLeast('reservedConcurrency', props.reservedConcurrency, 0, { integer: true });
      if (isKnown(props.reservedConcurrency)) reservedInvariants(props, props.reservedConcurrency, names, (inv, values, n) => check.invariant(inv, values, n));
      setReserved(cfn, props.reservedConcurrency, check, 'reservedConcurrency');
      return;
    }
    const current = reservedOf(props.function);
    if (current === undefined) {
      if (props.maxConcurrency !== undefined) setReserved(cfn, floor, check, 'SqsBufferedFunction');
    } else if (isDeferred(current)) {
      this.node.addValidation({
        validate: () => {
          const messages: string[] = [];
          reservedInvariants(props, valueOf(current), names, (inv, values, n) => messages.push(...check.invariantMessages(inv, values, n)));
          return messages;
        },
      });
    } else if (Token.isUnresolved(current)) {
      check.unresolved('function.reservedConcurrentExecutions', `at least ${floor}`);
    } else {
      reservedInvariants(props, current, names, (inv, values, n) => check.invariant(inv, values, n));
    }
  }
}

/** The statement `enforceSSL: true` adds: deny every SQS action over plain HTTP. */
function requireTls(queue: sqs.IQueue): void {
  // Queue keeps its QueuePolicy as the child `Policy` (the property itself is private).
  const policy = queue.node.tryFindChild('Policy');
  if (!(policy === undefined || policy instanceof sqs.QueuePolicy)) return;
  const existing = policy ? JSON.stringify(Stack.of(queue).resolve(policy.document.toJSON())) : '';
  if (existing.includes('"aws:SecureTransport":"false"')) return;
  queue.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'DenyInsecureTransport',
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: ['sqs:*'],
      resources: [queue.queueArn],
      conditions: { Bool: { 'aws:SecureTransport': 'false' } },
    }),
  );
}
