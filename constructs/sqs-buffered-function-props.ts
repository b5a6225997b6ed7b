/**
 * The props of `SqsBufferedFunction` (constructs/sqs-buffered-function.ts), apart from the construct so that its
 * checks (constructs/private/sqs-buffered-validate.ts) read them without importing the construct.
 */
import type { Duration } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';

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
