/**
 * Eager, path-qualified props validation that tolerates tokens.
 *
 * Every construct collects its problems with a {@link PropsCheck} and throws them together, each
 * message shaped `<Construct> '<id>': <field> must be ..., got <value>`. A token (a value known only
 * at deploy time) is never checked: the construct gets a warning annotation instead.
 */
import { Annotations, Duration, Token } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { InputError } from '../../lib/errors';

/** True when `value` is a concrete number (not undefined, not a token). */
export function isKnown(value: number | undefined): value is number {
  return value !== undefined && !Token.isUnresolved(value);
}

/** Seconds of a Duration, or undefined when it is a token. */
export function secondsOf(duration: Duration): number | undefined {
  if (duration.isUnresolved()) return undefined;
  return duration.toSeconds();
}

/** Collects validation problems of one construct's props and throws them at once. */
export class PropsCheck {
  private readonly problems: string[] = [];

  constructor(private readonly scope: IConstruct, private readonly kind: string) {}

  /** `<Kind> '<id>'`, the prefix of every message. */
  get who(): string {
    return `${this.kind} '${this.scope.node.id}'`;
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

  /** Adds the warning that a token could not be checked. */
  unresolved(field: string, expectation: string): void {
    this.warn(`${field}.unresolved`, `${field} is a token, so the check that it is ${expectation} was skipped; make sure the deployed value is`);
  }

  /** Adds a warning annotation (id `cdk-lambda-scaling:<Kind>.<key>`) to the construct. */
  warn(key: string, message: string): void {
    Annotations.of(this.scope).addWarningV2(`cdk-lambda-scaling:${this.kind}.${key}`, `${this.who}: ${message}`);
  }

  /** Throws one InputError with every problem recorded so far. */
  throwIfAny(): void {
    if (this.problems.length > 0) throw new InputError(this.problems);
  }
}
