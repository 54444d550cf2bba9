/** The replay's output, read back from the database in the contract's shape. */
import type { Queryable } from '../db/database.ts';
import type { Scenario } from './scenario.ts';

export interface PeriodReport {
  plan: string; announcedOn: string; chargedOn: string; claims: string[]; payoutFen: number; feeFen: number; carriedInFen: number;
  sharingMembers: number; shareFen: number; operatorSubsidyFen: number; surplusOutFen: number; billedFen: number; uncollectedFen: number;
}

export interface ReplayReport {
  periods: PeriodReport[];
  members: Record<string, { plan: string; status: string; billedFen: number; paidFen: number }>;
  claims: Record<string, { status: string; payoutFen: number; reason: string | null }>;
  joins: Record<string, { status: 'accepted' | 'rejected'; reason: string | null }>;
  ledger: { balanced: boolean };
  /** Well-formed events the engine refused (quitting twice, approving a rejected claim...). */
  refused: { event: number; code: string; message: string }[];
}

const n = (v: bigint | number | null | undefined): number => {
  const x = Number(v ?? 0);
  if (!Number.isSafeInteger(x)) throw new RangeError(`amount ${v} is beyond JSON's safe integers`);
  return x;
};

export async function readReport(q: Queryable, s: Scenario): Promise<Omit<ReplayReport, 'ledger' | 'refused'>> {
  const periods = await q.query<{
    plan_id: string; announced_on: string; charged_on: string; claims: string[] | null; payout_fen: bigint; fee_fen: bigint; carried_in_fen: bigint;
    sharing_members: bigint; share_fen: bigint; operator_subsidy_fen: bigint; surplus_out_fen: bigint; billed_fen: bigint; paid: bigint;
  }>(
    `SELECT p.plan_id, p.announced_on::text, p.charged_on::text,
            (SELECT array_agg(c.ref ORDER BY c.decided_at, c.id) FROM claims c WHERE c.period_id = p.id) AS claims,
            p.payout_fen, p.fee_fen, p.carried_in_fen, p.sharing_members, p.share_fen, p.operator_subsidy_fen, p.surplus_out_fen, p.billed_fen,
            (SELECT coalesce(sum(amount_fen), 0) FROM payments WHERE period_id = p.id AND status = 'paid')::bigint AS paid
       FROM periods p ORDER BY p.plan_id, p.announced_on`);
  const members = await q.query<{ ref: string; plan_id: string; status: string; billed: bigint; paid: bigint }>(
    `SELECT DISTINCT ON (pe.ref) pe.ref, m.plan_id, m.status,
            (SELECT coalesce(sum(c.amount_fen), 0) FROM charges c JOIN memberships mm ON mm.id = c.membership_id WHERE mm.person_id = pe.id)::bigint AS billed,
            (SELECT coalesce(sum(c.amount_fen), 0) FROM charges c JOIN memberships mm ON mm.id = c.membership_id
               JOIN payments pay ON pay.period_id = c.period_id AND pay.payer_id = c.payer_id AND pay.status = 'paid'
              WHERE mm.person_id = pe.id)::bigint AS paid
       FROM persons pe JOIN memberships m ON m.person_id = pe.id
      ORDER BY pe.ref, m.joined_at DESC, m.id DESC`);
  const claims = await q.query<{ ref: string; status: string; payout_fen: bigint | null; reject_code: string | null; reason: string | null }>(
    'SELECT ref, status, payout_fen, reject_code, reason FROM claims ORDER BY id');
  const joinEvents = await q.query<{ key: string; data: { result: { ok: boolean; code?: string } } }>(
    `SELECT idempotency_key AS key, data FROM events WHERE kind = 'membership.join' ORDER BY id`);

  const joins: ReplayReport['joins'] = {};
  for (const e of joinEvents) {
    const i = Number(e.key.slice('replay:'.length));
    const ev = s.events[i];
    if (ev?.type !== 'join') continue;
    joins[ev.member] = e.data.result.ok ? { status: 'accepted', reason: null } : { status: 'rejected', reason: e.data.result.code ?? null };
  }
  return {
    periods: periods.map((p) => ({
      plan: p.plan_id, announcedOn: p.announced_on, chargedOn: p.charged_on, claims: p.claims ?? [], payoutFen: n(p.payout_fen),
      feeFen: n(p.fee_fen), carriedInFen: n(p.carried_in_fen), sharingMembers: n(p.sharing_members), shareFen: n(p.share_fen),
      operatorSubsidyFen: n(p.operator_subsidy_fen), surplusOutFen: n(p.surplus_out_fen), billedFen: n(p.billed_fen),
      uncollectedFen: n(p.billed_fen - p.paid),
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
