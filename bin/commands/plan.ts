/**
 * `plan` command (being written).
 */
import type { Command } from 'commander';
import { InputError } from '../../lib/errors';
import type { CommandContext } from '../main';

/** Registers `plan`. */
export function registerPlan(program: Command, _ctx: CommandContext): void {
  program
    .command('plan')
    .action(() => {
      throw new InputError('plan: not implemented yet');
    });
}
