/** The server starts, serves its docs and metrics, and the demo seed makes a living, balanced platform. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkBooks } from '../services/books-check.ts';
import { DEMO_PLAN, seedDemo } from './seed.ts';
import { testServer, type TestServer } from './testing.ts';

let s: TestServer;
beforeAll(async () => { s = await testServer({ start: '2024-06-20T12:00:00+08:00' }); });
afterAll(async () => { await s?.close(); });

describe('smoke', () => {
  it('serves health, the OpenAPI document, the docs page and metrics', async () => {
    expect((await s.call(null, 'GET', '/health')).json.ok).toBe(true);
    const o = await s.call(null, 'GET', '/openapi.json');
    expect(o.status).toBe(200);
    expect(o.json.openapi).toBe('3.1.0');
    expect(Object.keys(o.json.paths)).toContain('/me/bills');
    const d = await s.call(null, 'GET', '/docs');
    expect(d.status).toBe(200);
    expect(d.body).toContain('swagger');
    const m = await s.call(null, 'GET', '/metrics');
    expect(m.body).toContain('huzhu_http_requests_total');
  });

  it('seeds the demo platform once: accounts for every role, members, claims and periods, balanced books', async () => {
    await s.db.exec('DELETE FROM sessions; DELETE FROM accounts');
    const accounts = await seedDemo(s.ctx, { members: 60, months: 2 });
    expect(accounts?.map((a) => a.role).sort()).toEqual(['admin', 'auditor', 'investigator', 'member', 'operator', 'operator', 'regulator']);
    expect(await seedDemo(s.ctx)).toBeNull();
    const periods = await s.call(null, 'GET', `/public/plans/${DEMO_PLAN}/periods`);
    expect(periods.json.items?.length, periods.body).toBeGreaterThanOrEqual(3);
    expect((await checkBooks(s.db)).ok).toBe(true);
    const member = accounts!.find((a) => a.role === 'member')!;
    const login = await s.call(null, 'POST', '/auth/login', { email: member.email, password: member.password });
    expect(login.status).toBe(200);
    const bills = await s.app.inject({ url: '/me/bills', headers: { authorization: `Bearer ${login.json.token}` } });
    expect(bills.json().items.some((b: { totalFen: number }) => b.totalFen > 0)).toBe(true);
    const op = accounts!.find((a) => a.role === 'operator')!;
    const opToken = (await s.call(null, 'POST', '/auth/login', { email: op.email, password: op.password })).json.token;
    const queue = await s.app.inject({ url: '/ops/claims?status=pending', headers: { authorization: `Bearer ${opToken}` } });
    expect(queue.json().items.length).toBeGreaterThanOrEqual(2);
  });
});
