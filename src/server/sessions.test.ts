/**
 * Sessions on the hot route: "my bills" reads a session that is not cached together with the
 * bills (one statement), and must refuse and allow exactly as the access hook does for a cached
 * one. And the session cache: log-out and role changes take effect at once in this process, even
 * for a look-up that was in flight while they ran.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findSession, insertAccount } from '../repositories/accounts-repo.ts';
import { hashToken } from './sessions.ts';
import { testServer, type TestServer } from './testing.ts';

let s: TestServer;
beforeAll(async () => { s = await testServer(); });
afterAll(async () => { await s?.close(); });

/** A new session for an account: not in the cache until a request uses it. */
const fresh = async (accountId: bigint, at = s.now.t) => (await s.ctx.sessions.create(accountId, at)).token;
const bills = async (token: string, query = '') => {
  const r = await s.app.inject({ url: `/me/bills${query}`, headers: { authorization: `Bearer ${token}` } });
  return { status: r.statusCode, code: (r.json() as { error?: { code: string } }).error?.code, body: r.body };
};

describe('my bills with a session not in the cache', () => {
  it('answers as with a cached session', async () => {
    const token = await fresh(s.ids.member);
    const first = await bills(token);
    expect(first.status, first.body).toBe(200);
    expect(JSON.parse(first.body)).toEqual({ items: [], page: { limit: 20, offset: 0, next: null } });
    const cached = await bills(token);
    expect(cached.body).toBe(first.body);
  });

  it('refuses an unknown, a malformed, an expired or an ended session (401), another role (403), a member without payer (403)', async () => {
    expect((await bills('x'.repeat(43))).code).toBe('UNAUTHENTICATED');
    expect((await bills('short')).code).toBe('UNAUTHENTICATED');
    const old = await fresh(s.ids.member, new Date(s.now.t.getTime() - 25 * 3_600_000)); // 24-hour sessions
    expect((await bills(old)).code).toBe('UNAUTHENTICATED');
    for (const role of ['operator', 'investigator', 'auditor', 'regulator', 'admin'] as const) expect((await bills(await fresh(s.ids[role]))).code).toBe('FORBIDDEN');
    const payerless = await insertAccount(s.db, { email: 'payerless@test.huzhu', passwordHash: null, role: 'member', payerId: null, at: s.now.t });
    expect((await bills(await fresh(payerless))).code).toBe('FORBIDDEN');
    const ended = await fresh(s.ids.member);
    await s.ctx.sessions.end(hashToken(ended));
    expect((await bills(ended)).code).toBe('UNAUTHENTICATED');
  });

  it('checks the session before the query string, as on every route', async () => {
    expect((await bills('x'.repeat(43), '?limit=1000')).code).toBe('UNAUTHENTICATED');
    expect((await bills(await fresh(s.ids.admin), '?limit=1000')).code).toBe('FORBIDDEN');
    const token = await fresh(s.ids.member);
    expect((await bills(token, '?limit=1000')).code).toBe('VALIDATION');
    expect((await bills(token, '?limit=1000')).code).toBe('VALIDATION'); // now cached
    expect((await bills(token, '?limit=1')).status).toBe(200);
  });

  it('a session expiring while cached is refused at once', async () => {
    const token = await fresh(s.ids.member);
    expect((await bills(token)).status).toBe(200);
    const saved = s.now.t;
    s.now.t = new Date(saved.getTime() + 24 * 3_600_000 + 1);
    try {
      expect((await bills(token)).code).toBe('UNAUTHENTICATED');
    } finally {
      s.now.t = saved;
    }
  });
});

describe('the session cache', () => {
  it('log-out and a role change take effect at once', async () => {
    const token = await fresh(s.ids.member);
    expect((await bills(token)).status).toBe(200);
    const out = await s.app.inject({ method: 'POST', url: '/auth/logout', headers: { authorization: `Bearer ${token}` } });
    expect(out.statusCode).toBe(200);
    expect((await bills(token)).code).toBe('UNAUTHENTICATED');

    const staff = await insertAccount(s.db, { email: 'staff@test.huzhu', passwordHash: null, role: 'operator', payerId: null, at: s.now.t });
    const staffToken = await fresh(staff);
    expect((await s.app.inject({ url: '/ops/calendar', headers: { authorization: `Bearer ${staffToken}` } })).statusCode).toBe(200);
    expect((await s.call('admin', 'POST', `/admin/accounts/${staff}/role`, { role: 'auditor' })).status).toBe(200);
    expect((await s.app.inject({ url: '/ops/calendar', headers: { authorization: `Bearer ${staffToken}` } })).json().error.code).toBe('UNAUTHENTICATED');
  });

  it('does not keep a look-up that was in flight while its session ended', async () => {
    const token = await fresh(s.ids.member);
    const seen = s.ctx.sessions.peek(token, s.now.t)!;
    expect(seen.cached).toBeUndefined();
    const row = await findSession(s.db, seen.hash); // read before the log-out...
    await s.ctx.sessions.end(seen.hash);
    expect(s.ctx.sessions.admit(seen, row, s.now.t)).not.toBeNull(); // ...answers the request it was read for,
    expect(s.ctx.sessions.peek(token, s.now.t)!.cached).toBeUndefined(); // but is not cached
    expect((await bills(token)).code).toBe('UNAUTHENTICATED');
  });
});
