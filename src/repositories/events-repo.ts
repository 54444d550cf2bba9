/** The event log: every state change with actor, time and idempotency key. Append-only. */
import type { Queryable } from '../db/database.ts';

export interface EventRecord {
  at: Date;
  actor: string;
  kind: string;
  subject: string;
  key: string;
  data: unknown;
}

export async function findEventData(q: Queryable, key: string): Promise<unknown | undefined> {
  const rows = await q.query<{ data: unknown }>('SELECT data FROM events WHERE idempotency_key = $1', [key]);
  return rows[0]?.data;
}

export async function recordEvent(q: Queryable, e: EventRecord): Promise<void> {
  await q.query(
    `INSERT INTO events (at, actor, kind, subject, idempotency_key, data) VALUES ($1, $2, $3, $4, $5, $6)`,
    [e.at, e.actor, e.kind, e.subject, e.key, JSON.stringify(e.data, (_k, v) => (typeof v === 'bigint' ? Number(v) : v))],
  );
}

/** Every event of one kind, oldest first, with its idempotency key and data. */
export async function eventsOfKind<T>(q: Queryable, kind: string): Promise<{ key: string; data: T }[]> {
  return q.query<{ key: string; data: T }>('SELECT idempotency_key AS key, data FROM events WHERE kind = $1 ORDER BY id', [kind]);
}
