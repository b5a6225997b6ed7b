/**
 * Output hygiene for the AWS commands: credentials never reach a stream, progress only on a TTY.
 *
 * A credential can only reach the output through a text an AWS answer supplies (an error message that
 * echoes the caller, CloudWatch's per-series messages): the session redacts those (`redact` of
 * lib/aws/session.ts). Names, tags and the files the commands write are never altered.
 */
import { ACCESS_KEY_ID } from '../lib/secrets';

/** Environment variables whose values are secrets. */
export const SECRET_ENV = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_SECURITY_TOKEN'] as const;

/** The secret values found in `env` (empty and very short values are ignored: they would mask ordinary text). */
export function secretsFromEnv(env: Readonly<Record<string, string | undefined>>): string[] {
  return SECRET_ENV.map((k) => env[k]).filter((v): v is string => typeof v === 'string' && v.length >= 4);
}

/** Characters a name is made of (Lambda function and alias names): a secret inside such a run is part of a name. */
const NAME_CHAR = 'A-Za-z0-9_-';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A function that replaces every secret, and anything shaped like an access key id, with `***`, where it
 * stands as a whole token: `(key testing)` and `Credential=testing/…` lose it, `load-testing` keeps it
 * (with the emulators' usual `testing` credentials, a name that contains the word is not a credential).
 */
export function redactor(secrets: readonly string[]): (text: string) => string {
  const list = [...new Set(secrets.filter((s) => s.length >= 4))].sort((a, b) => b.length - a.length);
  const whole = list.length > 0 ? new RegExp(`(?<![${NAME_CHAR}])(?:${list.map(escapeRegExp).join('|')})(?![${NAME_CHAR}])`, 'g') : undefined;
  return (text) => (whole ? text.replace(whole, '***') : text).replace(ACCESS_KEY_ID, '***');
}

/** Streams a command writes to. */
export interface ProgressStream {
  stderr(text: string): void;
  readonly isTTY: boolean;
}

/** A single self-overwriting progress line on stderr when it is a TTY; nothing otherwise. */
export function progressLine(io: ProgressStream, label: string): { update(phase: string, done: number, total: number): void; done(): void } {
  let shown = false;
  let last = 0;
  return {
    update(phase, done, total) {
      if (!io.isTTY) return;
      const now = Date.now();
      if (done < total && now - last < 100) return;
      last = now;
      io.stderr(`\r${label}: ${phase} ${done}/${total}\x1b[K`);
      shown = true;
    },
    done() {
      if (shown) io.stderr('\r\x1b[K');
      shown = false;
    },
  };
}
