/**
 * Periods and the member bills (charges). The bill for every sharing member is written by ONE
 * INSERT ... SELECT over memberships: no loop over members anywhere.
 */
import type { Queryable } from '../db/database.ts';
import type { LocalDate } from '../domain/local-date.ts';
import { isEqualWeights, type ContributionWeights, type WeightBandCount } from '../domain/contribution-weights.ts';
import { ACTIVE_AT, gradedCaseSql } from './members-repo.ts';

export interface Period {
  id: bigint;
  planId: string;
  announcedOn: LocalDate;
  chargedOn: LocalDate;
  announcedAt: Date;
  chargedAt: Date;
  cases: number;
  payoutFen: bigint;
  feeFen: bigint;
  carriedInFen: bigint;
  sharingMembers: bigint;
  shareFen: bigint;
  operatorSubsidyFen: bigint;
  surplusOutFen: bigint;
  billedFen: bigint;
  /** W, the sum of the sharing members' weights (the sharing members when every weight is 1). */
  weightTotal: bigint;
  /** Members per contribution band at the snapshot, in ascending fromAge. */
  weightBands: WeightBandCount[];
  status: 'announced' | 'charged';
}

/** Bands as stored in jsonb: members as a JSON number (a plan's members fit a double exactly). */
export const bandsToJson = (b: readonly WeightBandCount[]): string =>
  JSON.stringify(b.map((x) => ({ fromAge: x.fromAge, weight: x.weight, members: Number(x.members) })));

export function bandsFromJson(v: unknown, sharingMembers: bigint): WeightBandCount[] {
  // NULL: stored before graded contributions, when everyone weighed 1 (migration 0330).
  if (v === null || v === undefined) return [{ fromAge: 0, weight: 1, members: sharingMembers }];
  const arr = (typeof v === 'string' ? JSON.parse(v) : v) as { fromAge: number; weight: number; members: number }[];
  return arr.map((x) => ({ fromAge: x.fromAge, weight: x.weight, members: BigInt(x.members) }));
}

const COLUMNS = `id, plan_id, to_char(announced_on, 'YYYY-MM-DD') AS announced_on, to_char(charged_on, 'YYYY-MM-DD') AS charged_on,
  announced_at, charged_at, cases, payout_fen, fee_fen, carried_in_fen, sharing_members, share_fen, operator_subsidy_fen,
  surplus_out_fen, billed_fen, weight_total, weight_bands, status`;

interface PeriodRow {
  id: bigint; plan_id: string; announced_on: string; charged_on: string; announced_at: Date; charged_at: Date; cases: number;
  payout_fen: bigint; fee_fen: bigint; carried_in_fen: bigint; sharing_members: bigint; share_fen: bigint;
  operator_subsidy_fen: bigint; surplus_out_fen: bigint; billed_fen: bigint; weight_total: bigint | null; weight_bands: unknown;
  status: 'announced' | 'charged';
}

const toPeriod = (r: PeriodRow): Period => ({
  id: r.id, planId: r.plan_id, announcedOn: r.announced_on as LocalDate, chargedOn: r.charged_on as LocalDate,
  announcedAt: r.announced_at, chargedAt: r.charged_at, cases: r.cases, payoutFen: r.payout_fen, feeFen: r.fee_fen,
  carriedInFen: r.carried_in_fen, sharingMembers: r.sharing_members, shareFen: r.share_fen,
  operatorSubsidyFen: r.operator_subsidy_fen, surplusOutFen: r.surplus_out_fen, billedFen: r.billed_fen,
  weightTotal: r.weight_total ?? r.sharing_members, weightBands: bandsFromJson(r.weight_bands, r.sharing_members), status: r.status,
});

export async function findPeriod(q: Queryable, planId: string, announcedOn: LocalDate, lock = false): Promise<Period | undefined> {
  const rows = await q.query<PeriodRow>(`SELECT ${COLUMNS} FROM periods WHERE plan_id = $1 AND announced_on = $2${lock ? ' FOR UPDATE' : ''}`, [planId, announcedOn]);
  return rows[0] && toPeriod(rows[0]);
}

export async function listPeriods(q: Queryable, planId?: string): Promise<Period[]> {
  const rows = planId
    ? await q.query<PeriodRow>(`SELECT ${COLUMNS} FROM periods WHERE plan_id = $1 ORDER BY announced_on`, [planId])
    : await q.query<PeriodRow>(`SELECT ${COLUMNS} FROM periods ORDER BY plan_id, announced_on`);
  return rows.map(toPeriod);
}

/** A page of the plan's periods, newest first (the public list). */
export async function periodsOfPlan(q: Queryable, planId: string, limit: number, offset: number): Promise<Period[]> {
  const rows = await q.query<PeriodRow>(`SELECT ${COLUMNS} FROM periods WHERE plan_id = $1 ORDER BY announced_on DESC LIMIT $2 OFFSET $3`, [planId, limit, offset]);
  return rows.map(toPeriod);
}

