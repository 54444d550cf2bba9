/**
 * What the public sees, as the real platforms published it: period results, and each announced
 * case with a masked name, age, province, disease and payout. Nothing else about a person.
 */
import type { Queryable } from '../../db/database.ts';

export interface PeriodRow {
  id: bigint; plan_id: string; announced_on: string; charged_on: string; status: string; cases: number; payout_fen: bigint; fee_fen: bigint;
  carried_in_fen: bigint; sharing_members: bigint; share_fen: bigint; operator_subsidy_fen: bigint; surplus_out_fen: bigint; billed_fen: bigint;
}

const PERIOD = `id, plan_id, to_char(announced_on, 'YYYY-MM-DD') AS announced_on, to_char(charged_on, 'YYYY-MM-DD') AS charged_on, status, cases,
  payout_fen, fee_fen, carried_in_fen, sharing_members, share_fen, operator_subsidy_fen, surplus_out_fen, billed_fen`;

export async function periodsOfPlan(q: Queryable, planId: string, limit: number, offset: number): Promise<PeriodRow[]> {
  return q.query<PeriodRow>(`SELECT ${PERIOD} FROM periods WHERE plan_id = $1 ORDER BY announced_on DESC LIMIT $2 OFFSET $3`, [planId, limit, offset]);
}

/** Every period of one plan or of all, oldest first by plan (the auditor's view). */
export async function periodsForAudit(q: Queryable, p: { planId?: string | undefined; limit: number; offset: number }): Promise<PeriodRow[]> {
  return q.query<PeriodRow>(
    `SELECT ${PERIOD} FROM periods WHERE ($1::text IS NULL OR plan_id = $1) ORDER BY plan_id, announced_on LIMIT $2 OFFSET $3`,
    [p.planId ?? null, p.limit, p.offset]);
}

export async function periodOfPlan(q: Queryable, planId: string, announcedOn: string): Promise<PeriodRow | undefined> {
  return (await q.query<PeriodRow>(`SELECT ${PERIOD} FROM periods WHERE plan_id = $1 AND announced_on = $2`, [planId, announcedOn]))[0];
}

export interface CaseRow { period_id: bigint; ref: string; name: string | null; age: number | null; province: string | null; disease_code: string; severity: string; cause: string; payout_fen: bigint }

/** The announced cases of some periods (immutable once announced, so callers may cache them). */
export async function casesOfPeriods(q: Queryable, periodIds: bigint[], limit = 100_000, offset = 0): Promise<CaseRow[]> {
  return q.query<CaseRow>(
    `SELECT c.period_id, c.ref, pl.name, c.age_at_diagnosis AS age, pl.province, c.disease_code, c.severity, c.cause, c.payout_fen
       FROM claims c JOIN persons pe ON pe.id = c.person_id LEFT JOIN people pl ON pl.id_hash = pe.ref
      WHERE c.period_id = ANY($1::bigint[]) ORDER BY c.period_id, c.decided_at, c.id LIMIT $2 OFFSET $3`, [periodIds, limit, offset]);
}

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
