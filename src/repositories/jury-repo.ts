/**
 * The member jury's records (migration 0301): jurors and their quiz passes, fraud findings, jury
 * cases, rounds, draws and votes. Everything per juror at scale is one statement: the candidate
 * list of a draw, the misses of a round, the coherence records of a case.
 */
import type { Queryable } from '../db/database.ts';
import { HuzhuError } from '../domain/errors.ts';
import type { LocalDate } from '../domain/local-date.ts';
import type { Vote } from '../jury/commit-reveal.ts';
import type { PublishedRound } from '../jury/voting.ts';

// ---- Jurors --------------------------------------------------------------------------------

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

// ---- People around a claim -------------------------------------------------------------------

/** The self profile of a server account, as the engine's person (a juror acts as the account holder). */
export async function selfPersonOfAccount(q: Queryable, accountId: bigint): Promise<{ personId: bigint | null; personRef: string } | undefined> {
  return (await q.query<{ personId: bigint | null; personRef: string }>(
    `SELECT pe.id AS "personId", pl.id_hash AS "personRef" FROM people pl LEFT JOIN persons pe ON pe.ref = pl.id_hash
      WHERE pl.account_id = $1 AND pl.relation = 'self'`, [accountId]))[0];
}

export async function personByRef(q: Queryable, ref: string): Promise<{ id: bigint; ref: string; birthDate: LocalDate } | undefined> {
  return (await q.query<{ id: bigint; ref: string; birthDate: LocalDate }>(
    `SELECT id, ref, to_char(birth_date, 'YYYY-MM-DD') AS "birthDate" FROM persons WHERE ref = $1`, [ref]))[0];
}

export interface ClaimParties {
  claimantPersonId: bigint;
  claimantRef: string;
  claimantPayerId: bigint | null;
  /** Everyone paid for by the claimant's payer account (any plan), and everyone on the same real-name account. */
  familyPersonIds: bigint[];
}

export async function claimParties(q: Queryable, claimId: bigint): Promise<ClaimParties> {
  const rows = await q.query<{ person_id: bigint; ref: string; payer_id: bigint | null; family: bigint[] | null }>(
    `WITH c AS (SELECT c.person_id, pe.ref, m.payer_id FROM claims c JOIN persons pe ON pe.id = c.person_id
                  LEFT JOIN memberships m ON m.id = c.membership_id WHERE c.id = $1),
          acct AS (SELECT pl.account_id FROM people pl WHERE pl.id_hash = (SELECT ref FROM c)
                   UNION SELECT a.id FROM accounts a WHERE a.payer_id = (SELECT payer_id FROM c))
     SELECT c.person_id, c.ref, c.payer_id,
            (SELECT array_agg(DISTINCT x.id) FROM (
               SELECT m.person_id AS id FROM memberships m WHERE m.payer_id = c.payer_id
               UNION SELECT pe.id FROM people pl JOIN persons pe ON pe.ref = pl.id_hash WHERE pl.account_id IN (SELECT account_id FROM acct)) x) AS family
       FROM c`, [claimId]);
  const r = rows[0];
  if (!r) throw new HuzhuError('NOT_FOUND', `claim ${claimId} does not exist`, { field: 'claim' });
  return { claimantPersonId: r.person_id, claimantRef: r.ref, claimantPayerId: r.payer_id, familyPersonIds: (r.family ?? []).filter((id) => id !== r.person_id) };
}

/** The claimant's real-name profile, when the claim came through the server (the replay has none). */
export async function claimantProfile(q: Queryable, personRef: string): Promise<{ name: string; idCipher: string; phone: string | null; province: string } | undefined> {
  return (await q.query<{ name: string; idCipher: string; phone: string | null; province: string }>(
    'SELECT name, id_cipher AS "idCipher", phone, province FROM people WHERE id_hash = $1', [personRef]))[0];
}

