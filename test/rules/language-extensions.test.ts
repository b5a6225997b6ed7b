/**
 * `AWS::LanguageExtensions`: Fn::ForEach loops are unrolled before the rules run, so what a loop stamps out is
 * checked; loops that cannot be unrolled are named in the coverage, never silently passed.
 */
import fc from 'fast-check';
import { runChecks } from '../../lib/rules';
import { applyLanguageExtensions } from '../../lib/rules/language-extensions';
import { parseTemplate } from '../../lib/rules/template-text';

const check = (yaml: string) => runChecks([{ stackName: 'S', template: parseTemplate(yaml, 'template.yaml') }]);
const ids = (yaml: string, rule: string) =>
  check(yaml)
    .findings.filter((f) => f.ruleId === rule)
    .map((f) => f.logicalId);

/** A loop of functions with reserved concurrency 4, each fed by an SQS mapping (SqsReservedBelowFive each). */
const LOOP = `
Transform: AWS::LanguageExtensions
Parameters:
  Names: { Type: CommaDelimitedList, Default: "orders, pay-ments" }
Resources:
  Fn::ForEach::Workers:
    - Name
    - !Ref Names
    - "Fn&{Name}":
        Type: AWS::Lambda::Function
        Properties: { ReservedConcurrentExecutions: 4, FunctionName: !Sub "worker-\${Name}" }
      "Map&{Name}":
        Type: AWS::Lambda::EventSourceMapping
        Properties: { FunctionName: !Ref "Fn&{Name}", EventSourceArn: !Sub "arn:aws:sqs:us-east-1:111111111111:\${Name}", BatchSize: 1 }
`;

