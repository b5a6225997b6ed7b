/**
 * Output hygiene for the AWS commands: credentials never reach a stream, progress only on a TTY.
 */

/** Environment variables whose values are secrets. */
export const SECRET_ENV = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_SECURITY_TOKEN'] as const;

/** Access key ids look like `AKIA…` / `ASIA…` followed by 16 upper-case letters or digits. */
const ACCESS_KEY_ID = /\b(?:AKIA|ASIA|AIDA|AROA)[A-Z0-9]{16}\b/g;

/** The secret values found in `env` (empty and very short values are ignored: they would mask ordinary text). */
export function secretsFromEnv(env: Readonly<Record<string, string | undefined>>): string[] {
  return SECRET_ENV.map((k) => env[k]).filter((v): v is string => typeof v === 'string' && v.length >= 4);
}

/** A function that replaces every secret, and anything shaped like an access key id, with `***`. */
export function redactor(secrets: readonly string[]): (text: string) => string {
  const list = [...new Set(secrets.filter((s) => s.length >= 4))].sort((a, b) => b.length - a.length);
  return (text) => {
    let out = text;
    for (const s of list) out = out.split(s).join('***');
    return out.replace(ACCESS_KEY_ID, '***');
  };
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
