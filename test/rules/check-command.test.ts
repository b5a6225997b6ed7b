/**
 * `check` in-process through `main(argv, memoryIo())`: inputs, formats, exit codes, bad input.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { toBeValidSarifLog } from '@microsoft/jest-sarif';
import { main } from '../../bin/main';
import { memoryIo } from '../../bin/io';
import { RULE_IDS, type Acknowledgement, type RuleFinding } from '../../lib/rules';

expect.extend({ toBeValidSarifLog });
declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace jest {
    interface Matchers<R> {
      toBeValidSarifLog(): R;
    }
  }
}

const FIXTURES = join(__dirname, '..', 'fixtures', 'templates');

async function run(...argv: string[]) {
  const io = memoryIo({ cwd: FIXTURES });
  const code = await main(['check', ...argv], io);
  return { code, out: io.out, err: io.err };
}

describe('exit codes', () => {
  test('1 when any error finding', async () => {
    const r = await run('sqs.yaml');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/error\s+SqsFifoLimits\s+sqs\/FifoBadMapping/);
    // 8 errors: the fixture's FifoQueue also redrives to the standard Dlq (SqsDlqQueueType).
    expect(r.out).toMatch(/8 errors, 11 warnings, 0 info in 1 stack/);
  });

  test('0 with warnings only', async () => {
    const r = await run('alarms.json');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/0 errors, 6 warnings/);
  });

  test('--disable turns rules off, --account-concurrency sets the limit', async () => {
    expect((await run('cdk.out-account')).code).toBe(0);
    const r = await run('cdk.out-account', '--account-concurrency', '999');
    expect(r.code).toBe(1);
    expect(r.out).toContain('AccountConcurrencyBudget');
    expect((await run('cdk.out-account', '--account-concurrency', '999', '--disable', 'AccountConcurrencyBudget')).code).toBe(0);
    expect((await run('cdk.out-account', '--unreserved-floor', '101')).code).toBe(1);
  });

  test.each([
    [['missing-dir'], /missing-dir: no such file or directory/],
    [['.'], /\.: not a cloud assembly \(no manifest.json\)/],
    [['sqs.yaml', '--account-concurrency', 'lots'], /--account-concurrency must be a non-negative integer, got lots/],
    [['sqs.yaml', '--disable', 'Nope'], /unknown rule Nope/],
  ])('2 for bad input %p', async (argv, message) => {
    const r = await run(...argv);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  test('2 for invalid JSON and YAML, naming the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'check-'));
    writeFileSync(join(dir, 'bad.json'), '{ "Resources": { ');
    writeFileSync(join(dir, 'bad.yaml'), 'Resources:\n  A: [1, 2\n');
    writeFileSync(join(dir, 'list.json'), '[1]');
    writeFileSync(join(dir, 'flow.yaml'), '{ Resources: { Fn: { Type: AWS::Lambda::Function, Properties: { ReservedConcurrentExecutions: 0 } } } }');
    const flow = memoryIo({ cwd: dir });
    expect(await main(['check', 'flow.yaml'], flow)).toBe(0);
    expect(flow.out).toContain('ReservedConcurrencyZero');
    for (const [file, message] of [
      ['bad.json', /bad\.json: not valid JSON \(.+ at line 1\)/],
      ['bad.yaml', /bad\.yaml:3: invalid YAML/],
      ['list.json', /list\.json: not a CloudFormation template/],
    ] as const) {
      const io = memoryIo({ cwd: dir });
      expect(await main(['check', file], io)).toBe(2);
      expect(io.err).toMatch(message);
    }
  });
});

describe('formats', () => {
  test('json carries every finding with stack, logical id, value and fix', async () => {
    const r = await run('proxy.yaml', '--format', 'json');
    const report = JSON.parse(r.out);
    expect(report.summary).toEqual({ error: 4, warning: 3, info: 0, coverage: [expect.objectContaining({ stack: 'proxy', templateFile: 'proxy.yaml', sam: false, functions: 7, unchecked: [] })] });
    expect(report.findings[0]).toEqual(expect.objectContaining({ ruleId: expect.any(String), severity: 'error', stack: 'proxy', logicalId: expect.any(String), fix: expect.any(String) }));
  });

  test('sarif validates against the SARIF 2.1.0 schema and carries rule metadata and locations', async () => {
    const r = await run('sqs.yaml', 'cdk.out-account', 'unresolvable.yaml', '--format', 'sarif', '--account-concurrency', '999');
    const log = JSON.parse(r.out);
    expect(log).toBeValidSarifLog();
    const driver = log.runs[0].tool.driver;
    expect(driver.rules.map((x: { id: string }) => x.id)).toEqual(expect.arrayContaining([...RULE_IDS]));
    const rule = driver.rules.find((x: { id: string }) => x.id === 'SqsVisibilityTimeout');
    expect(rule).toMatchObject({ shortDescription: { text: expect.any(String) }, fullDescription: { text: expect.any(String) }, help: { text: expect.any(String) }, defaultConfiguration: { level: 'error' } });
    const result = log.runs[0].results.find((x: { ruleId: string }) => x.ruleId === 'SqsVisibilityTimeout');
    expect(result.locations[0].physicalLocation.artifactLocation.uri).toBe('sqs.yaml');
    expect(result.locations[0].physicalLocation.region.startLine).toBe(readFileSync(join(FIXTURES, 'sqs.yaml'), 'utf8').split('\n').findIndex((l) => l.startsWith('  VisBadQueue:')) + 1);
    expect(result.locations[0].logicalLocations[0].name).toBe('VisBadQueue');
    expect(driver.rules[result.ruleIndex].id).toBe('SqsVisibilityTimeout');
    const levels = new Set(log.runs[0].results.map((x: { level: string }) => x.level));
    expect(levels).toEqual(new Set(['error', 'warning', 'note']));
    const nested = log.runs[0].results.find((x: { ruleId: string; level: string }) => x.ruleId === 'AccountConcurrencyBudget' && x.level === 'error');
    expect(nested.locations[0].physicalLocation.artifactLocation.uri).toBe('cdk.out-account/Orders.template.json');
  });

  test('the event source, stream, schedule, scaling, DLQ and range rules report through SARIF and JUnit', async () => {
    const inputs = ['sources.yaml', 'streams.yaml', 'scaling.yaml', 'dlq.yaml', 'ranges.yaml'];
    const log = JSON.parse((await run(...inputs, '--format', 'sarif')).out);
    expect(log).toBeValidSarifLog();
    const levels = new Map<string, Set<string>>();
    for (const x of log.runs[0].results as Array<{ ruleId: string; level: string }>) levels.set(x.ruleId, new Set([...(levels.get(x.ruleId) ?? []), x.level]));
    const expected: Record<string, string> = {
      EventSourceUnknown: 'note',
      StreamRetryLimit: 'warning',
      StreamOnFailureDestination: 'warning',
      StreamBisectBatch: 'warning',
      StreamParallelization: 'warning',
      ScheduleExpression: 'error',
      ScheduleTimezoneValid: 'error',
      TargetTrackingAliasDimension: 'error',
      ScalableTargetDependsOnAlias: 'error',
      DlqRetention: 'warning',
      ValueOutOfRange: 'error',
    };
    for (const [id, level] of Object.entries(expected)) expect([id, [...(levels.get(id) ?? [])]]).toEqual([id, [level]]);
    const junit = (await run(...inputs, '--format', 'junit')).out;
    expect(junit).toContain('<testsuite name="ValueOutOfRange" tests="12" failures="12"');
    expect(junit).toContain('<testsuite name="ScheduleTimezoneValid" tests="3" failures="3"');
    expect(junit).toMatch(/<testsuite name="EventSourceUnknown" tests="1" failures="0"/);
  });

  test('the schema check is not vacuous: a result without a message fails it', async () => {
    const log = JSON.parse((await run('sqs.yaml', '--format', 'sarif')).out);
    delete log.runs[0].results[0].message;
    expect(log).not.toBeValidSarifLog();
  });

  test('junit has one suite per rule and one failure per error or warning', async () => {
    const r = await run('alarms.yaml', '--format', 'junit');
    expect(r.out).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="cdk-lambda-scaling check" tests="\d+" failures="6">/);
    expect(r.out.match(/<testsuite /g)).toHaveLength(RULE_IDS.length + 1);
    expect(r.out).toMatch(/<testsuite name="coverage" tests="1" failures="0" errors="0" skipped="0">\n {4}<testcase classname="coverage" name="alarms.yaml"><properties><property name="checked" value="\d+ functions, /);
    expect(r.out.match(/<failure /g)).toHaveLength(6);
    expect(r.out).toContain('<testsuite name="ReservedConcurrencyZero" tests="1" failures="1"');
    expect(r.out).not.toMatch(/&(?!amp;|lt;|gt;|quot;|apos;)/);
  });

  test('--out writes the report to a file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'check-out-'));
    const io = memoryIo({ cwd: dir });
    expect(await main(['check', join(FIXTURES, 'alarms.yaml'), '--format', 'sarif', '--out', 'reports/check.sarif'], io)).toBe(0);
    expect(io.out).toBe('');
    expect(JSON.parse(readFileSync(join(dir, 'reports', 'check.sarif'), 'utf8')).version).toBe('2.1.0');
  });
});

describe('nested stacks of a cloud assembly', () => {
  const HASH = 'a'.repeat(64);
  const nestedStack = (hash: string) => ({
    Type: 'AWS::CloudFormation::Stack',
    Properties: { TemplateURL: { 'Fn::Join': ['', ['https://s3.', { Ref: 'AWS::Region' }, '.', { Ref: 'AWS::URLSuffix' }, `/cdk-assets/${hash}.json`]] } },
  });
  /** A cloud assembly whose Parent stack nests `inner` (written as the asset HASH); `innerNests` makes the nested template nest itself. */
  function assembly(options: { assetListed?: boolean; innerNests?: boolean } = {}): string {
    const dir = mkdtempSync(join(tmpdir(), 'nested-'));
    const write = (name: string, value: unknown) => writeFileSync(join(dir, name), JSON.stringify(value, undefined, 1));
    write('manifest.json', {
      version: '55.0.0',
      artifacts: {
        'Parent.assets': { type: 'cdk:asset-manifest', properties: { file: 'Parent.assets.json' } },
        Parent: { type: 'aws:cloudformation:stack', environment: 'aws://111111111111/us-east-1', properties: { templateFile: 'Parent.template.json' } },
      },
    });
    write('Parent.assets.json', { version: '55.0.0', files: options.assetListed === false ? {} : { [HASH]: { source: { path: 'ParentInner.nested.template.json', packaging: 'file' } } } });
    write('Parent.template.json', { Resources: { Inner: nestedStack(HASH) } });
    write('ParentInner.nested.template.json', {
      Resources: {
        Fn: { Type: 'AWS::Lambda::Function', Properties: { ReservedConcurrentExecutions: 4, Timeout: 10 } },
        Mapping: { Type: 'AWS::Lambda::EventSourceMapping', Properties: { FunctionName: { Ref: 'Fn' }, EventSourceArn: 'arn:aws:sqs:us-east-1:111111111111:orders', BatchSize: 1 } },
        ...(options.innerNests ? { Again: nestedStack(HASH) } : {}),
      },
    });
    return dir;
  }
  const coverage = (out: string) => (JSON.parse(out) as { summary: { coverage: Array<{ stack: string; functions: number; unchecked: Array<{ what: string }> }> } }).summary.coverage;

  test('a nested stack whose template the assembly holds is checked as a stack of its own', async () => {
    const r = await run(assembly(), '--format', 'json');
    expect(r.code).toBe(1);
    const findings = (JSON.parse(r.out) as { findings: Array<{ ruleId: string; stack: string; logicalId: string }> }).findings;
    expect(findings).toEqual(expect.arrayContaining([expect.objectContaining({ ruleId: 'SqsReservedBelowFive', stack: 'Parent/Inner', logicalId: 'Fn' })]));
    expect(coverage(r.out).map((c) => [c.stack, c.functions, c.unchecked.map((u) => u.what)])).toEqual([
      ['Parent', 0, []],
      ['Parent/Inner', 1, []],
    ]);
  });

  test('a nested stack whose template is not in the assembly is named in the coverage, not silently passed', async () => {
    const r = await run(assembly({ assetListed: false }), '--format', 'json');
    expect(r.code).toBe(0);
    expect(coverage(r.out).map((c) => [c.stack, c.unchecked.map((u) => u.what)])).toEqual([['Parent', ['AWS::CloudFormation::Stack']]]);
  });

  test('parameters the parent passes are resolved in the parent: its queue feeds the nested function', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nested-params-'));
    const write = (name: string, value: unknown) => writeFileSync(join(dir, name), JSON.stringify(value, undefined, 1));
    write('manifest.json', { artifacts: { a: { type: 'cdk:asset-manifest', properties: { file: 'P.assets.json' } }, P: { type: 'aws:cloudformation:stack', environment: 'aws://1/r', properties: { templateFile: 'P.template.json' } } } });
    write('P.assets.json', { files: { [HASH]: { source: { path: 'P.nested.template.json' } } } });
    const inner = nestedStack(HASH) as { Properties: Record<string, unknown> };
    inner.Properties.Parameters = { QueueArn: { 'Fn::GetAtt': ['Queue', 'Arn'] }, Subnets: 'a, b', Secret: '/ssm/name' };
    write('P.template.json', { Resources: { Queue: { Type: 'AWS::SQS::Queue', Properties: { VisibilityTimeout: 30 } }, Inner: inner } });
    write('P.nested.template.json', {
      Parameters: { QueueArn: { Type: 'String' }, Subnets: { Type: 'CommaDelimitedList' }, Secret: { Type: 'AWS::SSM::Parameter::Value<String>' } },
      Resources: {
        Fn: { Type: 'AWS::Lambda::Function', Properties: { Timeout: 60, ReservedConcurrentExecutions: 20 } },
        Mapping: { Type: 'AWS::Lambda::EventSourceMapping', Properties: { FunctionName: { Ref: 'Fn' }, EventSourceArn: { Ref: 'QueueArn' }, BatchSize: 1 } },
      },
    });
    const r = await run(dir, '--format', 'json');
    const findings = (JSON.parse(r.out) as { findings: Array<{ ruleId: string; stack: string; logicalId: string; severity: string; message: string }> }).findings;
    const visibility = findings.find((f) => f.ruleId === 'SqsVisibilityTimeout');
    expect(visibility).toMatchObject({ severity: 'error', stack: 'P', logicalId: 'Queue' });
    expect(visibility?.message).toContain('P/Inner/Fn');
    // Passed values are known, not assumed defaults.
    expect(findings.map((f) => f.message).join('\n')).not.toMatch(/assuming parameter defaults/);
  });

  test('a nested template that nests itself is read once and its nested stack named in the coverage', async () => {
    const r = await run(assembly({ innerNests: true }), '--format', 'json');
    expect(r.code).toBe(1);
    expect(coverage(r.out).map((c) => [c.stack, c.unchecked.map((u) => u.what)])).toEqual([
      ['Parent', []],
      ['Parent/Inner', ['AWS::CloudFormation::Stack']],
    ]);
  });
});

