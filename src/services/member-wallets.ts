/**
 * A member account's wallets in prepaid plans (issue 13): the balance, the plan's limits, what was
 * refunded and the reminders, and the recharge. Each use case asks requireAccess first.
 */
import type { Db } from '../db/database.ts';
import type { Principal } from '../domain/principal.ts';
import { prepaidFunding } from '../domain/wallet-rules.ts';
import type { PaymentProvider } from '../payments/payment-provider.ts';
import { payerRef } from '../repositories/members-repo.ts';
import { listPlans } from '../repositories/plans-repo.ts';
import { remindersOf, walletsOfPayer, type ReminderRow } from '../repositories/wallets-repo.ts';
import { payerOf, requireAccess } from './access.ts';
import type { Action } from './idempotent.ts';
import { recharge, type RechargeResult } from './wallets.ts';

export interface MemberWallet {
  plan: string; balanceFen: bigint; refundedFen: bigint; joinDepositFen: bigint; lowBalanceFen: bigint; maxBalanceFen: bigint;
  reminders: ReminderRow[];
}

/** One wallet per prepaid plan, shown even before the first recharge (balance 0), newest reminders last. */
export async function walletsOfMember(db: Db, principal: Principal): Promise<MemberWallet[]> {
  const payerId = payerOf(principal);
  const held = new Map((await walletsOfPayer(db, payerId)).map((w) => [w.plan_id, w]));
  const out: MemberWallet[] = [];
  for (const plan of await listPlans(db)) {
    if (plan.rules.funding.mode !== 'prepaid') continue;
    const f = plan.rules.funding;
    const w = held.get(plan.id);
    out.push({
      plan: plan.id, balanceFen: w?.balance_fen ?? 0n, refundedFen: w?.refunded_fen ?? 0n,
      joinDepositFen: f.joinDepositFen, lowBalanceFen: f.lowBalanceFen, maxBalanceFen: f.maxBalanceFen,
      reminders: w ? await remindersOf(db, plan.id, payerId) : [],
    });
  }
  return out;
}

/** Recharges the account's own wallet in a prepaid plan through the payment provider. */
export async function rechargeMyWallet(db: Db, provider: PaymentProvider, principal: Principal, input: { plan: string; amountFen: bigint }, action: Action): Promise<RechargeResult> {
  const { planId, payerId } = await requireAccess(db, principal, 'wallet.own', input.plan);
  const plans = await listPlans(db);
  prepaidFunding(plans.find((p) => p.id === planId)!.rules.funding, planId);
  return recharge(db, provider, { plan: planId, payer: await payerRef(db, payerId), amountFen: input.amountFen }, action);
}
