/**
 * What-if levers beyond the plan's own rules (fee, cap, waiting period, payout bands and the
 * graded contributions are PlanRules settings and are overridden there), and the sharing of one
 * period under them.
 *
 * The split follows src/domain/sharing-rule.ts (share = ceil(due / members) in fen, fee as a
 * fraction of payouts, the rounding over-collection carried as surplus, caps paid by the
 * operator), extended with:
 *  - graded contributions: the plan's own `contributionWeights` (domain/contribution-weights.ts,
 *    the very setting the engine bills by, so the model and the engine cannot drift apart): an
 *    age band pays weight x the share per unit, which is due / sum of weights;
 *  - a reserve fund that smooths shares: a loading on payouts is saved, and when the share
 *    would rise faster than maxRisePerPeriod the reserve pays the excess while it lasts;
 *  - a share limit (US health care sharing ministries): members never pay more than the limit
 *    a period; when that is not enough the period's needs are prorated, not the share raised.
 *
 * Amounts here are floats of fen: this is a statistical model of expected values, not the
 * ledger, so rounding happens only where results are reported.
 */
import { z } from 'zod';
import { weightOfAge, type ContributionWeights } from '../domain/contribution-weights.ts';

export interface ReserveLever {
  initialFen: number;
  /** Saved into the reserve each period, as basis points of the period's payouts. */
  loadingBasisPoints: number;
  /** Most the base share may rise from one period to the next (0.1 = 10%) while the reserve pays. */
  maxRisePerPeriod: number;
}

export interface Levers {
  reserve: ReserveLever | null;
  /** Most a member pays per period at weight 1 (fen); needs beyond it are prorated. */
  shareLimitFen: number | null;
}

export const NO_LEVERS: Levers = { reserve: null, shareLimitFen: null };

export const leversSchema = z.object({
  reserve: z.object({
    initialFen: z.number().min(0).max(1e15),
    loadingBasisPoints: z.number().min(0).max(10_000),
    maxRisePerPeriod: z.number().min(0).max(10),
  }).strict().nullable().default(null),
  shareLimitFen: z.number().int().min(1).max(1e9).nullable().default(null),
}).strict();

/** Weight of each age 0..maxAge under the plan's contributionWeights (the engine's rule, weightOfAge). */
export function weightsByAge(weights: ContributionWeights, maxAge: number): Float64Array {
  const w = new Float64Array(maxAge + 1);
  for (let a = 0; a <= maxAge; a++) w[a] = weightOfAge(weights, a);
  return w;
}

export interface PeriodSharingInput {
  payoutFen: number;
  feeRate: number;
  surplusInFen: number;
  reserveInFen: number;
  /** Sum over sharing members of their contribution weight. */
  weightedMembers: number;
  /** Base share of the previous period (fen), for the reserve's smoothing; 0 if none. */
  previousShareFen: number;
  levers: Levers;
}

export interface PeriodSharing {
  /** Base share per unit of weight (fen, whole fen unless the share limit binds). */
  shareFen: number;
  paidPayoutFen: number;
  feeFen: number;
  /** Fraction of the period's needs paid (1 unless the share limit binds). */
  prorationRatio: number;
  reserveOutFen: number;
  surplusOutFen: number;
  /** Due nobody could share (no sharing members): the operator pays it. */
  unsharedFen: number;
}

export function sharePeriod(p: PeriodSharingInput): PeriodSharing {
  const { levers, feeRate } = p;
  const fee = p.payoutFen * feeRate;
  const loading = levers.reserve ? (p.payoutFen * levers.reserve.loadingBasisPoints) / 10_000 : 0;
  const need = p.payoutFen + fee + loading - p.surplusInFen;
  if (p.weightedMembers <= 0) {
    return {
      shareFen: 0, paidPayoutFen: p.payoutFen, feeFen: fee, prorationRatio: 1,
      reserveOutFen: p.reserveInFen + loading, surplusOutFen: Math.max(0, -need), unsharedFen: Math.max(0, need),
    };
  }
  // Whole fen, as in the sharing rule; the tiny tolerance keeps float noise from adding a fen.
  const raw = need > 0 ? Math.ceil(need / p.weightedMembers - 1e-9) : 0;
  let share = raw;
  let draw = 0;
  if (levers.reserve && p.previousShareFen > 0) {
    const ceiling = Math.ceil(p.previousShareFen * (1 + levers.reserve.maxRisePerPeriod) - 1e-9);
    if (raw > ceiling) {
      draw = Math.min((raw - ceiling) * p.weightedMembers, p.reserveInFen);
      share = Math.max(ceiling, Math.ceil((need - draw) / p.weightedMembers - 1e-9));
    }
  }
  let paid = p.payoutFen;
  let feePaid = fee;
  let loadingKept = loading;
  let ratio = 1;
  if (levers.shareLimitFen !== null && share > levers.shareLimitFen) {
    share = levers.shareLimitFen;
    // Needs come first: the loading is given up before payouts are cut.
    const available = share * p.weightedMembers + draw + p.surplusInFen;
    loadingKept = Math.max(0, Math.min(loading, available - p.payoutFen * (1 + feeRate)));
    if (available - loadingKept < p.payoutFen * (1 + feeRate)) {
      ratio = p.payoutFen > 0 ? (available - loadingKept) / (p.payoutFen * (1 + feeRate)) : 1;
      paid = p.payoutFen * ratio;
      feePaid = paid * feeRate;
    }
  }
  const surplus = Math.max(0, share * p.weightedMembers + draw + p.surplusInFen - paid - feePaid - loadingKept);
  return {
    shareFen: share, paidPayoutFen: paid, feeFen: feePaid, prorationRatio: ratio,
    reserveOutFen: p.reserveInFen - draw + loadingKept, surplusOutFen: surplus, unsharedFen: 0,
  };
}
