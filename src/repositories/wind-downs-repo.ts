/**
 * Wind-downs (issue 13): the proposal, its start at the second operator's confirmation (A), the
 * closing of the memberships and of the plan, and the refunds of past shares per payer. The
 * refunds are one INSERT ... SELECT over the plan's payments: no payer is loaded into Node.
 */
import type { Queryable } from '../db/database.ts';
import { HuzhuError } from '../domain/errors.ts';
import type { LocalDate } from '../domain/local-date.ts';
import type { WindDownTerms } from '../domain/wind-down.ts';

export interface WindDown {
  id: string;
  planId: string;
  terms: WindDownTerms;
  proposedBy: string;
  proposedAt: Date;
  confirmedBy: string | null;
  /** A: the confirmation instant; null while only proposed. */
  startedAt: Date | null;
  atStart: { members: bigint; writtenOffFen: bigint; writtenOffPayments: bigint; walletsRefundedFen: bigint; walletsRefunded: bigint; sharesRefundedFen: bigint; sharesRefunded: bigint } | null;
  membershipsClosedAt: Date | null;
  membershipsClosed: bigint | null;
  closedAt: Date | null;
  finalReport: unknown;
}

interface Row {
  id: string; plan_id: string; cut_off_on: string; refund_past_shares: boolean; claim_window_days: number; proposed_by: string; proposed_at: Date;
  confirmed_by: string | null; started_at: Date | null; members_at_start: bigint | null; written_off_fen: bigint | null; written_off_payments: bigint | null;
  wallets_refunded_fen: bigint | null; wallets_refunded: bigint | null; shares_refunded_fen: bigint | null; shares_refunded: bigint | null;
  memberships_closed_at: Date | null; memberships_closed: bigint | null; closed_at: Date | null; final_report: unknown;
}

const COLUMNS = `id, plan_id, to_char(cut_off_on, 'YYYY-MM-DD') AS cut_off_on, refund_past_shares, claim_window_days, proposed_by, proposed_at,
  confirmed_by, started_at, members_at_start, written_off_fen, written_off_payments, wallets_refunded_fen, wallets_refunded, shares_refunded_fen,
  shares_refunded, memberships_closed_at, memberships_closed, closed_at, final_report`;

const toWindDown = (r: Row): WindDown => ({
  id: r.id, planId: r.plan_id,
  terms: { cutOffOn: r.cut_off_on as LocalDate, refundPastShares: r.refund_past_shares, claimWindowDays: r.claim_window_days },
  proposedBy: r.proposed_by, proposedAt: r.proposed_at, confirmedBy: r.confirmed_by, startedAt: r.started_at,
  atStart: r.started_at === null ? null : {
    members: r.members_at_start ?? 0n, writtenOffFen: r.written_off_fen ?? 0n, writtenOffPayments: r.written_off_payments ?? 0n,
    walletsRefundedFen: r.wallets_refunded_fen ?? 0n, walletsRefunded: r.wallets_refunded ?? 0n,
    sharesRefundedFen: r.shares_refunded_fen ?? 0n, sharesRefunded: r.shares_refunded ?? 0n,
  },
  membershipsClosedAt: r.memberships_closed_at, membershipsClosed: r.memberships_closed, closedAt: r.closed_at,
  finalReport: typeof r.final_report === 'string' ? JSON.parse(r.final_report) : r.final_report,
});

export async function insertWindDown(q: Queryable, w: { id: string; planId: string; terms: WindDownTerms; proposedBy: string; proposedAt: Date }): Promise<void> {
  const rows = await q.query(
    `INSERT INTO wind_downs (id, plan_id, cut_off_on, refund_past_shares, claim_window_days, proposed_by, proposed_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING RETURNING id`,
    [w.id, w.planId, w.terms.cutOffOn, w.terms.refundPastShares, w.terms.claimWindowDays, w.proposedBy, w.proposedAt]);
  if (!rows.length) throw new HuzhuError('CONFLICT', `plan: "${w.planId}" already has a wind-down (or the id "${w.id}" is taken)`, { field: 'plan' });
}

export async function findWindDownOfPlan(q: Queryable, planId: string, lock = false): Promise<WindDown | undefined> {
  const rows = await q.query<Row>(`SELECT ${COLUMNS} FROM wind_downs WHERE plan_id = $1${lock ? ' FOR UPDATE' : ''}`, [planId]);
  return rows[0] && toWindDown(rows[0]);
}

