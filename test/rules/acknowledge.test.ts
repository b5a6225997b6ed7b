/**
 * Acknowledgements: the one matcher (every blamed resource covered), template Metadata (SAM included), options and
 * the check configuration file with its schema.
 */
import Ajv from 'ajv';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { parse } from 'yaml';
import { isInputError } from '../../lib/errors';
import {
  acknowledgementsOf,
  checkTemplates,
  globPattern,
  isAcknowledged,
  loadTemplateFile,
  RULE_IDS,
  type Acknowledgement,
  type AcknowledgementLookup,
  type RuleFinding,
  type StackTemplate,
} from '../../lib/rules';
import { findCheckConfig, readCheckConfig } from '../../lib/rules/config';

const ROOT = join(__dirname, '..', '..');
const TEMPLATES = join(ROOT, 'test', 'fixtures', 'templates');
const CONFIG = join(ROOT, 'test', 'fixtures', 'check-config', 'acknowledge.yaml');
const fixture = (): StackTemplate => loadTemplateFile(join(TEMPLATES, 'acknowledged.yaml'), 'acknowledged.yaml');

/** The message of the InputError `fn` throws. */
function inputError(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(isInputError(err)).toBe(true);
    return (err as Error).message;
  }
  throw new Error('expected an InputError');
}

const byRule = (findings: readonly RuleFinding[], ruleId: string) => findings.filter((f) => f.ruleId === ruleId);

describe('the matcher', () => {
  const ack: Acknowledgement = { ruleId: 'AccountConcurrencyBudget', reason: 'r', kind: 'external', source: 's' };
  const only = (ids: readonly string[]): AcknowledgementLookup => (ruleId, r) => (ruleId === ack.ruleId && ids.includes(r.logicalId) ? ack : undefined);
  const finding = { ruleId: 'AccountConcurrencyBudget', stack: 'S', logicalId: 'A', related: [{ stack: 'S', logicalId: 'B' }] };

  test('a finding is acknowledged only when every resource it blames is covered', () => {
    expect(acknowledgementsOf(finding, [only(['A'])])).toBeUndefined();
    expect(acknowledgementsOf(finding, [only(['B'])])).toBeUndefined();
    expect(acknowledgementsOf(finding, [only(['A', 'B'])])).toEqual([ack]);
    // covered by two lookups together
    expect(acknowledgementsOf(finding, [only(['A']), only(['B'])])).toEqual([ack]);
  });

  test('another rule\'s acknowledgement does not cover it, and a finding that blames no resource is never acknowledged', () => {
    expect(acknowledgementsOf({ ...finding, ruleId: 'ThrottleAlarm' }, [only(['A', 'B'])])).toBeUndefined();
    expect(acknowledgementsOf({ ruleId: 'AccountConcurrencyBudget', stack: 'S' }, [() => ack])).toBeUndefined();
  });

  test.each([
    ['Stack/Queue/*', 'Stack/Queue/Resource', true],
    ['Stack/*', 'Stack/Queue/Resource', false],
    ['Stack/**', 'Stack/Queue/Resource', true],
    ['**/Resource', 'Stack/Queue/Resource', true],
    ['Stack/**/Resource', 'Stack/Resource', true],
    ['orders/Dlq?', 'orders/Dlq1', true],
    ['orders/Dlq?', 'orders/Dlq', false],
    ['a.b/(x)', 'a.b/(x)', true],
    ['a.b', 'axb', false],
  ])('glob %s on %s: %s', (glob, path, matches) => {
    expect(globPattern(glob).test(path)).toBe(matches);
  });
});

