/**
 * The member jury's jurors (migration 0301): jurors and their quiz passes, fraud findings. Everything
 * per juror at scale is one statement: the candidate list of a draw, the misses of a round, the
 * coherence records of a case.
 */
import type { Queryable } from '../db/database.ts';
import type { Vote } from '../jury/commit-reveal.ts';

export interface Juror {
  id: bigint;
  planId: string;
  personId: bigint;
  pseudonym: string;
  createdAt: Date;
  misses: number;
  coherenceVotes: number;
  coherenceMatched: number;
}

const JUROR = `j.id, j.plan_id AS "planId", j.person_id AS "personId", j.pseudonym, j.created_at AS "createdAt", j.misses,
  j.coherence_votes AS "coherenceVotes", j.coherence_matched AS "coherenceMatched"`;

export async function findJuror(q: Queryable, planId: string, personId: bigint, lock = false): Promise<Juror | undefined> {
  return (await q.query<Juror>(`SELECT ${JUROR} FROM jurors j WHERE j.plan_id = $1 AND j.person_id = $2${lock ? ' FOR UPDATE' : ''}`, [planId, personId]))[0];
}

export async function jurorByPseudonym(q: Queryable, pseudonym: string): Promise<Juror | undefined> {
  return (await q.query<Juror>(`SELECT ${JUROR} FROM jurors j WHERE j.pseudonym = $1`, [pseudonym]))[0];
}

export async function insertJuror(q: Queryable, j: { planId: string; personId: bigint; pseudonym: string; at: Date }): Promise<bigint> {
  const rows = await q.query<{ id: bigint }>(
    'INSERT INTO jurors (plan_id, person_id, pseudonym, created_at) VALUES ($1, $2, $3, $4) RETURNING id', [j.planId, j.personId, j.pseudonym, j.at]);
  return rows[0]!.id;
}

export async function quizPasses(q: Queryable, jurorId: bigint): Promise<{ bankId: string; passedAt: Date; logIndex: bigint }[]> {
  return q.query('SELECT bank_id AS "bankId", passed_at AS "passedAt", log_index AS "logIndex" FROM juror_quiz_passes WHERE juror_id = $1 ORDER BY passed_at', [jurorId]);
}

export async function insertQuizPass(q: Queryable, p: { jurorId: bigint; bankId: string; correct: number; total: number; at: Date; logIndex: number }): Promise<void> {
  await q.query('INSERT INTO juror_quiz_passes (juror_id, bank_id, correct, total, passed_at, log_index) VALUES ($1, $2, $3, $4, $5, $6)',
    [p.jurorId, p.bankId, p.correct, p.total, p.at, p.logIndex]);
}

/** Persons (by ref) with their id and whether they already hold a juror of the plan: one statement for a bulk import. */
export async function personsForJurors(q: Queryable, planId: string, refs: string[]): Promise<{ ref: string; personId: bigint; jurorId: bigint | null }[]> {
  return q.query(
    `SELECT pe.ref, pe.id AS "personId", j.id AS "jurorId" FROM persons pe LEFT JOIN jurors j ON j.person_id = pe.id AND j.plan_id = $1
      WHERE pe.ref = ANY($2::text[]) ORDER BY pe.ref`, [planId, refs]);
}

/** Inserts many jurors and their passes in two statements; rows are (personId, pseudonym, logIndex). */
export async function insertJurorsBulk(q: Queryable, planId: string, rows: { personId: bigint; pseudonym: string; logIndex: number }[], bank: { id: string; total: number }, at: Date): Promise<void> {
  if (!rows.length) return;
  await q.query(
    `INSERT INTO jurors (plan_id, person_id, pseudonym, created_at)
     SELECT $1, u.person_id, u.pseudonym, $4 FROM unnest($2::bigint[], $3::text[]) AS u(person_id, pseudonym)`,
    [planId, rows.map((r) => r.personId), rows.map((r) => r.pseudonym), at]);
  await q.query(
    `INSERT INTO juror_quiz_passes (juror_id, bank_id, correct, total, passed_at, log_index)
     SELECT j.id, $3, $4, $4, $5, u.log_index FROM unnest($1::text[], $2::bigint[]) AS u(pseudonym, log_index) JOIN jurors j ON j.pseudonym = u.pseudonym`,
    [rows.map((r) => r.pseudonym), rows.map((r) => r.logIndex), bank.id, bank.total, at]);
}

/** What the eligibility rule needs about a juror, for one juror or for the whole juror list of a draw. */
export interface JurorFacts {
  jurorId: bigint;
  pseudonym: string;
  personId: bigint;
  /** The payer of the juror's current (or latest) membership in the plan; null without one. */
  payerId: bigint | null;
  membershipStatus: string;
  birthDate: string;
  joinedOn: string | null;
  fraud: boolean;
  /** The current bank if passed, else the latest other bank passed. */
  bankId: string | null;
  misses: number;
}

const FACTS = `SELECT j.id AS "jurorId", j.pseudonym, j.person_id AS "personId", m.payer_id AS "payerId", coalesce(m.status, 'none') AS "membershipStatus",
    to_char(pe.birth_date, 'YYYY-MM-DD') AS "birthDate", to_char(m.joined_on, 'YYYY-MM-DD') AS "joinedOn",
    EXISTS (SELECT 1 FROM fraud_findings f WHERE f.person_id = j.person_id) AS fraud,
    (SELECT p.bank_id FROM juror_quiz_passes p WHERE p.juror_id = j.id ORDER BY (p.bank_id = $2) DESC, p.passed_at DESC LIMIT 1) AS "bankId",
    j.misses
  FROM jurors j JOIN persons pe ON pe.id = j.person_id
  LEFT JOIN LATERAL (SELECT m.status, m.joined_on, m.payer_id FROM memberships m WHERE m.plan_id = j.plan_id AND m.person_id = j.person_id
                      ORDER BY (m.status = 'active') DESC, m.joined_at DESC, m.id DESC LIMIT 1) m ON true`;

