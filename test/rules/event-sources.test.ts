/**
 * Event sources and invocation types come from evidence in the templates: SQS rules only on mappings known to
 * read from SQS, MQ / Kafka / streams told apart, an unclassifiable source named in an info; sync and async
 * callers from the resource that invokes (IoT authorizers and topic rules, load balancers, EventBridge Scheduler).
 */
import { join } from 'path';
import { buildGraph, checkTemplates, loadTemplateFile, type EventSourceKind, type RuleFinding } from '../../lib/rules';

const FIXTURES = join(__dirname, '..', 'fixtures', 'templates');
const sources = loadTemplateFile(join(FIXTURES, 'sources.yaml'), 'sources.yaml');
const findings: RuleFinding[] = checkTemplates([sources]);
const graph = buildGraph([sources]);

describe('event sources told apart', () => {
  test.each<[string, EventSourceKind]>([
    ['MqMapping', 'mq'],
    ['MqVirtualHostMapping', 'mq'],
    ['MskMapping', 'kafka'],
    ['SelfManagedKafkaMapping', 'kafka'],
    ['ParamSqsMapping', 'sqs'],
    ['LiteralSqsMapping', 'sqs'],
    ['UnknownMapping', 'unknown'],
  ])('%s reads from %s', (id, kind) => {
    expect(graph.mappings.find((m) => m.resource.logicalId === id)?.kind).toBe(kind);
  });

  test('MQ and Kafka mappings get no SQS finding although an SQS mapping with their settings would', () => {
    const sqs = findings.filter((f) => f.ruleId.startsWith('Sqs'));
    expect(new Set(sqs.map((f) => f.logicalId))).toEqual(new Set(['ParamSqsMapping', 'LiteralSqsMapping']));
    expect(sqs.filter((f) => f.ruleId === 'SqsBatchingWindowRequired').map((f) => f.logicalId)).toEqual(['ParamSqsMapping', 'LiteralSqsMapping']);
  });

  test('an unclassifiable source is an info naming what is unknown, and no other rule checks it', () => {
    const about = findings.filter((f) => f.logicalId === 'UnknownMapping');
    expect(about).toEqual([expect.objectContaining({ ruleId: 'EventSourceUnknown', severity: 'info', message: 'event source mapping sources/UnknownMapping was not checked: EventSourceArn is parameter UnknownArn' })]);
  });

  test('streams are told apart by their reference, a literal ARN or the starting position alone', () => {
    const streams = buildGraph([loadTemplateFile(join(FIXTURES, 'streams.yaml'))]);
    const kinds = Object.fromEntries(streams.mappings.map((m) => [m.resource.logicalId, m.kind]));
    expect(kinds).toEqual({ StreamGoodMapping: 'kinesis', StreamBadMapping: 'kinesis', AgeLimitedMapping: 'kinesis', TableBadMapping: 'dynamodb', ExternalMapping: 'kinesis-or-dynamodb' });
  });
});

describe('invocation types from the caller', () => {
  const fn = (id: string) => graph.functions.find((f) => f.resource.logicalId === id);

  test('an IoT custom authorizer is synchronous, an IoT topic rule asynchronous (the permission SourceArn decides)', () => {
    expect(fn('FnIotAuthorizer')).toMatchObject({ syncSources: ['iot.amazonaws.com', 'IoT authorizer IotAuthorizer'], asyncSources: [] });
    expect(fn('FnIotRule')).toMatchObject({ syncSources: [], asyncSources: ['iot.amazonaws.com'] });
  });

  test('an IoT permission without a SourceArn is neither', () => {
    const template = {
      Resources: {
        Fn: { Type: 'AWS::Lambda::Function' },
        Permission: { Type: 'AWS::Lambda::Permission', Properties: { FunctionName: { Ref: 'Fn' }, Principal: 'iot.amazonaws.com', Action: 'lambda:InvokeFunction' } },
      },
    };
    expect(buildGraph([{ stackName: 'S', template }]).functions[0]).toMatchObject({ syncSources: [], asyncSources: [] });
  });

  test('a load balancer target group of type lambda is synchronous', () => {
    expect(fn('FnAlb')?.syncSources).toEqual(['load balancer target group AlbTargets']);
  });

  test('an EventBridge Scheduler target is asynchronous when its role may invoke the function, with no Lambda permission', () => {
    expect(fn('FnScheduled')?.asyncSources).toEqual(['EventBridge Scheduler schedule Schedule']);
    expect(fn('FnUngranted')?.asyncSources).toEqual([]);
    expect(findings.filter((f) => f.ruleId === 'AsyncFailureDestination').map((f) => f.logicalId)).toEqual(['FnIotRule', 'FnScheduled']);
  });
});
