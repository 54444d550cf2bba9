/** Operators' and investigators' views: the claim queue, assignments, evidence; auditors' ledger. */
import type { Queryable } from '../../db/database.ts';

export interface QueueRow {
  id: bigint; ref: string; plan_id: string; status: string; filed_at: Date; diagnosed_on: string; severity: string; cause: string;
  disease_code: string; payout_fen: bigint | null; investigator_id: bigint | null;
}

export async function claimQueue(q: Queryable, p: { status?: string | undefined; investigatorId?: bigint | undefined; limit: number; offset: number }): Promise<QueueRow[]> {
  return q.query<QueueRow>(
    `SELECT c.id, c.ref, c.plan_id, c.status, c.filed_at, to_char(c.diagnosed_on, 'YYYY-MM-DD') AS diagnosed_on, c.severity, c.cause,
            c.disease_code, c.payout_fen, a.investigator_id
       FROM claims c LEFT JOIN claim_assignments a ON a.claim_id = c.id
      WHERE ($1::text IS NULL OR c.status = $1) AND ($2::bigint IS NULL OR a.investigator_id = $2)
      ORDER BY c.filed_at, c.id LIMIT $3 OFFSET $4`, [p.status ?? null, p.investigatorId ?? null, p.limit, p.offset]);
}

export async function assignmentOf(q: Queryable, claimId: bigint): Promise<{ investigatorId: bigint; assignedAt: Date } | undefined> {
  return (await q.query<{ investigatorId: bigint; assignedAt: Date }>(
    'SELECT investigator_id AS "investigatorId", assigned_at AS "assignedAt" FROM claim_assignments WHERE claim_id = $1', [claimId]))[0];
}

export async function assign(q: Queryable, claimId: bigint, investigatorId: bigint, by: bigint, at: Date): Promise<void> {
  await q.query(
    `INSERT INTO claim_assignments (claim_id, investigator_id, assigned_at, assigned_by) VALUES ($1, $2, $3, $4)
     ON CONFLICT (claim_id) DO UPDATE SET investigator_id = EXCLUDED.investigator_id, assigned_at = EXCLUDED.assigned_at, assigned_by = EXCLUDED.assigned_by`,
    [claimId, investigatorId, at, by]);
}

export async function documentContent(q: Queryable, claimId: bigint, sha256: string): Promise<{ mediaType: string; content: Uint8Array | null } | undefined> {
  return (await q.query<{ mediaType: string; content: Uint8Array | null }>(
    `SELECT d.media_type AS "mediaType", d.content FROM claim_documents cd JOIN documents d USING (sha256) WHERE cd.claim_id = $1 AND cd.sha256 = $2`,
    [claimId, sha256]))[0];
}

export interface EntryRow { id: bigint; plan_id: string; period_id: bigint | null; kind: string; at: Date; actor: string; memo: string; reverses: bigint | null; lines: { account: string; debit_fen: number; credit_fen: number }[] }

export async function journal(q: Queryable, p: { planId?: string | undefined; periodId?: bigint | undefined; limit: number; offset: number }): Promise<EntryRow[]> {
  return q.query<EntryRow>(
    `SELECT e.id, e.plan_id, e.period_id, e.kind, e.at, e.actor, e.memo, e.reverses,
            (SELECT json_agg(json_build_object('account', l.account, 'debit_fen', l.debit_fen, 'credit_fen', l.credit_fen) ORDER BY l.line)
               FROM journal_lines l WHERE l.entry_id = e.id) AS lines
       FROM journal_entries e WHERE ($1::text IS NULL OR e.plan_id = $1) AND ($2::bigint IS NULL OR e.period_id = $2)
      ORDER BY e.id LIMIT $3 OFFSET $4`, [p.planId ?? null, p.periodId ?? null, p.limit, p.offset]);
}

export async function clocks(q: Queryable): Promise<{ planId: string; throughOn: string }[]> {
  return q.query(`SELECT plan_id AS "planId", to_char(through_on, 'YYYY-MM-DD') AS "throughOn" FROM plan_clock ORDER BY plan_id`);
}
