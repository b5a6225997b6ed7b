/**
 * No silent pass on input: what is not a template, keys given twice, unknown YAML tags are exit 2 naming the file
 * (and the key and line); every run says per template what it checked.
 */
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import fc from 'fast-check';
import { main } from '../../bin/main';
import { memoryIo } from '../../bin/io';
import { findDuplicateJsonKey, parseTemplate, templateProblem } from '../../lib/rules';

const FIXTURES = join(__dirname, '..', 'fixtures', 'templates');

/** Writes files into a fresh directory and runs `check` there. */
async function checkFiles(files: Record<string, string>, ...argv: string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'check-input-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const io = memoryIo({ cwd: dir });
  const code = await main(['check', ...argv], io);
  return { code, out: io.out, err: io.err, dir };
}

const FUNCTION = '{ "Type": "AWS::Lambda::Function", "Properties": { "Timeout": 10 } }';

describe('files that are not templates are exit 2 naming the file', () => {
  test.each([
    ['package.json', '{ "name": "app", "version": "1.0.0", "dependencies": {} }', /package\.json: not a CloudFormation template: no Resources section \(it has 3 top-level keys that are not template sections\)/],
    ['empty.json', '{}', /empty\.json: not a CloudFormation template: no Resources section/],
    ['list.yaml', '- a\n- b\n', /list\.yaml: not a CloudFormation template: the file holds a list/],
    ['scalar.yaml', 'hello\n', /scalar\.yaml: not a CloudFormation template: the file holds a string/],
    ['nothing.yaml', '', /nothing\.yaml: not a CloudFormation template: the file holds nothing/],
    ['bad-resources.json', '{ "Resources": [1] }', /bad-resources\.json: not a CloudFormation template: Resources is not an object/],
  ])('%s', async (name, text, message) => {
    const r = await checkFiles({ [name]: text }, name);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    // The report says the input was refused, and checked nothing.
    expect(r.out).toMatch(new RegExp(`^refused ${name.replace('.', '\\.')}\n`));
    expect(r.out).toMatch(/in 0 stacks; 1 input refused \(not checked\)\n$/);
  });

  test('a batch never goes blank: a refused file is reported in every format, the others are checked, exit 2', async () => {
    const files = {
      'a.yaml': 'Resources:\n  Fn: { Type: AWS::Lambda::Function, Properties: { ReservedConcurrentExecutions: 0 } }\n',
      'b.yaml': 'Resources:\n  Fn: { Type: AWS::Lambda::Function }\n  Fn: { Type: AWS::Lambda::Function, Properties: { ReservedConcurrentExecutions: 3 } }\n',
      'c.yaml': 'Resources: [1\n',
    };
    const text = await checkFiles(files, 'a.yaml', 'b.yaml', 'c.yaml');
    expect(text.code).toBe(2);
    expect(text.err).toMatch(/^c\.yaml:2: invalid YAML/);
    expect(text.out).toMatch(/^refused c\.yaml:2\n {8}invalid YAML: /);
    expect(text.out).toMatch(/error {3}DuplicateKey {2}b\/\n {8}b\.yaml gives the key "Fn" twice in one object \(line 3\)/);
    expect(text.out).toMatch(/warning ReservedConcurrencyZero {2}a\/Fn/);
    expect(text.out).toMatch(/in 2 stacks; 1 input refused \(not checked\)\n$/);
    const json = JSON.parse((await checkFiles(files, 'a.yaml', 'b.yaml', 'c.yaml', '--format', 'json')).out) as { refused: unknown[]; summary: { refused: number }; findings: Array<{ ruleId: string }> };
    expect(json.refused).toEqual([{ input: 'c.yaml', file: 'c.yaml', line: 2, reason: expect.stringMatching(/^invalid YAML: /) }]);
    expect(json.summary.refused).toBe(1);
    expect(json.findings.map((f) => f.ruleId).sort()).toEqual(['DuplicateKey', 'ReservedConcurrencyZero', 'ThrottleAlarm']);
    const sarif = JSON.parse((await checkFiles(files, 'a.yaml', 'b.yaml', 'c.yaml', '--format', 'sarif')).out);
    expect(sarif.runs[0].invocations).toEqual([
      {
        executionSuccessful: false,
        toolExecutionNotifications: [expect.objectContaining({ level: 'error', message: { text: expect.stringMatching(/^c\.yaml:2: invalid YAML/) }, locations: [{ physicalLocation: { artifactLocation: { uri: 'c.yaml' }, region: { startLine: 2 } } }] })],
      },
    ]);
    expect(sarif.runs[0].results.map((r: { ruleId: string }) => r.ruleId)).toContain('DuplicateKey');
    const junit = (await checkFiles(files, 'a.yaml', 'b.yaml', 'c.yaml', '--format', 'junit')).out;
    expect(junit).toMatch(/<testsuite name="inputs" tests="1" failures="0" errors="1" skipped="0">\n {4}<testcase classname="inputs" name="c\.yaml"><error message="c\.yaml:2: invalid YAML: [^"]*" type="refused">/);
    expect(junit).toMatch(/<testsuite name="ReservedConcurrencyZero" tests="1" failures="1"/);
  });

  test('text names the file when two stacks have the same name', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'same-name-'));
    const template = 'Resources:\n  Fn: { Type: AWS::Lambda::Function, Properties: { ReservedConcurrentExecutions: 0 } }\n';
    writeFileSync(join(dir, 'x.yaml'), template);
    for (const d of ['x', 'y']) {
      mkdirSync(join(dir, d));
      writeFileSync(join(dir, d, 'template.yaml'), template);
    }
    const io = memoryIo({ cwd: dir });
    await main(['check', 'x/template.yaml', 'y/template.yaml', 'x.yaml'], io);
    expect(io.out).toMatch(/ReservedConcurrencyZero {2}template\/Fn in x\/template\.yaml\n/);
    expect(io.out).toMatch(/ReservedConcurrencyZero {2}template\/Fn in y\/template\.yaml\n/);
    // A name only one file has is printed as before.
    expect(io.out).toMatch(/ReservedConcurrencyZero {2}x\/Fn\n/);
  });

  test('a template among them does not make the run pass', async () => {
    const r = await checkFiles({ 'ok.json': `{ "Resources": { "Fn": ${FUNCTION} } }`, 'cdk.json': '{ "app": "npx ts-node bin/app.ts" }' }, 'ok.json', 'cdk.json');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/cdk\.json: not a CloudFormation template/);
  });

  test('inside a cloud assembly too; an empty CDK stack (no Resources, only template sections) is not an error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'check-asm-'));
    cpSync(join(FIXTURES, 'cdk.out-account'), join(dir, 'cdk.out'), { recursive: true });
    const manifest = { version: '36.0.0', artifacts: { Empty: { type: 'aws:cloudformation:stack', environment: 'aws://1/r', properties: { templateFile: 'Empty.template.json' } } } };
    writeFileSync(join(dir, 'cdk.out', 'manifest.json'), JSON.stringify(manifest));
    writeFileSync(join(dir, 'cdk.out', 'Empty.template.json'), '{ "Parameters": { "BootstrapVersion": { "Type": "String" } }, "Rules": {} }');
    const empty = memoryIo({ cwd: dir });
    expect(await main(['check', 'cdk.out'], empty)).toBe(0);
    expect(empty.out).toMatch(/checked cdk\.out\/Empty\.template\.json: 0 functions, .* of 0 resources: nothing the rules apply to/);
    writeFileSync(join(dir, 'cdk.out', 'Empty.template.json'), '{ "name": "not-a-template" }');
    const bad = memoryIo({ cwd: dir });
    expect(await main(['check', 'cdk.out'], bad)).toBe(2);
    expect(bad.err).toMatch(/cdk\.out\/Empty\.template\.json: not a CloudFormation template: no Resources section \(it has 1 top-level key that is not a template section\)/);
  });
});

