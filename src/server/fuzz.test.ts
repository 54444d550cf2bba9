/**
 * Bad input never yields a 5xx: random and malformed bodies, query strings and headers go to
 * every route (as a role the route allows); every answer is below 500, every failure carries a
 * documented code, and the database holds exactly the rows it held before.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../domain/errors.ts';
import { fuzzServer } from '../test-support/fuzz-requests.ts';
import { concrete, testServer, type TestServer } from './testing.ts';

let s: TestServer;
beforeAll(async () => {
  s = await testServer();
  await s.call('admin', 'POST', '/ops/plans', { id: 'xhb', name: 'plan', preset: 'critical-illness' });
});
afterAll(async () => { await s?.close(); });

async function snapshot(): Promise<Record<string, number>> {
  const tables = (await s.db.query<{ t: string }>(
    `SELECT table_name AS t FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name NOT IN ('http_idempotency', 'schema_migrations') ORDER BY 1`));
  const out: Record<string, number> = {};
  for (const { t } of tables) out[t] = Number((await s.db.query<{ n: bigint }>(`SELECT count(*) AS n FROM "${t}"`))[0]!.n);
  return out;
}

const junkQuery = fc.oneof(
  fc.constant(''),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 20 }), { maxKeys: 4 }).map((d) => '?' + Object.entries(d).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')),
  fc.constantFrom('?limit=-1', '?limit=1e99', '?offset=abc', '?plan=%E0%A4%A', '?limit=5&limit=6', '?plan[]=x', '?status=nope', '?name=../../etc/passwd', '?periodId=0'),
);
const junkBody = fc.oneof(
  fc.anything({ maxDepth: 2 }).map((v) => JSON.stringify(v) ?? 'null'),
  fc.string({ maxLength: 50 }),
  fc.constantFrom('{', '{"a":', '[]', 'null', '""', '{"__proto__":{"x":1}}', '{"constructor":{"prototype":{}}}', '9'.repeat(400), '{"email":"a@b.c","password":1}',
    '{"plan":"xhb","person":1e308,"declaration":{}}', '{"relation":"self","name":"\\u0000","idNumber":"11010119900101001X"}', '{"id":"x","name":"y","preset":"critical-illness","overrides":{"waitingPeriodDays":-1}}'),
);
const CONTENT_TYPES = ['application/json', 'application/json; charset=utf-16', 'text/plain', 'text/csv', 'application/pdf', 'image/png', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded', 'garbage/;;;'];
const junkHeaders = fc.record({
  'idempotency-key': fc.oneof(fc.constant(undefined), fc.string({ maxLength: 300 }), fc.constant('k'.repeat(201))),
});
let run = 0;
/** Routes that rightly write without any input: log out, run the calendar or the jury's clock, rotate the sampling seed. */
const NO_INPUT_WRITES = new Set(['/auth/logout', '/ops/calendar/run', '/ops/plans/:plan/sampling-seed/rotate', '/ops/jury/close-due']);

describe('fuzz', () => {
  it('random and malformed input to every route: 4xx with a code, nothing written', async () => {
    const routes = s.routes.filter((r) => r.method !== 'HEAD' && !r.url.startsWith('/docs') && !NO_INPUT_WRITES.has(r.url));
    const before = await snapshot();
    const problems: string[] = [];
    const statuses: Record<number, number> = {};
    for (const route of routes) {
      const role = route.access === 'public' ? null : route.access[0]!;
      await fc.assert(fc.asyncProperty(junkQuery, junkBody, junkHeaders, fc.boolean(), async (query, body, headers, badAuthIn) => {
        let badAuth = badAuthIn; {
        // Content types in turn (fast-check would favour the first of a list); one call in 8 with a bad token.
        const h: Record<string, string> = { 'content-type': CONTENT_TYPES[run++ % CONTENT_TYPES.length]! };
        if (typeof headers['idempotency-key'] === 'string') h['idempotency-key'] = headers['idempotency-key'].replace(/[^\x20-\x7e]/g, '');
        badAuth = badAuth && run % 8 === 0;
        if (badAuth) h.authorization = 'Bearer ' + 'x'.repeat(30);
        const res = await s.app.inject({
          method: route.method as 'GET', url: concrete(route.url).replace(/no-such-plan/, 'xhb') + query,
          headers: { ...(role && !badAuth ? { authorization: `Bearer ${s.tokens[role]}` } : {}), ...h },
          ...(route.method === 'POST' ? { payload: body } : {}),
        });
        statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
        if (res.statusCode >= 500) problems.push(`${route.method} ${route.url}${query} ${JSON.stringify(body).slice(0, 80)}: ${res.statusCode} ${res.body.slice(0, 200)}`);
        else if (res.statusCode >= 400) {
          const code = (() => { try { return res.json().error?.code; } catch { return undefined; } })();
          if (!(code in ERROR_CODES)) problems.push(`${route.method} ${route.url}: ${res.statusCode} without a code: ${res.body.slice(0, 200)}`);
        }
      }}), { numRuns: 25, seed: 42 });
    }
    expect(problems.slice(0, 20)).toEqual([]);
    expect(Object.keys(statuses).length, JSON.stringify(statuses)).toBeGreaterThan(4);
    console.log('fuzz statuses', statuses);
    expect(await snapshot()).toEqual(before);
  });
});

describe('generated requests (bench/fuzz.ts at a CI count: 1,000)', () => {
  it('every operation of /openapi.json, every kind of caller, valid, boundary and hostile values: no 5xx, every 4xx coded, no refused write leaves a row, books balance', async () => {
    const g = await testServer();
    try {
      const rep = await fuzzServer(g, { requests: 1000, seed: 11 });
      expect(rep.serverErrors.slice(0, 10)).toEqual([]);
      expect(rep.uncoded.slice(0, 10)).toEqual([]);
      expect(rep.halfWritten.slice(0, 10)).toEqual([]);
      expect(rep.booksOk).toBe(true);
      expect(rep.checked).toBeGreaterThan(50);
      expect(Object.keys(rep.statuses).length).toBeGreaterThan(5);
    } finally {
      await g.close();
    }
  }, 600_000);
});
