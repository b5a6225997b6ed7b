/**
 * ValueOutOfRange at the edge of every range of its table: the bounds pass, one past them fails, a fraction
 * fails, a deploy-time value is left to the other rules.
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

describe.each(RANGES.map((r) => [name(r), r] as const))('%s', (_, range) => {
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
