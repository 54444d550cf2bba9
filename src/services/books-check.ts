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

export interface BooksCheck {
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
  const add = (name: string, ok: boolean, detail: string) => checks.push({ name, ok, detail });

  const unbalanced = await unbalancedEntries(q);
  add('every entry balances', unbalanced.length === 0, unbalanced.length ? `unbalanced entries: ${unbalanced.map((r) => r.id).join(', ')}` : 'debits = credits in every entry');

  const total = await journalTotals(q);
  add('debits = credits overall', total.d === total.c, `${total.n} entries, debits ${total.d} fen, credits ${total.c} fen`);

  const badPeriods = await unbalancedPeriods(q);
  add('debits = credits per period', badPeriods.length === 0, badPeriods.length ? `periods: ${badPeriods.map((r) => r.period_id).join(', ')}` : 'every period balances');

  const chargeMismatch = await periodsWhoseChargesDiffer(q);
  add('member charges add up to each period\'s billed total', chargeMismatch.length === 0,
    chargeMismatch.length ? chargeMismatch.map((r) => `${r.announced_on}: billed ${r.billed_fen}, charges ${r.charged}`).join('; ') : 'sum of charges = billed for every period');

  const entryMismatch = await periodsWhoseSharingEntryDiffers(q);
  add('each sharing entry matches its published period', entryMismatch.length === 0,
    entryMismatch.length ? `periods: ${entryMismatch.map((r) => r.announced_on).join(', ')}` : 'billed, payouts, fee and subsidy agree');

  const chain = await periodsBreakingTheSurplusChain(q);
  add('each period carries in the previous period\'s surplus', chain.length === 0, chain.length ? `periods: ${chain.map((r) => r.announced_on).join(', ')}` : 'the surplus chain is unbroken');

  const unlike = await periodsUnlikeTheirLogEntry(q);
  add('each period still says what the log published', unlike.length === 0,
    unlike.length ? `periods: ${unlike.map((r) => r.announced_on).join(', ')}` : 'every announced period matches its log entry');

  const paymentMismatch = await chargedPeriodsNotCollected(q);
  add('collections cover every bill of charged periods', paymentMismatch.length === 0,
    paymentMismatch.length ? `periods: ${paymentMismatch.map((r) => r.announced_on).join(', ')}` : 'one payment per payer per charged period, summing to billed');

  for (const plan of await listPlans(q)) {
    const b = await accountBalances(q, plan.id);
    const o = await openAmountsOfPlan(q, plan.id);
    add(`${plan.id}: payer receivable = open bills`, b.payer_receivable === o.open_fen + o.pending_billed,
      `payer_receivable ${b.payer_receivable}, open payments ${o.open_fen} + bills not yet charged ${o.pending_billed}`);
    add(`${plan.id}: operator advance = open failed charges`, b.operator_advance === o.open_fen,
      `operator_advance ${b.operator_advance}, open payments ${o.open_fen}`);
    add(`${plan.id}: claims payable = payouts not yet due`, b.claims_payable === o.pending_payout && b.fee_payable === o.pending_fee && b.operator_receivable === o.pending_subsidy,
      `claims_payable ${b.claims_payable} vs ${o.pending_payout}, fee_payable ${b.fee_payable} vs ${o.pending_fee}, operator_receivable ${b.operator_receivable} vs ${o.pending_subsidy}`);
    // Prepaid plans (issue 13): the wallets are member money held on trust, the only other money settlement may hold.
    add(`${plan.id}: no pooled funds (settlement holds only the surplus carried and the wallets)`, b.settlement === b.surplus_carried - o.pending_surplus + b.wallets,
      `settlement ${b.settlement} fen, surplus carried ${b.surplus_carried} fen, wallets ${b.wallets} fen`);
    if (plan.rules.funding.mode === 'prepaid' || b.wallets !== 0n) await walletChecks(q, plan.id, b, add);
  }
  return { ok: checks.every((c) => c.ok), checks };
}