describe('Fn::ForEach', () => {
  test('a loop over a list parameter stamps out resources that are checked, named as the transform names them', () => {
    expect(ids(LOOP, 'SqsReservedBelowFive')).toEqual(['Fnorders', 'Fnpayments']);
    const [coverage] = check(LOOP).coverage;
    expect(coverage).toMatchObject({ functions: 2, mappings: 2, unchecked: [] });
  });

  test('${} keeps the item, &{} keeps its letters and digits, a Ref to the identifier is the item', () => {
    const { template } = applyLanguageExtensions(parseTemplate(LOOP, 't.yaml'));
    const resources = (template as { Resources: Record<string, { Properties: Record<string, unknown> }> }).Resources;
    expect(Object.keys(resources)).toEqual(['Fnorders', 'Maporders', 'Fnpayments', 'Mappayments']);
    expect(resources.Fnpayments.Properties.FunctionName).toEqual({ 'Fn::Sub': 'worker-pay-ments' });
    expect(resources.Mappayments.Properties.FunctionName).toEqual({ Ref: 'Fnpayments' });
    expect((template as { Transform?: unknown }).Transform).toBeUndefined();
  });

  test('loops nest, inside resource properties too', () => {
    const yaml = `
Transform: [AWS::LanguageExtensions]
Resources:
  Fn::ForEach::Envs:
    - Env
    - [a, b]
    - Fn::ForEach::Sizes:
        - Size
        - ["1", "2"]
        - "Fn\${Env}\${Size}":
            Type: AWS::Lambda::Function
            Properties:
              ReservedConcurrentExecutions: !Ref Size
              Tags:
                Fn::ForEach::Tags: [Key, [x], { "\${Key}": { Ref: Key } }]
`;
    const resources = (applyLanguageExtensions(parseTemplate(yaml, 't.yaml')).template as { Resources: Record<string, { Properties: Record<string, unknown> }> }).Resources;
    expect(Object.keys(resources)).toEqual(['Fna1', 'Fna2', 'Fnb1', 'Fnb2']);
    expect(resources.Fnb2.Properties).toEqual({ ReservedConcurrentExecutions: '2', Tags: { x: 'x' } });
  });

  test('with SAM: the loop is unrolled first, then each SAM function expands with its events', () => {
    const yaml = `
Transform: [AWS::LanguageExtensions, AWS::Serverless-2016-10-31]
Resources:
  Fn::ForEach::Workers:
    - Name
    - [A, B]
    - Worker\${Name}:
        Type: AWS::Serverless::Function
        Properties:
          Runtime: nodejs22.x
          Handler: index.handler
          InlineCode: x
          ReservedConcurrentExecutions: 2
          Events:
            Queue: { Type: SQS, Properties: { Queue: "arn:aws:sqs:us-east-1:111111111111:q", BatchSize: 1 } }
`;
    expect(ids(yaml, 'SqsReservedBelowFive')).toEqual(['WorkerA', 'WorkerB']);
    expect(check(yaml).coverage[0]).toMatchObject({ sam: true, functions: 2, mappings: 2, unchecked: [] });
  });

  test.each([
    ['a collection only known at deploy time', 'Parameters: { Names: { Type: CommaDelimitedList } }\n', '!Ref Names', 'collection parameter Names has no default list'],
    ['a malformed loop', '', '', 'not [identifier, collection, { key: fragment }]'],
  ])('%s is named in the coverage, not silently passed', (_name, parameters, collection, note) => {
    const loop = collection === '' ? '  Fn::ForEach::Broken: [OnlyAnIdentifier]\n' : `  Fn::ForEach::Workers:\n    - Name\n    - ${collection}\n    - Fn\${Name}: { Type: AWS::Lambda::Function }\n`;
    const [coverage] = check(`Transform: AWS::LanguageExtensions\n${parameters}Resources:\n${loop}  Other: { Type: AWS::SQS::Queue }\n`).coverage;
    expect(coverage.unchecked).toEqual([expect.objectContaining({ what: expect.stringContaining(note), reason: expect.stringContaining('AWS::LanguageExtensions') })]);
    expect(coverage.queues).toBe(1);
  });

  test('loops are unrolled as far as the expansion budget allows, counted in values produced, not entries', () => {
    const loops = (n: number) => {
      const items = Array.from({ length: n }, (_, i) => `i${i}`);
      return { Transform: 'AWS::LanguageExtensions', Resources: { 'Fn::ForEach::A': ['X', items, { 'Fn::ForEach::B': ['Y', items, { 'Q${X}${Y}': { Type: 'AWS::SQS::Queue' } }] }] } };
    };
    // 40,000 small entries are within the budget: all unrolled, none silently dropped.
    expect(Object.keys((applyLanguageExtensions(loops(200)).template as { Resources: object }).Resources)).toHaveLength(40_000);
    // A million entries are not: bad input naming the template and the limit.
    expect(() => applyLanguageExtensions(loops(1000), 'big.yaml')).toThrow(/^big\.yaml: its Fn::ForEach loops \(AWS::LanguageExtensions\) unroll to more than 1,000,000 values or 16 MiB of text/);
  });

  test('a few large entries exceed the budget in characters', () => {
    // 40 entries of 900,000 characters each: 36 million characters from a 1.2 MB template.
    const items = Array.from({ length: 40 }, (_, i) => `i${i + 10}`);
    const template = { Transform: 'AWS::LanguageExtensions', Resources: { 'Fn::ForEach::A': ['X', items, { 'Q${X}': { Type: 'AWS::SQS::Queue', Properties: { QueueName: '${X}'.repeat(300_000) } } }] } };
    expect(() => applyLanguageExtensions(template)).toThrow(/unroll to more than .* 16 MiB of text/);
  });

  test('property: any loop shape, however wrong, never throws and leaves its input unchanged', () => {
    const loopArg = fc.oneof(fc.jsonValue(), fc.tuple(fc.string(), fc.oneof(fc.array(fc.string(), { maxLength: 4 }), fc.jsonValue()), fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 3 })));
    fc.assert(
      fc.property(fc.dictionary(fc.string().map((k) => `Fn::ForEach::${k}`), loopArg, { maxKeys: 3 }), fc.jsonValue(), (resources, parameters) => {
        const template = { Transform: 'AWS::LanguageExtensions', Parameters: parameters, Resources: resources };
        const before = JSON.stringify(template);
        expect(() => runChecks([{ stackName: 'S', template: applyLanguageExtensions(template).template }])).not.toThrow();
        expect(JSON.stringify(template)).toBe(before); // the input is not changed
      }),
      { numRuns: 200, seed: 7 },
    );
  });

  test('an item named __proto__ makes an ordinary key, not a lost entry', () => {
    const template = JSON.parse('{"Transform":"AWS::LanguageExtensions","Resources":{"Fn::ForEach::A":["X",["__proto__","b"],{"${X}":{"Type":"AWS::SQS::Queue"}}]}}') as unknown;
    const resources = (applyLanguageExtensions(template).template as { Resources: object }).Resources;
    expect(Object.keys(resources)).toEqual(['__proto__', 'b']);
  });

  test('a template without the transform is returned as it is (the same object)', () => {
    const template = parseTemplate('Resources:\n  Fn::ForEach::A: [X, [a], { Q: { Type: AWS::SQS::Queue } }]\n', 't.yaml');
    expect(applyLanguageExtensions(template)).toEqual({ template, unfollowed: [] });
    expect(applyLanguageExtensions(template).template).toBe(template);
  });
});
