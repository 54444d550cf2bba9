/**
 * Issue 11 (found by bench/fuzz.ts's half-written check): a join the plan's rules refuse writes
 * nothing at all, not the person, the payer or the event (member-memberships.ts rolls it back).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEALTHY, makeNationalId, testServer, type TestServer } from './testing.ts';

let s: TestServer;
beforeAll(async () => {
  s = await testServer();
  await s.call('admin', 'POST', '/ops/plans', { id: 'xhb', name: 'plan', preset: 'critical-illness' });
});
afterAll(async () => { await s?.close(); });

/** The row count of every table. */
async function counts(): Promise<Record<string, number>> {
  const tables = (await s.db.query<{ t: string }>(
    `SELECT table_name AS t FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1`)).map((x) => x.t);
  const row = (await s.db.query<Record<string, bigint>>(`SELECT ${tables.map((t, i) => `(SELECT count(*) FROM "${t}") AS c${i}`).join(', ')}`))[0]!;
  return Object.fromEntries(tables.map((t, i) => [t, Number(row[`c${i}`])]));
}

describe('a refused join', () => {
  it.each([
    ['too old', '1950-06-01', HEALTHY, 'NOT_ELIGIBLE_AGE'],
    ['a failed health declaration', '1985-04-12', { ...HEALTHY, 'chronic-organ-disease': true }, 'NOT_ELIGIBLE_HEALTH'],
  ])('(%s) leaves the row count of every table unchanged', async (_what, birthDate, declaration, code) => {
    const p = await s.call('member', 'POST', '/me/people', { relation: 'child', name: '李明', idNumber: makeNationalId('31', birthDate, Math.floor(Math.random() * 900)) });
    expect(p.status, p.body).toBe(201);
    const before = await counts();
    for (const key of [undefined, 'join-refused-1']) {
      const res = await s.call('member', 'POST', '/me/memberships', { plan: 'xhb', person: p.json.id, declaration }, key ? { 'idempotency-key': key + code } : {});
      expect(res.json.error?.code, res.body).toBe(code);
    }
    const after = await counts();
    // The idempotency store keeps the keyed refusal's answer; that is the transport's, not the engine's.
    expect({ ...after, http_idempotency: 0 }).toEqual({ ...before, http_idempotency: 0 });
  });

  it('a join that is accepted still writes the person, the payer and the membership', async () => {
    const p = await s.call('member', 'POST', '/me/people', { relation: 'spouse', name: '王芳', idNumber: makeNationalId('11', '1986-05-01', 5) });
    const before = await counts();
    expect((await s.call('member', 'POST', '/me/memberships', { plan: 'xhb', person: p.json.id, declaration: HEALTHY })).status).toBe(201);
    const after = await counts();
    expect(after.persons).toBe(before.persons! + 1);
    expect(after.memberships).toBe(before.memberships! + 1);
  });
});
