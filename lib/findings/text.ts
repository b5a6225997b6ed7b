/**
 * Human text of every finding, kept apart from the checks: titles, descriptions, messages and fixes,
 * keyed by id. `{name}` placeholders are filled from the values a check reports. The one table for the
 * rule engine, the planner and the constructs (the invariants of lib/model/invariants name their ids).
 */

import type { PlanFindingId, RuleId } from './ids';

export * from './ids';

/** Text of one rule. */
export interface RuleText {
  /** One line, shown as SARIF `shortDescription`. */
  readonly title: string;
  /** Why the rule exists (SARIF `fullDescription`). */
  readonly description: string;
  /** Finding messages by variant; `default` always exists. */
  readonly messages: { readonly default: string; readonly [variant: string]: string };
  readonly fix: string;
  /** Fixes of message variants that need their own; the others use `fix`. */
  readonly fixes?: { readonly [variant: string]: string };
}

/**
 * Text of every rule and planner finding, keyed by id. Where the planner words a catalog rule its own
 * way (plans predate the catalog, and plans are byte-stable), that wording is the `plan` variant.
 */
export const RULE_TEXT: Readonly<Record<RuleId | PlanFindingId, RuleText>> = {
  ReservedConcurrencyForProxy: {
    title: 'Functions that connect to an RDS Proxy need reserved concurrency',
    description: 'Without reserved concurrency a function scales until the proxy pool is exhausted; every environment holds a database connection. A function only custom resources invoke runs as the stack deploys and is not asked.',
    messages: { default: 'function {function} connects to RDS Proxy {proxy} ({how}) but has no reserved concurrency' },
    fix: 'Set reservedConcurrentExecutions to the function\'s share of the proxy\'s Lambda budget (ProxyConcurrencyLimit, or `cdk-lambda-scaling plan` with the database)',
  },
  ProxyPoolOversubscribed: {
    title: 'Reserved concurrency of a proxy\'s functions must fit its Lambda connection budget',
    description: 'Σ reserved × connections per environment of the functions on one RDS Proxy must not exceed floor(floor(max_connections × MaxConnectionsPercent / 100) × (1 − headroom)) − other clients (MODEL §5).',
    messages: { default: 'functions on RDS Proxy {proxy} may hold {used} connections ({functions}) but its Lambda budget is {budget} (pool {pool} = {maxConnectionsPercent}% of max_connections {maxConnections}, {source}; headroom {headroom}, other clients {otherClients})' },
    fix: 'Lower the functions\' reserved concurrency so their sum fits {budget} (ProxyConcurrencyLimit splits it), or raise MaxConnectionsPercent / the instance class',
  },
  SqsVisibilityTimeout: {
    title: 'Queue visibility timeout must cover 6 × function timeout + batching window',
    description: 'Below the function timeout Lambda rejects the mapping and the deploy fails (an error); below 6 × timeout + window, AWS\'s recommendation, messages become visible again while they are processed: duplicates, and receives counted towards the DLQ (a warning).',
    messages: {
      default: 'queue {queue} has visibility timeout {visibilityTimeoutSeconds}s, below 6 × timeout {timeoutSeconds}s of {function} + batching window {windowSeconds}s = {requiredSeconds}s',
      belowTimeout: 'queue {queue} has visibility timeout {visibilityTimeoutSeconds}s, below the timeout {timeoutSeconds}s of its consumer {function}: Lambda rejects the mapping (6 × timeout + window = {requiredSeconds}s)',
    },
    fix: 'Set the queue\'s visibilityTimeout to at least {requiredSeconds} seconds',
  },
  SqsRedrivePolicy: {
    title: 'A queue that feeds a function needs a dead-letter queue',
    description: 'Without a redrive policy a message that always fails is retried until its retention ends, and blocks FIFO groups.',
    messages: { default: 'queue {queue} feeds {function} but has no redrive policy with a dead-letter queue' },
    fix: 'Add deadLetterQueue: { queue: dlq, maxReceiveCount: 5 } (or use SqsBufferedFunction)',
  },
  SqsMaxReceiveCount: {
    title: 'Redrive maxReceiveCount should be at least 5',
    description: 'With a low maxReceiveCount, messages that Lambda\'s pollers received while the function was throttled move to the DLQ although nothing failed (checked on queues an event source mapping reads).',
    messages: { default: 'queue {queue} redrives to its DLQ after {maxReceiveCount} receives (fewer than {minimum})' },
    fix: 'Set maxReceiveCount to at least {minimum}',
  },
  SqsPartialBatchResponse: {
    title: 'Batches larger than one should report partial batch failures',
    description: 'Without ReportBatchItemFailures one bad message returns the whole batch to the queue.',
    messages: { default: 'event source mapping {mapping} has batch size {batchSize} without ReportBatchItemFailures' },
    fix: 'Set reportBatchItemFailures: true and return batchItemFailures from the handler',
  },
  SqsMaxConcurrencyAboveReserved: {
    title: 'Σ MaximumConcurrency of a function\'s SQS mappings must not exceed its reserved concurrency',
    description: 'Pollers above the reserved concurrency are throttled; throttled messages return to the queue and count towards the DLQ.',
    messages: { default: 'function {function} has reserved concurrency {reserved} but its SQS mappings allow {sum} concurrent invocations ({mappings})' },
    fix: 'Lower the mappings\' maxConcurrency to sum to at most {reserved}, or raise reserved concurrency to {sum}',
  },
  SqsReservedBelowFive: {
    title: 'An SQS-triggered function needs reserved concurrency of at least 5',
    description: 'SQS pollers start with 5 concurrent invocations; below that they are throttled from the start.',
    messages: {
      default: 'SQS-triggered function {function} has reserved concurrency {reserved} (below {minimum})',
      plan: 'reserved concurrency {reserved} is below {minimum}: the SQS pollers start 5 concurrent invokes and throttled batches return to the queue and end in the DLQ',
    },
    fix: 'Set reserved concurrency to at least {minimum}',
    fixes: { plan: 'raise the cap that binds reserved concurrency (database share) to at least {minimum}' },
  },
  SqsBatchingWindowRequired: {
    title: 'Batch sizes above 10 on a standard queue need a batching window of at least 1 s',
    description: 'Lambda rejects an SQS mapping with batch size above 10 and no MaximumBatchingWindowInSeconds.',
    messages: { default: 'event source mapping {mapping} has batch size {batchSize} and batching window {windowSeconds}s' },
    fix: 'Set maxBatchingWindow to at least 1 second, or batch size to 10 or less',
  },
  SqsFifoLimits: {
    title: 'FIFO mappings allow batch size ≤ 10 and no batching window',
    description: 'Lambda rejects FIFO event source mappings with batch size above 10 or a batching window.',
    messages: { default: 'event source mapping {mapping} on FIFO queue {queue} has batch size {batchSize} and batching window {windowSeconds}s' },
    fix: 'Set batch size to 10 or less and remove maxBatchingWindow',
  },
  SqsPollerModeConflict: {
    title: 'MaximumConcurrency cannot be combined with provisioned pollers',
    description: 'Lambda rejects a mapping with both ScalingConfig.MaximumConcurrency and ProvisionedPollerConfig.',
    messages: { default: 'event source mapping {mapping} sets MaximumConcurrency {maxConcurrency} and provisioned pollers {pollers}' },
    fix: 'Use either maxConcurrency (on-demand pollers) or provisionedPollerConfig, not both',
  },
  SqsDlqQueueType: {
    title: 'A queue and its dead-letter queue must both be FIFO or both be standard',
    description: 'SQS rejects a redrive policy whose dead-letter queue is not of the same type as the queue: the deploy fails.',
    messages: { default: 'queue {queue} is {type} queue and redrives to {dlq}, {dlqType} queue' },
    fix: 'Make the dead-letter queue of a FIFO queue a FIFO queue (fifo: true, a name ending in .fifo), and that of a standard queue a standard one',
  },
  QueueUrlAsArn: {
    title: 'An ARN property must name a queue by its ARN, not its URL',
    description: 'Ref of an SQS queue is its URL (and GetAtt QueueUrl/QueueName its URL and name); a redrive policy, a dead-letter queue, an invoke or on-failure destination, an EventSourceArn, an SNS sqs endpoint or an EventBridge target given one fails the deploy.',
    messages: { default: '{resource} names queue {queue} by its URL or name in {property}' },
    fix: 'Use Fn::GetAtt <queue>.Arn (queue.queueArn in the CDK)',
  },
  ProvisionedExceedsReserved: {
    title: 'Provisioned concurrency must not exceed reserved concurrency',
    description: 'CloudFormation fails the deploy when provisioned concurrency (or a scaling target\'s maximum) is above the function\'s reserved concurrency.',
    messages: { default: '{what} of {function} is {provisioned}, above its reserved concurrency {reserved}' },
    fix: 'Lower {what} to at most {reserved}, or raise reserved concurrency',
  },
  ScalableTargetBounds: {
    title: 'Scalable target bounds and targets must be consistent',
    description: 'Application Auto Scaling rejects or misbehaves with min > max, scheduled actions outside the bounds, or a utilization target outside 0.1–0.9.',
    messages: {
      default: 'scalable target {target} has MinCapacity {min} above MaxCapacity {max}',
      schedule: 'scheduled action {action} of {target} sets MinCapacity {min} above MaxCapacity {max}',
      target: 'scaling policy {policy} tracks a utilization target of {targetValue}, outside {low}–{high}',
    },
    fix: 'Keep MinCapacity ≤ MaxCapacity in the target and every scheduled action, and the target value within {low}–{high} (the planner picks A_peak / P_peak)',
  },
  ScheduleTimezone: {
    title: 'Scheduled actions with cron/at need a time zone',
    description: 'Without a time zone schedules run in UTC and drift by an hour at each daylight saving change of the traffic\'s time zone.',
    messages: { default: 'scheduled action {action} of {target} runs {schedule} with no time zone' },
    fix: 'Set timeZone (an IANA name such as Europe/Berlin) on the scheduled action',
  },
  ScheduleExpression: {
    title: 'Scheduled actions, schedules and scheduled rules need a valid schedule expression',
    description: 'Application Auto Scaling and EventBridge Scheduler accept cron(minutes hours day-of-month month day-of-week year) with six fields and one of the day fields ?, rate(value unit) and at(yyyy-mm-ddThh:mm:ss); EventBridge rules accept cron and rate only, and a rate unit singular for 1 and plural above (rate(1 minute), rate(5 minutes)), the form Scheduler documents too (a warning there). Anything else fails the deploy.',
    messages: {
      default: 'scheduled action {action} of {target} has schedule {schedule}: {problem}',
      scheduler: 'EventBridge Scheduler schedule {target} has ScheduleExpression {schedule}: {problem}',
      events: 'EventBridge rule {target} has ScheduleExpression {schedule}: {problem}',
    },
    fix: 'Write the schedule as cron(...) with six fields, rate(...) or at(...)',
    fixes: {
      scheduler: 'Write ScheduleExpression as cron(...) with six fields, rate(...) with a singular unit for 1 and a plural one above (rate(1 minute), rate(5 minutes)), or at(...)',
      events: 'Write ScheduleExpression as cron(...) with six fields or rate(...) with a singular unit for 1 and a plural one above (rate(1 minute), rate(5 minutes))',
    },
  },
  ScheduleTimezoneValid: {
    title: 'Schedule time zones must be IANA time zone names',
    description: 'Application Auto Scaling (a scheduled action\'s Timezone) and EventBridge Scheduler (ScheduleExpressionTimezone) accept only IANA time zone names (such as Europe/Berlin or Etc/GMT+9), not offsets or misspelled names; the deploy fails.',
    messages: {
      default: 'scheduled action {action} of {target} has time zone {timezone}: {problem}',
      scheduler: 'EventBridge Scheduler schedule {target} has ScheduleExpressionTimezone {timezone}: {problem}',
    },
    fix: 'Set timeZone to an IANA time zone name such as Europe/Berlin',
    fixes: { scheduler: 'Set ScheduleExpressionTimezone to an IANA time zone name such as Europe/Berlin' },
  },
  ProvisionedScaleIn: {
    title: 'Target-tracked provisioned concurrency with a minimum needs a schedule to lower it',
    description: 'Idle functions emit no utilization, so target tracking never scales in: provisioned concurrency stays at its last level all night (MODEL §3). Not raised when MaxCapacity is within the provisioned buffer (10%) above MinCapacity, as in a flat plan: the level left behind is then at most the buffer.',
    messages: { default: 'scalable target {target} of {function} keeps MinCapacity {min} with target tracking and no scheduled action that lowers it' },
    fix: 'Add a scheduled action that lowers MinCapacity when traffic is low (the planner\'s schedule does this)',
  },
  TargetTrackingAliasDimension: {
    title: 'A custom target tracking metric must name the scalable target\'s alias',
    description: 'Lambda publishes an alias\'s metrics with the dimensions FunctionName and Resource (function:alias); a customized metric with other dimensions reads another series or none, and the policy never scales the alias.',
    messages: { default: 'scaling policy {policy} of {target} tracks a metric with dimensions {dimensions}, which do not name alias {qualifier} of {function} (FunctionName and Resource)' },
    fix: 'Give the metric the dimensions FunctionName = the function and Resource = <function>:{qualifier}, or use the predefined LambdaProvisionedConcurrencyUtilization',
  },
  ScalableTargetDependsOnAlias: {
    title: 'A provisioned concurrency scalable target must depend on its alias or version',
    description: 'When the ResourceId names the alias as text, CloudFormation may register the target before the alias exists and the deploy fails.',
    messages: {
      default: 'scalable target {target} scales {alias} (qualifier {qualifier}) but depends on it neither by DependsOn nor by a reference',
      nested: 'scalable target {target} scales {alias} (qualifier {qualifier}) of another stack, but {from} depends on {to} neither by DependsOn nor by a reference',
    },
    fix: 'Add DependsOn: {aliasId} to the scalable target, or build its ResourceId from a reference to the alias',
    fixes: { nested: 'Add DependsOn: {toId} to {from}, or pass it a reference to the alias (a parameter of the nested stack, or an output read with Fn::GetAtt)' },
  },
  AccountConcurrencyBudget: {
    title: 'Σ reserved concurrency per account and region must leave the unreserved floor',
    description: 'Lambda keeps at least 100 (or the whole limit for tiny accounts) unreserved; CloudFormation fails the deploy of the stack that crosses it, with a rollback.',
    messages: {
      default: 'reserved concurrency in {environment} sums to {reservedTotal} across {stackCount} stack(s), above limit {concurrencyLimit} − unreserved floor {unreservedFloor} = {reservable}; largest: {largest}',
      plan: 'reserved concurrency totals {reservedTotal}, above {reservable} = account limit {concurrencyLimit} - unreserved floor {unreservedFloor} in {region}; the deploy would fail (largest: {largest})',
    },
    fix: 'Lower reserved concurrency by {excess}, or request a higher account limit and pass --account-concurrency / concurrencyLimit',
    fixes: { plan: 'raise the account concurrency limit to at least {minimumLimit} (Service Quotas), or lower traffic targets / move functions to another account or region' },
  },
  ReservedConcurrencyZero: {
    title: 'Reserved concurrency 0 means the function can never run',
    description: 'A reserved concurrency of 0 throttles every invocation; it is an emergency stop, not a setting to deploy.',
    messages: { default: 'function {function} has reserved concurrency 0: every invocation is throttled' },
    fix: 'Remove reservedConcurrentExecutions or set it to the planned value',
  },
  ThrottleAlarm: {
    title: 'Sync-invoked or reserved functions need a Throttles alarm',
    description: 'A throttled synchronous invocation is an error the caller sees; reserved concurrency makes throttling likely by design. For an SQS consumer throttles are back-pressure, so an alarm on its queue\'s ApproximateAgeOfOldestMessage also satisfies the rule (MODEL §10).',
    messages: {
      default: 'function {function} ({why}) has no alarm on Throttles',
      sqs: 'SQS-triggered function {function} ({why}) has no alarm on Throttles nor on its queue\'s ApproximateAgeOfOldestMessage',
    },
    fix: 'Add an alarm on the Throttles metric (ThrottleAlarms does this: Sum ≥ 1 for 5 of 5 minutes), or for an SQS consumer on its queue\'s age',
  },
  SpilloverAlarm: {
    title: 'Provisioned concurrency needs a spillover or utilization alarm',
    description: 'Spillover invocations above provisioned concurrency are cold starts; without an alarm the PC sizing silently falls behind traffic.',
    messages: { default: '{holder} of {function} has provisioned concurrency but no alarm on ProvisionedConcurrencySpilloverInvocations or ProvisionedConcurrencyUtilization' },
    fix: 'Add a spillover-rate or utilization (Maximum > 0.9) alarm on the alias (ThrottleAlarms does this)',
  },
  DlqDepthAlarm: {
    title: 'A dead-letter queue needs a depth alarm',
    description: 'Messages in a DLQ are failures nobody sees until retention deletes them. A queue is a DLQ when a queue redrives to it, a function names it as its DLQ or on-failure destination, an event source mapping as its on-failure destination, an EventBridge Scheduler schedule or rule target as its dead-letter queue, or the redrive policy of an SNS subscription.',
    messages: { default: 'dead-letter queue {queue} ({why}) has no alarm on ApproximateNumberOfMessagesVisible' },
    fix: 'Add an alarm on ApproximateNumberOfMessagesVisible (Maximum ≥ 1)',
  },
  AsyncFailureDestination: {
    title: 'Async-invoked functions need a DLQ or an on-failure destination',
    description: 'Async events that fail after retries (up to 6 hours) are dropped unless a DLQ or on-failure destination keeps them.',
    messages: { default: 'function {function} is invoked asynchronously ({why}) with neither a dead-letter queue nor an on-failure destination' },
    fix: 'Set deadLetterQueue or onFailure (EventInvokeConfig) on the function',
  },
  DlqRetention: {
    title: 'A dead-letter queue must keep messages longer than its source queue',
    description: 'A standard queue\'s message keeps its enqueue time when it moves to the DLQ: with a retention not longer than the source\'s, a message that waited in the source expires in the DLQ early (SQS default retention is 4 days).',
    messages: { default: 'dead-letter queue {dlq} keeps messages {dlqSeconds}s, not longer than its source queue(s) {queues} (up to {queueSeconds}s)' },
    fix: 'Set the DLQ\'s retentionPeriod above {queueSeconds} seconds (the maximum is {maxSeconds}, 14 days)',
    fixes: { sourceAtMaximum: 'Set the DLQ\'s retentionPeriod to {maxSeconds} seconds (14 days, the maximum) and lower the retentionPeriod of {queues} below it' },
  },
  StreamRetryLimit: {
    title: 'Stream mappings need a retry limit',
    description: 'With MaximumRetryAttempts and MaximumRecordAgeInSeconds at their default -1, one record that always fails is retried until it expires (a day or more) and blocks its shard.',
    messages: { default: 'stream mapping {mapping} of {function} retries a failing record until it expires (no MaximumRetryAttempts nor MaximumRecordAgeInSeconds)' },
    fix: 'Set retryAttempts (MaximumRetryAttempts) to a few attempts, or maxRecordAge',
  },
  StreamOnFailureDestination: {
    title: 'Stream mappings need an on-failure destination',
    description: 'Records discarded after the retries or the record age are lost unless DestinationConfig.OnFailure keeps them (an SQS queue, SNS topic or S3 bucket).',
    messages: { default: 'stream mapping {mapping} has no on-failure destination: discarded records are lost' },
    fix: 'Set onFailure (DestinationConfig.OnFailure) to an SQS queue, SNS topic or S3 bucket',
  },
  StreamBisectBatch: {
    title: 'Stream batches larger than one should be split on function errors',
    description: 'Without BisectBatchOnFunctionError or partial batch responses (ReportBatchItemFailures) a failing batch is retried whole, so one bad record holds back every record of its batch.',
    messages: { default: 'stream mapping {mapping} reads batches of {batchSize} without BisectBatchOnFunctionError or ReportBatchItemFailures' },
    fix: 'Set bisectBatchOnError (BisectBatchOnFunctionError) to true, or report batch item failures (reportBatchItemFailures) from the handler',
  },
  StreamParallelization: {
    title: 'Parallelization × shards of a function\'s streams must fit its reserved concurrency',
    description: 'Each shard runs up to ParallelizationFactor concurrent batches; above the reserved concurrency they are throttled and the iterator age grows.',
    messages: { default: 'function {function} has reserved concurrency {reserved} but its streams run up to {sum} concurrent batches ({mappings})' },
    fix: 'Raise reserved concurrency to {sum}, or lower the parallelization factor',
  },
  EventSourceUnknown: {
    title: 'Event source mappings whose source cannot be told apart are not checked',
    description: 'SQS, stream, MQ and Kafka mappings follow different rules; a mapping is checked only when its source is known from a reference, a literal ARN, a parameter default or properties only one kind of source accepts.',
    messages: { default: 'event source mapping {mapping} was not checked: {what}' },
    fix: 'Give EventSourceArn as a reference or a literal ARN (or a parameter with a Default) so the source is known',
  },
  ValueOutOfRange: {
    title: 'Values must be within what the service accepts',
    description: 'Lambda, SQS, Kinesis and Application Auto Scaling reject values outside their documented ranges (a batch size of -1, reserved concurrency 1.5, more than 200 scheduled actions on one scalable target); CloudFormation fails the deploy.',
    messages: { default: '{resource} sets {property} to {value}; it must be {range}' },
    fix: 'Set {property} to {range}',
  },
  AccountRequestRate: {
    title: 'The functions\' peak request rates must fit the account\'s request-rate limit',
    description: 'Lambda limits requests per second per account and region to 10 × the concurrency limit; requests above it are throttled whatever the concurrency.',
    messages: { default: 'the functions\' peaks add up to {peakRps} requests/s, above the account\'s {rpsLimit} requests/s (10 x concurrency limit)' },
    fix: 'raise the account concurrency limit, which raises the request-rate limit with it',
  },
  DatabaseBudgetExhausted: {
    title: 'A function behind an RDS Proxy needs at least one connection of its database\'s budget',
    description: 'When the database\'s Lambda connection budget is taken by the other functions, a function\'s share is 0 and reserved concurrency 0 stops it from running (MODEL §5).',
    messages: { default: 'database {database} has no connections left for {function}: reserved concurrency would be 0 and the function could never run' },
    fix: 'raise max_connections or MaxConnectionsPercent of {database}, lower headroom or otherClients, or move functions to another database',
  },
  ReservedCappedByDatabase: {
    title: 'A database share below the throttle sizing throttles callers',
    description: 'Reserved concurrency capped by the database\'s connection budget is below what the throttle target needs at peak (MODEL §2, §5).',
    messages: { default: 'reserved concurrency {reserved} (database {database} share) is below the {wanted} the throttle target needs: predicted throttles {throttleProbability} at peak (target {throttleTarget})' },
    fix: 'grow the {database} connection budget (larger instance, MaxConnectionsPercent, less headroom) or accept the throttles',
  },
  ProvisionedCappedByReserved: {
    title: 'Provisioned concurrency capped by reserved concurrency spills over',
    description: 'Provisioned concurrency cannot exceed reserved concurrency; when a cap binds reserved, PC falls short of the spillover target (MODEL §3).',
    messages: { default: 'provisioned concurrency capped at {ceiling} by reserved {reserved} (wanted up to {wanted}): predicted spillover {spillover} at the busiest hour (target {spilloverTarget})' },
    fix: 'raise the cap that binds reserved concurrency (database or account budget) or accept more spillover',
  },
  TimeoutBelowP99: {
    title: 'The function timeout should cover its p99 duration',
    description: 'Invocations longer than the timeout are cut off: with the timeout below p99, at least 1% of invocations fail.',
    messages: { default: 'p99 duration {p99Ms} ms exceeds the {timeoutSeconds} s timeout: at least 1% of invocations time out' },
    fix: 'raise timeoutSeconds to at least {minimumTimeoutSeconds} (Lambda allows at most 900), or shorten the invocations',
  },
  SqsQueueAgeTarget: {
    title: 'SQS consumers should meet the queue-age target at peak',
    description: 'With maxConcurrency capped (reserved, database share, message groups) messages wait longer than the queue-age target more often than 1% (MODEL §7).',
    messages: {
      default: 'with maxConcurrency {maxConcurrency} the queue-age target {maxQueueAgeSeconds} s is missed by {exceedProbability} of messages',
      backlog: 'with maxConcurrency {maxConcurrency} the queue-age target {maxQueueAgeSeconds} s is missed by a growing backlog (consumers cannot keep up at peak)',
    },
    fix: 'raise the cap on concurrency (reserved, database share, message groups) or accept a longer queue age',
  },
};

