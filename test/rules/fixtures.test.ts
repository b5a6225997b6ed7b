/**
 * Every rule of the catalog on raw template fixtures, YAML (short-form intrinsics) and JSON (long form):
 * a compliant and a non-compliant case at the boundary, named Good/Bad in the fixtures.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { checkTemplates, loadCloudAssembly, loadTemplateFile, RULE_IDS, type RuleFinding, type RuleId } from '../../lib/rules';
import { decodeInput } from '../../lib/files';

const FIXTURES = join(__dirname, '..', 'fixtures', 'templates');

/** rule → [fixture, logical ids it must flag (errors/warnings), logical ids that are compliant at the boundary]. */
const CASES: ReadonlyArray<readonly [RuleId, string, readonly string[], readonly string[]]> = [
  ['ReservedConcurrencyForProxy', 'proxy', ['FnP4', 'FnP5', 'FnP6'], ['FnP1', 'FnP2', 'FnP3', 'FnNoDb']],
  ['ProxyPoolOversubscribed', 'proxy', ['ProxyB'], ['ProxyA']],
  ['SqsVisibilityTimeout', 'sqs', ['VisBadQueue', 'VisTinyQueue'], ['VisGoodQueue', 'FifoQueue', 'PollerQueue', 'NoDlqQueue']],
  ['SqsRedrivePolicy', 'sqs', ['NoDlqQueue'], ['VisGoodQueue', 'Dlq']],
  ['SqsMaxReceiveCount', 'sqs', ['VisBadQueue'], ['VisGoodQueue']],
  ['SqsPartialBatchResponse', 'sqs', ['PartialBadMapping'], ['VisGoodMapping', 'VisBadMapping']],
  ['SqsMaxConcurrencyAboveReserved', 'sqs', ['Fn5'], ['Fn10']],
  ['SqsReservedBelowFive', 'sqs', ['Fn4'], ['Fn5']],
  ['SqsBatchingWindowRequired', 'sqs', ['WindowBadMapping'], ['WindowGoodMapping', 'Batch10Mapping']],
  ['SqsFifoLimits', 'sqs', ['FifoBadMapping'], ['FifoGoodMapping']],
  ['SqsPollerModeConflict', 'sqs', ['PollerBadMapping'], ['PollerGoodMapping']],
  ['SqsDlqQueueType', 'dlq-targets', ['FifoToStandard', 'StandardToFifo'], ['FifoToFifo', 'StandardToStandard', 'Source']],
  ['QueueUrlAsArn', 'dlq-targets', ['Fn', 'RedriveByUrl', 'RedriveBySubUrl', 'MappingByUrl', 'SubscriptionByName', 'SubscriptionEndpointByUrl', 'RuleTargetByUrl', 'InvokeSuccessByUrl'], ['RedriveBySubArn', 'MappingByArn', 'Invoke', 'FifoToStandard', 'ScheduleTargetByArn', 'SourcePolicy', 'Topic']],
  ['ProvisionedExceedsReserved', 'provisioned', ['PcBadAlias', 'TargetBadMax'], ['PcGoodAlias', 'TargetGood']],
  ['ScalableTargetBounds', 'provisioned', ['TargetBadBounds', 'PolicyBad'], ['TargetGood', 'PolicyGood', 'PolicyNoScaleIn']],
  ['ScheduleTimezone', 'provisioned', ['TargetNoTz'], ['TargetGood', 'TargetBadBounds']],
  ['ProvisionedScaleIn', 'provisioned', ['TargetNoScaleIn'], ['TargetGood', 'TargetBadBounds']],
  ['ReservedConcurrencyZero', 'alarms', ['FnZero'], ['FnOne']],
  ['ThrottleAlarm', 'alarms', ['FnApi', 'FnSqsUnwatched'], ['FnOne', 'FnZero', 'FnPlain', 'FnSqsAged']],
  ['SpilloverAlarm', 'provisioned', ['TargetNoTz'], ['PcGoodAlias', 'PcBadAlias', 'TargetBadBounds']],
  ['DlqDepthAlarm', 'alarms', ['DlqUnwatched'], ['DlqWatched', 'PlainQueue']],
  ['DlqDepthAlarm', 'failures', ['StreamDlq', 'ScheduleDlq', 'RuleDlq'], ['WatchedDlq', 'PlainQueue', 'Topic']],
  ['DlqRetention', 'failures', [], ['StreamDlq', 'ScheduleDlq', 'RuleDlq', 'WatchedDlq']],
  ['ThrottleAlarm', 'appsync', ['FnResolver', 'FnAuthorizer'], ['FnWatched', 'FnPlain']],
  ['AsyncFailureDestination', 'alarms', ['FnEvents'], ['FnS3', 'FnSns']],
  ['ScheduleExpression', 'scaling', ['TargetNoDepends'], ['TargetGood', 'TargetDependsOn']],
  ['ScheduleTimezoneValid', 'scaling', ['TargetNoDepends'], ['TargetGood', 'TargetDependsOn']],
  ['ScheduleExpression', 'schedules', ['ScheduleCronBad', 'ScheduleRateNumber', 'RuleRateOne', 'RuleAt'], ['ScheduleGood', 'ScheduleAtGood', 'ScheduleTzBad', 'ScheduleParam', 'RuleGood', 'RulePattern']],
  ['ScheduleTimezoneValid', 'schedules', ['ScheduleTzBad'], ['ScheduleGood', 'ScheduleAtGood', 'ScheduleCronBad']],
  ['TargetTrackingAliasDimension', 'scaling', ['PolicyFunctionMetric'], ['PolicyAliasMetric', 'PolicyMetricMath']],
  ['ScalableTargetDependsOnAlias', 'scaling', ['TargetNoDepends'], ['TargetGood', 'TargetDependsOn']],
  ['DlqRetention', 'dlq', ['DefaultDlq', 'NamedShortDlq'], ['LongDlq', 'FifoDlq']],
  ['StreamRetryLimit', 'streams', ['StreamBadMapping', 'TableBadMapping'], ['StreamGoodMapping', 'AgeLimitedMapping', 'ExternalMapping']],
  ['StreamOnFailureDestination', 'streams', ['StreamBadMapping', 'TableBadMapping'], ['StreamGoodMapping', 'AgeLimitedMapping', 'ExternalMapping']],
  ['StreamBisectBatch', 'streams', ['StreamBadMapping', 'TableBadMapping'], ['StreamGoodMapping', 'AgeLimitedMapping', 'ExternalMapping']],
  ['StreamBisectBatch', 'false-positives', ['PlainStreamBadMapping'], ['ReportingStreamGoodMapping']],
  ['SqsMaxReceiveCount', 'false-positives', ['ReadBadQueue'], ['UnreadGoodQueue', 'FifoQueue']],
  ['SqsBatchingWindowRequired', 'false-positives', ['StandardWindowBadMapping'], ['FifoWindowGoodMapping']],
  ['SqsFifoLimits', 'false-positives', ['FifoWindowGoodMapping'], ['StandardWindowBadMapping']],
  ['StreamParallelization', 'streams', ['FnStream7'], ['FnStream8', 'FnTable']],
  ['ValueOutOfRange', 'ranges', ['FnNegative', 'FnFraction', 'QueueBad', 'MappingBad', 'StreamAgeBad', 'AliasBad'], ['FnGood', 'QueueGood', 'DlqGood', 'MappingGood', 'StreamAgeGood', 'AliasGood']],
];

