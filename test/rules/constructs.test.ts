/**
 * The rules on apps built from L2 constructs: one app, a compliant (Good) and a non-compliant (Bad) construct
 * per rule at the boundary, checked with the jest helper (`checkStacks`).
 */
import { App, Duration, Stack, TimeZone } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as cw from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { SqsEventSource, SnsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Template } from 'aws-cdk-lib/assertions';
import { checkStacks, checkTemplate, expectNoScalingErrors } from '../../constructs/testing';
import type { RuleFinding, RuleId } from '../../lib/rules';

const code = lambda.Code.fromInline('exports.handler = async () => {}');
function fn(scope: Stack, id: string, props: Partial<lambda.FunctionProps> = {}): lambda.Function {
  return new lambda.Function(scope, id, { runtime: lambda.Runtime.NODEJS_24_X, handler: 'index.handler', code, ...props });
}

// The built-in CloudFormation validation is not under test here; it only adds console noise and time.
const app = new App({ builtinCloudFormationValidation: false });
const env = { account: '111111111111', region: 'us-east-1' };
const sqsStack = new Stack(app, 'Sqs', { env });
const pcStack = new Stack(app, 'Pc', { env });
const dbStack = new Stack(app, 'Db', { env });
const miscStack = new Stack(app, 'Misc', { env });

// SQS: visibility 61 = 6 × 10 + 1 vs 60; DLQ with maxReceiveCount 5 vs 4; none
const dlq = new sqs.Queue(sqsStack, 'Dlq');
const fn10 = fn(sqsStack, 'Fn10', { timeout: Duration.seconds(10), reservedConcurrentExecutions: 10 });
const visGood = new sqs.Queue(sqsStack, 'VisGoodQueue', { visibilityTimeout: Duration.seconds(61), deadLetterQueue: { queue: dlq, maxReceiveCount: 5 } });
const visBad = new sqs.Queue(sqsStack, 'VisBadQueue', { visibilityTimeout: Duration.seconds(60), deadLetterQueue: { queue: dlq, maxReceiveCount: 4 } });
fn10.addEventSource(new SqsEventSource(visGood, { batchSize: 10, maxBatchingWindow: Duration.seconds(1), reportBatchItemFailures: true, maxConcurrency: 5 }));
fn10.addEventSource(new SqsEventSource(visBad, { batchSize: 1, maxBatchingWindow: Duration.seconds(1), maxConcurrency: 5 }));
const fn5 = fn(sqsStack, 'Fn5', { reservedConcurrentExecutions: 5 });
const windowQueue = new sqs.Queue(sqsStack, 'WindowQueue', { deadLetterQueue: { queue: dlq, maxReceiveCount: 5 } });
fn5.addEventSource(new SqsEventSource(windowQueue, { batchSize: 11, maxBatchingWindow: Duration.seconds(1), reportBatchItemFailures: true, maxConcurrency: 3 }));
// L2 refuses batch > 10 without a window, FIFO windows and mixed poller modes at construction; raw overrides
// are how such values still reach a template.
function override(m: lambda.EventSourceMapping, path: string, value: unknown): void {
  (m.node.defaultChild as lambda.CfnEventSourceMapping).addPropertyOverride(path, value);
}
override(fn5.addEventSourceMapping('WindowBad', { eventSourceArn: windowQueue.queueArn, batchSize: 10, reportBatchItemFailures: true, maxConcurrency: 3 }), 'BatchSize', 11);
const fn4 = fn(sqsStack, 'Fn4', { reservedConcurrentExecutions: 4 });
fn4.addEventSource(new SqsEventSource(new sqs.Queue(sqsStack, 'PartialQueue', { deadLetterQueue: { queue: dlq, maxReceiveCount: 5 } }), { batchSize: 2 }));
const free = fn(sqsStack, 'FnFree', { timeout: Duration.seconds(10) });
free.addEventSource(new SqsEventSource(new sqs.Queue(sqsStack, 'NoDlqQueue', { visibilityTimeout: Duration.seconds(60) }), { batchSize: 1 }));
const fifo = new sqs.Queue(sqsStack, 'FifoQueue', { fifo: true, visibilityTimeout: Duration.seconds(100), deadLetterQueue: { queue: new sqs.Queue(sqsStack, 'FifoDlq', { fifo: true }), maxReceiveCount: 5 } });
free.addEventSource(new SqsEventSource(fifo, { batchSize: 10, reportBatchItemFailures: true }));
override(free.addEventSourceMapping('FifoBad', { eventSourceArn: fifo.queueArn, batchSize: 10, reportBatchItemFailures: true }), 'MaximumBatchingWindowInSeconds', 1);
const pollerQueue = new sqs.Queue(sqsStack, 'PollerQueue', { visibilityTimeout: Duration.seconds(60), deadLetterQueue: { queue: dlq, maxReceiveCount: 5 } });
free.addEventSource(new SqsEventSource(pollerQueue, { batchSize: 1, provisionedPollerConfig: { minimumPollers: 2, maximumPollers: 10 } }));
override(free.addEventSourceMapping('PollerBad', { eventSourceArn: pollerQueue.queueArn, batchSize: 1, maxConcurrency: 2 }), 'ProvisionedPollerConfig', { MinimumPollers: 2 });

