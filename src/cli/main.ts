/**
 * `huzhu`: the command line. Each command lives in its own file; errors are shown here, once:
 * a HuzhuError prints its code and message and exits 2; anything else is a bug and exits 1.
 */
import { Command } from 'commander';
import { isHuzhuError } from '../domain/errors.ts';
import { registerBooksCommands } from './books-command.ts';
import { registerOutlookCommand } from './outlook-command.ts';
import { registerProjectionCommands } from './projection-commands.ts';
import { registerReplayCommand } from './replay-command.ts';
import { registerSimulateCommand } from './simulate-command.ts';
import { registerServeCommand } from './serve-command.ts';
import { registerVerifyCommand } from './verify-command.ts';
import { registerWitnessCommand } from './witness-command.ts';

const program = new Command('huzhu')
  .description('huzhu (互助): an open, verifiable online mutual-aid health plan')
  .showHelpAfterError();

registerSimulateCommand(program);
registerReplayCommand(program);
registerBooksCommands(program);
registerServeCommand(program);
registerOutlookCommand(program);
registerVerifyCommand(program);
registerWitnessCommand(program);
registerProjectionCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (isHuzhuError(e)) {
    process.stderr.write(`huzhu: ${e.code}: ${e.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`huzhu: unexpected failure: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
}
