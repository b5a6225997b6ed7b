/**
 * The shortcuts of resolution give what resolving everything would: a property resolved alone equals the same
 * property of the whole `Properties` resolved, `Fn::Select` of an `Fn::Split` builds only its piece but selects
 * the same one, and a resource whose property refers to itself does not overflow the stack.
 */
import fc from 'fast-check';
import { buildGraph, checkTemplates, Composite, isRecord, ResourceRef, simplify, splitParts, splitPiece, Unresolvable, type Part, type Resolved, type StackNode } from '../../lib/rules';
import { defaultsReferenced, referencedNames, refersTo } from '../../lib/rules/references';
import { resolveValue } from '../../lib/rules/resolve';
import { runs } from '../support/runs';
import { SEEDS, templates } from './mutations';

/** A resolved value as plain data, markers tagged, so two resolutions compare with toEqual. */
function shape(v: Resolved): unknown {
  if (v instanceof ResourceRef) return { ref: `${v.resource.stack.name}/${v.resource.logicalId}`, attribute: v.attribute ?? null };
  if (v instanceof Unresolvable) return { unresolvable: v.reason };
  if (v instanceof Composite) return { composite: v.parts.map(shape) };
  if (Array.isArray(v)) return v.map(shape);
  if (typeof v === 'object' && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shape(x)]));
  return v;
}

/** For every resource: each of its properties (and a few names it does not have) resolved alone, vs all resolved at once. */
function expectPropertiesAlikeAlone(template: unknown): void {
  const graph = buildGraph([{ stackName: 'S', template, account: '1', region: 'r' }]);
  for (const stack of graph.stacks) {
    for (const r of stack.resources.values()) {
      const whole = resolveValue(stack, r.rawProperties);
      const all = isRecord(whole) ? whole : {};
      const raw = typeof r.rawProperties === 'object' && r.rawProperties !== null ? Object.keys(r.rawProperties) : [];
      for (const key of [...raw, 'Ref', 'Fn::If', 'NotAProperty']) expect(shape(r.property(key))).toEqual(shape(all[key]));
      expect(shape(r.properties())).toEqual(shape(all));
    }
  }
}

describe('a property resolved alone', () => {
  test('equals the property of the whole Properties resolved, on every fixture', () => {
    for (const seed of SEEDS) expectPropertiesAlikeAlone(seed);
  });

  test(`equals it on ${runs(200, 50)} mutated fixtures (garbage, broken intrinsics, Properties that are one Fn::If)`, () => {
    fc.assert(fc.property(templates, expectPropertiesAlikeAlone), { numRuns: runs(200, 50), seed: 20261123 });
    expectPropertiesAlikeAlone({ Resources: { Q: { Type: 'AWS::SQS::Queue', Properties: { 'Fn::If': ['C', { VisibilityTimeout: 60 }, { Ref: 'AWS::NoValue' }] } } } });
    expectPropertiesAlikeAlone({ Resources: { Q: { Type: 'AWS::SQS::Queue', Properties: [{ VisibilityTimeout: 60 }] } } });
  });

  test('keeps the depth of the whole: a property nested 64 deep is too deep either way', () => {
    const nested = (n: number): unknown => (n === 0 ? { Ref: 'Q' } : [nested(n - 1)]);
    for (const n of [62, 63, 64]) expectPropertiesAlikeAlone({ Resources: { Q: { Type: 'AWS::SQS::Queue', Properties: { Tags: nested(n) } } } });
  });
});

/** Parts of strings built of literals with delimiters, references and deploy-time values. */
const parts = fc.array(fc.oneof(fc.constantFrom('arn:', ':', '::', 'a:b', 'function:', ':live', 'aa', 'x/y/z', ''), fc.string({ maxLength: 6 }), fc.constant(new Unresolvable('pseudo parameter AWS::Region'))), { maxLength: 8 });