/** Is this account's payer, or one of its people, the given person or payer? (A member acting for their family.) */
export async function accountActsFor(q: Queryable, accountId: bigint, personId: bigint | null, payerId: bigint | null): Promise<boolean> {
  const rows = await q.query(
    `SELECT 1 FROM accounts a WHERE a.id = $1 AND (a.payer_id = $3
        OR EXISTS (SELECT 1 FROM people pl JOIN persons pe ON pe.ref = pl.id_hash WHERE pl.account_id = a.id AND pe.id = $2))`,
    [accountId, personId, payerId]);
  return rows.length > 0;
}

export async function latestDismissedChallenge(q: Queryable, claimId: bigint): Promise<{ id: bigint; ref: string } | undefined> {
  return (await q.query<{ id: bigint; ref: string }>(
    `SELECT id, ref FROM challenges WHERE claim_id = $1 AND status = 'dismissed' ORDER BY decided_at DESC, id DESC LIMIT 1`, [claimId]))[0];
}

export async function challengeById(q: Queryable, id: bigint): Promise<{ ref: string; reason: string; decisionReason: string | null; personId: bigint; payerId: bigint } | undefined> {
  return (await q.query<{ ref: string; reason: string; decisionReason: string | null; personId: bigint; payerId: bigint }>(
    'SELECT ref, reason, decision_reason AS "decisionReason", person_id AS "personId", payer_id AS "payerId" FROM challenges WHERE id = $1', [id]))[0];
}

// ---- The public log: seed records --------------------------------------------------------------

/** The plan's latest published notice entry (by announcement date), if any. */
export async function latestNoticeEntry(q: Queryable, planId: string): Promise<{ index: number; entry: Uint8Array } | undefined> {
  const rows = await q.query<{ idx: bigint; entry: Uint8Array }>(
    `SELECT l.idx, l.entry FROM notices n JOIN log_entries l ON l.ref = 'notice.published/' || n.plan_id || '/' || to_char(n.announced_on, 'YYYY-MM-DD')
      WHERE n.plan_id = $1 ORDER BY n.announced_on DESC LIMIT 1`, [planId]);
  return rows[0] && { index: Number(rows[0].idx), entry: rows[0].entry };
}

/** The plan's latest `plan.rules` entry (they carry no ref: found by their canonical bytes, newest first). */
export async function latestPlanRulesEntry(q: Queryable, planId: string): Promise<{ index: number; entry: Uint8Array } | undefined> {
  const rows = await q.query<{ idx: bigint; entry: Uint8Array }>(
    `SELECT idx, entry FROM log_entries
      WHERE ref IS NULL AND position(convert_to('"type":"plan.rules"', 'UTF8') IN entry) > 0
        AND position(convert_to('"plan":' || to_json($1::text)::text || ',', 'UTF8') IN entry) > 0
      ORDER BY idx DESC LIMIT 1`, [planId]);
  return rows[0] && { index: Number(rows[0].idx), entry: rows[0].entry };
}

export async function logEntryAt(q: Queryable, index: number | bigint): Promise<Uint8Array> {
  const rows = await q.query<{ entry: Uint8Array }>('SELECT entry FROM log_entries WHERE idx = $1', [index]);
  if (!rows[0]) throw new HuzhuError('INTERNAL', `log entry ${index} is missing`);
  return rows[0].entry;
}

// ---- Cases ----------------------------------------------------------------------------------

export type CaseKind = 'claim-rejected' | 'challenge-dismissed';
export type CaseMode = 'open' | 'panel' | 'recorded';

export interface JuryCaseRow {
  id: bigint;
  planId: string;
  claimId: bigint;
  claimRef: string;
  kind: CaseKind;
  challengeId: bigint | null;
  appellantPersonId: bigint;
  appellantPayerId: bigint | null;
  mode: CaseMode;
  statusQuo: Vote;
  openedAt: Date;
  seedLogIndex: bigint | null;
  heldOut: boolean;
  status: 'open' | 'final';
  ruling: Vote | null;
  decidedBy: string | null;
  finalRound: number | null;
  finalizedAt: Date | null;
  effect: string | null;
  resultLogIndex: bigint | null;
}

