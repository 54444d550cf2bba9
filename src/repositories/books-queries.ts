/**
 * The read-only queries of `huzhu books check` (services/books-check.ts): each one aggregate over
 * the ledger, the periods, the charges and the payments, so the check costs a few scans however
 * many members there are. Owns no table and writes nothing.
 */
import type { Queryable } from '../db/database.ts';

/** Journal entries with fewer than two lines or whose debits and credits differ (the first ten). */
export async function unbalancedEntries(q: Queryable): Promise<{ id: bigint }[]> {
  return q.query<{ id: bigint }>(
    `SELECT e.id FROM journal_entries e LEFT JOIN journal_lines l ON l.entry_id = e.id
      GROUP BY e.id HAVING count(l.*) < 2 OR coalesce(sum(l.debit_fen), 0) <> coalesce(sum(l.credit_fen), 0) LIMIT 10`);
}

/** Sum of all debits and credits, and the number of entries. */
export async function journalTotals(q: Queryable): Promise<{ d: bigint; c: bigint; n: bigint }> {
  return (await q.query<{ d: bigint; c: bigint; n: bigint }>(
    'SELECT coalesce(sum(debit_fen), 0)::bigint AS d, coalesce(sum(credit_fen), 0)::bigint AS c, count(DISTINCT entry_id) AS n FROM journal_lines'))[0]!;
}

/** Periods whose journal entries do not balance together. */
export async function unbalancedPeriods(q: Queryable): Promise<{ period_id: bigint }[]> {
  return q.query<{ period_id: bigint }>(
    `SELECT e.period_id FROM journal_entries e JOIN journal_lines l ON l.entry_id = e.id WHERE e.period_id IS NOT NULL
      GROUP BY e.period_id HAVING sum(l.debit_fen) <> sum(l.credit_fen)`);
}

/**
 * Periods whose charges do not add up to the billed total, bill more members than shared, or bill
 * more than the share allows: share x bills, or share x W when contributions are graded (W, the
 * sum of the members' weights; NULL before migration 0330, when every weight was 1). Also charges
 * of no period: no foreign key holds them (the sharing run bills before it publishes the period),
 * so charges whose period is neither published nor a sharing run under way are reported here, by
 * the same scan.
 */
export async function periodsWhoseChargesDiffer(q: Queryable): Promise<{ id: bigint; announced_on: string; billed_fen: bigint; charged: bigint; n: bigint; sharing_members: bigint }[]> {
  return q.query<{ id: bigint; announced_on: string; billed_fen: bigint; charged: bigint; n: bigint; sharing_members: bigint }>(
    `SELECT coalesce(p.id, c.period_id) AS id, coalesce(p.announced_on::text, 'period id ' || c.period_id || ' (no such period)') AS announced_on,
            coalesce(p.billed_fen, 0)::bigint AS billed_fen, coalesce(c.s, 0)::bigint AS charged, coalesce(c.n, 0) AS n, coalesce(p.sharing_members, 0) AS sharing_members
       FROM periods p FULL JOIN (SELECT period_id, sum(amount_fen) AS s, count(*) AS n FROM charges GROUP BY period_id) c ON c.period_id = p.id
      WHERE CASE WHEN p.id IS NULL THEN NOT EXISTS (SELECT 1 FROM sharing_runs r WHERE r.period_id = c.period_id)
                 ELSE coalesce(c.s, 0) <> p.billed_fen OR coalesce(c.n, 0) > p.sharing_members OR p.share_fen * coalesce(p.weight_total, c.n, 0) < coalesce(c.s, 0) END`);
}

/** Periods whose sharing entry disagrees with the published billed, payouts, fee or subsidy. */
export async function periodsWhoseSharingEntryDiffers(q: Queryable): Promise<{ announced_on: string }[]> {
  return q.query<{ announced_on: string }>(
    `SELECT p.announced_on::text FROM periods p
       LEFT JOIN LATERAL (
         SELECT coalesce(sum(l.debit_fen) FILTER (WHERE l.account = 'payer_receivable'), 0) AS billed,
                coalesce(sum(l.credit_fen) FILTER (WHERE l.account = 'claims_payable'), 0) AS payout,
                coalesce(sum(l.credit_fen) FILTER (WHERE l.account = 'fee_payable'), 0) AS fee,
                coalesce(sum(l.debit_fen) FILTER (WHERE l.account = 'operator_receivable'), 0) AS subsidy
           FROM journal_entries e JOIN journal_lines l ON l.entry_id = e.id WHERE e.period_id = p.id AND e.kind = 'sharing') s ON true
      WHERE s.billed <> p.billed_fen OR s.payout <> p.payout_fen OR s.fee <> p.fee_fen OR s.subsidy <> p.operator_subsidy_fen`);
}

