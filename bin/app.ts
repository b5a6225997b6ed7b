/**
 * The example CDK app (`npx cdk synth`): reads a workload, plans it, and synthesizes a small order
 * service with the plan applied — an API with scheduled + target-tracking provisioned concurrency,
 * an SQS worker, two functions sharing an RDS Proxy to PostgreSQL in a VPC, every alarm to one
 * encrypted SNS topic. cdk-nag (AwsSolutions, Serverless) and LambdaScalingChecks run at synth.
 *
 * Needs no AWS credentials: the stack is environment-agnostic and does no lookups.
 * Context: `workload` (default examples/app/service.yaml).
 */
import { Annotations, App, Duration, RemovalPolicy, Stack, StackProps, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { Construct } from 'constructs';
import { LambdaScalingChecks, LambdaScalingPolicy } from '../constructs';
import { planWorkload, type Plan } from '../lib/planner';
import { RULE_IDS } from '../lib/rules';
import { loadWorkload, type FunctionSpec, type Workload } from '../lib/workload';
import { isInputError } from '../lib/errors';
import { safeLines } from '../lib/report/escape';

/** Default workload of the example app. */
export const DEFAULT_WORKLOAD = 'examples/app/service.yaml';

/** Props of {@link ScalingExampleStack}. */
export interface ScalingExampleStackProps extends StackProps {
  readonly workload: Workload;
  readonly plan: Plan;
}

/** RDS Proxy listens on the engine family's default port (PostgreSQL), whatever the database's port. */
const PROXY_PORT = 5432;

/** A handler small enough to inline: no bundling, no Docker. */
const HANDLER = `exports.handler = async (event) => {
  // Partial batch responses for SQS; a plain answer otherwise.
  if (Array.isArray(event && event.Records)) return { batchItemFailures: [] };
  return { statusCode: 200, body: JSON.stringify({ ok: true }) };
};`;

/** Findings of cdk-nag we accept on the example's functions, each with why, and when it applies. */
const FUNCTION_ACKNOWLEDGEMENTS: ReadonlyArray<{ id: string; reason: string; applies: (spec: ServiceFunctionSpec, inVpc: boolean) => boolean }> = [
  {
    id: 'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    reason: 'AWSLambdaBasicExecutionRole only allows writing the function\'s CloudWatch Logs; AWS maintains it',
    applies: () => true,
  },
  {
    id: 'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole]',
    reason: 'AWSLambdaVPCAccessExecutionRole only manages the ENIs a VPC function needs to reach the RDS Proxy; AWS maintains it',
    applies: (_spec, inVpc) => inVpc,
  },
  {
    id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
    reason: 'Only the X-Ray statement of active tracing uses Resource *: xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level permissions',
    applies: () => true,
  },
  {
    id: 'Serverless::Serverless-LambdaDLQ',
    reason: 'Invoked synchronously: the caller receives every error, and a DLQ only applies to asynchronous invocations',
    applies: (spec) => spec.invocation === 'sync',
  },
  {
    id: 'Serverless::Serverless-LambdaDLQ',
    reason: 'Invoked by an SQS event source mapping: failed messages go to the queue\'s own dead-letter queue (redrive policy), not to a function DLQ',
    applies: (spec) => spec.invocation === 'sqs',
  },
];

function acknowledge(scope: Construct, acks: ReadonlyArray<{ id: string; reason: string }>): void {
  for (const { id, reason } of acks) Validations.of(scope).acknowledge({ id, reason });
}

/** The order service with every function's plan applied. */
export class ScalingExampleStack extends Stack {
  /** One alarm topic for the whole service. */
  public readonly alarmTopic: sns.Topic;
  /** The functions by workload name. */
  public readonly functions: Readonly<Record<string, lambda.Function>>;

  constructor(scope: Construct, id: string, props: ScalingExampleStackProps) {
    super(scope, id, props);
    const { workload, plan } = props;

    this.alarmTopic = serviceAlarmTopic(this);
    const database = Object.values(workload.databases)[0];
    const data = database && workload.functions.some((f) => f.database) ? serviceDatabase(this, database.instanceClass ?? 'db.t4g.medium') : undefined;

    const functions: Record<string, lambda.Function> = {};
    for (const fp of plan.functions) {
      const spec = workload.functions.find((f) => f.name === fp.name)!;
      const fn = serviceFunction(this, spec, data);
      functions[spec.name] = fn;
      if (fn.deadLetterQueue) {
        fn.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum', period: Duration.minutes(1) })
          .createAlarm(this, `${fn.node.id}DeadLettersDepth`, {
            threshold: 1,
            evaluationPeriods: 1,
            comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
            alarmDescription: `Failed async events of ${spec.name} in its dead-letter queue`,
          }).addAlarmAction(new actions.SnsAction(this.alarmTopic));
      }
      new LambdaScalingPolicy(this, `${fn.node.id}Scaling`, {
        function: fn,
        plan: fp,
        database: data && spec.database ? LambdaScalingPolicy.databaseOptions(workload, spec.name, data.proxy) : undefined,
        alarmTopic: this.alarmTopic,
      });
    }
    this.functions = functions;
    // The planner's findings (budgets that bind, capped PC) stay visible in `cdk synth` output; those of a
    // catalog rule are reported by LambdaScalingChecks from the template, so they are not printed twice.
    for (const f of plan.findings.filter((x) => !(RULE_IDS as readonly string[]).includes(x.ruleId))) {
      const text = `${f.ruleId}${f.function ? ` (${f.function})` : ''}: ${f.message}; fix: ${f.fix}`;
      if (f.severity === 'error') Annotations.of(this).addError(text);
      else Annotations.of(this).addWarningV2(`cdk-lambda-scaling:plan.${f.ruleId}`, text);
    }

    // MODEL §10: account-wide, one alarm per account and region.
    new cloudwatch.Alarm(this, 'ClaimedAccountConcurrency', {
      metric: new cloudwatch.Metric({ namespace: 'AWS/Lambda', metricName: 'ClaimedAccountConcurrency', statistic: 'Maximum', period: Duration.minutes(1) }),
      threshold: plan.account.claimedAlarmThreshold,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 3,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: `ClaimedAccountConcurrency >= 70% of the account limit ${plan.account.concurrencyLimit}`,
    }).addAlarmAction(new actions.SnsAction(this.alarmTopic));
  }
}

/** The network and database the example's database functions use. */
export interface ServiceData {
  readonly vpc: ec2.Vpc;
  readonly proxy: rds.DatabaseProxy;
  readonly instance: rds.DatabaseInstance;
}

/** The SNS topic every alarm notifies: KMS-encrypted (CloudWatch may use the key), TLS-only. */
export function serviceAlarmTopic(scope: Construct): sns.Topic {
  const key = new kms.Key(scope, 'AlarmKey', { enableKeyRotation: true, description: 'Encrypts the alarm topic', removalPolicy: RemovalPolicy.DESTROY });
  // CloudWatch publishes alarm notifications to the encrypted topic.
  key.grant(new iam.ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
  return new sns.Topic(scope, 'Alarms', { masterKey: key, enforceSSL: true });
}

/** VPC (isolated subnets, flow logs), encrypted PostgreSQL with its secret, RDS Proxy (TLS, IAM auth). */
export function serviceDatabase(scope: Construct, instanceClass: string): ServiceData {
  const vpc = new ec2.Vpc(scope, 'Vpc', {
    maxAzs: 2,
    natGateways: 0,
    subnetConfiguration: [{ name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 }],
  });
  vpc.addFlowLog('FlowLog');
  // Secrets Manager without internet access: the proxy reaches it through this endpoint, and only the proxy may.
  const secretsEndpoint = vpc.addInterfaceEndpoint('SecretsManager', { service: ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER, open: false });

  const instance = new rds.DatabaseInstance(scope, 'Database', {
    engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_16 }),
    instanceType: new ec2.InstanceType(instanceClass.replace(/^db\./, '')),
    vpc,
    vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    credentials: rds.Credentials.fromGeneratedSecret('service_admin'),
    storageEncrypted: true,
    multiAz: true,
    port: 5433,
    iamAuthentication: true,
    deletionProtection: true,
    cloudwatchLogsExports: ['postgresql'],
    backupRetention: Duration.days(7),
    removalPolicy: RemovalPolicy.SNAPSHOT,
  });
  const proxy = instance.addProxy('Proxy', {
    secrets: [instance.secret!],
    vpc,
    vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    requireTLS: true,
    iamAuth: true,
  });
  instance.connections.allowDefaultPortFrom(proxy, 'RDS Proxy to PostgreSQL');
  secretsEndpoint.connections.allowDefaultPortFrom(proxy, 'RDS Proxy to Secrets Manager');
  Validations.of(instance).acknowledge({
    id: 'AwsSolutions::AwsSolutions-SMG4',
    reason: 'The example rotates nothing: a rotation Lambda from the Serverless Application Repository is out of scope; the proxy re-reads the secret on new connections, so rotation can be added without code changes',
  });
  return { vpc, proxy, instance };
}

