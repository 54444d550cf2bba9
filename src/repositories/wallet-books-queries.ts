/**
 * The books check's queries for prepaid wallets (issue 13; services/wallet-books-check.ts): each
 * one aggregate over the wallets' movements, the period totals and the journal. Owns no table and
 * writes nothing.
 */
import type { Queryable } from '../db/database.ts';

export interface WalletTotals { recharged: bigint; deducted: bigint; refunded: bigint; negative: bigint; ledger_recharged: bigint; ledger_deducted: bigint; ledger_refunded: bigint }

/** Movement totals by kind, wallets below zero, and the same totals as the journal posted them to `wallets`. */
export async function walletTotals(q: Queryable, planId: string): Promise<WalletTotals> {
  return (await q.query<WalletTotals>(
    `SELECT (SELECT coalesce(sum(amount_fen), 0) FROM wallet_movements WHERE plan_id = $1 AND kind = 'recharge')::bigint AS recharged,
            (SELECT coalesce(sum(amount_fen), 0) FROM wallet_movements WHERE plan_id = $1 AND kind = 'deduction')::bigint AS deducted,
            (SELECT coalesce(sum(amount_fen), 0) FROM wallet_movements WHERE plan_id = $1 AND kind = 'refund')::bigint AS refunded,
            (SELECT count(*) FROM (SELECT payer_id FROM wallet_movements WHERE plan_id = $1 GROUP BY payer_id
                                    HAVING sum(CASE WHEN kind = 'recharge' THEN amount_fen ELSE -amount_fen END) < 0) x) AS negative,
            coalesce(sum(l.credit_fen - l.debit_fen) FILTER (WHERE e.kind = 'recharge'), 0)::bigint AS ledger_recharged,
            coalesce(sum(l.debit_fen - l.credit_fen) FILTER (WHERE e.kind = 'deduction'), 0)::bigint AS ledger_deducted,
            coalesce(sum(l.debit_fen - l.credit_fen) FILTER (WHERE e.kind = 'refund'), 0)::bigint AS ledger_refunded
       FROM journal_entries e JOIN journal_lines l ON l.entry_id = e.id AND l.account = 'wallets'
      WHERE e.plan_id = $1`, [planId]))[0]!;
}

export interface ChargeDayBalances { announced_on: string; wallets_fen: bigint; settlement: bigint; surplus: bigint; wallets: bigint; pending_surplus: bigint }

/**
 * For each charged period with a published wallets total: the settlement, surplus-carried and
 * wallets balances as of the plan's last journal entry when its total was recorded
 * (running sums over the journal in entry order, one scan), and the surplus of periods announced but not yet charged at that point.
 */
export async function balancesAfterEachChargeDay(q: Queryable, planId: string): Promise<ChargeDayBalances[]> {
  return q.query<ChargeDayBalances>(
    `WITH per_entry AS (
       SELECT e.id,
              sum(CASE WHEN l.account = 'settlement' THEN l.debit_fen - l.credit_fen ELSE 0 END) AS s,
              sum(CASE WHEN l.account = 'surplus_carried' THEN l.credit_fen - l.debit_fen ELSE 0 END) AS u,
              sum(CASE WHEN l.account = 'wallets' THEN l.credit_fen - l.debit_fen ELSE 0 END) AS w
         FROM journal_entries e JOIN journal_lines l ON l.entry_id = e.id WHERE e.plan_id = $1 GROUP BY e.id),
     cum AS (SELECT id, sum(s) OVER (ORDER BY id) AS s, sum(u) OVER (ORDER BY id) AS u, sum(w) OVER (ORDER BY id) AS w FROM per_entry),
     marks AS (
       SELECT pw.period_id, pw.wallets_fen, pe.announced_on, pw.last_entry_id AS last_id
         FROM period_wallets pw JOIN periods pe ON pe.id = pw.period_id WHERE pw.plan_id = $1)
     SELECT to_char(m.announced_on, 'YYYY-MM-DD') AS announced_on, m.wallets_fen,
            coalesce(c.s, 0)::bigint AS settlement, coalesce(c.u, 0)::bigint AS surplus, coalesce(c.w, 0)::bigint AS wallets,
            coalesce((SELECT sum(x.surplus_out_fen - x.carried_in_fen) FROM periods x
                       WHERE x.plan_id = $1 AND x.announced_on > m.announced_on
                         AND (SELECT min(e2.id) FROM journal_entries e2 WHERE e2.period_id = x.id) <= m.last_id), 0)::bigint AS pending_surplus
       FROM marks m LEFT JOIN cum c ON c.id = m.last_id ORDER BY m.announced_on`, [planId]);
}
