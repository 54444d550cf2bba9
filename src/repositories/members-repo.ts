/** People, payers and memberships. Bulk changes (age removal) are single statements. */
import type { Db, Queryable } from '../db/database.ts';
import { HuzhuError } from '../domain/errors.ts';
import type { LocalDate } from '../domain/local-date.ts';
import { birthCutoff, type ContributionWeights } from '../domain/contribution-weights.ts';

export type MembershipStatus = 'active' | 'left' | 'paid-out' | 'removed-age' | 'removed-nonpayment' | 'transferred' | 'closed';

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

export async function birthDateOfPerson(q: Queryable, personId: bigint): Promise<LocalDate> {
  return (await q.query<{ b: string }>(`SELECT to_char(birth_date, 'YYYY-MM-DD') AS b FROM persons WHERE id = $1`, [personId]))[0]!.b as LocalDate;
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

/** The reference of a payer (what the payment provider and the member see). */
export async function payerRef(q: Queryable, payerId: bigint): Promise<string> {
  return (await q.query<{ ref: string }>('SELECT ref FROM payers WHERE id = $1', [payerId]))[0]!.ref;
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

/**
 * A CASE over `m.birth_date` giving each membership its contribution band (`of: 'band'`, the
 * index) or weight (`of: 'weight'`) on the snapshot date: born on or before a band's birth
 * cutoff (domain/contribution-weights.ts birthCutoff) means at least its fromAge in completed
 * years. The cutoffs and weights are bound as parameters from `$firstParam` on. With one band
 * the expression is a constant and costs nothing per row.
 */
export function gradedCaseSql(weights: ContributionWeights, snapshotDate: LocalDate, firstParam: number, of: 'band' | 'weight'): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const value = (i: number): string => {
    if (of === 'band') return String(i); // our own loop index, never input
    params.push(weights[i]!.weight);
    return `$${firstParam + params.length - 1}::bigint`;
  };
  if (weights.length === 1) return { sql: value(0), params };
  const whens: string[] = [];
  for (let i = weights.length - 1; i >= 1; i--) {
    params.push(birthCutoff(snapshotDate, weights[i]!.fromAge));
    const cutoff = `$${firstParam + params.length - 1}::date`;
    whens.push(`WHEN m.birth_date <= ${cutoff} THEN ${value(i)}`);
  }
  return { sql: `(CASE ${whens.join(' ')} ELSE ${value(0)} END)`, params };
}

/**
 * The sharing members at instant `at` counted per contribution band, in ONE statement (a CASE
 * over birth dates, grouped): a map of band index -> members; bands nobody is in are absent.
 */
export async function countSharingMembersByBand(
  q: Queryable, planId: string, at: Date, weights: ContributionWeights, snapshotDate: LocalDate,
): Promise<Map<number, bigint>> {
  // One band (the equal share, every plan's default): the plain count, as before grading existed.
  if (weights.length === 1) return new Map([[0, await countSharingMembers(q, planId, at)]]);
  const band = gradedCaseSql(weights, snapshotDate, 3, 'band');
  const rows = await q.query<{ band: number; n: bigint }>(
    `SELECT ${band.sql}::int AS band, count(*) AS n FROM memberships m WHERE m.plan_id = $1 AND ${ACTIVE_AT} GROUP BY 1`,
    [planId, at, ...band.params]);
  return new Map(rows.map((r) => [Number(r.band), BigInt(r.n)]));
}

export async function anyoneToRemoveForAge(q: Queryable, planId: string, removalAge: number, today: LocalDate): Promise<boolean> {
  const rows = await q.query(
    `SELECT 1 FROM memberships WHERE plan_id = $1 AND status = 'active'
        AND birth_date <= ($3::date - make_interval(years => $2))::date + 1 AND huzhu_anniversary(birth_date, $2) <= $3::date LIMIT 1`,
    [planId, removalAge, today]);
  return rows.length > 0;
}

// ---- Bulk enrolment (services/bulk-enrolment.ts) ------------------------------------------

/** Empties one batch of both staging tables (before a retry stages it again, and once it is moved in). */
export async function clearEnrolmentStage(q: Queryable, batch: string): Promise<void> {
  await q.query('DELETE FROM bulk_enrolment_stage WHERE batch = $1', [batch]);
  await q.query('DELETE FROM bulk_enrolment_ready WHERE batch = $1', [batch]);
}

/**
 * Stages a batch with COPY (which goes over its own connection on a server, so the rows are
 * staged first and moved in by `enrolStaged` inside the caller's transaction). Each line is
 * `person, payer, birth_date, waiting_ends_on`, tab-separated and newline-terminated.
 * ANALYZE after: the planner then knows the batch's size and joins it by hash, never by a
 * nested loop over a stage it believed empty.
 */
export async function stageEnrolments(db: Db, batch: string, lines: readonly string[]): Promise<void> {
  if (lines.length === 0) return;
  const prefix = `${batch}\t`;
  await db.copyIn('bulk_enrolment_stage', ['batch', 'person', 'payer', 'birth_date', 'waiting_ends_on'], prefix + lines.join(prefix));
  await db.exec('ANALYZE bulk_enrolment_stage');
}

/**
 * The staged batch's persons and payers, in one statement and one pass over each table: those
 * not yet on record are inserted, those on record only locked (the no-op DO UPDATE makes
 * RETURNING give their ids too, so nothing is looked up in the whole persons or payers table),
 * and each applicant moves from the stage to bulk_enrolment_ready with both ids (migration 0420).
 * People already on record keep their recorded birth date. Linear in the batch, whatever the size
 * of the tables; the stage holds each person once (the service saw to that). Its own transaction:
 * it runs while the batch before is moved in.
 */
export async function resolveStagedPeople(q: Queryable, batch: string): Promise<void> {
  await q.query('SET LOCAL jit = off'); // see enrolStaged
  await q.query(
    `WITH s AS MATERIALIZED (SELECT person, payer, birth_date, waiting_ends_on FROM bulk_enrolment_stage WHERE batch = $1),
     pe AS (INSERT INTO persons (ref, birth_date) SELECT person, birth_date FROM s
              ON CONFLICT (ref) DO UPDATE SET ref = EXCLUDED.ref RETURNING id, ref, birth_date),
     pa AS (INSERT INTO payers (ref) SELECT DISTINCT payer FROM s
              ON CONFLICT (ref) DO UPDATE SET ref = EXCLUDED.ref RETURNING id, ref)
     INSERT INTO bulk_enrolment_ready (batch, person_id, payer_id, birth_date, waiting_ends_on)
     SELECT $1, pe.id, pa.id, pe.birth_date, s.waiting_ends_on FROM s JOIN pe ON pe.ref = s.person JOIN pa ON pa.ref = s.payer`, [batch]);
  await q.query('DELETE FROM bulk_enrolment_stage WHERE batch = $1', [batch]);
}

/**
 * Moves a batch of bulk_enrolment_ready in, in one statement: one membership each, in payer order,
 * where the unique index of active memberships refuses anyone already active (ON CONFLICT DO
 * NOTHING), instead of an anti-join over all the plan's memberships. Linear in the batch.
 * Returns how many memberships were written.
 */
export async function enrolStaged(q: Queryable, p: { batch: string; planId: string; at: Date; joinedOn: LocalDate }): Promise<number> {
  // The statement's cost estimate always crosses jit_above_cost, and compiling it takes longer
  // (about 0.5 s a batch) than it saves on rows that are each touched once. SET LOCAL: this
  // transaction only (PGlite, built without JIT, accepts and ignores it).
  await q.query('SET LOCAL jit = off');
  const inserted = await q.query<{ n: bigint }>(
    `WITH ins AS (
       INSERT INTO memberships (plan_id, person_id, payer_id, birth_date, joined_at, joined_on, waiting_ends_on)
       SELECT $2, person_id, payer_id, birth_date, $3, $4, waiting_ends_on FROM bulk_enrolment_ready WHERE batch = $1
        ORDER BY payer_id, person_id
       ON CONFLICT (plan_id, person_id) WHERE status = 'active' DO NOTHING
       RETURNING 1)
     SELECT count(*) AS n FROM ins`, [p.batch, p.planId, p.at, p.joinedOn]);
  return Number(inserted[0]!.n);
}

/** Many members leaving at the same instant: one UPDATE. Returns how many left. */
export async function endMembershipsOfPersons(q: Queryable, p: { planId: string; persons: readonly string[]; at: Date }): Promise<number> {
  const rows = await q.query<{ n: bigint }>(
    `WITH gone AS (
       UPDATE memberships m SET status = 'left', ended_at = $3
         FROM persons p WHERE p.id = m.person_id AND p.ref = ANY($2::text[]) AND m.plan_id = $1 AND m.status = 'active'
       RETURNING 1)
     SELECT count(*) AS n FROM gone`, [p.planId, p.persons, p.at]);
  return Number(rows[0]!.n);
}

// ---- The synthetic population (sim/simulate.ts) --------------------------------------------

/** How many active members the plan has of each age on a day. */
export async function activeMembersByAge(q: Queryable, planId: string, on: LocalDate): Promise<{ age: number; n: bigint }[]> {
  return q.query<{ age: number; n: bigint }>(
    `SELECT date_part('year', age($2::date, birth_date))::int AS age, count(*) AS n FROM memberships
      WHERE plan_id = $1 AND status = 'active' GROUP BY 1 ORDER BY 1`, [planId, on]);
}

/**
 * A reproducible sample of active members: `k` of each wanted age on a day, chosen by a hash of
 * (seed, membership). Returns their person references in order.
 */
export async function sampleActiveMembersByAge(q: Queryable, p: { planId: string; on: LocalDate; seed: string; wanted: readonly { age: number; k: number }[] }): Promise<string[]> {
  const rows = await q.query<{ ref: string }>(
    `SELECT ref FROM (
       SELECT p.ref, date_part('year', age($2::date, m.birth_date))::int AS age,
              row_number() OVER (PARTITION BY date_part('year', age($2::date, m.birth_date)) ORDER BY md5($3 || ':' || m.id)) AS rn
         FROM memberships m JOIN persons p ON p.id = m.person_id WHERE m.plan_id = $1 AND m.status = 'active') x
      JOIN unnest($4::int[], $5::int[]) AS w(age, k) ON w.age = x.age AND x.rn <= w.k
      ORDER BY ref`, [p.planId, p.on, p.seed, p.wanted.map((w) => w.age), p.wanted.map((w) => w.k)]);
  return rows.map((r) => r.ref);
}

/** A reproducible sample of `count` active members, chosen by a hash of (seed, membership): person references. */
export async function sampleActiveMembers(q: Queryable, p: { planId: string; seed: string; count: number }): Promise<string[]> {
  const rows = await q.query<{ ref: string }>(
    `SELECT p.ref FROM memberships m JOIN persons p ON p.id = m.person_id
      WHERE m.plan_id = $1 AND m.status = 'active' ORDER BY md5($2 || ':' || m.id) LIMIT $3`, [p.planId, p.seed, p.count]);
  return rows.map((r) => r.ref);
}

export async function countActiveMembers(q: Queryable, planId: string): Promise<number> {
  const rows = await q.query<{ n: bigint }>(`SELECT count(*) AS n FROM memberships WHERE plan_id = $1 AND status = 'active'`, [planId]);
  return Number(rows[0]!.n);
}

/** How many memberships the plan has had, in any status. */
export async function countMemberships(q: Queryable, planId: string): Promise<number> {
  const rows = await q.query<{ n: bigint }>('SELECT count(*) AS n FROM memberships WHERE plan_id = $1', [planId]);
  return Number(rows[0]!.n);
}

/** Ends the memberships of the period's paid severe claimants (`paid-out`), on charge day once their claims are paid. */
export async function endMembershipsPaidOut(q: Queryable, periodId: bigint, at: Date): Promise<void> {
  await q.query(
    `UPDATE memberships SET status = 'paid-out', ended_at = greatest(joined_at, $2)
      WHERE status = 'active' AND id IN (SELECT membership_id FROM claims WHERE period_id = $1 AND status = 'paid' AND severity = 'severe')`,
    [periodId, at]);
}

/** The wind-down (issue 13) at the end of its cut-off date: every membership still active becomes `closed`, one statement. */
export async function closeActiveMemberships(q: Queryable, planId: string, at: Date): Promise<number> {
  const rows = await q.query<{ n: bigint }>(
    `WITH c AS (UPDATE memberships SET status = 'closed', ended_at = greatest(joined_at, $2) WHERE plan_id = $1 AND status = 'active' RETURNING 1)
     SELECT count(*) AS n FROM c`, [planId, at]);
  return Number(rows[0]!.n);
}