/** A page of the periods of every plan (or of one), oldest first (the auditor's list). */
export async function pageOfPeriods(q: Queryable, p: { planId?: string | undefined; limit: number; offset: number }): Promise<Period[]> {
  const rows = await q.query<PeriodRow>(
    `SELECT ${COLUMNS} FROM periods WHERE ($1::text IS NULL OR plan_id = $1) ORDER BY plan_id, announced_on LIMIT $2 OFFSET $3`,
    [p.planId ?? null, p.limit, p.offset]);
  return rows.map(toPeriod);
}

/** Running totals since the plan began: its periods' sums and its members (the public totals). */
export interface Totals { periods: bigint; cases: bigint; payout_fen: bigint; fee_fen: bigint; subsidy_fen: bigint; billed_fen: bigint; active_members: bigint; members_ever: bigint }

export async function totalsOfPlan(q: Queryable, planId: string): Promise<Totals> {
  return (await q.query<Totals>(
    `SELECT count(*) AS periods, coalesce(sum(cases), 0)::bigint AS cases, coalesce(sum(payout_fen), 0)::bigint AS payout_fen,
            coalesce(sum(fee_fen), 0)::bigint AS fee_fen, coalesce(sum(operator_subsidy_fen), 0)::bigint AS subsidy_fen,
            coalesce(sum(billed_fen), 0)::bigint AS billed_fen,
            (SELECT count(*) FROM memberships WHERE plan_id = $1 AND status = 'active') AS active_members,
            (SELECT count(*) FROM memberships WHERE plan_id = $1) AS members_ever
       FROM periods WHERE plan_id = $1`, [planId]))[0]!;
}

export async function lastPeriod(q: Queryable, planId: string): Promise<Period | undefined> {
  const rows = await q.query<PeriodRow>(`SELECT ${COLUMNS} FROM periods WHERE plan_id = $1 ORDER BY announced_on DESC LIMIT 1`, [planId]);
  return rows[0] && toPeriod(rows[0]);
}

export async function periodsDueForCharge(q: Queryable, planId: string, at: Date): Promise<Period[]> {
  const rows = await q.query<PeriodRow>(
    `SELECT ${COLUMNS} FROM periods WHERE plan_id = $1 AND status = 'announced' AND charged_at <= $2 ORDER BY announced_on`, [planId, at]);
  return rows.map(toPeriod);
}

export async function nextPeriodId(q: Queryable): Promise<bigint> {
  const rows = await q.query<{ id: bigint }>(`SELECT nextval(pg_get_serial_sequence('periods', 'id')) AS id`);
  return rows[0]!.id;
}

/**
 * Sum of the heaviest bills (share x the period's largest weight) of the plan's periods charged
 * in a calendar year: the most anyone was billed then. A few rows, one per period.
 */
export async function sumOfSharesChargedIn(q: Queryable, planId: string, year: number): Promise<{ total: bigint; periodIds: bigint[] }> {
  const rows = await q.query<{ id: bigint; most_fen: bigint }>(
    `SELECT id, share_fen * coalesce((SELECT max((b->>'weight')::bigint) FROM jsonb_array_elements(weight_bands) b), 1) AS most_fen
       FROM periods WHERE plan_id = $1 AND charged_on >= make_date($2, 1, 1) AND charged_on < make_date($2 + 1, 1, 1)`,
    [planId, year]);
  return { total: rows.reduce((s, r) => s + BigInt(r.most_fen), 0n), periodIds: rows.map((r) => r.id) };
}

/** The contribution bands a sharing run bills with, and its snapshot date (the announcement day). */
export interface BillingWeights { weights: ContributionWeights; snapshotDate: LocalDate }

/** `$share` times each member's weight in SQL, or `$share` alone when every weight is 1 (the equal share's fast path). */
function billedAmountSql(shareParam: string, w: BillingWeights | undefined, firstParam: number): { sql: string; params: unknown[] } {
  if (!w || isEqualWeights(w.weights)) return { sql: shareParam, params: [] };
  const c = gradedCaseSql(w.weights, w.snapshotDate, firstParam, 'weight');
  return { sql: `${shareParam} * ${c.sql}`, params: c.params };
}

/** The membership ids a chunk of the sharing run covers: [from, to). */
export interface IdRange { from: bigint; to: bigint }

/** Lowest and highest membership id that can be in a snapshot. */
export async function membershipIdSpan(q: Queryable, planId: string, snapshotAt: Date): Promise<{ min: bigint; max: bigint } | null> {
  const rows = await q.query<{ min: bigint | null; max: bigint | null }>(
    'SELECT min(id) AS min, max(id) AS max FROM memberships WHERE plan_id = $1 AND joined_at < $2', [planId, snapshotAt]);
  const r = rows[0]!;
  return r.min === null || r.max === null ? null : { min: r.min, max: r.max };
}

