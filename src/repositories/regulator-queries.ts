/**
 * The regulator's read model (issue 13): the fund flows per period, per local day and per
 * calendar month, and the daily "no precipitated funds" proof, each ONE set-based statement over
 * the journal (its lines, grouped) and the period results. Owns no table and writes nothing.
 *
 * Every flow is read from the ledger by the account it moves and the kind of the entry that moves
 * it; a reversal counts as a negative amount of the kind it reverses (its lines are the other
 * side, so the same sum nets it out):
 *   collected        Cr payer_receivable in `collection` and `deduction` entries (shares paid, in cash or from a wallet)
 *   recharged        Cr wallets in `recharge` entries
 *   paid             Dr claims_payable in `payout` entries (paid to claimants)
 *   fee              Dr fee_payable in `fee` entries (the fee paid to the operator)
 *   subsidy          Cr operator_receivable in `subsidy` entries of periods that are not operator-funded
 *   operator-funded  Cr operator_receivable in `subsidy` entries of operator-funded periods (OPERATOR_FUNDED)
 *   written off      Dr operator_advance in `write-off` entries (the operator's guarantee)
 *   refunds          Cr settlement in `refund` (wallets) and `share-refund` (a wind-down's refund of past
 *                    shares, which the operator pays in by a `subsidy` the same instant: counted under subsidy)
 *   wallets held     balance of `wallets`; surplus carried: balance of `surplus_carried` less the
 *                    surplus of periods announced but not yet charged (owed to the next period's members)
 */
import type { Queryable } from '../db/database.ts';

/**
 * An operator-funded period (the wind-down's rule 2: charged at or after the wind-down's instant A,
 * the same test as domain/wind-down.ts isOperatorFunded).
 */
const OPERATOR_FUNDED = '(p.charged_at >= (SELECT w.started_at FROM wind_downs w WHERE w.plan_id = p.plan_id))';

/** The kinds posted at a period's charge: the first of them dates the charge in the ledger. */
const CHARGE_KINDS = "('collection', 'advance', 'subsidy', 'payout', 'fee', 'deduction')";

/** Each journal line of the chosen plan(s) with its local day, effective kind and operator-funded flag ($1: plan or NULL). */
const LINES = `
  lines AS (
    SELECT e.plan_id, e.period_id, (e.at AT TIME ZONE pl.time_zone)::date AS day, coalesce(o.kind, e.kind) AS kind,
           l.account, l.debit_fen - l.credit_fen AS dr, coalesce(${OPERATOR_FUNDED}, false) AS funded
      FROM journal_entries e
      JOIN plans pl ON pl.id = e.plan_id
      JOIN journal_lines l ON l.entry_id = e.id
      LEFT JOIN journal_entries o ON o.id = e.reverses
      LEFT JOIN periods p ON p.id = e.period_id
     WHERE ($1::text IS NULL OR e.plan_id = $1))`;

/** The flows of a group of lines, as columns. */
const FLOWS = `
  coalesce(sum(-dr) FILTER (WHERE account = 'payer_receivable' AND kind IN ('collection', 'deduction')), 0)::bigint AS collected_fen,
  coalesce(sum(-dr) FILTER (WHERE account = 'wallets' AND kind = 'recharge'), 0)::bigint AS recharged_fen,
  coalesce(sum(dr) FILTER (WHERE account = 'claims_payable' AND kind = 'payout'), 0)::bigint AS paid_fen,
  coalesce(sum(dr) FILTER (WHERE account = 'fee_payable' AND kind = 'fee'), 0)::bigint AS fee_fen,
  coalesce(sum(-dr) FILTER (WHERE account = 'operator_receivable' AND kind = 'subsidy' AND NOT funded), 0)::bigint AS subsidy_fen,
  coalesce(sum(-dr) FILTER (WHERE account = 'operator_receivable' AND kind = 'subsidy' AND funded), 0)::bigint AS operator_funded_fen,
  coalesce(sum(dr) FILTER (WHERE account = 'operator_advance' AND kind = 'write-off'), 0)::bigint AS written_off_fen,
  coalesce(sum(-dr) FILTER (WHERE account = 'settlement' AND kind IN ('refund', 'share-refund')), 0)::bigint AS refunds_fen`;

