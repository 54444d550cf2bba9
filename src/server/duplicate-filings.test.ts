/**
 * Issue 11, item 8: the same claim filed many times at once without an Idempotency-Key is one
 * claim. On PGlite the one connection serialises the filings; on PostgreSQL (CI's second run) the
 * 20 requests race for real and the lock in the filing's transaction (claims-repo.ts
 * lockFilingsOf) is what keeps them to one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejectClaim } from '../services/claims-service.ts';
import { HEALTHY, makeNationalId, testServer, type TestServer } from './testing.ts';

let s: TestServer;
let personId: number;
const accident = { plan: 'xhb', diagnosedOn: '2024-03-01', severity: 'severe', cause: 'accident', diseaseCode: 'brain-surgery' };
const claimCount = async () => Number((await s.db.query<{ n: bigint }>('SELECT count(*) AS n FROM claims'))[0]!.n);

beforeAll(async () => {
  s = await testServer({ start: '2024-03-02T10:00:00+08:00' });
  await s.call('admin', 'POST', '/ops/plans', { id: 'xhb', name: 'plan', preset: 'critical-illness' });
  const p = await s.call('member', 'POST', '/me/people', { relation: 'self', name: '李明', idNumber: makeNationalId('31', '1985-04-12', 7) });
  personId = p.json.id;
  s.now.t = new Date('2024-02-20T10:00:00+08:00');
  expect((await s.call('member', 'POST', '/me/memberships', { plan: 'xhb', person: personId, declaration: HEALTHY })).status).toBe(201);
  s.now.t = new Date('2024-03-02T10:00:00+08:00');
});
afterAll(async () => { await s?.close(); });

describe('the same filing sent many times', () => {
  it('20 parallel identical filings without a key: one claim, every answer 201 with its ref', async () => {
    const answers = await Promise.all(Array.from({ length: 20 }, () => s.call('member', 'POST', '/me/claims', { ...accident, person: personId })));
    for (const a of answers) expect(a.status, a.body).toBe(201);
    expect(new Set(answers.map((a) => a.json.ref)).size).toBe(1);
    expect(await claimCount()).toBe(1);
    const events = await s.db.query<{ n: bigint }>(`SELECT count(*) AS n FROM events WHERE kind = 'claim.filed'`);
    expect(Number(events[0]!.n)).toBe(1); // the repeats wrote nothing, not even an event
  });

  it('another illness (or another diagnosis date) is another claim', async () => {
    const other = await s.call('member', 'POST', '/me/claims', { ...accident, person: personId, diagnosedOn: '2024-02-29' });
    expect(other.status, other.body).toBe(201);
    expect(await claimCount()).toBe(2);
  });

  it('a filing the automatic checks refuse is refused again with the same claim, not a new one', async () => {
    const ill = { ...accident, person: personId, cause: 'illness', diseaseCode: 'lung-cancer' }; // inside the waiting period
    const answers = await Promise.all(Array.from({ length: 5 }, () => s.call('member', 'POST', '/me/claims', ill)));
    for (const a of answers) expect(a.json.error.code, a.body).toBe('WAITING_PERIOD');
    expect(new Set(answers.map((a) => a.json.error.message)).size).toBe(1);
    expect(await claimCount()).toBe(3);
  });

  it('once an operator has finally rejected the claim, the member may file it anew', async () => {
    const first = (await s.db.query<{ ref: string }>(`SELECT ref FROM claims WHERE diagnosed_on = '2024-03-01' AND cause = 'accident'`))[0]!.ref;
    await rejectClaim(s.db, { claim: first, reason: 'The records do not show the surgery.' }, { key: 'reject-dup-test', actor: 'operator:1', at: s.now.t });
    const again = await s.call('member', 'POST', '/me/claims', { ...accident, person: personId });
    expect(again.status, again.body).toBe(201);
    expect(again.json.ref).not.toBe(first);
    expect(await claimCount()).toBe(4);
  });
});

describe('a refused filing', () => {
  it('(issue 11 item 9) names no internal reference: not the keyed hash of the person\'s ID number', async () => {
    const p = await s.call('member', 'POST', '/me/people', { relation: 'child', name: '李小明', idNumber: makeNationalId('31', '2015-06-01', 8) });
    const hash = (await s.db.query<{ h: string }>('SELECT id_hash AS h FROM people WHERE id = $1', [p.json.id]))[0]!.h;
    const res = await s.call('member', 'POST', '/me/claims', { ...accident, person: p.json.id }); // never joined a plan
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.body).not.toContain(hash);
    expect(res.body).not.toContain(hash.slice(0, 12));
  });
});
