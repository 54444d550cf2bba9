/**
 * Collections: one payment per payer per period, created in one INSERT ... SELECT over the
 * period's charges; retries and write-offs are single UPDATE statements.
 */
import type { Queryable } from '../db/database.ts';
import type { PaymentProvider } from '../payments/payment-provider.ts';

export interface CollectionTotals { paidFen: bigint; unpaidFen: bigint; payers: bigint; failedPayers: bigint }

export async function collectPeriod(q: Queryable, provider: PaymentProvider, p: { periodId: bigint; at: Date; retryUntil: Date }): Promise<CollectionTotals> {
  await q.query(
    `INSERT INTO payments (period_id, payer_id, amount_fen, status, attempts, retry_until, settled_at)
     SELECT g.period_id, g.payer_id, g.amount_fen, o.status, 1, $3, CASE WHEN o.status = 'paid' THEN $2::timestamptz END
       FROM (SELECT period_id, payer_id, sum(amount_fen)::bigint AS amount_fen, 1 AS attempts
               FROM charges WHERE period_id = $1 GROUP BY period_id, payer_id) g
       -- OFFSET 0 keeps the outcome a subquery of its own, asked once per payer: flattened, the
       -- provider's expression was evaluated twice, for the status and for settled_at.
       CROSS JOIN LATERAL (SELECT ${provider.outcomeSql('$2')} AS status FROM (SELECT g.payer_id, g.period_id, g.attempts) AS x(payer_id, period_id, attempts) OFFSET 0) o
      -- In payer order: the planner groups with a hash, whose rows come out in no order, and each
      -- of the three indexes then took a random leaf page per row (on a copy of a 2M schema:
      -- 12.1 s in hash order, 5.8 s in payer order). Payer order also lays the heap out in the
      -- order the export reads it and the import's update rewrites it.
      ORDER BY g.payer_id`,
    [p.periodId, p.at, p.retryUntil]);
  return periodCollectionTotals(q, p.periodId);
}

/**
 * After a charge day, outside its transaction: one row per payer just arrived, and the planner
 * must know before the export, the import and the retries read them. Autovacuum analyzes later
 * (PGlite has none), and meanwhile the old statistics ("payments: nearly empty") chose plans that
 * read every open payment for each 50,000-row page of the export (bench:period at 1M: 12 s
 * instead of 3). ANALYZE reads a sample, so about a second at 10M; outside the transaction, its
 * lock on the table (which only another ANALYZE or VACUUM waits for) lasts only that long.
 */
export async function refreshPaymentStatistics(db: Queryable): Promise<void> {
  await db.exec('ANALYZE payments');
}

/** What a period's charge collected: paid and unpaid amounts, payers, failed payers (post-paid and prepaid alike). */
export async function periodCollectionTotals(q: Queryable, periodId: bigint): Promise<CollectionTotals> {
  const rows = await q.query<{ paid: bigint; unpaid: bigint; payers: bigint; failed: bigint }>(
    `SELECT coalesce(sum(amount_fen) FILTER (WHERE status = 'paid'), 0)::bigint AS paid,
            coalesce(sum(amount_fen) FILTER (WHERE status <> 'paid'), 0)::bigint AS unpaid,
            count(*) AS payers, count(*) FILTER (WHERE status <> 'paid') AS failed
       FROM payments WHERE period_id = $1`, [periodId]);
  const r = rows[0]!;
  return { paidFen: r.paid, unpaidFen: r.unpaid, payers: r.payers, failedPayers: r.failed };
}

