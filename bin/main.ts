/**
 * `cdk-lambda-scaling`: `main(argv, io)` parses, calls lib, renders and returns the exit code.
 * 0 fine (warnings allowed), 1 error findings or drift, 2 bad input or usage, 3 internal error (a bug).
 */
import { PACKAGE_VERSION, packageManifest } from '../lib/version';
import { Command, CommanderError } from 'commander';
import { isInputError } from '../lib/errors';
import { recordingInputs } from '../lib/files';
import { escapeControl, LineGuard, safeLines } from '../lib/report/escape';
import type { Io } from './io';
import { EXIT, type CommandContext } from './command';
import { HELP } from './output';
import { registerPlan } from './commands/plan';
import { registerSimulate } from './commands/simulate';
import { registerCheck } from './commands/check';
import { registerObserve } from './commands/observe';
import { registerAudit } from './commands/audit';
import { registerReplan } from './commands/replan';

const VERSION: string = PACKAGE_VERSION;
/** Where bugs go: package.json `bugs.url`. */
const BUGS: string | undefined = packageManifest()?.bugs?.url;

/** Runs the CLI with `argv` (without `node` and the script) and returns the exit code. */
export async function main(argv: readonly string[], given: Io): Promise<number> {
  const { io, flush } = guardedIo(given);
  try {
    return await run(argv, io);
  } finally {
    flush();
  }
}

/**
 * `io` whose stdout and stderr never start a line with `::` (a GitHub Actions workflow command), whatever a
 * renderer or a library (commander's usage errors quote the arguments) prints: the last defence after the
 * escaping of every renderer.
 */
function guardedIo(io: Io): { io: Io; flush: () => void } {
  const out = new LineGuard();
  const err = new LineGuard();
  const write = (guard: LineGuard, to: (t: string) => void) => (t: string) => {
    const safe = guard.guard(t);
    if (safe !== '') to(safe);
  };
  const guarded: Io = { ...io, stdout: write(out, (t) => io.stdout(t)), stderr: write(err, (t) => io.stderr(t)) };
  const flush = () => {
    for (const [guard, to] of [[out, io.stdout], [err, io.stderr]] as const) {
      const rest = guard.flush();
      if (rest !== '') to.call(io, rest);
    }
  };
  return { io: guarded, flush };
}

async function run(argv: readonly string[], io: Io): Promise<number> {
  let exitCode: number = EXIT.ok;
  // commander's usage errors quote the arguments (a file name from a glob over a pull request's files): each
  // line is escaped as every value from input is, so no ESC, CSI or bidi control reaches the terminal.
  const output = { writeOut: (s: string) => io.stdout(s), writeErr: (s: string) => io.stderr(s.split('\n').map(escapeControl).join('\n')) };
  const program = new Command()
    .name('cdk-lambda-scaling')
    .description('Lambda scaling policy as code: plan, simulate, check and audit concurrency settings')
    .version(VERSION)
    .showHelpAfterError('(run with --help for usage)')
    .configureHelp(HELP)
    .exitOverride()
    .configureOutput(output);
  const ctx: CommandContext = { io, setExitCode: (c) => (exitCode = c) };
  for (const register of [registerPlan, registerSimulate, registerCheck, registerObserve, registerAudit, registerReplan]) {
    register(program, ctx);
  }
  for (const cmd of program.commands) cmd.exitOverride().configureOutput(output);
  try {
    // Every file the command reads is recorded, so its outputs never overwrite one.
    await recordingInputs(() => program.parseAsync([...argv], { from: 'user' }));
    return exitCode;
  } catch (err) {
    return exitCodeForError(err, io);
  }
}

/** Maps an error to an exit code, printing a message (never a stack trace for bad input). */
export function exitCodeForError(err: unknown, io: Io): number {
  if (err instanceof CommanderError) {
    // Help and version exit 0; commander has already printed usage errors.
    return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
  }
  if (isInputError(err)) {
    // Each problem is one line; what it quotes from input (a file name, a key) is escaped.
    io.stderr(`${safeLines(err.problems)}\n`);
    return EXIT.usage;
  }
  const message = err instanceof Error ? err.message : String(err);
  io.stderr(`internal error: ${safeLines([message])}\nThis is a bug in cdk-lambda-scaling; please report it${BUGS ? ` at ${BUGS}` : ''} with the command you ran.\n`);
  if (process.env.CDK_LAMBDA_SCALING_DEBUG && err instanceof Error) io.stderr(`${err.stack}\n`);
  return EXIT.internal;
}
