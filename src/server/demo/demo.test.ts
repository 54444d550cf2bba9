/**
 * The demo shows a living platform: a seeded jury history (a challenge, an appeal, a verdict),
 * a quiz in the demo plan's own amounts, and a demo clock the demo operator moves to the next
 * announcement and charge, refused on any installation that is not a demo.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkBooks } from '../../services/books-check.ts';
import { DEMO_PLAN, seedDemo, type DemoAccount } from '../seed.ts';
import { testServer, type TestServer } from '../testing.ts';
import { DEMO_JURY_QUORUM, DEMO_PANEL_PLAN, DEMO_PANEL_SIZE } from '../../domain/demo-plan.ts';
import { commitmentFor } from '../../jury/commit-reveal.ts';

describe('the demo clock on an installation that is not a demo', () => {
  let s: TestServer;
  beforeAll(async () => { s = await testServer(); });
  afterAll(async () => { await s?.close(); });

  it('says so and refuses to move, with DEMO_ONLY', async () => {
    const before = s.ctx.clock().getTime();
    const get = await s.call('operator', 'GET', '/ops/demo/clock');
    expect(get.status).toBe(200);
    expect(get.json).toMatchObject({ demo: false, offsetMinutes: 0, plan: null, nextAnnouncement: null });
    const post = await s.call('operator', 'POST', '/ops/demo/clock', { to: 'announcement' });
    expect(post.status).toBe(409);
    expect(post.json.error.code).toBe('DEMO_ONLY');
    expect(s.ctx.clock().getTime()).toBe(before);
  });
});

describe('the demo installation', () => {
  let s: TestServer;
  let accounts: DemoAccount[];
  const login = async (email: string) => {
    const a = accounts.find((x) => x.email === email)!;
    return (await s.call(null, 'POST', '/auth/login', { email, password: a.password })).json.token as string;
  };
  const as = async (token: string, method: string, url: string, body?: object) => {
    const res = await s.app.inject({ method: method as 'GET', url, headers: { authorization: `Bearer ${token}` }, ...(body ? { payload: body } : {}) });
    return { status: res.statusCode, json: res.json() };
  };
  beforeAll(async () => {
    s = await testServer({ start: '2024-06-20T12:00:00+08:00' });
    await s.db.exec('DELETE FROM sessions; DELETE FROM accounts');
    accounts = (await seedDemo(s.ctx, { members: 90, months: 3 }))!;
  });
  afterAll(async () => { await s?.close(); });

  it('has a history: a challenge dismissed, appealed and decided by a jury verdict, and an appeal open for votes', async () => {
    const member = await login('member@demo.huzhu');
    const mine = await as(member, 'GET', '/me/challenges');
    expect(mine.json.items).toEqual([expect.objectContaining({ claim: 'DEMO-H1' })]);
    const cases = await s.db.query<{ id: bigint; status: string; kind: string }>(`SELECT id, status, kind FROM jury_cases WHERE plan_id = '${DEMO_PLAN}' ORDER BY id`);
    expect(cases.map((c) => [c.kind, c.status])).toEqual([['challenge-dismissed', 'final'], ['claim-rejected', 'open']]);
    const verdict = (await s.call(null, 'GET', `/public/jury/cases/${cases[0]!.id}`)).json;
    expect(verdict).toMatchObject({ claim: 'DEMO-H1', status: 'final', ruling: 'pay', decidedBy: expect.any(String) });
    const open = (await s.call(null, 'GET', `/public/jury/cases/${cases[1]!.id}`)).json;
    expect(open).toMatchObject({ claim: 'DEMO-H2', status: 'open', statusQuo: 'reject' });
    const [round] = await s.db.query<{ pay: number; reject: number }>('SELECT pay, reject FROM jury_rounds WHERE case_id = $1', [cases[1]!.id]);
    expect(round!.pay + round!.reject).toBe(DEMO_JURY_QUORUM - 1);
    expect((await checkBooks(s.db)).ok).toBe(true);
  });

  it('has panel duty: a case in the panel plan in its commit phase, the demo member drawn; commit, reveal and the tally through the demo clock', async () => {
    const member = await login('member@demo.huzhu');
    const duty = (await as(member, 'GET', '/jury/cases')).json.items as { id: string; plan: string; mode: string; phase: string; round: number; mine: string }[];
    const item = duty.find((d) => d.plan === DEMO_PANEL_PLAN)!;
    expect(item).toMatchObject({ mode: 'panel', phase: 'commit', round: 0, mine: 'none' });
    expect((await s.call(null, 'GET', `/public/jury/cases/${item.id}`)).json).toMatchObject({ claim: 'DEMO-P1', status: 'open', statusQuo: 'reject' });
    const [draw] = await s.db.query<{ panel: string[] }>('SELECT panel FROM jury_draws WHERE case_id = $1', [item.id]);
    expect(draw!.panel).toHaveLength(DEMO_PANEL_SIZE);
    const me = (await as(member, 'GET', `/jury/me?plan=${DEMO_PANEL_PLAN}`)).json;
    expect(me.eligible).toBe(true);
    expect(draw!.panel).toContain(me.pseudonym);

    const salt = new Uint8Array(32).fill(7);
    const justification = 'The landlord\'s statement gives a date; the claim gives another.';
    const commitment = commitmentFor({ caseId: item.id, round: 0, juror: me.pseudonym, vote: 'reject', justification, salt });
    const committed = await as(member, 'POST', `/jury/cases/${item.id}/commit`, { commitment });
    expect(committed.status, JSON.stringify(committed.json)).toBe(200);
    const operator = await login('operator@demo.huzhu');
    // Each move goes to the next jury deadline: first the open vote's end (a day away), then this commit phase's (two days).
    const mine = async () => (await as(member, 'GET', '/jury/cases')).json.items.find((d: { id: string }) => d.id === item.id);
    for (let i = 0; i < 2 && (await mine()).phase === 'commit'; i++) {
      const moved = await as(operator, 'POST', '/ops/demo/clock', { to: 'jury' });
      expect(moved.status, JSON.stringify(moved.json)).toBe(200);
    }
    expect(await mine()).toMatchObject({ phase: 'reveal', mine: 'committed' });
    const rev = await as(member, 'POST', `/jury/cases/${item.id}/reveal`, { vote: 'reject', justification, salt: Buffer.from(salt).toString('hex') });
    expect(rev.status, JSON.stringify(rev.json)).toBe(200);
    expect((await as(operator, 'POST', '/ops/demo/clock', { to: 'jury' })).status).toBe(200);
    const after = (await s.call(null, 'GET', `/public/jury/cases/${item.id}`)).json;
    expect(after.rounds[0]).toMatchObject({ status: 'closed', result: { tally: { pay: 0, reject: 1, valid: 1 }, ruling: 'reject' } });
    expect(JSON.stringify(after.rounds[0].result)).toContain(justification);
    expect((await checkBooks(s.db)).ok).toBe(true);
  });

  it('asks the quiz in the demo plan\'s own amounts', async () => {
    const quiz = await as(await login('member@demo.huzhu'), 'GET', `/jury/quiz?plan=${DEMO_PLAN}`);
    const text = JSON.stringify(quiz.json);
    expect(text).toContain('300 yuan');
    expect(text).toContain('300元');
    expect(text).toContain(`At least ${DEMO_JURY_QUORUM} valid votes`);
    expect(text).not.toMatch(/300,000|30万元|\{payout/);
  });

  it('moves to the next announcement, then the charge, and the calendar runs through each; sessions survive the jump', async () => {
    const operator = await login('operator@demo.huzhu');
    const start = (await as(operator, 'GET', '/ops/demo/clock')).json;
    // The panel-duty test before this one moved the clock past two jury deadlines already.
    expect(start).toMatchObject({ demo: true, plan: DEMO_PLAN });
    expect(start.notice).toMatch(/DEMO CLOCK/);

    const a = await as(operator, 'POST', '/ops/demo/clock', { to: 'announcement' });
    expect(a.status).toBe(200);
    expect(a.json.today).toBe(start.nextAnnouncement);
    expect(a.json.offsetMinutes).toBeGreaterThan(start.offsetMinutes);
    expect(a.json.calendar).toContainEqual({ planId: DEMO_PLAN, throughOn: start.nextAnnouncement });
    const notices = (await s.call(null, 'GET', `/public/plans/${DEMO_PLAN}/notices?limit=1`)).json.items;
    expect(notices[0].announcedOn).toBe(start.nextAnnouncement);

    const c = await as(operator, 'POST', '/ops/demo/clock', { to: 'charge' });
    expect(c.status).toBe(200);
    expect(c.json.today).toBe(a.json.nextCharge);
    expect(c.json.calendar).toContainEqual({ planId: DEMO_PLAN, throughOn: a.json.nextCharge });
    const period = (await s.call(null, 'GET', `/public/plans/${DEMO_PLAN}/periods/${start.nextAnnouncement}`));
    expect(period.status, JSON.stringify(period.json)).toBe(200);
    expect(period.json.chargedOn).toBe(a.json.nextCharge);
    expect((await checkBooks(s.db)).ok).toBe(true);
    // The open vote's 24 hours are over: the calendar closed it (one vote short of the quorum: the rejection stands).
    const open = (await s.db.query<{ id: bigint }>(`SELECT id FROM jury_cases WHERE kind = 'claim-rejected' AND plan_id = '${DEMO_PLAN}'`))[0]!;
    expect((await s.call(null, 'GET', `/public/jury/cases/${open.id}`)).json).toMatchObject({ status: 'final', ruling: 'reject' });
    // The operator's session moved with the clock; the server's clock is the demo clock.
    expect((await as(operator, 'GET', '/ops/calendar')).status).toBe(200);
    expect(s.ctx.clock().toISOString()).toBe(c.json.now);
    expect((await as(await login('auditor@demo.huzhu'), 'POST', '/ops/demo/clock', { to: 'charge' })).status).toBe(403);
    // Every round is closed now (the panel's, the open vote's): there is no jury deadline to move to.
    const none = await as(operator, 'POST', '/ops/demo/clock', { to: 'jury' });
    expect([none.status, none.json.error.code]).toEqual([409, 'CONFLICT']);
    expect((await as(operator, 'GET', '/ops/demo/clock')).json.now).toBe(c.json.now);
  });
});