describe('nested templates that are local files', () => {
  /** parent.yaml nests sub/child.yaml (a SAM application), a remote template and a missing file; the child nests the parent back. */
  function files(child = 'Resources:\n  Fn: { Type: AWS::Lambda::Function, Properties: { ReservedConcurrentExecutions: 4 } }\n  Map: { Type: AWS::Lambda::EventSourceMapping, Properties: { FunctionName: !Ref Fn, EventSourceArn: "arn:aws:sqs:us-east-1:111111111111:q", BatchSize: 1 } }\n  Loop: { Type: AWS::CloudFormation::Stack, Properties: { TemplateURL: ../parent.yaml } }\n'): string {
    const dir = mkdtempSync(join(tmpdir(), 'local-nested-'));
    writeFileSync(
      join(dir, 'parent.yaml'),
      'Transform: AWS::Serverless-2016-10-31\nResources:\n  Net: { Type: AWS::Serverless::Application, Properties: { Location: ./sub/child.yaml } }\n  Remote: { Type: AWS::CloudFormation::Stack, Properties: { TemplateURL: "https://s3.amazonaws.com/b/x.yaml" } }\n  Missing: { Type: AWS::CloudFormation::Stack, Properties: { TemplateURL: ./nope.yaml } }\n',
    );
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'sub', 'child.yaml'), child);
    return dir;
  }
  const summary = (out: string) => {
    const json = JSON.parse(out) as { findings: Array<{ ruleId: string; stack: string }>; summary: { coverage: Array<{ stack: string; unchecked: Array<{ what: string; count: number }> }> } };
    return { rules: json.findings.map((f) => `${f.stack} ${f.ruleId}`), coverage: json.summary.coverage.map((c) => [c.stack, c.unchecked.map((u) => `${u.what} x${u.count}`)]) };
  };

  test('a SAM application or nested stack with a relative location is checked as a stack of its own; remote, missing and cyclic ones are named', async () => {
    const dir = files();
    const r = await run(join(dir, 'parent.yaml'), '--format', 'json');
    expect(r.code).toBe(1);
    const { rules, coverage } = summary(r.out);
    expect(rules).toContain('parent/Net SqsReservedBelowFive');
    expect(coverage).toEqual([
      ['parent', ['AWS::CloudFormation::Stack x2']],
      ['parent/Net', ['AWS::CloudFormation::Stack x1']],
    ]);
  });

  test('a template given and also nested is checked once', async () => {
    const dir = files();
    // The child names ../parent.yaml: outside its own folder, so the root is widened to hold both.
    const r = await run(join(dir, 'parent.yaml'), join(dir, 'sub', 'child.yaml'), '--root', dir, '--format', 'json');
    expect(summary(r.out).coverage.map(([stack]) => stack)).toEqual(['parent', 'parent/Net']);
  });

  test('a nested file that is not a template is bad input, named', async () => {
    const r = await run(join(files('[1, 2]\n'), 'parent.yaml'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/child\.yaml: not a CloudFormation template/);
  });
});