/**
 * Per plan and local day: the flows, what the wallets moved by kind, and the end-of-day balances
 * of settlement, wallets and surplus carried (running sums over the days, one scan of the journal).
 */
const DAYS = `
  WITH ${LINES},
  by_day AS (
    SELECT plan_id, day, ${FLOWS},
           coalesce(sum(dr) FILTER (WHERE account = 'wallets' AND kind = 'deduction'), 0)::bigint AS deducted_fen,
           coalesce(sum(dr) FILTER (WHERE account = 'wallets' AND kind = 'refund'), 0)::bigint AS wallet_refunds_fen,
           coalesce(sum(dr) FILTER (WHERE account = 'settlement'), 0) AS d_settlement,
           coalesce(sum(-dr) FILTER (WHERE account = 'wallets'), 0) AS d_wallets,
           coalesce(sum(-dr) FILTER (WHERE account = 'surplus_carried'), 0) AS d_surplus,
           bool_or(account IN ('settlement', 'wallets')) AS moved,
           bool_or(account = 'wallets') AS wallets_moved
      FROM lines GROUP BY plan_id, day),
  period_days AS (
    SELECT l.plan_id, l.period_id, min(l.day) FILTER (WHERE l.kind = 'sharing') AS shared_on,
           min(l.day) FILTER (WHERE l.kind IN ${CHARGE_KINDS}) AS charged_on
      FROM lines l WHERE l.period_id IS NOT NULL GROUP BY l.plan_id, l.period_id),
  days AS (
    SELECT d.*,
           sum(d_settlement) OVER w AS settlement_fen, sum(d_wallets) OVER w AS wallets_fen, sum(d_surplus) OVER w AS surplus_book_fen
      FROM by_day d WINDOW w AS (PARTITION BY plan_id ORDER BY day)),
  balanced AS (
    SELECT d.*, (d.surplus_book_fen - coalesce(pending.fen, 0))::bigint AS surplus_fen
      FROM days d
      LEFT JOIN LATERAL (
        SELECT sum(p.surplus_out_fen - p.carried_in_fen) AS fen
          FROM period_days pd JOIN periods p ON p.id = pd.period_id
         WHERE pd.plan_id = d.plan_id AND pd.shared_on <= d.day AND (pd.charged_on IS NULL OR pd.charged_on > d.day)) pending ON true)`;

export interface FlowColumns {
  collected_fen: bigint; recharged_fen: bigint; paid_fen: bigint; fee_fen: bigint; subsidy_fen: bigint;
  operator_funded_fen: bigint; written_off_fen: bigint; refunds_fen: bigint;
}

export interface DayRow extends FlowColumns {
  plan_id: string; day: string; settlement_fen: bigint; wallets_fen: bigint; surplus_fen: bigint;
  deducted_fen: bigint; wallet_refunds_fen: bigint;
}

/** Filters: one plan or all, one calendar month ('YYYY-MM', the plan's zone) or all, and a page. */
export interface FlowFilter { planId?: string | undefined; month?: string | undefined; limit?: number | undefined; offset?: number | undefined }

const page = (f: FlowFilter): unknown[] => [f.planId ?? null, f.month ?? null, f.limit ?? null, f.offset ?? 0];

/** Each day with money movement (settlement or wallets moved), its flows and end-of-day balances; `walletsOnly`: days the wallets moved. */
export async function flowsByDay(q: Queryable, f: FlowFilter & { walletsOnly?: boolean }): Promise<DayRow[]> {
  return q.query<DayRow>(
    `${DAYS}
     SELECT plan_id, to_char(day, 'YYYY-MM-DD') AS day, collected_fen, recharged_fen, paid_fen, fee_fen, subsidy_fen, operator_funded_fen,
            written_off_fen, refunds_fen, deducted_fen, wallet_refunds_fen,
            settlement_fen::bigint AS settlement_fen, wallets_fen::bigint AS wallets_fen, surplus_fen
       FROM balanced
      WHERE ${f.walletsOnly ? 'wallets_moved' : 'moved'} AND ($2::text IS NULL OR to_char(day, 'YYYY-MM') = $2)
      ORDER BY plan_id, day LIMIT $3 OFFSET $4`, page(f));
}

