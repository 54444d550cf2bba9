/**
 * Prepaid wallets (issue 13): the append-only movements (a wallet's balance is their sum), the
 * reminders after each charge and the published total per period. The charge, the refunds and
 * the reminders are each one statement over every payer of the plan: no payer is loaded into Node.
 */
import type { Queryable } from '../db/database.ts';
import type { PaymentProvider } from '../payments/payment-provider.ts';
import { periodCollectionTotals, type CollectionTotals } from './payments-repo.ts';

/** A wallet's balance from its movements (column names of wallet_movements). */
const SIGNED = `CASE WHEN kind = 'recharge' THEN amount_fen ELSE -amount_fen END`;

export async function walletBalance(q: Queryable, planId: string, payerId: bigint): Promise<bigint> {
  const rows = await q.query<{ b: bigint }>(
    `SELECT coalesce(sum(${SIGNED}), 0)::bigint AS b FROM wallet_movements WHERE plan_id = $1 AND payer_id = $2`, [planId, payerId]);
  return rows[0]!.b;
}

/**
 * On a server, a prepaid plan's charge (exclusive) and its recharges (shared) exclude each other
 * through the plan's row, so a late payment taken at a recharge and the charge never both spend
 * the same balance; the charge's statement then sees every recharge committed before it.
 */
export async function lockPlanWallets(q: Queryable, planId: string, mode: 'charge' | 'recharge'): Promise<void> {
  await q.query(`SELECT id FROM plans WHERE id = $1 ${mode === 'charge' ? 'FOR UPDATE' : 'FOR SHARE'}`, [planId]);
}

/** Serializes a payer's wallet operations (recharge, join) in one plan for the transaction. */
export async function lockWallet(q: Queryable, payerId: bigint): Promise<void> {
  await q.query('SELECT id FROM payers WHERE id = $1 FOR UPDATE', [payerId]);
}

/** The provider's answer for a recharge, decided in SQL like a charge (no period: period_id is null). */
export async function rechargeOutcome(q: Queryable, provider: PaymentProvider, payerId: bigint, at: Date): Promise<string> {
  const rows = await q.query<{ status: string }>(
    // x.at_ names the instant even for a provider whose outcome does not read it (a bind needs every parameter used).
    `SELECT ${provider.outcomeSql('x.at_')} AS status FROM (SELECT $1::bigint, NULL::bigint, 1, $2::timestamptz) AS x(payer_id, period_id, attempts, at_)`, [payerId, at]);
  return rows[0]!.status;
}

export async function insertMovement(q: Queryable, m: { planId: string; payerId: bigint; kind: 'recharge' | 'deduction' | 'refund'; amountFen: bigint; periodId: bigint | null; at: Date; ref: string }): Promise<boolean> {
  const rows = await q.query(
    `INSERT INTO wallet_movements (plan_id, payer_id, kind, amount_fen, period_id, at, ref) VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (ref) DO NOTHING RETURNING id`, [m.planId, m.payerId, m.kind, m.amountFen, m.periodId, m.at, m.ref]);
  return rows.length > 0;
}

/**
 * The charge of a prepaid plan, one statement: each payer's payment for the period (the sum of
 * its memberships' bills) is taken from its wallet if the wallet covers it in full, else it fails
 * and stays open until `retryUntil`. Returns the totals as collectPeriod does.
 */
export async function collectPeriodFromWallets(q: Queryable, p: { planId: string; periodId: bigint; at: Date; retryUntil: Date; ref: string }): Promise<CollectionTotals> {
  await q.query(
    `WITH g AS (SELECT period_id, payer_id, sum(amount_fen)::bigint AS amount_fen FROM charges WHERE period_id = $1 GROUP BY period_id, payer_id),
          b AS (SELECT payer_id, sum(${SIGNED})::bigint AS balance_fen FROM wallet_movements WHERE plan_id = $2 GROUP BY payer_id),
          ins AS (
            INSERT INTO payments (period_id, payer_id, amount_fen, status, attempts, retry_until, settled_at)
            SELECT g.period_id, g.payer_id, g.amount_fen, CASE WHEN coalesce(b.balance_fen, 0) >= g.amount_fen THEN 'paid' ELSE 'failed' END, 1, $4,
                   CASE WHEN coalesce(b.balance_fen, 0) >= g.amount_fen THEN $3::timestamptz END
              FROM g LEFT JOIN b ON b.payer_id = g.payer_id
             ORDER BY g.payer_id -- in index order, as collectPeriod says why
            ON CONFLICT (period_id, payer_id) DO NOTHING
            RETURNING period_id, payer_id, amount_fen, status)
     INSERT INTO wallet_movements (plan_id, payer_id, kind, amount_fen, period_id, at, ref)
     SELECT $2, payer_id, 'deduction', amount_fen, period_id, $3, $5 || ':' || payer_id FROM ins WHERE status = 'paid'
     ON CONFLICT (ref) DO NOTHING`,
    [p.periodId, p.planId, p.at, p.retryUntil, p.ref]);
  return periodCollectionTotals(q, p.periodId);
}

