/**
 * `LambdaScalingPolicy`: applies one function's plan with the constructs of this library.
 */
import { Annotations, Duration, Tags, Token } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { estimateMaxConnections, LIMITS, PLAN_TAGS } from '../lib/model';
import { planDigest, planWorkload } from '../lib/planner';
import { planPartProblems } from '../lib/plan-file';
import type { FunctionPlan } from '../lib/planner/types';
import { isInputError } from '../lib/errors';
import { normalizeWorkload } from '../lib/workload';
import type { AccountInput, DatabaseInput, DefaultsInput, FunctionInput } from '../lib/workload/input';
import type { Workload } from '../lib/workload/types';
import { ScalingValidationError } from './errors';
import { requireCfnFunction, setReserved, timeoutSecondsOf } from './private/function';
import { PropsCheck } from './private/validate';
import { ProvisionedConcurrencyScaling } from './provisioned-concurrency-scaling';
import { ProxyConcurrencyLimit, ProxyConcurrencyLimitOptions } from './proxy-concurrency-limit';
import { SqsBufferedFunction, SqsBufferedFunctionOptions } from './sqs-buffered-function';
import { ThrottleAlarms } from './throttle-alarms';

/** A function described inline, as one entry of a workload file, planned on its own. */
export interface InlineWorkload {
  /** The function entry, as in a workload file's `functions` list. */
  readonly function: FunctionInput;
  /**
   * The account, as in a workload file.
   * @default - { region: 'us-east-1' } with the account defaults (limit 1,000, floor 100)
   */
  readonly account?: AccountInput;
  /**
   * Workload defaults (targets, time zone).
   * @default - the model's DEFAULTS
   */
  readonly defaults?: DefaultsInput;
  /**
   * Databases, when the function names one.
   * @default - none
   */
  readonly databases?: Readonly<Record<string, DatabaseInput>>;
  /**
   * Folder that relative trace files of `function.traffic.trace` are resolved against.
   * @default - trace files must be absolute paths
   */
  readonly baseDir?: string;
}

/** The RDS Proxy a planned function connects through. */
export interface LambdaScalingDatabase extends Omit<ProxyConcurrencyLimitOptions, 'environments'> {
  /** The proxy. */
  readonly proxy: rds.DatabaseProxy;
}

/** Props of {@link LambdaScalingPolicy}: exactly one of `plan` and `workload`. */
export interface LambdaScalingPolicyProps {
  /** The function the plan is for. Its timeout must be the plan's `timeoutSeconds`. */
  readonly function: lambda.Function;
  /**
   * The function's plan: one entry of `planWorkload(workload).functions`.
   * @default - planned from `workload`
   */
  readonly plan?: FunctionPlan;
  /**
   * An inline workload entry, planned with `planWorkload` at construction.
   * @default - `plan` must be given
   */
  readonly workload?: InlineWorkload;
  /**
   * The proxy the function reaches its database through: reserved concurrency becomes the
   * function's share of the proxy budget (`ProxyConcurrencyLimit`, with the plan's reserved
   * concurrency as the need). With `workload`, the proxy-wide settings come from its database entry.
   * @default - reserved concurrency is the plan's, no proxy budget
   */
  readonly database?: LambdaScalingDatabase;
  /**
   * An existing queue for an SQS-invoked function (see `SqsBufferedFunction.queue`).
   * @default - a new queue and DLQ
   */
  readonly queue?: sqs.Queue;
  /**
   * KMS key for a new queue and DLQ.
   * @default - SQS-managed encryption
   */
  readonly encryptionKey?: kms.IKey;
  /**
   * An existing alias for provisioned concurrency.
   * @default - an alias named `aliasName` on the function's current version
   */
  readonly alias?: lambda.Alias;
  /**
   * Name of the alias created for provisioned concurrency.
   * @default 'live'
   */
  readonly aliasName?: string;
  /**
   * SNS topic every alarm notifies.
   * @default - no alarm actions
   */
  readonly alarmTopic?: sns.ITopic;
}

