/**
 * Issue 11, item 7: a cross-site write riding the session cookie is refused; the cookie is
 * Secure behind TLS; every answer carries the security headers, personal ones `no-store`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from './sessions.ts';
import { HEALTHY, makeNationalId, PASSWORD, testServer, type TestServer } from './testing.ts';

let s: TestServer;
let membershipId: number;
beforeAll(async () => {
  s = await testServer({ config: { trustProxy: true } });
  await s.call('admin', 'POST', '/ops/plans', { id: 'xhb', name: 'plan', preset: 'critical-illness' });
  const p = await s.call('member', 'POST', '/me/people', { relation: 'self', name: '李明', idNumber: makeNationalId('31', '1985-04-12', 7) });
  membershipId = (await s.call('member', 'POST', '/me/memberships', { plan: 'xhb', person: p.json.id, declaration: HEALTHY })).json.membershipId;
});
afterAll(async () => { await s?.close(); });

const cookie = () => `${SESSION_COOKIE}=${s.tokens.member}`;
const quit = (headers: Record<string, string>) => s.app.inject({
  method: 'POST', url: `/me/memberships/${membershipId}/quit`, headers: { cookie: cookie(), 'content-type': 'application/json', ...headers }, payload: '{}',
});

describe('cross-site writes with the cookie', () => {
  it('a POST from another site is refused with CROSS_SITE, and the membership stands', async () => {
    const forged: Record<string, string>[] = [{ origin: 'http://evil.example' }, { 'sec-fetch-site': 'cross-site' }, { 'sec-fetch-site': 'same-site', origin: 'http://a.localhost' }, { origin: 'null' }];
    for (const headers of forged) {
      const r = await quit({ ...headers, 'content-type': 'text/plain' });
      expect(r.statusCode, JSON.stringify(headers)).toBe(403);
      expect(r.json().error.code).toBe('CROSS_SITE');
    }
    const mine = await s.call('member', 'GET', '/me/memberships');
    expect(mine.json.items.find((m: { id: number }) => m.id === membershipId).status).toBe('active');
  });
  it('a forged log-in from another site is refused too', async () => {
    const r = await s.app.inject({ method: 'POST', url: '/auth/login', headers: { origin: 'http://evil.example' }, payload: { email: 'member@test.huzhu', password: PASSWORD } });
    expect(r.statusCode).toBe(403);
  });
  it('the platform\'s own pages, and bearer clients, may write', async () => {
    const same = await quit({ origin: 'http://localhost:80', host: 'localhost:80', 'sec-fetch-site': 'same-origin' });
    expect(same.statusCode).not.toBe(403);
    const bearer = await s.app.inject({ method: 'POST', url: '/me/memberships/999999/quit', headers: { authorization: `Bearer ${s.tokens.member}`, origin: 'http://evil.example' }, payload: {} });
    expect(bearer.statusCode).toBe(404);
  });
});

describe('the session cookie', () => {
  it('is Secure when the request came over TLS through the trusted proxy, and not otherwise', async () => {
    const login = (headers: Record<string, string>) => s.app.inject({ method: 'POST', url: '/auth/login', headers, payload: { email: 'member@test.huzhu', password: PASSWORD } });
    const tls = await login({ 'x-forwarded-proto': 'https' });
    expect(String(tls.headers['set-cookie'])).toMatch(/;\s*Secure/i);
    const plain = await login({});
    expect(String(plain.headers['set-cookie'])).not.toMatch(/;\s*Secure/i);
  });
});

describe('security headers', () => {
  it('every answer carries CSP, nosniff, frame and referrer policies; errors too', async () => {
    for (const url of ['/health', '/public/plans', '/no/such/route', '/public/plans/%zz/periods', '/me/bills']) {
      const r = await s.call(null, 'GET', url);
      expect(String(r.headers['content-security-policy']), url).toMatch(/default-src 'self'.*frame-ancestors 'none'/);
      expect(r.headers['content-security-policy']).not.toMatch(/unsafe-inline/);
      expect(r.headers['x-content-type-options']).toBe('nosniff');
      expect(r.headers['x-frame-options']).toBe('DENY');
      expect(r.headers['referrer-policy']).toBe('no-referrer');
    }
  });
  it('personal data is never cached; public data may be', async () => {
    for (const url of ['/me/memberships', '/ops/calendar', '/audit/trail', '/admin/accounts']) {
      const r = await s.call('admin', 'GET', url);
      expect(r.headers['cache-control'], url).toBe('no-store');
    }
    expect((await s.call('member', 'GET', '/me/memberships')).headers['cache-control']).toBe('no-store');
    expect((await s.call(null, 'GET', '/public/plans')).headers['cache-control']).not.toBe('no-store');
  });
});