/**
 * Message and fix of a finding: the text of `id` in the first of `variants` it has (else `default`),
 * filled from `params`. A fix falls back the same way to `fix`.
 */
export function findingText(id: RuleId | PlanFindingId, params: Readonly<Record<string, unknown>>, ...variants: string[]): { readonly message: string; readonly fix: string } {
  const text = RULE_TEXT[id];
  const message = variants.map((v) => text.messages[v]).find((m) => m !== undefined) ?? text.messages.default;
  const fix = variants.map((v) => text.fixes?.[v]).find((f) => f !== undefined) ?? text.fix;
  return { message: fillText(message, params), fix: fillText(fix, params) };
}

/** Text of info findings for values that could not be checked. */
export const UNRESOLVABLE_TEXT = {
  message: 'could not check {rule} on {resource}: {what}',
  fix: 'Check this by hand, or give a literal value: parameters, conditions, imports and pseudo parameters are only known at deploy time',
} as const;

/** Suffix of a finding whose resources refer to parameters with a `Default`: the check assumed those values. */
export const DEFAULTS_ASSUMED_TEXT = ' (assuming parameter defaults: {defaults})';

/** Text of the template notice. */
export const TEMPLATE_NOTICE_TEXT = {
  title: 'Template entries the checks could not read',
  message: '{entry} {problem}; no rule checked it',
  fix: 'Make the entry a valid CloudFormation resource (an object with a string Type)',
} as const;

/** Text of the duplicate-key finding. */
export const DUPLICATE_KEY_TEXT = {
  title: 'A template gives a key twice in one object',
  message: '{file} gives the key {key} twice in one object (line {line}); the template was checked with the last value, which is what CloudFormation and sam package keep',
  fix: 'Give each key once: merge the two entries, or rename one if they are two different things',
} as const;

/** Fills `{name}` placeholders; unknown names stay as they are. */
export function fillText(template: string, params: Readonly<Record<string, unknown>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
