/**
 * `ProvisionedConcurrencyScaling`: alias, scalable target, target tracking and scheduled actions.
 */
import { Aws, Duration, TimeZone, Token } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { CAPACITY_BOUNDS, DEFAULTS, LAMBDA_PC_NAMES, LIMITS, PROVISIONED_WITHIN_RESERVED, provisionedMetricResource, provisionedResourceId, SCHEDULED_CAPACITY_BOUNDS, UTILIZATION_STATISTICS, UTILIZATION_TARGET_RANGE } from '../lib/model';
import { InputError } from '../lib/errors';
import { planPartProblems } from '../lib/plan-file';
import type { ProvisionedPlan } from '../lib/planner/types';
import { isDeferred, valueOf } from './private/deferred';
import { reservedOf } from './private/function';
import { PropsCheck, isKnown } from './private/validate';

/** Statistic of the utilization metric target tracking follows. */
export type UtilizationStatistic = (typeof UTILIZATION_STATISTICS)[number];

/** One scheduled change of the scalable target's bounds. */
export interface ScheduledProvisionedConcurrency {
  /** Scheduled action name, unique within the construct (e.g. `h09`). */
  readonly name: string;
  /** When: `Schedule.cron(...)`, `Schedule.expression('cron(0 9 * * ? *)')` or `Schedule.at(...)`. */
  readonly schedule: appscaling.Schedule;
  /**
   * Time zone of the schedule; Application Auto Scaling handles daylight saving time.
   * @default TimeZone.ETC_UTC
   */
  readonly timeZone?: TimeZone;
  /**
   * New lower bound of the scalable target.
   * @default - unchanged
   */
  readonly minCapacity?: number;
  /**
   * New upper bound of the scalable target.
   * @default - unchanged
   */
  readonly maxCapacity?: number;
}

/** Knobs of {@link ProvisionedConcurrencyScaling}. */
export interface ProvisionedConcurrencyScalingOptions {
  /** Lower bound of provisioned concurrency. Valid range: 0 or more, ≤ `maxCapacity`. */
  readonly minCapacity: number;
  /**
   * Upper bound of provisioned concurrency; never above the function's reserved concurrency.
   * @see https://docs.aws.amazon.com/lambda/latest/dg/provisioned-concurrency.html
   */
  readonly maxCapacity: number;
  /**
   * Name of the alias the construct creates (not allowed together with `alias`).
   * @default 'live'
   */
  readonly aliasName?: string;
  /**
   * Provisioned concurrency the alias starts with, before auto scaling acts.
   * @default - `minCapacity` (none when it is 0)
   */
  readonly initialProvisioned?: number;
  /**
   * Whether to attach target tracking on utilization. `false`: the scalable target follows its bounds
   * and scheduled actions alone (give each action `minCapacity` = `maxCapacity`); the planner chooses
   * this when peak PC is small (below `DEFAULTS.targetTrackingMinProvisioned`).
   * @default true
   */
  readonly targetTracking?: boolean;
  /**
   * Target tracking target for ProvisionedConcurrencyUtilization (only with `targetTracking`).
   * Valid range: 0.1–0.9.
   * @default 0.7 (`DEFAULTS.targetUtilization`)
   */
  readonly targetUtilization?: number;
  /**
   * `Average`: the predefined LambdaProvisionedConcurrencyUtilization metric. `Maximum`: a custom
   * metric on the alias with the Maximum statistic, which reacts to short spikes (aws-cdk #23088).
   * @default 'Average'
   */
  readonly statistic?: UtilizationStatistic;
  /**
   * Scheduled actions; schedules, not target tracking, bring PC down when the function is idle.
   * @default - no scheduled actions
   */
  readonly schedule?: readonly ScheduledProvisionedConcurrency[];
}

/** Props of {@link ProvisionedConcurrencyScaling}: exactly one of `function` and `alias`. */
export interface ProvisionedConcurrencyScalingProps extends ProvisionedConcurrencyScalingOptions {
  /**
   * The function; the construct creates an alias on its current version.
   * @default - `alias` must be given
   */
  readonly function?: lambda.Function;
  /**
   * An existing alias to scale.
   * @default - an alias named `aliasName` is created on `function.currentVersion`
   */
  readonly alias?: lambda.Alias;
}

/** The service-linked role Application Auto Scaling uses for Lambda (created by AWS on first use). */
const SERVICE_LINKED_ROLE = 'aws-service-role/lambda.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_LambdaConcurrency';
/** Custom-metric period for the Maximum statistic: one minute, the resolution AWS publishes. */
const UTILIZATION_PERIOD = Duration.minutes(1);