/**
 * Applies one function's plan: reserved concurrency (or its share of an RDS Proxy budget), the SQS
 * buffer, provisioned concurrency with its schedule and target tracking, and the alarms — whatever
 * of these the plan has. The function is tagged `cdk-lambda-scaling:function` (the plan's function
 * name) and `cdk-lambda-scaling:plan-digest` (`planDigest` of the plan), which `audit` reads.
 */
export class LambdaScalingPolicy extends Construct {
  /**
   * The `database` options for a function of a workload: the proxy-wide settings of its database
   * entry and its connections per environment.
   */
  public static databaseOptions(workload: Workload, functionName: string, proxy: rds.DatabaseProxy): LambdaScalingDatabase | undefined {
    const spec = workload.functions.find((f) => f.name === functionName);
    const db = spec?.database ? workload.databases[spec.database.name] : undefined;
    if (!spec?.database || !db) return undefined;
    return {
      proxy,
      maxConnections: db.maxConnections ?? estimateMaxConnections(db.engine, db.instanceClass ?? ''),
      maxConnectionsPercent: db.maxConnectionsPercent,
      headroom: db.headroom,
      otherClients: db.otherClients,
      connectionsPerEnvironment: spec.database.connectionsPerEnvironment,
    };
  }

  /** The plan applied. */
  public readonly plan: FunctionPlan;
  /** The proxy share, when `database` was given. */
  public readonly proxyLimit?: ProxyConcurrencyLimit;
  /** The SQS buffer, for an SQS-invoked function. */
  public readonly sqs?: SqsBufferedFunction;
  /** Provisioned concurrency, when the plan has it. */
  public readonly provisioned?: ProvisionedConcurrencyScaling;
  /** The function's alarms. */
  public readonly alarms: ThrottleAlarms;

  constructor(scope: Construct, id: string, props: LambdaScalingPolicyProps) {
    super(scope, id);
    const check = new PropsCheck(this, 'LambdaScalingPolicy');
    check.require((props.plan === undefined) !== (props.workload === undefined), 'give exactly one of plan and workload');
    const cfn = requireCfnFunction(props.function, check);
    // A plan may be hand-made or read from anywhere: checked like a plan file before any field is used.
    if (props.plan !== undefined) for (const problem of planPartProblems(props.plan, 'function-plan', 'plan')) check.fail(problem);
    check.throwIfAny();
    const { plan, workload } = props.plan ? { plan: props.plan, workload: undefined } : this.planInline(props.workload!);
    this.plan = plan;
    checkFunctionMatchesPlan(check, props.function, cfn!, plan);
    // audit, observe and replan find the function by these tags when CloudFormation generated its name.
    for (const [key, value] of [[PLAN_TAGS.function, plan.name], [PLAN_TAGS.digest, planDigest(plan)]]) {
      Tags.of(props.function).add(key, value, { includeResourceTypes: ['AWS::Lambda::Function'] });
    }
    check.require(!(props.queue || props.encryptionKey) || plan.sqs !== null, `queue and encryptionKey apply to SQS-invoked functions; plan '${plan.name}' is ${plan.invocation}`);
    check.require(!(props.alias || props.aliasName) || plan.provisioned !== null, `alias and aliasName apply to provisioned concurrency; plan '${plan.name}' has none`);
    check.throwIfAny();

    const database: LambdaScalingDatabase | undefined = props.database && workload
      ? { ...LambdaScalingPolicy.databaseOptions(workload, plan.name, props.database.proxy), ...definedOnly(props.database), proxy: props.database.proxy }
      : props.database;
    if (database) {
      this.proxyLimit = new ProxyConcurrencyLimit(this, 'ProxyLimit', { function: props.function, ...database, environments: plan.reservedConcurrency });
    } else {
      setReserved(cfn!, plan.reservedConcurrency, check, `plan '${plan.name}'`);
      check.throwIfAny();
    }
    if (plan.reservedConcurrency === 0) {
      check.warn('reservedZero', `plan '${plan.name}' reserves 0 concurrency: the function can never run`);
    }

    if (plan.sqs) {
      const options: SqsBufferedFunctionOptions = SqsBufferedFunction.optionsFromPlan(plan.sqs);
      const queueAge = plan.alarms.queueAge?.thresholdSeconds;
      this.sqs = new SqsBufferedFunction(this, 'Sqs', {
        function: props.function,
        ...(props.queue ? { batchSize: options.batchSize, maxBatchingWindow: options.maxBatchingWindow, maxConcurrency: options.maxConcurrency, queue: props.queue } : options),
        maxQueueAge: queueAge !== undefined ? Duration.seconds(queueAge) : options.maxQueueAge,
        encryptionKey: props.encryptionKey,
        alarmTopic: props.alarmTopic,
      });
    }
    if (plan.provisioned) {
      this.provisioned = new ProvisionedConcurrencyScaling(this, 'Provisioned', {
        ...(props.alias ? { alias: props.alias } : { function: props.function, aliasName: props.aliasName }),
        ...ProvisionedConcurrencyScaling.optionsFromPlan(plan.provisioned),
      });
    }
    this.alarms = new ThrottleAlarms(this, 'Alarms', {
      function: props.function,
      alias: this.provisioned?.alias,
      invocation: plan.invocation,
      plan: plan.alarms,
      alarmTopic: props.alarmTopic,
    });
  }