const CASE = `k.id, k.plan_id AS "planId", k.claim_id AS "claimId", c.ref AS "claimRef", k.kind, k.challenge_id AS "challengeId",
  k.appellant_person_id AS "appellantPersonId", k.appellant_payer_id AS "appellantPayerId", k.mode, k.status_quo AS "statusQuo",
  k.opened_at AS "openedAt", k.seed_log_index AS "seedLogIndex", k.held_out AS "heldOut", k.status, k.ruling, k.decided_by AS "decidedBy",
  k.final_round AS "finalRound", k.finalized_at AS "finalizedAt", k.effect, k.result_log_index AS "resultLogIndex"`;

export async function findCase(q: Queryable, id: bigint, lock = false): Promise<JuryCaseRow | undefined> {
  return (await q.query<JuryCaseRow>(`SELECT ${CASE} FROM jury_cases k JOIN claims c ON c.id = k.claim_id WHERE k.id = $1${lock ? ' FOR UPDATE OF k' : ''}`, [id]))[0];
}

export async function getCase(q: Queryable, id: bigint, lock = false): Promise<JuryCaseRow> {
  const c = await findCase(q, id, lock);
  if (!c) throw new HuzhuError('NOT_FOUND', `jury case ${id} does not exist`, { field: 'id' });
  return c;
}

export async function openCaseOfClaim(q: Queryable, claimId: bigint, lock = false): Promise<JuryCaseRow | undefined> {
  return (await q.query<JuryCaseRow>(
    `SELECT ${CASE} FROM jury_cases k JOIN claims c ON c.id = k.claim_id WHERE k.claim_id = $1 AND k.status = 'open'${lock ? ' FOR UPDATE OF k' : ''}`, [claimId]))[0];
}

export async function finalCasesOfClaim(q: Queryable, claimId: bigint, kind: CaseKind): Promise<number> {
  return Number((await q.query<{ n: bigint }>(`SELECT count(*) AS n FROM jury_cases WHERE claim_id = $1 AND kind = $2 AND status = 'final'`, [claimId, kind]))[0]!.n);
}