/**
 * Provisioned concurrency on an alias, scaled by Application Auto Scaling: a scalable target with
 * the given bounds, target tracking on utilization (Average or Maximum), and scheduled actions
 * with an explicit time zone. Use {@link ProvisionedConcurrencyScaling.optionsFromPlan} to apply a
 * planner's `ProvisionedPlan`.
 */
export class ProvisionedConcurrencyScaling extends Construct {
  /**
   * The options that apply a plan: bounds, target, statistic and one scheduled action per plan
   * schedule entry (with its time zone).
   */
  public static optionsFromPlan(plan: ProvisionedPlan): ProvisionedConcurrencyScalingOptions {
    // A plan may be hand-made or read from anywhere: checked like a plan file before any field is used.
    const problems = planPartProblems(plan, 'provisioned-plan', 'ProvisionedConcurrencyScaling.optionsFromPlan: plan');
    if (problems.length > 0) throw new InputError(problems);
    return {
      minCapacity: plan.min,
      maxCapacity: plan.max,
      ...(plan.targetUtilization === null
        ? { targetTracking: false }
        : { targetUtilization: plan.targetUtilization, statistic: plan.statistic }),
      schedule: plan.schedule.map((s) => ({
        name: s.name,
        schedule: appscaling.Schedule.expression(s.cron),
        timeZone: TimeZone.of(s.timezone),
        minCapacity: s.min,
        maxCapacity: s.max,
      })),
    };
  }

  /** The alias that carries provisioned concurrency. */
  public readonly alias: lambda.Alias;
  /** The Application Auto Scaling target of the alias. */
  public readonly scalableTarget: appscaling.ScalableTarget;
  /** The target tracking policy; undefined with `targetTracking: false`. */
  public readonly trackingPolicy?: appscaling.TargetTrackingScalingPolicy;

  constructor(scope: Construct, id: string, props: ProvisionedConcurrencyScalingProps) {
    super(scope, id);
    const check = new PropsCheck(this, 'ProvisionedConcurrencyScaling');
    validate(check, props, `${this.node.path}/Target`);
    check.throwIfAny();

    this.alias = props.alias ?? this.createAlias(props, props.function!);
    const fn = this.alias.version.lambda;
    this.checkReserved(check, fn, props.maxCapacity);
    check.throwIfAny();

    this.scalableTarget = new appscaling.ScalableTarget(this, 'Target', {
      serviceNamespace: appscaling.ServiceNamespace.LAMBDA,
      scalableDimension: LAMBDA_PC_NAMES.scalableDimension,
      resourceId: provisionedResourceId(fn.functionName, this.alias.aliasName),
      minCapacity: props.minCapacity,
      maxCapacity: props.maxCapacity,
      role: iam.Role.fromRoleArn(this, 'ServiceLinkedRole', `arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:role/${SERVICE_LINKED_ROLE}`),
    });
    // The resource id names the alias by string; make CloudFormation create the alias first.
    this.scalableTarget.node.addDependency(this.alias);

    if (props.targetTracking !== false) this.trackingPolicy = this.trackUtilization(props, fn);

    for (const action of props.schedule ?? []) {
      this.scalableTarget.scaleOnSchedule(action.name, {
        schedule: action.schedule,
        timeZone: action.timeZone ?? TimeZone.ETC_UTC,
        minCapacity: action.minCapacity,
        maxCapacity: action.maxCapacity,
      });
    }
  }

  /** Target tracking on ProvisionedConcurrencyUtilization: the predefined Average metric, or Maximum as a custom metric. */
  private trackUtilization(props: ProvisionedConcurrencyScalingProps, fn: lambda.IFunction): appscaling.TargetTrackingScalingPolicy {
    const targetValue = props.targetUtilization ?? DEFAULTS.targetUtilization;
    return this.scalableTarget.scaleToTrackMetric('Utilization', (props.statistic ?? 'Average') === 'Average'
      ? { targetValue, predefinedMetric: appscaling.PredefinedMetric.LAMBDA_PROVISIONED_CONCURRENCY_UTILIZATION }
      : {
        targetValue,
        customMetric: new cloudwatch.Metric({
          namespace: LAMBDA_PC_NAMES.metricNamespace,
          metricName: LAMBDA_PC_NAMES.utilizationMetric,
          statistic: 'Maximum',
          period: UTILIZATION_PERIOD,
          dimensionsMap: { FunctionName: fn.functionName, Resource: provisionedMetricResource(fn.functionName, this.alias.aliasName) },
        }),
      });
  }

  private createAlias(props: ProvisionedConcurrencyScalingProps, fn: lambda.Function): lambda.Alias {
    const initial = props.initialProvisioned ?? props.minCapacity;
    return new lambda.Alias(this, 'Alias', {
      aliasName: props.aliasName ?? 'live',
      version: fn.currentVersion,
      provisionedConcurrentExecutions: isKnown(initial) && initial === 0 ? undefined : initial,
    });
  }

