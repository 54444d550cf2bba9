/** Challenges to announced claims, and their evidence. */
import type { Queryable } from '../db/database.ts';
import type { LocalDate } from '../domain/local-date.ts';
import { HuzhuError } from '../domain/errors.ts';
import type { ChallengeStatus } from '../challenges/challenge-rules.ts';

export interface ChallengeRow {
  id: bigint;
  ref: string;
  claimId: bigint;
  claimRef: string;
  planId: string;
  personId: bigint;
  personRef: string;
  payerId: bigint;
  noticedOn: LocalDate;
  reason: string;
  filedAt: Date;
  status: ChallengeStatus;
  decidedBy: string | null;
  decisionReason: string | null;
  decidedAt: Date | null;
  evidence: string[];
}

const SELECT = `SELECT h.id, h.ref, h.claim_id, c.ref AS claim_ref, c.plan_id, h.person_id, p.ref AS person_ref, h.payer_id, to_char(h.noticed_on, 'YYYY-MM-DD') AS noticed_on,
  h.reason, h.filed_at, h.status, h.decided_by, h.decision_reason, h.decided_at,
  coalesce((SELECT array_agg(d.sha256 ORDER BY d.sha256) FROM challenge_documents d WHERE d.challenge_id = h.id), '{}') AS evidence
  FROM challenges h JOIN persons p ON p.id = h.person_id JOIN claims c ON c.id = h.claim_id`;

interface Row {
  id: bigint; ref: string; claim_id: bigint; claim_ref: string; plan_id: string; person_id: bigint; person_ref: string; payer_id: bigint; noticed_on: string; reason: string;
  filed_at: Date; status: ChallengeStatus; decided_by: string | null; decision_reason: string | null; decided_at: Date | null; evidence: string[];
}

const toChallenge = (r: Row): ChallengeRow => ({
  id: r.id, ref: r.ref, claimId: r.claim_id, claimRef: r.claim_ref, planId: r.plan_id, personId: r.person_id, personRef: r.person_ref, payerId: r.payer_id,
  noticedOn: r.noticed_on as LocalDate, reason: r.reason, filedAt: r.filed_at, status: r.status, decidedBy: r.decided_by,
  decisionReason: r.decision_reason, decidedAt: r.decided_at, evidence: r.evidence,
});

export async function findChallenge(q: Queryable, ref: string, lock = false): Promise<ChallengeRow | undefined> {
  const rows = await q.query<Row>(`${SELECT} WHERE h.ref = $1${lock ? ' FOR UPDATE OF h' : ''}`, [ref]);
  return rows[0] && toChallenge(rows[0]);
}

export async function getChallenge(q: Queryable, ref: string, lock = false): Promise<ChallengeRow> {
  const c = await findChallenge(q, ref, lock);
  if (!c) throw new HuzhuError('NOT_FOUND', `challenge: "${ref}" does not exist`, { field: 'challenge' });
  return c;
}

export async function challengesOfClaim(q: Queryable, claimId: bigint): Promise<ChallengeRow[]> {
  return (await q.query<Row>(`${SELECT} WHERE h.claim_id = $1 ORDER BY h.filed_at, h.id`, [claimId])).map(toChallenge);
}

/** Challenges filed by the people of a real-name account (the server's `people`, linked to persons by their keyed ID hash). */
export async function challengesOfAccount(q: Queryable, accountId: bigint): Promise<ChallengeRow[]> {
  return (await q.query<Row>(
    `${SELECT} WHERE p.ref IN (SELECT id_hash FROM people WHERE account_id = $1) ORDER BY h.filed_at DESC, h.id DESC`, [accountId])).map(toChallenge);
}

/** Challenges waiting for an operator, oldest first. */
export async function challengesUnderReview(q: Queryable, limit: number, offset: number): Promise<ChallengeRow[]> {
  return (await q.query<Row>(`${SELECT} WHERE h.status = 'under-review' ORDER BY h.filed_at, h.id LIMIT $1 OFFSET $2`, [limit, offset])).map(toChallenge);
}

export async function insertChallenge(q: Queryable, c: {
  ref: string; claimId: bigint; personId: bigint; payerId: bigint; noticedOn: LocalDate; reason: string; filedAt: Date; evidence: { sha256: string; name: string }[];
}): Promise<bigint> {
  const rows = await q.query<{ id: bigint }>(
    `INSERT INTO challenges (ref, claim_id, person_id, payer_id, noticed_on, reason, filed_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [c.ref, c.claimId, c.personId, c.payerId, c.noticedOn, c.reason, c.filedAt]);
  const id = rows[0]!.id;
  for (const d of c.evidence) {
    await q.query('INSERT INTO challenge_documents (challenge_id, sha256, name) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [id, d.sha256, d.name]);
  }
  return id;
}

export async function setChallengeDecision(q: Queryable, id: bigint, d: { status: ChallengeStatus; by: string; reason: string; at: Date }): Promise<void> {
  await q.query('UPDATE challenges SET status = $2, decided_by = $3, decision_reason = $4, decided_at = $5 WHERE id = $1', [id, d.status, d.by, d.reason, d.at]);
}

/** The challenger appealed the dismissal to the jury. */
export async function markChallengeAppealed(q: Queryable, id: bigint): Promise<void> {
  await q.query(`UPDATE challenges SET status = 'appealed' WHERE id = $1 AND status = 'dismissed'`, [id]);
}

/** Which of these hashes are stored documents. */
export async function knownDocuments(q: Queryable, hashes: string[]): Promise<Set<string>> {
  if (!hashes.length) return new Set();
  const rows = await q.query<{ sha256: string }>('SELECT sha256 FROM documents WHERE sha256 = ANY($1::text[])', [hashes]);
  return new Set(rows.map((r) => r.sha256));
}
