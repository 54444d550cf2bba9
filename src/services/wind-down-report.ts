/**
 * What the wind-down publishes and rehearses (issue 13): the final report fixed at closing, the
 * public view of a plan's wind-down, and the dry run (what a wind-down would cost the operator,
 * nothing written). Totals, counts and claim refs only: no person, no payer.
 */
import type { Db, Queryable } from '../db/database.ts';
import { ACCOUNTS } from '../domain/ledger-rules.ts';
import { daysBetween, localDateOf } from '../domain/local-date.ts';
import { assertCutOffNotBefore, claimWindowEndsAt, isOperatorFunded, parseTerms, planStatusAt, type PlanStatus } from '../domain/wind-down.ts';
import { claimsInFlight, claimsOfWindDown } from '../repositories/claims-repo.ts';
import { accountBalances } from '../repositories/ledger-repo.ts';
import { countSharingMembers } from '../repositories/members-repo.ts';
import { openPaymentsTotal } from '../repositories/payments-repo.ts';
import { lastPeriod, listPeriods } from '../repositories/periods-repo.ts';
import { getPlan, type Plan } from '../repositories/plans-repo.ts';
import { walletsWithBalance } from '../repositories/wallets-repo.ts';
import { findWindDownOfPlan, pastSharesPaid, type WindDown } from '../repositories/wind-downs-repo.ts';
import { computeOutlook } from './outlook-service.ts';

const n = (v: bigint | number | null | undefined): number => Number(v ?? 0);

/** The final report, as JSON numbers (fen), fixed at the closing instant. */
export async function finalReport(q: Queryable, plan: Plan, w: WindDown, closedAt: Date, surplusReleasedFen: bigint): Promise<Record<string, unknown>> {
  const startedAt = w.startedAt!;
  const periods = (await listPeriods(q, plan.id)).filter((p) => isOperatorFunded(startedAt, p.chargedAt));
  const claims = await claimsOfWindDown(q, plan.id, startedAt);
  const books = await accountBalances(q, plan.id);
  const subsidiesFen = periods.reduce((s, p) => s + p.operatorSubsidyFen, 0n);
  const a = w.atStart!;
  return {
    windDown: w.id, plan: plan.id, startedAt: startedAt.toISOString(), closedAt: closedAt.toISOString(),
    terms: { ...w.terms }, claimWindowEndsAt: claimWindowEndsAt(w.terms, plan.rules.timeZone).toISOString(),
    membersAtStart: n(a.members), membershipsClosed: n(w.membershipsClosed),
    periods: periods.map((p) => ({
      announcedOn: p.announcedOn, chargedOn: p.chargedOn, cases: p.cases, sharingMembers: n(p.sharingMembers), payoutFen: n(p.payoutFen),
      carriedInFen: n(p.carriedInFen), operatorSubsidyFen: n(p.operatorSubsidyFen), surplusOutFen: n(p.surplusOutFen), billedFen: n(p.billedFen),
    })),
    claims: claims.map((c) => ({ claim: c.ref, status: c.status, payoutFen: c.status === 'rejected' ? 0 : n(c.payout_fen), code: c.reject_code })),
    operatorPaid: {
      subsidiesFen: n(subsidiesFen), writtenOffFen: n(a.writtenOffFen), sharesRefundedFen: n(a.sharesRefundedFen), surplusReleasedFen: n(surplusReleasedFen),
      totalFen: n(subsidiesFen + a.writtenOffFen + a.sharesRefundedFen - surplusReleasedFen),
    },
    walletsRefundedFen: n(a.walletsRefundedFen), walletsRefunded: n(a.walletsRefunded),
    books: Object.fromEntries(ACCOUNTS.map((acc) => [acc, n(books[acc])])),
  };
}

export interface PublicWindDown {
  plan: string;
  status: PlanStatus;
  windDown: {
    id: string; startedAt: string; cutOffOn: string; refundPastShares: boolean; claimWindowDays: number; claimWindowEndsAt: string;
    membersAtStart: number; membershipsClosedAt: string | null; membershipsClosed: number | null; closedAt: string | null;
  } | null;
  finalReport: Record<string, unknown> | null;
}

