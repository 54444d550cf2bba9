/** Claims, their documents and their review trail. */
import type { Queryable } from '../db/database.ts';
import type { Cause, ClaimRejectCode, ClaimStatus, Severity } from '../domain/claim-rules.ts';
import { HuzhuError } from '../domain/errors.ts';
import type { LocalDate } from '../domain/local-date.ts';

/** Why a claim was rejected: an automatic check, an operator, an upheld challenge, or the jury. */
export type DecisionRejectCode = ClaimRejectCode | 'OPERATOR' | 'CHALLENGE_UPHELD' | 'JURY';

export interface Claim {
  id: bigint;
  ref: string;
  planId: string;
  personId: bigint;
  membershipId: bigint | null;
  filedAt: Date;
  diagnosedOn: LocalDate;
  severity: Severity;
  cause: Cause;
  diseaseCode: string;
  ageAtDiagnosis: number | null;
  status: ClaimStatus;
  payoutFen: bigint | null;
  rejectCode: string | null;
  reason: string | null;
  periodId: bigint | null;
  /** The notice (announcement date) that published the claim; null while it waits for one. */
  noticedOn: LocalDate | null;
  juryRuled: boolean;
  decidedBy: string | null;
  decidedAt: Date | null;
}

const COLUMNS = `id, ref, plan_id, person_id, membership_id, filed_at, to_char(diagnosed_on, 'YYYY-MM-DD') AS diagnosed_on,
  severity, cause, disease_code, age_at_diagnosis, status, payout_fen, reject_code, reason, period_id,
  to_char(noticed_on, 'YYYY-MM-DD') AS noticed_on, jury_ruled, decided_by, decided_at`;

interface ClaimRow {
  id: bigint; ref: string; plan_id: string; person_id: bigint; membership_id: bigint | null; filed_at: Date; diagnosed_on: string;
  severity: Severity; cause: Cause; disease_code: string; age_at_diagnosis: number | null; status: ClaimStatus;
  payout_fen: bigint | null; reject_code: string | null; reason: string | null; period_id: bigint | null;
  noticed_on: string | null; jury_ruled: boolean; decided_by: string | null; decided_at: Date | null;
}

const toClaim = (r: ClaimRow): Claim => ({
  id: r.id, ref: r.ref, planId: r.plan_id, personId: r.person_id, membershipId: r.membership_id, filedAt: r.filed_at,
  diagnosedOn: r.diagnosed_on as LocalDate, severity: r.severity, cause: r.cause, diseaseCode: r.disease_code,
  ageAtDiagnosis: r.age_at_diagnosis, status: r.status, payoutFen: r.payout_fen, rejectCode: r.reject_code,
  reason: r.reason, periodId: r.period_id, noticedOn: r.noticed_on as LocalDate | null, juryRuled: r.jury_ruled,
  decidedBy: r.decided_by, decidedAt: r.decided_at,
});

export async function findClaimByRef(q: Queryable, ref: string, lock = false): Promise<Claim | undefined> {
  const rows = await q.query<ClaimRow>(`SELECT ${COLUMNS} FROM claims WHERE ref = $1${lock ? ' FOR UPDATE' : ''}`, [ref]);
  return rows[0] && toClaim(rows[0]);
}

export async function getClaimByRef(q: Queryable, ref: string, lock = false): Promise<Claim> {
  const c = await findClaimByRef(q, ref, lock);
  if (!c) throw new HuzhuError('NOT_FOUND', `claim: "${ref}" does not exist`, { field: 'claim' });
  return c;
}

