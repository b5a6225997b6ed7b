/**
 * What every command module shares with `main`: the exit codes and the context a command registers
 * with. Its own module so that commands never import `main` (which imports them).
 */
import type { Io } from './io';

/** Exit codes of every command. */
export const EXIT = { ok: 0, findings: 1, usage: 2, internal: 3 } as const;

/** What each `registerX(program, ctx)` gets. */
export interface CommandContext {
  readonly io: Io;
  /** Records a command's exit code (commander actions return nothing useful). */
  setExitCode(code: number): void;
}
