/**
 * Rule changes by member vote over HTTP: an operator proposes, the same operator may not confirm
 * (four eyes), a second one does; the member sees the open proposal with the membership it votes
 * for, votes once; the public list shows the tally; the calendar closes the vote on time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEALTHY, makeNationalId, PASSWORD, testServer, type TestServer } from './testing.ts';

let s: TestServer;
beforeAll(async () => { s = await testServer({ start: '2024-03-01T10:00:00+08:00', config: { sessionHours: 24 * 90, loginPerMinute: 100 } }); });
afterAll(async () => { await s?.close(); });

const at = (iso: string) => { s.now.t = new Date(`${iso}+08:00`); };

describe('rule changes by vote over HTTP', () => {
  it('propose, confirm under four eyes, vote once, close on time', async () => {
    expect((await s.call('admin', 'POST', '/ops/plans', { id: 'xhb', name: 'XHB', preset: 'critical-illness' })).status).toBe(201);
    const person = await s.call('member', 'POST', '/me/people', { relation: 'self', name: '王芳', idNumber: makeNationalId('11', '1988-02-03', 4) });
    const m = await s.call('member', 'POST', '/me/memberships', { plan: 'xhb', person: person.json.id, declaration: HEALTHY });
    expect(m.status, m.body).toBe(201);

    at('2024-03-02T10:00:00');
    const early = await s.call('operator', 'POST', '/ops/plans/xhb/proposals', { rules: { feeBasisPoints: 500 }, reason: 'lower the fee to five per cent', effectiveOn: '2024-04-01' });
    expect(early.status).toBe(400);
    expect(early.json.error).toMatchObject({ code: 'VALIDATION', field: 'effectiveOn' });
    const p = await s.call('operator', 'POST', '/ops/plans/xhb/proposals', { id: 'fee5', rules: { feeBasisPoints: 500 }, reason: 'lower the fee to five per cent', effectiveOn: '2024-05-01' });
    expect(p.status, p.body).toBe(201);
    expect(p.json).toMatchObject({ status: 'proposed', old: { feeBasisPoints: 800 }, new: { feeBasisPoints: 500 } });
    expect((await s.call('operator', 'POST', '/ops/proposals/fee5/confirm')).json.error).toMatchObject({ code: 'FOUR_EYES' });

    expect((await s.call('admin', 'POST', '/admin/accounts', { email: 'op2@example.com', password: PASSWORD, role: 'operator' })).status).toBe(201);
    const op2 = (await s.call(null, 'POST', '/auth/login', { email: 'op2@example.com', password: PASSWORD })).json.token as string;
    const confirmed = await s.app.inject({ method: 'POST', url: '/ops/proposals/fee5/confirm', headers: { authorization: `Bearer ${op2}` } });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json()).toMatchObject({ status: 'open', eligible: 1, closesAt: '2024-03-09T02:00:00.000Z' });

    const mine = await s.call('member', 'GET', '/me/proposals?plan=xhb');
    expect(mine.json.items).toHaveLength(1);
    expect(mine.json.items[0].ballots).toEqual([{ membership: m.json.membershipId, voted: false }]);
    const v = await s.call('member', 'POST', '/me/proposals/fee5/votes', { membership: m.json.membershipId, inFavour: true });
    expect(v.status, v.body).toBe(201);
    const again = await s.call('member', 'POST', '/me/proposals/fee5/votes', { membership: m.json.membershipId, inFavour: false });
    expect(again.json.error).toMatchObject({ code: 'ALREADY_VOTED' });
    expect((await s.call('member', 'POST', '/me/proposals/fee5/votes', { membership: 999, inFavour: true })).json.error).toMatchObject({ code: 'NOT_FOUND' });

    const effect = await s.call('member', 'GET', '/me/proposals/fee5/effect');
    expect(effect.status, effect.body).toBe(200);
    expect(effect.json.months).toBe(12);
    expect(effect.json.sumOfSharesFen.with).toBeLessThanOrEqual(effect.json.sumOfSharesFen.without); // a lower fee never raises the shares

    const pub = await s.call(null, 'GET', '/public/plans/xhb/proposals');
    expect(pub.json.items[0]).toMatchObject({ id: 'fee5', status: 'open', votesFor: 1, votesAgainst: 0, passedIfClosedNow: true });

    at('2024-03-09T10:00:00'); // the close
    expect((await s.call('operator', 'POST', '/ops/calendar/run')).status).toBe(200);
    const closed = await s.call(null, 'GET', '/public/plans/xhb/proposals');
    expect(closed.json.items[0]).toMatchObject({ status: 'passed', votesFor: 1, eligible: 1 });
  });
});
