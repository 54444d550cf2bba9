/**
 * The replay's output read back from the database (replay/report.ts): each period's results with
 * its claims and collections, and each member's last membership with what they were billed and
 * paid. Read-only queries across the engine's tables: they own no table and write nothing.
 */
import type { Queryable } from '../db/database.ts';

/** A period's published numbers, its claims in announcement order and what was collected. */
export interface PeriodResultRow {
  plan_id: string; announced_on: string; charged_on: string; claims: string[] | null; payout_fen: bigint; fee_fen: bigint; carried_in_fen: bigint;
  sharing_members: bigint; share_fen: bigint; operator_subsidy_fen: bigint; surplus_out_fen: bigint; billed_fen: bigint; paid: bigint;
  weight_total: bigint;
}

export async function periodResults(q: Queryable): Promise<PeriodResultRow[]> {
  return q.query<PeriodResultRow>(
    `SELECT p.plan_id, p.announced_on::text, p.charged_on::text,
            (SELECT array_agg(c.ref ORDER BY c.decided_at, c.id) FROM claims c WHERE c.period_id = p.id) AS claims,
            p.payout_fen, p.fee_fen, p.carried_in_fen, p.sharing_members, p.share_fen, p.operator_subsidy_fen, p.surplus_out_fen, p.billed_fen,
            coalesce(p.weight_total, p.sharing_members) AS weight_total,
            (SELECT coalesce(sum(amount_fen), 0) FROM payments WHERE period_id = p.id AND status = 'paid')::bigint AS paid
       FROM periods p ORDER BY p.plan_id, p.announced_on`);
}

/** Each person's latest membership, with everything billed to and paid for them across memberships. */
export async function memberResults(q: Queryable): Promise<{ ref: string; plan_id: string; status: string; billed: bigint; paid: bigint }[]> {
  return q.query<{ ref: string; plan_id: string; status: string; billed: bigint; paid: bigint }>(
    `SELECT DISTINCT ON (pe.ref) pe.ref, m.plan_id, m.status,
            (SELECT coalesce(sum(c.amount_fen), 0) FROM charges c JOIN memberships mm ON mm.id = c.membership_id WHERE mm.person_id = pe.id)::bigint AS billed,
            (SELECT coalesce(sum(c.amount_fen), 0) FROM charges c JOIN memberships mm ON mm.id = c.membership_id
               JOIN payments pay ON pay.period_id = c.period_id AND pay.payer_id = c.payer_id AND pay.status = 'paid'
              WHERE mm.person_id = pe.id)::bigint AS paid
       FROM persons pe JOIN memberships m ON m.person_id = pe.id
      ORDER BY pe.ref, m.joined_at DESC, m.id DESC`);
}