export async function insertCase(q: Queryable, k: {
  planId: string; claimId: bigint; kind: CaseKind; challengeId: bigint | null; appellantPersonId: bigint; appellantPayerId: bigint | null;
  mode: CaseMode; statusQuo: Vote; openedAt: Date; seedLogIndex: number | null; heldOut: boolean;
}): Promise<bigint> {
  const rows = await q.query<{ id: bigint }>(
    `INSERT INTO jury_cases (plan_id, claim_id, kind, challenge_id, appellant_person_id, appellant_payer_id, mode, status_quo, opened_at, seed_log_index, held_out)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
    [k.planId, k.claimId, k.kind, k.challengeId, k.appellantPersonId, k.appellantPayerId, k.mode, k.statusQuo, k.openedAt, k.seedLogIndex, k.heldOut]);
  return rows[0]!.id;
}

export async function finalizeCase(q: Queryable, id: bigint, f: { ruling: Vote; decidedBy: string; finalRound: number | null; at: Date; effect: string; logIndex: number }): Promise<void> {
  await q.query(
    `UPDATE jury_cases SET status = 'final', ruling = $2, decided_by = $3, final_round = $4, finalized_at = $5, effect = $6, result_log_index = $7 WHERE id = $1`,
    [id, f.ruling, f.decidedBy, f.finalRound, f.at, f.effect, f.logIndex]);
}

export async function setCaseMode(q: Queryable, id: bigint, mode: CaseMode): Promise<void> {
  await q.query('UPDATE jury_cases SET mode = $2 WHERE id = $1', [id, mode]);
}

/** Open cases with a closed last round and no round open: the appeal window may have passed. */
export async function casesAwaitingFinality(q: Queryable, planId: string | null = null): Promise<bigint[]> {
  const rows = await q.query<{ id: bigint }>(
    `SELECT k.id FROM jury_cases k WHERE k.status = 'open' AND k.mode <> 'recorded' AND ($1::text IS NULL OR k.plan_id = $1)
        AND EXISTS (SELECT 1 FROM jury_rounds r WHERE r.case_id = k.id)
        AND NOT EXISTS (SELECT 1 FROM jury_rounds r WHERE r.case_id = k.id AND r.closed_at IS NULL) ORDER BY k.id`, [planId]);
  return rows.map((r) => r.id);
}

/** Open panel cases still waiting for their first draw (too few jurors when they opened). */
export async function casesAwaitingDraw(q: Queryable, planId: string | null = null): Promise<bigint[]> {
  const rows = await q.query<{ id: bigint }>(
    `SELECT k.id FROM jury_cases k WHERE k.status = 'open' AND k.mode = 'panel' AND ($1::text IS NULL OR k.plan_id = $1)
        AND NOT EXISTS (SELECT 1 FROM jury_rounds r WHERE r.case_id = k.id) ORDER BY k.id`, [planId]);
  return rows.map((r) => r.id);
}

// ---- Rounds, draws, votes --------------------------------------------------------------------

export interface RoundRow {
  caseId: bigint;
  round: number;
  mode: CaseMode;
  openedAt: Date;
  commitClosesAt: Date | null;
  plannedClosesAt: Date;
  closesAt: Date;
  pay: number;
  reject: number;
  appealedBy: string | null;
  closedAt: Date | null;
  result: PublishedRound | null;
  resultLogIndex: bigint | null;
}

const ROUND = `case_id AS "caseId", round, mode, opened_at AS "openedAt", commit_closes_at AS "commitClosesAt", planned_closes_at AS "plannedClosesAt",
  closes_at AS "closesAt", pay, reject, appealed_by AS "appealedBy", closed_at AS "closedAt", result, result_log_index AS "resultLogIndex"`;

const parseRound = (r: RoundRow): RoundRow => ({ ...r, result: typeof r.result === 'string' ? (JSON.parse(r.result) as PublishedRound) : r.result });

export async function roundsOf(q: Queryable, caseId: bigint): Promise<RoundRow[]> {
  return (await q.query<RoundRow>(`SELECT ${ROUND} FROM jury_rounds WHERE case_id = $1 ORDER BY round`, [caseId])).map(parseRound);
}

export async function lockRound(q: Queryable, caseId: bigint, round: number): Promise<RoundRow | undefined> {
  const r = (await q.query<RoundRow>(`SELECT ${ROUND} FROM jury_rounds WHERE case_id = $1 AND round = $2 FOR UPDATE`, [caseId, round]))[0];
  return r && parseRound(r);
}

export async function insertRound(q: Queryable, r: {
  caseId: bigint; round: number; mode: CaseMode; openedAt: Date; commitClosesAt: Date | null; closesAt: Date; appealedBy: string | null;
}): Promise<void> {
  await q.query(
    `INSERT INTO jury_rounds (case_id, round, mode, opened_at, commit_closes_at, planned_closes_at, closes_at, appealed_by)
     VALUES ($1, $2, $3, $4, $5, $6, $6, $7)`, [r.caseId, r.round, r.mode, r.openedAt, r.commitClosesAt, r.closesAt, r.appealedBy]);
}

export async function setRoundCount(q: Queryable, caseId: bigint, round: number, c: { pay: number; reject: number; closesAt: Date }): Promise<void> {
  await q.query('UPDATE jury_rounds SET pay = $3, reject = $4, closes_at = $5 WHERE case_id = $1 AND round = $2', [caseId, round, c.pay, c.reject, c.closesAt]);
}

export async function closeRound(q: Queryable, caseId: bigint, round: number, c: { at: Date; result: PublishedRound; logIndex: number; pay: number; reject: number }): Promise<void> {
  await q.query('UPDATE jury_rounds SET closed_at = $3, result = $4, result_log_index = $5, pay = $6, reject = $7 WHERE case_id = $1 AND round = $2',
    [caseId, round, c.at, JSON.stringify(c.result), c.logIndex, c.pay, c.reject]);
}

/** Rounds whose vote has ended by `at` and that are not closed yet. */
export async function dueRounds(q: Queryable, at: Date, planId: string | null = null): Promise<{ caseId: bigint; round: number }[]> {
  return q.query(
    `SELECT r.case_id AS "caseId", r.round FROM jury_rounds r JOIN jury_cases k ON k.id = r.case_id
      WHERE r.closed_at IS NULL AND r.closes_at <= $1 AND ($2::text IS NULL OR k.plan_id = $2) ORDER BY r.closes_at, r.case_id, r.round`, [at, planId]);
}

export interface DrawRow {
  caseId: bigint;
  round: number;
  algorithm: string;
  seedLogIndex: bigint;
  seedRecord: string;
  seed: string;
  size: number;
  jurorListSize: number;
  jurorListDigest: string;
  exclusions: { parties: string[]; ineligible: { pseudonym: string; reasons: string[] }[]; drawnEarlier: string[] };
  panel: string[];
  attempts: number;
  drawnAt: Date;
  logIndex: bigint;
}

const DRAW = `case_id AS "caseId", round, algorithm, seed_log_index AS "seedLogIndex", seed_record AS "seedRecord", seed, size,
  juror_list_size AS "jurorListSize", juror_list_digest AS "jurorListDigest", exclusions, panel, attempts, drawn_at AS "drawnAt", log_index AS "logIndex"`;

const parseDraw = (d: DrawRow): DrawRow => ({
  ...d,
  exclusions: typeof d.exclusions === 'string' ? JSON.parse(d.exclusions) : d.exclusions,
  panel: typeof d.panel === 'string' ? JSON.parse(d.panel) : d.panel,
});

export async function insertDraw(q: Queryable, d: Omit<DrawRow, 'seedLogIndex' | 'logIndex'> & { seedLogIndex: number; logIndex: number }): Promise<void> {
  await q.query(
    `INSERT INTO jury_draws (case_id, round, algorithm, seed_log_index, seed_record, seed, size, juror_list_size, juror_list_digest, exclusions, panel, attempts, drawn_at, log_index)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
    [d.caseId, d.round, d.algorithm, d.seedLogIndex, d.seedRecord, d.seed, d.size, d.jurorListSize, d.jurorListDigest,
      JSON.stringify(d.exclusions), JSON.stringify(d.panel), d.attempts, d.drawnAt, d.logIndex]);
}

