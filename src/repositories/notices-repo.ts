/** Notices: the public announcement of approved claims, open to challenge until the charge date. */
import type { Queryable } from '../db/database.ts';
import type { LocalDate } from '../domain/local-date.ts';

export interface Notice {
  planId: string;
  announcedOn: LocalDate;
  chargedOn: LocalDate;
  announcedAt: Date;
  chargedAt: Date;
  cases: number;
  status: 'open' | 'shared';
}

const COLUMNS = `plan_id, to_char(announced_on, 'YYYY-MM-DD') AS announced_on, to_char(charged_on, 'YYYY-MM-DD') AS charged_on,
  announced_at, charged_at, cases, status`;

interface NoticeRow {
  plan_id: string; announced_on: string; charged_on: string; announced_at: Date; charged_at: Date; cases: number; status: 'open' | 'shared';
}

const toNotice = (r: NoticeRow): Notice => ({
  planId: r.plan_id, announcedOn: r.announced_on as LocalDate, chargedOn: r.charged_on as LocalDate, announcedAt: r.announced_at,
  chargedAt: r.charged_at, cases: r.cases, status: r.status,
});

export async function findNotice(q: Queryable, planId: string, announcedOn: LocalDate): Promise<Notice | undefined> {
  const rows = await q.query<NoticeRow>(`SELECT ${COLUMNS} FROM notices WHERE plan_id = $1 AND announced_on = $2`, [planId, announcedOn]);
  return rows[0] && toNotice(rows[0]);
}

export async function lastNotice(q: Queryable, planId: string): Promise<Notice | undefined> {
  const rows = await q.query<NoticeRow>(`SELECT ${COLUMNS} FROM notices WHERE plan_id = $1 ORDER BY announced_on DESC LIMIT 1`, [planId]);
  return rows[0] && toNotice(rows[0]);
}

export async function listNotices(q: Queryable, planId: string, limit = 24): Promise<Notice[]> {
  const rows = await q.query<NoticeRow>(`SELECT ${COLUMNS} FROM notices WHERE plan_id = $1 ORDER BY announced_on DESC LIMIT $2`, [planId, limit]);
  return rows.map(toNotice);
}

export async function insertNotice(q: Queryable, n: Omit<Notice, 'status'>): Promise<void> {
  await q.query(
    `INSERT INTO notices (plan_id, announced_on, charged_on, announced_at, charged_at, cases) VALUES ($1, $2, $3, $4, $5, $6)`,
    [n.planId, n.announcedOn, n.chargedOn, n.announcedAt, n.chargedAt, n.cases]);
}

/** Open notices whose charge date has begun by `at`: the sharing runs due. */
export async function noticesDueForSharing(q: Queryable, planId: string, at: Date): Promise<Notice[]> {
  const rows = await q.query<NoticeRow>(
    `SELECT ${COLUMNS} FROM notices WHERE plan_id = $1 AND status = 'open' AND charged_at <= $2 ORDER BY announced_on`, [planId, at]);
  return rows.map(toNotice);
}

/** Whether the plan has a notice not yet shared (a wound-down plan closes only once its last notice is). */
export async function hasOpenNotice(q: Queryable, planId: string): Promise<boolean> {
  return (await q.query(`SELECT 1 FROM notices WHERE plan_id = $1 AND status = 'open' LIMIT 1`, [planId])).length > 0;
}

export async function markNoticeShared(q: Queryable, planId: string, announcedOn: LocalDate): Promise<void> {
  await q.query(`UPDATE notices SET status = 'shared' WHERE plan_id = $1 AND announced_on = $2`, [planId, announcedOn]);
}

/** The claims a notice published, with where each stands now (for the public notice page). */
export async function noticeClaims(q: Queryable, planId: string, announcedOn: LocalDate): Promise<{
  ref: string; status: string; payout_fen: bigint | null; severity: string; cause: string; disease_code: string; age_at_diagnosis: number | null;
  jury_ruled: boolean; challenges: number;
}[]> {
  return q.query(
    `SELECT c.ref, c.status, c.payout_fen, c.severity, c.cause, c.disease_code, c.age_at_diagnosis, c.jury_ruled,
            (SELECT count(*)::int FROM challenges h WHERE h.claim_id = c.id AND h.noticed_on = $2) AS challenges
       FROM claims c
      WHERE c.plan_id = $1 AND (c.noticed_on = $2 OR c.id IN (SELECT claim_id FROM challenges WHERE noticed_on = $2))
      ORDER BY c.ref`, [planId, announcedOn]);
}