describe('Fn::Select of an Fn::Split', () => {
  test('splitPiece is the piece of splitParts at the index, undefined past the end', () => {
    fc.assert(
      fc.property(parts, fc.constantFrom(':', '::', 'a', 'aa', '/', ''), fc.integer({ min: 0, max: 10 }), (ps, delimiter, index) => {
        const pieces = splitParts(ps as Part[], delimiter).map(simplify);
        expect(shape(splitPiece(ps as Part[], delimiter, index))).toEqual(index < pieces.length ? shape(pieces[index]) : undefined);
      }),
      { numRuns: runs(2000, 500), seed: 7 },
    );
  });

  test('selects what indexing the resolved split gives, for references, tokens, bad indexes and at the depth limit', () => {
    const template = {
      Parameters: { Name: { Type: 'String' } },
      Resources: {
        Fn: { Type: 'AWS::Lambda::Function', Properties: {} },
        Live: { Type: 'AWS::Lambda::Alias', Properties: { FunctionName: { Ref: 'Fn' }, Name: 'live' } },
        Queue: { Type: 'AWS::SQS::Queue', Properties: {} },
      },
    };
    const stack = buildGraph([{ stackName: 'S', template }]).stacks[0] as StackNode;
    const sources = [{ Ref: 'Live' }, { 'Fn::GetAtt': ['Fn', 'Arn'] }, { 'Fn::GetAtt': ['Queue', 'Arn'] }, { Ref: 'Name' }, { 'Fn::If': ['C', 'a:b', 'c'] }, 'function:orders:live', { 'Fn::Join': [':', ['a', { Ref: 'Fn' }, '']] }, 42, ['not', 'a', 'string']];
    const indexes = [-1, 0, 1, 2, 5, 6, 7, 9, 12, '6', 'x', { Ref: 'Name' }, 1.5];
    /** `value` inside `depth` one-element lists; resolved, then taken out again. */
    const atDepth = (value: unknown, depth: number): Resolved => {
      let raw = value;
      for (let i = 0; i < depth; i++) raw = [raw];
      let resolved = resolveValue(stack, raw);
      for (let i = 0; i < depth && Array.isArray(resolved); i++) resolved = (resolved as Resolved[])[0];
      return resolved;
    };
    for (const source of sources) {
      for (const delimiter of [':', '']) {
        const split = { 'Fn::Split': [delimiter, source] };
        for (const depth of [0, 61, 62, 63, 64]) {
          const list = atDepth(split, depth + 1); // Select resolves its list one level deeper than itself
          for (const index of indexes) {
            const i = typeof index === 'number' ? index : typeof index === 'string' ? Number(index) : NaN; // a parameter is not a literal
            const expected = list instanceof Unresolvable ? list : Array.isArray(list) && Number.isInteger(i) && i >= 0 && i < list.length ? list[i] : new Unresolvable('an Fn::Select out of range');
            expect(shape(atDepth({ 'Fn::Select': [index, split] }, depth))).toEqual(shape(expected));
          }
        }
      }
    }
  });
});

test('an alias named by a split of its own ARN is a circular reference, not a stack overflow', () => {
  const selfSplit = { 'Fn::Select': [6, { 'Fn::Split': [':', { Ref: 'Live' }] }] };
  const template = {
    Resources: {
      Fn: { Type: 'AWS::Lambda::Function', Properties: { ReservedConcurrentExecutions: 5 } },
      Live: { Type: 'AWS::Lambda::Alias', Properties: { FunctionName: selfSplit, Name: 'live', ProvisionedConcurrencyConfig: { ProvisionedConcurrentExecutions: 10 } } },
      Target: { Type: 'AWS::ApplicationAutoScaling::ScalableTarget', Properties: { ScalableDimension: 'lambda:function:ProvisionedConcurrency', ResourceId: { 'Fn::Join': ['', ['function:', selfSplit, ':live']] }, MinCapacity: 1, MaxCapacity: 2 } },
    },
  };
  const findings = checkTemplates([{ stackName: 'S', template }]);
  // The alias names no function it can be tied to, so its provisioned concurrency is not held against Fn.
  expect(findings.map((f) => f.ruleId)).not.toContain('ProvisionedExceedsReserved');
  const live = buildGraph([{ stackName: 'S', template }]).stacks[0].resources.get('Live');
  expect(shape(live?.property('FunctionName'))).toEqual({ unresolvable: 'a circular reference' });
});

