/** `huzhu books check`: the ledger proof, on the configured database. */
import type { Command } from 'commander';
import { openFromEnv } from '../db/database.ts';
import { checkBooks } from '../services/books-check.ts';

export function registerBooksCommands(program: Command): void {
  const books = program.command('books').description('the ledger');
  books
    .command('check')
    .description('prove the books: every entry balances, per period and overall, and member charges add up to each period\'s total')
    .option('--json', 'print the report as JSON')
    .action(async (opts: { json?: boolean }) => {
      const db = await openFromEnv();
      try {
        const report = await checkBooks(db);
        if (opts.json) process.stdout.write(JSON.stringify(report, null, 2) + '\n');
        else {
          for (const c of report.checks) process.stdout.write(`${c.ok ? 'ok  ' : 'FAIL'}  ${c.name}: ${c.detail}\n`);
          process.stdout.write(report.ok ? 'books: balanced\n' : 'books: NOT balanced\n');
        }
        if (!report.ok) process.exitCode = 3;
      } finally {
        await db.close();
      }
    });
}
