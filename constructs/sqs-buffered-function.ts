/**
 * `SqsBufferedFunction`: an SQS queue with DLQ in front of a function, sized as MODEL §7 says.
 */
import { Duration, Stack, Token, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import {
  DEFAULTS,
  LIMITS,
  queueAlarms,
  requiredVisibilityTimeoutSeconds,
  SQS_BATCHING_WINDOW,
  SQS_FIFO_LIMITS,
  SQS_MAX_CONCURRENCY_WITHIN_RESERVED,
  SQS_ONE_POLLER_MODE,
  SQS_RESERVED_FLOOR,
  SQS_VISIBILITY_COVERS_BATCH,
  type Invariant,
  type MessageParams,
} from '../lib/model';
import { InputError } from '../lib/errors';
import { planPartProblems } from '../lib/plan-file';
import type { SqsPlan } from '../lib/planner/types';
import { AlarmRow, renderAlarms } from './private/alarms';
import { isDeferred, valueOf } from './private/deferred';
import { requireCfnFunction, reservedOf, setReserved, timeoutSecondsOf } from './private/function';
import { PropsCheck, isKnown, secondsOf } from './private/validate';

/** Provisioned-mode pollers of the event source mapping (MODEL §7). */
export interface SqsProvisionedPollers {
  /**
   * Valid range: 2–200.
   * @default 2
   */
  readonly minimumPollers?: number;
  /**
   * Valid range: 2–2,000; each poller carries up to 10 concurrent invocations.
   * @default 200
   */
  readonly maximumPollers?: number;
}

/** Knobs of {@link SqsBufferedFunction}. */
export interface SqsBufferedFunctionOptions {
  /**
   * Messages per invocation. Valid range: 1–10 for FIFO; 1–10,000 for standard queues, above 10
   * only with a batching window of at least 1 s.
   * @see https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-parameters.html
   * @default 10
   */
  readonly batchSize?: number;
  /**
   * How long Lambda gathers messages before invoking. Valid range: 0–300 s; FIFO queues take none.
   * @default - no batching window
   */
  readonly maxBatchingWindow?: Duration;
  /**
   * Event source mapping `ScalingConfig.MaximumConcurrency`. Valid range: 2–1,000. Cannot be used
   * with `provisionedPollers`.
   * @see https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-scaling.html
   * @default - no maximum (pollers scale to min(1,250, reserved concurrency))
   */
  readonly maxConcurrency?: number;
  /**
   * Provisioned pollers instead of on-demand polling. Cannot be used with `maxConcurrency`.
   * @default - on-demand pollers
   */
  readonly provisionedPollers?: SqsProvisionedPollers;
  /**
   * Reserved concurrency to set on the function; at least max(5, maxConcurrency).
   * @default - max(5, maxConcurrency) when maxConcurrency is set and the function has none; the
   * function's own setting otherwise (checked against the same floor)
   */
  readonly reservedConcurrency?: number;
  /**
   * Queue visibility timeout; at least 6 × function timeout + batching window. Not allowed with `queue`.
   * @default - exactly 6 × function timeout + batching window
   */
  readonly visibilityTimeout?: Duration;
  /**
   * Receives before a message moves to the DLQ. Valid range: 5–1,000. Not allowed with `queue`.
   * @default 5
   */
  readonly maxReceiveCount?: number;
  /**
   * A FIFO queue (and FIFO DLQ). Not allowed with `queue` (its own setting is used).
   * @default false
   */
  readonly fifo?: boolean;
  /**
   * Retention of the work queue (the DLQ always keeps messages 14 days). Valid range: 60 s–14 days.
   * Not allowed with `queue`.
   * @default - the SQS default, 4 days
   */
  readonly retentionPeriod?: Duration;
  /**
   * KMS key for both queues. Not allowed with `queue`.
   * @default - SQS-managed server-side encryption
   */
  readonly encryptionKey?: kms.IKey;
  /**
   * Queue-age target: alarm when the oldest message is older than this.
   * @default 300 seconds (`DEFAULTS.sqs.maxQueueAgeSeconds`)
   */
  readonly maxQueueAge?: Duration;
  /**
   * SNS topic the DLQ-depth and queue-age alarms notify.
   * @default - no alarm actions
   */
  readonly alarmTopic?: sns.ITopic;
}

/** Props of {@link SqsBufferedFunction}. */
export interface SqsBufferedFunctionProps extends SqsBufferedFunctionOptions {
  /** The consumer function. */
  readonly function: lambda.Function;
  /**
   * An existing queue to consume; it must have a dead-letter queue, server-side encryption and a
   * visibility timeout of at least 6 × function timeout + batching window. It and its dead-letter
   * queue get a TLS-only resource policy statement unless they have one (`enforceSSL`).
   * @default - a new encrypted, TLS-only queue with a DLQ
   */
  readonly queue?: sqs.Queue;
}

/** The values the construct settles on, after defaults. */
interface Settled {
  readonly batchSize: number;
  readonly windowSeconds: number | undefined;
  readonly fifo: boolean;
  readonly maxReceiveCount: number;
  readonly requiredVisibilitySeconds: number | undefined;
  readonly maxQueueAgeSeconds: number | undefined;
}

/** Options that shape a new queue; with `queue` they belong on that queue instead. */
const NEW_QUEUE_ONLY = ['visibilityTimeout', 'maxReceiveCount', 'fifo', 'retentionPeriod', 'encryptionKey'] as const;

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

/** Construct paths of what the SQS rules name. */
interface Names {
  readonly function: string;
  readonly queue: string;
  readonly mapping: string;
}

/** Asks `ask` about the invariants reserved concurrency must keep with SQS pollers: at least 5, and at least maxConcurrency. */
function reservedInvariants(props: SqsBufferedFunctionProps, reserved: number, names: Names, ask: <V>(inv: Invariant<V>, values: V, names: MessageParams) => void): void {
  ask(SQS_RESERVED_FLOOR, { reserved }, { function: names.function });
  if (isKnown(props.maxConcurrency)) {
    ask(SQS_MAX_CONCURRENCY_WITHIN_RESERVED, { reserved, sum: props.maxConcurrency }, { function: names.function, mappings: `${names.mapping} ${props.maxConcurrency}` });
  }
}

/** The Duration props, checked before any is read. */
const DURATIONS = ['maxBatchingWindow', 'visibilityTimeout', 'retentionPeriod', 'maxQueueAge'] as const;

function validate(check: PropsCheck, props: SqsBufferedFunctionProps, names: Names): Settled {
  // From JavaScript or a hand-made options object: wrong Durations and flags fail here, naming the prop.
  const durations = DURATIONS.map((key) => check.duration(key, props[key]));
  if (!durations.every(Boolean)) check.throwIfAny();
  check.oneOf('fifo', props.fifo, [true, false]);
  const queue = props.queue;
  for (const key of NEW_QUEUE_ONLY) {
    check.require(!(queue && props[key] !== undefined), `${key} shapes the queue the construct creates; set it on the queue you pass instead`);
  }
  const fifo = queue ? queue.fifo : props.fifo ?? false;
  const batchSize = props.batchSize ?? DEFAULTS.sqs.batchSize;
  const windowSeconds = props.maxBatchingWindow ? secondsOf(props.maxBatchingWindow) : 0;
  if (props.maxBatchingWindow && windowSeconds === undefined) check.unresolved('maxBatchingWindow', `between 0 and ${LIMITS.sqsMaxBatchingWindowSeconds} seconds`);

  check.range('batchSize', batchSize, 1, LIMITS.sqsMaxBatchStandard, { integer: true });
  check.range('maxBatchingWindow', windowSeconds, 0, LIMITS.sqsMaxBatchingWindowSeconds, { unit: 'seconds' });
  if (isKnown(batchSize) && isKnown(windowSeconds)) {
    check.invariant(fifo ? SQS_FIFO_LIMITS : SQS_BATCHING_WINDOW, { batchSize, windowSeconds }, { mapping: names.mapping, queue: names.queue });
  }
  check.range('maxConcurrency', props.maxConcurrency, LIMITS.sqsMaxConcurrencyMin, LIMITS.sqsMaxConcurrencyMax, { integer: true });
  const modes = { maxConcurrencySet: props.maxConcurrency !== undefined, provisionedPollersSet: props.provisionedPollers !== undefined };
  check.invariant(SQS_ONE_POLLER_MODE, modes, () => ({ mapping: names.mapping, maxConcurrency: String(props.maxConcurrency), pollers: JSON.stringify(props.provisionedPollers) }));
  const pollers = props.provisionedPollers;
  check.range('provisionedPollers.minimumPollers', pollers?.minimumPollers, LIMITS.sqsMinPollersMin, LIMITS.sqsMinPollersMax, { integer: true });
  check.range('provisionedPollers.maximumPollers', pollers?.maximumPollers, LIMITS.sqsMinPollersMin, LIMITS.sqsMaxPollersMax, { integer: true });
  if (isKnown(pollers?.minimumPollers) && isKnown(pollers?.maximumPollers)) {
    check.require(pollers.minimumPollers <= pollers.maximumPollers, `provisionedPollers.minimumPollers must be at most maximumPollers ${pollers.maximumPollers}, got ${pollers.minimumPollers}`);
  }

  const maxReceiveCount = queue?.deadLetterQueue?.maxReceiveCount ?? props.maxReceiveCount ?? DEFAULTS.sqs.maxReceiveCount;
  check.range(queue ? 'queue.deadLetterQueue.maxReceiveCount' : 'maxReceiveCount', maxReceiveCount, LIMITS.sqsMinMaxReceiveCount, 1000, { integer: true });
  if (props.retentionPeriod) check.range('retentionPeriod', secondsOf(props.retentionPeriod), 60, LIMITS.sqsMaxRetentionDays * 86400, { unit: 'seconds' });

  const timeoutSeconds = timeoutSecondsOf(props.function);
  if (timeoutSeconds === undefined) check.unresolved('function.timeout', 'covered by the visibility timeout');
  const required = isKnown(timeoutSeconds) && isKnown(windowSeconds) ? requiredVisibilityTimeoutSeconds(timeoutSeconds, windowSeconds) : undefined;
  const visibilityField = queue ? 'queue visibilityTimeout' : 'visibilityTimeout';
  const visibility = queue ? visibilityOf(queue) : props.visibilityTimeout ? secondsOf(props.visibilityTimeout) : required;
  if (visibility === undefined && (queue || props.visibilityTimeout)) check.unresolved(visibilityField, 'at least 6 x function timeout + batching window');
  if (isKnown(required) && isKnown(visibility) && isKnown(timeoutSeconds) && isKnown(windowSeconds)) {
    check.invariant(SQS_VISIBILITY_COVERS_BATCH, { visibilityTimeoutSeconds: visibility, timeoutSeconds, windowSeconds }, { queue: names.queue, function: names.function });
    check.require(visibility <= LIMITS.sqsMaxVisibilityTimeoutSeconds, `${visibilityField} must be at most ${LIMITS.sqsMaxVisibilityTimeoutSeconds} seconds (12 hours), got ${visibility}`);
  }
  if (queue) {
    check.require(queue.deadLetterQueue !== undefined, `queue ${queue.node.path} must have a deadLetterQueue; messages that keep failing would otherwise be retried until they expire`);
    check.require(queue.encryptionType !== sqs.QueueEncryption.UNENCRYPTED, `queue ${queue.node.path} must use server-side encryption, got ${queue.encryptionType}`);
  }
  const maxQueueAgeSeconds = props.maxQueueAge ? secondsOf(props.maxQueueAge) : DEFAULTS.sqs.maxQueueAgeSeconds;
  if (maxQueueAgeSeconds === undefined) check.warn('maxQueueAge.unresolved', 'maxQueueAge is a token, so no queue-age alarm was made; pass a Duration with a known value to get one');
  check.atLeast('maxQueueAge', maxQueueAgeSeconds, 1, { unit: 'seconds' });
  return { batchSize, windowSeconds, fifo, maxReceiveCount, requiredVisibilitySeconds: required, maxQueueAgeSeconds };
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

/** The queue's visibility timeout (the SQS default when it sets none); undefined when a token. */
function visibilityOf(queue: sqs.Queue): number | undefined {
  const value = (queue.node.defaultChild as sqs.CfnQueue).visibilityTimeout;
  if (value === undefined) return LIMITS.sqsDefaultVisibilityTimeoutSeconds;
  return Token.isUnresolved(value) ? undefined : value;
}
