/**
 * ValueOutOfRange: literal values the service rejects (CloudFormation fails the deploy), from the table in limits.ts.
 */
import { COMPLIANT, defineRule, NOT_APPLICABLE, violation, type Outcome } from '../rule';
import { field, literalString, Unresolvable, type Resolved, type Resource } from '../values';
import { label } from './common';
import { RANGES, type Range } from './limits';

/** The ranges by resource type. */
const RANGES_BY_TYPE = new Map<string, Range[]>();
for (const range of RANGES) RANGES_BY_TYPE.set(range.type, [...(RANGES_BY_TYPE.get(range.type) ?? []), range]);

/** The value at a property path; a JSON string on the way (a `RedrivePolicy` given as text) is parsed. */
function valueAt(r: Resource, path: readonly string[]): Resolved {
  let value = r.property(path[0]);
  for (const key of path.slice(1)) {
    if (typeof value === 'string' && value.trim().startsWith('{')) {
      try {
        value = JSON.parse(value) as Resolved;
      } catch {
        return undefined;
      }
    }
    value = field(value, key);
  }
  return value;
}

/** The range in words: `2–1000`, `≥ 0`, or the table's own words. */
function rangeWords(range: Range): string {
  return range.words ?? (range.max === undefined ? `an integer ≥ ${range.min}` : `an integer in ${range.min}–${range.max}`);
}

function checkRange(r: Resource, range: Range): Outcome {
  const value = valueAt(r, range.path);
  // Deploy-time values are the other rules' infos; a range check of an unknown adds nothing.
  if (value === undefined || value === null || value instanceof Unresolvable) return NOT_APPLICABLE;
  const text = literalString(value);
  const number = typeof value === 'number' ? value : text !== undefined && text.trim() !== '' ? Number(text) : NaN;
  const inRange = Number.isInteger(number) && number >= range.min && (range.max === undefined || number <= range.max) && (range.allowed?.(number) ?? true);
  if (inRange) return COMPLIANT;
  if (text === undefined && typeof value !== 'number') return NOT_APPLICABLE;
  return violation(r, value, { resource: label(r), property: range.path.join('.'), value: text ?? String(value), range: rangeWords(range) });
}

const valueOutOfRange = defineRule({
  id: 'ValueOutOfRange',
  severity: 'error',
  subject: 'stack',
  check(stack) {
    const outcomes: Outcome[] = [];
    for (const r of stack.resources.values()) for (const range of RANGES_BY_TYPE.get(r.type) ?? []) outcomes.push(checkRange(r, range));
    return outcomes.length === 0 ? [NOT_APPLICABLE] : outcomes;
  },
});

/** The range rules, in catalog order. */
export const RANGE_RULES = [valueOutOfRange] as const;