export async function insertClaim(q: Queryable, c: {
  ref: string; planId: string; personId: bigint; membershipId: bigint | null; filedAt: Date; diagnosedOn: LocalDate;
  severity: Severity; cause: Cause; diseaseCode: string; ageAtDiagnosis: number | null;
}): Promise<bigint> {
  const rows = await q.query<{ id: bigint }>(
    `INSERT INTO claims (ref, plan_id, person_id, membership_id, filed_at, diagnosed_on, severity, cause, disease_code, age_at_diagnosis)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
    [c.ref, c.planId, c.personId, c.membershipId, c.filedAt, c.diagnosedOn, c.severity, c.cause, c.diseaseCode, c.ageAtDiagnosis]);
  return rows[0]!.id;
}

/** Severities of the membership's other claims that hold or will hold a payout. */
/**
 * Serialises the filings of one person inside their transactions (released at commit), so a
 * duplicate check followed by the insert holds under parallel requests on a server too.
 */
export async function lockFilingsOf(q: Queryable, personId: bigint): Promise<void> {
  await q.query('SELECT pg_advisory_xact_lock(7254011, ($1::bigint % 2147483647)::int)', [personId]);
}

/**
 * The person's earlier claim with the same facts (plan, diagnosis date, severity, cause, disease)
 * that still stands: any not rejected, or rejected by the automatic checks (the same facts give
 * the same answer). One rejected by a person (operator, challenge, jury) is not counted.
 */
export async function sameFiling(q: Queryable, c: { planId: string; personId: bigint; diagnosedOn: LocalDate; severity: Severity; cause: Cause; diseaseCode: string }): Promise<string | undefined> {
  const rows = await q.query<{ ref: string }>(
    `SELECT ref FROM claims WHERE plan_id = $1 AND person_id = $2 AND diagnosed_on = $3 AND severity = $4 AND cause = $5 AND disease_code = $6
       AND (status <> 'rejected' OR decided_by = 'system') ORDER BY id LIMIT 1`,
    [c.planId, c.personId, c.diagnosedOn, c.severity, c.cause, c.diseaseCode]);
  return rows[0]?.ref;
}

export async function otherPayouts(q: Queryable, membershipId: bigint, exceptClaimId: bigint | null): Promise<{ severity: Severity }[]> {
  return q.query<{ severity: Severity }>(
    `SELECT severity FROM claims WHERE membership_id = $1 AND status IN ('approved', 'challenged', 'paid') AND id IS DISTINCT FROM $2`,
    [membershipId, exceptClaimId]);
}

export async function setDecision(q: Queryable, id: bigint, d: {
  status: 'approved' | 'rejected'; payoutFen: bigint | null; rejectCode: DecisionRejectCode | null; reason: string; at: Date; actor: string;
}): Promise<void> {
  await q.query(
    `UPDATE claims SET status = $2, payout_fen = $3, reject_code = $4, reason = $5, decided_at = $6, decided_by = $7 WHERE id = $1`,
    [id, d.status, d.payoutFen, d.rejectCode, d.reason, d.at, d.actor]);
}

/** The age at diagnosis the automatic checks found (at approval, or when the jury orders a rejected claim paid). */
export async function setAgeAtDiagnosis(q: Queryable, claimId: bigint, age: number): Promise<void> {
  await q.query('UPDATE claims SET age_at_diagnosis = $2 WHERE id = $1', [claimId, age]);
}

export async function claimRefById(q: Queryable, claimId: bigint): Promise<string> {
  return (await q.query<{ ref: string }>('SELECT ref FROM claims WHERE id = $1', [claimId]))[0]!.ref;
}

export async function setStatus(q: Queryable, id: bigint, status: ClaimStatus): Promise<void> {
  await q.query('UPDATE claims SET status = $2 WHERE id = $1', [id, status]);
}

export type ReviewKind = 'automatic-check' | 'sampling' | 'investigation' | 'report' | 'decision' | 'challenge' | 'jury';

export async function addReview(q: Queryable, r: { claimId: bigint; at: Date; actor: string; kind: ReviewKind; outcome: string; findings?: string }): Promise<void> {
  await q.query('INSERT INTO claim_reviews (claim_id, at, actor, kind, outcome, findings) VALUES ($1, $2, $3, $4, $5, $6)',
    [r.claimId, r.at, r.actor, r.kind, r.outcome, r.findings ?? '']);
}

export async function reviewsOf(q: Queryable, claimId: bigint): Promise<{ at: Date; actor: string; kind: string; outcome: string; findings: string }[]> {
  return q.query('SELECT at, actor, kind, outcome, findings FROM claim_reviews WHERE claim_id = $1 ORDER BY id', [claimId]);
}

export async function storeDocument(q: Queryable, d: { sha256: string; mediaType: string; content: Uint8Array; at: Date }): Promise<void> {
  await q.query(
    `INSERT INTO documents (sha256, media_type, size_bytes, content, stored_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (sha256) DO NOTHING`,
    [d.sha256, d.mediaType, d.content.byteLength, d.content, d.at]);
}

export async function attachDocument(q: Queryable, claimId: bigint, sha256: string, name: string): Promise<void> {
  await q.query('INSERT INTO claim_documents (claim_id, sha256, name) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [claimId, sha256, name]);
}

export async function documentsOf(q: Queryable, claimId: bigint): Promise<{ sha256: string; name: string; mediaType: string; sizeBytes: bigint }[]> {
  return q.query(
    `SELECT d.sha256, cd.name, d.media_type AS "mediaType", d.size_bytes AS "sizeBytes"
       FROM claim_documents cd JOIN documents d USING (sha256) WHERE cd.claim_id = $1 ORDER BY cd.name`, [claimId]);
}

/** Approved claims waiting for an announcement, decided before its instant: what the next notice publishes. */
export async function claimsToNotice(q: Queryable, planId: string, before: Date): Promise<{ id: bigint; payout_fen: bigint }[]> {
  return q.query(
    `SELECT id, payout_fen FROM claims WHERE plan_id = $1 AND status = 'approved' AND period_id IS NULL AND noticed_on IS NULL AND decided_at < $2
      ORDER BY decided_at, id FOR UPDATE`, [planId, before]);
}

export async function markNoticed(q: Queryable, claimIds: bigint[], announcedOn: LocalDate): Promise<void> {
  if (claimIds.length) await q.query('UPDATE claims SET noticed_on = $2 WHERE id = ANY($1::bigint[])', [claimIds, announcedOn]);
}

/**
 * The claims a period shares at its charge date: published in its notice and still approved. A
 * claim under challenge (status `challenged`) is held out; one whose challenge was dismissed has
 * gone back to the queue for the next notice.
 */
export async function claimsToShare(q: Queryable, planId: string, announcedOn: LocalDate): Promise<{ id: bigint; payout_fen: bigint }[]> {
  return q.query(
    `SELECT id, payout_fen FROM claims WHERE plan_id = $1 AND noticed_on = $2 AND status = 'approved' AND period_id IS NULL
      ORDER BY decided_at, id FOR UPDATE`, [planId, announcedOn]);
}

/** Takes a claim out of its notice (a challenge under review, a challenger's appeal before the jury). */
export async function holdOut(q: Queryable, id: bigint): Promise<void> {
  await q.query(`UPDATE claims SET status = 'challenged' WHERE id = $1`, [id]);
}

/**
 * Puts an approved claim back in the queue for the next announcement: after a dismissed
 * challenge, or when the jury orders it paid (then it is announced for the record but may not be
 * challenged again).
 */
export async function requeueForNotice(q: Queryable, id: bigint, o: { juryRuled: boolean }): Promise<void> {
  await q.query(`UPDATE claims SET status = 'approved', noticed_on = NULL, jury_ruled = jury_ruled OR $2 WHERE id = $1`, [id, o.juryRuled]);
}

/** A claim as the public notice and the period publish it: anonymized (ref, age, severity, cause, disease, payout). */
export interface PublishedCase {
  claim: string; ageAtDiagnosis: number | null; severity: string; cause: string; diseaseCode: string; payout: bigint;
}

/** The anonymized cases of a notice (by plan and announcement date) or of a period, in claim-ref order. */
export async function publishedCases(q: Queryable, of: { planId: string; noticedOn: string } | { periodId: bigint }): Promise<PublishedCase[]> {
  const [where, params] = 'periodId' in of ? ['period_id = $1', [of.periodId]] : ['plan_id = $1 AND noticed_on = $2', [of.planId, of.noticedOn]];
  const rows = await q.query<{ ref: string; age_at_diagnosis: number | null; severity: string; cause: string; disease_code: string; payout_fen: bigint }>(
    `SELECT ref, age_at_diagnosis, severity, cause, disease_code, payout_fen FROM claims WHERE ${where} ORDER BY ref`, params);
  return rows.map((r) => ({ claim: r.ref, ageAtDiagnosis: r.age_at_diagnosis, severity: r.severity, cause: r.cause, diseaseCode: r.disease_code, payout: r.payout_fen }));
}

/** One stored document of a claim, with its content (an investigator or operator downloads it). */
export async function documentContent(q: Queryable, claimId: bigint, sha256: string): Promise<{ mediaType: string; content: Uint8Array | null } | undefined> {
  return (await q.query<{ mediaType: string; content: Uint8Array | null }>(
    `SELECT d.media_type AS "mediaType", d.content FROM claim_documents cd JOIN documents d USING (sha256) WHERE cd.claim_id = $1 AND cd.sha256 = $2`,
    [claimId, sha256]))[0];
}

/** How many claims ended in each outcome ('paid', 'rejected OPERATOR', ...), every plan together. */
export async function claimsByOutcome(q: Queryable): Promise<Record<string, number>> {
  const rows = await q.query<{ k: string; n: bigint }>(
    `SELECT CASE WHEN status = 'rejected' THEN 'rejected ' || reject_code ELSE status END AS k, count(*) AS n FROM claims GROUP BY 1 ORDER BY 1`);
  return Object.fromEntries(rows.map((c) => [c.k, Number(c.n)]));
}

/** Every claim's status, payout and reason, in filing order (the replay's report). */
export async function claimOutcomes(q: Queryable): Promise<{ ref: string; status: string; payout_fen: bigint | null; reject_code: string | null; reason: string | null }[]> {
  return q.query<{ ref: string; status: string; payout_fen: bigint | null; reject_code: string | null; reason: string | null }>(
    'SELECT ref, status, payout_fen, reject_code, reason FROM claims ORDER BY id');
}

/** Stores the automatic assessment of a claim: the sampling draw and the risk signals (services/claim-assessment.ts). */
export async function setAssessment(q: Queryable, claimId: bigint, sampling: unknown, signals: unknown): Promise<void> {
  await q.query('UPDATE claims SET sampling = $2, risk_signals = $3 WHERE id = $1', [claimId, JSON.stringify(sampling), JSON.stringify(signals)]);
}

export async function assignClaimsToPeriod(q: Queryable, periodId: bigint, claimIds: bigint[]): Promise<void> {
  if (claimIds.length) await q.query('UPDATE claims SET period_id = $1 WHERE id = ANY($2::bigint[])', [periodId, claimIds]);
}

/** Pays the period's announced claims (charge day). */
export async function payClaimsOfPeriod(q: Queryable, periodId: bigint, at: Date): Promise<void> {
  await q.query(`UPDATE claims SET status = 'paid', paid_at = $2 WHERE period_id = $1 AND status = 'approved'`, [periodId, at]);
}

export async function claimRefsOfPeriod(q: Queryable, periodId: bigint): Promise<string[]> {
  return (await q.query<{ ref: string }>('SELECT ref FROM claims WHERE period_id = $1 ORDER BY decided_at, id', [periodId])).map((r) => r.ref);
}

/** The text of those documents that are text (text/*, UTF-8), by hash; others (PDF, images) are not read. */
export async function textOfDocuments(q: Queryable, hashes: readonly string[]): Promise<Map<string, string>> {
  if (hashes.length === 0) return new Map();
  const rows = await q.query<{ sha256: string; content: Uint8Array }>(
    `SELECT sha256, content FROM documents WHERE sha256 = ANY($1::text[]) AND media_type LIKE 'text/%'`, [[...hashes]]);
  return new Map(rows.map((r) => [r.sha256, new TextDecoder().decode(r.content)]));
}

/** The wind-down (issue 13): how many of the plan's claims are not yet paid or rejected; closing waits for none. */
export async function countOpenClaims(q: Queryable, planId: string): Promise<bigint> {
  const rows = await q.query<{ n: bigint }>(`SELECT count(*) AS n FROM claims WHERE plan_id = $1 AND status NOT IN ('paid', 'rejected')`, [planId]);
  return rows[0]!.n;
}

/** The dry run's look: the plan's claims by stage, with the approved payouts not yet paid. */
export async function claimsInFlight(q: Queryable, planId: string): Promise<{ approved: bigint; approved_fen: bigint; open: bigint }> {
  return (await q.query<{ approved: bigint; approved_fen: bigint; open: bigint }>(
    `SELECT count(*) FILTER (WHERE status IN ('approved', 'challenged')) AS approved,
            coalesce(sum(payout_fen) FILTER (WHERE status IN ('approved', 'challenged')), 0)::bigint AS approved_fen,
            count(*) FILTER (WHERE status IN ('pending', 'investigating')) AS open
       FROM claims WHERE plan_id = $1`, [planId]))[0]!;
}

/** The final report's claims (issue 13): every claim of the plan not settled before the wind-down's start, by ref only. */
export async function claimsOfWindDown(q: Queryable, planId: string, startedAt: Date): Promise<{ ref: string; status: string; payout_fen: bigint | null; reject_code: string | null; diagnosed_on: string; filed_at: Date }[]> {
  return q.query(
    `SELECT ref, status, payout_fen, reject_code, to_char(diagnosed_on, 'YYYY-MM-DD') AS diagnosed_on, filed_at FROM claims
      WHERE plan_id = $1 AND (filed_at >= $2 OR paid_at >= $2 OR decided_at IS NULL OR decided_at >= $2 OR status NOT IN ('paid', 'rejected'))
      ORDER BY filed_at, id`, [planId, startedAt]);
}
