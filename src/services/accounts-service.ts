/**
 * Accounts: a member registers (with a payer of its own), an account logs in (failed attempts
 * make it wait longer each time), an admin creates staff accounts, changes roles and unlocks. Password
 * hashing and sessions stay with the server (server/passwords.ts, server/sessions.ts); they are
 * handed in, as hashes and callbacks.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/database.ts';
import { HuzhuError } from '../domain/errors.ts';
import type { Principal, Role } from '../domain/principal.ts';
import { upsertPayer } from '../repositories/members-repo.ts';
import { clearFailedLogins, findAccountByEmail, insertAccount, setRole, type Account } from '../repositories/accounts-repo.ts';
import { requireAccess } from './access.ts';

/** A new staff account (by an admin): CONFLICT when the e-mail is taken (the admin may know that). */
export async function createAccount(db: Db, a: { email: string; passwordHash: string; role: Role; at: Date }): Promise<bigint> {
  return db.transaction(async (tx) => {
    if (await findAccountByEmail(tx, a.email)) throw new HuzhuError('CONFLICT', 'email: already registered', { field: 'email' });
    const payerId = a.role === 'member' ? await upsertPayer(tx, `account:${randomUUID()}`) : null;
    return insertAccount(tx, { email: a.email, passwordHash: a.passwordHash, role: a.role, payerId, at: a.at });
  });
}

/**
 * A member registers (with a payer of its own). For an e-mail already registered nothing is
 * created or changed and nothing tells the caller so: registration must not reveal which
 * e-mails have accounts (its owner logs in as before, or resets the password).
 */
export async function registerMember(db: Db, a: { email: string; passwordHash: string; at: Date }): Promise<void> {
  await db.transaction(async (tx) => {
    if (await findAccountByEmail(tx, a.email)) return;
    const payerId = await upsertPayer(tx, `account:${randomUUID()}`);
    await insertAccount(tx, { email: a.email, passwordHash: a.passwordHash, role: 'member', payerId, at: a.at });
  });
}

export interface PasswordCheck {
  verify: (password: string, hash: string) => Promise<boolean>;
  /** Spends the time a check would, so an unknown e-mail answers as slowly as a wrong password. */
  burn: (password: string) => Promise<void>;
}

/** The log-in back-off (server/login-throttle.ts): per e-mail and per address, in milliseconds. */
export interface LoginBackOff {
  wait(email: string, address: string, now: number): number;
  failed(email: string, address: string, now: number): void;
  clear(email: string): void;
}

/**
 * The account of a correct e-mail and password. The password check always runs, so an unknown,
 * a throttled and a known account take the same time; a throttled attempt is refused even with
 * the right password (or guessing would go on); a failure lengthens the wait, never locks out.
 */
export async function logIn(
  db: Db, login: { email: string; password: string; address: string; now: Date }, passwords: PasswordCheck, backOff: LoginBackOff,
): Promise<Account> {
  const now = login.now.getTime();
  const wait = backOff.wait(login.email, login.address, now);
  const account = await findAccountByEmail(db, login.email);
  const right = account?.passwordHash ? await passwords.verify(login.password, account.passwordHash) : (await passwords.burn(login.password), false);
  if (wait > 0) {
    const seconds = Math.ceil(wait / 1000);
    throw new HuzhuError('RATE_LIMITED', `too many failed log-ins: wait ${seconds} s and try again`, { details: { retryAfterSeconds: seconds } });
  }
  if (!account || !right) {
    backOff.failed(login.email, login.address, now);
    throw new HuzhuError('UNAUTHENTICATED', 'e-mail or password is wrong');
  }
  backOff.clear(login.email);
  return account;
}

/** Changes an account's role (not one's own; members and staff stay separate); `endSessions` then ends its sessions. */
export async function changeRole(
  db: Db, principal: Principal, id: bigint, role: Role, endSessions: (accountId: bigint) => Promise<void>,
): Promise<{ before: Account; after: Account }> {
  const before = await requireAccess(db, principal, 'account.manage', id);
  if (before.id === principal.accountId) throw new HuzhuError('CONFLICT', 'id: an admin cannot change their own role', { field: 'id' });
  if ((role === 'member') !== (before.payerId !== null)) throw new HuzhuError('CONFLICT', 'role: members and staff are separate accounts', { field: 'role' });
  await setRole(db, before.id, role);
  await endSessions(before.id);
  return { before, after: await requireAccess(db, principal, 'account.manage', id) };
}

/** Ends an account's log-in back-off (its stored failures and the server's wait for its e-mail). */
export async function unlockAccount(db: Db, principal: Principal, id: bigint, backOff: Pick<LoginBackOff, 'clear'>): Promise<{ before: Account; after: Account }> {
  const before = await requireAccess(db, principal, 'account.manage', id);
  await clearFailedLogins(db, before.id);
  backOff.clear(before.email);
  return { before, after: await requireAccess(db, principal, 'account.manage', id) };
}

/** The account an admin acts on (NOT_FOUND when there is none). */
export async function manageableAccount(db: Db, principal: Principal, id: bigint): Promise<Account> {
  return requireAccess(db, principal, 'account.manage', id);
}
