/**
 * `observe` command (placeholder until its issue lands).
 */
import type { Command } from 'commander';
import { InputError } from '../../lib/errors';
import type { CommandContext } from '../main';

/** Registers `observe`. */
export function registerObserve(program: Command, _ctx: CommandContext): void {
  program
    .command('observe')
    .description('not available yet')
    .allowUnknownOption()
    .action(() => {
      throw new InputError('observe: not implemented yet');
    });
}