describe('keys given twice are an error finding naming the key and line; the template is checked with the last value', () => {
  test.each([
    ['t.json', `{\n  "Resources": {\n    "Fn": ${FUNCTION},\n    "Fn": ${FUNCTION.replace('"Timeout": 10', '"ReservedConcurrentExecutions": 0')}\n  }\n}\n`, /^t\.json gives the key "Fn" twice in one object \(line 4\)/],
    ['t.yaml', 'Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      ReservedConcurrentExecutions: 10\n      ReservedConcurrentExecutions: 0\n', /^t\.yaml gives the key "ReservedConcurrentExecutions" twice in one object \(line 6\)/],
    ['q.yaml', "Resources:\n  'Fn': { Type: AWS::SQS::Queue }\n  Fn: { Type: AWS::Lambda::Function, Properties: { ReservedConcurrentExecutions: 0 } }\n", /^q\.yaml gives the key "Fn" twice in one object \(line 3\)/],
  ])('%s', async (name, text, message) => {
    const r = await checkFiles({ [name]: text }, name, '--format', 'json');
    expect(r.code).toBe(1);
    const findings = (JSON.parse(r.out) as { findings: Array<{ ruleId: string; severity: string; message: string }> }).findings;
    expect(findings.find((f) => f.ruleId === 'DuplicateKey')).toEqual(expect.objectContaining({ severity: 'error', message: expect.stringMatching(message) }));
    // The last value is the one checked: reserved concurrency 0.
    expect(findings.map((f) => f.ruleId)).toContain('ReservedConcurrencyZero');
  });

  test('the same key in different objects, and escaped spellings of one key', () => {
    expect(findDuplicateJsonKey('{"a": {"x": 1}, "b": {"x": [{"x": 2}, {"x": 3}]}, "s": "\\"x\\": 1"}')).toBeUndefined();
    expect(findDuplicateJsonKey('{"a": 1,\n"\\u0061": 2}')).toEqual({ key: '"a"', line: 2 });
    expect(findDuplicateJsonKey('{"k\\"": 1, "k\\"" : 2}')).toEqual({ key: '"k\\""', line: 1 });
    // A brace and a colon inside strings open no object (fast-check once found ["{",":"]).
    expect(findDuplicateJsonKey('["{",":"]')).toBeUndefined();
    expect(firstKey('["{",":"]')).toBeUndefined();
    expect(firstKey('["{", {"a": 1}]')?.[2]).toBe('"a"');
  });

  /** The first `{` outside a string that opens a non-empty object, with the blanks and the quoted key after it. */
  function firstKey(text: string): RegExpExecArray | undefined {
    const key = /\{(\s*)("(?:[^"\\]|\\.)*")\s*:/y;
    let inString = false;
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (inString) {
        if (c === '\\') i++;
        else if (c === '"') inString = false;
      } else if (c === '"') {
        inString = true;
      } else if (c === '{') {
        key.lastIndex = i;
        const m = key.exec(text);
        if (m) return m;
      }
    }
    return undefined;
  }

  test('finds a key repeated anywhere in any JSON object, and never reports one that is not (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), fc.integer({ min: 0, max: 2 }), (value, indent) => {
        const text = JSON.stringify(value, null, indent);
        expect(findDuplicateJsonKey(text)).toBeUndefined();
        // Repeat the first key of the first non-empty object: the scan must find exactly that key.
        const m = firstKey(text);
        if (!m) return;
        const doubled = `${text.slice(0, m.index + 1)}${m[1]}${m[2]}: null,${text.slice(m.index + 1)}`;
        expect(findDuplicateJsonKey(doubled)?.key).toBe(JSON.stringify(JSON.parse(m[2])));
      }),
    );
  });
});

