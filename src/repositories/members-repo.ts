/** People, payers and memberships. Bulk changes (age removal) are single statements. */
import type { Queryable } from '../db/database.ts';
import { HuzhuError } from '../domain/errors.ts';
import type { LocalDate } from '../domain/local-date.ts';

export type MembershipStatus = 'active' | 'left' | 'paid-out' | 'removed-age' | 'removed-nonpayment';

export interface Membership {
  id: bigint;
  planId: string;
  personId: bigint;
  payerId: bigint;
  birthDate: LocalDate;
  joinedAt: Date;
  joinedOn: LocalDate;
  waitingEndsOn: LocalDate;
  status: MembershipStatus;
  endedAt: Date | null;
}

const MEMBERSHIP_COLUMNS = `id, plan_id, person_id, payer_id, to_char(birth_date, 'YYYY-MM-DD') AS birth_date, joined_at,
  to_char(joined_on, 'YYYY-MM-DD') AS joined_on, to_char(waiting_ends_on, 'YYYY-MM-DD') AS waiting_ends_on, status, ended_at`;

interface MembershipRow {
  id: bigint; plan_id: string; person_id: bigint; payer_id: bigint; birth_date: string; joined_at: Date;
  joined_on: string; waiting_ends_on: string; status: MembershipStatus; ended_at: Date | null;
}

const toMembership = (r: MembershipRow): Membership => ({
  id: r.id, planId: r.plan_id, personId: r.person_id, payerId: r.payer_id, birthDate: r.birth_date as LocalDate,
  joinedAt: r.joined_at, joinedOn: r.joined_on as LocalDate, waitingEndsOn: r.waiting_ends_on as LocalDate,
  status: r.status, endedAt: r.ended_at,
});

export async function upsertPerson(q: Queryable, ref: string, birthDate: LocalDate): Promise<{ id: bigint; birthDate: LocalDate }> {
  await q.query('INSERT INTO persons (ref, birth_date) VALUES ($1, $2) ON CONFLICT (ref) DO NOTHING', [ref, birthDate]);
  const rows = await q.query<{ id: bigint; birth_date: string }>(
    `SELECT id, to_char(birth_date, 'YYYY-MM-DD') AS birth_date FROM persons WHERE ref = $1`, [ref]);
  return { id: rows[0]!.id, birthDate: rows[0]!.birth_date as LocalDate };
}

export async function findPersonId(q: Queryable, ref: string): Promise<bigint | undefined> {
  return (await q.query<{ id: bigint }>('SELECT id FROM persons WHERE ref = $1', [ref]))[0]?.id;
}

export async function personRefById(q: Queryable, personId: bigint): Promise<string> {
  return (await q.query<{ ref: string }>('SELECT ref FROM persons WHERE id = $1', [personId]))[0]!.ref;
}

export async function upsertPayer(q: Queryable, ref: string): Promise<bigint> {
  await q.query('INSERT INTO payers (ref) VALUES ($1) ON CONFLICT (ref) DO NOTHING', [ref]);
  return (await q.query<{ id: bigint }>('SELECT id FROM payers WHERE ref = $1', [ref]))[0]!.id;
}

export async function findPayerId(q: Queryable, ref: string): Promise<bigint | undefined> {
  return (await q.query<{ id: bigint }>('SELECT id FROM payers WHERE ref = $1', [ref]))[0]?.id;
}

export async function activeMembership(q: Queryable, planId: string, personId: bigint, lock = false): Promise<Membership | undefined> {
  const rows = await q.query<MembershipRow>(
    `SELECT ${MEMBERSHIP_COLUMNS} FROM memberships WHERE plan_id = $1 AND person_id = $2 AND status = 'active'${lock ? ' FOR UPDATE' : ''}`,
    [planId, personId]);
  return rows[0] && toMembership(rows[0]);
}

/** The person's latest membership in the plan that had begun by `at`. */
export async function latestMembershipAt(q: Queryable, planId: string, personId: bigint, at: Date): Promise<Membership | undefined> {
  const rows = await q.query<MembershipRow>(
    `SELECT ${MEMBERSHIP_COLUMNS} FROM memberships WHERE plan_id = $1 AND person_id = $2 AND joined_at <= $3
      ORDER BY joined_at DESC, id DESC LIMIT 1`, [planId, personId, at]);
  return rows[0] && toMembership(rows[0]);
}

export async function getMembership(q: Queryable, id: bigint): Promise<Membership> {
  const rows = await q.query<MembershipRow>(`SELECT ${MEMBERSHIP_COLUMNS} FROM memberships WHERE id = $1`, [id]);
  if (!rows[0]) throw new HuzhuError('NOT_FOUND', `membership ${id} does not exist`, { field: 'membership' });
  return toMembership(rows[0]);
}

export async function insertMembership(q: Queryable, m: {
  planId: string; personId: bigint; payerId: bigint; birthDate: LocalDate; joinedAt: Date; joinedOn: LocalDate; waitingEndsOn: LocalDate;
}): Promise<bigint> {
  const rows = await q.query<{ id: bigint }>(
    `INSERT INTO memberships (plan_id, person_id, payer_id, birth_date, joined_at, joined_on, waiting_ends_on)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [m.planId, m.personId, m.payerId, m.birthDate, m.joinedAt, m.joinedOn, m.waitingEndsOn]);
  return rows[0]!.id;
}

export async function endMembership(q: Queryable, id: bigint, status: Exclude<MembershipStatus, 'active'>, at: Date): Promise<void> {
  await q.query(`UPDATE memberships SET status = $2, ended_at = $3 WHERE id = $1 AND status = 'active'`, [id, status, at]);
}

/**
 * Removes, in one statement, every active member who has reached the removal age on or before
 * `today`, effective 00:00 of the birthday in the plan's zone. Returns how many.
 */
export async function removeAged(q: Queryable, planId: string, removalAge: number, today: LocalDate, timeZone: string): Promise<number> {
  const rows = await q.query<{ n: bigint }>(
    `WITH gone AS (
       UPDATE memberships
          SET status = 'removed-age',
              ended_at = greatest(joined_at, (huzhu_anniversary(birth_date, $2)::timestamp AT TIME ZONE $4))
        WHERE plan_id = $1 AND status = 'active'
          AND birth_date <= ($3::date - make_interval(years => $2))::date + 1
          AND huzhu_anniversary(birth_date, $2) <= $3::date
       RETURNING 1)
     SELECT count(*) AS n FROM gone`, [planId, removalAge, today, timeZone]);
  return Number(rows[0]!.n);
}

/** Memberships active at instant t in the engine's sense: joined before t, not ended before t. */
export const ACTIVE_AT = `m.joined_at < $2 AND (m.ended_at IS NULL OR m.ended_at >= $2)`;

export async function countSharingMembers(q: Queryable, planId: string, at: Date): Promise<bigint> {
  const rows = await q.query<{ n: bigint }>(`SELECT count(*) AS n FROM memberships m WHERE m.plan_id = $1 AND ${ACTIVE_AT}`, [planId, at]);
  return rows[0]!.n;
}

export async function anyoneToRemoveForAge(q: Queryable, planId: string, removalAge: number, today: LocalDate): Promise<boolean> {
  const rows = await q.query(
    `SELECT 1 FROM memberships WHERE plan_id = $1 AND status = 'active'
        AND birth_date <= ($3::date - make_interval(years => $2))::date + 1 AND huzhu_anniversary(birth_date, $2) <= $3::date LIMIT 1`,
    [planId, removalAge, today]);
  return rows.length > 0;
}