/** What {@link serviceFunction} needs of a workload function. */
export type ServiceFunctionSpec = Pick<FunctionSpec, 'name' | 'invocation' | 'memoryMb' | 'timeoutSeconds' | 'architecture' | 'database'>;

/** A function as the workload describes it (memory, timeout, architecture), with structured logs and tracing. */
export function serviceFunction(scope: Construct, spec: ServiceFunctionSpec, data: ServiceData | undefined): lambda.Function {
  const id = spec.name.split('-').map((w) => w[0].toUpperCase() + w.slice(1)).join('');
  const inVpc = data !== undefined && spec.database !== undefined;
  const fn = new lambda.Function(scope, id, {
    runtime: lambda.Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline(HANDLER),
    memorySize: spec.memoryMb,
    timeout: Duration.seconds(spec.timeoutSeconds),
    architecture: spec.architecture === 'arm64' ? lambda.Architecture.ARM_64 : lambda.Architecture.X86_64,
    loggingFormat: lambda.LoggingFormat.JSON,
    tracing: lambda.Tracing.ACTIVE,
    logGroup: new logs.LogGroup(scope, `${id}Logs`, { retention: logs.RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY }),
    ...(spec.invocation === 'async' ? { deadLetterQueue: asyncDeadLetterQueue(scope, id) } : {}),
    ...(inVpc ? { vpc: data.vpc, vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED }, environment: { PROXY_ENDPOINT: data.proxy.endpoint } } : {}),
  });
  acknowledge(fn, FUNCTION_ACKNOWLEDGEMENTS.filter((a) => a.applies(spec, inVpc)));
  if (inVpc) {
    data.proxy.grantConnect(fn, 'service_app');
    data.proxy.connections.allowFrom(fn, ec2.Port.tcp(PROXY_PORT), 'function to RDS Proxy');
  }
  return fn;
}

