/**
 * Prepaid wallets (issue 13): the pure rules. A wallet is member money held on trust; its balance
 * is recharges - deductions - refunds. The services and the set-based SQL follow these rules, and
 * the property tests pin them (wallet-rules.test.ts).
 */
import { HuzhuError } from './errors.ts';
import type { Fen } from './money.ts';
import type { Funding } from './plan-rules.ts';

export type Prepaid = Extract<Funding, { mode: 'prepaid' }>;

export function prepaidFunding(funding: Funding, planId: string): Prepaid {
  if (funding.mode !== 'prepaid') throw new HuzhuError('NOT_PREPAID', `plan "${planId}" is post-paid: it has no wallets`, { field: 'plan' });
  return funding;
}

/** Rule 2: a positive amount, refused BALANCE_LIMIT if the wallet would exceed maxBalanceFen (exactly max is allowed). */
export function decideRecharge(f: Prepaid, balanceFen: Fen, amountFen: Fen): Fen {
  if (amountFen <= 0n) throw new HuzhuError('VALIDATION', 'amountFen: a positive whole number of fen', { field: 'amountFen' });
  const after = balanceFen + amountFen;
  if (after > f.maxBalanceFen) {
    throw new HuzhuError('BALANCE_LIMIT', `amountFen: the wallet would hold ${after} fen, above the plan's limit of ${f.maxBalanceFen} fen (at most ${f.maxBalanceFen - balanceFen} more)`, { field: 'amountFen' });
  }
  return after;
}

/** Rule 3: a join needs at least joinDepositFen in the wallet at that instant (not consumed). */
export function canJoin(f: Prepaid, balanceFen: Fen): boolean {
  return balanceFen >= f.joinDepositFen;
}

/** Rule 4: a payment is taken only if the wallet covers it in full. */
export function covers(balanceFen: Fen, amountFen: Fen): boolean {
  return balanceFen >= amountFen;
}

/**
 * Rule 4, retries at a recharge: open payments oldest period first, each in full or not at all.
 * Stops at the first the balance cannot cover, so a later period is never settled before an
 * earlier one. Returns the payments taken and the balance left.
 */
export function settleOldestFirst<T extends { amountFen: Fen; order: bigint }>(balanceFen: Fen, open: readonly T[]): { taken: T[]; balanceFen: Fen } {
  const taken: T[] = [];
  let left = balanceFen;
  for (const p of [...open].sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : 0))) {
    if (!covers(left, p.amountFen)) break;
    taken.push(p);
    left -= p.amountFen;
  }
  return { taken, balanceFen: left };
}

export type ReminderReason = 'payment-failed' | 'low-balance';

/** Rule 5: after a charge at which the payer had a payment; none when refunded at that charge. */
export function reminderFor(f: Prepaid, r: { paid: boolean; balanceAfterFen: Fen; refunded: boolean }): ReminderReason | null {
  if (r.refunded) return null;
  if (!r.paid) return 'payment-failed';
  return r.balanceAfterFen < f.lowBalanceFen ? 'low-balance' : null;
}

/** Rule 6: the whole balance is refunded once the payer has no active membership and owes nothing. */
export function refundDue(r: { balanceFen: Fen; activeMemberships: number; openPayments: number; pendingShares: number }): Fen {
  return r.balanceFen > 0n && r.activeMemberships === 0 && r.openPayments === 0 && r.pendingShares === 0 ? r.balanceFen : 0n;
}
