/**
 * `ThrottleAlarms`: the alarms of MODEL §10 for a function (and its provisioned alias).
 */
import { Duration, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { DEFAULTS, INVOCATIONS, LAMBDA_PC_NAMES, concurrencyAlarmThreshold, provisionedAlarms, provisionedMetricResource, throttlesAlarm } from '../lib/model';
import { planPartProblems } from '../lib/plan-file';
import type { AlarmsPlan } from '../lib/planner/types';
import type { Invocation } from '../lib/workload/types';
import { AlarmRow, renderAlarms } from './private/alarms';
import { deriveNumber } from './private/deferred';
import { reservedOf } from './private/function';
import { PropsCheck } from './private/validate';

/** Knobs of {@link ThrottleAlarms}. */
export interface ThrottleAlarmsOptions {
  /**
   * How the function is invoked. Throttles alarm on sync and async functions; for SQS-triggered
   * functions throttling is back-pressure, so the queue-age alarm of `SqsBufferedFunction` covers it.
   * @default 'sync'
   */
  readonly invocation?: Invocation;
  /**
   * Reserved concurrency the concurrency alarm is relative to (alarm at 80% of it).
   * @default - the function's `reservedConcurrentExecutions`; no concurrency alarm when it has none
   */
  readonly reservedConcurrency?: number;
  /**
   * Acceptable spillover fraction; the spillover alarm fires at twice it.
   * Valid range: 0–1.
   * @default 0.05 (`DEFAULTS.spilloverTarget`)
   */
  readonly spilloverTarget?: number;
  /**
   * Thresholds from a plan (`FunctionPlan.alarms`); a null entry means that alarm is not created.
   * When given, `reservedConcurrency` and `spilloverTarget` are not used.
   * @default - thresholds computed from `reservedConcurrency` and `spilloverTarget`
   */
  readonly plan?: AlarmsPlan;
  /**
   * SNS topic every alarm notifies.
   * @default - no alarm actions
   */
  readonly alarmTopic?: sns.ITopic;
}

/** Props of {@link ThrottleAlarms}. */
export interface ThrottleAlarmsProps extends ThrottleAlarmsOptions {
  /** The function to watch. */
  readonly function: lambda.IFunction;
  /**
   * The alias with provisioned concurrency; adds the spillover and utilization alarms.
   * @default - no provisioned-concurrency alarms
   */
  readonly alias?: lambda.IAlias;
}

/** Which alarms the plan or the props ask for. */
interface Thresholds {
  readonly fn: lambda.IFunction;
  readonly alias?: lambda.IAlias;
  readonly throttles?: number;
  readonly concurrency?: number;
  readonly spilloverRate?: number;
  readonly provisionedUtilization?: number;
}

const PERIOD_SECONDS = DEFAULTS.alarms.throttlePeriodSeconds;
const GTE = cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD;
const GT = cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD;

/** Text of a threshold that may be a token. */
const show = (n: number) => (Token.isUnresolved(n) ? Token.asString(n) : String(n));

function aliasMetric(alias: lambda.IAlias, metricName: string, statistic: string, period: Duration): cloudwatch.Metric {
  const functionName = alias.version.lambda.functionName;
  return new cloudwatch.Metric({
    namespace: LAMBDA_PC_NAMES.metricNamespace,
    metricName,
    statistic,
    period,
    dimensionsMap: { FunctionName: functionName, Resource: provisionedMetricResource(functionName, alias.aliasName) },
  });
}

/** MODEL §10, one row per alarm. */
const ROWS: readonly AlarmRow<Thresholds>[] = [
  {
    key: 'Throttles',
    threshold: (t) => t.throttles,
    metric: (t, period) => t.fn.metricThrottles({ statistic: 'Sum', period }),
    comparison: GTE,
    periodSeconds: PERIOD_SECONDS,
    evaluationPeriods: DEFAULTS.alarms.throttleEvaluationPeriods,
    datapointsToAlarm: DEFAULTS.alarms.throttleDatapointsToAlarm,
    describe: (_t, x) => `Throttles >= ${show(x)} per minute for ${DEFAULTS.alarms.throttleDatapointsToAlarm} minutes: callers see 429s (MODEL §10)`,
  },
  {
    key: 'ConcurrentExecutions',
    threshold: (t) => t.concurrency,
    metric: (t, period) => t.fn.metric('ConcurrentExecutions', { statistic: 'Maximum', period }),
    comparison: GTE,
    periodSeconds: PERIOD_SECONDS,
    evaluationPeriods: 3,
    datapointsToAlarm: 3,
    describe: (_t, x) => `ConcurrentExecutions (Maximum) >= ${show(x)}, 80% of reserved concurrency: little headroom before throttling`,
  },
  {
    key: 'Spillover',
    threshold: (t) => (t.alias ? t.spilloverRate : undefined),
    metric: (t, period) => new cloudwatch.MathExpression({
      expression: 'IF(invocations > 0, spillover / invocations, 0)',
      usingMetrics: {
        spillover: aliasMetric(t.alias!, LAMBDA_PC_NAMES.spilloverMetric, 'Sum', period),
        invocations: aliasMetric(t.alias!, 'Invocations', 'Sum', period),
      },
      period,
      label: 'Spillover rate',
    }),
    comparison: GT,
    periodSeconds: PERIOD_SECONDS,
    evaluationPeriods: 3,
    datapointsToAlarm: 3,
    describe: (_t, x) => `Spillover / Invocations above ${show(x)} (2 x the spillover target): provisioned concurrency is short`,
  },
  {
    key: 'ProvisionedUtilization',
    threshold: (t) => (t.alias ? t.provisionedUtilization : undefined),
    metric: (t, period) => aliasMetric(t.alias!, LAMBDA_PC_NAMES.utilizationMetric, 'Maximum', period),
    comparison: GT,
    periodSeconds: PERIOD_SECONDS,
    evaluationPeriods: 3,
    datapointsToAlarm: 3,
    describe: (_t, x) => `ProvisionedConcurrencyUtilization (Maximum) above ${show(x)}: under-provisioned`,
  },
];

/**
 * The alarms of MODEL §10 for one function: throttles (sync and async), concurrency headroom (80% of
 * reserved), and on a provisioned alias spillover rate and utilization (Maximum).
 *
 * Thresholds come from a plan's `alarms`, or are computed from the function's reserved concurrency
 * and the spillover target with the model's functions. A reserved concurrency set at synthesis by
 * `ProxyConcurrencyLimit` is followed; any other token skips the concurrency alarm with a warning.
 */
export class ThrottleAlarms extends Construct {
  /** The alarms created, keyed `Throttles`, `ConcurrentExecutions`, `Spillover`, `ProvisionedUtilization`. */
  public readonly alarms: Readonly<Record<string, cloudwatch.Alarm>>;

  constructor(scope: Construct, id: string, props: ThrottleAlarmsProps) {
    super(scope, id);
    const check = new PropsCheck(this, 'ThrottleAlarms');
    // From JavaScript: 'SQS' must not silently become a sync function with a Throttles alarm.
    check.oneOf('invocation', props.invocation, INVOCATIONS);
    check.atLeast('reservedConcurrency', props.reservedConcurrency, 0, { integer: true });
    check.range('spilloverTarget', props.spilloverTarget, 0, 1);
    // A plan may be hand-made or read from anywhere: checked like a plan file before any field is used.
    if (props.plan !== undefined) for (const problem of planPartProblems(props.plan, 'alarms-plan', 'plan')) check.fail(problem);
    check.throwIfAny();

    this.alarms = renderAlarms(this, ROWS, this.thresholds(props, check), props.alarmTopic);
  }

  private thresholds(props: ThrottleAlarmsProps, check: PropsCheck): Thresholds {
    const base = { fn: props.function, alias: props.alias };
    if (props.plan) {
      return {
        ...base,
        throttles: props.plan.throttles?.threshold,
        concurrency: props.plan.concurrency.threshold,
        spilloverRate: props.plan.spillover?.rate,
        provisionedUtilization: props.plan.provisionedUtilization?.threshold,
      };
    }
    const reserved = props.reservedConcurrency ?? reservedOf(props.function);
    const concurrency = deriveNumber(reserved, concurrencyAlarmThreshold, (v) => Token.isUnresolved(v));
    if (reserved !== undefined && concurrency === undefined) check.warn('reservedConcurrency.unresolved', 'reservedConcurrency is a token, so no ConcurrentExecutions alarm was made; pass reservedConcurrency as a number to get one');
    // The model's choice (MODEL §10), as the planner makes it; the concurrency alarm follows a deferred reserved value.
    const provisioned = provisionedAlarms(props.spilloverTarget ?? DEFAULTS.spilloverTarget);
    return {
      ...base,
      throttles: throttlesAlarm(props.invocation ?? 'sync')?.threshold,
      concurrency,
      spilloverRate: provisioned.spillover.rate,
      provisionedUtilization: provisioned.provisionedUtilization.threshold,
    };
  }
}
