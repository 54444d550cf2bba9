/**
 * Which investigator a claim is assigned to (the server's claim_assignments), and the operators'
 * and investigators' claim queue, which shows it beside each claim.
 */
import type { Queryable } from '../db/database.ts';

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