export async function drawsOf(q: Queryable, caseId: bigint): Promise<DrawRow[]> {
  return (await q.query<DrawRow>(`SELECT ${DRAW} FROM jury_draws WHERE case_id = $1 ORDER BY round`, [caseId])).map(parseDraw);
}

export interface VoteRow {
  jurorId: bigint;
  pseudonym: string;
  commitment: string | null;
  vote: Vote | null;
  justification: string | null;
  votedAt: Date | null;
}

export async function votesOfRound(q: Queryable, caseId: bigint, round: number): Promise<VoteRow[]> {
  return q.query<VoteRow>(
    `SELECT v.juror_id AS "jurorId", j.pseudonym, v.commitment, v.vote, v.justification, v.voted_at AS "votedAt"
       FROM jury_votes v JOIN jurors j ON j.id = v.juror_id WHERE v.case_id = $1 AND v.round = $2 ORDER BY j.pseudonym`, [caseId, round]);
}

export async function findVote(q: Queryable, caseId: bigint, round: number, jurorId: bigint): Promise<VoteRow | undefined> {
  return (await q.query<VoteRow>(
    `SELECT v.juror_id AS "jurorId", j.pseudonym, v.commitment, v.vote, v.justification, v.voted_at AS "votedAt"
       FROM jury_votes v JOIN jurors j ON j.id = v.juror_id WHERE v.case_id = $1 AND v.round = $2 AND v.juror_id = $3`, [caseId, round, jurorId]))[0];
}

