/**
 * The ids of every finding: the rule catalog's (ARCHITECTURE.md "Rule catalog", stable), the planner-only
 * ones, and the engine's two notices. Their text is in text.ts.
 */

/** The stable ids of the rule catalog (ARCHITECTURE.md "Rule catalog"). */
export const RULE_IDS = [
  'ReservedConcurrencyForProxy',
  'ProxyPoolOversubscribed',
  'SqsVisibilityTimeout',
  'SqsRedrivePolicy',
  'SqsMaxReceiveCount',
  'SqsPartialBatchResponse',
  'SqsMaxConcurrencyAboveReserved',
  'SqsReservedBelowFive',
  'SqsBatchingWindowRequired',
  'SqsFifoLimits',
  'SqsPollerModeConflict',
  'SqsDlqQueueType',
  'QueueUrlAsArn',
  'ProvisionedExceedsReserved',
  'ScalableTargetBounds',
  'ScheduleTimezone',
  'ScheduleExpression',
  'ScheduleTimezoneValid',
  'ProvisionedScaleIn',
  'TargetTrackingAliasDimension',
  'ScalableTargetDependsOnAlias',
  'AccountConcurrencyBudget',
  'ReservedConcurrencyZero',
  'ThrottleAlarm',
  'SpilloverAlarm',
  'DlqDepthAlarm',
  'AsyncFailureDestination',
  'DlqRetention',
  'StreamRetryLimit',
  'StreamOnFailureDestination',
  'StreamBisectBatch',
  'StreamParallelization',
  'EventSourceUnknown',
  'ValueOutOfRange',
] as const;

/** A rule id of the catalog. */
export type RuleId = (typeof RULE_IDS)[number];

/** Ids of findings only the planner reports (about a workload, not a template). */
export const PLAN_FINDING_IDS = [
  'AccountRequestRate',
  'DatabaseBudgetExhausted',
  'ReservedCappedByDatabase',
  'ProvisionedCappedByReserved',
  'TimeoutBelowP99',
  'SqsQueueAgeTarget',
] as const;

/** An id of a planner-only finding. */
export type PlanFindingId = (typeof PLAN_FINDING_IDS)[number];

/** Id of the notice for template entries the engine could not read (not a catalog rule; always `info`). */
export const TEMPLATE_NOTICE_ID = 'TemplateEntryUnreadable';

/** Id of the finding for a template file that gives a key twice in one object (not a catalog rule; always `error`). */
export const DUPLICATE_KEY_ID = 'DuplicateKey';

/** The id of any finding: a catalog rule, a planner-only finding, the template notice or a duplicate key. */
export type FindingId = RuleId | PlanFindingId | typeof TEMPLATE_NOTICE_ID | typeof DUPLICATE_KEY_ID;