/** Fixtures with a YAML (short forms) and a JSON (long forms) version. */
const FIXTURE_NAMES = ['sqs', 'provisioned', 'alarms', 'proxy', 'unresolvable', 'streams', 'sources', 'scaling', 'ranges', 'dlq', 'schedules', 'failures', 'appsync', 'false-positives', 'dlq-targets'];

const cache = new Map<string, RuleFinding[]>();
function findingsOf(file: string): RuleFinding[] {
  if (!cache.has(file)) cache.set(file, checkTemplates([loadTemplateFile(join(FIXTURES, file), file)]));
  return cache.get(file) as RuleFinding[];
}

test('the table covers every rule but the cross-stack one and the info-only one (tested below and in event-sources.test.ts)', () => {
  expect(new Set(CASES.map((c) => c[0]))).toEqual(new Set(RULE_IDS.filter((id) => id !== 'AccountConcurrencyBudget' && id !== 'EventSourceUnknown')));
});

describe.each(['yaml', 'json'])('%s fixtures', (ext) => {
  test.each(CASES)('%s flags exactly the non-compliant cases of %s', (rule, fixture, bad, good) => {
    const findings = findingsOf(`${fixture}.${ext}`).filter((f) => f.ruleId === rule);
    const flagged = new Set(findings.filter((f) => f.severity !== 'info').map((f) => f.logicalId));
    expect([...flagged].sort()).toEqual([...bad].sort());
    for (const id of good) expect(flagged.has(id)).toBe(false);
    expect(findings.filter((f) => f.severity === 'info')).toEqual([]);
    for (const f of findings) {
      expect(f).toMatchObject({ stack: fixture, templateFile: `${fixture}.${ext}`, environment: 'environment-agnostic' });
      expect(f.message.length).toBeGreaterThan(20);
      expect(f.fix).not.toMatch(/\{\w+\}/);
      expect(f.message).not.toMatch(/\{\w+\}/);
    }
  });

  test('YAML short forms and JSON long forms give the same findings', () => {
    const strip = (fs: RuleFinding[]) => JSON.parse(JSON.stringify(fs).split(`.${ext}"`).join('.yaml"'));
    for (const fixture of FIXTURE_NAMES) {
      expect(strip(findingsOf(`${fixture}.${ext}`))).toEqual(strip(findingsOf(`${fixture}.yaml`)));
    }
  });
});