/** A plan's wind-down as the public sees it: nothing while it is only proposed. */
export async function publicWindDown(q: Queryable, planId: string, now: Date): Promise<PublicWindDown> {
  const plan = await getPlan(q, planId);
  const w = await findWindDownOfPlan(q, plan.id);
  const status = planStatusAt(w, now);
  if (!w || w.startedAt === null) return { plan: plan.id, status, windDown: null, finalReport: null };
  return {
    plan: plan.id, status,
    windDown: {
      id: w.id, startedAt: w.startedAt.toISOString(), cutOffOn: w.terms.cutOffOn, refundPastShares: w.terms.refundPastShares,
      claimWindowDays: w.terms.claimWindowDays, claimWindowEndsAt: claimWindowEndsAt(w.terms, plan.rules.timeZone).toISOString(),
      membersAtStart: n(w.atStart?.members), membershipsClosedAt: w.membershipsClosedAt?.toISOString() ?? null,
      membershipsClosed: w.membershipsClosed === null ? null : n(w.membershipsClosed), closedAt: w.closedAt?.toISOString() ?? null,
    },
    finalReport: (w.finalReport as Record<string, unknown> | null) ?? null,
  };
}

export interface DryRun {
  plan: string; at: string; cutOffOn: string; refundPastShares: boolean; claimWindowDays: number; members: number;
  walletsToRefund: { wallets: number; fen: number };
  openPaymentsToWriteOff: { payments: number; fen: number };
  pastSharesToRefund: { payers: number; fen: number } | null;
  approvedUnpaidClaims: { claims: number; fen: number };
  openClaims: { claims: number; estimatedFen: number };
  notYetReported: { incidencePer100kYear: number; horizonDays: number; expectedClaims: number; estimatedFen: number };
  expectedPayoutPerClaimFen: number;
  surplusCarriedFen: number;
  /** What the operator would pay: write-offs, refunds of past shares, and the claims beyond the surplus. Wallets are members' own money. */
  operatorCostFen: number;
}

/** The expected payout of one claim: the plan's average severe payout over its bands (in fen). */
function expectedPayoutFen(plan: Plan): bigint {
  const bands = plan.rules.payoutBands;
  return bands.length ? bands.reduce((s, b) => s + b.severeFen, 0n) / BigInt(bands.length) : plan.rules.mildPayoutFen;
}

/**
 * Rule 7: what a wind-down starting at `at` would cost the operator, nothing written. Claims not
 * yet reported are estimated from the plan's incidence (the outlook's, fitted to what it measured)
 * over the days until the cut-off and the claim window after it.
 */
export async function windDownDryRun(db: Db, input: { plan: string; cutOffOn: unknown; refundPastShares?: unknown; claimWindowDays?: unknown }, at: Date): Promise<DryRun> {
  const terms = parseTerms(input);
  const plan = await getPlan(db, input.plan);
  assertCutOffNotBefore(terms, at, plan.rules.timeZone);
  const members = await countSharingMembers(db, plan.id, at);
  const wallets = await walletsWithBalance(db, plan.id);
  const open = await openPaymentsTotal(db, plan.id);
  const shares = terms.refundPastShares ? await pastSharesPaid(db, plan.id) : null;
  const claims = await claimsInFlight(db, plan.id);
  const perClaim = expectedPayoutFen(plan);
  const incidence = (await computeOutlook(db, plan.id, at, { months: 1 })).projection.months[0]?.incidencePer100kYear ?? 0;
  const horizonDays = daysBetween(localDateOf(at, plan.rules.timeZone), terms.cutOffOn) + 1 + terms.claimWindowDays;
  const expectedClaims = (Number(members) * incidence * horizonDays) / (100_000 * 365);
  const notYetFen = BigInt(Math.ceil(expectedClaims)) * perClaim;
  const openFen = claims.open * perClaim;
  const surplus = (await lastPeriod(db, plan.id))?.surplusOutFen ?? 0n;
  const claimsBeyondSurplus = claims.approved_fen + openFen + notYetFen - surplus;
  const cost = open.fen + (shares?.fen ?? 0n) + (claimsBeyondSurplus > 0n ? claimsBeyondSurplus : 0n);
  return {
    plan: plan.id, at: at.toISOString(), cutOffOn: terms.cutOffOn, refundPastShares: terms.refundPastShares, claimWindowDays: terms.claimWindowDays,
    members: n(members), walletsToRefund: { wallets: n(wallets.wallets), fen: n(wallets.fen) },
    openPaymentsToWriteOff: { payments: n(open.payments), fen: n(open.fen) },
    pastSharesToRefund: shares && { payers: n(shares.payers), fen: n(shares.fen) },
    approvedUnpaidClaims: { claims: n(claims.approved), fen: n(claims.approved_fen) },
    openClaims: { claims: n(claims.open), estimatedFen: n(openFen) },
    notYetReported: { incidencePer100kYear: Math.round(incidence * 10) / 10, horizonDays, expectedClaims: Math.round(expectedClaims * 100) / 100, estimatedFen: n(notYetFen) },
    expectedPayoutPerClaimFen: n(perClaim), surplusCarriedFen: n(surplus), operatorCostFen: n(cost),
  };
}