  /** Plans an inline entry as a one-function workload; the planner's findings become annotations. */
  private planInline(inline: InlineWorkload): { plan: FunctionPlan; workload: Workload } {
    // Undefined entries count as absent, so optional parts pass through as they are.
    const input = { version: 1, account: inline.account ?? { region: 'us-east-1' }, defaults: inline.defaults, databases: inline.databases, functions: [inline.function] };
    let workload: Workload;
    try {
      workload = normalizeWorkload(input, { source: `${this.node.path} (workload)`, baseDir: inline.baseDir });
    } catch (err) {
      if (isInputError(err)) throw new ScalingValidationError(this, err.problems);
      throw err;
    }
    const planned = planWorkload(workload);
    for (const finding of planned.findings) {
      const text = `${finding.ruleId}: ${finding.message} (fix: ${finding.fix})`;
      if (finding.severity === 'error') Annotations.of(this).addError(text);
      else Annotations.of(this).addWarningV2(`cdk-lambda-scaling:${finding.ruleId}`, text);
    }
    return { plan: planned.functions[0], workload };
  }
}

/** The function must be the one planned: timeout drives the SQS visibility timeout; memory and architecture the cost. */
function checkFunctionMatchesPlan(check: PropsCheck, fn: lambda.Function, cfn: lambda.CfnFunction, plan: FunctionPlan): void {
  const timeout = timeoutSecondsOf(fn);
  if (timeout === undefined) check.unresolved('function.timeout', `the plan's timeoutSeconds ${plan.timeoutSeconds}`);
  else check.require(timeout === plan.timeoutSeconds, `function timeout must be the plan's timeoutSeconds ${plan.timeoutSeconds} (plan '${plan.name}'), got ${timeout}`);
  const memory = cfn.memorySize ?? LIMITS.lambdaDefaultMemoryMb;
  if (!Token.isUnresolved(memory) && memory !== plan.memoryMb) {
    check.warn('memoryMismatch', `function memory ${memory} MB differs from the plan's memoryMb ${plan.memoryMb} (plan '${plan.name}'): the plan's cost and durations assume ${plan.memoryMb}`);
  }
  const architecture = fn.architecture.name;
  if (architecture !== plan.architecture) {
    check.warn('architectureMismatch', `function architecture ${architecture} differs from the plan's ${plan.architecture} (plan '${plan.name}'): the plan's cost assumes ${plan.architecture}`);
  }
}

/** The props that were given (undefined ones must not hide values from the workload). */
function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
