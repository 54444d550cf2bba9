/** Stored responses of POSTs by Idempotency-Key. */
import type { Queryable } from '../db/database.ts';

export interface StoredResponse { requestHash: string; status: number; body: { type: string; payload: string } | null }

/** Reserves the key (status 0 = running); returns the existing row instead when the key is taken. */
export async function reserveKey(q: Queryable, scope: string, key: string, requestHash: string, at: Date): Promise<StoredResponse | null> {
  const ins = await q.query('INSERT INTO http_idempotency (scope, key, request_hash, status, created_at) VALUES ($1, $2, $3, 0, $4) ON CONFLICT DO NOTHING RETURNING 1',
    [scope, key, requestHash, at]);
  if (ins.length) return null;
  const rows = await q.query<StoredResponse>('SELECT request_hash AS "requestHash", status, body FROM http_idempotency WHERE scope = $1 AND key = $2', [scope, key]);
  return rows[0] ?? null;
}

export async function completeKey(q: Queryable, scope: string, key: string, status: number, body: { type: string; payload: string }): Promise<void> {
  await q.query('UPDATE http_idempotency SET status = $3, body = $4 WHERE scope = $1 AND key = $2', [scope, key, status, JSON.stringify(body)]);
}

export async function releaseKey(q: Queryable, scope: string, key: string): Promise<void> {
  await q.query('DELETE FROM http_idempotency WHERE scope = $1 AND key = $2 AND status = 0', [scope, key]);
}
