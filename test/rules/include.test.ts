/**
 * `AWS::Include` applied where it stands (resource level, template level, inside properties), through the confined
 * loader: a queue in an included file is checked; remote and missing includes are named in the coverage with no
 * misleading fix; a snippet outside the root is refused; a cycle is named, not followed.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { dirname, join } from 'path';
import { memoryIo } from '../../bin/io';
import { main } from '../../bin/main';

/** Writes `files` into a fresh folder and runs `check template.yaml --format json` there. */
async function check(files: Record<string, string>, ...argv: string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'include-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  const io = memoryIo({ cwd: dir });
  const code = await main(['check', 'app/template.yaml', '--format', 'json', ...argv], io);
  const json = code === 2 && io.out === '' ? undefined : (JSON.parse(io.out) as { findings: Array<{ ruleId: string; fix: string }>; summary: { coverage: Array<{ queues: number; unchecked: Array<{ what: string; reason: string }> }> } });
  return { code, err: io.err, findings: json?.findings.map((f) => f.ruleId) ?? [], fixes: json?.findings.map((f) => f.fix) ?? [], coverage: json?.summary.coverage[0] };
}

const FUNCTION = (queue: string) =>
  `  Fn:\n    Type: AWS::Lambda::Function\n    Properties: { Timeout: 60, ReservedConcurrentExecutions: 10 }\n  Map:\n    Type: AWS::Lambda::EventSourceMapping\n    Properties: { FunctionName: !Ref Fn, EventSourceArn: !GetAtt ${queue}.Arn, BatchSize: 1 }\n`;
const QUEUE = 'Queue:\n  Type: AWS::SQS::Queue\n  Properties: { VisibilityTimeout: 30 }\n';

describe('AWS::Include with a local Location is applied where it stands', () => {
  test('resource level: a queue in the included file feeds the function (its visibility error is raised; none before)', async () => {
    const r = await check({ 'app/template.yaml': `Resources:\n${FUNCTION('Queue')}  Fn::Transform:\n    Name: AWS::Include\n    Parameters: { Location: ./snippets/queue.yaml }\n`, 'app/snippets/queue.yaml': QUEUE });
    expect(r.code).toBe(1);
    expect(r.findings).toEqual(expect.arrayContaining(['SqsVisibilityTimeout', 'SqsRedrivePolicy']));
    expect(r.findings).not.toContain('TemplateEntryUnreadable');
    expect(r.coverage).toMatchObject({ queues: 1, unchecked: [] });
  });

  test('template level (the Transform section): the snippet is merged into the template', async () => {
    const r = await check({
      'app/template.yaml': `Transform: { Name: AWS::Include, Parameters: { Location: extra.json } }\nResources:\n${FUNCTION('Queue')}`,
      'app/extra.json': JSON.stringify({ Resources: { Queue: { Type: 'AWS::SQS::Queue', Properties: { VisibilityTimeout: 30 } } } }),
    });
    expect(r.findings).toContain('SqsVisibilityTimeout');
    expect(r.coverage?.unchecked).toEqual([]);
  });

  test('inside a property: the value is replaced by the snippet', async () => {
    const r = await check({
      'app/template.yaml': `Resources:\n${FUNCTION('Queue')}  Queue:\n    Type: AWS::SQS::Queue\n    Properties:\n      Fn::Transform: { Name: AWS::Include, Parameters: { Location: props.yaml } }\n`,
      'app/props.yaml': 'VisibilityTimeout: 30\n',
    });
    expect(r.findings).toContain('SqsVisibilityTimeout');
  });

  test('a snippet may include another, relative to itself; a cycle is named, not followed', async () => {
    const r = await check({
      'app/template.yaml': `Resources:\n${FUNCTION('Queue')}  Fn::Transform: { Name: AWS::Include, Parameters: { Location: a/one.yaml } }\n`,
      'app/a/one.yaml': `${QUEUE}Fn::Transform: { Name: AWS::Include, Parameters: { Location: ../a/one.yaml } }\n`,
    });
    expect(r.findings).toContain('SqsVisibilityTimeout');
    expect(r.coverage?.unchecked.map((u) => u.what)).toEqual([expect.stringMatching(/one\.yaml: Resources\["Fn::Transform"\] \(AWS::Include\): includes itself \(a cycle\)/)]);
  });
});

describe('an include that is not applied is named, with no misleading fix', () => {
  test.each([
    ['remote', 's3://bucket/queue.yaml', /a remote file is not read/],
    ['missing', './nope.yaml', /no such file/],
  ])('%s', async (_, location, why) => {
    const r = await check({ 'app/template.yaml': `Resources:\n${FUNCTION('Other')}  Other: { Type: AWS::SQS::Queue, Properties: { VisibilityTimeout: 900, RedrivePolicy: { deadLetterTargetArn: x, maxReceiveCount: 5 } } }\n  Fn::Transform:\n    Name: AWS::Include\n    Parameters: { Location: ${location} }\n` });
    expect(r.findings).not.toContain('TemplateEntryUnreadable');
    expect(r.fixes.join('\n')).not.toMatch(/valid CloudFormation resource/);
    expect(r.coverage?.unchecked).toEqual([{ what: expect.stringMatching(why), count: 1, reason: 'AWS::Include not applied: what it includes is not seen' }]);
  });

  test('a snippet outside the root is refused naming the referrer, whether or not it exists', async () => {
    for (const location of ['../outside.yaml', '../nothing.yaml']) {
      const r = await check({ 'app/template.yaml': `Resources:\n${FUNCTION('Queue')}  Fn::Transform: { Name: AWS::Include, Parameters: { Location: ${location} } }\n`, 'outside.yaml': QUEUE });
      expect(r.code).toBe(2);
      expect(r.err).toBe('app/template.yaml: Resources["Fn::Transform"].Parameters.Location names a file outside the root app; only files inside it are read (give --root with a folder that holds both to widen it)\n');
    }
  });
});

describe('a macro called with Fn::Transform (not AWS::Include) is named in the coverage, never taken for a resource', () => {
  test('in Resources, beside a resource body, as a property value (aws-cloudformation/aws-cloudformation-macros writes `Fn::Transform: { Name: String }` in Tags)', async () => {
    const macro = (name: string) => `{ Name: ${name}, Parameters: { Operation: Upper } }`;
    const r = await check({
      'app/template.yaml': `Resources:\n${FUNCTION('Queue')}  Queue:\n    Type: AWS::SQS::Queue\n    Properties:\n      VisibilityTimeout: 900\n      RedrivePolicy: { deadLetterTargetArn: x, maxReceiveCount: 5 }\n      Tags: [{ Key: k, Value: { Fn::Transform: ${macro('String')} } }, { Key: j, Value: { Fn::Transform: ${macro('String')} } }]\n      Fn::Transform: ${macro('AddTags')}\n  Fn::Transform: [${macro('AddAlarms')}]\n`,
    });
    expect(r.findings).not.toContain('TemplateEntryUnreadable');
    expect(r.coverage?.unchecked).toEqual([
      { what: 'Fn::Transform String', count: 2, reason: 'macro not applied: what it returns or adds is not seen' },
      { what: 'Fn::Transform AddTags', count: 1, reason: 'macro not applied: what it returns or adds is not seen' },
      { what: 'Fn::Transform AddAlarms', count: 1, reason: 'macro not applied: what it returns or adds is not seen' },
    ]);
  });
});
