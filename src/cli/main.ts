/**
 * `huzhu`: the command line. Each command lives in its own file; errors are shown here, once:
 * a HuzhuError prints its code and message and exits 2; anything else is a bug and exits 1.
 */
import { Command } from 'commander';
import { isHuzhuError } from '../domain/errors.ts';

const program = new Command('huzhu')
  .description('huzhu (互助): an open, verifiable online mutual-aid health plan')
  .showHelpAfterError();

// Each command's module is loaded only when that command runs (all of them for help or an unknown
// name): `huzhu verify` or `huzhu witness` starts without loading the server or the database.
type Loader = () => Promise<(program: Command) => void>;
const simulate: Loader = async () => (await import('./simulate-command.ts')).registerSimulateCommand;
const replay: Loader = async () => (await import('./replay-command.ts')).registerReplayCommand;
const books: Loader = async () => (await import('./books-command.ts')).registerBooksCommands;
const serve: Loader = async () => (await import('./serve-command.ts')).registerServeCommand;
const outlook: Loader = async () => (await import('./outlook-command.ts')).registerOutlookCommand;
const verify: Loader = async () => (await import('./verify-command.ts')).registerVerifyCommand;
const witness: Loader = async () => (await import('./witness-command.ts')).registerWitnessCommand;
const projection: Loader = async () => (await import('./projection-commands.ts')).registerProjectionCommands;
const admin: Loader = async () => (await import('./admin-command.ts')).registerAdminCommands;
const plan: Loader = async () => (await import('./plan-command.ts')).registerPlanCommands;
const report: Loader = async () => (await import('./report-command.ts')).registerReportCommand;
const COMMANDS: Record<string, Loader> = {
  simulate, replay, books, serve, outlook, verify, log: verify, witness, project: projection, calibrate: projection, admin, plan, report,
};
const name = process.argv[2];

try {
  const wanted = name !== undefined && Object.hasOwn(COMMANDS, name) ? [COMMANDS[name]!] : [...new Set(Object.values(COMMANDS))];
  for (const load of wanted) (await load())(program);
  await program.parseAsync(process.argv);
} catch (e) {
  if (isHuzhuError(e)) {
    process.stderr.write(`huzhu: ${e.code}: ${e.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`huzhu: unexpected failure: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
}
