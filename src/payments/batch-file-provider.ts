/**
 * The batch-file payment provider: how mutual-aid platforms settle with banks and payment
 * companies. On charge day every payment is `pending`; the operator exports the open payments as
 * a CSV of debit instructions, the bank returns a results file, and importing it settles the
 * payments through the engine's own retry step (so late payments post the same ledger entries as
 * any retry). Until a result arrives a payment stays open and follows the normal retry window.
 */
import { csvField } from '../domain/csv.ts';
import { sha256Hex } from '../domain/sha256.ts';
import type { Db, Queryable } from '../db/database.ts';
import { HuzhuError } from '../domain/errors.ts';
import {
  importedResultOutcomeSql, openPaymentsAmong, openPaymentsToDebit, recordBatchResults,
} from '../repositories/payments-repo.ts';
import type { PaymentProvider } from './payment-provider.ts';
import { getPlan, type Plan } from '../repositories/plans-repo.ts';
import { retryPayments } from '../services/collections.ts';
import { once, type Action } from '../services/idempotent.ts';

export function batchFileProvider(): PaymentProvider {
  return {
    name: 'batch-file',
    outcomeSql: importedResultOutcomeSql,
  };
}

export const INSTRUCTIONS_HEADER = 'period_id,payer_id,payer_ref,amount_fen,attempt,retry_until';
export const RESULTS_HEADER = 'period_id,payer_id,amount_fen,status';

/** Debit instructions: every payment of the plan still open (pending or failed) and retryable at `at`. */
export async function exportDebitInstructions(q: Queryable, planId: string, at: Date): Promise<{ csv: string; rows: number; totalFen: bigint }> {
  // A prepaid plan's open payments are taken from its wallets at a recharge, never debited (issue 13).
  const rows = (await getPlan(q, planId)).rules.funding.mode === 'prepaid' ? [] : await openPaymentsToDebit(q, planId, at);
  const lines = rows.map((r) => [r.period_id, r.payer_id, csvField(r.ref), r.amount_fen, r.attempts, r.retry_until.toISOString()].join(','));
  return { csv: [INSTRUCTIONS_HEADER, ...lines].join('\n') + '\n', rows: rows.length, totalFen: rows.reduce((s, r) => s + r.amount_fen, 0n) };
}

interface ResultRow { periodId: bigint; payerId: bigint; amountFen: bigint; status: 'paid' | 'failed' }

/** Parses a results file strictly: any malformed line rejects the whole file (nothing is imported). */
export function parseResults(csv: string): ResultRow[] {
  const lines = csv.replace(/\r\n/g, '\n').split('\n').filter((l) => l.trim() !== '');
  if (lines[0]?.trim() !== RESULTS_HEADER) throw new HuzhuError('VALIDATION', `results: the first line must be "${RESULTS_HEADER}"`, { field: 'results' });
  if (lines.length > 1_000_001) throw new HuzhuError('VALIDATION', 'results: at most 1,000,000 rows per file', { field: 'results' });
  const seen = new Set<string>();
  return lines.slice(1).map((line, i) => {
    const m = /^(\d{1,18}),(\d{1,18}),(\d{1,18}),(paid|failed)$/.exec(line.trim());
    if (!m) throw new HuzhuError('VALIDATION', `results: line ${i + 2} is not "period_id,payer_id,amount_fen,paid|failed"`, { field: 'results' });
    const key = `${m[1]}:${m[2]}`;
    if (seen.has(key)) throw new HuzhuError('VALIDATION', `results: line ${i + 2} repeats payment ${key}`, { field: 'results' });
    seen.add(key);
    return { periodId: BigInt(m[1]!), payerId: BigInt(m[2]!), amountFen: BigInt(m[3]!), status: m[4] as 'paid' | 'failed' };
  });
}

export interface ImportSummary { rows: number; paid: number; failed: number; fileSha256: string }

/**
 * Imports a results file: every row must name an open payment of the plan with its exact amount,
 * or the file is refused. The results are recorded, then the engine's retry step settles them.
 */
export async function importResults(db: Db, provider: PaymentProvider, plan: Plan, csv: string, action: Action): Promise<ImportSummary> {
  if (provider.name !== 'batch-file') throw new HuzhuError('CONFLICT', 'results: the server is not using the batch-file payment provider', { field: 'provider' });
  if (plan.rules.funding.mode === 'prepaid') throw new HuzhuError('CONFLICT', `results: plan "${plan.id}" is prepaid: its payments are taken from the wallets, not debited`, { field: 'plan' });
  const rows = parseResults(csv);
  const fileSha256 = sha256Hex(csv);
  const summary = await once(db, action, { kind: 'payments.batch-imported', subject: `plan:${plan.id}` }, async (tx) => {
    if (rows.length) {
      const open = await openPaymentsAmong(tx, plan.id, action.at, rows);
      const amounts = new Map(open.map((o) => [`${o.period_id}:${o.payer_id}`, o.amount_fen]));
      for (const r of rows) {
        const amount = amounts.get(`${r.periodId}:${r.payerId}`);
        if (amount === undefined) throw new HuzhuError('CONFLICT', `results: payment ${r.periodId}:${r.payerId} is not open in plan "${plan.id}"`, { field: 'results' });
        if (amount !== r.amountFen) throw new HuzhuError('CONFLICT', `results: payment ${r.periodId}:${r.payerId} is for ${amount} fen, not ${r.amountFen}`, { field: 'results' });
      }
      await recordBatchResults(tx, rows, action.at, fileSha256);
    }
    return { rows: rows.length, paid: rows.filter((r) => r.status === 'paid').length, failed: rows.filter((r) => r.status === 'failed').length, fileSha256 };
  });
  // Idempotent by its own key (plan + instant): a replayed import settles nothing twice.
  await retryPayments(db, provider, plan, action.at, undefined, action.actor);
  return summary;
}
