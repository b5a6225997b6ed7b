/**
 * What a secret looks like, so no message ever shows one: a file given as the wrong kind (a credentials
 * file as a workload, a system file as a trace) must not have its content printed back.
 */

/** Access key ids look like `AKIA…` / `ASIA…` followed by 16 upper-case letters or digits. */
export const ACCESS_KEY_ID = /\b(?:AKIA|ASIA|AIDA|AROA)[A-Z0-9]{16}\b/g;

/**
 * Tokens with a known secret prefix: GitHub (`ghp_`, `gho_`, `ghu_`, `ghs_`, `ghr_`, `github_pat_`), Slack
 * (`xoxb-`…), Stripe live keys, Google API keys, npm tokens, and JSON web tokens (`eyJ…`.`eyJ…`).
 */
const KNOWN_TOKEN = /\b(?:gh[opusr]_[A-Za-z0-9]{16,}|github_pat_[A-Za-z0-9_]{20,}|xox[abposr]-[A-Za-z0-9-]{10,}|[sr]k_live_[A-Za-z0-9]{16,}|AIza[A-Za-z0-9_-]{30,}|npm_[A-Za-z0-9]{30,}|eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,})/g;

/** Words that name a secret in `key = value` files, PEM blocks and environment files. */
const SECRET_WORDS = /secret|passw|private[_ -]?key|credential|api[_-]?key|access[_-]?key|session[_-]?token|auth[_-]?token|BEGIN [A-Z ]*PRIVATE KEY/i;

/**
 * A run of 30 or more key-like characters that mixes upper case, lower case and digits (a secret access
 * key, a password hash). Hex digests (lower case and digits only) do not count: trace files use them as ids.
 * A longer run is taken in pieces of at most 4,096: an unbounded repeat over a run of megabytes overflows the
 * regular expression engine's stack (an 8 MB cell of digits did).
 */
const RANDOM_RUN = /[A-Za-z0-9+/=_$.-]{30,4096}/g;

function mixesClasses(run: string): boolean {
  return /[A-Z]/.test(run) && /[a-z]/.test(run) && /[0-9]/.test(run);
}

/** True when `text` might be or contain a credential, a key or a password hash, or names one (`password=`). */
export function looksLikeSecret(text: string): boolean {
  return SECRET_WORDS.test(text) || looksLikeSecretValue(text);
}

/** True when `text` has the shape of a key or hash itself (an access key id, a long random run). */
export function looksLikeSecretValue(text: string): boolean {
  if (new RegExp(ACCESS_KEY_ID.source).test(text) || new RegExp(KNOWN_TOKEN.source).test(text)) return true;
  return (text.match(RANDOM_RUN) ?? []).some(mixesClasses);
}

/** What stands in a message for a token that looks like a secret. */
export const HIDDEN = '[…]';

/**
 * A token from input (a key, a YAML tag or alias) as a message quotes it: in double quotes, at most
 * `max` characters, or `[…] (it looks like a secret; not shown)` when it has the shape of one.
 */
export function quoteToken(token: string, max = 100): string {
  if (looksLikeSecretValue(token)) return `${HIDDEN} (it looks like a secret; not shown)`;
  return token.length <= max ? JSON.stringify(token) : `${JSON.stringify(token.slice(0, max))}…`;
}

/**
 * A name from a document (a file a manifest or a template names) with the parts that are certainly secrets
 * (an access key id, a known token) replaced by `[…]`. Long mixed runs are kept: generated file names have
 * them (`MyStackE6CA6235.template.json`), and a name is not free text.
 */
export function redactKnownSecrets(text: string): string {
  return text.replace(ACCESS_KEY_ID, HIDDEN).replace(KNOWN_TOKEN, HIDDEN);
}

/**
 * Free text that may quote input (a parser's message) with every part shaped like a secret (an access key
 * id, a known token, a long run mixing upper case, lower case and digits) replaced by `[…]`.
 */
export function redactSecrets(text: string): string {
  return text
    .replace(ACCESS_KEY_ID, HIDDEN)
    .replace(KNOWN_TOKEN, HIDDEN)
    .replace(RANDOM_RUN, (run) => (mixesClasses(run) ? HIDDEN : run));
}
