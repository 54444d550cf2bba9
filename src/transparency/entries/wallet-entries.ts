/**
 * The writer of the prepaid wallets' entry (issue 13): at each charge day of a prepaid plan, the
 * total of the plan's wallets right after the charge and the movements since the previous charge,
 * as totals and counts only (no payer, no individual recharge: with the instant an amount could
 * single a member out).
 */
import type { Queryable } from '../../db/database.ts';
import { appendLogEntries } from '../store/log-store.ts';
import { ENTRY_TYPES, periodName } from './entry-types.ts';

export interface WalletsChargedFacts {
  planId: string; announcedOn: string; walletsFen: bigint; rechargedFen: bigint; recharges: bigint; deductedFen: bigint;
  refundedFen: bigint; refunds: bigint; failedPayers: bigint; reminders: bigint;
}

/** charge-day (prepaid plans): in the charge's own transaction, after its refunds and reminders. */
export async function logWalletsCharged(tx: Queryable, f: WalletsChargedFacts): Promise<number> {
  return appendLogEntries(tx, [{
    entry: {
      type: ENTRY_TYPES.walletsCharged, v: 1, plan: f.planId, period: periodName(f.planId, f.announcedOn), wallets: f.walletsFen,
      recharged: f.rechargedFen, recharges: f.recharges, deducted: f.deductedFen, refunded: f.refundedFen, refunds: f.refunds,
      failedPayers: f.failedPayers, reminders: f.reminders,
    },
    ref: `wallets.charged/${f.planId}/${f.announcedOn}`,
  }]);
}
