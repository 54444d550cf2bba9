/**
 * Prepaid wallets (issue 13): the recharge (through the payment provider, then the failed
 * payments retried oldest first), the refund of a settled payer (rule 6), and the wallet half of
 * a prepaid plan's charge day. The rules are in domain/wallet-rules.ts; the SQL in wallets-repo.ts.
 */
import type { Db, Queryable } from '../db/database.ts';
import { HuzhuError } from '../domain/errors.ts';
import { deductionEntry, rechargeEntry, refundEntry, walletLatePaymentEntries } from '../domain/ledger-rules.ts';
import { decideRecharge, prepaidFunding, settleOldestFirst } from '../domain/wallet-rules.ts';
import type { PaymentProvider } from '../payments/payment-provider.ts';
import { postEntries, postEntry } from '../repositories/ledger-repo.ts';
import { upsertPayer } from '../repositories/members-repo.ts';
import { getPlan, type Plan } from '../repositories/plans-repo.ts';
import {
  insertMovement, lockPlanWallets, lockWallet, openPaymentsOfPayer, rechargeOutcome, recordReminders, refundSettledWallets, refundWholeWallet,
  takeLatePayments, walletBalance,
} from '../repositories/wallets-repo.ts';
import { once, type Action } from './idempotent.ts';
import { assertPlanOpen } from './wind-down.ts';

export interface RechargeResult { plan: string; payer: string; amountFen: bigint; balanceFen: bigint; settledPeriods: number; refundedFen: bigint }

/**
 * Rule 2 and the retries of rule 4: the recharge is refused BALANCE_LIMIT above maxBalanceFen
 * and RECHARGE_FAILED unless the provider takes it at once (nothing changes either way); then
 * the payer's failed payments still in their retry window are taken oldest first, each in full.
 */
export async function recharge(db: Db, provider: PaymentProvider, input: { plan: string; payer: string; amountFen: bigint }, action: Action): Promise<RechargeResult> {
  if (typeof input.amountFen !== 'bigint') throw new HuzhuError('VALIDATION', 'amountFen: a positive whole number of fen', { field: 'amountFen' });
  return once(db, action, { kind: 'wallet.recharge', subject: `payer:${input.payer}` }, async (tx) => {
    const plan = await getPlan(tx, input.plan);
    const funding = prepaidFunding(plan.rules.funding, plan.id);
    await lockPlanWallets(tx, plan.id, 'recharge');
    await assertPlanOpen(tx, plan.id, action.at, 'recharge'); // refused PLAN_CLOSING from a wind-down's start (issue 13)
    const payerId = await upsertPayer(tx, input.payer);
    await lockWallet(tx, payerId);
    decideRecharge(funding, await walletBalance(tx, plan.id, payerId), input.amountFen);
    const outcome = await rechargeOutcome(tx, provider, payerId, action.at);
    if (outcome !== 'paid') throw new HuzhuError('RECHARGE_FAILED', `amountFen: the payment provider answered "${outcome}"`, { field: 'amountFen' });
    const ref = `recharge:${plan.id}:${action.key}`;
    await insertMovement(tx, { planId: plan.id, payerId, kind: 'recharge', amountFen: input.amountFen, periodId: null, at: action.at, ref });
    const entry = rechargeEntry(input.amountFen, 'recharge of a prepaid wallet');
    if (entry) await postEntry(tx, { planId: plan.id, periodId: null, key: ref, at: action.at, actor: action.actor }, entry);
    const settled = await settleFromWallet(tx, plan, payerId, action.at, ref, action.actor);
    // A late payment that settles a departed payer's last obligation: the rest goes back (rule 6).
    const refundedFen = settled > 0 ? await refundSettled(tx, plan, action.at, `${ref}:refund`, action.actor, null, payerId) : 0n;
    return { plan: plan.id, payer: input.payer, amountFen: input.amountFen, balanceFen: await walletBalance(tx, plan.id, payerId), settledPeriods: settled, refundedFen };
  });
}

/** Takes the payer's open payments from its wallet, oldest period first, each in full or not at all. */
async function settleFromWallet(tx: Queryable, plan: Plan, payerId: bigint, at: Date, ref: string, actor: string): Promise<number> {
  const open = await openPaymentsOfPayer(tx, plan.id, payerId, at);
  if (!open.length) return 0;
  const { taken } = settleOldestFirst(await walletBalance(tx, plan.id, payerId), open);
  await takeLatePayments(tx, { planId: plan.id, payerId, periodIds: taken.map((p) => p.periodId), at, ref: `${ref}:late` });
  for (const p of taken) {
    await postEntries(tx, { planId: plan.id, periodId: p.periodId, key: `${ref}:late:${p.periodId}`, at, actor }, walletLatePaymentEntries(p.amountFen, 'late payment at a recharge'));
  }
  return taken.length;
}

/**
 * Rule 6: refunds (one statement, every payer of the plan or one) each payer with no active
 * membership who owes nothing, and posts the total as one entry. A no-op for post-paid plans.
 */
export async function refundSettled(tx: Queryable, plan: Plan, at: Date, ref: string, actor: string, periodId: bigint | null, payerId?: bigint): Promise<bigint> {
  if (plan.rules.funding.mode !== 'prepaid') return 0n;
  const r = await refundSettledWallets(tx, { planId: plan.id, at, ref, periodId, ...(payerId === undefined ? {} : { payerId }) });
  const entry = refundEntry(r.refundedFen, `refunds of ${r.refunds} wallet(s) whose payers have left and owe nothing`);
  if (entry) await postEntry(tx, { planId: plan.id, periodId, key: ref, at, actor }, entry);
  return r.refundedFen;
}

/** One payer's whole balance refunded now, whatever is pending: the wind-down's refund of every wallet. */
export async function refundWallet(tx: Queryable, plan: Plan, payerId: bigint, at: Date, ref: string, actor: string): Promise<bigint> {
  const fen = await refundWholeWallet(tx, { planId: plan.id, payerId, at, ref });
  const entry = refundEntry(fen, 'refund of a whole wallet');
  if (entry) await postEntry(tx, { planId: plan.id, periodId: null, key: ref, at, actor }, entry);
  return fen;
}

/** The deduction entry of a prepaid plan's charge (the collection itself is collectPeriodFromWallets). */
export async function postDeductions(tx: Queryable, ctx: { planId: string; periodId: bigint; key: string; at: Date; actor: string }, deductedFen: bigint, memo: string): Promise<void> {
  const entry = deductionEntry(deductedFen, `${memo}: shares taken from wallets`);
  if (entry) await postEntry(tx, { ...ctx, key: `${ctx.key}:deduction` }, entry);
}

/** After a prepaid charge: refunds of payers it settled, then the reminders (none for those refunded). */
export async function afterPrepaidCharge(tx: Queryable, plan: Plan, periodId: bigint, at: Date, key: string, actor: string): Promise<{ refundedFen: bigint; reminders: bigint }> {
  const funding = prepaidFunding(plan.rules.funding, plan.id);
  const refundedFen = await refundSettled(tx, plan, at, `${key}:refund`, actor, periodId);
  const reminders = await recordReminders(tx, { planId: plan.id, periodId, at, lowBalanceFen: funding.lowBalanceFen });
  return { refundedFen, reminders };
}