describe('template Metadata', () => {
  const findings = checkTemplates([fixture()]);

  test('acknowledges the finding on the resource it is written on, in source, with its reason and place', () => {
    const [f] = byRule(findings, 'SqsMaxReceiveCount');
    expect(f.acknowledgements).toEqual([
      { ruleId: 'SqsMaxReceiveCount', reason: 'a message that fails once is a poison message here', kind: 'inSource', source: 'acknowledged.yaml: Resources.Queue.Metadata["cdk-lambda-scaling"].acknowledge[0]' },
    ]);
  });

  test('a SAM function\'s Metadata covers the resources SAM generates from it', () => {
    const [f] = byRule(findings, 'SqsPartialBatchResponse');
    expect(f).toMatchObject({ logicalId: 'Worker', generated: { logicalId: 'WorkerOrders', from: 'Events.Orders' } });
    expect(f.acknowledgements?.map((a) => a.reason)).toEqual(['the handler is idempotent per batch']);
  });

  test('on one of the two functions a budget finding blames, it is not enough; the rest stay unacknowledged', () => {
    const [budget] = byRule(findings, 'AccountConcurrencyBudget');
    expect(budget.severity).toBe('error');
    expect(isAcknowledged(budget)).toBe(false);
    expect(byRule(findings, 'ThrottleAlarm').map((f) => [f.logicalId, isAcknowledged(f)])).toEqual([['Worker', true], ['Reporter', false]]);
    expect(byRule(findings, 'DlqDepthAlarm').every((f) => !isAcknowledged(f))).toBe(true);
  });

  test('without acknowledgements nothing is marked and the findings are the same', () => {
    const plain = fixture();
    const resources = (plain.template as { Resources: Record<string, { Metadata?: unknown }> }).Resources;
    const stripped = { ...plain, template: { ...(plain.template as object), Resources: Object.fromEntries(Object.entries(resources).map(([id, r]) => [id, { ...r, Metadata: undefined }])) } };
    const without = checkTemplates([stripped]);
    expect(without.some((f) => f.acknowledgements !== undefined)).toBe(false);
    expect(without).toEqual(findings.map(({ acknowledgements: _, ...f }) => f));
  });

  test.each([
    [{ acknowledge: [{ id: 'SqsMaxReceivCount', reason: 'typo' }] }, /t\.yaml: Resources\.Q\.Metadata\["cdk-lambda-scaling"\]\.acknowledge\[0\]\.id must be one of .*SqsMaxReceiveCount.*, got "SqsMaxReceivCount"/],
    [{ acknowledge: [{ id: 'SqsMaxReceiveCount' }] }, /t\.yaml: Resources\.Q\.Metadata\["cdk-lambda-scaling"\]\.acknowledge\[0\] is missing required key 'reason'/],
    [{ acknowledge: [{ id: 'SqsMaxReceiveCount', reason: '' }] }, /acknowledge\[0\]\.reason must not be empty/],
    [{ acknowledge: [{ id: 'SqsMaxReceiveCount', reason: 'x', where: 'y' }] }, /acknowledge\[0\]\.where is not a known key/],
    [{ ignore: ['SqsMaxReceiveCount'] }, /Metadata\["cdk-lambda-scaling"\] is missing required key 'acknowledge'/],
    [['SqsMaxReceiveCount'], /Metadata\["cdk-lambda-scaling"\] must be an object, got a list/],
  ])('an invalid entry %p is an InputError naming file and path', (entry, message) => {
    const template = { Resources: { Q: { Type: 'AWS::SQS::Queue', Metadata: { 'cdk-lambda-scaling': entry } } } };
    expect(inputError(() => checkTemplates([{ stackName: 't', template, templateFile: 't.yaml' }]))).toMatch(message);
  });
});

describe('acknowledgements in options', () => {
  test('by logical id and by path pattern, external, together with Metadata on another resource of the same finding', () => {
    const findings = checkTemplates([fixture()], {
      acknowledgements: [
        { id: 'AccountConcurrencyBudget', reason: 'limit raise', logicalId: 'Reporter' },
        { id: 'ThrottleAlarm', reason: 'retries', path: 'acknowledged/Rep*' },
      ],
    });
    const [budget] = byRule(findings, 'AccountConcurrencyBudget');
    expect(budget.acknowledgements?.map((a) => [a.kind, a.source])).toEqual([
      ['inSource', 'acknowledged.yaml: Resources.Worker.Metadata["cdk-lambda-scaling"].acknowledge[2]'],
      ['external', 'acknowledgements[0]'],
    ]);
    expect(byRule(findings, 'ThrottleAlarm').every(isAcknowledged)).toBe(true);
  });

  test('a pattern is matched against the construct path too', () => {
    const template = { Resources: { Fn: { Type: 'AWS::Lambda::Function', Metadata: { 'aws:cdk:path': 'App/Orders/Fn/Resource' }, Properties: { ReservedConcurrentExecutions: 0 } } } };
    const options = (path: string) => ({ acknowledgements: [{ id: 'ReservedConcurrencyZero', reason: 'paused', path }] });
    const acknowledged = (path: string) => byRule(checkTemplates([{ stackName: 'Orders', template }], options(path)), 'ReservedConcurrencyZero').map(isAcknowledged);
    expect(acknowledged('App/Orders/**')).toEqual([true]);
    expect(acknowledged('Orders/Fn')).toEqual([true]);
    expect(acknowledged('App/Other/**')).toEqual([false]);
  });

  test('an unknown rule, a missing reason, or neither logicalId nor path is an InputError', () => {
    const message = inputError(() =>
      checkTemplates([fixture()], {
        acknowledgements: [
          { id: 'Nope', reason: 'x', logicalId: 'A' },
          { id: 'ThrottleAlarm', reason: ' ', logicalId: 'A' },
          { id: 'ThrottleAlarm', reason: 'x' },
        ],
      }),
    );
    expect(message).toMatch(/acknowledgements\[0\]\.id: unknown rule Nope/);
    expect(message).toMatch(/acknowledgements\[1\]\.reason is required/);
    expect(message).toMatch(/acknowledgements\[2\] must give exactly one of logicalId, path/);
  });
});

