/**
 * What `observe` and `audit` share on the command line: the session with its redacting streams,
 * option parsing, and turning an AWS failure into a clean exit-2 message.
 */
import { InputError } from '../lib/errors';
import { AwsSession } from '../lib/aws/session';
import { isAwsReadError } from '../lib/aws/errors';
import { redactor, secretsFromEnv } from './aws-output';
import type { Io } from './io';

/** The options every AWS command takes. */
export interface AwsCommandOptions {
  readonly region?: string;
  readonly profile?: string;
  readonly verbose?: boolean;
}

/** A command-line option (commander `Option` arguments). */
export interface OptionSpec {
  readonly flags: string;
  readonly description: string;
  readonly defaultValue?: string;
}

/** The options every AWS command takes; `regionDefault` says where the region comes from without `--region`. */
export function awsOptionSpecs(regionDefault: string): readonly OptionSpec[] {
  return [
    { flags: '--region <region>', description: `AWS region (default: ${regionDefault})` },
    { flags: '--profile <profile>', description: 'named profile from the shared AWS config (default: the default credential chain)' },
    { flags: '--concurrency <n>', description: 'AWS reads in flight', defaultValue: '8' },
    { flags: '--verbose', description: 'log every AWS call (command, status, attempts, time) to stderr' },
  ];
}

/** A session that redacts every credential from what AWS answers, plus the command's streams. */
export interface AwsRun {
  readonly session: AwsSession;
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly redact: (text: string) => string;
}

/**
 * Opens a session for `options`. A credential can only reach the output in a text of an AWS answer (an
 * error message that echoes the caller): the session redacts those, as whole tokens; names and the
 * files written are never altered (a function `load-testing` stays one with `testing` credentials).
 */
export async function openAwsRun(command: string, io: Io, options: AwsCommandOptions): Promise<AwsRun> {
  // The pinned SDK runs on Node 20 (our engines); its warning is about future SDK releases, which
  // this package does not pull in, so it would only be noise on every run. Users can still set it.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const secrets = secretsFromEnv({ ...process.env, ...io.env });
  let redact = redactor(secrets);
  const err = (text: string): void => io.stderr(text);
  const session = AwsSession.create({
    region: options.region,
    profile: options.profile,
    log: options.verbose ? (line) => err(`${command}: ${line}\n`) : undefined,
    // Called at each error: it sees the credentials resolved below.
    redact: (text) => redact(text),
  });
  const resolved = await guardAws(command, redact, () => session.credentialSecrets());
  redact = redactor([...secrets, ...resolved]);
  return { session, out: (text) => io.stdout(text), err, redact: (text) => redact(text) };
}

/** Runs `fn`, turning an AWS failure into an InputError (exit 2) with a redacted, prefixed message. */
export async function guardAws<T>(command: string, redact: (text: string) => string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (isAwsReadError(err)) throw new InputError(redact(`${command}: ${err.message}`));
    throw err;
  }
}

/** Parses a positive integer option, or throws a usage error naming the option. */
export function parseIntegerOption(name: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new InputError(`${name} must be an integer between ${min} and ${max}, got ${JSON.stringify(value)}`);
  return n;
}

/** Parses repeated `--tag K=V` options into a map. */
export function parseTags(values: readonly string[]): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const v of values) {
    const at = v.indexOf('=');
    if (at <= 0) throw new InputError(`--tag must be KEY=VALUE, got ${JSON.stringify(v)}`);
    tags[v.slice(0, at)] = v.slice(at + 1);
  }
  return tags;
}
