/**
 * `check` command (placeholder until its issue lands).
 */
import type { Command } from 'commander';
import { InputError } from '../../lib/errors';
import type { CommandContext } from '../main';

/** Registers `check`. */
export function registerCheck(program: Command, _ctx: CommandContext): void {
  program
    .command('check')
    .description('not available yet')
    .allowUnknownOption()
    .action(() => {
      throw new InputError('check: not implemented yet');
    });
}