  /** PC can never exceed reserved concurrency (MODEL §3); a deferred reserved value is checked at synthesis. */
  private checkReserved(check: PropsCheck, fn: lambda.IFunction, maxCapacity: number): void {
    const reserved = reservedOf(fn);
    if (reserved === undefined || !isKnown(maxCapacity)) return;
    const names = { what: `MaxCapacity of scalable target ${this.node.path}/Target`, function: fn.node.path };
    if (isDeferred(reserved)) {
      this.node.addValidation({ validate: () => check.invariantMessages(PROVISIONED_WITHIN_RESERVED, { provisioned: maxCapacity, reserved: valueOf(reserved) }, names) });
    } else if (Token.isUnresolved(reserved)) {
      check.unresolved('reservedConcurrentExecutions', `at least maxCapacity ${maxCapacity}`);
    } else {
      check.invariant(PROVISIONED_WITHIN_RESERVED, { provisioned: maxCapacity, reserved }, names);
    }
  }
}

function validate(check: PropsCheck, props: ProvisionedConcurrencyScalingProps, target: string): void {
  // From JavaScript or a hand-made options object: 'average' must not silently become the Maximum metric.
  check.oneOf('statistic', props.statistic, UTILIZATION_STATISTICS);
  check.oneOf('targetTracking', props.targetTracking, [true, false]);
  check.require((props.function === undefined) !== (props.alias === undefined), 'give exactly one of function and alias');
  check.require(
    props.function === undefined || props.function instanceof lambda.Function,
    'function must be a lambda.Function of this app: an imported function (Function.fromFunctionArn) has no version to put an alias on; import its alias (Alias.fromAliasAttributes) and pass it as alias',
  );
  check.require(!(props.alias && props.aliasName !== undefined), 'aliasName names the alias the construct creates; it cannot be used with alias');
  check.require(!(props.alias && props.initialProvisioned !== undefined), 'initialProvisioned applies to the alias the construct creates; set provisionedConcurrentExecutions on your alias instead');
  check.atLeast('minCapacity', props.minCapacity, 0, { integer: true });
  check.atLeast('maxCapacity', props.maxCapacity, 1, { integer: true });
  if (isKnown(props.minCapacity) && isKnown(props.maxCapacity)) {
    check.invariant(CAPACITY_BOUNDS, { min: props.minCapacity, max: props.maxCapacity }, { target });
    check.range('initialProvisioned', props.initialProvisioned, props.minCapacity, props.maxCapacity, { integer: true });
  }
  if (props.targetUtilization !== undefined && Token.isUnresolved(props.targetUtilization)) check.unresolved('targetUtilization', `between ${LIMITS.targetUtilizationMin} and ${LIMITS.targetUtilizationMax}`);
  else if (props.targetUtilization !== undefined) check.invariant(UTILIZATION_TARGET_RANGE, { targetValue: props.targetUtilization }, { target, policy: `${target}/Utilization` });
  check.require(!(props.targetTracking === false && props.targetUtilization !== undefined), 'targetUtilization applies to target tracking; it cannot be used with targetTracking: false');
  check.require(!(props.targetTracking === false && props.statistic !== undefined), 'statistic applies to target tracking; it cannot be used with targetTracking: false');
  const actions = props.schedule?.length ?? 0;
  check.require(
    actions <= LIMITS.scheduledActionsPerTarget,
    `schedule has ${actions} actions; Application Auto Scaling allows at most ${LIMITS.scheduledActionsPerTarget} per scalable target (not adjustable)`,
  );
  const names = new Set<string>();
  (props.schedule ?? []).forEach((action, i) => {
    const at = `schedule[${i}]`;
    check.require(!names.has(action.name), `${at}.name must be unique, got ${action.name} twice`);
    names.add(action.name);
    check.require(action.minCapacity !== undefined || action.maxCapacity !== undefined, `${at} must set minCapacity or maxCapacity`);
    // A scheduled action outside the target's bounds would lift PC above what reserved allows.
    if (isKnown(props.minCapacity) && isKnown(props.maxCapacity)) {
      check.range(`${at}.minCapacity`, action.minCapacity, props.minCapacity, props.maxCapacity, { integer: true });
      check.range(`${at}.maxCapacity`, action.maxCapacity, props.minCapacity, props.maxCapacity, { integer: true });
    }
    if (isKnown(action.minCapacity) && isKnown(action.maxCapacity)) {
      check.invariant(SCHEDULED_CAPACITY_BOUNDS, { min: action.minCapacity, max: action.maxCapacity }, { target, action: action.name });
    }
  });
}
