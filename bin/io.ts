/**
 * The CLI's window on the world, passed in so tests run commands in-process.
 */
import { writeOutput } from '../lib/files';

/** Streams and environment of one CLI run. */
export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  /** True when stderr is a terminal: progress is shown only then. */
  readonly isTTY: boolean;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** The process's own streams. */
export function processIo(): Io {
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    isTTY: Boolean(process.stderr.isTTY),
    cwd: process.cwd(),
    env: process.env,
  };
}

/** An Io that records everything, for tests. */
export function memoryIo(options: { cwd?: string; env?: Record<string, string | undefined>; isTTY?: boolean } = {}): Io & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout(t: string) {
      io.out += t;
    },
    stderr(t: string) {
      io.err += t;
    },
    isTTY: options.isTTY ?? false,
    cwd: options.cwd ?? process.cwd(),
    env: options.env ?? {},
  };
  return io;
}

/**
 * Writes `content` to `file` (relative to cwd), creating folders; returns the absolute path. Atomic, never
 * over one of the command's inputs, never through a symbolic link (see {@link writeOutput}).
 */
export function writeOutputFile(io: Io, file: string, content: string | Uint8Array): string {
  return writeOutput(file, content, io.cwd);
}