/** Retries every open payment of the plan whose window is still open at `at` (optionally one payer's). */
export async function retryOpenPayments(q: Queryable, provider: PaymentProvider, p: { planId: string; at: Date; payerId?: bigint }): Promise<{ periodId: bigint; paidFen: bigint }[]> {
  return q.query(
    // One UPDATE that asks the provider row by row (the outcome once per row, in a sub-select), with
    // no join of the open payments back to payments: that join, a CTE scanned inside a nested
    // loop when the planner's statistics still saw few open payments (just after a charge day, and
    // after a killed import, before autovacuum analyzed them), went quadratic: bench:period-kill
    // caught a retry of 1.1M payments running for minutes instead of seconds.
    `WITH r AS (
       UPDATE payments p
          SET (attempts, status, settled_at) = (
                SELECT p.attempts + 1, o.status, CASE WHEN o.status = 'paid' THEN $2::timestamptz END
                  FROM (SELECT ${provider.outcomeSql('$2')} AS status
                          FROM (SELECT p.payer_id, p.period_id, p.attempts + 1) AS x(payer_id, period_id, attempts)) o)
         FROM periods pe
        WHERE pe.id = p.period_id AND pe.plan_id = $1 AND p.status IN ('failed', 'pending') AND p.retry_until > $2
          AND ($3::bigint IS NULL OR p.payer_id = $3)
        RETURNING p.period_id, p.status, p.amount_fen)
     SELECT period_id AS "periodId", coalesce(sum(amount_fen) FILTER (WHERE status = 'paid'), 0)::bigint AS "paidFen"
       FROM r GROUP BY period_id ORDER BY period_id`,
    [p.planId, p.at, p.payerId ?? null]);
}

/**
 * At the end of the last retry day: writes off every payment still open, and removes the
 * memberships those payments were for (`removed-nonpayment`), unless `keepMembers` (a plan
 * winding down removes nobody for non-payment, issue 13). Returns per-period totals.
 */
export async function writeOffExpired(q: Queryable, p: { planId: string; at: Date; keepMembers?: boolean }): Promise<{ periodId: bigint; unpaidFen: bigint; removed: bigint }[]> {
  return q.query(
    `WITH w AS (
       UPDATE payments p SET status = 'written-off', settled_at = p.retry_until
         FROM periods pe
        WHERE pe.id = p.period_id AND pe.plan_id = $1 AND p.status IN ('failed', 'pending') AND p.retry_until <= $2
        RETURNING p.period_id, p.payer_id, p.amount_fen, p.retry_until),
     gone AS (
       UPDATE memberships m SET status = 'removed-nonpayment', ended_at = greatest(m.joined_at, x.retry_until)
         FROM (SELECT c.membership_id, min(w.retry_until) AS retry_until
                 FROM w JOIN charges c ON c.period_id = w.period_id AND c.payer_id = w.payer_id
                GROUP BY c.membership_id) x
        WHERE m.id = x.membership_id AND m.status = 'active' AND NOT $3::boolean
        RETURNING m.id)
     SELECT w.period_id AS "periodId", sum(w.amount_fen)::bigint AS "unpaidFen", (SELECT count(*) FROM gone) AS removed
       FROM w GROUP BY w.period_id ORDER BY w.period_id`,
    [p.planId, p.at, p.keepMembers ?? false]);
}

/**
 * The wind-down's start (issue 13): every open payment of the plan is written off at once, whatever
 * its retry window, and nobody is removed for it (the operator covers it). Per-period totals.
 */
export async function writeOffAllOpen(q: Queryable, p: { planId: string; at: Date }): Promise<{ periodId: bigint; unpaidFen: bigint; payments: bigint }[]> {
  return q.query(
    `WITH w AS (
       UPDATE payments p SET status = 'written-off', settled_at = $2
         FROM periods pe
        WHERE pe.id = p.period_id AND pe.plan_id = $1 AND p.status IN ('failed', 'pending')
        RETURNING p.period_id, p.amount_fen)
     SELECT period_id AS "periodId", sum(amount_fen)::bigint AS "unpaidFen", count(*) AS payments FROM w GROUP BY period_id ORDER BY period_id`,
    [p.planId, p.at]);
}

/** The dry run's look: the plan's open payments, how many and how much (nothing written). */
export async function openPaymentsTotal(q: Queryable, planId: string): Promise<{ payments: bigint; fen: bigint }> {
  const rows = await q.query<{ n: bigint; fen: bigint }>(
    `SELECT count(*) AS n, coalesce(sum(p.amount_fen), 0)::bigint AS fen FROM payments p JOIN periods pe ON pe.id = p.period_id
      WHERE pe.plan_id = $1 AND p.status IN ('failed', 'pending')`, [planId]);
  return { payments: rows[0]!.n, fen: rows[0]!.fen };
}

export async function setSimulatedFailing(q: Queryable, payerId: bigint, failing: boolean, at: Date): Promise<void> {
  if (failing) await q.query('INSERT INTO sim_failing_payers (payer_id, since) VALUES ($1, $2) ON CONFLICT DO NOTHING', [payerId, at]);
  else await q.query('DELETE FROM sim_failing_payers WHERE payer_id = $1', [payerId]);
}

