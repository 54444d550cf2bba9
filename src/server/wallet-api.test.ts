/**
 * Prepaid wallets through the API (issue 13): the deposit refused with its code, the recharge to
 * exactly the limit and 1 fen over, once per Idempotency-Key, the balance and the plan's limits in
 * the member's view, a post-paid plan refused, and never another account's wallet.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEALTHY, makeNationalId, testServer, type TestServer } from './testing.ts';

let s: TestServer;
let person = 0;
beforeAll(async () => { s = await testServer({ start: '2024-03-01T10:00:00+08:00' }); });
afterAll(async () => { await s?.close(); });

const wallets = async () => (await s.call('member', 'GET', '/me/wallets')).json.items as Record<string, unknown>[];
const funding = { mode: 'prepaid', joinDepositFen: 1000, lowBalanceFen: 500, maxBalanceFen: 5000 };

describe('a member\'s wallet', () => {
  it('is shown for each prepaid plan with its limits, empty before the first recharge', async () => {
    const pp = await s.call('admin', 'POST', '/ops/plans', { id: 'pp', name: 'prepaid', preset: 'critical-illness', overrides: { funding } });
    expect(pp.status, pp.body).toBe(201);
    expect(pp.json.rules.funding).toEqual(funding);
    expect((await s.call('admin', 'POST', '/ops/plans', { id: 'post', name: 'post-paid', preset: 'critical-illness' })).json.rules.funding).toBeUndefined();
    expect(await wallets()).toEqual([{ plan: 'pp', balanceFen: 0, refundedFen: 0, joinDepositFen: 1000, lowBalanceFen: 500, maxBalanceFen: 5000, reminders: [] }]);
    const p = await s.call('member', 'POST', '/me/people', { relation: 'self', name: '李娜', idNumber: makeNationalId('31', '1990-05-05', 4) });
    expect(p.status, p.body).toBe(201);
    person = p.json.id;
  });

  it('refuses the join without the deposit: INSUFFICIENT_BALANCE', async () => {
    const r = await s.call('member', 'POST', '/me/memberships', { plan: 'pp', person, declaration: HEALTHY });
    expect(r.status).toBe(422);
    expect(r.json.error).toMatchObject({ code: 'INSUFFICIENT_BALANCE' });
  });

  it('recharges to exactly the limit once per key, refuses 1 fen over, and joins', async () => {
    const key = { 'idempotency-key': 'top-up-1' };
    const r = await s.call('member', 'POST', '/me/wallets/pp/recharge', { amountFen: 5000 }, key);
    expect(r.status, r.body).toBe(200);
    expect(r.json).toEqual({ plan: 'pp', amountFen: 5000, balanceFen: 5000, settledPeriods: 0, refundedFen: 0 });
    expect((await s.call('member', 'POST', '/me/wallets/pp/recharge', { amountFen: 5000 }, key)).json).toEqual(r.json);
    const over = await s.call('member', 'POST', '/me/wallets/pp/recharge', { amountFen: 1 });
    expect(over.status).toBe(422);
    expect(over.json.error).toMatchObject({ code: 'BALANCE_LIMIT', field: 'amountFen' });
    expect((await wallets())[0]).toMatchObject({ balanceFen: 5000 });
    expect((await s.call('member', 'POST', '/me/memberships', { plan: 'pp', person, declaration: HEALTHY })).status).toBe(201);
    expect((await wallets())[0]).toMatchObject({ balanceFen: 5000 }); // the deposit is not consumed
  });

  it('refuses a post-paid plan, a bad amount and an unknown plan', async () => {
    expect((await s.call('member', 'POST', '/me/wallets/post/recharge', { amountFen: 100 })).json.error).toMatchObject({ code: 'NOT_PREPAID' });
    expect((await s.call('member', 'POST', '/me/wallets/pp/recharge', { amountFen: 0 })).json.error).toMatchObject({ code: 'VALIDATION' });
    expect((await s.call('member', 'POST', '/me/wallets/nowhere/recharge', { amountFen: 100 })).json.error).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('the plan\'s wallets totals are public, empty before any charge', async () => {
    const r = await s.call(null, 'GET', '/public/plans/pp/wallets');
    expect(r.status, r.body).toBe(200);
    expect(r.json).toEqual({ items: [], page: { limit: 20, offset: 0, next: null } });
    expect((await s.call(null, 'GET', '/public/plans/nowhere/wallets')).status).toBe(404);
  });

  it('is for members only', async () => {
    expect((await s.call(null, 'GET', '/me/wallets')).status).toBe(401);
  });
});