/**
 * A payer's open payments in the plan still retryable at `at`, oldest period first (at most a few):
 * one primary-key probe per period of the plan, as there is no index on the payer alone (0410).
 */
export async function openPaymentsOfPayer(q: Queryable, planId: string, payerId: bigint, at: Date): Promise<{ periodId: bigint; amountFen: bigint; order: bigint }[]> {
  const rows = await q.query<{ period_id: bigint; amount_fen: bigint }>(
    `SELECT p.period_id, p.amount_fen FROM payments p JOIN periods pe ON pe.id = p.period_id
      WHERE pe.plan_id = $1 AND p.payer_id = $2 AND p.status IN ('failed', 'pending') AND p.retry_until > $3
      ORDER BY pe.announced_on, p.period_id FOR UPDATE OF p`, [planId, payerId, at]);
  return rows.map((r, i) => ({ periodId: r.period_id, amountFen: r.amount_fen, order: BigInt(i) }));
}

/** Marks the payer's payments of these periods paid from the wallet at `at`, with their deductions. */
export async function takeLatePayments(q: Queryable, p: { planId: string; payerId: bigint; periodIds: bigint[]; at: Date; ref: string }): Promise<void> {
  if (!p.periodIds.length) return;
  await q.query(
    `WITH u AS (
       UPDATE payments SET status = 'paid', attempts = attempts + 1, settled_at = $4
        WHERE payer_id = $2 AND period_id = ANY($3::bigint[]) AND status IN ('failed', 'pending')
        RETURNING period_id, payer_id, amount_fen)
     INSERT INTO wallet_movements (plan_id, payer_id, kind, amount_fen, period_id, at, ref)
     SELECT $1, payer_id, 'deduction', amount_fen, period_id, $4, $5 || ':' || period_id FROM u`,
    [p.planId, p.payerId, p.periodIds, p.at, p.ref]);
}

/**
 * Rule 6, one statement for every payer of the plan (or one payer): refunds the whole balance of
 * each payer who has had a membership in the plan, has none active, owes nothing (no open
 * payment, no bill of a period not yet charged, and was not a sharing member of an open notice)
 * and has not been refunded since its last membership ended. Returns the refunds made.
 */
export async function refundSettledWallets(q: Queryable, p: { planId: string; at: Date; ref: string; periodId: bigint | null; payerId?: bigint }): Promise<{ refunds: bigint; refundedFen: bigint }> {
  const rows = await q.query<{ n: bigint; fen: bigint }>(
    `WITH b AS (
       SELECT payer_id, sum(${SIGNED})::bigint AS balance_fen, max(at) FILTER (WHERE kind = 'refund') AS last_refund
         FROM wallet_movements WHERE plan_id = $1 AND ($5::bigint IS NULL OR payer_id = $5) GROUP BY payer_id),
     due AS (
       SELECT b.payer_id, b.balance_fen FROM b
        WHERE b.balance_fen > 0
          AND EXISTS (SELECT 1 FROM memberships m WHERE m.plan_id = $1 AND m.payer_id = b.payer_id)
          AND NOT EXISTS (SELECT 1 FROM memberships m WHERE m.plan_id = $1 AND m.payer_id = b.payer_id AND m.status = 'active')
          AND (b.last_refund IS NULL OR b.last_refund < (SELECT max(m.ended_at) FROM memberships m WHERE m.plan_id = $1 AND m.payer_id = b.payer_id))
          AND NOT EXISTS (SELECT 1 FROM payments pa JOIN periods pe ON pe.id = pa.period_id
                           WHERE pe.plan_id = $1 AND pa.payer_id = b.payer_id AND pa.status IN ('failed', 'pending'))
          AND NOT EXISTS (SELECT 1 FROM charges c JOIN periods pe ON pe.id = c.period_id
                           WHERE pe.plan_id = $1 AND pe.status <> 'charged' AND c.payer_id = b.payer_id)
          AND NOT EXISTS (SELECT 1 FROM notices n JOIN memberships m ON m.plan_id = n.plan_id AND m.payer_id = b.payer_id
                           WHERE n.plan_id = $1 AND n.status = 'open' AND n.announced_at <= $2
                             AND m.joined_at < n.announced_at AND (m.ended_at IS NULL OR m.ended_at >= n.announced_at))),
     r AS (
       INSERT INTO wallet_movements (plan_id, payer_id, kind, amount_fen, period_id, at, ref)
       SELECT $1, payer_id, 'refund', balance_fen, $4, $2, $3 || ':' || payer_id FROM due
       ON CONFLICT (ref) DO NOTHING RETURNING amount_fen)
     SELECT count(*) AS n, coalesce(sum(amount_fen), 0)::bigint AS fen FROM r`,
    [p.planId, p.at, p.ref, p.periodId, p.payerId ?? null]);
  return { refunds: rows[0]!.n, refundedFen: rows[0]!.fen };
}

