/**
 * THE LEDGER RULES: which balanced journal entries each money movement posts. Pure; the ledger
 * repository writes them and src/db/migrations/0002_ledger.sql enforces balance and immutability.
 *
 * The money path of one period (P = payouts, F = fee, S = operator subsidy, B = billed):
 *   announcement   Dr payer_receivable B, Dr operator_receivable S, Dr surplus_carried in
 *                  Cr claims_payable P, Cr fee_payable F, Cr surplus_carried out
 *   charge day     Dr settlement <- Cr payer_receivable     what payers paid
 *                  Dr settlement <- Cr operator_advance     the operator advances what they did not,
 *                                                          so claimants are always paid in full
 *                  Dr settlement <- Cr operator_receivable  the operator pays the subsidy
 *                  Dr claims_payable -> Cr settlement       payouts to claimants
 *                  Dr fee_payable -> Cr settlement          the fee to the operator
 *   late payment   Dr settlement <- Cr payer_receivable, then Dr operator_advance -> Cr settlement
 *   removal        Dr operator_advance -> Cr payer_receivable  (the operator's guarantee, written off)
 * Prepaid plans (issue 13) add the wallets, member money held on trust:
 *   recharge       Dr settlement -> Cr wallets
 *   deduction      Dr wallets -> Cr payer_receivable       the charge (or a late payment) taken from a wallet
 *   refund         Dr wallets -> Cr settlement
 * So after every charge day the settlement account holds exactly the surplus carried plus the
 * wallets: no pooled ("precipitated") money stays on the books.
 * A wind-down (issue 13) adds, from operator money:
 *   share refund   Dr operator_receivable -> Cr settlement, then Dr settlement <- Cr operator_receivable
 *                  (the shares every payer paid, refunded; the operator pays them in at once)
 *   surplus release Dr surplus_carried -> Cr settlement   the surplus left at closing, to the operator
 */
import { HuzhuError } from './errors.ts';
import type { Fen } from './money.ts';

export const ACCOUNTS = [
  'payer_receivable', 'operator_receivable', 'settlement', 'claims_payable', 'fee_payable', 'surplus_carried', 'operator_advance', 'wallets',
] as const;
export type Account = (typeof ACCOUNTS)[number];

export type EntryKind = 'sharing' | 'collection' | 'advance' | 'subsidy' | 'payout' | 'fee' | 'repayment' | 'write-off' | 'reversal' | 'recharge' | 'deduction' | 'refund' | 'share-refund' | 'surplus-release';

export interface Line {
  account: Account;
  debitFen: Fen;
  creditFen: Fen;
}

export interface EntryDraft {
  kind: EntryKind;
  memo: string;
  lines: Line[];
}

const dr = (account: Account, fen: Fen): Line => ({ account, debitFen: fen, creditFen: 0n });
const cr = (account: Account, fen: Fen): Line => ({ account, debitFen: 0n, creditFen: fen });

/** Drops zero lines; throws if what is left does not balance. Returns null for an all-zero entry. */
export function finish(kind: EntryKind, memo: string, lines: Line[]): EntryDraft | null {
  const kept = lines.filter((l) => l.debitFen !== 0n || l.creditFen !== 0n);
  for (const l of kept) {
    if (l.debitFen < 0n || l.creditFen < 0n || (l.debitFen > 0n && l.creditFen > 0n)) {
      throw new HuzhuError('BOOKS_UNBALANCED', `${kind}: a line must be a positive debit or a positive credit`);
    }
  }
  if (kept.length === 0) return null;
  const debits = kept.reduce((s, l) => s + l.debitFen, 0n);
  const credits = kept.reduce((s, l) => s + l.creditFen, 0n);
  if (debits !== credits) throw new HuzhuError('BOOKS_UNBALANCED', `${kind}: debits ${debits} != credits ${credits}`);
  return { kind, memo, lines: kept };
}

export interface SharingAmounts {
  billedFen: Fen;
  operatorSubsidyFen: Fen;
  carriedInFen: Fen;
  payoutFen: Fen;
  feeFen: Fen;
  surplusOutFen: Fen;
}

