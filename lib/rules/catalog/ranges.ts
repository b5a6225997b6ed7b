/**
 * ValueOutOfRange: literal values the service rejects (CloudFormation fails the deploy), from the table in limits.ts.
 */
import { COMPLIANT, defineRule, violation, type Outcome } from '../rule';
import { field, jsonDocument, literalString, shownText, Unresolvable, type Resolved, type Resource } from '../values';
import { label } from './common';
import { RANGES, type Range } from './limits';

/** The ranges by resource type. */
const RANGES_BY_TYPE = new Map<string, Range[]>();
for (const range of RANGES) RANGES_BY_TYPE.set(range.type, [...(RANGES_BY_TYPE.get(range.type) ?? []), range]);

/** The value at a property path; a JSON document given as text on the way (a `RedrivePolicy`) is parsed. */
function valueAt(r: Resource, path: readonly string[]): Resolved {
  let value = r.property(path[0]);
  for (let i = 1; i < path.length && value !== undefined; i++) {
    const key = path[i];
    value = field(jsonDocument(value, path.slice(0, i).join('.')), key);
  }
  return value;
}

/** The range in words: `2–1000`, `≥ 0`, or the table's own words. */
function rangeWords(range: Range): string {
  return range.words ?? (range.max === undefined ? `an integer ≥ ${range.min}` : `an integer in ${range.min}–${range.max}`);
}

/** The violation of one range by one resource, or undefined (in range, not set, or only known at deploy time). */
function outOfRange(r: Resource, range: Range): Outcome | undefined {
  if (range.count) return tooManyItems(r, range);
  const value = valueAt(r, range.path);
  // Deploy-time values are the other rules' infos; a range check of an unknown adds nothing.
  if (value === undefined || value === null || value instanceof Unresolvable) return undefined;
  const text = typeof value === 'number' ? undefined : literalString(value);
  const number = typeof value === 'number' ? value : text !== undefined && text.trim() !== '' ? Number(text) : NaN;
  const inRange = Number.isInteger(number) && number >= range.min && (range.max === undefined || number <= range.max) && (range.allowed?.(number) ?? true);
  if (inRange || (text === undefined && typeof value !== 'number')) return undefined;
  return violation(r, value, { resource: label(r), property: range.path.join('.'), value: text === undefined ? String(value) : shownText(text), range: rangeWords(range) });
}

/**
 * The violation of a range on the number of items of a list. Items only known at deploy time (an `Fn::If` that
 * may be `AWS::NoValue`) are not counted: the list is too long only when its certain items are too many.
 */
function tooManyItems(r: Resource, range: Range): Outcome | undefined {
  const list = valueAt(r, range.path);
  if (!Array.isArray(list)) return undefined;
  let certain = 0;
  for (const item of list) if (!(item instanceof Unresolvable)) certain++;
  if (certain >= range.min && certain <= (range.max ?? Infinity)) return undefined;
  return violation(r, certain, { resource: label(r), property: range.path.join('.'), value: `${certain} ${range.count}`, range: rangeWords(range) });
}

const valueOutOfRange = defineRule({
  id: 'ValueOutOfRange',
  severity: 'error',
  subject: 'stack',
  check(stack) {
    // Only violations are kept: a stack has thousands of values in range.
    const outcomes: Outcome[] = [];
    for (const r of stack.resources.values()) {
      const ranges = RANGES_BY_TYPE.get(r.type);
      if (!ranges) continue;
      for (const range of ranges) {
        const broken = outOfRange(r, range);
        if (broken) outcomes.push(broken);
      }
    }
    return outcomes.length === 0 ? COMPLIANT : outcomes;
  },
});

/** The range rules, in catalog order. */
export const RANGE_RULES = [valueOutOfRange] as const;