/** Cheap look-ahead so the calendar only opens a transaction when there is work. */
export async function hasOpenPayments(q: Queryable, planId: string, at: Date): Promise<{ expired: boolean; open: boolean }> {
  const rows = await q.query<{ expired: boolean; open: boolean }>(
    `SELECT coalesce(bool_or(p.retry_until <= $2), false) AS expired, coalesce(bool_or(p.retry_until > $2), false) AS open
       FROM payments p JOIN periods pe ON pe.id = p.period_id
      WHERE pe.plan_id = $1 AND p.status IN ('failed', 'pending')`, [planId, at]);
  return rows[0]!;
}

// ---- What the payment providers read and write (src/payments/) ------------------------------

/**
 * The simulated provider's outcome (payments/simulated-provider.ts): failed while the payer is
 * listed in sim_failing_payers since `atParam`, else the `randomFailure` branch (a `WHEN ... THEN
 * 'failed'`, or empty), else paid.
 */
export function simulatedOutcomeSql(atParam: string, randomFailure: string): string {
  return `CASE WHEN EXISTS (SELECT 1 FROM sim_failing_payers f WHERE f.payer_id = x.payer_id AND f.since <= ${atParam}) THEN 'failed' ${randomFailure} ELSE 'paid' END`;
}

/**
 * The batch-file provider's outcome (payments/batch-file-provider.ts): the imported result, or
 * pending until one arrives. The first attempt is the charge day's own, before any file can name
 * the payment (a file settles only open payments, each settling one more attempt), so it is
 * pending without a look: the charge day at 2M made 1.1M fruitless index probes, 0.9 s.
 */
export function importedResultOutcomeSql(): string {
  return `CASE WHEN x.attempts = 1 THEN 'pending'
               ELSE coalesce((SELECT r.status FROM batch_payment_results r WHERE r.period_id = x.period_id AND r.payer_id = x.payer_id), 'pending') END`;
}

/** One page of the instruction file: its lines, how many, and the last payer on it (the next page starts after it). */
export interface DebitInstructionPage { text: string; rows: number; lastPayerId: bigint | null }

/**
 * The plan's open payments retryable at `at`, period by period (oldest first): how many and for
 * how much. The instruction file's totals and its sections, in one pass over the open payments.
 */
export async function openPaymentsToDebitByPeriod(q: Queryable, planId: string, at: Date): Promise<{ periodId: bigint; rows: bigint; fen: bigint }[]> {
  return q.query<{ periodId: bigint; rows: bigint; fen: bigint }>(
    `SELECT p.period_id AS "periodId", count(*) AS rows, sum(p.amount_fen)::bigint AS fen FROM payments p JOIN periods pe ON pe.id = p.period_id
      WHERE pe.plan_id = $1 AND p.status IN ('pending', 'failed') AND p.retry_until > $2
      GROUP BY p.period_id ORDER BY p.period_id`, [planId, at]);
}

/**
 * A CSV field as csvField (domain/csv.ts) writes it: quoted, each double quote doubled, only when
 * it holds a comma, a double quote, CR or LF.
 */
const csvFieldSql = (column: string): string =>
  `CASE WHEN ${column} ~ '[",\\r\\n]' THEN '"' || replace(${column}, '"', '""') || '"' ELSE ${column} END`;

/**
 * One keyset page of a period's open payments retryable at `at`, in payer order after
 * `afterPayerId`, as the instruction file's lines: the instruction file is read page by page, so
 * no list of every payer is ever in memory, and each page reads only its own rows. The database
 * writes the lines (one text value a page): parsing six columns of 50,000 rows into objects and
 * formatting them again in Node was most of the export's time. Why the status test is spelled
 * "neither paid nor written off": `IN ('pending', 'failed')` would let the planner take the partial
 * index payments_open, whose statistics still say "few" just after a charge day made a million,
 * and then sort every open payment of the period for each page (bench:period measured 1.2 s a page
 * at 1M, the export growing as N squared). Spelled this way, only the primary key's ordered range
 * serves it, and the LIMIT stops the scan.
 */
