/**
 * Every state change runs through `once`: in one transaction it looks up the idempotency key in
 * the event log, and if the operation already happened it returns the first result and changes
 * nothing; otherwise it runs the operation and records the event with its result.
 */
import type { Db, Transaction } from '../db/database.ts';
import { findEventData, recordEvent } from '../repositories/events-repo.ts';

export interface Action {
  /** Idempotency key: the same key means the same operation. */
  key: string;
  actor: string;
  at: Date;
}

export interface EventInfo {
  kind: string;
  subject: string;
}

// Results are stored as JSON; bigints round-trip through a tagged form.
const encode = (v: unknown): string => JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? { $bigint: x.toString() } : x));
const decode = (v: unknown): unknown =>
  JSON.parse(JSON.stringify(v), (_k, x) => (x && typeof x === 'object' && typeof x.$bigint === 'string' && Object.keys(x).length === 1 ? BigInt(x.$bigint) : x));

export async function once<T>(db: Db, action: Action, info: EventInfo, fn: (tx: Transaction) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    const prior = await findEventData(tx, action.key);
    if (prior !== undefined) return (decode(prior) as { result: T }).result;
    const result = await fn(tx);
    await recordEvent(tx, { ...info, at: action.at, actor: action.actor, key: action.key, data: JSON.parse(encode({ result })) });
    return result;
  });
}
