#!/usr/bin/env node
/**
 * Process entry point of `cdk-lambda-scaling`.
 */
import { describeFileError } from '../lib/files';
import { safeLines } from '../lib/report/escape';
import { processIo } from './io';
import { EXIT } from './command';
import { main } from './main';

process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  // `cdk-lambda-scaling simulate ... | head`: the reader went away; stop quietly, as Unix tools do, but never
  // with the exit code of a report written whole: what was written is cut (a shell's SIGPIPE exit is not 0 either).
  if (err.code === 'EPIPE') process.exit(EXIT.usage);
  // A full disk, a closed terminal: the output is lost, which is an I/O error (exit 2), not findings.
  process.stderr.write(`cdk-lambda-scaling: cannot write to standard output (${describeFileError(err)})\n`);
  process.exit(EXIT.usage);
});
// Nothing more can be said when stderr itself fails; exit with the I/O error code, without a trace.
process.stderr.on('error', () => process.exit(EXIT.usage));

main(process.argv.slice(2), processIo()).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`internal error: ${safeLines([err instanceof Error ? err.message : String(err)])}\n`);
    process.exitCode = 3;
  },
);
