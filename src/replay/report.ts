/** The replay's output, read back from the database in the contract's shape. */
import type { Queryable } from '../db/database.ts';
import type { Scenario } from './scenario.ts';
import { claimOutcomes } from '../repositories/claims-repo.ts';
import { eventsOfKind } from '../repositories/events-repo.ts';
import { memberResults, periodResults } from '../repositories/replay-report-queries.ts';
import { listPlans, planIds } from '../repositories/plans-repo.ts';
import { periodWalletsOfPlan, remindersOf, walletsOfPlan } from '../repositories/wallets-repo.ts';
import { listProposals, tallyVotes } from '../repositories/proposals-repo.ts';
import { findWindDownOfPlan, shareRefundsOfPlan } from '../repositories/wind-downs-repo.ts';

export interface PeriodReport {
  plan: string; announcedOn: string; chargedOn: string; claims: string[]; payoutFen: number; feeFen: number; carriedInFen: number;
  sharingMembers: number; shareFen: number; operatorSubsidyFen: number; surplusOutFen: number; billedFen: number; uncollectedFen: number;
  /** W, the sum of the sharing members' contribution weights (= sharingMembers when contributions are not graded). */
  weightTotal: number;
  /** Prepaid plans only (issue 13): the total of the plan's wallets right after the charge. */
  walletsFen?: number;
}

export interface PayerReport {
  plan: string; balanceFen: number; refundedFen: number;
  reminders: { announcedOn: string; reason: 'payment-failed' | 'low-balance'; balanceFen: number }[];
}

export interface ReplayReport {
  periods: PeriodReport[];
  members: Record<string, { plan: string; status: string; billedFen: number; paidFen: number }>;
  claims: Record<string, { status: string; payoutFen: number; reason: string | null }>;
  joins: Record<string, { status: 'accepted' | 'rejected'; reason: string | null }>;
  /** Every payer of a prepaid plan or refunded in a wind-down (issue 13): its wallet in the first prepaid plan it used; refundedFen includes past shares refunded. */
  payers?: Record<string, PayerReport>;
  ledger: { balanced: boolean };
  /** Every plan's status at the end (issue 13: a wind-down makes it winding-down, then closed). */
  plans: Record<string, { status: 'active' | 'winding-down' | 'closed' }>;
  /** Rule changes by vote: open ones with the tally so far, closed ones with their result. */
  proposals: Record<string, { status: 'open' | 'passed' | 'rejected'; votesFor: number; votesAgainst: number; eligible: number }>;
  /** Well-formed events the engine refused (quitting twice, approving a rejected claim...). */
  refused: { event: number; code: string; message: string }[];
}

const n = (v: bigint | number | null | undefined): number => {
  const x = Number(v ?? 0);
  if (!Number.isSafeInteger(x)) throw new RangeError(`amount ${v} is beyond JSON's safe integers`);
  return x;
};

export async function readReport(q: Queryable, s: Scenario): Promise<Omit<ReplayReport, 'ledger' | 'refused'>> {
  const periods = await periodResults(q);
  const members = await memberResults(q);
  const claims = await claimOutcomes(q);
  const joinEvents = await eventsOfKind<{ result: { ok: boolean; code?: string } }>(q, 'membership.join');

  const joins: ReplayReport['joins'] = {};
  for (const e of joinEvents) {
    const i = Number(e.key.slice('replay:'.length));
    const ev = s.events[i];
    if (ev?.type !== 'join') continue;
    joins[ev.member] = e.data.result.ok ? { status: 'accepted', reason: null } : { status: 'rejected', reason: e.data.result.code ?? null };
  }
  const prepaid = (await listPlans(q)).filter((p) => p.rules.funding.mode === 'prepaid');
  const walletsByPeriod = new Map<string, number>();
  const payers: Record<string, PayerReport> = {};
  for (const plan of prepaid) {
    for (const w of await periodWalletsOfPlan(q, plan.id)) walletsByPeriod.set(`${plan.id}/${w.announced_on}`, n(w.wallets_fen));
    for (const w of await walletsOfPlan(q, plan.id)) {
      if (payers[w.ref]) continue;
      const reminders = await remindersOf(q, plan.id, w.payer_id);
      payers[w.ref] = { plan: plan.id, balanceFen: n(w.balance_fen), refundedFen: n(w.refunded_fen),
        reminders: reminders.map((r) => ({ announcedOn: r.announced_on, reason: r.reason, balanceFen: n(r.balance_fen) })) };
    }
  }
  const plans: ReplayReport['plans'] = {};
  for (const plan of await listPlans(q)) {
    const w = await findWindDownOfPlan(q, plan.id);
    plans[plan.id] = { status: w?.closedAt ? 'closed' : w?.startedAt ? 'winding-down' : 'active' };
    for (const r of await shareRefundsOfPlan(q, plan.id)) {
      const p = payers[r.ref] ?? { plan: plan.id, balanceFen: 0, refundedFen: 0, reminders: [] };
      payers[r.ref] = p.plan === plan.id ? { ...p, refundedFen: p.refundedFen + n(r.amount_fen) } : p;
    }
  }
  const proposals: ReplayReport['proposals'] = {};
  for (const plan of await planIds(q)) {
    for (const p of await listProposals(q, plan)) {
      if (p.status === 'proposed') continue; // the replay confirms every proposal at once
      const t = p.status === 'open' ? await tallyVotes(q, p.id) : { votesFor: p.votesFor ?? 0, votesAgainst: p.votesAgainst ?? 0 };
      proposals[p.id] = { status: p.status, votesFor: t.votesFor, votesAgainst: t.votesAgainst, eligible: p.eligible ?? 0 };
    }
  }
  return {
    proposals,
    // Only when a plan is prepaid, so the output of every post-paid scenario stays as it was.
    plans,
    ...(Object.keys(payers).length || prepaid.length ? { payers } : {}),
    periods: periods.map((p) => ({
      plan: p.plan_id, announcedOn: p.announced_on, chargedOn: p.charged_on, claims: p.claims ?? [], payoutFen: n(p.payout_fen),
      feeFen: n(p.fee_fen), carriedInFen: n(p.carried_in_fen), sharingMembers: n(p.sharing_members), shareFen: n(p.share_fen),
      operatorSubsidyFen: n(p.operator_subsidy_fen), surplusOutFen: n(p.surplus_out_fen), billedFen: n(p.billed_fen),
      uncollectedFen: n(p.billed_fen - p.paid), weightTotal: n(p.weight_total),
      ...(walletsByPeriod.has(`${p.plan_id}/${p.announced_on}`) ? { walletsFen: walletsByPeriod.get(`${p.plan_id}/${p.announced_on}`)! } : {}),
    })),
    members: Object.fromEntries(members.map((m) => [m.ref, { plan: m.plan_id, status: m.status, billedFen: n(m.billed), paidFen: n(m.paid) }])),
    claims: Object.fromEntries(claims.map((c) => [c.ref, {
      status: c.status === 'investigating' ? 'pending' : c.status === 'challenged' ? 'approved' : c.status,
      payoutFen: c.status === 'rejected' ? 0 : n(c.payout_fen),
      reason: c.status === 'rejected' ? (c.reject_code === 'OPERATOR' ? c.reason : c.reject_code) : null,
    }])),
    joins,
  };
}