export async function insertOpenVote(q: Queryable, v: { caseId: bigint; round: number; jurorId: bigint; vote: Vote; at: Date }): Promise<boolean> {
  const rows = await q.query(
    `INSERT INTO jury_votes (case_id, round, juror_id, vote, voted_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING 1`,
    [v.caseId, v.round, v.jurorId, v.vote, v.at]);
  return rows.length > 0;
}

export async function insertCommitment(q: Queryable, v: { caseId: bigint; round: number; jurorId: bigint; commitment: string; at: Date }): Promise<boolean> {
  const rows = await q.query(
    `INSERT INTO jury_votes (case_id, round, juror_id, commitment, committed_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING 1`,
    [v.caseId, v.round, v.jurorId, v.commitment, v.at]);
  return rows.length > 0;
}

export async function revealVote(q: Queryable, v: { caseId: bigint; round: number; jurorId: bigint; vote: Vote; justification: string; salt: string; at: Date }): Promise<void> {
  await q.query(
    `UPDATE jury_votes SET vote = $4, justification = $5, salt = $6, voted_at = $7 WHERE case_id = $1 AND round = $2 AND juror_id = $3 AND vote IS NULL`,
    [v.caseId, v.round, v.jurorId, v.vote, v.justification, v.salt, v.at]);
}

/** Open-mode cases of a plan that are open for votes now, and panel rounds where this juror was drawn. */
export async function casesForJuror(q: Queryable, jurorIds: bigint[], planIds: string[], at: Date): Promise<{ caseId: bigint; planId: string; mode: CaseMode; round: number; closesAt: Date; commitClosesAt: Date | null }[]> {
  return q.query(
    `SELECT k.id AS "caseId", k.plan_id AS "planId", r.mode, r.round, r.closes_at AS "closesAt", r.commit_closes_at AS "commitClosesAt"
       FROM jury_cases k JOIN jury_rounds r ON r.case_id = k.id
      WHERE k.status = 'open' AND r.closed_at IS NULL AND r.opened_at <= $3
        AND ((r.mode = 'open' AND k.plan_id = ANY($2::text[]))
          OR (r.mode = 'panel' AND EXISTS (SELECT 1 FROM jury_draws d JOIN jurors j ON j.id = ANY($1::bigint[])
                                           WHERE d.case_id = k.id AND d.round = r.round AND d.panel @> jsonb_build_array(j.pseudonym))))
      ORDER BY r.closes_at, k.id`, [jurorIds, planIds, at]);
}

export async function jurorsOfPerson(q: Queryable, personId: bigint): Promise<{ id: bigint; planId: string }[]> {
  return q.query('SELECT id, plan_id AS "planId" FROM jurors WHERE person_id = $1 ORDER BY plan_id', [personId]);
}

export async function logRefAt(q: Queryable, index: number | bigint): Promise<string | null> {
  return (await q.query<{ ref: string | null }>('SELECT ref FROM log_entries WHERE idx = $1', [index]))[0]?.ref ?? null;
}

/** The payer of the person's current (or latest) membership in the plan. */
export async function payerInPlan(q: Queryable, planId: string, personId: bigint): Promise<bigint | null> {
  return (await q.query<{ payer_id: bigint }>(
    `SELECT payer_id FROM memberships WHERE plan_id = $1 AND person_id = $2 ORDER BY (status = 'active') DESC, joined_at DESC, id DESC LIMIT 1`,
    [planId, personId]))[0]?.payer_id ?? null;
}
