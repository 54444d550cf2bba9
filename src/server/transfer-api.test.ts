/**
 * The move to the elderly plan through the API (issue 14): the membership view tells the member
 * ahead when the move opens, the move is refused before the birthday and done from 00:00 of it,
 * once per Idempotency-Key, into the public log without person data, and never for another account.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logSize, readEntries } from '../transparency/store/log-store.ts';
import { HEALTHY, makeNationalId, PASSWORD, testServer, type TestServer } from './testing.ts';

let s: TestServer;
let membershipId = 0;
beforeAll(async () => { s = await testServer({ start: '2024-03-01T10:00:00+08:00' }); });
afterAll(async () => { await s?.close(); });

/** Moves the clock and logs the member in again (sessions expire when idle). */
async function at(when: string) {
  s.now.t = new Date(when);
  s.tokens.member = (await s.ctx.sessions.create(s.ids.member, s.now.t)).token;
}

const mine = async () => (await s.call('member', 'GET', '/me/memberships')).json.items as Record<string, unknown>[];

describe('the move to the elderly plan, for a member', () => {
  it('a member of 58 in a plan that moves members to the elderly plan at 59 is told the day it opens', async () => {
    expect((await s.call('admin', 'POST', '/ops/plans', { id: 'eld', name: 'elderly', preset: 'elderly-cancer' })).status).toBe(201);
    const ci = await s.call('admin', 'POST', '/ops/plans', { id: 'ci', name: 'ci', preset: 'critical-illness', overrides: { transfer: { toPlan: 'eld', fromAge: 59 } } });
    expect(ci.status, ci.body).toBe(201);
    expect(ci.json.rules.transfer).toEqual({ toPlan: 'eld', fromAge: 59 });
    const p = await s.call('member', 'POST', '/me/people', { relation: 'self', name: '王芳', idNumber: makeNationalId('31', '1965-03-05', 3) });
    expect(p.status, p.body).toBe(201);
    const m = await s.call('member', 'POST', '/me/memberships', { plan: 'ci', person: p.json.id, declaration: HEALTHY });
    expect(m.status, m.body).toBe(201);
    membershipId = m.json.membershipId;
    expect((await mine())[0]).toMatchObject({ id: membershipId, status: 'active', transferToPlan: 'eld', transferEligibleOn: '2024-03-05', transferOpen: false });
  });

  it('refuses the move the day before the birthday, with the code', async () => {
    await at('2024-03-04T23:59:59+08:00');
    const r = await s.call('member', 'POST', `/me/memberships/${membershipId}/transfer`, {});
    expect(r.status).toBe(422);
    expect(r.json.error).toMatchObject({ code: 'TRANSFER_NOT_ALLOWED', field: 'member' });
    expect(r.json.error.message).toMatch(/age 58 on 2024-03-04 is below 59/);
  });

  it('refuses a plan other than the one offered', async () => {
    await at('2024-03-05T00:00:00+08:00');
    const r = await s.call('member', 'POST', `/me/memberships/${membershipId}/transfer`, { toPlan: 'somewhere' });
    expect(r.json.error).toMatchObject({ code: 'TRANSFER_NOT_ALLOWED', field: 'toPlan' });
  });

  it('another account does not find the membership', async () => {
    expect((await s.call(null, 'POST', '/auth/register', { email: 'other@example.com', password: PASSWORD })).status).toBe(201);
    const other = (await s.call(null, 'POST', '/auth/login', { email: 'other@example.com', password: PASSWORD })).json.token;
    const r = await s.app.inject({ method: 'POST', url: `/me/memberships/${membershipId}/transfer`, headers: { authorization: `Bearer ${other}` }, payload: {} });
    expect(r.statusCode).toBe(404);
    expect(r.json().error).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
  });

  it('moves from 00:00 of the 59th birthday: the old membership transferred, the new one with no waiting period, once per key, logged without person data', async () => {
    expect((await mine())[0]).toMatchObject({ transferOpen: true });
    const before = await logSize(s.db);
    const key = { 'idempotency-key': 'move-1' };
    const r = await s.call('member', 'POST', `/me/memberships/${membershipId}/transfer`, { toPlan: 'eld' }, key);
    expect(r.status, r.body).toBe(200);
    expect(r.json.ended).toMatchObject({ id: membershipId, plan: 'ci', status: 'transferred', endedAt: '2024-03-04T16:00:00.000Z', transferOpen: false });
    expect(r.json.started).toMatchObject({ plan: 'eld', status: 'active', joinedOn: '2024-03-05', waitingEndsOn: '2024-03-05', endedAt: null });
    expect(r.json.started.person).toMatchObject({ name: '王芳' });
    const again = await s.call('member', 'POST', `/me/memberships/${membershipId}/transfer`, { toPlan: 'eld' }, key);
    expect(again.json).toEqual(r.json);
    expect((await mine()).map((x) => [x.plan, x.status])).toEqual([['eld', 'active'], ['ci', 'transferred']]);

    expect(await logSize(s.db)).toBe(before + 1);
    const [bytes] = await readEntries(s.db, before, 1);
    const entry = JSON.parse(Buffer.from(bytes!).toString('utf8'));
    expect(entry).toEqual({ type: 'membership.transferred', v: 1, plan: 'ci', toPlan: 'eld', at: '2024-03-04T16:00:00.000Z' });

    // The ended membership cannot move again.
    const twice = await s.call('member', 'POST', `/me/memberships/${membershipId}/transfer`, {});
    expect(twice.json.error).toMatchObject({ code: 'TRANSFER_NOT_ALLOWED' });
  });
});