export interface MonthRow extends FlowColumns { plan_id: string; month: string; wallets_fen: bigint; surplus_fen: bigint }

/** Each calendar month with journal entries: the month's flows and the wallets and surplus carried at its end. */
export async function flowsByMonth(q: Queryable, f: FlowFilter): Promise<MonthRow[]> {
  return q.query<MonthRow>(
    `${DAYS},
     months AS (
       SELECT plan_id, to_char(day, 'YYYY-MM') AS month,
              sum(collected_fen) AS collected_fen, sum(recharged_fen) AS recharged_fen, sum(paid_fen) AS paid_fen, sum(fee_fen) AS fee_fen,
              sum(subsidy_fen) AS subsidy_fen, sum(operator_funded_fen) AS operator_funded_fen, sum(written_off_fen) AS written_off_fen,
              sum(refunds_fen) AS refunds_fen,
              (array_agg(wallets_fen ORDER BY day DESC))[1] AS wallets_fen, (array_agg(surplus_fen ORDER BY day DESC))[1] AS surplus_fen
         FROM balanced GROUP BY plan_id, to_char(day, 'YYYY-MM'))
     SELECT plan_id, month, collected_fen::bigint, recharged_fen::bigint, paid_fen::bigint, fee_fen::bigint, subsidy_fen::bigint,
            operator_funded_fen::bigint, written_off_fen::bigint, refunds_fen::bigint, wallets_fen::bigint, surplus_fen::bigint
       FROM months WHERE ($2::text IS NULL OR month = $2)
      ORDER BY plan_id, month LIMIT $3 OFFSET $4`, page(f));
}

export interface PeriodFlowRow extends FlowColumns {
  plan_id: string; period_id: bigint; announced_on: string; charged_on: string; status: string; sharing_members: bigint; cases: number;
  billed_fen: bigint; carried_in_fen: bigint; surplus_fen: bigint; wallets_fen: bigint | null;
}

/** Each period (announced in the month, if one is given): the money its entries moved, the surplus it carried out and the wallets right after its charge. */
export async function flowsByPeriod(q: Queryable, f: FlowFilter): Promise<PeriodFlowRow[]> {
  return q.query<PeriodFlowRow>(
    `WITH ${LINES},
     flows AS (SELECT period_id, ${FLOWS} FROM lines WHERE period_id IS NOT NULL GROUP BY period_id)
     SELECT p.plan_id, p.id AS period_id, to_char(p.announced_on, 'YYYY-MM-DD') AS announced_on, to_char(p.charged_on, 'YYYY-MM-DD') AS charged_on,
            p.status, p.sharing_members, p.cases, p.billed_fen, p.carried_in_fen, p.surplus_out_fen AS surplus_fen, pw.wallets_fen,
            coalesce(x.collected_fen, 0) AS collected_fen, coalesce(x.recharged_fen, 0) AS recharged_fen, coalesce(x.paid_fen, 0) AS paid_fen,
            coalesce(x.fee_fen, 0) AS fee_fen, coalesce(x.subsidy_fen, 0) AS subsidy_fen, coalesce(x.operator_funded_fen, 0) AS operator_funded_fen,
            coalesce(x.written_off_fen, 0) AS written_off_fen, coalesce(x.refunds_fen, 0) AS refunds_fen
       FROM periods p
       LEFT JOIN flows x ON x.period_id = p.id
       LEFT JOIN period_wallets pw ON pw.period_id = p.id
      WHERE ($1::text IS NULL OR p.plan_id = $1) AND ($2::text IS NULL OR to_char(p.announced_on, 'YYYY-MM') = $2)
      ORDER BY p.plan_id, p.announced_on LIMIT $3 OFFSET $4`, page(f));
}
