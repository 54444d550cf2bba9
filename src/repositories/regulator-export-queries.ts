/**
 * The regulator's downloads (issue 13): the periods, the claims with their outcomes (anonymized:
 * no person, no name, no ID number, no disease, no free text) and the ledger journal, read a page
 * at a time by key (`after` the last id/line seen), so a journal of any size streams in constant
 * memory. Month filters are the plan's calendar month ('YYYY-MM' in its zone). Owns no table and
 * writes nothing.
 */
import type { Queryable } from '../db/database.ts';

/** Instants [start, end) of the month $2 in the plan's zone (pl: the plan), or everything when $2 is NULL. */
const IN_MONTH = (col: string) => `($2::text IS NULL OR (${col} >= (($2 || '-01')::date::timestamp AT TIME ZONE pl.time_zone)
  AND ${col} < ((($2 || '-01')::date + interval '1 month')::timestamp AT TIME ZONE pl.time_zone)))`;

export interface PeriodExportRow {
  plan_id: string; period_id: bigint; announced_on: string; charged_on: string; status: string; cases: number; sharing_members: bigint;
  weight_total: bigint; share_fen: bigint; billed_fen: bigint; payout_fen: bigint; fee_fen: bigint; operator_subsidy_fen: bigint;
  carried_in_fen: bigint; surplus_out_fen: bigint; wallets_fen: bigint | null;
}

/** The periods (announced in the month, if given), oldest first, with the wallets total published after each charge. */
export async function periodsForExport(q: Queryable, f: { planId?: string | undefined; month?: string | undefined }): Promise<PeriodExportRow[]> {
  return q.query<PeriodExportRow>(
    `SELECT p.plan_id, p.id AS period_id, to_char(p.announced_on, 'YYYY-MM-DD') AS announced_on, to_char(p.charged_on, 'YYYY-MM-DD') AS charged_on,
            p.status, p.cases, p.sharing_members, coalesce(p.weight_total, p.sharing_members) AS weight_total, p.share_fen, p.billed_fen, p.payout_fen,
            p.fee_fen, p.operator_subsidy_fen, p.carried_in_fen, p.surplus_out_fen, pw.wallets_fen
       FROM periods p LEFT JOIN period_wallets pw ON pw.period_id = p.id
      WHERE ($1::text IS NULL OR p.plan_id = $1) AND ($2::text IS NULL OR to_char(p.announced_on, 'YYYY-MM') = $2)
      ORDER BY p.plan_id, p.announced_on`, [f.planId ?? null, f.month ?? null]);
}

export interface ClaimExportRow {
  id: bigint; ref: string; plan_id: string; filed_on: string; diagnosed_on: string; severity: string; cause: string; status: string;
  reject_code: string | null; payout_fen: bigint | null; decided_on: string | null; announced_on: string | null; paid_on: string | null;
}

/**
 * A page of claims after claim id `after`, in id order: those filed, decided or paid in the month
 * (if given). Dates are local dates in the plan's zone.
 */
export async function claimsPage(q: Queryable, f: { planId?: string | undefined; month?: string | undefined; after: bigint; limit: number }): Promise<ClaimExportRow[]> {
  return q.query<ClaimExportRow>(
    `SELECT c.id, c.ref, c.plan_id, to_char(c.filed_at AT TIME ZONE pl.time_zone, 'YYYY-MM-DD') AS filed_on,
            to_char(c.diagnosed_on, 'YYYY-MM-DD') AS diagnosed_on, c.severity, c.cause, c.status, c.reject_code,
            CASE WHEN c.status = 'rejected' THEN NULL ELSE c.payout_fen END AS payout_fen,
            to_char(c.decided_at AT TIME ZONE pl.time_zone, 'YYYY-MM-DD') AS decided_on,
            to_char(p.announced_on, 'YYYY-MM-DD') AS announced_on, to_char(c.paid_at AT TIME ZONE pl.time_zone, 'YYYY-MM-DD') AS paid_on
       FROM claims c JOIN plans pl ON pl.id = c.plan_id LEFT JOIN periods p ON p.id = c.period_id
      WHERE c.id > $3 AND ($1::text IS NULL OR c.plan_id = $1)
        AND (${IN_MONTH('c.filed_at')} OR ${IN_MONTH('c.decided_at')} OR ${IN_MONTH('c.paid_at')})
      ORDER BY c.id LIMIT $4`, [f.planId ?? null, f.month ?? null, f.after, f.limit]);
}

export interface ClaimsSummaryRow { plan_id: string; filed: bigint; approved: bigint; rejected: bigint; paid: bigint; paid_fen: bigint; open: bigint }

/** Per plan for the month: claims filed, approved and rejected (decided in it), paid (and how much), and still open (as of now) of those filed in it. */
export async function claimsSummary(q: Queryable, f: { planId?: string | undefined; month: string }): Promise<ClaimsSummaryRow[]> {
  return q.query<ClaimsSummaryRow>(
    `SELECT c.plan_id,
            count(*) FILTER (WHERE ${IN_MONTH('c.filed_at')}) AS filed,
            count(*) FILTER (WHERE ${IN_MONTH('c.decided_at')} AND c.status IN ('approved', 'challenged', 'paid')) AS approved,
            count(*) FILTER (WHERE ${IN_MONTH('c.decided_at')} AND c.status = 'rejected') AS rejected,
            count(*) FILTER (WHERE ${IN_MONTH('c.paid_at')}) AS paid,
            coalesce(sum(c.payout_fen) FILTER (WHERE ${IN_MONTH('c.paid_at')}), 0)::bigint AS paid_fen,
            count(*) FILTER (WHERE ${IN_MONTH('c.filed_at')} AND c.status IN ('pending', 'investigating')) AS open
       FROM claims c JOIN plans pl ON pl.id = c.plan_id
      WHERE ($1::text IS NULL OR c.plan_id = $1)
      GROUP BY c.plan_id ORDER BY c.plan_id`, [f.planId ?? null, f.month]);
}

export interface JournalLineRow {
  entry_id: bigint; line: number; plan_id: string; period_id: bigint | null; kind: string; at: Date; actor: string; memo: string;
  reverses: bigint | null; account: string; debit_fen: bigint; credit_fen: bigint;
}

/** A page of journal lines after (entry `afterEntry`, line `afterLine`), in entry and line order: entries posted in the month, if given. */
export async function journalLinesPage(q: Queryable, f: { planId?: string | undefined; month?: string | undefined; afterEntry: bigint; afterLine: number; limit: number }): Promise<JournalLineRow[]> {
  return q.query<JournalLineRow>(
    `SELECT l.entry_id, l.line, e.plan_id, e.period_id, e.kind, e.at, e.actor, e.memo, e.reverses, l.account, l.debit_fen, l.credit_fen
       FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id JOIN plans pl ON pl.id = e.plan_id
      WHERE (l.entry_id, l.line) > ($3::bigint, $4::smallint) AND ($1::text IS NULL OR e.plan_id = $1) AND ${IN_MONTH('e.at')}
      ORDER BY l.entry_id, l.line LIMIT $5`, [f.planId ?? null, f.month ?? null, f.afterEntry, f.afterLine, f.limit]);
}
