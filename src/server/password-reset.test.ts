/** The e-mail-less password reset behind `huzhu admin reset-password` and POST /admin/accounts/:id/password. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db/database.ts';
import { testDb } from '../test-support/test-db.ts';
import { resetPassword } from './password-reset.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { findAccountByEmail, findSession, insertAccount, insertSession } from '../repositories/accounts-repo.ts';

let db: Db;
beforeAll(async () => {
  db = await testDb();
  const id = await insertAccount(db, { email: 'member@demo.huzhu', passwordHash: await hashPassword('lost long phrase here', 10), role: 'member', payerId: null, at: new Date() });
  await insertSession(db, { tokenHash: 'h1', accountId: id, at: new Date(), expiresAt: new Date(Date.now() + 3_600_000) });
});
afterAll(async () => { await db?.close(); });

describe('password reset', () => {
  it('sets a generated password, shown once, stored only as a hash, and ends every session', async () => {
    const r = await resetPassword(db, ' Member@Demo.huzhu ', { scryptLogN: 10 });
    expect(r.generated).toBe(true);
    expect(r.password.length).toBeGreaterThanOrEqual(20);
    const a = (await findAccountByEmail(db, 'member@demo.huzhu'))!;
    expect(a.passwordHash).not.toContain(r.password);
    expect(await verifyPassword(r.password, a.passwordHash!)).toBe(true);
    expect(await verifyPassword('lost long phrase here', a.passwordHash!)).toBe(false);
    expect(await findSession(db, 'h1')).toBeUndefined();
  });

  it('takes a given password only if the policy accepts it; refuses an unknown e-mail', async () => {
    await expect(resetPassword(db, 'member@demo.huzhu', { password: 'aaaaaaaaaa', scryptLogN: 10 })).rejects.toMatchObject({ code: 'VALIDATION', field: 'password' });
    expect(await resetPassword(db, 'member@demo.huzhu', { password: 'paper lantern river stone', scryptLogN: 10 })).toMatchObject({ generated: false });
    await expect(resetPassword(db, 'nobody@demo.huzhu', { scryptLogN: 10 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
