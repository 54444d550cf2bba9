/**
 * Resetting a password without e-mail (huzhu sends none): an admin, or the operator at the
 * command line (`huzhu admin reset-password EMAIL`), sets a new one, given or generated. A
 * generated one is printed once and stored only as a hash; every session of the account ends.
 */
import { randomBytes } from 'node:crypto';
import type { Db } from '../db/database.ts';
import { HuzhuError } from '../domain/errors.ts';
import { assertPasswordAcceptable } from '../domain/password-policy.ts';
import { hashPassword } from './passwords.ts';
import { deleteSessionsOf, findAccountByEmail, setPasswordHash } from '../repositories/accounts-repo.ts';

/** 16 random bytes, URL-safe: far past any guessing, and easy to paste. */
export function generatedPassword(): string {
  return randomBytes(16).toString('base64url');
}

export async function resetPassword(db: Db, email: string, o: { password?: string; scryptLogN: number }): Promise<{ accountId: bigint; password: string; generated: boolean }> {
  const address = email.trim().toLowerCase();
  const password = o.password ?? generatedPassword();
  if (o.password !== undefined) assertPasswordAcceptable(password, [address]);
  const hash = await hashPassword(password, o.scryptLogN);
  const accountId = await db.transaction(async (tx) => {
    const a = await findAccountByEmail(tx, address);
    if (!a) throw new HuzhuError('NOT_FOUND', 'email: no account has this e-mail', { field: 'email' });
    await setPasswordHash(tx, a.id, hash);
    await deleteSessionsOf(tx, a.id);
    return a.id;
  });
  return { accountId, password, generated: o.password === undefined };
}