describe('acknowledgements, the configuration file and --fail-on', () => {
  const CONFIG = join(__dirname, '..', 'fixtures', 'check-config', 'acknowledge.yaml');

  test('Metadata acknowledgements are listed as acknowledged, not counted; an unacknowledged error still fails', async () => {
    const r = await run('acknowledged.yaml');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/warning SqsMaxReceiveCount {2}acknowledged\/Queue {2}\[acknowledged\]\n.*\n.*\n {8}acknowledged: a message that fails once is a poison message here \(acknowledged\.yaml: Resources\.Queue\.Metadata\["cdk-lambda-scaling"\]\.acknowledge\[0\]\)/);
    expect(r.out).toMatch(/1 error, 2 warnings, 0 info in 1 stack; 3 acknowledged\n$/);
  });

  test('--config adds severities and acknowledgements: every error and warning is acknowledged, even with --fail-on warning', async () => {
    const r = await run('acknowledged.yaml', '--config', CONFIG, '--fail-on', 'warning');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/0 errors, 0 warnings, 1 info in 1 stack; 5 acknowledged\n$/);
    expect(r.out).toContain(`acknowledged: a limit of 2000 is requested (${CONFIG}: acknowledge[0])`);
  });

  test('--fail-on warning exits 1 on an unacknowledged warning, error (the default) does not', async () => {
    expect((await run('alarms.json', '--fail-on', 'warning')).code).toBe(1);
    expect((await run('alarms.json', '--fail-on', 'error')).code).toBe(0);
    const bad = await run('alarms.json', '--fail-on', 'info');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--fail-on must be error or warning, got info/);
  });

  test('a .cdk-lambda-scaling.yaml in the working directory is read, --no-config ignores it, a bad one exits 2 naming it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'check-config-'));
    writeFileSync(join(dir, 'acknowledged.yaml'), readFileSync(join(FIXTURES, 'acknowledged.yaml')));
    writeFileSync(join(dir, '.cdk-lambda-scaling.yaml'), readFileSync(CONFIG));
    const inDir = async (...argv: string[]) => {
      const io = memoryIo({ cwd: dir });
      return { code: await main(['check', 'acknowledged.yaml', ...argv], io), out: io.out, err: io.err };
    };
    expect((await inDir()).code).toBe(0);
    expect((await inDir('--no-config')).code).toBe(1);
    writeFileSync(join(dir, '.cdk-lambda-scaling.yaml'), 'acknowledge: [{ id: ThrottleAlarm, logicalId: Reporter }]\n');
    const bad = await inDir();
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/^\.cdk-lambda-scaling\.yaml: acknowledge\[0\] is missing required key 'reason'/);
    expect((await inDir('--config', 'missing.yaml')).err).toMatch(/missing\.yaml: cannot be read/);
  });

  test('json marks acknowledged findings and counts them apart', async () => {
    const report = JSON.parse((await run('acknowledged.yaml', '--config', CONFIG, '--format', 'json')).out);
    expect(report.summary).toMatchObject({ error: 0, warning: 0, info: 1, acknowledged: 5 });
    const budget = report.findings.find((f: RuleFinding) => f.ruleId === 'AccountConcurrencyBudget');
    expect(budget.acknowledgements.map((a: Acknowledgement) => a.kind)).toEqual(['inSource', 'external']);
    // without acknowledgements the summary has no count of them (the report is as before)
    expect(Object.keys(JSON.parse((await run('alarms.yaml', '--format', 'json')).out).summary)).toEqual(['error', 'warning', 'info', 'coverage']);
  });

  test('sarif gives acknowledged results suppressions: inSource for Metadata, external for the configuration, the reason as justification', async () => {
    const log = JSON.parse((await run('acknowledged.yaml', '--config', CONFIG, '--format', 'sarif')).out);
    expect(log).toBeValidSarifLog();
    const results = log.runs[0].results as Array<{ ruleId: string; level: string; locations: Array<{ logicalLocations: Array<{ name: string }> }>; suppressions?: unknown[] }>;
    const of = (ruleId: string, name: string) => results.find((x) => x.ruleId === ruleId && x.locations[0].logicalLocations[0].name === name);
    expect(of('SqsMaxReceiveCount', 'Queue')?.suppressions).toEqual([
      { kind: 'inSource', status: 'accepted', justification: 'a message that fails once is a poison message here', properties: { source: 'acknowledged.yaml: Resources.Queue.Metadata["cdk-lambda-scaling"].acknowledge[0]' } },
    ]);
    expect(of('ThrottleAlarm', 'Reporter')?.suppressions).toEqual([expect.objectContaining({ kind: 'external', justification: 'reporting may be throttled; it retries' })]);
    expect(of('AccountConcurrencyBudget', 'Worker')).toMatchObject({ level: 'error', suppressions: [expect.objectContaining({ kind: 'inSource' }), expect.objectContaining({ kind: 'external' })] });
    expect(of('DlqDepthAlarm', 'Dlq')?.suppressions).toBeUndefined();
  });

  test('junit lists acknowledged findings as skipped cases with their reason, not failures', async () => {
    const junit = (await run('acknowledged.yaml', '--config', CONFIG, '--format', 'junit')).out;
    expect(junit).toMatch(/<testsuites name="cdk-lambda-scaling check" tests="\d+" failures="0">/);
    expect(junit).toContain('<testsuite name="AccountConcurrencyBudget" tests="1" failures="0" errors="0" skipped="1">');
    expect(junit).toContain('<skipped message="error acknowledged: a limit of 2000 is requested (acknowledged.yaml: Resources.Worker.Metadata[&quot;cdk-lambda-scaling&quot;].acknowledge[2]); acknowledged: a limit of 2000 is requested');
    expect((await run('acknowledged.yaml', '--format', 'junit')).out).toContain('<testsuite name="AccountConcurrencyBudget" tests="1" failures="1" errors="0" skipped="0">');
  });
});