export function sharingEntry(a: SharingAmounts, memo: string): EntryDraft | null {
  return finish('sharing', memo, [
    dr('payer_receivable', a.billedFen),
    dr('operator_receivable', a.operatorSubsidyFen),
    dr('surplus_carried', a.carriedInFen),
    cr('claims_payable', a.payoutFen),
    cr('fee_payable', a.feeFen),
    cr('surplus_carried', a.surplusOutFen),
  ]);
}

export function chargeDayEntries(a: { paidFen: Fen; unpaidFen: Fen; operatorSubsidyFen: Fen; payoutFen: Fen; feeFen: Fen }, memo: string): EntryDraft[] {
  return [
    finish('collection', `${memo}: shares collected`, [dr('settlement', a.paidFen), cr('payer_receivable', a.paidFen)]),
    finish('advance', `${memo}: operator advances uncollected shares`, [dr('settlement', a.unpaidFen), cr('operator_advance', a.unpaidFen)]),
    finish('subsidy', `${memo}: operator pays the subsidy`, [dr('settlement', a.operatorSubsidyFen), cr('operator_receivable', a.operatorSubsidyFen)]),
    finish('payout', `${memo}: payouts to claimants`, [dr('claims_payable', a.payoutFen), cr('settlement', a.payoutFen)]),
    finish('fee', `${memo}: management fee to the operator`, [dr('fee_payable', a.feeFen), cr('settlement', a.feeFen)]),
  ].filter((e): e is EntryDraft => e !== null);
}

export function latePaymentEntries(paidFen: Fen, memo: string): EntryDraft[] {
  return [
    finish('collection', `${memo}: late shares collected`, [dr('settlement', paidFen), cr('payer_receivable', paidFen)]),
    finish('repayment', `${memo}: operator advance repaid`, [dr('operator_advance', paidFen), cr('settlement', paidFen)]),
  ].filter((e): e is EntryDraft => e !== null);
}

/** A prepaid plan's charge: the payments the wallets covered, taken from them (the money is already in settlement). */
export function deductionEntry(deductedFen: Fen, memo: string): EntryDraft | null {
  return finish('deduction', memo, [dr('wallets', deductedFen), cr('payer_receivable', deductedFen)]);
}

/** A late payment of a prepaid plan, taken from a wallet at a recharge: the operator's advance is repaid. */
export function walletLatePaymentEntries(paidFen: Fen, memo: string): EntryDraft[] {
  return [
    deductionEntry(paidFen, `${memo}: late shares taken from wallets`),
    finish('repayment', `${memo}: operator advance repaid`, [dr('operator_advance', paidFen), cr('settlement', paidFen)]),
  ].filter((e): e is EntryDraft => e !== null);
}

export function rechargeEntry(fen: Fen, memo: string): EntryDraft | null {
  return finish('recharge', memo, [dr('settlement', fen), cr('wallets', fen)]);
}

export function refundEntry(fen: Fen, memo: string): EntryDraft | null {
  return finish('refund', memo, [dr('wallets', fen), cr('settlement', fen)]);
}

/** A wind-down's refund of past shares: paid out to the payers and paid in by the operator, one pair. */
export function shareRefundEntries(fen: Fen, memo: string): EntryDraft[] {
  return [
    finish('share-refund', `${memo}: the shares payers paid, refunded`, [dr('operator_receivable', fen), cr('settlement', fen)]),
    finish('subsidy', `${memo}: the operator pays the refund of past shares`, [dr('settlement', fen), cr('operator_receivable', fen)]),
  ].filter((e): e is EntryDraft => e !== null);
}

/** The surplus still carried when a wound-down plan closes: to the operator, against what the wind-down cost it. */
export function surplusReleaseEntry(fen: Fen, memo: string): EntryDraft | null {
  return finish('surplus-release', memo, [dr('surplus_carried', fen), cr('settlement', fen)]);
}

export function writeOffEntry(unpaidFen: Fen, memo: string): EntryDraft | null {
  return finish('write-off', memo, [dr('operator_advance', unpaidFen), cr('payer_receivable', unpaidFen)]);
}

/** The entry that cancels another: every line on the other side. */
export function reversalOf(lines: Line[], memo: string): EntryDraft {
  const e = finish('reversal', memo, lines.map((l) => ({ account: l.account, debitFen: l.creditFen, creditFen: l.debitFen })));
  if (!e) throw new HuzhuError('CONFLICT', 'nothing to reverse: the entry has no lines');
  return e;
}