// Provisioned concurrency: alias PC 10 vs 11 against reserved 10; targets with and without time zones and scale-in
const r10 = fn(pcStack, 'FnR10', { reservedConcurrentExecutions: 10 });
const version = r10.currentVersion;
const goodAlias = new lambda.Alias(pcStack, 'PcGoodAlias', { aliasName: 'live', version, provisionedConcurrentExecutions: 10 });
new lambda.Alias(pcStack, 'PcBadAlias', { aliasName: 'big', version, provisionedConcurrentExecutions: 11 });
const goodTarget = goodAlias.addAutoScaling({ minCapacity: 1, maxCapacity: 10 });
goodTarget.scaleOnUtilization({ utilizationTarget: 0.9 });
goodTarget.scaleOnSchedule('Night', { schedule: appscaling.Schedule.cron({ hour: '22', minute: '0' }), timeZone: TimeZone.EUROPE_BERLIN, minCapacity: 1 });
goodTarget.scaleOnSchedule('Day', { schedule: appscaling.Schedule.cron({ hour: '8', minute: '0' }), timeZone: TimeZone.EUROPE_BERLIN, minCapacity: 8 });
new cw.Alarm(pcStack, 'Spill', { metric: goodAlias.metric('ProvisionedConcurrencySpilloverInvocations'), threshold: 1, evaluationPeriods: 1 });
const other = fn(pcStack, 'FnOther');
const otherAlias = new lambda.Alias(pcStack, 'OtherAlias', { aliasName: 'other', version: other.currentVersion });
const noScaleIn = otherAlias.addAutoScaling({ minCapacity: 2, maxCapacity: 5 });
noScaleIn.scaleOnUtilization({ utilizationTarget: 0.1 });
noScaleIn.scaleOnSchedule('Morning', { schedule: appscaling.Schedule.cron({ hour: '8', minute: '0' }), minCapacity: 2 });