test('an unknown YAML tag is exit 2 naming the file, line and tag; the intrinsic short forms are fine', async () => {
  const r = await checkFiles({ 't.yaml': 'Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      Role: !Reff Role\n' }, 't.yaml');
  expect(r.code).toBe(2);
  expect(r.err).toMatch(/t\.yaml:5: unknown YAML tag "!Reff"/);
  expect(parseTemplate('A: !GetAtt Fn.Arn\nB: !Sub [x, {}]\nC: !If [c, 1, 2]\n', 'ok.yaml')).toEqual({ A: { 'Fn::GetAtt': ['Fn', 'Arn'] }, B: { 'Fn::Sub': ['x', {}] }, C: { 'Fn::If': ['c', 1, 2] } });
});

test('the rule functions of the Rules section have short forms too (a Quick Start writes !ValueOfAll, !Contains): exit 0', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'check-rules-'));
  cpSync(join(FIXTURES, 'rules-section.yaml'), join(dir, 'bastion.yaml'));
  const io = memoryIo({ cwd: dir });
  expect(await main(['check', 'bastion.yaml'], io)).toBe(0);
  expect(io.err).toBe('');
  expect(io.out).toContain('checked bastion.yaml: 0 functions');
  const forms = 'A: !Contains [[a], !Ref P]\nB: !EachMemberEquals [!RefAll AWS::EC2::Subnet::Id, x]\nC: !EachMemberIn [!ValueOfAll [AWS::EC2::Subnet::Id, VpcId], [v]]\nD: !ValueOf [P, Tags]\n';
  expect(parseTemplate(forms, 'rules.yaml')).toEqual({
    A: { 'Fn::Contains': [['a'], { Ref: 'P' }] },
    B: { 'Fn::EachMemberEquals': [{ 'Fn::RefAll': 'AWS::EC2::Subnet::Id' }, 'x'] },
    C: { 'Fn::EachMemberIn': [{ 'Fn::ValueOfAll': ['AWS::EC2::Subnet::Id', 'VpcId'] }, ['v']] },
    D: { 'Fn::ValueOf': ['P', 'Tags'] },
  });
});

test('templateProblem accepts any object with a Resources object', () => {
  expect(templateProblem({ Resources: {} })).toBeUndefined();
  expect(templateProblem({ Resources: {}, Custom: 1 })).toBeUndefined();
  expect(templateProblem({ Description: 'x' })).toMatch(/no Resources section/);
  expect(templateProblem({ Description: 'x' }, true)).toBeUndefined();
});