export async function jurorFacts(q: Queryable, planId: string, bankId: string, personId: bigint): Promise<JurorFacts | undefined> {
  return (await q.query<JurorFacts>(`${FACTS} WHERE j.plan_id = $1 AND j.person_id = $3`, [planId, bankId, personId]))[0];
}

/**
 * Who is on a draw's published juror list: a juror `j` of the plan with a quiz pass logged before
 * the seed record (log index below the parameter `$n`). One rule for the draw's input and for the
 * list served to verifiers, since the list's published fingerprint must match what was drawn from.
 */
export const onJurorListBefore = (n: number): string =>
  `EXISTS (SELECT 1 FROM juror_quiz_passes p WHERE p.juror_id = j.id AND p.log_index < $${n})`;

/** The juror list of a draw with each juror's facts, in one statement. */
export async function jurorListFacts(q: Queryable, planId: string, bankId: string, beforeLogIndex: number): Promise<JurorFacts[]> {
  return q.query<JurorFacts>(
    `${FACTS} WHERE j.plan_id = $1 AND ${onJurorListBefore(3)} ORDER BY j.pseudonym`,
    [planId, bankId, beforeLogIndex]);
}

/**
 * A page of the published juror list of a draw (onJurorListBefore, pseudonyms only),
 * in pseudonym order after `after`: keyset paging, so reading a list of a million costs the same per
 * page at the end as at the start. Returns up to `limit + 1` rows, so the caller knows whether more follow.
 */
export async function jurorListPage(q: Queryable, planId: string, beforeLogIndex: number, after: string | null, limit: number): Promise<string[]> {
  const rows = await q.query<{ pseudonym: string }>(
    `SELECT j.pseudonym FROM jurors j WHERE j.plan_id = $1 AND ${onJurorListBefore(2)} AND j.pseudonym > $3 ORDER BY j.pseudonym LIMIT $4`, [planId, beforeLogIndex, after ?? '', limit + 1]);
  return rows.map((r) => r.pseudonym);
}

/** Each drawn juror who did not vote counts one miss: one statement per round. */
export async function addMisses(q: Queryable, planId: string, pseudonyms: string[]): Promise<void> {
  if (pseudonyms.length) await q.query('UPDATE jurors SET misses = misses + 1 WHERE plan_id = $1 AND pseudonym = ANY($2::text[])', [planId, pseudonyms]);
}

/** The coherence records of every juror who voted in a case, against its final ruling: one statement. */
export async function addCoherence(q: Queryable, caseId: bigint, finalRuling: Vote): Promise<void> {
  await q.query(
    `UPDATE jurors j SET coherence_votes = j.coherence_votes + v.n, coherence_matched = j.coherence_matched + v.matched
       FROM (SELECT juror_id, count(*)::int AS n, (count(*) FILTER (WHERE vote = $2))::int AS matched
               FROM jury_votes WHERE case_id = $1 AND vote IS NOT NULL GROUP BY juror_id) v
      WHERE j.id = v.juror_id`, [caseId, finalRuling]);
}

export async function insertFraudFinding(q: Queryable, f: { personId: bigint; at: Date; by: string; reason: string }): Promise<void> {
  await q.query('INSERT INTO fraud_findings (person_id, found_at, found_by, reason) VALUES ($1, $2, $3, $4)', [f.personId, f.at, f.by, f.reason]);
}

export async function jurorsOfPerson(q: Queryable, personId: bigint): Promise<{ id: bigint; planId: string }[]> {
  return q.query('SELECT id, plan_id AS "planId" FROM jurors WHERE person_id = $1 ORDER BY plan_id', [personId]);
}

/**
 * `count` qualified jurors of a plan, made in three set-based statements: the synthetic
 * population of bench:jury-list (persons 'juror-1'.. with a quiz pass each). Not used by the
 * platform; here because these tables' SQL lives here.
 */
export async function insertSyntheticJurors(q: Queryable, planId: string, count: number, at: string): Promise<void> {
  await q.query(`INSERT INTO persons (ref, birth_date) SELECT 'juror-' || g, DATE '1980-01-01' + (g % 10000) FROM generate_series(1, $1::int) g`, [count]);
  await q.query(`INSERT INTO jurors (plan_id, person_id, pseudonym, created_at)
      SELECT $1, p.id, encode(sha256(convert_to(p.ref, 'UTF8')), 'hex'), $2::timestamptz FROM persons p WHERE p.ref LIKE 'juror-%'`, [planId, at]);
  await q.query(`INSERT INTO juror_quiz_passes (juror_id, bank_id, correct, total, passed_at, log_index)
      SELECT j.id, 'default', 10, 10, $2::timestamptz, j.id FROM jurors j WHERE j.plan_id = $1`, [planId, at]);
  for (const table of ['persons', 'jurors', 'juror_quiz_passes']) await q.query(`ANALYZE ${table}`);
}

/** The same page as jurorListPage but found by OFFSET: what keyset paging replaced (bench:jury-list compares the two). */
export async function jurorListPageByOffset(q: Queryable, planId: string, beforeLogIndex: number, offset: number, limit: number): Promise<string[]> {
  return (await q.query<{ pseudonym: string }>(
    `SELECT j.pseudonym FROM jurors j WHERE j.plan_id = $1 AND ${onJurorListBefore(2)} ORDER BY j.pseudonym OFFSET $3 LIMIT $4`,
    [planId, beforeLogIndex, offset, limit])).map((r) => r.pseudonym);
}