// RDS Proxy: postgres t3.medium (≈405 connections), 50% → pool 202, budget 141 = 100 + 41; one function unreserved
const vpc = new ec2.Vpc(dbStack, 'Vpc', { natGateways: 0, maxAzs: 2, subnetConfiguration: [{ name: 'db', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
const db = new rds.DatabaseInstance(dbStack, 'Db', {
  engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_16 }),
  vpc,
  vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
  instanceType: ec2.InstanceType.of(ec2.InstanceClass.T3, ec2.InstanceSize.MEDIUM),
});
const proxy = db.addProxy('Proxy', { vpc, secrets: [db.secret!], maxConnectionsPercent: 50 });
proxy.grantConnect(fn(dbStack, 'FnP1', { reservedConcurrentExecutions: 100 }), 'app');
fn(dbStack, 'FnP2', { reservedConcurrentExecutions: 41, environment: { DB_HOST: proxy.endpoint } });
proxy.grantConnect(fn(dbStack, 'FnP4Bad'), 'app');

// Function-level: reserved 0 vs 1, throttle alarm, async failure destination, DLQ depth alarm
fn(miscStack, 'FnZero', { reservedConcurrentExecutions: 0 });
const one = fn(miscStack, 'FnOne', { reservedConcurrentExecutions: 1 });
new cw.Alarm(miscStack, 'OneThrottles', { metric: one.metricThrottles(), threshold: 1, evaluationPeriods: 5 });
fn(miscStack, 'FnApiBad', { reservedConcurrentExecutions: 2 });
const topic = new sns.Topic(miscStack, 'Topic');
const watched = new sqs.Queue(miscStack, 'DlqWatched');
new cw.Alarm(miscStack, 'WatchedDepth', { metric: watched.metricApproximateNumberOfMessagesVisible(), threshold: 1, evaluationPeriods: 1 });
fn(miscStack, 'FnSnsGood', { onFailure: new SqsDestination(watched) }).addEventSource(new SnsEventSource(topic));
fn(miscStack, 'FnSnsDlq', { deadLetterQueue: new sqs.Queue(miscStack, 'DlqUnwatched') }).addEventSource(new SnsEventSource(topic));
fn(miscStack, 'FnSnsBad').addEventSource(new SnsEventSource(topic));

const findings = checkStacks([sqsStack, pcStack, dbStack, miscStack]);
function flagged(rule: RuleId): string[] {
  return findings.filter((f: RuleFinding) => f.ruleId === rule && f.severity !== 'info').map((f) => `${f.stack}/${f.logicalId}`);
}

const CASES: ReadonlyArray<readonly [RuleId, readonly RegExp[], readonly RegExp[]]> = [
  ['SqsVisibilityTimeout', [/^Sqs\/VisBadQueue/], [/VisGoodQueue/, /FifoQueue/, /PollerQueue/]],
  ['SqsRedrivePolicy', [/^Sqs\/NoDlqQueue/], [/VisGoodQueue/, /Sqs\/Dlq/]],
  ['SqsMaxReceiveCount', [/^Sqs\/VisBadQueue/], [/VisGoodQueue/]],
  ['SqsPartialBatchResponse', [/^Sqs\/Fn4SqsEventSource/], [/Fn10SqsEventSource/]],
  ['SqsMaxConcurrencyAboveReserved', [/^Sqs\/Fn5/], [/Fn10/]],
  ['SqsReservedBelowFive', [/^Sqs\/Fn4/], [/Fn5/]],
  ['SqsBatchingWindowRequired', [/^Sqs\/Fn5WindowBad/], [/Fn5SqsEventSource/]],
  ['SqsFifoLimits', [/^Sqs\/FnFreeFifoBad/], [/FnFreeSqsEventSource/]],
  ['SqsPollerModeConflict', [/^Sqs\/FnFreePollerBad/], [/FnFreeSqsEventSource/]],
  ['ProvisionedExceedsReserved', [/^Pc\/PcBadAlias/], [/PcGoodAlias/]],
  ['ScalableTargetBounds', [], [/PcGoodAlias/, /OtherAlias/]],
  ['ScheduleTimezone', [/^Pc\/OtherAliasAliasScalingTarget/], [/PcGoodAlias/]],
  ['ProvisionedScaleIn', [/^Pc\/OtherAliasAliasScalingTarget/], [/PcGoodAlias/]],
  ['SpilloverAlarm', [/^Pc\/OtherAliasAliasScalingTarget/], [/PcGoodAlias/, /PcBadAlias/]],
  ['ReservedConcurrencyForProxy', [/^Db\/FnP4Bad/], [/FnP1/, /FnP2/]],
  ['ProxyPoolOversubscribed', [], [/Proxy/]],
  ['ReservedConcurrencyZero', [/^Misc\/FnZero/], [/FnOne/]],
  ['ThrottleAlarm', [/^Sqs\/Fn10/, /^Sqs\/Fn5/, /^Sqs\/Fn4/, /^Pc\/FnR10/, /^Db\/FnP1/, /^Db\/FnP2/, /^Misc\/FnApiBad/], [/FnOne/, /FnZero/, /FnFree/, /FnOther/]],
  ['DlqDepthAlarm', [/^Sqs\/Dlq/, /^Sqs\/FifoDlq/, /^Misc\/DlqUnwatched/], [/DlqWatched/]],
  ['AsyncFailureDestination', [/^Misc\/FnSnsBad/], [/FnSnsGood/, /FnSnsDlq/]],
  ['AccountConcurrencyBudget', [], [/./]],
];

test.each(CASES)('%s on L2 constructs', (rule, bad, good) => {
  const ids = flagged(rule);
  expect(ids).toHaveLength(bad.length);
  bad.forEach((re, i) => expect(ids[i]).toMatch(re));
  for (const re of good) expect(ids.filter((id) => re.test(id) && !bad.some((b) => b.test(id)))).toEqual([]);
});

test('the proxy over budget by one connection is flagged, and the account budget sums across the four stacks', () => {
  // One connection less of budget (other clients 1): 141 > 140.
  const over = checkStacks([dbStack], { proxyOtherClients: 1 }).filter((f) => f.ruleId === 'ProxyPoolOversubscribed');
  expect(over.map((f) => [f.severity, f.message])).toEqual([['error', expect.stringMatching(/141 connections .* budget is 140/)]]);
  const budget = checkStacks([sqsStack, pcStack, dbStack, miscStack], { concurrencyLimit: 100 + 10 + 5 + 4 + 10 + 100 + 41 + 0 + 1 + 2 - 1 });
  expect(budget.filter((f) => f.ruleId === 'AccountConcurrencyBudget')).toHaveLength(1);
  expect(checkStacks([sqsStack, pcStack, dbStack, miscStack], { concurrencyLimit: 100 + 10 + 5 + 4 + 10 + 100 + 41 + 1 + 2 }).filter((f) => f.ruleId === 'AccountConcurrencyBudget')).toEqual([]);
});

test('expectNoScalingErrors lists the error findings, and passes on a clean stack', () => {
  expect(() => expectNoScalingErrors(sqsStack)).toThrow(/SqsRedrivePolicy Sqs\/NoDlqQueue/);
  const clean = new Stack(new App({ builtinCloudFormationValidation: false }), 'Clean');
  fn(clean, 'Plain');
  expect(() => expectNoScalingErrors(clean)).not.toThrow();
});

describe('construct paths in findings (issue 20)', () => {
  const zeroIn = (app: App) => {
    const stack = new Stack(app, 'Paths');
    new lambda.Function(stack, 'Zero', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('x'), reservedConcurrentExecutions: 0 });
    return stack;
  };
  test('checkStacks names the construct path even without path metadata (as in unit tests)', () => {
    const stack = zeroIn(new App());
    expect(checkStacks([stack]).map((f) => [f.ruleId, f.path])).toEqual([['ReservedConcurrencyZero', 'Paths/Zero/Resource']]);
    // the stack's own template is not changed
    expect(JSON.stringify(Template.fromStack(stack).toJSON())).not.toContain('aws:cdk:path');
  });
  test('checkTemplate names it when the template has aws:cdk:path metadata, and only then', () => {
    expect(checkTemplate(Template.fromStack(zeroIn(new App({ context: { 'aws:cdk:enable-path-metadata': true } })))).map((f) => f.path)).toEqual(['Paths/Zero/Resource']);
    expect(checkTemplate(Template.fromStack(zeroIn(new App()))).map((f) => f.path)).toEqual([undefined]);
  });
});
