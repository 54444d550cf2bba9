/**
 * The books check's proofs for a wind-down (issue 13): every period charged at or after its start
 * is operator-funded as published (fee, share and billed 0, subsidy and surplus out from the
 * payouts and the surplus carried in), and once the plan is closed every account is zero but the
 * operator's own (operator_receivable, operator_advance): no member money stays on the books.
 */
import type { Queryable } from '../db/database.ts';
import type { Account } from '../domain/ledger-rules.ts';
import { isOperatorFunded, operatorFundedPeriod } from '../domain/wind-down.ts';
import { listPeriods } from '../repositories/periods-repo.ts';
import { findWindDownOfPlan } from '../repositories/wind-downs-repo.ts';
import type { BooksCheckCode } from './books-check.ts';

/** The operator's own accounts: what it owes the plan or has advanced to it. */
export const OPERATOR_ACCOUNTS: readonly Account[] = ['operator_receivable', 'operator_advance'];

export async function windDownChecks(q: Queryable, planId: string, b: Record<Account, bigint>, add: (code: BooksCheckCode, name: string, ok: boolean, detail: string, plan?: string) => void): Promise<void> {
  const w = await findWindDownOfPlan(q, planId);
  if (!w || w.startedAt === null) return;
  const funded = (await listPeriods(q, planId)).filter((p) => isOperatorFunded(w.startedAt, p.chargedAt));
  const bad = funded.filter((p) => {
    const e = operatorFundedPeriod({ payoutFen: p.payoutFen, surplusInFen: p.carriedInFen });
    return p.feeFen !== 0n || p.shareFen !== 0n || p.billedFen !== 0n || p.operatorSubsidyFen !== e.operatorSubsidyFen || p.surplusOutFen !== e.surplusOutFen;
  });
  add('wind-down-operator-funded', `${planId}: every period charged since the wind-down began is operator-funded`, bad.length === 0,
    bad.length ? `periods: ${bad.map((p) => p.announcedOn).join(', ')}` : `${funded.length} period(s), nobody billed, the operator paid ${funded.reduce((s, p) => s + p.operatorSubsidyFen, 0n)} fen`, planId);
  if (w.closedAt === null) return;
  const left = (Object.entries(b) as [Account, bigint][]).filter(([acc, fen]) => !OPERATOR_ACCOUNTS.includes(acc) && fen !== 0n);
  add('wind-down-books-zero', `${planId}: closed, every account is zero but the operator's own`, left.length === 0,
    left.length ? left.map(([acc, fen]) => `${acc} ${fen}`).join(', ') : `operator_receivable ${b.operator_receivable}, operator_advance ${b.operator_advance}; every other account 0`, planId);
}