export async function openPaymentsToDebitPage(q: Queryable, periodId: bigint, at: Date, afterPayerId: bigint, limit: number): Promise<DebitInstructionPage> {
  // `pa.id > $3` says again what the join implies: without it a merge join read `payers` from
  // its first row for every page. retry_until as JavaScript's toISOString writes an instant.
  const [page] = await q.query<{ text: string | null; rows: number; last: bigint | null }>(
    `SELECT string_agg(line, '' ORDER BY payer_id) AS text, count(*)::int AS rows, max(payer_id) AS last
       FROM (SELECT p.payer_id, p.period_id || ',' || p.payer_id || ',' || ${csvFieldSql('pa.ref')} || ',' || p.amount_fen || ',' || p.attempts || ','
                    || to_char(p.retry_until AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') || E'\\n' AS line
               FROM payments p JOIN payers pa ON pa.id = p.payer_id
              WHERE p.period_id = $1 AND p.payer_id > $3 AND pa.id > $3
                AND p.status <> 'paid' AND p.status <> 'written-off' AND p.retry_until > $2
              ORDER BY p.payer_id LIMIT $4) page`, [periodId, at, afterPayerId, limit]);
  return { text: page?.text ?? '', rows: page?.rows ?? 0, lastPayerId: page?.last ?? null };
}

// ---- A results file, staged and settled in one transaction (batch-file-provider.ts) ---------

/** The temporary stage of one results file: dropped at the transaction's end, whatever happens. */
export const RESULTS_STAGE = 'batch_results_stage';
export const RESULTS_STAGE_COLUMNS = ['line', 'period_id', 'payer_id', 'amount_fen', 'status'];

export async function createResultsStage(tx: Queryable): Promise<void> {
  await tx.exec(`CREATE TEMPORARY TABLE ${RESULTS_STAGE} (line integer NOT NULL, period_id bigint NOT NULL, payer_id bigint NOT NULL,
    amount_fen bigint NOT NULL, status text NOT NULL) ON COMMIT DROP`);
}

/** The periods and the payers the staged file names, from the least to the greatest of each. */
export interface StagedKeyRange { periods: [bigint, bigint]; payers: [bigint, bigint] }

/**
 * Why a range: the stage is joined to `payments` by hash, and without one the hash side is every
 * payment of the table, for each file again. The instruction file is written in (period, payer)
 * order and cut into results files of a million rows, so each file names a slice of the payers:
 * joined within its range (the primary key's or the payer index's range scan), a file costs its
 * own rows, not the table's (bench:period: the import had grown as N times the files). Any file
 * is still right, only an unordered one gains nothing. Statistics first: a temporary table has
 * none, and a million-row stage deserves a hash join.
 */
export async function stagedKeyRange(tx: Queryable): Promise<StagedKeyRange> {
  await tx.exec(`ANALYZE ${RESULTS_STAGE}`);
  const [r] = await tx.query<{ p0: bigint; p1: bigint; y0: bigint; y1: bigint }>(
    `SELECT min(period_id) AS p0, max(period_id) AS p1, min(payer_id) AS y0, max(payer_id) AS y1 FROM ${RESULTS_STAGE}`);
  return { periods: [r!.p0, r!.p1], payers: [r!.y0, r!.y1] };
}

/** `payments p` within the staged range, its four parameters from $first on. */
const inStagedRange = (first: number) =>
  `p.period_id BETWEEN $${first}::bigint AND $${first + 1}::bigint AND p.payer_id BETWEEN $${first + 2}::bigint AND $${first + 3}::bigint`;
const rangeParams = (r: StagedKeyRange) => [...r.periods, ...r.payers];

/**
 * What is wrong with the staged file, first line first: a payment named twice, or one that is
 * not open in the plan at `at`, or open for another amount. Undefined when every row is good.
 * Asked only of a file settleStagedResults refused, before anything of it was written.
 */