describe('the check configuration file', () => {
  test('gives severities, rules turned off and acknowledgements with their place in the file', () => {
    const config = readCheckConfig(CONFIG, 'acknowledge.yaml');
    expect(config.severityOverrides).toEqual({ DlqDepthAlarm: 'info' });
    expect(config.disabledRules).toEqual(['DlqRetention']);
    expect(config.acknowledgements.map((a) => a.source)).toEqual(['acknowledge.yaml: acknowledge[0]', 'acknowledge.yaml: acknowledge[1]']);
    const findings = checkTemplates([fixture()], config);
    expect(byRule(findings, 'DlqRetention')).toEqual([]);
    expect(byRule(findings, 'DlqDepthAlarm').map((f) => f.severity)).toEqual(['info']);
    expect(findings.filter((f) => f.severity !== 'info' && !isAcknowledged(f))).toEqual([]);
  });

  describe('in a directory', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'check-config-'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    test('is found under its name, none when absent, and two names are an InputError', () => {
      expect(findCheckConfig(dir)).toBeUndefined();
      writeFileSync(join(dir, '.cdk-lambda-scaling.json'), '{}');
      expect(findCheckConfig(dir)).toBe('.cdk-lambda-scaling.json');
      writeFileSync(join(dir, '.cdk-lambda-scaling.yaml'), '{}');
      expect(inputError(() => findCheckConfig(dir))).toMatch(/\.cdk-lambda-scaling\.yaml and \.cdk-lambda-scaling\.json: two check configuration files/);
    });

    test.each([
      ['rules: { Nope: error }', /c\.yaml: rules\.Nope is not a known key/],
      ['rules: { ThrottleAlarm: loud }', /rules\.ThrottleAlarm must be one of error, warning, info, off, got "loud"/],
      ['acknowledge: [{ id: ThrottleAlarm, logicalId: Fn }]', /acknowledge\[0\] is missing required key 'reason'/],
      ['acknowledge: [{ id: ThrottleAlarm, reason: x }]', /acknowledge\[0\] must give exactly one of logicalId, path, got none/],
      ['acknowledge: [{ id: Foo, reason: x, path: "*" }]', /acknowledge\[0\]\.id must be one of .*, got "Foo"/],
      ['version: 2', /version must be 1, got 2/],
      ['rules: { a: 1 }\nrules: {}', /c\.yaml:2:1: .*[Mm]ap keys must be unique/],
    ])('%p is an InputError naming file and path', (text, message) => {
      writeFileSync(join(dir, 'c.yaml'), text);
      expect(inputError(() => readCheckConfig(join(dir, 'c.yaml'), 'c.yaml'))).toMatch(message);
    });
  });

  describe('schema/check-config.schema.json', () => {
    const schema = JSON.parse(readFileSync(join(ROOT, 'schema', 'check-config.schema.json'), 'utf8')) as {
      properties: { rules: { properties: Record<string, unknown> } };
      definitions: { ruleId: { enum: string[] } };
    };

    test('is a valid draft-07 schema that compiles in ajv strict mode and accepts the fixture', () => {
      const ajv = new Ajv({ strict: true, strictRequired: false });
      expect(ajv.validateSchema(schema)).toBe(true);
      expect(ajv.compile(schema)(parse(readFileSync(CONFIG, 'utf8')))).toBe(true);
    });

    test('lists every rule of the catalog, in catalog order', () => {
      expect(schema.definitions.ruleId.enum).toEqual([...RULE_IDS]);
      expect(Object.keys(schema.properties.rules.properties)).toEqual([...RULE_IDS]);
    });

    test('ships with the package', () => {
      const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { exports: Record<string, string>; files: string[] };
      expect(pkg.exports['./schema/check-config.schema.json']).toBe('./schema/check-config.schema.json');
      expect(pkg.files).toContain('schema/');
    });
  });
});