/** The whole balance of one payer's wallet, refunded now whatever is pending (for the wind-down). */
export async function refundWholeWallet(q: Queryable, p: { planId: string; payerId: bigint; at: Date; ref: string }): Promise<bigint> {
  const balance = await walletBalance(q, p.planId, p.payerId);
  if (balance <= 0n) return 0n;
  return (await insertMovement(q, { planId: p.planId, payerId: p.payerId, kind: 'refund', amountFen: balance, periodId: null, at: p.at, ref: p.ref })) ? balance : 0n;
}

/** The wind-down's start (issue 13), one statement: every wallet of the plan with a balance is refunded in full. */
export async function refundAllWallets(q: Queryable, p: { planId: string; at: Date; ref: string }): Promise<{ refunds: bigint; refundedFen: bigint }> {
  const rows = await q.query<{ n: bigint; fen: bigint }>(
    `WITH b AS (SELECT payer_id, sum(${SIGNED})::bigint AS balance_fen FROM wallet_movements WHERE plan_id = $1 GROUP BY payer_id),
     r AS (
       INSERT INTO wallet_movements (plan_id, payer_id, kind, amount_fen, period_id, at, ref)
       SELECT $1, payer_id, 'refund', balance_fen, NULL, $2, $3 || ':' || payer_id FROM b WHERE balance_fen > 0
       ON CONFLICT (ref) DO NOTHING RETURNING amount_fen)
     SELECT count(*) AS n, coalesce(sum(amount_fen), 0)::bigint AS fen FROM r`, [p.planId, p.at, p.ref]);
  return { refunds: rows[0]!.n, refundedFen: rows[0]!.fen };
}

/** The dry run's look: wallets of the plan holding money, how many and how much. */
export async function walletsWithBalance(q: Queryable, planId: string): Promise<{ wallets: bigint; fen: bigint }> {
  const rows = await q.query<{ n: bigint; fen: bigint }>(
    `SELECT count(*) AS n, coalesce(sum(balance_fen), 0)::bigint AS fen
       FROM (SELECT sum(${SIGNED}) AS balance_fen FROM wallet_movements WHERE plan_id = $1 GROUP BY payer_id) b WHERE balance_fen > 0`, [planId]);
  return { wallets: rows[0]!.n, fen: rows[0]!.fen };
}

/** Rule 5, one statement: the reminders after the period's charge. Returns how many. */
export async function recordReminders(q: Queryable, p: { planId: string; periodId: bigint; at: Date; lowBalanceFen: bigint }): Promise<bigint> {
  const rows = await q.query<{ n: bigint }>(
    `WITH b AS (SELECT payer_id, sum(${SIGNED})::bigint AS balance_fen FROM wallet_movements WHERE plan_id = $2 GROUP BY payer_id),
     ins AS (
       INSERT INTO wallet_reminders (period_id, payer_id, plan_id, reason, balance_fen, at)
       SELECT pa.period_id, pa.payer_id, $2, CASE WHEN pa.status = 'paid' THEN 'low-balance' ELSE 'payment-failed' END, coalesce(b.balance_fen, 0), $3
         FROM payments pa LEFT JOIN b ON b.payer_id = pa.payer_id
        WHERE pa.period_id = $1 AND (pa.status <> 'paid' OR coalesce(b.balance_fen, 0) < $4)
          AND NOT EXISTS (SELECT 1 FROM wallet_movements r WHERE r.plan_id = $2 AND r.kind = 'refund' AND r.period_id = $1 AND r.payer_id = pa.payer_id)
       ON CONFLICT DO NOTHING RETURNING 1)
     SELECT count(*) AS n FROM ins`, [p.periodId, p.planId, p.at, p.lowBalanceFen]);
  return rows[0]!.n;
}

export async function walletsTotal(q: Queryable, planId: string): Promise<bigint> {
  const rows = await q.query<{ t: bigint }>(`SELECT coalesce(sum(${SIGNED}), 0)::bigint AS t FROM wallet_movements WHERE plan_id = $1`, [planId]);
  return rows[0]!.t;
}