/** Where an async function's failed events go after Lambda's retries: encrypted, TLS-only, kept 14 days. */
function asyncDeadLetterQueue(scope: Construct, id: string): sqs.Queue {
  const queue = new sqs.Queue(scope, `${id}DeadLetters`, { encryption: sqs.QueueEncryption.SQS_MANAGED, enforceSSL: true, retentionPeriod: Duration.days(14) });
  Validations.of(queue).acknowledge({ id: 'Serverless::Serverless-SQSRedrivePolicy', reason: 'This queue is the function\'s dead-letter queue, the end of the line for failed async events; its depth alarm watches it' });
  return queue;
}

/** Builds the example app: workload → plan → stack, with cdk-nag and LambdaScalingChecks registered. */
export function buildExampleApp(app: App = new App(), workloadFile: string = app.node.tryGetContext('workload') ?? DEFAULT_WORKLOAD): { app: App; stack: ScalingExampleStack; plan: Plan; checks: LambdaScalingChecks } {
  const workload = loadWorkload(workloadFile);
  const plan = planWorkload(workload);
  const stack = new ScalingExampleStack(app, 'LambdaScalingExample', {
    workload,
    plan,
    description: `cdk-lambda-scaling example: ${workloadFile} planned and applied`,
  });
  const checks = addChecks(app, workload.account);
  return { app, stack, plan, checks };
}

/** Registers cdk-nag AwsSolutions and Serverless, and the Lambda scaling rules for the account (returned). */
export function addChecks(app: App, account: { readonly concurrencyLimit: number; readonly unreservedFloor: number }): LambdaScalingChecks {
  const scaling = new LambdaScalingChecks({ concurrencyLimit: account.concurrencyLimit, unreservedFloor: account.unreservedFloor });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app), scaling);
  return scaling;
}

if (require.main === module) {
  try {
    buildExampleApp().app.synth();
  } catch (err) {
    // A workload the app cannot use is the user's input: its problems, one a line, and exit 2 (no stack trace).
    if (!isInputError(err)) throw err;
    process.stderr.write(`${safeLines(err.problems)}\n`);
    process.exitCode = 2;
  }
}