describe('messages carry the values seen', () => {
  test('a dead-letter queue of the other type, and a queue named by its URL, say which queues and which property', () => {
    const [type] = findingsOf('dlq-targets.yaml').filter((x) => x.ruleId === 'SqsDlqQueueType' && x.logicalId === 'FifoToStandard');
    expect(type.message).toBe('queue dlq-targets/FifoToStandard is a FIFO queue and redrives to dlq-targets/StandardDlq, a standard queue');
    const byUrl = findingsOf('dlq-targets.yaml').filter((x) => x.ruleId === 'QueueUrlAsArn');
    const urls = Object.fromEntries(byUrl.map((x) => [x.logicalId, x.message]));
    // The value shown is the one at fault, and a list item is named by its index: the rule's second target, not its whole Targets.
    expect(byUrl.find((x) => x.logicalId === 'RuleTargetByUrl')).toMatchObject({ message: 'dlq-targets/RuleTargetByUrl names queue dlq-targets/Source by its URL or name in Targets[1].Arn', value: 'Ref Source' });
    expect(byUrl.find((x) => x.logicalId === 'InvokeSuccessByUrl')?.value).toBe('FnDlq.QueueUrl');
    expect(urls.Fn).toBe('dlq-targets/Fn names queue dlq-targets/FnDlq by its URL or name in DeadLetterConfig.TargetArn');
    expect(urls.MappingByUrl).toContain('in EventSourceArn');
    expect(urls.RedriveBySubUrl).toContain('queue dlq-targets/UrlDlq by its URL or name in RedrivePolicy.deadLetterTargetArn');
    expect(urls.SubscriptionByName).toContain('RedrivePolicy.deadLetterTargetArn');
  });

  test('a queue whose FifoQueue is a parameter: its dead-letter queue type is unresolvable (info), not flagged', () => {
    const template = { Parameters: { Fifo: { Type: 'String' } }, Resources: { Dlq: { Type: 'AWS::SQS::Queue' }, Q: { Type: 'AWS::SQS::Queue', Properties: { FifoQueue: { Ref: 'Fifo' }, RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': ['Dlq', 'Arn'] }, maxReceiveCount: 5 } } } } };
    const findings = checkTemplates([{ stackName: 'p', template }]).filter((x) => x.ruleId === 'SqsDlqQueueType');
    expect(findings.map((x) => [x.logicalId, x.severity])).toEqual([['Q', 'info']]);
    expect(findings[0].message).toContain('FifoQueue of Q is parameter Fifo');
  });

  test('a DLQ whose source queue keeps messages the maximum 14 days: the fix lowers the source, the DLQ cannot go above it', () => {
    // As aws-solutions/operations-conductor's ResourceQueue and DeadLetterQueue: both 1209600 s.
    const queue = (extra: object) => ({ Type: 'AWS::SQS::Queue', Properties: { MessageRetentionPeriod: 1209600, ...extra } });
    const template = { Resources: { Dlq: queue({}), Source: queue({ RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': ['Dlq', 'Arn'] }, maxReceiveCount: 50 } }) } };
    const [f] = checkTemplates([{ stackName: 'c', template }]).filter((x) => x.ruleId === 'DlqRetention');
    expect(f.message).toBe('dead-letter queue c/Dlq keeps messages 1209600s, not longer than its source queue(s) c/Source (up to 1209600s)');
    expect(f.fix).toBe("Set the DLQ's retentionPeriod to 1209600 seconds (14 days, the maximum) and lower the retentionPeriod of c/Source below it");
    const [below] = findingsOf('dlq.yaml').filter((x) => x.ruleId === 'DlqRetention' && x.logicalId === 'DefaultDlq');
    expect(below.fix).toBe("Set the DLQ's retentionPeriod above 345600 seconds (the maximum is 1209600, 14 days)");
  });

  test('visibility timeout names the required seconds from the model', () => {
    const [f] = findingsOf('sqs.yaml').filter((x) => x.ruleId === 'SqsVisibilityTimeout' && x.logicalId === 'VisBadQueue');
    expect(f.message).toContain('61s');
    expect(f.value).toBe(60);
    const [tiny] = findingsOf('sqs.yaml').filter((x) => x.ruleId === 'SqsVisibilityTimeout' && x.logicalId === 'VisTinyQueue');
    expect(tiny.message).toMatch(/below the timeout 10s/);
  });

  test('visibility below the function timeout is an error (Lambda rejects the mapping), below 6 × timeout + window a warning', () => {
    const severities = Object.fromEntries(findingsOf('sqs.yaml').filter((x) => x.ruleId === 'SqsVisibilityTimeout').map((x) => [x.logicalId, x.severity]));
    expect(severities).toEqual({ VisBadQueue: 'warning', VisTinyQueue: 'error' });
    const overridden = checkTemplates([loadTemplateFile(join(FIXTURES, 'sqs.yaml'))], { severityOverrides: { SqsVisibilityTimeout: 'error' } });
    expect(overridden.filter((x) => x.ruleId === 'SqsVisibilityTimeout').map((x) => x.severity)).toEqual(['error', 'error']);
  });

  test('out-of-range values name the property, the value and the range', () => {
    const messages = findingsOf('ranges.yaml').filter((x) => x.ruleId === 'ValueOutOfRange').map((x) => x.message);
    expect(messages).toContain('ranges/MappingBad sets BatchSize to -1; it must be an integer in 1–10000');
    expect(messages).toContain('ranges/FnFraction sets ReservedConcurrentExecutions to 1.5; it must be an integer ≥ 0');
    expect(messages).toContain('ranges/QueueBad sets RedrivePolicy.maxReceiveCount to 0; it must be an integer in 1–1000');
    expect(messages).toContain('ranges/StreamAgeBad sets MaximumRecordAgeInSeconds to 59; it must be -1 or 60–604800');
  });

  test('schedule and time zone findings say what is wrong', () => {
    const messages = findingsOf('scaling.yaml').filter((x) => x.ruleId.startsWith('Schedule')).map((x) => x.message);
    expect(messages).toContainEqual(expect.stringMatching(/stray-paren .* cron\(0 9 \* \* \? \*\)\)/));
    expect(messages).toContainEqual(expect.stringMatching(/five-fields .* cron needs 6 fields .* got 5/));
    expect(messages).toContainEqual(expect.stringMatching(/lower-case-zone .* europe\/berlin: spelled Europe\/Berlin/));
    expect(messages).toContainEqual(expect.stringMatching(/offset-zone .* \+01:00: not an IANA time zone name/));
  });

  test('stream parallelization counts factor × shards of the stream', () => {
    const [f] = findingsOf('streams.yaml').filter((x) => x.ruleId === 'StreamParallelization');
    expect(f.message).toMatch(/reserved concurrency 7 but its streams run up to 8 concurrent batches \(StreamBadMapping 2 × 4 shards\)/);
  });

  test('an SQS consumer without throttle or queue-age alarm gets the SQS wording', () => {
    const [f] = findingsOf('alarms.yaml').filter((x) => x.ruleId === 'ThrottleAlarm' && x.logicalId === 'FnSqsUnwatched');
    expect(f.message).toMatch(/SQS-triggered function .* nor on its queue's ApproximateAgeOfOldestMessage/);
  });

  test('proxy budget comes from max_connections, MaxConnectionsPercent and headroom', () => {
    const [f] = findingsOf('proxy.yaml').filter((x) => x.ruleId === 'ProxyPoolOversubscribed');
    expect(f.message).toMatch(/71 connections/);
    expect(f.message).toMatch(/budget is 70/);
    expect(f.message).toMatch(/parameter group Params/);
  });

  test('ProxyA is exactly at its budget: one other client tips it over (both functions are counted)', () => {
    const findings = checkTemplates([loadTemplateFile(join(FIXTURES, 'proxy.yaml'))], { proxyOtherClients: 1 }).filter((f) => f.ruleId === 'ProxyPoolOversubscribed');
    expect(findings.map((f) => f.logicalId)).toEqual(['ProxyA', 'ProxyB']);
    expect(findings[0].message).toMatch(/141 connections \(.*\) but its Lambda budget is 140/);
    expect(findings[0].message).toMatch(/FnP1 100/);
    expect(findings[0].message).toMatch(/FnP2 41/);
  });

  test('a looser headroom option makes the oversubscribed proxy fit', () => {
    const findings = checkTemplates([loadTemplateFile(join(FIXTURES, 'proxy.yaml'))], { proxyHeadroom: 0.29 });
    expect(findings.filter((f) => f.ruleId === 'ProxyPoolOversubscribed')).toEqual([]);
  });
});

describe('values only known at deploy time', () => {
  test('parameters without a Default and imports give info findings naming them, never errors', () => {
    const findings = findingsOf('unresolvable.yaml');
    expect(findings.every((f) => f.severity === 'info' || f.ruleId === 'SqsVisibilityTimeout')).toBe(true);
    const text = findings.map((f) => f.message).join('\n');
    expect(text).toContain('parameter Reserved');
    expect(text).toContain('import orders-queue-arn');
  });

  test('a condition only known at deploy time is checked in each branch: a finding of one branch names it', () => {
    const findings = findingsOf('unresolvable.yaml').filter((f) => f.logicalId === 'CondQueue');
    // VisibilityTimeout: !If [IsProd, 120, 30]: 120 is enough for timeout 10, 30 is not.
    expect(findings.map((f) => [f.ruleId, f.severity])).toEqual([['SqsVisibilityTimeout', 'warning']]);
    expect(findings[0].message).toMatch(/visibility timeout 30s.*\(when IsProd is false\)$/);
  });

  test('a parameter with a Default resolves to it and the finding says so', () => {
    const findings = findingsOf('sources.yaml').filter((f) => f.logicalId === 'ParamSqsMapping' && f.ruleId === 'SqsBatchingWindowRequired');
    expect(findings).toHaveLength(1);
    expect(findings[0].message).toMatch(/\(assuming parameter defaults: QueueArn = arn:aws:sqs:us-east-1:111111111111:orders\)$/);
    expect(findingsOf('unresolvable.yaml').some((f) => f.message.includes('parameter Window'))).toBe(false);
  });
});

describe('AccountConcurrencyBudget across stacks (cdk.out with a nested stage assembly)', () => {
  const stacks = loadCloudAssembly(join(FIXTURES, 'cdk.out-account'), 'cdk.out');

  test('reads every stack of the manifest with its environment', () => {
    expect(stacks.map((s) => [s.stackName, s.account, s.region])).toEqual([
      ['Orders', '111111111111', 'us-east-1'],
      ['Prod-Billing', '111111111111', 'us-east-1'],
      ['Prod-Eu', '111111111111', 'eu-west-1'],
    ]);
  });

  test('500 + 400 in us-east-1 fits 1000 − 100 exactly', () => {
    expect(checkTemplates(stacks).filter((f) => f.ruleId === 'AccountConcurrencyBudget')).toEqual([]);
  });

  test('with a limit of 999 the sum across two stacks is flagged, the other region is not', () => {
    const findings = checkTemplates(stacks, { concurrencyLimit: 999 }).filter((f) => f.ruleId === 'AccountConcurrencyBudget');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: 'error', stack: 'Orders', logicalId: 'OrdersFn', path: 'Orders/OrdersFn/Resource', environment: 'aws://111111111111/us-east-1', value: 900 });
    expect(findings[0].related).toEqual([expect.objectContaining({ stack: 'Prod-Billing', logicalId: 'BillingFn' })]);
    expect(findings[0].message).toMatch(/900 across 2 stack/);
  });

  test('each stack alone is within budget', () => {
    for (const s of stacks) expect(checkTemplates([s], { concurrencyLimit: 999 }).filter((f) => f.ruleId === 'AccountConcurrencyBudget')).toEqual([]);
  });

  test('a higher unreserved floor flags it too', () => {
    expect(checkTemplates(stacks, { unreservedFloor: 101 }).some((f) => f.ruleId === 'AccountConcurrencyBudget')).toBe(true);
  });
});

describe('options', () => {
  test('disabled rules do not run', () => {
    const findings = checkTemplates([loadTemplateFile(join(FIXTURES, 'sqs.yaml'))], { disabledRules: ['SqsVisibilityTimeout'] });
    expect(findings.some((f) => f.ruleId === 'SqsVisibilityTimeout')).toBe(false);
    expect(findings.some((f) => f.ruleId === 'SqsFifoLimits')).toBe(true);
  });

  test('severity overrides replace the default', () => {
    const findings = checkTemplates([loadTemplateFile(join(FIXTURES, 'sqs.yaml'))], { severityOverrides: { SqsFifoLimits: 'warning' } });
    expect(findings.filter((f) => f.ruleId === 'SqsFifoLimits').map((f) => f.severity)).toEqual(['warning']);
  });

  test('unknown rule ids and bad limits are input errors naming the value', () => {
    expect(() => checkTemplates([], { disabledRules: ['NoSuchRule'] })).toThrow(/unknown rule NoSuchRule/);
    expect(() => checkTemplates([], { concurrencyLimit: 0 })).toThrow(/concurrencyLimit must be an integer ≥ 1, got 0/);
  });
});

describe('reading template files', () => {
  test('ASCII and non-ASCII (UTF-8) files decode to the same text as UTF-8 decoding, without a UTF-8 mark', () => {
    for (const text of ['{"Resources": {}}', '{"Description": "Zürich – ✓ 🚀"}', '\uFEFF{}']) {
      const bytes = Buffer.from(text, 'utf8');
      expect(decodeInput(bytes, 'f')).toBe(bytes.toString('utf8').replace(/^\uFEFF/, ''));
    }
    const dir = mkdtempSync(join(tmpdir(), 'decode-'));
    try {
      const file = join(dir, 'utf8.template.json');
      writeFileSync(file, JSON.stringify({ Resources: { Fn: { Type: 'AWS::Lambda::Function', Properties: { ReservedConcurrentExecutions: 0, Description: 'Zürich ✓' } } } }));
      const [finding] = checkTemplates([loadTemplateFile(file, 'utf8.template.json')]).filter((f) => f.ruleId === 'ReservedConcurrencyZero');
      expect(finding.logicalId).toBe('Fn');
      expect((loadTemplateFile(file).template as { Resources: { Fn: { Properties: { Description: string } } } }).Resources.Fn.Properties.Description).toBe('Zürich ✓');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
