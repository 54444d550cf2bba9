/**
 * The books check's proofs for prepaid wallets (issue 13, rule 7): wallets = recharges -
 * deductions - refunds in the movements and in the ledger, no wallet below zero, and after each
 * charge day settlement = surplus carried + wallets (the published walletsFen): no other money
 * stays with the operator.
 */
import type { Queryable } from '../db/database.ts';
import type { Account } from '../domain/ledger-rules.ts';
import type { BooksCheckCode } from './books-check.ts';
import { balancesAfterEachChargeDay, walletTotals } from '../repositories/wallet-books-queries.ts';

export async function walletChecks(q: Queryable, planId: string, b: Record<Account, bigint>, add: (code: BooksCheckCode, name: string, ok: boolean, detail: string, plan?: string) => void): Promise<void> {
  const t = await walletTotals(q, planId);
  const fromMovements = t.recharged - t.deducted - t.refunded;
  add('wallets-movements', `${planId}: wallets = recharges - deductions - refunds`,
    b.wallets === fromMovements && t.ledger_recharged === t.recharged && t.ledger_deducted === t.deducted && t.ledger_refunded === t.refunded,
    `wallets ${b.wallets} fen; movements: recharged ${t.recharged} - deducted ${t.deducted} - refunded ${t.refunded} = ${fromMovements}; ledger: ${t.ledger_recharged} - ${t.ledger_deducted} - ${t.ledger_refunded}`, planId);
  add('wallets-not-negative', `${planId}: no wallet below zero`, t.negative === 0n, `${t.negative} wallet(s) below zero`, planId);
  const days = await balancesAfterEachChargeDay(q, planId);
  const bad = days.filter((d) => d.settlement !== d.surplus - d.pending_surplus + d.wallets || d.wallets !== d.wallets_fen);
  add('wallets-after-charge-days', `${planId}: after each charge day settlement = surplus carried + wallets`, bad.length === 0,
    bad.length
      ? bad.map((d) => `${d.announced_on}: settlement ${d.settlement}, surplus ${d.surplus}, wallets ${d.wallets} (published ${d.wallets_fen})`).join('; ')
      : `${days.length} charge day(s), each settlement = surplus carried + wallets as published`, planId);
}
