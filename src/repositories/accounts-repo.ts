/** Accounts and sessions (the server's own tables; see migrations/0100_server.sql). */
import type { Db, Queryable } from '../db/database.ts';
import type { Role } from '../domain/principal.ts';

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

/** Is there any account yet? (The demo seeds only an empty server.) */
export async function anyAccount(q: Queryable): Promise<boolean> {
  return (await q.query('SELECT 1 FROM accounts LIMIT 1')).length > 0;
}

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

/** A new password (a reset): the old one, and any old lock, stop at once. */
export async function setPasswordHash(q: Queryable, id: bigint, passwordHash: string): Promise<void> {
  await q.query('UPDATE accounts SET password_hash = $2, failed_logins = 0, locked_until = NULL WHERE id = $1', [id, passwordHash]);
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

// ---- Bulk fixtures (bench/api.ts) -----------------------------------------------------------

/** A member account for every payer, `<prefix><payer id>@<domain>`, without a password, in one statement. */
export async function insertAccountForEveryPayer(q: Queryable, p: { emailPrefix: string; emailDomain: string }): Promise<void> {
  await q.query(
    `INSERT INTO accounts (email, password_hash, role, payer_id, created_at)
     SELECT $1 || id || '@' || $2, NULL, 'member', id, now() FROM payers ORDER BY id`, [p.emailPrefix, p.emailDomain]);
}

/** A random sample of the ids of accounts whose email starts with a prefix. */
export async function randomAccountIds(q: Queryable, emailPrefix: string, count: number): Promise<bigint[]> {
  const rows = await q.query<{ id: bigint }>(`SELECT id FROM accounts WHERE email LIKE $1 || '%' ORDER BY random() LIMIT $2`, [emailPrefix, count]);
  return rows.map((r) => r.id);
}

/** Many sessions at once, with COPY. */
export async function copyInSessions(db: Db, sessions: readonly { tokenHash: string; accountId: bigint; at: Date; expiresAt: Date }[]): Promise<void> {
  await db.copyIn('sessions', ['token_hash', 'account_id', 'created_at', 'expires_at'],
    sessions.map((s) => `${s.tokenHash}\t${s.accountId}\t${s.at.toISOString()}\t${s.expiresAt.toISOString()}\n`).join(''));
}

/** The demo clock jumped forward: live sessions move with it, so a jump does not log everyone out. */
export async function extendLiveSessions(q: Queryable, byMs: number, liveAt: Date): Promise<void> {
  await q.query(`UPDATE sessions SET expires_at = expires_at + $1::bigint * interval '1 millisecond' WHERE expires_at > $2`, [byMs, liveAt]);
}