describe('parameters', () => {
  const template = {
    Parameters: {
      Batch: { Type: 'Number', Default: 50 },
      Subnets: { Type: 'CommaDelimitedList', Default: 'a, b' },
      Ids: { Type: 'List<Number>', Default: '1,2' },
      Version: { Type: 'AWS::SSM::Parameter::Value<String>', Default: '/cdk-bootstrap/hnb659fds/version' },
      Free: { Type: 'String' },
    },
    Resources: { Fn: { Type: 'AWS::Lambda::Function', Properties: {} } },
  };
  const stack = buildGraph([{ stackName: 'S', template }]).stacks[0] as StackNode;

  test('resolve to their Default, lists split, SSM parameter types and parameters without a Default stay deploy-time', () => {
    expect(resolveValue(stack, { Ref: 'Batch' })).toBe(50);
    expect(resolveValue(stack, { Ref: 'Subnets' })).toEqual(['a', 'b']);
    expect(resolveValue(stack, { Ref: 'Ids' })).toEqual(['1', '2']);
    expect(shape(resolveValue(stack, { Ref: 'Version' }))).toEqual({ unresolvable: 'parameter Version' });
    expect(shape(resolveValue(stack, { Ref: 'Free' }))).toEqual({ unresolvable: 'parameter Free' });
    expect(resolveValue(stack, { 'Fn::Sub': 'size-${Batch}' })).toBe('size-50');
  });

  test('an Fn::Sub variable is one of its own variables, not a property every object inherits', () => {
    // ${toString} with no variable of that name refers to toString, as ${Unknown} refers to Unknown.
    const unknown = JSON.stringify(shape(resolveValue(stack, { 'Fn::Sub': ['x-${Unknown}', {}] })));
    expect(JSON.stringify(shape(resolveValue(stack, { 'Fn::Sub': ['x-${toString}', {}] })))).toBe(unknown.replaceAll('Unknown', 'toString'));
    expect(JSON.stringify(shape(resolveValue(stack, { 'Fn::Sub': ['x-${constructor}', { Other: 1 }] })))).toBe(unknown.replaceAll('Unknown', 'constructor'));
    expect(resolveValue(stack, { 'Fn::Sub': ['x-${toString}', { toString: 'given' }] })).toBe('x-given');
  });

  test('the defaults a raw value refers to are listed once, in order, through Ref and Fn::Sub', () => {
    const raw = { A: { Ref: 'Batch' }, B: [{ 'Fn::Sub': '${Subnets}-${Free}-${AWS::Region}-${!Batch}' }, { Ref: 'Batch' }], C: { 'Fn::GetAtt': ['Fn', 'Arn'] } };
    expect(defaultsReferenced(stack, [raw])).toEqual(['Batch = 50', 'Subnets = a,b']);
    expect(referencedNames(raw)).toEqual(['Batch', 'Subnets', 'Free', 'AWS::Region', 'Fn']);
  });

  test('refersTo finds exactly the names referencedNames lists, in seeds and mutated templates', () => {
    const agree = (template: unknown) => {
      const resources = (template as { Resources?: Record<string, { Properties?: unknown }> }).Resources ?? {};
      const ids = [...Object.keys(resources), 'Batch', 'AWS::Region', 'Nothing'];
      for (const r of Object.values(resources)) {
        const names = referencedNames(r.Properties);
        for (const id of ids) expect(refersTo(r.Properties, id)).toBe(names.includes(id));
      }
    };
    for (const seed of SEEDS) agree(seed);
    fc.assert(fc.property(templates, (t) => agree(t)), { numRuns: runs(200, 40), seed: 19 });
    expect(refersTo({ A: [{ 'Fn::Sub': ['${Fn.Arn}', {}] }] }, 'Fn')).toBe(true);
    expect(refersTo({ Ref: 'X', 'Fn::GetAtt': ['Y', 'Arn'] }, 'Y')).toBe(false);
  });
});

