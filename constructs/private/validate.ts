/**
 * Eager, path-qualified props validation that tolerates tokens.
 *
 * Every construct collects its problems with a {@link PropsCheck} and throws them together as one
 * {@link ScalingValidationError}, each message shaped `<Construct> '<path>': <field> must be ..., got <value>`;
 * a broken invariant of lib/model reads `<Construct> '<path>': <RuleId>: <catalog message>. Fix: <fix>`,
 * the words the rule engine uses. A token (a value known only at deploy time) is never checked: the
 * construct gets a warning annotation instead.
 */
import { Annotations, Duration, Token } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { findingText } from '../../lib/findings';
import { violationOf, type Invariant, type MessageParams } from '../../lib/model';
import { ScalingValidationError, type ConstructFinding } from '../errors';

/** True when `value` is a concrete number (not undefined, not a token). */
export function isKnown(value: number | undefined): value is number {
  return value !== undefined && !Token.isUnresolved(value);
}

/** Seconds of a Duration, or undefined when it is a token. */
export function secondsOf(duration: Duration): number | undefined {
  if (duration.isUnresolved()) return undefined;
  return duration.toSeconds();
}

/** How a value from an untyped caller reads in a message: strings quoted, tokens named as such. */
function shown(value: unknown): string {
  if (typeof value === 'string') return Token.isUnresolved(value) ? 'a token (known only at deploy time)' : JSON.stringify(value);
  if (typeof value === 'number' && Token.isUnresolved(value)) return 'a token (known only at deploy time)';
  if (value === null) return 'null';
  if (typeof value === 'object') return `${(value as object).constructor?.name ?? 'an object'} object`;
  return String(value);
}
/** Collects validation problems of one construct's props and throws them at once. */
export class PropsCheck {
  private readonly problems: string[] = [];
  private readonly findings: ConstructFinding[] = [];

  constructor(private readonly scope: IConstruct, private readonly kind: string) {}

  /** `<Kind> '<construct path>'`, the prefix of every message. */
  get who(): string {
    return `${this.kind} '${this.scope.node.path}'`;
  }

  /**
   * Records the violation of `invariant` by `values`, in the catalog's words with `names` for its
   * subjects (construct paths); nothing when it holds.
   */
  invariant<V>(invariant: Invariant<V>, values: V, names: MessageParams | (() => MessageParams)): void {
    const finding = this.findingOf(invariant, values, names);
    if (!finding) return;
    this.findings.push(finding);
    this.problems.push(this.describe(finding));
  }

  /** The message {@link invariant} would record, for checks that run at synthesis (`node.addValidation`). */
  invariantMessages<V>(invariant: Invariant<V>, values: V, names: MessageParams | (() => MessageParams)): string[] {
    const finding = this.findingOf(invariant, values, names);
    return finding ? [this.describe(finding)] : [];
  }

  private findingOf<V>(invariant: Invariant<V>, values: V, names: MessageParams | (() => MessageParams)): ConstructFinding | undefined {
    const broken = violationOf(invariant, values, names);
    return broken && { ruleId: broken.id, ...findingText(broken.id, broken.params, broken.variant) };
  }

  private describe(finding: ConstructFinding): string {
    return `${this.who}: ${finding.ruleId}: ${finding.message}. Fix: ${finding.fix}`;
  }

  /** True once a problem is recorded. */
  get failed(): boolean {
    return this.problems.length > 0;
  }

  /** Records a problem unconditionally. */
  fail(message: string): void {
    this.problems.push(`${this.who}: ${message}`);
  }

  /** Records `message` when `ok` is false. */
  require(ok: boolean, message: string): void {
    if (!ok) this.fail(message);
  }

  /**
   * Checks `min ≤ value ≤ max` (and integrality when asked). A token is skipped with a warning;
   * undefined is fine (the prop is optional).
   */
  range(field: string, value: number | undefined, min: number, max: number, opts: { integer?: boolean; unit?: string } = {}): void {
    if (value === undefined) return;
    if (Token.isUnresolved(value)) {
      this.unresolved(field, `between ${min} and ${max}`);
      return;
    }
    const unit = opts.unit ? ` ${opts.unit}` : '';
    if (!Number.isFinite(value) || value < min || value > max) {
      this.fail(`${field} must be between ${min} and ${max}${unit}, got ${value}`);
    } else if (opts.integer && !Number.isInteger(value)) {
      this.fail(`${field} must be a whole number, got ${value}`);
    }
  }

  /** Checks `value ≥ min` (a whole number when asked); tokens skipped with a warning. */
  atLeast(field: string, value: number | undefined, min: number, opts: { integer?: boolean; unit?: string } = {}): void {
    if (value === undefined) return;
    if (Token.isUnresolved(value)) {
      this.unresolved(field, `at least ${min}`);
      return;
    }
    const unit = opts.unit ? ` ${opts.unit}` : '';
    if (!Number.isFinite(value) || value < min) {
      this.fail(`${field} must be at least ${min}${unit}, got ${value}`);
    } else if (opts.integer && !Number.isInteger(value)) {
      this.fail(`${field} must be a whole number, got ${value}`);
    }
  }

  /**
   * Checks a string-union or enum-like prop (booleans included) given by an untyped caller: `undefined` is
   * fine (the documented default applies); anything else not in `accepted` is a problem listing the accepted
   * values. A token is a problem too: the construct chooses what to build from this value at synthesis.
   * True when the value may be used.
   */
  oneOf<T extends string | boolean>(field: string, value: unknown, accepted: readonly T[]): value is T | undefined {
    if (value === undefined || (accepted as readonly unknown[]).includes(value)) return true;
    const list = accepted.map((a) => (typeof a === 'string' ? `'${a}'` : String(a))).join(', ');
    this.fail(`${field} must be one of ${list}, got ${shown(value)}`);
    return false;
  }

  /**
   * Checks a Duration prop from any caller: undefined (not given), a token, or a `Duration` of finite
   * seconds. A number, NaN or Infinity (which aws-cdk-lib would reject later without naming the
   * construct or the prop) is a problem. True when the value may be used.
   */
  duration(field: string, value: unknown): boolean {
    if (value === undefined) return true;
    if (!(value instanceof Duration)) {
      this.fail(`${field} must be a Duration (e.g. Duration.seconds(30)), got ${shown(value)}`);
      return false;
    }
    if (value.isUnresolved()) return true;
    const seconds = value.toSeconds({ integral: false });
    if (Number.isFinite(seconds)) return true;
    this.fail(`${field} must be a Duration of a finite number of seconds, got ${seconds}`);
    return false;
  }

  /** Adds the warning that a token could not be checked. */
  unresolved(field: string, expectation: string): void {
    this.warn(`${field}.unresolved`, `${field} is a token, so the check that it is ${expectation} was skipped; make sure the deployed value is`);
  }

  /** Adds a warning annotation (id `cdk-lambda-scaling:<Kind>.<key>`) to the construct. */
  warn(key: string, message: string): void {
    Annotations.of(this.scope).addWarningV2(`cdk-lambda-scaling:${this.kind}.${key}`, `${this.who}: ${message}`);
  }

  /** Throws one ScalingValidationError with every problem recorded so far. */
  throwIfAny(): void {
    if (this.problems.length > 0) throw new ScalingValidationError(this.scope, this.problems, this.findings);
  }
}
