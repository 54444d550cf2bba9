/** The audit trail: append-only (the database refuses UPDATE, DELETE and TRUNCATE). */
import type { Queryable } from '../db/database.ts';

export interface AuditEntry { at: Date; actorId: bigint; actorRole: string; action: string; subject: string; before: unknown; after: unknown }

const json = (v: unknown): string | null => (v === undefined || v === null ? null : JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? Number(x) : x)));

export async function appendAudit(q: Queryable, e: AuditEntry): Promise<void> {
  await q.query('INSERT INTO audit_trail (at, actor_id, actor_role, action, subject, before, after) VALUES ($1, $2, $3, $4, $5, $6, $7)',
    [e.at, e.actorId, e.actorRole, e.action, e.subject, json(e.before), json(e.after)]);
}

export async function listAudit(q: Queryable, p: { subject?: string | undefined; limit: number; offset: number }): Promise<(AuditEntry & { id: bigint })[]> {
  return q.query(
    `SELECT id, at, actor_id AS "actorId", actor_role AS "actorRole", action, subject, before, after FROM audit_trail
      WHERE ($1::text IS NULL OR subject = $1) ORDER BY id DESC LIMIT $2 OFFSET $3`, [p.subject ?? null, p.limit, p.offset]);
}