/** Periods that do not carry in the previous period's surplus. */
export async function periodsBreakingTheSurplusChain(q: Queryable): Promise<{ announced_on: string }[]> {
  return q.query<{ announced_on: string }>(
    `SELECT announced_on::text FROM (
       SELECT announced_on, carried_in_fen, lag(surplus_out_fen, 1, 0::bigint) OVER (PARTITION BY plan_id ORDER BY announced_on) AS prev_out
         FROM periods) x WHERE carried_in_fen <> prev_out`);
}

/**
 * Charged periods whose payments do not add up to the billed total, and payments of no period
 * (their foreign key went in migration 0400; only a charge day writes payments, for the period it
 * holds locked, so none should exist): both by one scan of the payments.
 */
export async function chargedPeriodsNotCollected(q: Queryable): Promise<{ announced_on: string }[]> {
  return q.query<{ announced_on: string }>(
    `SELECT coalesce(p.announced_on::text, 'period id ' || x.period_id || ' (no such period)') AS announced_on
       FROM periods p FULL JOIN (SELECT period_id, sum(amount_fen) AS s FROM payments GROUP BY period_id) x ON x.period_id = p.id
      WHERE p.id IS NULL OR (p.status = 'charged' AND coalesce(x.s, 0) <> p.billed_fen)`);
}

/**
 * Announced periods whose row no longer says what the log published (share, billed, payouts, fee,
 * carried in, sharing members, subsidy, surplus out). The database refuses such a change (0302);
 * this catches one made around that guard (triggers disabled, a restored backup).
 */
export async function periodsUnlikeTheirLogEntry(q: Queryable): Promise<{ announced_on: string }[]> {
  return q.query<{ announced_on: string }>(
    `SELECT p.announced_on::text FROM periods p
       JOIN log_entries l ON l.ref = 'period.announced/' || p.id
       CROSS JOIN LATERAL (SELECT convert_from(l.entry, 'UTF8')::jsonb AS j) e
      WHERE (e.j->>'share')::bigint <> p.share_fen OR (e.j->>'billed')::bigint <> p.billed_fen OR (e.j->>'payouts')::bigint <> p.payout_fen
         OR (e.j->>'fee')::bigint <> p.fee_fen OR (e.j->>'carriedIn')::bigint <> p.carried_in_fen OR (e.j->>'sharingMembers')::bigint <> p.sharing_members
         OR (e.j->>'subsidy')::bigint <> p.operator_subsidy_fen OR (e.j->>'surplusOut')::bigint <> p.surplus_out_fen`);
}

/** A plan's open payments and the totals of its periods announced but not yet charged. */
export async function openAmountsOfPlan(q: Queryable, planId: string): Promise<{ open_fen: bigint; pending_billed: bigint; pending_payout: bigint; pending_fee: bigint; pending_subsidy: bigint; pending_surplus: bigint }> {
  return (await q.query<{ open_fen: bigint; pending_billed: bigint; pending_payout: bigint; pending_fee: bigint; pending_subsidy: bigint; pending_surplus: bigint }>(
    `SELECT (SELECT coalesce(sum(p.amount_fen), 0) FROM payments p JOIN periods pe ON pe.id = p.period_id
                WHERE pe.plan_id = $1 AND p.status IN ('failed', 'pending'))::bigint AS open_fen,
              coalesce(sum(billed_fen), 0)::bigint AS pending_billed, coalesce(sum(payout_fen), 0)::bigint AS pending_payout,
              coalesce(sum(fee_fen), 0)::bigint AS pending_fee, coalesce(sum(operator_subsidy_fen), 0)::bigint AS pending_subsidy,
              coalesce(sum(surplus_out_fen - carried_in_fen), 0)::bigint AS pending_surplus
         FROM periods WHERE plan_id = $1 AND status = 'announced'`, [planId]))[0]!;
}
