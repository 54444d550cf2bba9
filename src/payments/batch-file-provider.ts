/**
 * The batch-file payment provider: how mutual-aid platforms settle with banks and payment
 * companies. On charge day every payment is `pending`; the operator exports the open payments as
 * a CSV of debit instructions, the bank returns a results file, and importing it settles the
 * payments through the engine's own retry step (so late payments post the same ledger entries as
 * any retry). Until a result arrives a payment stays open and follows the normal retry window.
 */
import { sha256Hex } from '../domain/sha256.ts';
import type { Db, Queryable } from '../db/database.ts';
import { HuzhuError } from '../domain/errors.ts';
import { latePaymentEntries } from '../domain/ledger-rules.ts';
import { postEntries } from '../repositories/ledger-repo.ts';
import {
  createResultsStage, firstBadResult, importedResultOutcomeSql, openPaymentsToDebitByPeriod, openPaymentsToDebitPage,
  RESULTS_STAGE, RESULTS_STAGE_COLUMNS, settleStagedResults, stagedKeyRange,
} from '../repositories/payments-repo.ts';
import type { PaymentProvider } from './payment-provider.ts';
import { getPlan, type Plan } from '../repositories/plans-repo.ts';
import { once, type Action } from '../services/idempotent.ts';

export function batchFileProvider(): PaymentProvider {
  return {
    name: 'batch-file',
    outcomeSql: importedResultOutcomeSql,
  };
}

export const INSTRUCTIONS_HEADER = 'period_id,payer_id,payer_ref,amount_fen,attempt,retry_until';
export const RESULTS_HEADER = 'period_id,payer_id,amount_fen,status';
export const MAX_RESULT_ROWS = 1_000_000;
const PAGE = 50_000;

export interface DebitInstructions { rows: number; totalFen: bigint; chunks: AsyncIterable<string> }

/**
 * Debit instructions: every payment of the plan still open (pending or failed) and retryable at
 * `at`. The totals come first (for the file's headers); the file itself is read lazily, period by
 * period in keyset pages of 50,000, so exporting 50 million payments holds one page in memory, never the file.
 */
export async function exportDebitInstructions(q: Queryable, planId: string, at: Date, pageSize = PAGE): Promise<DebitInstructions> {
  // A prepaid plan's open payments are taken from its wallets at a recharge, never debited (issue 13).
  const prepaid = (await getPlan(q, planId)).rules.funding.mode === 'prepaid';
  const periods = prepaid ? [] : await openPaymentsToDebitByPeriod(q, planId, at);
  async function* chunks(): AsyncGenerator<string> {
    yield `${INSTRUCTIONS_HEADER}\n`;
    for (const { periodId } of periods) {
      for (let after = 0n; ;) {
        const page = await openPaymentsToDebitPage(q, periodId, at, after, pageSize);
        if (page.rows) yield page.text;
        if (page.rows < pageSize || page.lastPayerId === null) break;
        after = page.lastPayerId;
      }
    }
  }
  const rows = periods.reduce((n, p) => n + p.rows, 0n);
  return { rows: Number(rows), totalFen: periods.reduce((n, p) => n + p.fen, 0n), chunks: chunks() };
}

/** The whole instructions file as one string: for small plans and tests (a large one is streamed). */
export async function instructionsText(x: DebitInstructions): Promise<string> {
  let out = '';
  for await (const c of x.chunks) out += c;
  return out;
}

export interface ResultsChunk { tsv: string; rows: number; paid: number; failed: number }

/**
 * Reads a results file strictly, line by line, into COPY text for the stage, `perChunk` rows at a
 * time: any malformed line rejects the whole file (nothing is imported). Lazily, so a file of a
 * million rows is never a million objects.
 */
