/**
 * `huzhu admin reset-password EMAIL`: a new password for an account, on the configured database,
 * with no e-mail (the demo has none; a real operator's staff may have lost theirs). Prints a
 * generated one-time password, or reads one from standard input with `--stdin`. Every session of
 * the account ends. On the embedded database, stop the server first (one process per data folder).
 */
import type { Command } from 'commander';
import { scryptLogNEnv } from '../config/env.ts';
import { openFromEnv } from '../db/database.ts';
import { resetPassword } from '../server/password-reset.ts';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

export function registerAdminCommands(program: Command): void {
  const admin = program.command('admin').description('account administration on the configured database');
  admin
    .command('reset-password')
    .argument('<email>', 'the account\'s e-mail')
    .option('--stdin', 'read the new password from standard input instead of generating one')
    .description('set a new password (printed once if generated) and end the account\'s sessions')
    .action(async (email: string, opts: { stdin?: boolean }) => {
      const password = opts.stdin ? await readStdin() : undefined;
      const logN = scryptLogNEnv();
      const db = await openFromEnv();
      try {
        const r = await resetPassword(db, email, { ...(password !== undefined ? { password } : {}), scryptLogN: logN });
        process.stdout.write(r.generated ? `new password for ${email.trim().toLowerCase()} (shown once): ${r.password}\n` : `password set for ${email.trim().toLowerCase()}\n`);
      } finally {
        await db.close();
      }
    });
}
