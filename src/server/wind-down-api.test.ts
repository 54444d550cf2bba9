/**
 * The wind-down over HTTP (issue 13): the dry run, the proposal (a cut-off in the past named by
 * its field), four eyes at the confirmation, the wallets refunded at A, joins and recharges
 * refused PLAN_CLOSING, the status where plans are listed, the memberships closed and the plan
 * closed by the calendar, the final report in public, and the books check on the closed plan.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEALTHY, PASSWORD, makeNationalId, testServer, type TestServer } from './testing.ts';

let s: TestServer;
let op2 = '';
beforeAll(async () => { s = await testServer({ start: '2024-03-01T10:00:00+08:00' }); });
afterAll(async () => { await s?.close(); });
const at = (iso: string) => { s.now.t = new Date(`${iso}+08:00`); };
const asOp2 = async (method: 'GET' | 'POST', url: string) => {
  const r = await s.app.inject({ method, url, headers: { authorization: `Bearer ${op2}` } });
  return { status: r.statusCode, body: r.body, json: r.json() };
};
const funding = { mode: 'prepaid', joinDepositFen: 1000, lowBalanceFen: 500, maxBalanceFen: 5000 };

describe('a wind-down over HTTP', () => {
  it('a member with a wallet in a prepaid plan', async () => {
    expect((await s.call('admin', 'POST', '/ops/plans', { id: 'wd', name: 'closing', preset: 'critical-illness', overrides: { funding } })).status).toBe(201);
    expect((await s.call('admin', 'POST', '/admin/accounts', { email: 'op2@example.com', password: PASSWORD, role: 'operator' })).status).toBe(201);
    op2 = (await s.call(null, 'POST', '/auth/login', { email: 'op2@example.com', password: PASSWORD })).json.token as string;
    const p = await s.call('member', 'POST', '/me/people', { relation: 'self', name: '李娜', idNumber: makeNationalId('31', '1990-05-05', 4) });
    expect((await s.call('member', 'POST', '/me/wallets/wd/recharge', { amountFen: 3000 })).status).toBe(200);
    expect((await s.call('member', 'POST', '/me/memberships', { plan: 'wd', person: p.json.id, declaration: HEALTHY })).status).toBe(201);
  });

  it('is rehearsed by staff: what it would cost, nothing written', async () => {
    at('2024-03-01T11:00:00'); // the member is counted from after its join's instant
    const r = await s.call('auditor', 'GET', '/ops/plans/wd/wind-down/dry-run?cutOffOn=2024-03-31&refundPastShares=true');
    expect(r.status, r.body).toBe(200);
    expect(r.json).toMatchObject({
      members: 1, walletsToRefund: { wallets: 1, fen: 3000 }, openPaymentsToWriteOff: { payments: 0, fen: 0 }, pastSharesToRefund: { payers: 0, fen: 0 },
      approvedUnpaidClaims: { claims: 0, fen: 0 }, claimWindowDays: 180, notYetReported: { horizonDays: 31 + 180 },
    });
    expect(r.json.operatorCostFen).toBe(r.json.notYetReported.estimatedFen);
    const bad = await s.call('operator', 'GET', '/ops/plans/wd/wind-down/dry-run?cutOffOn=2024-02-29');
    expect(bad.json.error).toMatchObject({ code: 'VALIDATION', field: 'cutOffOn' });
    expect((await s.call('member', 'GET', '/ops/plans/wd/wind-down/dry-run?cutOffOn=2024-03-31')).status).toBe(403);
  });

  it('is proposed by one operator and starts only when another confirms it', async () => {
    const past = await s.call('operator', 'POST', '/ops/plans/wd/wind-down', { cutOffOn: '2024-02-29' });
    expect(past.status).toBe(400);
    expect(past.json.error).toMatchObject({ code: 'VALIDATION', field: 'cutOffOn' });
    const p = await s.call('operator', 'POST', '/ops/plans/wd/wind-down', { id: 'wd-1', cutOffOn: '2024-03-10', claimWindowDays: 5 });
    expect(p.status, p.body).toBe(201);
    expect(p.json).toMatchObject({ id: 'wd-1', status: 'proposed', startedAt: null, refundPastShares: false });
    expect((await s.call(null, 'GET', '/public/plans/wd/wind-down')).json).toMatchObject({ status: 'active', windDown: null });
    expect((await s.call('operator', 'POST', '/ops/plans/wd/wind-down', { cutOffOn: '2024-03-20' })).json.error).toMatchObject({ code: 'CONFLICT' });
    expect((await s.call('operator', 'POST', '/ops/wind-downs/wd-1/confirm')).json.error).toMatchObject({ code: 'FOUR_EYES' });
    const staff = await s.call('auditor', 'GET', '/ops/plans/wd/wind-down');
    expect(staff.json.windDown).toMatchObject({ id: 'wd-1', status: 'proposed', proposedBy: `operator:${s.ids.operator}`, confirmedBy: null });
    expect((await s.call('member', 'GET', '/ops/plans/wd/wind-down')).status).toBe(403);
    at('2024-03-02T09:00:00');
    const c = await asOp2('POST', '/ops/wind-downs/wd-1/confirm');
    expect(c.status, c.body).toBe(200);
    expect(c.json).toMatchObject({ status: 'winding-down', startedAt: '2024-03-02T01:00:00.000Z', membersAtStart: 1, walletsRefundedFen: 3000, writtenOffFen: 0 });
    expect((await asOp2('POST', '/ops/wind-downs/wd-1/confirm')).json.error).toMatchObject({ code: 'CONFLICT' });
  });

  it('refuses joins and recharges from A, and shows the status where plans are listed', async () => {
    expect((await s.call('member', 'GET', '/me/wallets')).json.items[0]).toMatchObject({ plan: 'wd', balanceFen: 0, refundedFen: 3000 });
    const rc = await s.call('member', 'POST', '/me/wallets/wd/recharge', { amountFen: 1000 });
    expect(rc.status).toBe(409);
    expect(rc.json.error).toMatchObject({ code: 'PLAN_CLOSING', field: 'plan' });
    const p = await s.call('member', 'POST', '/me/people', { relation: 'spouse', name: '张伟', idNumber: makeNationalId('31', '1989-05-05', 3) });
    const j = await s.call('member', 'POST', '/me/memberships', { plan: 'wd', person: p.json.id, declaration: HEALTHY });
    expect(j.json.error).toMatchObject({ code: 'PLAN_CLOSING' });
    expect((await s.call(null, 'GET', '/public/plans')).json.items.find((x: { id: string }) => x.id === 'wd')).toMatchObject({ status: 'winding-down' });
    expect((await s.call(null, 'GET', '/public/plans/wd')).json.status).toBe('winding-down');
    expect((await s.call(null, 'GET', '/public/plans/wd/wind-down')).json).toMatchObject({
      status: 'winding-down', windDown: { id: 'wd-1', cutOffOn: '2024-03-10', claimWindowDays: 5, claimWindowEndsAt: '2024-03-15T16:00:00.000Z', membersAtStart: 1, closedAt: null }, finalReport: null,
    });
  });

  it('closes the memberships at the end of C and the plan after the window, with a final report and books at zero', async () => {
    at('2024-03-17T10:00:00');
    for (const role of ['operator', 'member', 'auditor'] as const) s.tokens[role] = (await s.ctx.sessions.create(s.ids[role]!, s.now.t)).token; // sessions expire
    expect((await s.call('operator', 'POST', '/ops/calendar/run')).status).toBe(200);
    const m = (await s.call('member', 'GET', '/me/memberships')).json.items as { plan: string; status: string }[];
    expect(m.find((x) => x.plan === 'wd')!.status).toBe('closed');
    const pub = (await s.call(null, 'GET', '/public/plans/wd/wind-down')).json;
    expect(pub).toMatchObject({ status: 'closed', windDown: { membershipsClosed: 1, membershipsClosedAt: '2024-03-10T16:00:00.000Z', closedAt: '2024-03-15T16:00:00.000Z' } });
    expect(pub.finalReport).toMatchObject({ membersAtStart: 1, membershipsClosed: 1, claims: [], walletsRefundedFen: 3000, operatorPaid: { totalFen: 0 } });
    expect(Object.values(pub.finalReport.books).every((v) => v === 0)).toBe(true);
    const books = (await s.call('auditor', 'GET', '/audit/books')).json;
    expect(books.checks.filter((c: { code: string }) => c.code.startsWith('wind-down')).map((c: { code: string; ok: boolean }) => [c.code, c.ok]))
      .toEqual([['wind-down-operator-funded', true], ['wind-down-books-zero', true]]);
    expect(books.ok).toBe(true);
  });
});
