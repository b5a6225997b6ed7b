/**
 * AWS errors narrowed by name into one message a user can act on.
 */
import { iamActionFor, type AwsCommandName } from './iam';

/** What went wrong, in the terms a fix is chosen by. */
export type AwsErrorKind = 'access-denied' | 'credentials' | 'region' | 'not-found' | 'throttled' | 'service' | 'network' | 'other';

/** A failed AWS read: `message` is for the user (no stack, no credentials), `action` is the IAM action involved. */
export class AwsReadError extends Error {
  constructor(
    message: string,
    public readonly kind: AwsErrorKind,
    public readonly action: string,
  ) {
    super(message);
    this.name = 'AwsReadError';
  }
}

/** True when `err` is an {@link AwsReadError}. */
export function isAwsReadError(err: unknown): err is AwsReadError {
  return err instanceof AwsReadError || (err instanceof Error && err.name === 'AwsReadError');
}

const ACCESS_DENIED = new Set(['AccessDeniedException', 'AccessDenied', 'AccessDeniedFault', 'UnauthorizedOperation', 'UnauthorizedException']);
const CREDENTIALS_REJECTED = new Set([
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
  'IncompleteSignature',
  'ExpiredToken',
  'ExpiredTokenException',
]);
const NOT_FOUND = new Set(['ResourceNotFoundException', 'ObjectNotFoundException']);
const THROTTLED = new Set(['ThrottlingException', 'Throttling', 'TooManyRequestsException', 'RequestLimitExceeded', 'LimitExceededException']);
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'EPIPE']);

interface SdkErrorLike {
  readonly name?: string;
  readonly message?: string;
  readonly code?: string;
  readonly $metadata?: { readonly httpStatusCode?: number; readonly attempts?: number };
  /** The HTTP answer (on service errors, and on answers the SDK could not parse). */
  readonly $response?: { readonly statusCode?: number; readonly headers?: Readonly<Record<string, string | undefined>> };
  /** Where the request went, e.g. `http://127.0.0.1:5000` (set by the session's clients). */
  readonly $endpoint?: string;
}

/**
 * An answer that is not AWS's: one the SDK could not parse (HTML from a proxy, or an emulator without
 * the API), or one without an AWS error code (an empty 404, 401 or 403: the SDK names it `Unknown`).
 * Its HTTP status, content type and endpoint, instead of the parser's `SyntaxError … $response` text
 * or `UnknownError`; an empty 401/403 is not an IAM denial (AWS says AccessDenied in its answer).
 */
function notAnAwsAnswer(e: SdkErrorLike, operation: string, action: string): AwsReadError | undefined {
  // Every service error carries `$response`; only a failed parse is a SyntaxError / "Deserialization error".
  const unparsed = e.name === 'SyntaxError' || /Deserialization error/.test(e.message ?? '');
  const status = e.$response?.statusCode ?? e.$metadata?.httpStatusCode;
  const noErrorCode = e.name === 'Unknown' && status !== undefined;
  if (!unparsed && !noErrorCode) return undefined;
  const type = e.$response?.headers?.['content-type'];
  const what = `HTTP ${status ?? 'status unknown'}${type ? `, ${type.split(';')[0]}` : ''}`;
  const from = e.$endpoint ? ` from ${e.$endpoint}` : '';
  const why =
    status === 401 || status === 403
      ? 'the endpoint (AWS_ENDPOINT_URL, a proxy or an emulator) refused it without an AWS error: not an IAM denial'
      : 'the endpoint (AWS_ENDPOINT_URL, a proxy or an emulator) may not implement it';
  return new AwsReadError(`${operation} got an answer that is not an AWS response (${what})${from}: ${why}`, status !== undefined && status >= 500 ? 'service' : 'other', action);
}

/**
 * Turns whatever the SDK threw while sending `commandName` into an {@link AwsReadError}; `profile` is the named
 * profile the credentials were read from (`--profile` or AWS_PROFILE), named when they fail.
 */
export function narrowAwsError(err: unknown, commandName: AwsCommandName, profile?: string): AwsReadError {
  if (isAwsReadError(err)) return err;
  const e: SdkErrorLike = typeof err === 'object' && err !== null ? (err as SdkErrorLike) : { message: String(err) };
  const name = e.name ?? 'Error';
  const status = e.$metadata?.httpStatusCode;
  const attempts = e.$metadata?.attempts;
  const action = iamActionFor(commandName);
  const operation = commandName.replace(/Command$/, '');
  const detail = e.message ? `: ${e.message}` : '';
  const unparsed = notAnAwsAnswer(e, operation, action);
  if (unparsed) return unparsed;
  const tries = attempts && attempts > 1 ? ` after ${attempts} attempts` : '';
  // Access denied only when AWS says so by name: a 403 without an AWS error code is not an AWS answer (above).
  if (ACCESS_DENIED.has(name)) {
    return new AwsReadError(`access denied to ${action}: allow it for the caller (docs/iam-policy.json lists every action the CLI needs) (${name}${detail})`, 'access-denied', action);
  }
  if (CREDENTIALS_REJECTED.has(name)) {
    const which = profile === undefined ? '--profile or AWS_PROFILE' : `the profile ${JSON.stringify(profile)}`;
    return new AwsReadError(`AWS rejected the credentials on ${operation} (${name}): check ${which}, or refresh the session`, 'credentials', action);
  }
  if (name === 'CredentialsProviderError' || /could not load credentials/i.test(e.message ?? '')) {
    const why = e.message ? ` (${e.message.split('\n')[0]})` : '';
    // A mistyped profile name is the usual cause when one is named: say which one was looked for.
    const fix =
      profile === undefined
        ? 'pass --profile, set AWS_PROFILE, or configure the default credential chain'
        : `is the profile ${JSON.stringify(profile)} in ~/.aws/config or ~/.aws/credentials (or the files AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE name), with credentials?`;
    return new AwsReadError(`no AWS credentials found${why}: ${fix}`, 'credentials', action);
  }
  if (/region is missing/i.test(e.message ?? '')) {
    return new AwsReadError('no AWS region: pass --region, set AWS_REGION, or set a region in the profile', 'region', action);
  }
  if (NOT_FOUND.has(name)) {
    return new AwsReadError(`not found (${operation})${detail}`, 'not-found', action);
  }
  if (THROTTLED.has(name) || status === 429) {
    return new AwsReadError(`${operation} still throttled${tries} (${name}): retry later or lower --concurrency`, 'throttled', action);
  }
  if (status !== undefined && status >= 500) {
    return new AwsReadError(`${operation} failed with HTTP ${status}${tries} (${name})${detail}`, 'service', action);
  }
  if (e.code && NETWORK_CODES.has(e.code)) {
    return new AwsReadError(`${operation} could not reach AWS${tries} (${e.code}): check the network, AWS_ENDPOINT_URL and --region`, 'network', action);
  }
  return new AwsReadError(`${operation} failed (${name})${detail}`, 'other', action);
}