export async function getWindDown(q: Queryable, id: string, lock = false): Promise<WindDown> {
  const rows = await q.query<Row>(`SELECT ${COLUMNS} FROM wind_downs WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
  if (!rows[0]) throw new HuzhuError('NOT_FOUND', `wind-down: "${id}" does not exist`, { field: 'id' });
  return toWindDown(rows[0]);
}

/** Every wind-down that has started and not closed (the calendar's step). */
export async function windDownsInProgress(q: Queryable): Promise<WindDown[]> {
  return (await q.query<Row>(`SELECT ${COLUMNS} FROM wind_downs WHERE started_at IS NOT NULL AND closed_at IS NULL ORDER BY plan_id`)).map(toWindDown);
}

export async function markStarted(q: Queryable, id: string, s: { confirmedBy: string; at: Date; members: bigint; writtenOffFen: bigint; writtenOffPayments: bigint; walletsRefundedFen: bigint; walletsRefunded: bigint; sharesRefundedFen: bigint; sharesRefunded: bigint }): Promise<void> {
  await q.query(
    `UPDATE wind_downs SET confirmed_by = $2, started_at = $3, members_at_start = $4, written_off_fen = $5, written_off_payments = $6,
            wallets_refunded_fen = $7, wallets_refunded = $8, shares_refunded_fen = $9, shares_refunded = $10
      WHERE id = $1 AND started_at IS NULL`,
    [id, s.confirmedBy, s.at, s.members, s.writtenOffFen, s.writtenOffPayments, s.walletsRefundedFen, s.walletsRefunded, s.sharesRefundedFen, s.sharesRefunded]);
}

export async function markMembershipsClosed(q: Queryable, id: string, at: Date, closed: number): Promise<void> {
  await q.query('UPDATE wind_downs SET memberships_closed_at = $2, memberships_closed = $3 WHERE id = $1 AND memberships_closed_at IS NULL', [id, at, closed]);
}

export async function markClosed(q: Queryable, id: string, at: Date, finalReport: unknown): Promise<void> {
  await q.query('UPDATE wind_downs SET closed_at = $2, final_report = $3 WHERE id = $1 AND closed_at IS NULL', [id, at, JSON.stringify(finalReport)]);
}

/**
 * refundPastShares, one statement: every payer of the plan is refunded the sum of its payments
 * that were paid (collected, or taken from its wallet), at A. Returns the count and the total.
 */
export async function refundPastSharesOfPlan(q: Queryable, p: { windDownId: string; planId: string; at: Date }): Promise<{ payers: bigint; fen: bigint }> {
  const rows = await q.query<{ n: bigint; fen: bigint }>(
    `WITH r AS (
       INSERT INTO wind_down_share_refunds (wind_down_id, payer_id, amount_fen, at)
       SELECT $1, pa.payer_id, sum(pa.amount_fen)::bigint, $3 FROM payments pa JOIN periods pe ON pe.id = pa.period_id
        WHERE pe.plan_id = $2 AND pa.status = 'paid' GROUP BY pa.payer_id
       ON CONFLICT DO NOTHING RETURNING amount_fen)
     SELECT count(*) AS n, coalesce(sum(amount_fen), 0)::bigint AS fen FROM r`, [p.windDownId, p.planId, p.at]);
  return { payers: rows[0]!.n, fen: rows[0]!.fen };
}

/** What the dry run would refund: the payers who paid shares and the total (nothing written). */
export async function pastSharesPaid(q: Queryable, planId: string): Promise<{ payers: bigint; fen: bigint }> {
  const rows = await q.query<{ n: bigint; fen: bigint }>(
    `SELECT count(DISTINCT pa.payer_id) AS n, coalesce(sum(pa.amount_fen), 0)::bigint AS fen FROM payments pa JOIN periods pe ON pe.id = pa.period_id
      WHERE pe.plan_id = $1 AND pa.status = 'paid'`, [planId]);
  return { payers: rows[0]!.n, fen: rows[0]!.fen };
}

/** Payers refunded their past shares in the plan's wind-down (the replay's `payers`). */
export async function shareRefundsOfPlan(q: Queryable, planId: string): Promise<{ ref: string; payer_id: bigint; amount_fen: bigint }[]> {
  return q.query<{ ref: string; payer_id: bigint; amount_fen: bigint }>(
    `SELECT pa.ref, r.payer_id, r.amount_fen FROM wind_down_share_refunds r JOIN wind_downs w ON w.id = r.wind_down_id JOIN payers pa ON pa.id = r.payer_id
      WHERE w.plan_id = $1 ORDER BY pa.ref`, [planId]);
}
