/**
 * Issue 11, item 8: a race the services' checks cannot see ends in a unique violation in the
 * database; that is a 409 with a code the caller can act on, never a 500. On PGlite one
 * connection serialises the transactions, so the race itself is staged by writing the second row
 * behind the service's back; on PostgreSQL (CI's second run) the parallel requests race for real.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toHuzhuError } from './http-errors.ts';
import { HEALTHY, makeNationalId, testServer, type TestServer } from './testing.ts';

let s: TestServer;
let personId: number;
beforeAll(async () => {
  s = await testServer();
  await s.call('admin', 'POST', '/ops/plans', { id: 'xhb', name: 'plan', preset: 'critical-illness' });
  const p = await s.call('member', 'POST', '/me/people', { relation: 'self', name: '李明', idNumber: makeNationalId('31', '1985-04-12', 7) });
  personId = p.json.id;
});
afterAll(async () => { await s?.close(); });

describe('parallel requests', () => {
  it('ten parallel joins of one person: one 201, the rest 409 ALREADY_MEMBER, no 5xx', async () => {
    const answers = await Promise.all(Array.from({ length: 10 }, () =>
      s.call('member', 'POST', '/me/memberships', { plan: 'xhb', person: personId, declaration: HEALTHY })));
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    for (const a of answers.filter((x) => x.status !== 201)) {
      expect(a.status).toBe(409);
      expect(a.json.error.code).toBe('ALREADY_MEMBER');
    }
  });
});

describe('unique violations from the database', () => {
  it('a second active membership written by a racing transaction is ALREADY_MEMBER, 409', async () => {
    const err = await s.db.query(
      `INSERT INTO memberships (plan_id, person_id, payer_id, birth_date, joined_at, joined_on, waiting_ends_on)
       SELECT plan_id, person_id, payer_id, birth_date, joined_at, joined_on, waiting_ends_on FROM memberships WHERE status = 'active' LIMIT 1`,
    ).then(() => undefined, (e: unknown) => e);
    expect(err).toBeDefined();
    const e = toHuzhuError(err);
    expect(e.code).toBe('ALREADY_MEMBER');
    expect(e.message).not.toMatch(/\(plan_id, person_id\)|xhb/); // the key's values stay out of the answer
  });
  it('a calendar step recorded twice (events idempotency key) is CONFLICT, 409', async () => {
    const row = () => s.db.query(`INSERT INTO events (at, actor, kind, subject, idempotency_key) VALUES (now(), 'test', 'test.race', 'x', 'race-key-1')`);
    await row();
    const err = await row().then(() => undefined, (e: unknown) => e);
    expect(err).toBeDefined();
    expect(toHuzhuError(err).code).toBe('CONFLICT');
  });
});
