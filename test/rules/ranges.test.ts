/**
 * ValueOutOfRange at the edge of every range of its table: the bounds pass, one past them fails, a fraction
 * fails, a deploy-time value is left to the other rules; a range on a list's length counts its items.
 */
import { checkTemplates, type RuleFinding } from '../../lib/rules';
import { RANGES, type Range } from '../../lib/rules/catalog/limits';

/** A one-resource template setting the range's property to `value` (nested along its path). */
function findings(range: Range, value: unknown): RuleFinding[] {
  const properties = range.path.reduceRight<unknown>((inner, key) => ({ [key]: inner }), value) as Record<string, unknown>;
  const template = { Resources: { Subject: { Type: range.type, Properties: properties } } };
  return checkTemplates([{ stackName: 'S', template }]).filter((f) => f.ruleId === 'ValueOutOfRange');
}

const name = (r: Range) => `${r.type} ${r.path.join('.')}`;

describe.each(RANGES.filter((r) => !r.count).map((r) => [name(r), r] as const))('%s', (_, range) => {
  test('its bounds are accepted', () => {
    const edges = [range.min, range.max ?? range.min + 1000].filter((v) => range.allowed?.(v) ?? true);
    for (const v of edges) expect([v, findings(range, v)]).toEqual([v, []]);
  });

  test('one past a bound is an error naming the property and the value', () => {
    const outside = [range.min - 1, ...(range.max === undefined ? [] : [range.max + 1])];
    for (const v of outside) {
      const [f] = findings(range, v);
      expect(f).toMatchObject({ severity: 'error', logicalId: 'Subject', value: v });
      expect(f.message).toContain(`sets ${range.path.join('.')} to ${v};`);
    }
  });

  test('a fraction and a numeric string out of range are errors, a numeric string in range is not', () => {
    expect(findings(range, range.min + 0.5)).toHaveLength(1);
    expect(findings(range, String(range.min - 1))).toHaveLength(1);
    expect(findings(range, String(range.max ?? range.min))).toEqual([]);
  });

  test('a parameter is left to the rules that read it', () => {
    expect(findings(range, { Ref: 'AWS::AccountId' })).toEqual([]);
  });
});

describe.each(RANGES.filter((r) => r.count).map((r) => [name(r), r] as const))('%s (a number of items)', (_, range) => {
  const max = range.max ?? 0;
  /** `n` scheduled actions, each at its own hour of the year (their content is not what this range checks). */
  const items = (n: number) => Array.from({ length: n }, (_, i) => ({ ScheduledActionName: `a${i}`, Schedule: `cron(0 ${i % 24} ${1 + (i % 28)} ${1 + (Math.floor(i / 28) % 12)} ? *)`, ScalableTargetAction: { MinCapacity: 1 } }));

  test('the limit itself is accepted; one more item is an error naming the count', () => {
    expect(findings(range, items(max))).toEqual([]);
    const [f] = findings(range, items(max + 1));
    expect(f).toMatchObject({ severity: 'error', logicalId: 'Subject', value: max + 1 });
    expect(f.message).toContain(`sets ${range.path.join('.')} to ${max + 1} items; it must be at most ${max}`);
  });

  test('items that may not deploy (an Fn::If, AWS::NoValue) are not counted; a list that is a deploy-time value is left alone', () => {
    expect(findings(range, [...items(max), { Ref: 'AWS::NoValue' }, { 'Fn::If': ['C', {}, {}] }])).toEqual([]);
    expect(findings(range, [...items(max + 1), { 'Fn::If': ['C', {}, {}] }])).toMatchObject([{ value: max + 1 }]);
    expect(findings(range, { Ref: 'AWS::AccountId' })).toEqual([]);
  });
});
