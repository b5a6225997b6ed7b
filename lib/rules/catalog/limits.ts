/**
 * What Lambda, SQS, Kinesis and Application Auto Scaling accept and assume for the properties the rules read,
 * with the page each comes from; limits the model already knows come from its `LIMITS`.
 */
import { LIMITS } from '../../model';

/** Service defaults for properties a template may leave out. */
export const SERVICE_DEFAULTS = {
  /** sqs CreateQueue: MessageRetentionPeriod 345,600 s (4 days). */
  sqsRetentionSeconds: 345_600,
  /** lambda CreateEventSourceMapping: BatchSize of Kinesis and DynamoDB streams 100. */
  streamBatchSize: 100,
  /** lambda CreateEventSourceMapping: ParallelizationFactor 1. */
  parallelizationFactor: 1,
} as const;

/** A numeric property and the values its service accepts (all integers). */
export interface Range {
  readonly type: string;
  /** Property path; a string at a step (a JSON `RedrivePolicy`) is parsed. */
  readonly path: readonly string[];
  readonly min: number;
  readonly max?: number;
  /** Values allowed outside [min, max] (`-1` for "infinite"), or excluded gaps, as a predicate over integers in range. */
  readonly allowed?: (value: number) => boolean;
  /** The accepted values in words, when `min`–`max` does not say it. */
  readonly words?: string;
  /** Set when the range is on how many items the list at `path` has, not on a value. */
  readonly count?: 'items';
}

const ESM = 'AWS::Lambda::EventSourceMapping';
const QUEUE = 'AWS::SQS::Queue';

/** Every range ValueOutOfRange checks, by resource type. Sources: the CloudFormation resource and API references. */
export const RANGES: readonly Range[] = [
  // lambda PutFunctionConcurrency, CreateFunction
  { type: 'AWS::Lambda::Function', path: ['ReservedConcurrentExecutions'], min: 0 },
  { type: 'AWS::Lambda::Function', path: ['Timeout'], min: 1, max: LIMITS.lambdaMaxTimeoutSeconds },
  { type: 'AWS::Lambda::Function', path: ['MemorySize'], min: LIMITS.lambdaMinMemoryMb, max: LIMITS.lambdaMaxMemoryMb },
  // lambda CreateEventSourceMapping: BatchSize max 10,000 for every source (SQS FIFO 10: SqsFifoLimits)
  { type: ESM, path: ['BatchSize'], min: 1, max: LIMITS.sqsMaxBatchStandard },
  { type: ESM, path: ['MaximumBatchingWindowInSeconds'], min: 0, max: LIMITS.sqsMaxBatchingWindowSeconds },
  { type: ESM, path: ['ScalingConfig', 'MaximumConcurrency'], min: LIMITS.sqsMaxConcurrencyMin, max: LIMITS.sqsMaxConcurrencyMax },
  { type: ESM, path: ['MaximumRetryAttempts'], min: -1, max: 10000 },
  { type: ESM, path: ['MaximumRecordAgeInSeconds'], min: -1, max: 604800, allowed: (v) => v === -1 || v >= 60, words: '-1 or 60–604800' },
  { type: ESM, path: ['ParallelizationFactor'], min: 1, max: 10 },
  { type: ESM, path: ['TumblingWindowInSeconds'], min: 0, max: 900 },
  // lambda PutFunctionEventInvokeConfig
  { type: 'AWS::Lambda::EventInvokeConfig', path: ['MaximumRetryAttempts'], min: 0, max: 2 },
  { type: 'AWS::Lambda::EventInvokeConfig', path: ['MaximumEventAgeInSeconds'], min: 60, max: LIMITS.asyncMaxEventAgeSeconds },
  // lambda PutProvisionedConcurrencyConfig
  { type: 'AWS::Lambda::Alias', path: ['ProvisionedConcurrencyConfig', 'ProvisionedConcurrentExecutions'], min: 1 },
  { type: 'AWS::Lambda::Version', path: ['ProvisionedConcurrencyConfig', 'ProvisionedConcurrentExecutions'], min: 1 },
  // sqs CreateQueue attributes and RedrivePolicy
  { type: QUEUE, path: ['VisibilityTimeout'], min: 0, max: LIMITS.sqsMaxVisibilityTimeoutSeconds },
  { type: QUEUE, path: ['MessageRetentionPeriod'], min: 60, max: LIMITS.sqsMaxRetentionDays * 86400 },
  { type: QUEUE, path: ['DelaySeconds'], min: 0, max: 900 },
  { type: QUEUE, path: ['ReceiveMessageWaitTimeSeconds'], min: 0, max: 20 },
  { type: QUEUE, path: ['RedrivePolicy', 'maxReceiveCount'], min: 1, max: 1000 },
  // application-autoscaling RegisterScalableTarget
  { type: 'AWS::ApplicationAutoScaling::ScalableTarget', path: ['MinCapacity'], min: 0 },
  { type: 'AWS::ApplicationAutoScaling::ScalableTarget', path: ['MaxCapacity'], min: 0 },
  // application-auto-scaling-quotas: scheduled actions per scalable target, not adjustable
  {
    type: 'AWS::ApplicationAutoScaling::ScalableTarget',
    path: ['ScheduledActions'],
    min: 0,
    max: LIMITS.scheduledActionsPerTarget,
    count: 'items',
    words: `at most ${LIMITS.scheduledActionsPerTarget} actions (Application Auto Scaling's quota per scalable target, not adjustable)`,
  },
  // kinesis CreateStream
  { type: 'AWS::Kinesis::Stream', path: ['ShardCount'], min: 1 },
];