export async function firstBadResult(tx: Queryable, planId: string, at: Date, range: StagedKeyRange): Promise<
  { line: number; problem: 'repeated' | 'not-open' | 'amount'; periodId: bigint; payerId: bigint; openFen: bigint | null } | undefined> {
  const rows = await tx.query<{ line: number; problem: 'repeated' | 'not-open' | 'amount'; periodId: bigint; payerId: bigint; openFen: bigint | null }>(
    `(SELECT (array_agg(line ORDER BY line))[2] AS line, 'repeated' AS problem, period_id AS "periodId", payer_id AS "payerId", NULL::bigint AS "openFen"
        FROM ${RESULTS_STAGE} GROUP BY period_id, payer_id HAVING count(*) > 1)
     UNION ALL
     (SELECT s.line, CASE WHEN p.amount_fen IS NULL THEN 'not-open' ELSE 'amount' END, s.period_id, s.payer_id, p.amount_fen
        FROM ${RESULTS_STAGE} s
        LEFT JOIN (payments p JOIN periods pe ON pe.id = p.period_id AND pe.plan_id = $1)
               ON p.period_id = s.period_id AND p.payer_id = s.payer_id AND ${inStagedRange(3)}
              AND p.status <> 'paid' AND p.status <> 'written-off' AND p.retry_until > $2
       WHERE p.amount_fen IS DISTINCT FROM s.amount_fen)
     ORDER BY 1 LIMIT 1`, [planId, at, ...rangeParams(range)]);
  return rows[0];
}

/**
 * Settles the staged results, each one more attempt, paid or failed, if every staged row is an
 * open payment of the plan for its amount and none is named twice; otherwise changes nothing and
 * returns undefined (firstBadResult then says which line is wrong). Why optimistic: checking a
 * good file first cost a sort of the stage and a second join with `payments` (1.8 s of a
 * 1.1M-row file's 9.6 s); instead the one UPDATE takes only good rows, and as it settles each
 * payment at most once, it settles as many as the stage has rows exactly when all are good.
 * Only a failure is kept in batch_payment_results (the provider's answer to the daily retries
 * until a later file says otherwise); a paid payment says it itself, and the file's digest and
 * counts are in the import's event. Per-period paid totals.
 */
export async function settleStagedResults(tx: Queryable, p: { planId: string; at: Date; fileSha256: string; range: StagedKeyRange; staged: number }):
  Promise<{ periodId: bigint; paidFen: bigint }[] | undefined> {
  // The plan's periods as an array, not a subquery: joined, they made the planner guess a few
  // thousand staged rows, not a million, and probe the primary key once per row.
  const periods = await tx.query<{ id: bigint }>('SELECT id FROM periods WHERE plan_id = $1 AND id BETWEEN $2 AND $3', [p.planId, ...p.range.periods]);
  await tx.exec('SAVEPOINT settle_staged_results');
  const settled = await tx.query<{ periodId: bigint; paidFen: bigint; n: bigint }>(
    `WITH u AS (
       UPDATE payments p SET attempts = p.attempts + 1, status = s.status, settled_at = CASE WHEN s.status = 'paid' THEN $1::timestamptz END
         FROM ${RESULTS_STAGE} s
        WHERE p.period_id = s.period_id AND p.payer_id = s.payer_id AND ${inStagedRange(3)}
          AND p.amount_fen = s.amount_fen AND p.status IN ('pending', 'failed') AND p.retry_until > $1
          AND p.period_id = ANY($2::bigint[])
       RETURNING p.period_id, p.status, p.amount_fen)
     SELECT period_id AS "periodId", coalesce(sum(amount_fen) FILTER (WHERE status = 'paid'), 0)::bigint AS "paidFen", count(*) AS n
       FROM u GROUP BY period_id ORDER BY period_id`, [p.at, periods.map((r) => r.id), ...rangeParams(p.range)]);
  if (settled.reduce((n, r) => n + Number(r.n), 0) !== p.staged) {
    await tx.exec('ROLLBACK TO SAVEPOINT settle_staged_results');
    return undefined;
  }
  await tx.exec('RELEASE SAVEPOINT settle_staged_results');
  await tx.query(
    `INSERT INTO batch_payment_results (period_id, payer_id, status, imported_at, file_sha256)
     SELECT period_id, payer_id, 'failed', $1::timestamptz, $2::text FROM ${RESULTS_STAGE} WHERE status = 'failed'
     ON CONFLICT (period_id, payer_id) DO UPDATE SET imported_at = EXCLUDED.imported_at, file_sha256 = EXCLUDED.file_sha256`,
    [p.at, p.fileSha256]);
  await tx.query(
    `DELETE FROM batch_payment_results r USING ${RESULTS_STAGE} s
      WHERE s.status = 'paid' AND r.period_id = s.period_id AND r.payer_id = s.payer_id`);
  return settled.map(({ periodId, paidFen }) => ({ periodId, paidFen }));
}
