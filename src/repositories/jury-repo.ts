/**
 * The jury's cases (migration 0301): jury cases, rounds, draws and votes; the jurors themselves
 * are in jurors-repo.ts. The reads of the people around a claim (persons, memberships, the
 * server's people and accounts, challenges) are kept here until their owning repositories offer
 * them (issue 10: each is listed in the closing note).
 */
import type { Queryable } from '../db/database.ts';
import { HuzhuError } from '../domain/errors.ts';
import type { LocalDate } from '../domain/local-date.ts';
import type { Vote } from '../jury/commit-reveal.ts';
import type { PublishedRound } from '../jury/voting.ts';

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

/**
 * The next jury deadline strictly after `at`: the end of a commit phase or of a round still open
 * (the demo clock's `jury` stop). Undefined when no round is open.
 */
export async function nextRoundDeadline(q: Queryable, at: Date): Promise<Date | undefined> {
  const [row] = await q.query<{ t: Date | null }>(
    `SELECT min(t) AS t FROM (
       SELECT commit_closes_at AS t FROM jury_rounds WHERE closed_at IS NULL AND commit_closes_at > $1
       UNION ALL SELECT closes_at FROM jury_rounds WHERE closed_at IS NULL AND closes_at > $1) d`, [at]);
  return row?.t ? new Date(row.t) : undefined;
}

/** The payer of the person's current (or latest) membership in the plan. */
export async function payerInPlan(q: Queryable, planId: string, personId: bigint): Promise<bigint | null> {
  return (await q.query<{ payer_id: bigint }>(
    `SELECT payer_id FROM memberships WHERE plan_id = $1 AND person_id = $2 ORDER BY (status = 'active') DESC, joined_at DESC, id DESC LIMIT 1`,
    [planId, personId]))[0]?.payer_id ?? null;
}
