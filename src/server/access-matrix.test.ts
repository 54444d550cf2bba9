/**
 * The authorization matrix: every route of the server, called by every role and with no session,
 * allowed or denied exactly as this table says. A route missing from the table (or a table row
 * without a route) fails the test, so every new route needs a rule here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from './context.ts';
import { concrete, testServer, type TestServer } from './testing.ts';

type Rule = 'public' | Role[];
const ANY_ROLE: Role[] = [...ROLES];
const STAFF_CLAIMS: Role[] = ['operator', 'investigator', 'admin'];
const AUDIT: Role[] = ['auditor', 'admin'];
const REGULATOR: Role[] = ['regulator', 'auditor', 'admin'];

export const EXPECTED: Record<string, Rule> = {
  'GET /health': 'public',
  'GET /metrics': 'public',
  'GET /openapi.json': 'public',
  'GET /docs': 'public',
  'GET /docs/': 'public',
  'GET /docs/*': 'public',
  'GET /docs/static/*': 'public',
  'GET /docs/json': 'public',
  'GET /docs/yaml': 'public',
  'GET /docs/static/index.html': 'public',
  'GET /docs/static/swagger-initializer.js': 'public',
  'POST /auth/register': 'public',
  'POST /auth/login': 'public',
  'POST /auth/logout': ANY_ROLE,
  'GET /auth/session': ANY_ROLE,
  'GET /public/plans': 'public',
  'GET /public/plans/:plan': 'public',
  'GET /public/plans/:plan/periods': 'public',
  'GET /public/plans/:plan/wallets': 'public',
  'GET /public/plans/:plan/wind-down': 'public',
  'GET /public/plans/:plan/periods/:announcedOn': 'public',
  'GET /public/plans/:plan/periods/:announcedOn/cases': 'public',
  'GET /public/plans/:plan/totals': 'public',
  'GET /public/plans/:plan/proposals': 'public',
  'POST /ops/plans/:plan/proposals': ['operator', 'admin'],
  'POST /ops/proposals/:proposal/confirm': ['operator', 'admin'],
  'POST /ops/plans/:plan/wind-down': ['operator'],
  'POST /ops/wind-downs/:id/confirm': ['operator'],
  'GET /ops/plans/:plan/wind-down/dry-run': ['operator', 'admin', 'auditor'],
  'GET /ops/plans/:plan/wind-down': ['operator', 'admin', 'auditor'],
  'GET /me/proposals': ['member'],
  'GET /me/proposals/:proposal/effect': ['member'],
  'POST /me/proposals/:proposal/votes': ['member'],
  'GET /me/people': ['member'],
  'POST /me/people': ['member'],
  'GET /me/memberships': ['member'],
  'POST /me/memberships': ['member'],
  'POST /me/memberships/:id/quit': ['member'],
  'POST /me/memberships/:id/transfer': ['member'],
  'GET /me/wallets': ['member'],
  'POST /me/wallets/:plan/recharge': ['member'],
  'GET /me/bills': ['member'],
  'GET /me/claims': ['member'],
  'POST /me/claims': ['member'],
  'GET /me/claims/:ref': ['member'],
  'POST /me/claims/:ref/documents': ['member'],
  'GET /ops/claims': STAFF_CLAIMS,
  'GET /ops/claims/:ref': STAFF_CLAIMS,
  'GET /ops/claims/:ref/documents/:sha256': STAFF_CLAIMS,
  'POST /ops/claims/:ref/assign': ['operator', 'admin'],
  'POST /ops/claims/:ref/findings': ['operator', 'investigator'],
  'POST /ops/claims/:ref/approve': ['operator'],
  'POST /ops/claims/:ref/reject': ['operator'],
  'GET /ops/claims/:ref/investigation': STAFF_CLAIMS,
  'POST /ops/claims/:ref/redacted-documents': ['investigator', 'operator'],
  'POST /ops/claims/:ref/report': ['investigator', 'operator'],
  'GET /public/plans/:plan/sampling': 'public',
  'POST /ops/plans/:plan/sampling-seed/rotate': ['operator', 'admin'],
  'GET /public/plans/:plan/notices': 'public',
  'POST /me/challenge-evidence': ['member'],
  'POST /me/challenges': ['member'],
  'GET /me/challenges': ['member'],
  'GET /ops/challenges': ['operator', 'admin'],
  'POST /ops/challenges/:ref/decision': ['operator'],
  'GET /ops/calendar': ['operator', 'admin', 'auditor'],
  'GET /ops/outlook': ['operator', 'auditor', 'admin'],
  'GET /log/*': 'public',
  'POST /log/cosignature': 'public',
  'GET /log/witnesses': 'public',
  'GET /me/bills/:plan/:announcedOn/proof': ['member'],
  'POST /ops/calendar/run': ['operator', 'admin'],
  'GET /ops/demo/clock': ['operator', 'admin', 'auditor'],
  'POST /ops/demo/clock': ['operator', 'admin'],
  'GET /ops/payments/batch/instructions': ['operator', 'admin'],
  'POST /ops/payments/batch/results': ['operator', 'admin'],
  'POST /ops/plans': ['admin'],
  'GET /audit/ledger': AUDIT,
  'GET /audit/periods': AUDIT,
  'GET /audit/books': AUDIT,
  'GET /audit/trail': AUDIT,
  // the regulator's view (regulator-routes.ts)
  'GET /regulator/plans': REGULATOR,
  'GET /regulator/flows/periods': REGULATOR,
  'GET /regulator/flows/months': REGULATOR,
  'GET /regulator/proof/days': REGULATOR,
  'GET /regulator/wallets/days': REGULATOR,
  'GET /regulator/csv/:name': REGULATOR,
  'GET /regulator/report': REGULATOR,
  'GET /admin/accounts': ['admin'],
  'POST /admin/accounts': ['admin'],
  'POST /admin/accounts/:id/role': ['admin'],
  'POST /admin/accounts/:id/unlock': ['admin'],
  'POST /admin/accounts/:id/password': ['admin'],
  // the member jury (jury-routes.ts)
  'GET /jury/quiz': ['member'],
  'POST /jury/qualify': ['member'],
  'GET /jury/me': ['member'],
  'GET /jury/cases': ['member'],
  'GET /jury/cases/:id': ['member'],
  'POST /jury/cases/:id/vote': ['member'],
  'POST /jury/cases/:id/commit': ['member'],
  'POST /jury/cases/:id/reveal': ['member'],
  'POST /jury/cases/:id/appeal': ['member'],
  'POST /me/claims/:ref/appeal': ['member'],
  'POST /me/challenges/:ref/appeal': ['member'],
  'GET /public/jury/cases/:id': 'public',
  'GET /public/jury/cases/:id/rounds/:round/draw': 'public',
  'GET /public/jury/cases/:id/rounds/:round/jurors': 'public',
  'GET /public/jurors/:pseudonym': 'public',
  'POST /ops/jury/close-due': ['operator', 'admin'],
  'POST /ops/fraud-findings': ['operator'],
};

let s: TestServer;
beforeAll(async () => { s = await testServer(); });
afterAll(async () => { await s?.close(); });

describe('authorization matrix', () => {
  it('every route has a rule in the table, and every rule a route', () => {
    const routes = s.routes.filter((r) => r.method !== 'HEAD');
    const actual = Object.fromEntries(routes.map((r) => [`${r.method} ${r.url}`, r.access]));
    for (const key of Object.keys(actual)) expect(EXPECTED, `route ${key} has no rule in the test table`).toHaveProperty([key]);
    for (const key of Object.keys(EXPECTED).filter((k) => !k.startsWith('GET /docs'))) expect(actual, `rule ${key} has no route`).toHaveProperty([key]);
    for (const [key, access] of Object.entries(actual)) {
      const want = EXPECTED[key]!;
      expect(access === 'public' ? 'public' : [...access].sort(), key).toEqual(want === 'public' ? 'public' : [...want].sort());
    }
  });

  it('every route allows and denies each role (and no session) as the table says', async () => {
    // Log-out ends the session it is called with: it gets a fresh session per call.
    const routes = s.routes.filter((r) => r.method !== 'HEAD');
    const failures: string[] = [];
    for (const route of routes) {
      const key = `${route.method} ${route.url}`;
      const rule = EXPECTED[key]!;
      for (const role of [null, ...ROLES] as (Role | null)[]) {
        const allowed = rule === 'public' || (role !== null && rule.includes(role));
        const headers: Record<string, string> = {};
        if (role && route.url === '/auth/logout') headers.authorization = `Bearer ${(await s.ctx.sessions.create(s.ids[role], s.now.t)).token}`;
        const res = await s.call(route.url === '/auth/logout' ? null : role, route.method, concrete(route.url), route.method === 'POST' ? {} : undefined, headers);
        const denied = res.status === 401 || res.status === 403;
        if (res.status >= 500) failures.push(`${key} as ${role ?? 'anonymous'}: ${res.status} ${res.body.slice(0, 200)}`);
        else if (allowed && denied) failures.push(`${key} as ${role ?? 'anonymous'}: denied (${res.status} ${res.json?.error?.code}) but the table allows it`);
        else if (!allowed && !denied) failures.push(`${key} as ${role ?? 'anonymous'}: allowed (${res.status}) but the table denies it`);
        else if (!allowed) expect(res.json.error.code).toBe(role === null ? 'UNAUTHENTICATED' : 'FORBIDDEN');
      }
    }
    expect(failures).toEqual([]);
  });
});
