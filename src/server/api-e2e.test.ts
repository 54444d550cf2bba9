/**
 * End to end through HTTP: a member registers, logs in, adds a real-name profile, joins and
 * files a claim with evidence; an operator assigns an investigator, who records findings; the
 * operator approves, and runs the calendar to the charge date; the member then sees the bill and
 * the paid claim, and the auditor sees balanced books. Then idempotency, lock-out and rate limits.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalDate } from '../domain/local-date.ts';
import { enrolBulk } from '../services/bulk-enrolment.ts';
import { HEALTHY, makeNationalId, PASSWORD, testServer, type TestServer } from './testing.ts';

let s: TestServer;
beforeAll(async () => { s = await testServer({ start: '2024-03-01T10:00:00+08:00', config: { loginPerMinute: 40, lockoutFailures: 3, sessionHours: 24 * 90 } }); });
afterAll(async () => { await s?.close(); });

const at = (iso: string) => { s.now.t = new Date(iso); };
let token = '';
let personId = 0;
let claimRef = '';
const member = (method: string, url: string, body?: unknown, headers: Record<string, string> = {}) =>
  s.app.inject({ method: method as 'GET', url, headers: { authorization: `Bearer ${token}`, ...headers }, ...(body === undefined ? {} : { payload: body as object }) })
    .then((r) => ({ status: r.statusCode, json: (() => { try { return r.json(); } catch { return undefined; } })(), headers: r.headers, body: r.body }));

async function counts(): Promise<Record<string, number>> {
  const tables = ['accounts', 'people', 'persons', 'payers', 'memberships', 'claims', 'claim_documents', 'documents', 'periods', 'charges', 'payments', 'journal_entries', 'audit_trail', 'claim_assignments', 'events'];
  const out: Record<string, number> = {};
  for (const t of tables) out[t] = Number((await s.db.query<{ n: bigint }>(`SELECT count(*) AS n FROM ${t}`))[0]!.n);
  return out;
}

describe('the platform end to end', () => {
  it('admin creates a plan; others join in bulk', async () => {
    const r = await s.call('admin', 'POST', '/ops/plans', { id: 'xhb', name: 'Xiang Hu Bao rules', preset: 'critical-illness' });
    expect(r.status, r.body).toBe(201);
    const applicants = Array.from({ length: 40 }, (_, i) => ({ person: `bulk-${i}`, payer: `bulk-payer-${i}`, birthDate: `19${70 + (i % 25)}-06-01` as LocalDate }));
    await enrolBulk(s.db, 'xhb', applicants, { key: 'e2e:bulk', actor: 'test', at: new Date('2024-03-01T11:00:00+08:00') });
  });

  it('a member registers, logs in and adds a real-name profile (ID never stored in clear)', async () => {
    expect((await s.call(null, 'POST', '/auth/register', { email: 'Li.Ming@Example.com', password: 'short' })).json.error.code).toBe('VALIDATION');
    const reg = await s.call(null, 'POST', '/auth/register', { email: 'Li.Ming@Example.com', password: PASSWORD });
    expect(reg.status, reg.body).toBe(201);
    const login = await s.call(null, 'POST', '/auth/login', { email: 'li.ming@example.com', password: PASSWORD });
    expect(login.status).toBe(200);
    expect(String(login.headers['set-cookie'])).toMatch(/huzhu_session=.*HttpOnly/i);
    token = login.json.token;
    const id = makeNationalId('31', '1985-04-12', 7);
    const bad = await member('POST', '/me/people', { relation: 'self', name: '李明', idNumber: id.slice(0, 17) + (id[17] === '1' ? '2' : '1') });
    expect(bad.json.error).toMatchObject({ code: 'VALIDATION', field: 'idNumber' });
    const p = await member('POST', '/me/people', { relation: 'self', name: '李明', idNumber: id, phone: '13900000000' });
    expect(p.status, p.body).toBe(201);
    expect(p.json).toMatchObject({ birthDate: '1985-04-12', province: 'Shanghai', idNumber: `31${'*'.repeat(15)}${id[17]}` });
    personId = p.json.id;
    const raw = JSON.stringify(await s.db.query('SELECT * FROM people'), (_k, v) => (typeof v === 'bigint' ? String(v) : v));
    expect(raw).not.toContain(id);
    const again = await member('POST', '/me/people', { relation: 'spouse', name: '李明', idNumber: id });
    expect(again.json.error.code).toBe('CONFLICT');
  });

  it('joins (health declaration checked, refusals carry a code), idempotently', async () => {
    const sick = await member('POST', '/me/memberships', { plan: 'xhb', person: personId, declaration: { ...HEALTHY, 'chronic-organ-disease': true } });
    expect(sick.status).toBe(422);
    expect(sick.json.error.code).toBe('NOT_ELIGIBLE_HEALTH');
    const before = await counts();
    const first = await member('POST', '/me/memberships', { plan: 'xhb', person: personId, declaration: HEALTHY }, { 'idempotency-key': 'join-1' });
    expect(first.status, first.body).toBe(201);
    expect(first.json.waitingEndsOn).toBe('2024-05-30');
    const mid = await counts();
    const retry = await member('POST', '/me/memberships', { plan: 'xhb', person: personId, declaration: HEALTHY }, { 'idempotency-key': 'join-1' });
    expect(retry.status).toBe(201);
    expect(retry.json).toEqual(first.json);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(await counts()).toEqual(mid);
    expect(mid.memberships).toBe(before.memberships! + 1);
    const other = await member('POST', '/me/memberships', { plan: 'xhb', person: personId, declaration: { ...HEALTHY } , creditScore: 700 }, { 'idempotency-key': 'join-1' });
    expect(other.json.error.code).toBe('IDEMPOTENCY_CONFLICT');
    const twice = await member('POST', '/me/memberships', { plan: 'xhb', person: personId, declaration: HEALTHY });
    expect(twice.json.error.code).toBe('ALREADY_MEMBER');
    const mine = await member('GET', '/me/memberships');
    expect(mine.json.items).toHaveLength(1);
    expect(mine.json.items[0]).toMatchObject({ plan: 'xhb', status: 'active', waitingEndsOn: '2024-05-30' });
  });

  it('files a claim: an illness in the waiting period is refused with WAITING_PERIOD; an accident is accepted', async () => {
    at('2024-03-02T09:00:00+08:00');
    const ill = await member('POST', '/me/claims', { plan: 'xhb', person: personId, diagnosedOn: '2024-03-01', severity: 'severe', cause: 'illness', diseaseCode: 'lung-cancer' });
    expect(ill.status).toBe(422);
    expect(ill.json.error).toMatchObject({ code: 'WAITING_PERIOD', field: 'diagnosedOn' });
    const c = await member('POST', '/me/claims', { plan: 'xhb', person: personId, diagnosedOn: '2024-03-01', severity: 'severe', cause: 'accident', diseaseCode: 'brain-surgery' });
    expect(c.status, c.body).toBe(201);
    expect(c.json.status).toBe('pending');
    claimRef = c.json.ref;
    const pdf = Buffer.from('%PDF-1.4\n% discharge summary\n');
    const up = await s.app.inject({ method: 'POST', url: `/me/claims/${claimRef}/documents?name=discharge.pdf`, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/pdf' }, payload: pdf });
    expect(up.statusCode, up.body).toBe(201);
    const fake = await s.app.inject({ method: 'POST', url: `/me/claims/${claimRef}/documents?name=x.png`, headers: { authorization: `Bearer ${token}`, 'content-type': 'image/png' }, payload: pdf });
    expect(fake.json().error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const exe = await s.app.inject({ method: 'POST', url: `/me/claims/${claimRef}/documents?name=x.exe`, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-msdownload' }, payload: pdf });
    expect(exe.json().error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const big = await s.app.inject({ method: 'POST', url: `/me/claims/${claimRef}/documents?name=big.pdf`, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/pdf' }, payload: Buffer.concat([pdf, Buffer.alloc(2 * 1024 * 1024)]) });
    expect(big.statusCode).toBe(413);
    expect(big.json().error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('operators see the queue and assign; investigators see only their claims; findings, then approval', async () => {
    at('2024-03-03T10:00:00+08:00');
    const queue = await s.call('operator', 'GET', '/ops/claims?status=pending');
    expect(queue.json.items.map((c: { ref: string }) => c.ref)).toContain(claimRef);
    expect((await s.call('investigator', 'GET', '/ops/claims')).json.items).toEqual([]);
    expect((await s.call('investigator', 'GET', `/ops/claims/${claimRef}`)).status).toBe(404);
    expect((await s.call('investigator', 'POST', `/ops/claims/${claimRef}/findings`, { findings: 'x' })).status).toBe(404);
    const a = await s.call('operator', 'POST', `/ops/claims/${claimRef}/assign`, { investigatorId: Number(s.ids.investigator) });
    expect(a.status, a.body).toBe(200);
    const detail = await s.call('investigator', 'GET', `/ops/claims/${claimRef}`);
    expect(detail.status).toBe(200);
    expect(detail.json.claimant.name).toBe('李明');
    expect(detail.json.claimant.idNumber).toMatch(/^31\*{15}/);
    expect(detail.json.documents).toHaveLength(1);
    const doc = await s.call('investigator', 'GET', `/ops/claims/${claimRef}/documents/${detail.json.documents[0].sha256}`);
    expect(doc.body).toContain('%PDF');
    const f = await s.call('investigator', 'POST', `/ops/claims/${claimRef}/findings`, { findings: 'Hospital records confirm the accident and surgery.' });
    expect(f.status, f.body).toBe(200);
    expect(f.json.status).toBe('investigating');
    expect((await s.call('investigator', 'POST', `/ops/claims/${claimRef}/approve`, { reason: 'x' })).status).toBe(403);
    // A 300,000-yuan claim is always sampled: the decision waits for the investigator's report.
    const sampled = await s.call('operator', 'POST', `/ops/claims/${claimRef}/approve`, { reason: 'Covered: craniotomy after an accident.' });
    expect(sampled.status, sampled.body).toBe(409);
    const inv = await s.call('investigator', 'GET', `/ops/claims/${claimRef}/investigation`);
    expect(inv.json.sampled).toBe(true);
    expect(inv.json.samplingReasons.map((r: { code: string }) => r.code)).toContain('above-amount');
    const report = await s.call('investigator', 'POST', `/ops/claims/${claimRef}/report`, { summary: 'Surgery after a fall confirmed on site.', recommendation: 'approve' });
    expect(report.status, report.body).toBe(200);
    const withReport = await s.call('operator', 'GET', `/ops/claims/${claimRef}/investigation`);
    expect(withReport.status, withReport.body).toBe(200);
    expect(withReport.json.report).toMatchObject({ summary: 'Surgery after a fall confirmed on site.', recommendation: 'approve', documents: [] });
    const ok = await s.call('operator', 'POST', `/ops/claims/${claimRef}/approve`, { reason: 'Covered: craniotomy after an accident.' }, { 'idempotency-key': 'approve-1' });
    expect(ok.status, ok.body).toBe(200);
    expect(ok.json).toMatchObject({ status: 'approved', payoutFen: 30_000_000 });
    const again = await s.call('operator', 'POST', `/ops/claims/${claimRef}/approve`, { reason: 'Covered: craniotomy after an accident.' }, { 'idempotency-key': 'approve-1' });
    expect(again.json).toEqual(ok.json);
    expect((await s.call('operator', 'POST', `/ops/claims/${claimRef}/reject`, { reason: '' })).json.error).toMatchObject({ code: 'VALIDATION' });
  });

  it('the operator runs the calendar to the charge date; the member sees the bill and the paid claim', async () => {
    at('2024-03-14T00:30:00+08:00');
    const run = await s.call('operator', 'POST', '/ops/calendar/run');
    expect(run.status, run.body).toBe(200);
    expect(run.json.plans).toContainEqual({ planId: 'xhb', throughOn: '2024-03-14' });
    const again = await s.call('operator', 'POST', '/ops/calendar/run');
    expect(again.json.plans).toEqual(run.json.plans);
    const bills = await member('GET', '/me/bills');
    expect(bills.status, bills.body).toBe(200);
    const bill = bills.json.items[0];
    expect(bill).toMatchObject({ plan: 'xhb', announcedOn: '2024-03-07', chargedOn: '2024-03-14', periodStatus: 'charged', casesTotal: 1 });
    expect(bill.lines).toHaveLength(1);
    expect(bill.totalFen).toBe(Math.min(bill.shareFen, 18_800)); // the 188-yuan annual cap binds on a 41-member plan
    expect(bill.totalFen).toBeGreaterThan(0);
    expect(bill.payment).toMatchObject({ status: 'paid', amountFen: bill.totalFen });
    expect(bill.cases[0]).toMatchObject({ name: '李**', age: 38, province: 'Shanghai', payoutFen: 30_000_000, diseaseCode: 'brain-surgery' });
    // The same page through a session not yet cached (read in one statement with the bills).
    const account = (await s.db.query<{ id: bigint }>(`SELECT id FROM accounts WHERE email = 'li.ming@example.com'`))[0]!.id;
    const uncached = await s.app.inject({ url: '/me/bills', headers: { authorization: `Bearer ${(await s.ctx.sessions.create(account, s.now.t)).token}` } });
    expect(uncached.statusCode).toBe(200);
    expect(uncached.body).toBe(bills.body);
    const claim = await member('GET', `/me/claims/${claimRef}`);
    expect(claim.json).toMatchObject({ status: 'paid', announcedOn: '2024-03-07' });
    expect(claim.json.paidAt).not.toBeNull();
    const periods = await s.call(null, 'GET', '/public/plans/xhb/periods');
    expect(periods.json.items[0]).toMatchObject({ announcedOn: '2024-03-07', cases: 1, sharingMembers: 41, status: 'charged' });
    const cases = await s.call(null, 'GET', '/public/plans/xhb/periods/2024-03-07/cases');
    expect(JSON.stringify(cases.json)).not.toContain('李明');
  });

  it('the auditor sees balanced books and the audit trail, which nobody can edit', async () => {
    const books = await s.call('auditor', 'GET', '/audit/books');
    expect(books.json.ok, JSON.stringify(books.json)).toBe(true);
    const ledger = await s.call('auditor', 'GET', '/audit/ledger?plan=xhb');
    expect(ledger.json.items.length).toBeGreaterThan(0);
    expect(JSON.stringify(ledger.json) + JSON.stringify((await s.call('auditor', 'GET', '/audit/periods')).json)).not.toMatch(/\d{17}[\dX]/);
    const trail = await s.call('auditor', 'GET', '/audit/trail');
    const actions = trail.json.items.map((t: { action: string }) => t.action);
    expect(actions).toEqual(expect.arrayContaining(['plan.create', 'claim.assign', 'claim.findings', 'claim.approve', 'calendar.run']));
    const approve = trail.json.items.find((t: { action: string }) => t.action === 'claim.approve');
    expect(approve.before.status).toBe('investigating');
    expect(approve.after.status).toBe('approved');
    await expect(s.db.query(`UPDATE audit_trail SET action = 'x'`)).rejects.toThrow(/append-only/);
    await expect(s.db.query('DELETE FROM audit_trail')).rejects.toThrow(/append-only/);
  });

  it('a severe payout ended the membership; a family member joins and quits', async () => {
    const mine = await member('GET', '/me/memberships');
    expect(mine.json.items[0].status).toBe('paid-out');
    const gone = await member('POST', `/me/memberships/${mine.json.items[0].id}/quit`);
    expect(gone.json.error.code).toBe('NOT_ACTIVE');
    expect(gone.body).not.toContain('id:');
    const child = await member('POST', '/me/people', { relation: 'child', name: '李小雨', idNumber: makeNationalId('31', '2015-09-02', 8) });
    const j = await member('POST', '/me/memberships', { plan: 'xhb', person: child.json.id, declaration: HEALTHY });
    expect(j.status, j.body).toBe(201);
    const q = await member('POST', `/me/memberships/${j.json.membershipId}/quit`);
    expect(q.status, q.body).toBe(200);
    expect(q.json).toMatchObject({ status: 'left', person: { name: '李小雨' } });
  });

  // Issue 11, item 6: back-off instead of a lock-out, the same answers for unknown e-mails, no token kept by the idempotency store.
  it('slows failed log-ins without locking the owner out, the same for unknown e-mails', async () => {
    const login = (email: string, password: string, headers?: Record<string, string>) => s.call(null, 'POST', '/auth/login', { email, password }, headers);
    const tries = async (email: string) => { const out: string[] = []; for (let i = 0; i < 5; i++) out.push((await login(email, 'wrong password')).json.error.code); return out; };
    const slowed = ['UNAUTHENTICATED', 'UNAUTHENTICATED', 'UNAUTHENTICATED', 'RATE_LIMITED', 'RATE_LIMITED']; // lockoutFailures: 3 here
    expect(await tries('li.ming@example.com')).toEqual(slowed);
    expect(await tries('nobody@example.com')).toEqual(slowed); // an unknown e-mail answers the same
    expect((await login('li.ming@example.com', PASSWORD)).json.error.code).toBe('RATE_LIMITED'); // the right password waits too
    s.now.t = new Date(s.now.t.getTime() + 1000); // one second, not 15 minutes
    expect((await login('li.ming@example.com', PASSWORD)).status).toBe(200);
  });

  it('a log-in with an Idempotency-Key stores no token; registration does not tell a taken e-mail; weak passwords are refused; an admin resets a password', async () => {
    expect((await s.call(null, 'POST', '/auth/register', { email: 'wang.fang@example.com', password: 'aaaaaaaaaa' })).json.error).toMatchObject({ code: 'VALIDATION', field: 'password' });
    const fresh = await s.call(null, 'POST', '/auth/register', { email: 'wang.fang@example.com', password: PASSWORD });
    const taken = await s.call(null, 'POST', '/auth/register', { email: 'li.ming@example.com', password: 'another long phrase here' });
    expect([fresh.status, taken.status]).toEqual([201, 201]);
    expect(Object.keys(taken.json).sort()).toEqual(Object.keys(fresh.json).sort());
    expect((await s.call(null, 'POST', '/auth/login', { email: 'li.ming@example.com', password: 'another long phrase here' })).status).toBe(401); // nothing changed
    const first = await s.call(null, 'POST', '/auth/login', { email: 'wang.fang@example.com', password: PASSWORD }, { 'idempotency-key': 'login-1' });
    expect(first.status).toBe(200);
    const stored = await s.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM http_idempotency WHERE body::text LIKE '%' || $1 || '%' OR key LIKE 'login-1%'`, [first.json.token]);
    expect(stored[0]!.n).toBe(0);
    await s.call(null, 'POST', '/auth/logout', undefined, { authorization: `Bearer ${first.json.token}` });
    const again = await s.call(null, 'POST', '/auth/login', { email: 'wang.fang@example.com', password: PASSWORD }, { 'idempotency-key': 'login-1' });
    expect(again.json.token).not.toBe(first.json.token); // never the dead token replayed
    const reset = await s.call('admin', 'POST', `/admin/accounts/${again.json.account.id}/password`);
    expect(reset.status, reset.body).toBe(200);
    expect((await s.call(null, 'GET', '/auth/session', undefined, { authorization: `Bearer ${again.json.token}` })).status).toBe(401); // its sessions ended
    expect((await s.call(null, 'POST', '/auth/login', { email: 'wang.fang@example.com', password: reset.json.password })).status).toBe(200);
    const codes = new Set<string>();
    for (let i = 0; i < 40; i++) codes.add((await s.call(null, 'POST', '/auth/login', { email: `nobody${i}@example.com`, password: 'x' })).json.error.code);
    expect(codes).toContain('RATE_LIMITED'); // the per-address budget of log-in (loginPerMinute: 40 here)
  });

  it('log-out ends the session', async () => {
    expect((await member('POST', '/auth/logout')).status).toBe(200);
    expect((await member('GET', '/me/bills')).json.error.code).toBe('UNAUTHENTICATED');
  });
});
