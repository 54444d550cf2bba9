/** Investigation: the facts risk signals are computed from, sampling seeds and the investigator's report. */
import type { Queryable } from '../db/database.ts';
import type { LocalDate } from '../domain/local-date.ts';
import type { Recommendation, ReportDocument } from '../investigation/four-eyes.ts';

/** Evidence hashes of other claims that share a document with this one. */
export async function claimsSharingEvidence(q: Queryable, claimId: bigint): Promise<{ claimId: string; evidenceHashes: string[] }[]> {
  return q.query(
    `SELECT c.ref AS "claimId", array_agg(o.sha256 ORDER BY o.sha256) AS "evidenceHashes"
       FROM claim_documents mine JOIN claim_documents o ON o.sha256 = mine.sha256 AND o.claim_id <> mine.claim_id
       JOIN claims c ON c.id = o.claim_id
      WHERE mine.claim_id = $1 GROUP BY c.ref`, [claimId]);
}

export async function evidenceOf(q: Queryable, claimId: bigint): Promise<string[]> {
  return (await q.query<{ sha256: string }>('SELECT sha256 FROM claim_documents WHERE claim_id = $1 ORDER BY sha256', [claimId])).map((r) => r.sha256);
}

/** Claims filed for any membership paid by the same payer account as this claim's membership. */
export async function claimsOfSamePayer(q: Queryable, claimId: bigint, tz: string): Promise<{ claimId: string; filedOn: LocalDate }[]> {
  return q.query(
    `SELECT o.ref AS "claimId", to_char((o.filed_at AT TIME ZONE $2)::date, 'YYYY-MM-DD') AS "filedOn"
       FROM claims c JOIN memberships m ON m.id = c.membership_id
       JOIN memberships om ON om.payer_id = m.payer_id JOIN claims o ON o.membership_id = om.id
      WHERE c.id = $1`, [claimId, tz]);
}

export async function assessmentOf(q: Queryable, claimId: bigint): Promise<{ sampling: { sampled: boolean; reasons: { code: string; text: string }[]; draw: string } | null; signals: { code: string; reason: string }[] }> {
  const r = (await q.query<{ sampling: unknown; risk_signals: unknown }>('SELECT sampling, risk_signals FROM claims WHERE id = $1', [claimId]))[0]!;
  const parse = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v);
  return { sampling: parse(r.sampling) as never, signals: (parse(r.risk_signals) ?? []) as never };
}

export interface StoredReport {
  claimId: bigint;
  investigator: string;
  summary: string;
  recommendation: Recommendation;
  documents: ReportDocument[];
  submittedAt: Date;
}

export async function findReport(q: Queryable, claimId: bigint): Promise<StoredReport | undefined> {
  const rows = await q.query<{ claim_id: bigint; investigator: string; summary: string; recommendation: Recommendation; documents: unknown; submitted_at: Date }>(
    'SELECT claim_id, investigator, summary, recommendation, documents, submitted_at FROM investigation_reports WHERE claim_id = $1', [claimId]);
  const r = rows[0];
  if (!r) return undefined;
  const documents = (typeof r.documents === 'string' ? JSON.parse(r.documents) : r.documents) as ReportDocument[];
  return { claimId: r.claim_id, investigator: r.investigator, summary: r.summary, recommendation: r.recommendation, documents, submittedAt: r.submitted_at };
}

export async function insertReport(q: Queryable, r: StoredReport): Promise<void> {
  await q.query(
    'INSERT INTO investigation_reports (claim_id, investigator, summary, recommendation, documents, submitted_at) VALUES ($1, $2, $3, $4, $5, $6)',
    [r.claimId, r.investigator, r.summary, r.recommendation, JSON.stringify(r.documents), r.submittedAt]);
}

/** The findings recorded on a claim, each with its author. */
export async function findingsOf(q: Queryable, claimId: bigint): Promise<{ recordedBy: string; text: string }[]> {
  return q.query(`SELECT actor AS "recordedBy", findings AS text FROM claim_reviews WHERE claim_id = $1 AND kind = 'investigation' ORDER BY id`, [claimId]);
}

/** The plan's current sampling seed, created on first use. */
export async function currentSamplingSeed(q: Queryable, planId: string, at: Date, fresh: () => { seed: string; commitment: string }): Promise<{ seed: string; commitment: string }> {
  const rows = await q.query<{ seed: string; commitment: string }>('SELECT seed, commitment FROM sampling_seeds WHERE plan_id = $1 AND revealed_at IS NULL', [planId]);
  if (rows[0]) return rows[0];
  const s = fresh();
  await q.query('INSERT INTO sampling_seeds (plan_id, seed, commitment, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING', [planId, s.seed, s.commitment, at]);
  return (await q.query<{ seed: string; commitment: string }>('SELECT seed, commitment FROM sampling_seeds WHERE plan_id = $1 AND revealed_at IS NULL', [planId]))[0]!;
}

/** Publishes the current seed (every claim drawn with it can now be checked) and retires it. */
export async function revealSamplingSeed(q: Queryable, planId: string, at: Date): Promise<void> {
  await q.query('UPDATE sampling_seeds SET revealed_at = $2 WHERE plan_id = $1 AND revealed_at IS NULL', [planId, at]);
}

/** The public view: every commitment, and the seed once revealed. */
export async function samplingSeeds(q: Queryable, planId: string): Promise<{ commitment: string; createdAt: Date; seed: string | null; revealedAt: Date | null }[]> {
  return q.query(
    `SELECT commitment, created_at AS "createdAt", CASE WHEN revealed_at IS NULL THEN NULL ELSE seed END AS seed, revealed_at AS "revealedAt"
       FROM sampling_seeds WHERE plan_id = $1 ORDER BY created_at`, [planId]);
}
