/**
 * Failed charges: retried every day (and at once when a payer's payment method recovers) until
 * the end of the last retry day; then written off, the operator's advance becomes its guarantee,
 * and the memberships are removed (`removed-nonpayment`).
 */
import type { Db } from '../db/database.ts';
import { latePaymentEntries, writeOffEntry } from '../domain/ledger-rules.ts';
import { HuzhuError } from '../domain/errors.ts';
import { postEntries, postEntry } from '../repositories/ledger-repo.ts';
import { findPayerId } from '../repositories/members-repo.ts';
import { retryOpenPayments, setSimulatedFailing, writeOffExpired } from '../repositories/payments-repo.ts';
import type { PaymentProvider } from '../payments/payment-provider.ts';
import type { Plan } from '../repositories/plans-repo.ts';
import { once, type Action } from './idempotent.ts';
import { refundSettled } from './wallets.ts';
import { planStatus } from './wind-down.ts';

/** The daily retry through the provider; a prepaid plan's payments are retried only at a recharge (services/wallets.ts). */
export async function retryPayments(db: Db, provider: PaymentProvider, plan: Plan, at: Date, payer?: { id: bigint; ref: string }, actor = 'calendar'): Promise<void> {
  if (plan.rules.funding.mode === 'prepaid') return;
  const key = `retry:${plan.id}:${payer ? `payer:${payer.ref}:` : ''}${at.toISOString()}`;
  await once(db, { key, actor, at }, { kind: 'payments.retried', subject: `plan:${plan.id}` }, async (tx) => {
    const paid = await retryOpenPayments(tx, provider, { planId: plan.id, at, ...(payer ? { payerId: payer.id } : {}) });
    for (const p of paid) {
      await postEntries(tx, { planId: plan.id, periodId: p.periodId, key: `${key}:${p.periodId}`, at, actor }, latePaymentEntries(p.paidFen, `late payments at ${at.toISOString()}`));
    }
    return { periods: paid.length };
  });
}

export async function writeOffAndRemove(db: Db, plan: Plan, at: Date, actor = 'calendar'): Promise<void> {
  const key = `write-off:${plan.id}:${at.toISOString()}`;
  await once(db, { key, actor, at }, { kind: 'payments.written-off', subject: `plan:${plan.id}` }, async (tx) => {
    // A plan winding down removes nobody for non-payment (issue 13): the operator covers it.
    const rows = await writeOffExpired(tx, { planId: plan.id, at, keepMembers: (await planStatus(tx, plan.id, at)) !== 'active' });
    for (const r of rows) {
      const entry = writeOffEntry(r.unpaidFen, `unpaid shares written off; members removed for non-payment`);
      if (entry) await postEntry(tx, { planId: plan.id, periodId: r.periodId, key: `${key}:${r.periodId}`, at, actor }, entry);
    }
    // Prepaid: a write-off that settles a removed payer's last obligation refunds its wallet (issue 13, rule 6).
    await refundSettled(tx, plan, at, `${key}:refund`, actor, null);
    return { periods: rows.length, removed: rows[0]?.removed ?? 0n };
  });
}

/** The simulated provider's switch: the payer's payment method starts or stops failing. */
export async function setPayerFailing(db: Db, payerRef: string, failing: boolean, action: Action): Promise<void> {
  await once(db, action, { kind: failing ? 'payer.fails' : 'payer.recovers', subject: `payer:${payerRef}` }, async (tx) => {
    const id = await findPayerId(tx, payerRef);
    if (id === undefined) throw new HuzhuError('NOT_FOUND', `payer: "${payerRef}" is not known`, { field: 'payer' });
    await setSimulatedFailing(tx, id, failing, action.at);
    return { payer: payerRef, failing };
  });
}
