/**
 * One member never reaches another's data: another account's claim, person or membership is
 * "not found" (404 NOT_FOUND, naming the field), exactly as one that does not exist. The check is
 * each service's requireAccess (services/access.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEALTHY, makeNationalId, PASSWORD, testServer, type TestServer } from './testing.ts';

let s: TestServer;
let other = '';
let personId = 0;
let membershipId = 0;
let claimRef = '';
beforeAll(async () => { s = await testServer({ start: '2024-03-01T10:00:00+08:00' }); });
afterAll(async () => { await s?.close(); });

const asOther = (method: string, url: string, body?: unknown, headers: Record<string, string> = {}) =>
  s.app.inject({ method: method as 'GET', url, headers: { authorization: `Bearer ${other}`, ...headers }, ...(body === undefined ? {} : { payload: body as object }) })
    .then((r) => ({ status: r.statusCode, error: (r.json() as { error?: { code: string; field?: string } }).error }));

describe('one member and another', () => {
  it('the first member has a person, a membership and a claim; the second has an account', async () => {
    expect((await s.call('admin', 'POST', '/ops/plans', { id: 'xhb', name: 'rules', preset: 'critical-illness' })).status).toBe(201);
    const p = await s.call('member', 'POST', '/me/people', { relation: 'self', name: '李明', idNumber: makeNationalId('31', '1985-04-12', 7) });
    expect(p.status, p.body).toBe(201);
    personId = p.json.id;
    const m = await s.call('member', 'POST', '/me/memberships', { plan: 'xhb', person: personId, declaration: HEALTHY });
    expect(m.status, m.body).toBe(201);
    membershipId = m.json.membershipId;
    s.now.t = new Date('2024-03-02T09:00:00+08:00');
    const c = await s.call('member', 'POST', '/me/claims', { plan: 'xhb', person: personId, diagnosedOn: '2024-03-01', severity: 'severe', cause: 'accident', diseaseCode: 'brain-surgery' });
    expect(c.status, c.body).toBe(201);
    claimRef = c.json.ref;
    expect((await s.call(null, 'POST', '/auth/register', { email: 'other@example.com', password: PASSWORD })).status).toBe(201);
    other = (await s.call(null, 'POST', '/auth/login', { email: 'other@example.com', password: PASSWORD })).json.token;
  });

  it('finds none of them', async () => {
    const notFound = (field: string) => ({ status: 404, error: expect.objectContaining({ code: 'NOT_FOUND', field }) });
    expect(await asOther('GET', `/me/claims/${claimRef}`)).toEqual(notFound('ref'));
    const pdf = Buffer.from('%PDF-1.4\n% evidence\n');
    const up = await s.app.inject({ method: 'POST', url: `/me/claims/${claimRef}/documents?name=a.pdf`, headers: { authorization: `Bearer ${other}`, 'content-type': 'application/pdf' }, payload: pdf });
    expect({ status: up.statusCode, error: up.json().error }).toEqual(notFound('ref'));
    expect(await asOther('POST', '/me/claims', { plan: 'xhb', person: personId, diagnosedOn: '2024-03-01', severity: 'severe', cause: 'accident', diseaseCode: 'brain-surgery' })).toEqual(notFound('person'));
    expect(await asOther('POST', '/me/memberships', { plan: 'xhb', person: personId, declaration: HEALTHY })).toEqual(notFound('person'));
    expect(await asOther('POST', `/me/memberships/${membershipId}/quit`)).toEqual(notFound('id'));
    expect(await asOther('POST', '/me/challenges', { claim: claimRef, person: personId, reason: 'not mine to ask' })).toEqual(notFound('person'));
    expect(await asOther('GET', `/me/bills/xhb/2024-03-07/proof?membership=${membershipId}`)).toEqual(notFound('membership'));
  });

  it('while the first member still reaches all of them', async () => {
    expect((await s.call('member', 'GET', `/me/claims/${claimRef}`)).status).toBe(200);
    expect((await s.call('member', 'POST', `/me/memberships/${membershipId}/quit`)).status).toBe(200);
  });
});
