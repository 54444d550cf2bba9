/** `huzhu simulate --members N --months M --seed S` */
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { openDb, openFromEnv } from '../db/database.ts';
import { HuzhuError } from '../domain/errors.ts';
import { parseLocalDate } from '../domain/local-date.ts';
import { formatYuan } from '../domain/money.ts';
import { SIMULATE_DEFAULTS, simulate } from '../sim/simulate.ts';
import { renderTable } from './table.ts';

function positiveInt(name: string, max: number) {
  return (v: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1 || n > max) throw new HuzhuError('VALIDATION', `--${name}: a whole number from 1 to ${max}`, { field: name });
    return n;
  };
}

function rate(name: string) {
  return (v: string): number => {
    const n = Number(v);
    if (!(n >= 0 && n <= 1)) throw new HuzhuError('VALIDATION', `--${name}: a number from 0 to 1`, { field: name });
    return n;
  };
}

export function registerSimulateCommand(program: Command): void {
  program
    .command('simulate')
    .description('run a synthetic plan through the real engine and print every period')
    .option('--members <n>', 'starting members', positiveInt('members', 100_000_000), SIMULATE_DEFAULTS.members)
    .option('--months <n>', 'months to run', positiveInt('months', 240), SIMULATE_DEFAULTS.months)
    .option('--seed <n>', 'random seed (same seed, same result)', positiveInt('seed', 2 ** 31 - 1), SIMULATE_DEFAULTS.seed)
    .option('--start <date>', 'first day (YYYY-MM-DD)', SIMULATE_DEFAULTS.start)
    .option('--failure-rate <r>', 'share of charges that fail at first', rate('failure-rate'), SIMULATE_DEFAULTS.failureRate)
    .option('--preset <name>', 'critical-illness or elderly-cancer', SIMULATE_DEFAULTS.preset)
    .option('--keep', 'keep the result in the configured database (DATABASE_URL or HUZHU_DATA) instead of a throwaway one')
    .option('--json', 'print the periods as JSON')
    .action(async (opts: { members: number; months: number; seed: number; start: string; failureRate: number; preset: string; keep?: boolean; json?: boolean }) => {
      const start = parseLocalDate(opts.start, 'start');
      if (opts.preset !== 'critical-illness' && opts.preset !== 'elderly-cancer') {
        throw new HuzhuError('VALIDATION', '--preset: critical-illness or elderly-cancer', { field: 'preset' });
      }
      const db = opts.keep ? await openFromEnv() : await openDb({ dataDir: 'memory' });
      const bar = process.stderr.isTTY && !opts.json
        ? new cliProgress.SingleBar({ format: 'simulating |{bar}| {value}/{total} months', hideCursor: true }, cliProgress.Presets.shades_classic)
        : undefined;
      bar?.start(opts.months, 0);
      try {
        const r = await simulate(db, {
          members: opts.members, months: opts.months, seed: opts.seed, start, failureRate: opts.failureRate, preset: opts.preset,
          onProgress: (done) => bar?.update(done),
        });
        bar?.stop();
        if (opts.json) {
          process.stdout.write(JSON.stringify(r, (_k, v) => (typeof v === 'bigint' ? Number(v) : v), 2) + '\n');
          return;
        }
        process.stdout.write(renderTable(
          ['announced', 'charged', 'cases', 'payouts', 'fee', 'members', 'share', 'subsidy', 'surplus'],
          r.periods.map((p) => [p.announcedOn, p.chargedOn, String(p.cases), formatYuan(p.payoutFen), formatYuan(p.feeFen),
            String(p.sharingMembers), formatYuan(p.shareFen), formatYuan(p.operatorSubsidyFen), formatYuan(p.surplusOutFen)]),
        ));
        const yearly = r.periods.reduce((s, p) => s + p.shareFen, 0n);
        process.stdout.write(`\n${r.activeMembers} active members at the end; claims: ${Object.entries(r.claims).map(([k, n]) => `${n} ${k}`).join(', ') || 'none'}\n`);
        process.stdout.write(`a member in every period paid ${formatYuan(yearly)} yuan over ${opts.months} months (before caps)\n`);
        process.stdout.write(`books: ${r.books.ok ? 'balanced (huzhu books check)' : 'NOT balanced'}\n`);
        if (!r.books.ok) process.exitCode = 3;
      } finally {
        bar?.stop();
        await db.close();
      }
    });
}
