/**
 * `audit` command (placeholder until its issue lands).
 */
import type { Command } from 'commander';
import { InputError } from '../../lib/errors';
import type { CommandContext } from '../main';

/** Registers `audit`. */
export function registerAudit(program: Command, _ctx: CommandContext): void {
  program
    .command('audit')
    .description('not available yet')
    .allowUnknownOption()
    .action(() => {
      throw new InputError('audit: not implemented yet');
    });
}