/**
 * After a sharing run's chunks, outside their transactions: a row per member has just arrived, and
 * the charge day's collection (grouped by payer) and commitment tree (joined to the members' log
 * secrets) read them, planned on whatever the statistics last saw. Autovacuum analyzes some time
 * later; PGlite has none, and there a charge day on stale statistics took 18.0 s at 1M members
 * against 12.1 s with this and the collection in payer order (bench:period). ANALYZE reads a
 * sample, so it costs about the same at any size.
 */
export async function refreshChargeStatistics(db: Queryable): Promise<void> {
  await db.exec('ANALYZE charges');
}

/**
 * Bills every member of one id range who is active at the snapshot instant the full share, in
 * one statement. Used when no cap can bind (the common case): billed = share x members.
 */
export async function billEveryoneTheShare(q: Queryable, p: {
  periodId: bigint; planId: string; snapshotAt: Date; shareFen: bigint; range: IdRange; weights?: BillingWeights;
}): Promise<void> {
  const amount = billedAmountSql('$4::bigint', p.weights, 7);
  await q.query(
    `INSERT INTO charges (period_id, membership_id, payer_id, amount_fen)
     SELECT $3, m.id, m.payer_id, ${amount.sql} FROM memberships m
      WHERE m.plan_id = $1 AND ${ACTIVE_AT} AND m.id >= $5 AND m.id < $6`,
    [p.planId, p.snapshotAt, p.periodId, p.shareFen, p.range.from, p.range.to, ...amount.params]);
}

/**
 * Bills every member of one id range the share, less where a cap binds (sharing-rule.ts
 * memberCapFen): what is left of the annual cap after this year's earlier bills, and the per-case
 * cap. Members whose cap is used up get no bill row. Returns the range's billed total.
 */
export async function billWithCaps(q: Queryable, p: {
  periodId: bigint; planId: string; snapshotAt: Date; shareFen: bigint; range: IdRange;
  annualCapFen: bigint | null; earlierPeriodIdsThisYear: bigint[]; perCaseCapTotalFen: bigint | null; weights?: BillingWeights;
}): Promise<bigint> {
  const amount = billedAmountSql('$4::bigint', p.weights, 10);
  await q.query(
    `INSERT INTO charges (period_id, membership_id, payer_id, amount_fen)
     SELECT $3, x.id, x.payer_id, x.amount FROM (
       SELECT m.id, m.payer_id,
              -- LEAST ignores NULLs: an absent cap does not bind.
              LEAST(${amount.sql},
                    CASE WHEN $5::bigint IS NULL THEN NULL ELSE GREATEST(0, $5::bigint - coalesce(y.billed, 0)) END,
                    $6::bigint) AS amount
         FROM memberships m
         LEFT JOIN (SELECT membership_id, sum(amount_fen) AS billed FROM charges
                     WHERE period_id = ANY($7::bigint[]) AND membership_id >= $8 AND membership_id < $9
                     GROUP BY membership_id) y ON y.membership_id = m.id
        WHERE m.plan_id = $1 AND ${ACTIVE_AT} AND m.id >= $8 AND m.id < $9) x
     WHERE x.amount > 0`,
    [p.planId, p.snapshotAt, p.periodId, p.shareFen, p.annualCapFen, p.perCaseCapTotalFen, p.earlierPeriodIdsThisYear, p.range.from, p.range.to,
      ...amount.params]);
  const rows = await q.query<{ s: bigint }>(
    'SELECT coalesce(sum(amount_fen), 0)::bigint AS s FROM charges WHERE period_id = $1 AND membership_id >= $2 AND membership_id < $3',
    [p.periodId, p.range.from, p.range.to]);
  return rows[0]!.s;
}

export async function insertPeriod(q: Queryable, p: Omit<Period, 'status'>): Promise<void> {
  await q.query(
    `INSERT INTO periods (id, plan_id, announced_on, charged_on, announced_at, charged_at, cases, payout_fen, fee_fen, carried_in_fen,
                          sharing_members, share_fen, operator_subsidy_fen, surplus_out_fen, billed_fen, weight_total, weight_bands)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17::jsonb)`,
    [p.id, p.planId, p.announcedOn, p.chargedOn, p.announcedAt, p.chargedAt, p.cases, p.payoutFen, p.feeFen, p.carriedInFen,
      p.sharingMembers, p.shareFen, p.operatorSubsidyFen, p.surplusOutFen, p.billedFen, p.weightTotal, bandsToJson(p.weightBands)]);
}

export async function markCharged(q: Queryable, periodId: bigint): Promise<void> {
  await q.query(`UPDATE periods SET status = 'charged' WHERE id = $1`, [periodId]);
}

/** How many member bills there are, every plan together. */
export async function countCharges(q: Queryable): Promise<number> {
  return Number((await q.query<{ n: bigint }>('SELECT count(*) AS n FROM charges'))[0]!.n);
}
