/**
 * `huzhu plan wind-down --plan ID --cut-off YYYY-MM-DD [--refund-past-shares] [--claim-window-days N] --dry-run`:
 * rehearses a wind-down on the configured database (DATABASE_URL, else PGlite in HUZHU_DATA) and
 * prints what it would cost the operator; nothing is written. Without --dry-run it refuses: a
 * wind-down needs two operators (four eyes), so it is proposed and confirmed over the API
 * (POST /ops/plans/:plan/wind-down, then POST /ops/wind-downs/:id/confirm by another operator).
 */
import type { Command } from 'commander';
import { openFromEnv, type Queryable } from '../db/database.ts';
import { HuzhuError } from '../domain/errors.ts';
import { addDays, parseInstant, startOfDay } from '../domain/local-date.ts';
import { getPlan } from '../repositories/plans-repo.ts';
import { clockThrough } from '../repositories/platform-state-queries.ts';
import { windDownDryRun, type DryRun } from '../services/wind-down-report.ts';
import { renderTable } from './table.ts';

const yuan = (fen: number): string => (fen / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** The rehearsal as printed: one line per cost, the operator's total last. */
export function formatDryRun(d: DryRun): string {
  const rows: string[][] = [
    ['wallets refunded in full (members\' own money)', String(d.walletsToRefund.wallets), yuan(d.walletsToRefund.fen)],
    ['open failed payments written off', String(d.openPaymentsToWriteOff.payments), yuan(d.openPaymentsToWriteOff.fen)],
    ['past shares refunded', d.pastSharesToRefund ? String(d.pastSharesToRefund.payers) : '-', d.pastSharesToRefund ? yuan(d.pastSharesToRefund.fen) : 'not chosen'],
    ['approved claims not yet paid', String(d.approvedUnpaidClaims.claims), yuan(d.approvedUnpaidClaims.fen)],
    ['open claims (estimated)', String(d.openClaims.claims), yuan(d.openClaims.estimatedFen)],
    [`claims not yet reported (estimated, ${d.notYetReported.horizonDays} days)`, d.notYetReported.expectedClaims.toFixed(2), yuan(d.notYetReported.estimatedFen)],
    ['less the surplus carried', '', `-${yuan(d.surplusCarriedFen)}`],
  ];
  return [
    `wind-down of ${d.plan} starting ${d.at} (dry run: nothing written)`,
    `cut-off ${d.cutOffOn}; claims may be filed for ${d.claimWindowDays} days after it; ${d.members} members now`,
    renderTable(['what', 'count', 'yuan'], rows).trimEnd(),
    `incidence ${d.notYetReported.incidencePer100kYear} a year per 100,000 members; ${yuan(d.expectedPayoutPerClaimFen)} yuan expected per claim`,
    `the operator would pay about ${yuan(d.operatorCostFen)} yuan`,
  ].join('\n') + '\n';
}

/** Now, or where the plan's calendar stopped when it has not reached today (a replayed or simulated plan). */
async function rehearsalInstant(q: Queryable, planId: string, asOf: string | undefined): Promise<Date> {
  if (asOf !== undefined) return parseInstant(asOf, 'as-of');
  const tz = (await getPlan(q, planId)).rules.timeZone;
  const through = await clockThrough(q, planId);
  const now = new Date();
  const clockEnd = through ? new Date(startOfDay(addDays(through, 1), tz).getTime() - 1) : now;
  return clockEnd < now ? clockEnd : now;
}

interface Options { plan?: string; cutOff?: string; refundPastShares?: boolean; claimWindowDays?: string; dryRun?: boolean; asOf?: string; json?: boolean }

export function registerPlanCommands(program: Command): void {
  const plan = program.command('plan').description('a plan\'s life cycle: rehearse its wind-down');
  plan.command('wind-down')
    .description('what winding the plan down would cost the operator (--dry-run); the wind-down itself is proposed and confirmed over the API by two operators')
    .requiredOption('--plan <id>', 'the plan')
    .requiredOption('--cut-off <date>', 'C: illnesses diagnosed on or before it are covered (YYYY-MM-DD, plan zone)')
    .option('--refund-past-shares', 'also refund every payer all the shares it paid, from operator money')
    .option('--claim-window-days <n>', 'claims may be filed until the end of C plus this many days (default 180)')
    .option('--dry-run', 'print what it would cost; write nothing')
    .option('--as-of <instant>', 'rehearse a start at this ISO instant (default: now, or where the calendar stopped)')
    .option('--json', 'print JSON')
    .action(async (o: Options) => {
      if (!o.dryRun) {
        throw new HuzhuError('VALIDATION', '--dry-run: only a rehearsal runs here. A wind-down needs two operators (four eyes): propose it with POST /ops/plans/:plan/wind-down and have another operator confirm it with POST /ops/wind-downs/:id/confirm', { field: 'dry-run' });
      }
      const days = o.claimWindowDays === undefined ? undefined : /^\d+$/.test(o.claimWindowDays) ? Number(o.claimWindowDays) : NaN;
      const db = await openFromEnv();
      try {
        const at = await rehearsalInstant(db, o.plan!, o.asOf);
        const d = await windDownDryRun(db, { plan: o.plan!, cutOffOn: o.cutOff, refundPastShares: o.refundPastShares ?? false, claimWindowDays: days }, at);
        process.stdout.write(o.json ? `${JSON.stringify(d, null, 2)}\n` : formatDryRun(d));
      } finally {
        await db.close();
      }
    });
}
