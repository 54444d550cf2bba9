/**
 * Accounts: a member registers (with a payer of its own), an account logs in (failed attempts
 * lock it for a while), an admin creates staff accounts, changes roles and unlocks. Password
 * hashing and sessions stay with the server (server/passwords.ts, server/sessions.ts); they are
 * handed in, as hashes and callbacks.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/database.ts';
import { HuzhuError } from '../domain/errors.ts';
import type { Principal, Role } from '../domain/principal.ts';
import { upsertPayer } from '../repositories/members-repo.ts';
import { clearFailedLogins, findAccountByEmail, insertAccount, recordFailedLogin, setRole, type Account } from '../repositories/accounts-repo.ts';
import { requireAccess } from './access.ts';

/** A new account: a member (with a payer of its own) or staff (none). */
export async function createAccount(db: Db, a: { email: string; passwordHash: string; role: Role; at: Date }): Promise<bigint> {
  return db.transaction(async (tx) => {
    if (await findAccountByEmail(tx, a.email)) throw new HuzhuError('CONFLICT', 'email: already registered', { field: 'email' });
    const payerId = a.role === 'member' ? await upsertPayer(tx, `account:${randomUUID()}`) : null;
    return insertAccount(tx, { email: a.email, passwordHash: a.passwordHash, role: a.role, payerId, at: a.at });
  });
}

export interface PasswordCheck {
  verify: (password: string, hash: string) => Promise<boolean>;
  /** Spends the time a check would, so an unknown e-mail answers as slowly as a wrong password. */
  burn: (password: string) => Promise<void>;
}

/** The account of a correct e-mail and password, unless locked; a wrong password counts towards the lock. */
export async function logIn(
  db: Db, login: { email: string; password: string; now: Date }, passwords: PasswordCheck, lockout: { failures: number; minutes: number },
): Promise<Account> {
  const { now } = login;
  const account = await findAccountByEmail(db, login.email);
  if (!account || !account.passwordHash) {
    await passwords.burn(login.password);
    throw new HuzhuError('UNAUTHENTICATED', 'e-mail or password is wrong');
  }
  if (account.lockedUntil && account.lockedUntil > now) throw new HuzhuError('ACCOUNT_LOCKED', `locked after repeated failed log-ins until ${account.lockedUntil.toISOString()}`);
  if (!(await passwords.verify(login.password, account.passwordHash))) {
    const lock = await recordFailedLogin(db, account.id, lockout.failures, new Date(now.getTime() + lockout.minutes * 60_000));
    if (lock && lock > now) throw new HuzhuError('ACCOUNT_LOCKED', `locked after repeated failed log-ins until ${lock.toISOString()}`);
    throw new HuzhuError('UNAUTHENTICATED', 'e-mail or password is wrong');
  }
  await clearFailedLogins(db, account.id);
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

/** Unlocks an account locked after failed log-ins. */
export async function unlockAccount(db: Db, principal: Principal, id: bigint): Promise<{ before: Account; after: Account }> {
  const before = await requireAccess(db, principal, 'account.manage', id);
  await clearFailedLogins(db, before.id);
  return { before, after: await requireAccess(db, principal, 'account.manage', id) };
}
