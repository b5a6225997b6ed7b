/**
 * `simulate` command (placeholder until its issue lands).
 */
import type { Command } from 'commander';
import { InputError } from '../../lib/errors';
import type { CommandContext } from '../main';

/** Registers `simulate`. */
export function registerSimulate(program: Command, _ctx: CommandContext): void {
  program
    .command('simulate')
    .description('not available yet')
    .allowUnknownOption()
    .action(() => {
      throw new InputError('simulate: not implemented yet');
    });
}