describe('coverage: every run says what it checked per template', () => {
  test('text, json and sarif name the counts and what could not be checked', async () => {
    const template = {
      Transform: ['Org::Macro'],
      Resources: { Fn: JSON.parse(FUNCTION), Nested: { Type: 'AWS::CloudFormation::Stack', Properties: { TemplateURL: 'x' } }, Mod: { Type: 'My::Org::Thing::MODULE' } },
    };
    const files = { 't.json': JSON.stringify(template) };
    const text = await checkFiles(files, 't.json');
    expect(text.code).toBe(0);
    expect(text.out).toContain(
      'checked t.json: 1 function, 0 event source mappings, 0 queues, 0 scalable targets of 3 resources; not checked: AWS::CloudFormation::Stack (nested stack: its template is not read (check it as a template of its own)); My::Org::Thing::MODULE (CloudFormation module: the resources it adds are not read); Transform Org::Macro (transform not applied: the resources it generates or changes are not seen)',
    );
    const json = JSON.parse((await checkFiles(files, 't.json', '--format', 'json')).out);
    expect(json.summary.coverage).toEqual([
      expect.objectContaining({ stack: 't', templateFile: 't.json', sam: false, resources: 3, functions: 1, mappings: 0, queues: 0, scalableTargets: 0, unchecked: expect.arrayContaining([{ what: 'AWS::CloudFormation::Stack', count: 1, reason: expect.any(String) }]) }),
    ]);
    const sarif = JSON.parse((await checkFiles(files, 't.json', '--format', 'sarif')).out);
    expect(sarif.runs[0].properties.coverage).toEqual(json.summary.coverage);
  });

  test('a template with nothing the rules apply to says so', async () => {
    const r = await checkFiles({ 't.yaml': 'Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n' }, 't.yaml');
    expect(r.code).toBe(0);
    expect(r.out).toContain('checked t.yaml: 0 functions, 0 event source mappings, 0 queues, 0 scalable targets of 1 resource: nothing the rules apply to');
  });
});

describe('YAML as CloudFormation reads it', () => {
  test('dates stay strings, and a flow collection indented less than its key is read (as PyYAML-style readers do)', () => {
    const text = 'AWSTemplateFormatVersion: 2010-09-09\nResources:\n  P:\n    Type: AWS::IAM::Policy\n    Properties:\n      PolicyDocument: {"Version": "2012-10-17",\n    "Statement": []}\n      Other: !GetAtt A.Arn\n';
    expect(parseTemplate(text, 't.yaml')).toEqual({
      AWSTemplateFormatVersion: '2010-09-09',
      Resources: { P: { Type: 'AWS::IAM::Policy', Properties: { PolicyDocument: { Version: '2012-10-17', Statement: [] }, Other: { 'Fn::GetAtt': ['A', 'Arn'] } } } },
    });
  });

  test('a lone `-` before `,`, `]` or `}` in a flow collection is the string "-", as PyYAML reads it (`!Split [-, ...]`); elsewhere `-` is unchanged', () => {
    // aws-samples/serverless-webapp-mono-repo-ci-cd-java writes `!Select [0, !Split [-, !Select [2, !Split [/, !Ref AWS::StackId]]]]`;
    // `sam deploy` reads it with PyYAML. It was exit 2 ("missed comma between flow collection entries").
    const text = "Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !Join [-, [b, !Select [0, !Split [-, !Ref AWS::StackId]]]]\n      Tags: [{Key: k, Value: -}, {Key: '[-, x]', Value: a -, b}]\n      Other: [x,-]\n      Note: a [-, b] c\n";
    expect(parseTemplate(text, 't.yaml')).toEqual({
      Resources: {
        B: {
          Type: 'AWS::S3::Bucket',
          Properties: {
            BucketName: { 'Fn::Join': ['-', ['b', { 'Fn::Select': [0, { 'Fn::Split': ['-', { Ref: 'AWS::StackId' }] }] }]] },
            Tags: [{ Key: 'k', Value: '-' }, { Key: '[-, x]', Value: 'a -', b: null }],
            Other: ['x', '-'],
            Note: 'a [-, b] c',
          },
        },
      },
    });
    // What PyYAML refuses stays refused, named by file and line: a `- ` entry inside a flow sequence.
    expect(() => parseTemplate('Resources:\n  A: [x, - y]\n', 'bad.yaml')).toThrow(/^bad\.yaml:2: invalid YAML: /);
  });

  test('aliases that expand exponentially are refused, ordinary anchors are fine', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 7 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10).fill(`*${String.fromCharCode(97 + i)}`).join(', ')}]`)];
    expect(() => parseTemplate(`${levels.join('\n')}\nResources: {}\n`, 'laughs.yaml')).toThrow(/laughs\.yaml: the document's YAML aliases expand to more than 2000000 values/);
    expect(parseTemplate('Tags: &tags [{ Key: a, Value: b }]\nOther: *tags\n', 'ok.yaml')).toEqual({ Tags: [{ Key: 'a', Value: 'b' }], Other: [{ Key: 'a', Value: 'b' }] });
  });
});