/** The period's published wallet facts: total now, and the movements since the plan's previous charge (anonymized totals). */
export async function recordPeriodWallets(q: Queryable, p: { planId: string; periodId: bigint; at: Date }): Promise<{ walletsFen: bigint; rechargedFen: bigint; recharges: bigint; deductedFen: bigint; refundedFen: bigint; refunds: bigint }> {
  const walletsFen = await walletsTotal(q, p.planId);
  await q.query(
    `INSERT INTO period_wallets (period_id, plan_id, wallets_fen, at, last_entry_id)
     VALUES ($1, $2, $3, $4, (SELECT max(id) FROM journal_entries WHERE plan_id = $2)) ON CONFLICT DO NOTHING`, [p.periodId, p.planId, walletsFen, p.at]);
  const rows = await q.query<{ rf: bigint; rn: bigint; df: bigint; ff: bigint; fn: bigint }>(
    `WITH prev AS (SELECT coalesce(max(at), '-infinity'::timestamptz) AS at FROM period_wallets WHERE plan_id = $1 AND period_id <> $2 AND at < $3)
     SELECT coalesce(sum(amount_fen) FILTER (WHERE kind = 'recharge'), 0)::bigint AS rf, count(*) FILTER (WHERE kind = 'recharge') AS rn,
            coalesce(sum(amount_fen) FILTER (WHERE kind = 'deduction'), 0)::bigint AS df,
            coalesce(sum(amount_fen) FILTER (WHERE kind = 'refund'), 0)::bigint AS ff, count(*) FILTER (WHERE kind = 'refund') AS fn
       FROM wallet_movements, prev WHERE plan_id = $1 AND wallet_movements.at > prev.at AND wallet_movements.at <= $3`, [p.planId, p.periodId, p.at]);
  const r = rows[0]!;
  return { walletsFen, rechargedFen: r.rf, recharges: r.rn, deductedFen: r.df, refundedFen: r.ff, refunds: r.fn };
}

export interface PayerWallet { plan_id: string; payer_id: bigint; ref: string; balance_fen: bigint; refunded_fen: bigint }

/** Every payer with a wallet movement or a membership in a prepaid plan (the replay's `payers`). */
export async function walletsOfPlan(q: Queryable, planId: string): Promise<PayerWallet[]> {
  return q.query<PayerWallet>(
    `SELECT $1::text AS plan_id, pa.id AS payer_id, pa.ref,
            coalesce((SELECT sum(${SIGNED}) FROM wallet_movements w WHERE w.plan_id = $1 AND w.payer_id = pa.id), 0)::bigint AS balance_fen,
            coalesce((SELECT sum(amount_fen) FROM wallet_movements w WHERE w.plan_id = $1 AND w.payer_id = pa.id AND kind = 'refund'), 0)::bigint AS refunded_fen
       FROM payers pa
      WHERE EXISTS (SELECT 1 FROM wallet_movements w WHERE w.plan_id = $1 AND w.payer_id = pa.id)
         OR EXISTS (SELECT 1 FROM memberships m WHERE m.plan_id = $1 AND m.payer_id = pa.id)
      ORDER BY pa.ref`, [planId]);
}

export interface ReminderRow { plan_id: string; payer_id: bigint; announced_on: string; reason: 'payment-failed' | 'low-balance'; balance_fen: bigint; at: Date }

export async function remindersOf(q: Queryable, planId: string, payerId: bigint): Promise<ReminderRow[]> {
  return q.query<ReminderRow>(
    `SELECT r.plan_id, r.payer_id, to_char(pe.announced_on, 'YYYY-MM-DD') AS announced_on, r.reason, r.balance_fen, r.at
       FROM wallet_reminders r JOIN periods pe ON pe.id = r.period_id
      WHERE r.plan_id = $1 AND r.payer_id = $2 ORDER BY pe.announced_on`, [planId, payerId]);
}

/** The published wallets total of each charged period of the plan, oldest first (optionally one page). */
export async function periodWalletsOfPlan(q: Queryable, planId: string, pageOf?: { limit: number; offset: number }): Promise<{ announced_on: string; wallets_fen: bigint }[]> {
  return q.query<{ announced_on: string; wallets_fen: bigint }>(
    `SELECT to_char(pe.announced_on, 'YYYY-MM-DD') AS announced_on, pw.wallets_fen FROM period_wallets pw JOIN periods pe ON pe.id = pw.period_id
      WHERE pw.plan_id = $1 ORDER BY pe.announced_on LIMIT $2 OFFSET $3`, [planId, pageOf?.limit ?? null, pageOf?.offset ?? 0]);
}

/** A payer's wallet in every plan it has one in (the member's own view). */
export async function walletsOfPayer(q: Queryable, payerId: bigint): Promise<{ plan_id: string; balance_fen: bigint; refunded_fen: bigint }[]> {
  return q.query<{ plan_id: string; balance_fen: bigint; refunded_fen: bigint }>(
    `SELECT plan_id, sum(${SIGNED})::bigint AS balance_fen, coalesce(sum(amount_fen) FILTER (WHERE kind = 'refund'), 0)::bigint AS refunded_fen
       FROM wallet_movements WHERE payer_id = $1 GROUP BY plan_id ORDER BY plan_id`, [payerId]);
}
