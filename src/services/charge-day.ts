/**
 * Charge day (00:00 of the 14th / 28th): collect every payer's bill through the payment provider,
 * let the operator advance what was not collected and pay the subsidy, pay the claimants in full
 * and the fee, and end the memberships of severe claimants. One transaction per period.
 */
import type { Db } from '../db/database.ts';
import { lastRetryDay } from '../domain/calendar.ts';
import { chargeDayEntries } from '../domain/ledger-rules.ts';
import { addDays, startOfDay } from '../domain/local-date.ts';
import { postEntries } from '../repositories/ledger-repo.ts';
import { collectPeriod, refreshPaymentStatistics } from '../repositories/payments-repo.ts';
import type { PaymentProvider } from '../payments/payment-provider.ts';
import { findPeriod, markCharged, type Period } from '../repositories/periods-repo.ts';
import { payClaimsOfPeriod } from '../repositories/claims-repo.ts';
import { endMembershipsPaidOut } from '../repositories/members-repo.ts';
import type { Plan } from '../repositories/plans-repo.ts';
import { once } from './idempotent.ts';
import { collectPeriodFromWallets, lockPlanWallets, recordPeriodWallets } from '../repositories/wallets-repo.ts';
import { afterPrepaidCharge, postDeductions } from './wallets.ts';
import { logWalletsCharged } from '../transparency/entries/wallet-entries.ts';
import { logChargeDay } from '../transparency/entries/engine-entries.ts'; // transparency log (issue 4)

export async function runChargeDay(db: Db, provider: PaymentProvider, plan: Plan, period: Period, actor = 'calendar'): Promise<void> {
  const at = period.chargedAt;
  const key = `charge:${plan.id}:${period.announcedOn}`;
  await once(db, { key, actor, at }, { kind: 'period.charged', subject: `plan:${plan.id}` }, async (tx) => {
    const current = await findPeriod(tx, plan.id, period.announcedOn, true);
    if (!current || current.status === 'charged') return { announcedOn: period.announcedOn, alreadyCharged: true };
    // Retries run through the end of the last retry day; the member is removed at the next 00:00.
    const retryUntil = startOfDay(addDays(lastRetryDay(plan.rules, period.chargedOn), 1), plan.rules.timeZone);
    // A prepaid plan takes each payment from the payer's wallet if it covers it in full (issue 13).
    const prepaid = plan.rules.funding.mode === 'prepaid';
    if (prepaid) await lockPlanWallets(tx, plan.id, 'charge');
    const totals = prepaid
      ? await collectPeriodFromWallets(tx, { planId: plan.id, periodId: period.id, at, retryUntil, ref: `${key}:deduction` })
      : await collectPeriod(tx, provider, { periodId: period.id, at, retryUntil });
    if (prepaid) await postDeductions(tx, { planId: plan.id, periodId: period.id, key, at, actor }, totals.paidFen, `period ${period.announcedOn}`);
    await postEntries(tx, { planId: plan.id, periodId: period.id, key, at, actor }, chargeDayEntries({
      paidFen: prepaid ? 0n : totals.paidFen, unpaidFen: totals.unpaidFen, operatorSubsidyFen: current.operatorSubsidyFen,
      payoutFen: current.payoutFen, feeFen: current.feeFen,
    }, `period ${period.announcedOn}`));
    await payClaimsOfPeriod(tx, period.id, at);
    await endMembershipsPaidOut(tx, period.id, at);
    await markCharged(tx, period.id);
    await logChargeDay(tx, current, totals); // transparency log (issue 4): the period's result, same transaction
    if (prepaid) {
      const after = await afterPrepaidCharge(tx, plan, period.id, at, key, actor);
      const w = await recordPeriodWallets(tx, { planId: plan.id, periodId: period.id, at });
      await logWalletsCharged(tx, { planId: plan.id, announcedOn: period.announcedOn, ...w, failedPayers: totals.failedPayers, reminders: after.reminders });
    }
    return { announcedOn: period.announcedOn, paidFen: totals.paidFen, unpaidFen: totals.unpaidFen, failedPayers: totals.failedPayers };
  });
  await refreshPaymentStatistics(db);
}
