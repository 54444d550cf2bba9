/**
 * THE SHARING RULE: how a period's cost is split among the members.
 *
 *   fee       = feeBasisPoints of the period's payouts              (8% by default)
 *   due       = payouts + fee - surplus carried in
 *   W         = sum of the sharing members' weights                 (domain/contribution-weights.ts;
 *                                                                    all weights 1: W = sharing members)
 *   share     = max(0, ceil(due / W))                               in fen, per unit of weight
 *   surplus   = share x W - due                                     carried to the next period
 *   charge    = min(share x weight, what the member's caps allow)   per member
 *   subsidy   = share x W - sum of charges                          paid by the operator
 *
 * and the books always balance:  billed + subsidy + surplus in = payouts + fee + surplus out.
 * Sharing members are the memberships active at 00:00 of the announcement day.
 */
import { applyBasisPoints, ceilDiv, type Fen } from './money.ts';

export interface PeriodInputs {
  payoutFen: Fen;
  surplusInFen: Fen;
  sharingMembers: bigint;
  /** W, the sum of the sharing members' weights; absent: every weight is 1 (W = sharingMembers). */
  weightTotal?: bigint;
  feeBasisPoints: bigint;
}

export interface PeriodAmounts {
  payoutFen: Fen;
  feeFen: Fen;
  carriedInFen: Fen;
  dueFen: Fen;
  shareFen: Fen;
  surplusOutFen: Fen;
  /** W: the divisor of the share (the sharing members when every weight is 1). */
  weightTotal: bigint;
  /** Due that no member can carry because nobody is sharing: the operator pays it. */
  unsharedFen: Fen;
}

export function computeShare(p: PeriodInputs): PeriodAmounts {
  const weightTotal = p.weightTotal ?? p.sharingMembers;
  if (p.payoutFen < 0n || p.surplusInFen < 0n || p.sharingMembers < 0n || weightTotal < 0n) throw new RangeError('computeShare: negative input');
  // Weights are whole numbers >= 1, so W is at least the members and zero only when nobody shares.
  if (weightTotal < p.sharingMembers || (weightTotal === 0n) !== (p.sharingMembers === 0n)) throw new RangeError('computeShare: weight total below the sharing members');
  const feeFen = applyBasisPoints(p.payoutFen, p.feeBasisPoints);
  const dueFen = p.payoutFen + feeFen - p.surplusInFen;
  if (weightTotal === 0n) {
    // Nobody to share with: the operator pays what is due; a surplus waits for the next period.
    return {
      payoutFen: p.payoutFen, feeFen, carriedInFen: p.surplusInFen, dueFen, shareFen: 0n,
      surplusOutFen: dueFen < 0n ? -dueFen : 0n, weightTotal, unsharedFen: dueFen > 0n ? dueFen : 0n,
    };
  }
  const shareFen = dueFen > 0n ? ceilDiv(dueFen, weightTotal) : 0n;
  return {
    payoutFen: p.payoutFen, feeFen, carriedInFen: p.surplusInFen, dueFen, shareFen,
    surplusOutFen: shareFen * weightTotal - dueFen, weightTotal, unsharedFen: 0n,
  };
}

/**
 * The most one member may be billed this period under the plan's caps, or null for no cap.
 * annualCapFen applies per calendar year of the charge date, less what the membership was already
 * billed that year; perCaseCapFen applies per case announced in the period.
 */
export function memberCapFen(opts: {
  annualCapFen: Fen | null;
  billedThisYearFen: Fen;
  perCaseCapFen: Fen | null;
  cases: number;
}): Fen | null {
  let cap: Fen | null = null;
  if (opts.annualCapFen !== null) {
    const left = opts.annualCapFen - opts.billedThisYearFen;
    cap = left > 0n ? left : 0n;
  }
  if (opts.perCaseCapFen !== null) {
    const perCase = opts.perCaseCapFen * BigInt(opts.cases);
    cap = cap === null || perCase < cap ? perCase : cap;
  }
  return cap;
}

/** A member's charge: the share times their weight (1 unless graded), or less when a cap binds. */
export function memberCharge(shareFen: Fen, capFen: Fen | null, weight = 1): Fen {
  const full = shareFen * BigInt(weight);
  return capFen !== null && capFen < full ? capFen : full;
}

/**
 * Whether any member's cap could bind this period, so the engine can skip the per-member cap
 * computation: no member can have been billed more than the sum of this year's earlier bills at
 * their heaviest weight. `shareFen` here is the heaviest bill of this period (share x the
 * largest weight).
 */
export function capCanBind(opts: {
  shareFen: Fen;
  annualCapFen: Fen | null;
  sumOfEarlierSharesThisYearFen: Fen;
  perCaseCapFen: Fen | null;
  cases: number;
}): boolean {
  if (opts.annualCapFen !== null && opts.sumOfEarlierSharesThisYearFen + opts.shareFen > opts.annualCapFen) return true;
  if (opts.perCaseCapFen !== null && opts.perCaseCapFen * BigInt(opts.cases) < opts.shareFen) return true;
  return false;
}
