/**
 * `huzhu report --month YYYY-MM --out DIR [--plan ID]`: the regulator's downloads for one month
 * (every CSV of docs/regulator.md) and the monthly report in both languages, written into DIR, on
 * the configured database (DATABASE_URL, else PGlite in HUZHU_DATA). The CSVs are streamed to the
 * files as they are read: the journal of a large plan never sits in memory.
 */
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type { Command } from 'commander';
import { openFromEnv, type Queryable } from '../db/database.ts';
import { HuzhuError } from '../domain/errors.ts';
import { CSV_NAMES, csvOf } from '../services/regulator/csv-exports.ts';
import { checkMonth } from '../services/regulator/fund-flows.ts';
import { monthlyReport } from '../services/regulator/monthly-report.ts';
import { REPORT_LANGUAGES, reportHtml } from '../services/regulator/report-html.ts';

/** Writes `<name>.csv` for every download and `report.<lang>.html` for each language; returns the file names. */
export async function writeMonthlyReport(db: Queryable, o: { month: string; out: string; planId?: string | undefined; at: Date }): Promise<string[]> {
  if (checkMonth(o.month) === undefined) throw new HuzhuError('VALIDATION', '--month: required (YYYY-MM)', { field: 'month' });
  const report = await monthlyReport(db, { month: o.month, planId: o.planId, at: o.at }); // an unknown plan fails here, before any file
  mkdirSync(o.out, { recursive: true });
  const files: string[] = [];
  for (const name of CSV_NAMES) {
    const file = `${name}.csv`;
    await pipeline(Readable.from(csvOf(db, name, { planId: o.planId, month: o.month })), createWriteStream(join(o.out, file)));
    files.push(file);
  }
  for (const lang of REPORT_LANGUAGES) {
    const file = `report.${lang}.html`;
    writeFileSync(join(o.out, file), reportHtml(report, lang));
    files.push(file);
  }
  return files;
}

export function registerReportCommand(program: Command): void {
  program
    .command('report')
    .description('the regulator\'s monthly report: fund flows, the daily proof, claims, wind-down status; CSVs and HTML into a folder')
    .requiredOption('--month <YYYY-MM>', 'the calendar month (in each plan\'s zone)')
    .requiredOption('--out <dir>', 'the folder to write into (created if missing)')
    .option('--plan <id>', 'one plan only (default: every plan)')
    .action(async (opts: { month: string; out: string; plan?: string }) => {
      const db = await openFromEnv();
      try {
        const files = await writeMonthlyReport(db, { month: opts.month, out: opts.out, planId: opts.plan, at: new Date() });
        for (const f of files) process.stdout.write(`${join(opts.out, f)}\n`);
      } finally {
        await db.close();
      }
    });
}
