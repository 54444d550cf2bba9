/**
 * Through HTTP: a sampled claim is investigated and decided under four eyes; it is announced in
 * the public notice; another member challenges it during the notice, which holds it out of the
 * coming charge; a second operator dismisses the challenge and the claim is shared in the next
 * period. The operator who approved the claim may not judge the challenge.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEALTHY, makeNationalId, PASSWORD, testServer, type TestServer } from './testing.ts';

let s: TestServer;
beforeAll(async () => { s = await testServer({ start: '2024-03-01T10:00:00+08:00', config: { sessionHours: 24 * 90, loginPerMinute: 100 } }); });
afterAll(async () => { await s?.close(); });

const at = (iso: string) => { s.now.t = new Date(`${iso}+08:00`); };
const as = (token: string) => (method: string, url: string, body?: unknown, headers: Record<string, string> = {}) =>
  s.app.inject({ method: method as 'GET', url, headers: { authorization: `Bearer ${token}`, ...headers }, ...(body === undefined ? {} : { payload: body as object }) })
    .then((r) => ({ status: r.statusCode, json: (() => { try { return r.json(); } catch { return undefined; } })(), body: r.body }));

async function login(email: string, role?: 'operator'): Promise<string> {
  if (role) expect((await s.call('admin', 'POST', '/admin/accounts', { email, password: PASSWORD, role })).status).toBe(201);
  else expect((await s.call(null, 'POST', '/auth/register', { email, password: PASSWORD })).status).toBe(201);
  return (await s.call(null, 'POST', '/auth/login', { email, password: PASSWORD })).json.token;
}

let claimant: ReturnType<typeof as>;
let challenger: ReturnType<typeof as>;
let operator2: ReturnType<typeof as>;
let claimRef = '';
let challengerPerson = 0;
const pdf = (text: string) => Buffer.from(`%PDF-1.4\n% ${text}\n`);

describe('investigation, public notice and challenges over HTTP', () => {
  it('sets up a plan, a claimant with an approved, investigated claim, and a challenger', async () => {
    expect((await s.call('admin', 'POST', '/ops/plans', { id: 'xhb', name: 'XHB', preset: 'critical-illness' })).status).toBe(201);
    claimant = as(s.tokens.member);
    challenger = as(await login('challenger@example.com'));
    operator2 = as(await login('second.operator@example.com', 'operator'));
    const p1 = await claimant('POST', '/me/people', { relation: 'self', name: '王芳', idNumber: makeNationalId('11', '1988-02-03', 4), phone: '13811112222' });
    const p2 = await challenger('POST', '/me/people', { relation: 'self', name: '赵强', idNumber: makeNationalId('44', '1980-07-09', 5) });
    challengerPerson = p2.json.id;
    for (const [m, p] of [[claimant, p1], [challenger, p2]] as const) {
      expect((await m('POST', '/me/memberships', { plan: 'xhb', person: p.json.id, declaration: HEALTHY })).status).toBe(201);
    }
    at('2024-03-02T09:00:00');
    const c = await claimant('POST', '/me/claims', { plan: 'xhb', person: p1.json.id, diagnosedOn: '2024-03-01', severity: 'severe', cause: 'accident', diseaseCode: 'brain-surgery' });
    expect(c.status, c.body).toBe(201);
    claimRef = c.json.ref;
    const up = await s.app.inject({ method: 'POST', url: `/me/claims/${claimRef}/documents?name=discharge.pdf`, headers: { authorization: `Bearer ${s.tokens.member}`, 'content-type': 'application/pdf' }, payload: pdf('discharge of 王芳') });
    expect(up.statusCode, up.body).toBe(201);
    const evidence = up.json().sha256;

    // Sampled (300,000 yuan is above the amount): the investigator reports, another operator decides.
    expect((await s.call('operator', 'POST', `/ops/claims/${claimRef}/assign`, { investigatorId: Number(s.ids.investigator) })).status).toBe(200);
    const inv = await s.call('investigator', 'GET', `/ops/claims/${claimRef}/investigation`);
    expect(inv.json).toMatchObject({ sampled: true, report: null });
    expect(inv.json.riskSignals.map((r: { code: string }) => r.code)).toContain('soon-after-waiting'); // an accident inside the wait
    expect((await s.call('investigator', 'POST', `/ops/claims/${claimRef}/findings`, { findings: 'Emergency admission after a fall, confirmed.' })).status).toBe(200);
    const red = await s.app.inject({ method: 'POST', url: `/ops/claims/${claimRef}/redacted-documents?name=discharge-redacted.pdf`, headers: { authorization: `Bearer ${s.tokens.investigator}`, 'content-type': 'application/pdf' }, payload: pdf('discharge of [name removed]') });
    expect(red.statusCode, red.body).toBe(201);
    const report = await s.call('investigator', 'POST', `/ops/claims/${claimRef}/report`, {
      summary: 'Fall at home, craniotomy the same day; no earlier history.', recommendation: 'approve',
      documents: [{ id: 'd1', title: 'Discharge summary', contentHash: evidence, forJurors: true, redactedHash: red.json().sha256 }],
    });
    expect(report.status, report.body).toBe(200);
    expect((await s.call('investigator', 'POST', `/ops/claims/${claimRef}/report`, { summary: 'again', recommendation: 'approve' })).json.error.code).toBe('CONFLICT');
    const ok = await s.call('operator', 'POST', `/ops/claims/${claimRef}/approve`, { reason: 'Covered: craniotomy after an accident.' });
    expect(ok.status, ok.body).toBe(200);
  });

  it('announces the claim in the public notice; a challenge holds it out of the coming charge', async () => {
    at('2024-03-07T00:30:00');
    expect((await s.call('operator', 'POST', '/ops/calendar/run')).status).toBe(200);
    const notices = await s.call(null, 'GET', '/public/plans/xhb/notices');
    expect(notices.json.items[0]).toMatchObject({ announcedOn: '2024-03-07', chargedOn: '2024-03-14', cases: [{ claim: claimRef, status: 'approved', challenges: 0 }] });
    expect(JSON.stringify(notices.json)).not.toContain('王芳');

    at('2024-03-08T12:00:00');
    const ev = await s.app.inject({ method: 'POST', url: '/me/challenge-evidence?name=photo.png', headers: { authorization: `Bearer ${(await s.call(null, 'POST', '/auth/login', { email: 'challenger@example.com', password: PASSWORD })).json.token}`, 'content-type': 'application/pdf' }, payload: pdf('photo of the claimant playing football on 5 March') });
    expect(ev.statusCode, ev.body).toBe(201);
    const own = await claimant('POST', '/me/challenges', { claim: claimRef, person: 1, reason: 'I challenge my own claim here.', evidence: [ev.json().sha256] });
    expect(own.status).toBeGreaterThanOrEqual(400);
    const h = await challenger('POST', '/me/challenges', { claim: claimRef, person: challengerPerson, reason: 'The claimant played football on 5 March, after the surgery date.', evidence: [ev.json().sha256] });
    expect(h.status, h.body).toBe(201);
    expect(h.json).toMatchObject({ claim: claimRef, status: 'under-review' });
    expect((await challenger('GET', '/me/challenges')).json.items).toHaveLength(1);
    const queue = await s.call('operator', 'GET', '/ops/challenges');
    expect(queue.json.items.map((x: { ref: string }) => x.ref)).toEqual([h.json.ref]);

    at('2024-03-14T00:30:00');
    expect((await s.call('operator', 'POST', '/ops/calendar/run')).status).toBe(200);
    const period = await s.call(null, 'GET', '/public/plans/xhb/periods/2024-03-07');
    expect(period.json).toMatchObject({ cases: 0, payoutFen: 0 });
    const after = await s.call(null, 'GET', '/public/plans/xhb/notices');
    expect(after.json.items[0].cases[0]).toMatchObject({ claim: claimRef, status: 'challenged', challenges: 1 });
  });

  it('the approving operator may not judge the challenge; another dismisses it and the claim is shared next period', async () => {
    const ref = (await s.call('operator', 'GET', '/ops/challenges')).json.items[0].ref;
    at('2024-03-15T10:00:00');
    const same = await s.call('operator', 'POST', `/ops/challenges/${ref}/decision`, { upheld: false, reason: 'The photo is from 2023.' });
    expect(same.json.error.code).toBe('FOUR_EYES');
    expect((await s.call('investigator', 'POST', `/ops/challenges/${ref}/decision`, { upheld: false, reason: 'x' })).status).toBe(403);
    const d = await operator2('POST', `/ops/challenges/${ref}/decision`, { upheld: false, reason: 'The photo is dated 2023 in its metadata and by the venue.' });
    expect(d.status, d.body).toBe(200);
    expect(d.json).toMatchObject({ status: 'dismissed', claimStatus: 'approved' });
    at('2024-03-28T00:30:00');
    expect((await s.call('operator', 'POST', '/ops/calendar/run')).status).toBe(200);
    const period = await s.call(null, 'GET', '/public/plans/xhb/periods/2024-03-21');
    expect(period.json).toMatchObject({ cases: 1, payoutFen: 30_000_000 });
    const mine = await claimant('GET', `/me/claims/${claimRef}`);
    expect(mine.json).toMatchObject({ status: 'paid', announcedOn: '2024-03-21' });
  });
});
