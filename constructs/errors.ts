/**
 * The error a construct of this library throws for props it cannot apply, tied to the construct like
 * aws-cdk-lib's own `ValidationError`.
 */
import type { IConstruct } from 'constructs';

/** A problem that is a broken invariant of the catalog: its id and the text the rule engine would print. */
export interface ConstructFinding {
  readonly ruleId: string;
  readonly message: string;
  readonly fix: string;
}

// aws-cdk-lib marks its construct errors with these registered symbols; `Errors.isValidationError`
// (aws-cdk-lib) tests for them, so tools that present CDK validation errors present ours alike.
const CONSTRUCT_ERROR = Symbol.for('@aws-cdk/core.SynthesisError');
const VALIDATION_ERROR = Symbol.for('@aws-cdk/core.ValidationError');

/**
 * Props of a construct that cannot be applied: every problem found, each message starting
 * `<Construct> '<construct path>': `. `Errors.isValidationError(err)` of aws-cdk-lib is true.
 */
export class ScalingValidationError extends Error {
  /** The kind of error, as aws-cdk-lib's construct errors say it. */
  public readonly type = 'validation';
  /** Always `error`. */
  public readonly level = 'error';
  /** When it was thrown (ISO 8601). */
  public readonly time = new Date().toISOString();
  /** Path of the construct whose props are wrong. */
  public readonly constructPath: string;
  /** One message per problem; `message` joins them with newlines. */
  public readonly problems: readonly string[];
  /** The problems that are broken invariants of the rule catalog, with the catalog's id and text. */
  public readonly findings: readonly ConstructFinding[];

  constructor(scope: IConstruct, problems: readonly string[], findings: readonly ConstructFinding[] = []) {
    super(problems.join('\n'));
    this.name = 'ScalingValidationError';
    this.constructPath = scope.node.path;
    this.problems = problems;
    this.findings = findings;
    Object.defineProperty(this, CONSTRUCT_ERROR, { value: true });
    Object.defineProperty(this, VALIDATION_ERROR, { value: true });
  }
}
