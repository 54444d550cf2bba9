/** Accounts and sessions (the server's own tables; see migrations/0100_server.sql). */
import type { Queryable } from '../../db/database.ts';
import type { Role } from '../context.ts';

export interface Account {
  id: bigint;
  email: string;
  passwordHash: string | null;
  role: Role;
  payerId: bigint | null;
  failedLogins: number;
  lockedUntil: Date | null;
  createdAt: Date;
}

const COLUMNS = `id, email, password_hash AS "passwordHash", role, payer_id AS "payerId", failed_logins AS "failedLogins",
  locked_until AS "lockedUntil", created_at AS "createdAt"`;

export async function findAccountByEmail(q: Queryable, email: string): Promise<Account | undefined> {
  return (await q.query<Account>(`SELECT ${COLUMNS} FROM accounts WHERE email = $1`, [email]))[0];
}

export async function findAccount(q: Queryable, id: bigint): Promise<Account | undefined> {
  return (await q.query<Account>(`SELECT ${COLUMNS} FROM accounts WHERE id = $1`, [id]))[0];
}

export async function insertAccount(q: Queryable, a: { email: string; passwordHash: string | null; role: Role; payerId: bigint | null; at: Date }): Promise<bigint> {
  const rows = await q.query<{ id: bigint }>(
    `INSERT INTO accounts (email, password_hash, role, payer_id, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [a.email, a.passwordHash, a.role, a.payerId, a.at]);
  return rows[0]!.id;
}

export async function listAccounts(q: Queryable, p: { role?: Role | undefined; limit: number; offset: number }): Promise<Account[]> {
  return q.query<Account>(
    `SELECT ${COLUMNS} FROM accounts WHERE ($1::text IS NULL OR role = $1) ORDER BY id LIMIT $2 OFFSET $3`, [p.role ?? null, p.limit, p.offset]);
}

/** Counts a failed log-in; locks the account when the failures reach the limit. Returns the new lock, if any. */
export async function recordFailedLogin(q: Queryable, id: bigint, limit: number, lockUntil: Date): Promise<Date | null> {
  const rows = await q.query<{ locked_until: Date | null }>(
    `UPDATE accounts SET failed_logins = CASE WHEN failed_logins + 1 >= $2 THEN 0 ELSE failed_logins + 1 END,
            locked_until = CASE WHEN failed_logins + 1 >= $2 THEN $3 ELSE locked_until END
      WHERE id = $1 RETURNING locked_until`, [id, limit, lockUntil]);
  return rows[0]?.locked_until ?? null;
}

export async function clearFailedLogins(q: Queryable, id: bigint): Promise<void> {
  await q.query('UPDATE accounts SET failed_logins = 0, locked_until = NULL WHERE id = $1 AND (failed_logins <> 0 OR locked_until IS NOT NULL)', [id]);
}

export async function setRole(q: Queryable, id: bigint, role: Role): Promise<void> {
  await q.query('UPDATE accounts SET role = $2 WHERE id = $1', [id, role]);
}

export async function insertSession(q: Queryable, s: { tokenHash: string; accountId: bigint; at: Date; expiresAt: Date }): Promise<void> {
  await q.query('INSERT INTO sessions (token_hash, account_id, created_at, expires_at) VALUES ($1, $2, $3, $4)', [s.tokenHash, s.accountId, s.at, s.expiresAt]);
}

export interface SessionRow { accountId: bigint; email: string; role: Role; payerId: bigint | null; expiresAt: Date }

/**
 * The session of a token hash ($1) with its account, as a subquery: `findSession` and the
 * statements that read a session together with their own data (one round trip) share it.
 */
export const SESSION_OF_TOKEN = `SELECT a.id AS "accountId", a.email, a.role, a.payer_id AS "payerId", s.expires_at AS "expiresAt"
       FROM sessions s JOIN accounts a ON a.id = s.account_id WHERE s.token_hash = $1`;

export async function findSession(q: Queryable, tokenHash: string): Promise<SessionRow | undefined> {
  return (await q.query<SessionRow>(SESSION_OF_TOKEN, [tokenHash], { name: 'huzhu_find_session' }))[0];
}

export async function deleteSession(q: Queryable, tokenHash: string): Promise<void> {
  await q.query('DELETE FROM sessions WHERE token_hash = $1', [tokenHash]);
}

export async function deleteSessionsOf(q: Queryable, accountId: bigint): Promise<void> {
  await q.query('DELETE FROM sessions WHERE account_id = $1', [accountId]);
}

/** The demo clock jumped forward: live sessions move with it, so a jump does not log everyone out. */
export async function extendLiveSessions(q: Queryable, byMs: number, liveAt: Date): Promise<void> {
  await q.query(`UPDATE sessions SET expires_at = expires_at + $1::bigint * interval '1 millisecond' WHERE expires_at > $2`, [byMs, liveAt]);
}