export function* resultsChunks(csv: string, perChunk = 100_000): Generator<ResultsChunk> {
  let pos = csv.indexOf('\n');
  const header = (pos < 0 ? csv : csv.slice(0, pos)).trim();
  if (header !== RESULTS_HEADER) throw new HuzhuError('VALIDATION', `results: the first line must be "${RESULTS_HEADER}"`, { field: 'results' });
  let line = 1;
  let rows = 0;
  let chunk: ResultsChunk = { tsv: '', rows: 0, paid: 0, failed: 0 };
  while (pos >= 0 && pos < csv.length) {
    const next = csv.indexOf('\n', pos + 1);
    const text = csv.slice(pos + 1, next < 0 ? csv.length : next).trim();
    pos = next;
    line++;
    if (text === '') continue;
    const m = /^(\d{1,18}),(\d{1,18}),(\d{1,18}),(paid|failed)$/.exec(text);
    if (!m) throw new HuzhuError('VALIDATION', `results: line ${line} is not "period_id,payer_id,amount_fen,paid|failed"`, { field: 'results' });
    if (++rows > MAX_RESULT_ROWS) throw new HuzhuError('VALIDATION', 'results: at most 1,000,000 rows per file', { field: 'results' });
    chunk.tsv += `${line}\t${m[1]}\t${m[2]}\t${m[3]}\t${m[4]}\n`;
    chunk.rows++;
    if (m[4] === 'paid') chunk.paid++; else chunk.failed++;
    if (chunk.rows === perChunk) { yield chunk; chunk = { tsv: '', rows: 0, paid: 0, failed: 0 }; }
  }
  if (chunk.rows) yield chunk;
}

export interface ImportSummary { rows: number; paid: number; failed: number; fileSha256: string }

/**
 * Imports a results file in one transaction: COPY into a temporary stage, then one UPDATE settles
 * exactly the file's payments if every row is good (otherwise one query names the first bad row:
 * a payment named twice, not open in the plan, or for another amount; the file is refused, nothing
 * written), and the paid ones post the same late-payment entries as any retry. Set-based, so a
 * file of a million rows costs a few seconds, and a replay of the same key changes nothing.
 */
export async function importResults(db: Db, provider: PaymentProvider, plan: Plan, csv: string, action: Action): Promise<ImportSummary> {
  if (provider.name !== 'batch-file') throw new HuzhuError('CONFLICT', 'results: the server is not using the batch-file payment provider', { field: 'provider' });
  if (plan.rules.funding.mode === 'prepaid') throw new HuzhuError('CONFLICT', `results: plan "${plan.id}" is prepaid: its payments are taken from the wallets, not debited`, { field: 'plan' });
  const fileSha256 = sha256Hex(csv);
  return once(db, action, { kind: 'payments.batch-imported', subject: `plan:${plan.id}` }, async (tx) => {
    const summary: ImportSummary = { rows: 0, paid: 0, failed: 0, fileSha256 };
    for (const c of resultsChunks(csv)) {
      if (!summary.rows) await createResultsStage(tx);
      await tx.copyIn(RESULTS_STAGE, RESULTS_STAGE_COLUMNS, c.tsv);
      summary.rows += c.rows; summary.paid += c.paid; summary.failed += c.failed;
    }
    if (!summary.rows) return summary;
    const range = await stagedKeyRange(tx);
    const paid = await settleStagedResults(tx, { planId: plan.id, at: action.at, fileSha256, range, staged: summary.rows });
    if (!paid) throw badResult(plan.id, await firstBadResult(tx, plan.id, action.at, range));
    for (const p of paid) {
      if (p.paidFen === 0n) continue;
      await postEntries(tx, { planId: plan.id, periodId: p.periodId, key: `results:${plan.id}:${action.key}:${p.periodId}`, at: action.at, actor: action.actor },
        latePaymentEntries(p.paidFen, `late payments: results file ${fileSha256.slice(0, 12)} at ${action.at.toISOString()}`));
    }
    return summary;
  });
}

function badResult(planId: string, bad: Awaited<ReturnType<typeof firstBadResult>>): HuzhuError {
  // settleStagedResults refuses a file only for a row firstBadResult names; one it cannot name is a bug here.
  if (!bad) throw new HuzhuError('INTERNAL', 'results: the file was refused, but no line of it is wrong', { field: 'results' });
  const payment = `${bad.periodId}:${bad.payerId}`;
  if (bad.problem === 'repeated') return new HuzhuError('VALIDATION', `results: line ${bad.line} repeats payment ${payment}`, { field: 'results' });
  if (bad.problem === 'not-open') return new HuzhuError('CONFLICT', `results: line ${bad.line}: payment ${payment} is not open in plan "${planId}"`, { field: 'results' });
  return new HuzhuError('CONFLICT', `results: line ${bad.line}: payment ${payment} is for ${bad.openFen} fen, not the file's amount`, { field: 'results' });
}