describe('parameters a parent stack passes', () => {
  const parent = { stackName: 'P', template: { Resources: { Queue: { Type: 'AWS::SQS::Queue' } } } };
  const nested = (values: Record<string, unknown>, from = 'P') => ({
    stackName: 'P/Inner',
    template: { Parameters: { QueueArn: { Type: 'String' }, Subnets: { Type: 'CommaDelimitedList', Default: 'x' }, Secret: { Type: 'AWS::SSM::Parameter::Value<String>' } }, Resources: {} },
    passedParameters: { from, values },
  });

  test('are resolved in the parent, read as their type reads them, and are known, not assumed defaults', () => {
    const [, inner] = buildGraph([parent, nested({ QueueArn: { 'Fn::GetAtt': ['Queue', 'Arn'] }, Subnets: 'a, b', Secret: '/name', Undeclared: 1 })]).stacks;
    const queueArn = inner.parameters.get('QueueArn');
    expect(queueArn instanceof ResourceRef && [queueArn.resource.stack.name, queueArn.resource.logicalId, queueArn.attribute]).toEqual(['P', 'Queue', 'Arn']);
    expect(inner.parameters.get('Subnets')).toEqual(['a', 'b']);
    // An SSM parameter type names a parameter, not a value; an undeclared name is not a parameter.
    expect(inner.parameters.get('Secret')).toBeUndefined();
    expect(inner.parameters.has('Undeclared')).toBe(false);
    expect([...(inner.passedParameters ?? [])]).toEqual(['QueueArn', 'Subnets']);
    expect(defaultsReferenced(inner, [{ A: { Ref: 'Subnets' } }])).toEqual([]);
  });

  test('without the parent among the inputs, the defaults stand', () => {
    const [inner] = buildGraph([nested({ Subnets: 'a, b' }, 'Elsewhere')]).stacks;
    expect(inner.parameters.get('Subnets')).toEqual(['x']);
    expect(inner.passedParameters).toBeUndefined();
    expect(defaultsReferenced(inner, [{ A: { Ref: 'Subnets' } }])).toEqual(['Subnets = x']);
  });
});

describe('Fn::FindInMap', () => {
  const graphOf = (template: object) => buildGraph([{ stackName: 'S', template }]).stacks[0];
  const template = {
    Parameters: { Env: { Type: 'String', Default: 'prod' }, Free: { Type: 'String' } },
    Mappings: { Config: { prod: { Timeout: 60, Batch: '10' }, dev: { Timeout: 5 } } },
    Resources: { Fn: { Type: 'AWS::Lambda::Function' } },
  };

  test.each([
    ['literal keys', ['Config', 'dev', 'Timeout'], 5],
    ['a key from a parameter with a default', ['Config', { Ref: 'Env' }, 'Batch'], '10'],
    ['a missing entry with a LanguageExtensions default', ['Config', 'qa', 'Timeout', { DefaultValue: 30 }], 30],
  ])('%s resolves to the mapping value', (_name, arg, expected) => {
    expect(resolveValue(graphOf(template), { 'Fn::FindInMap': arg })).toEqual(expected);
  });

  test.each([
    ['a key only known at deploy time', ['Config', { Ref: 'Free' }, 'Timeout'], 'Fn::FindInMap with parameter Free'],
    ['a missing entry', ['Config', 'qa', 'Timeout'], "Fn::FindInMap Config.qa.Timeout, not in the template's Mappings"],
    ['a malformed call', ['Config'], 'an invalid Fn::FindInMap'],
    ['an inherited name', ['Config', 'prod', 'toString'], "Fn::FindInMap Config.prod.toString, not in the template's Mappings"],
  ])('%s stays a deploy-time value naming why', (_name, arg, reason) => {
    expect(resolveValue(graphOf(template), { 'Fn::FindInMap': arg })).toEqual(new Unresolvable(reason));
  });

  test('a rule reads a value from the mappings and says which parameter default it assumed', () => {
    const findings = checkTemplates([
      {
        stackName: 'S',
        template: {
          ...template,
          Resources: {
            Fn: { Type: 'AWS::Lambda::Function', Properties: { Timeout: { 'Fn::FindInMap': ['Config', 'prod', 'Timeout'] } } },
            Queue: { Type: 'AWS::SQS::Queue', Properties: { VisibilityTimeout: { 'Fn::FindInMap': ['Config', { Ref: 'Env' }, 'Batch'] } } },
            Map: { Type: 'AWS::Lambda::EventSourceMapping', Properties: { FunctionName: { Ref: 'Fn' }, EventSourceArn: { 'Fn::GetAtt': ['Queue', 'Arn'] } } },
          },
        },
      },
    ]);
    const visibility = findings.find((f) => f.ruleId === 'SqsVisibilityTimeout');
    expect(visibility).toMatchObject({ severity: 'error', logicalId: 'Queue' });
    expect(visibility?.message).toMatch(/visibility timeout 10s, below the timeout 60s.*assuming parameter defaults: Env = prod/s);
  });
});
