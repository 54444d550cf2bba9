/**
 * `huzhu books check`: proves the books from the database alone. Each check is one aggregate
 * query (repositories/books-queries.ts), so it costs a few scans however many members there are.
 */
import type { Queryable } from '../db/database.ts';
import { accountBalances } from '../repositories/ledger-repo.ts';
import { listPlans } from '../repositories/plans-repo.ts';
import {
  chargedPeriodsNotCollected, periodsUnlikeTheirLogEntry, journalTotals, openAmountsOfPlan, periodsBreakingTheSurplusChain, periodsWhoseChargesDiffer,
  periodsWhoseSharingEntryDiffers, unbalancedEntries, unbalancedPeriods,
} from '../repositories/books-queries.ts';
import { walletChecks } from './wallet-books-check.ts';
import { windDownChecks } from './wind-down-books-check.ts';

/** Stable codes of the checks, for pages that translate them (`name` and `detail` are English). */
export const BOOKS_CHECK_CODES = [
  'entries-balance', 'overall-balance', 'periods-balance', 'charges-add-up', 'sharing-entries-match', 'surplus-chain', 'periods-match-log', 'collections-cover-bills', 'payer-receivable', 'operator-advance', 'claims-payable', 'no-pooled-funds', 'wallets-movements', 'wallets-not-negative', 'wallets-after-charge-days',
  'wind-down-operator-funded', 'wind-down-books-zero',
] as const;
export type BooksCheckCode = typeof BOOKS_CHECK_CODES[number];

export interface BooksCheck {
  code: BooksCheckCode;
  /** The plan a per-plan check is about. */
  plan?: string;
  name: string;
  ok: boolean;
  detail: string;
}

export interface BooksReport {
  ok: boolean;
  checks: BooksCheck[];
}

export async function checkBooks(q: Queryable): Promise<BooksReport> {
  const checks: BooksCheck[] = [];
  const add = (code: BooksCheckCode, name: string, ok: boolean, detail: string, plan?: string) => checks.push({ code, ...(plan ? { plan } : {}), name, ok, detail });

  const unbalanced = await unbalancedEntries(q);
  add('entries-balance', 'every entry balances', unbalanced.length === 0, unbalanced.length ? `unbalanced entries: ${unbalanced.map((r) => r.id).join(', ')}` : 'debits = credits in every entry');

  const total = await journalTotals(q);
  add('overall-balance', 'debits = credits overall', total.d === total.c, `${total.n} entries, debits ${total.d} fen, credits ${total.c} fen`);

  const badPeriods = await unbalancedPeriods(q);
  add('periods-balance', 'debits = credits per period', badPeriods.length === 0, badPeriods.length ? `periods: ${badPeriods.map((r) => r.period_id).join(', ')}` : 'every period balances');

  const chargeMismatch = await periodsWhoseChargesDiffer(q);
  add('charges-add-up', 'member charges add up to each period\'s billed total', chargeMismatch.length === 0,
    chargeMismatch.length ? chargeMismatch.map((r) => `${r.announced_on}: billed ${r.billed_fen}, charges ${r.charged}`).join('; ') : 'sum of charges = billed for every period');

  const entryMismatch = await periodsWhoseSharingEntryDiffers(q);
  add('sharing-entries-match', 'each sharing entry matches its published period', entryMismatch.length === 0,
    entryMismatch.length ? `periods: ${entryMismatch.map((r) => r.announced_on).join(', ')}` : 'billed, payouts, fee and subsidy agree');

  const chain = await periodsBreakingTheSurplusChain(q);
  add('surplus-chain', 'each period carries in the previous period\'s surplus', chain.length === 0, chain.length ? `periods: ${chain.map((r) => r.announced_on).join(', ')}` : 'the surplus chain is unbroken');

  const unlike = await periodsUnlikeTheirLogEntry(q);
  add('periods-match-log', 'each period still says what the log published', unlike.length === 0,
    unlike.length ? `periods: ${unlike.map((r) => r.announced_on).join(', ')}` : 'every announced period matches its log entry');

  const paymentMismatch = await chargedPeriodsNotCollected(q);
  add('collections-cover-bills', 'collections cover every bill of charged periods', paymentMismatch.length === 0,
    paymentMismatch.length ? `periods: ${paymentMismatch.map((r) => r.announced_on).join(', ')}` : 'one payment per payer per charged period, summing to billed');

  for (const plan of await listPlans(q)) {
    const b = await accountBalances(q, plan.id);
    const o = await openAmountsOfPlan(q, plan.id);
    add('payer-receivable', `${plan.id}: payer receivable = open bills`, b.payer_receivable === o.open_fen + o.pending_billed,
      `payer_receivable ${b.payer_receivable}, open payments ${o.open_fen} + bills not yet charged ${o.pending_billed}`, plan.id);
    add('operator-advance', `${plan.id}: operator advance = open failed charges`, b.operator_advance === o.open_fen,
      `operator_advance ${b.operator_advance}, open payments ${o.open_fen}`, plan.id);
    add('claims-payable', `${plan.id}: claims payable = payouts not yet due`, b.claims_payable === o.pending_payout && b.fee_payable === o.pending_fee && b.operator_receivable === o.pending_subsidy,
      `claims_payable ${b.claims_payable} vs ${o.pending_payout}, fee_payable ${b.fee_payable} vs ${o.pending_fee}, operator_receivable ${b.operator_receivable} vs ${o.pending_subsidy}`, plan.id);
    // Prepaid plans (issue 13): the wallets are member money held on trust, the only other money settlement may hold.
    add('no-pooled-funds', `${plan.id}: no pooled funds (settlement holds only the surplus carried and the wallets)`, b.settlement === b.surplus_carried - o.pending_surplus + b.wallets,
      `settlement ${b.settlement} fen, surplus carried ${b.surplus_carried} fen, wallets ${b.wallets} fen`, plan.id);
    if (plan.rules.funding.mode === 'prepaid' || b.wallets !== 0n) await walletChecks(q, plan.id, b, add);
    await windDownChecks(q, plan.id, b, add); // issue 13: operator-funded periods, and a closed plan's books at zero
  }
  return { ok: checks.every((c) => c.ok), checks };
}
