/**
 * Errors that carry an exit code, so every front end (CLI, constructs, tests) reports them alike.
 */

/**
 * Bad input or usage: the message names the file, the field path and the value.
 * The CLI prints the message (never a stack trace) and exits 2.
 */
export class InputError extends Error {
  public readonly exitCode = 2;
  /** One message per problem; `message` joins them with newlines. */
  public readonly problems: readonly string[];

  constructor(problems: string | readonly string[]) {
    const list = typeof problems === 'string' ? [problems] : problems;
    super(list.join('\n'));
    this.name = 'InputError';
    this.problems = list;
  }
}

/** True when `err` is an {@link InputError} (also across duplicated module copies). */
export function isInputError(err: unknown): err is InputError {
  return err instanceof InputError || (err instanceof Error && err.name === 'InputError');
}
