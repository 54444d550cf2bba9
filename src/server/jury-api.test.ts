/**
 * The member jury through HTTP (PGlite, or PostgreSQL with DATABASE_URL): members qualify with
 * the quiz; a claimant appeals a rejection; a panel of 3 is drawn and the draw is recomputed here
 * independently (node:crypto, not draw.ts) from the public draw endpoint alone; commit and reveal
 * (a wrong reveal refused); the claimant appeals the ruling to 2n+1 new jurors, the last round is
 * final and orders the claim paid. An open vote refuses the claimant's own payer account and ends
 * without a quorum. EVERY juror-facing response is scanned for the claimant's personal data.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalDate } from '../domain/local-date.ts';
import { DEFAULT_DECISION_SETTINGS, decisionSettingsToJson, type DecisionSettingsJson } from '../domain/decision-settings.ts';
import { commitmentFor, randomSalt } from '../jury/commit-reveal.ts';
import { loadDefaultQuizBank } from '../jury/quiz-bank.ts';
import { findPersonalData } from '../jury/redaction.ts';
import { getClaimByRef } from '../repositories/claims-repo.ts';
import { insertReport } from '../repositories/investigation-repo.ts';
import { upsertPayer } from '../repositories/members-repo.ts';
import { getPlan } from '../repositories/plans-repo.ts';
import { decideChallenge, fileChallenge } from '../services/challenges-service.ts';
import { approveClaim, rejectClaim } from '../services/claims-service.ts';
import { publishNotice } from '../services/notice.ts';
import { toHex } from '../domain/bytes.ts';
import { insertAccount } from '../repositories/accounts-repo.ts';
import { HEALTHY, makeNationalId, testServer, type TestServer } from './testing.ts';

let s: TestServer;
beforeAll(async () => { s = await testServer({ start: '2024-01-02T10:00:00+08:00', config: { sessionHours: 24 * 90 } }); });
afterAll(async () => { await s?.close(); });

const at = (local: string) => { s.now.t = new Date(`${local}+08:00`); };
const bank = loadDefaultQuizBank();
const RIGHT = Object.fromEntries(bank.questions.map((q) => [q.id, q.answer]));
const WRONG = Object.fromEntries(bank.questions.map((q) => [q.id, (q.answer + 1) % q.choices.length]));

/** The claimant (a family member on the claimant account); none of this may reach a juror. */
const CLAIMANT = { name: '李娜', idNumber: makeNationalId('31', '1988-03-15', 42), phone: '13912345678', address: '上海市浦东新区世纪大道100号' };

interface Member { email: string; token: string; personId: number; pseudonym?: string }

async function call(token: string | null, method: string, url: string, body?: unknown) {
  const res = await s.app.inject({
    method: method as 'GET', url, headers: token ? { authorization: `Bearer ${token}` } : {}, ...(body === undefined ? {} : { payload: body as object }),
  });
  let json: any;
  try { json = res.json(); } catch { json = undefined; }
  return { status: res.statusCode, json, body: res.body };
}

let scanned = 0;
/** Every juror-facing (and public) call goes through here: its body must hold none of the claimant's personal data. */
async function jurorCall(token: string | null, method: string, url: string, body?: unknown) {
  const res = await call(token, method, url, body);
  const hits = findPersonalData(res.json ?? res.body, CLAIMANT);
  expect(hits, `${method} ${url}: ${res.body.slice(0, 300)}`).toEqual([]);
  expect(res.body).not.toContain(CLAIMANT.name);
  scanned++;
  return res;
}

async function newMember(email: string, people: { relation: string; name: string; idNumber: string; phone?: string }[], plans: string[]): Promise<Member & { people: number[] }> {
  const id = await insertAccount(s.db, { email, passwordHash: null, role: 'member', payerId: await upsertPayer(s.db, `account:${email}`), at: s.now.t });
  const token = (await s.ctx.sessions.create(id, s.now.t)).token;
  const ids: number[] = [];
  for (const p of people) {
    const r = await call(token, 'POST', '/me/people', p);
    expect(r.status, r.body).toBe(201);
    ids.push(r.json.id);
    for (const plan of plans) {
      const j = await call(token, 'POST', '/me/memberships', { plan, person: r.json.id, declaration: HEALTHY });
      expect(j.status, j.body).toBe(201);
    }
  }
  return { email, token, personId: ids[0]!, people: ids };
}

function decisions(jury: Partial<DecisionSettingsJson['jury']>): DecisionSettingsJson {
  const d = decisionSettingsToJson(DEFAULT_DECISION_SETTINGS);
  return { ...d, jury: { ...d.jury, ...jury } };
}

// ---- an independent implementation of the draw (docs/jury.md section 7), node:crypto only ----

const u32 = (n: number) => { const b = Buffer.alloc(4); b.writeUInt32BE(n); return b; };
const sha = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest();

/** The published juror list of a draw, read page by page (small pages, to walk the paging). */
async function jurorListOf(caseId: string, round: number, limit = 5): Promise<string[]> {
  const list: string[] = [];
  let after: string | null = null;
  for (;;) {
    const r = await jurorCall(null, 'GET', `/public/jury/cases/${caseId}/rounds/${round}/jurors?limit=${limit}${after ? `&after=${after}` : ''}`);
    expect(r.status, r.body).toBe(200);
    expect(r.json.items.length).toBeLessThanOrEqual(limit);
    list.push(...r.json.items);
    after = r.json.page.next;
    if (after === null) return list;
  }
}

function recomputeDraw(d: any, jurorList: string[]): { seed: string; drawn: string[]; digest: string } {
  const record = Buffer.from(d.seedRecord.hex, 'hex');
  const seed = sha(Buffer.from('huzhu/jury-draw/v1'), u32(record.length), record, u32(d.round), Buffer.from(d.caseId, 'utf8'));
  const sorted = [...jurorList].map((p) => p.toLowerCase()).sort();
  const digest = sha(Buffer.from('huzhu/juror-list/v1'), ...sorted.map((p) => Buffer.from(p, 'hex'))).toString('hex');
  const out = new Set<string>([...d.exclusions.parties, ...d.exclusions.ineligible.map((x: { pseudonym: string }) => x.pseudonym), ...d.exclusions.drawnEarlier]);
  const list = sorted.filter((p) => !out.has(p));
  const drawn: string[] = [];
  const two64 = 1n << 64n;
  for (let i = 0; drawn.length < d.size; i++) {
    const x = sha(seed, u32(i)).readBigUInt64BE(0);
    const m = BigInt(list.length);
    if (x >= two64 - (two64 % m)) continue;
    drawn.push(list.splice(Number(x % m), 1)[0]!);
  }
  return { seed: seed.toString('hex'), drawn, digest };
}

async function leafHashAt(index: number): Promise<{ hex: string; ref: string | null }> {
  const row = (await s.db.query<{ entry: Uint8Array; ref: string | null }>('SELECT entry, ref FROM log_entries WHERE idx = $1', [index]))[0]!;
  return { hex: sha(Buffer.from([0]), Buffer.from(row.entry)).toString('hex'), ref: row.ref };
}

// ---------------------------------------------------------------------------------------------------

const jurors: Member[] = [];
let claimant: Member & { people: number[] };
let claimRef = '';
let caseId = '';
const byPseudonym = new Map<string, Member>();
const salts = new Map<string, { salt: Uint8Array; vote: 'pay' | 'reject'; justification: string }>();

describe('panel mode through the API', () => {
  it('members join two plans and qualify with the quiz (a failed attempt makes no juror)', async () => {
    const admin = async (id: string, jury: Partial<DecisionSettingsJson['jury']>) => {
      const r = await call(s.tokens.admin, 'POST', '/ops/plans', { id, name: id, preset: 'critical-illness', overrides: { annualCapFen: null, decisions: decisions(jury) } });
      expect(r.status, r.body).toBe(201);
    };
    await admin('jp', { mode: 'panel', panel: { ...DEFAULT_DECISION_SETTINGS.jury.panel, size: 3, maxRounds: 2 } });
    await admin('jo', { mode: 'open', open: { quorum: 5, durationHours: 24 } });
    claimant = await newMember('claimant@test.huzhu', [
      { relation: 'self', name: '张伟', idNumber: makeNationalId('31', '1986-07-01', 41) },
      { relation: 'spouse', name: CLAIMANT.name, idNumber: CLAIMANT.idNumber, phone: CLAIMANT.phone },
    ], ['jp', 'jo']);
    for (let i = 0; i < 12; i++) {
      jurors.push(await newMember(`juror${i}@test.huzhu`, [{ relation: 'self', name: `陈${'一二三四五六七八九十甲乙'[i]}`, idNumber: makeNationalId('11', `1980-01-${String(10 + i)}`, i) }], i < 4 ? ['jp', 'jo'] : ['jp']));
    }
    at('2024-01-03T10:00:00');
    const quiz = await jurorCall(jurors[0]!.token, 'GET', '/jury/quiz?plan=jp');
    expect(quiz.status).toBe(200);
    expect(quiz.json.questions).toHaveLength(bank.questions.length);
    expect(quiz.body).not.toContain('"answer"');
    const failed = await jurorCall(jurors[0]!.token, 'POST', '/jury/qualify', { plan: 'jp', answers: WRONG });
    expect(failed.json).toMatchObject({ quiz: { passed: false }, pseudonym: null });
    for (const m of [...jurors, claimant]) {
      for (const plan of ['jp', 'jo']) {
        if (plan === 'jo' && jurors.indexOf(m) >= 4) continue;
        const r = await jurorCall(m.token, 'POST', '/jury/qualify', { plan, answers: RIGHT });
        expect(r.status, r.body).toBe(200);
        expect(r.json.quiz.passed).toBe(true);
        expect(r.json.pseudonym).toMatch(/^[0-9a-f]{64}$/);
        if (plan === 'jp') { m.pseudonym = r.json.pseudonym; byPseudonym.set(r.json.pseudonym, m); }
      }
    }
    // Not yet a member for 30 days: qualified, but not eligible.
    const me = await jurorCall(jurors[0]!.token, 'GET', '/jury/me?plan=jp');
    expect(me.json).toMatchObject({ pseudonym: jurors[0]!.pseudonym, eligible: false, reasons: [{ code: 'tenure' }] });
  });

  it('a notice is published; the claimant files a claim; it is investigated and rejected (the reasons name the claimant)', async () => {
    await publishNotice(s.db, await getPlan(s.db, 'jp'), { announcedOn: '2024-01-21' as LocalDate, chargedOn: '2024-01-28' as LocalDate });
    at('2024-02-02T09:00:00');
    const c = await call(claimant.token, 'POST', '/me/claims', { plan: 'jp', person: claimant.people[1], diagnosedOn: '2024-02-01', severity: 'severe', cause: 'accident', diseaseCode: 'brain-surgery' });
    expect(c.status, c.body).toBe(201);
    claimRef = c.json.ref;
    const claim = await getClaimByRef(s.db, claimRef);
    await insertReport(s.db, {
      claimId: claim.id, investigator: 'investigator:3', recommendation: 'reject', submittedAt: new Date('2024-02-04T10:00:00+08:00'),
      summary: `${CLAIMANT.name} was seen at the hospital; the phone ${CLAIMANT.phone.slice(0, 3)} ${CLAIMANT.phone.slice(3, 7)} ${CLAIMANT.phone.slice(7)} on file answered; the injury date is disputed.`,
      documents: [
        { id: 'doc-1', title: `Discharge summary of ${CLAIMANT.name}`, contentHash: 'a'.repeat(64), forJurors: true, redactedHash: 'b'.repeat(64) },
        { id: 'doc-2', title: 'ID card copy', contentHash: 'c'.repeat(64), forJurors: false, redactedHash: null },
      ],
    });
    await rejectClaim(s.db, { claim: claimRef, reason: `${CLAIMANT.name}'s records (tel. ${CLAIMANT.phone}, ID ${CLAIMANT.idNumber}) show the injury before joining.` },
      { key: 'reject-1', actor: `operator:${s.ids.operator}`, at: new Date('2024-02-05T10:00:00+08:00') });
    // An automatic-check rejection is not appealable to the jury.
    const ill = await call(claimant.token, 'POST', '/me/claims', { plan: 'jp', person: claimant.people[1], diagnosedOn: '2024-02-01', severity: 'severe', cause: 'illness', diseaseCode: 'lung-cancer' });
    expect(ill.json.error.code).toBe('WAITING_PERIOD');
    const mine = await call(claimant.token, 'GET', '/me/claims');
    const auto = mine.json.items.find((x: { rejectCode: string | null }) => x.rejectCode === 'WAITING_PERIOD');
    const refused = await call(claimant.token, 'POST', `/me/claims/${auto.ref}/appeal`);
    expect(refused.status).toBe(403);
    expect(refused.json.error.code).toBe('NOT_ENTITLED');
    expect(refused.json.error.message).toMatch(/published rules.*not appealable/);
    expect((await call(jurors[0]!.token, 'POST', `/me/claims/${claimRef}/appeal`)).status).toBe(404);
  });

  it('the claimant appeals; the panel draw is recomputed independently from the public draw data', async () => {
    at('2024-02-08T10:00:00');
    const a = await call(claimant.token, 'POST', `/me/claims/${claimRef}/appeal`);
    expect(a.status, a.body).toBe(201);
    expect(a.json).toMatchObject({ claim: claimRef, kind: 'claim-rejected', mode: 'panel', status: 'open', statusQuo: 'reject', round: 0 });
    caseId = a.json.id;
    const d = await jurorCall(null, 'GET', `/public/jury/cases/${caseId}/rounds/0/draw`);
    expect(d.status, d.body).toBe(200);
    expect(d.json).toMatchObject({ algorithm: 'huzhu/jury-draw/v1', caseId, round: 0, size: 3 });
    // The seed record is the notice published before the case opened.
    const leaf = await leafHashAt(d.json.seedRecord.logIndex);
    expect(leaf).toEqual({ hex: d.json.seedRecord.hex, ref: 'notice.published/jp/2024-01-21' });
    expect(d.json.seedRecord.ref).toBe('notice.published/jp/2024-01-21');
    // The list: every juror qualified before the record; the claimant's payer account excluded.
    const jurorList = await jurorListOf(caseId, 0);
    expect(d.json.jurorListSize).toBe(13);
    expect(jurorList).toHaveLength(13);
    expect(jurorList).toEqual([...jurorList].sort());
    expect((await jurorCall(null, 'GET', `/public/jury/cases/${caseId}/rounds/0/jurors?after=${jurorList[12]}`)).json).toEqual({ items: [], page: { limit: 1000, after: jurorList[12], next: null } });
    expect((await jurorCall(null, 'GET', `/public/jury/cases/${caseId}/rounds/0/jurors?after=XYZ`)).json.error).toMatchObject({ code: 'VALIDATION', field: 'querystring.after' });
    expect((await jurorCall(null, 'GET', `/public/jury/cases/${caseId}/rounds/5/jurors`)).json.error.code).toBe('NOT_FOUND');
    expect(d.json.exclusions.parties).toEqual([claimant.pseudonym]);
    expect(d.json.exclusions.ineligible).toEqual([]);
    const mine = recomputeDraw(d.json, jurorList);
    expect(mine.seed).toBe(d.json.seed);
    expect(mine.digest).toBe(d.json.jurorListDigest);
    expect(mine.drawn).toEqual(d.json.panel);
    expect(d.json.panel).not.toContain(claimant.pseudonym);
    const pub = await jurorCall(null, 'GET', `/public/jury/cases/${caseId}`);
    expect(pub.json.rounds[0]).toMatchObject({ round: 0, status: 'open', panel: d.json.panel, result: null });
  });

  it('drawn jurors see only the redacted case; others and the parties are refused', async () => {
    const panel: string[] = (await jurorCall(null, 'GET', `/public/jury/cases/${caseId}/rounds/0/draw`)).json.panel;
    for (const p of panel) {
      const m = byPseudonym.get(p)!;
      const list = await jurorCall(m.token, 'GET', '/jury/cases');
      expect(list.json.items).toContainEqual(expect.objectContaining({ id: caseId, mode: 'panel', round: 0, phase: 'commit', mine: 'none' }));
      const v = await jurorCall(m.token, 'GET', `/jury/cases/${caseId}`);
      expect(v.status, v.body).toBe(200);
      expect(v.json).toMatchObject({
        caseId, claimant: { maskedName: '李**', ageAtDiagnosis: 35, province: 'Shanghai' }, severity: 'severe', cause: 'accident', diagnosedMonth: '2024-02',
        payoutYuan: '300000', dispute: { kind: 'claim-rejected', challengeReason: null },
        documents: [{ id: 'doc-1', title: 'Discharge summary of 李**', redactedHash: 'b'.repeat(64) }],
      });
      expect(v.json.dispute.decisionReason).toContain('[电话已隐去]');
      expect(v.json.dispute.decisionReason).toContain('[身份证号已隐去]');
      expect(v.json.investigationSummary).toContain('[电话已隐去]');
    }
    const outsider = jurors.find((j) => !panel.includes(j.pseudonym!))!;
    const refused = await jurorCall(outsider.token, 'GET', `/jury/cases/${caseId}`);
    expect(refused.status).toBe(403);
    expect(refused.json.error.code).toBe('NOT_ENTITLED');
    expect((await jurorCall(outsider.token, 'GET', '/jury/cases')).json.items).toEqual([]);
    const party = await call(claimant.token, 'GET', `/jury/cases/${caseId}`);
    expect(party.status).toBe(403);
    expect(party.json.error.code).toBe('NOT_ENTITLED');
    expect((await jurorCall(outsider.token, 'GET', '/jury/cases/999999')).status).toBe(404);
  });

  it('commit and reveal: hidden votes, a wrong reveal refused (REVEAL_MISMATCH), a correct one accepted; a juror who does not vote gets a miss', async () => {
    const panel: string[] = (await jurorCall(null, 'GET', `/public/jury/cases/${caseId}/rounds/0/draw`)).json.panel;
    const [d0, d1] = panel;
    at('2024-02-08T12:00:00');
    for (const p of [d0!, d1!]) {
      const ballot = { vote: 'reject' as const, justification: 'The records show the injury happened before joining the plan.', salt: randomSalt() };
      salts.set(p, ballot);
      const commitment = commitmentFor({ caseId, round: 0, juror: p, vote: ballot.vote, justification: ballot.justification, salt: ballot.salt });
      const r = await jurorCall(byPseudonym.get(p)!.token, 'POST', `/jury/cases/${caseId}/commit`, { commitment });
      expect(r.status, r.body).toBe(200);
      expect(r.json).toMatchObject({ case: caseId, round: 0, commitment });
    }
    const again = await jurorCall(byPseudonym.get(d0!)!.token, 'POST', `/jury/cases/${caseId}/commit`, { commitment: 'f'.repeat(64) });
    expect(again.json.error.code).toBe('ALREADY_VOTED');
    const outsider = jurors.find((j) => !panel.includes(j.pseudonym!))!;
    expect((await jurorCall(outsider.token, 'POST', `/jury/cases/${caseId}/commit`, { commitment: 'f'.repeat(64) })).json.error.code).toBe('NOT_DRAWN');
    const early = salts.get(d0!)!;
    const tooEarly = await jurorCall(byPseudonym.get(d0!)!.token, 'POST', `/jury/cases/${caseId}/reveal`, { vote: early.vote, justification: early.justification, salt: toHex(early.salt) });
    expect(tooEarly.json.error.code).toBe('WRONG_PHASE');
    // Nothing about the votes is public before the close.
    expect((await jurorCall(null, 'GET', `/public/jury/cases/${caseId}`)).json.rounds[0].result).toBeNull();

    at('2024-02-10T11:00:00'); // the reveal phase (commit closed after 48 hours)
    const wrong = await jurorCall(byPseudonym.get(d0!)!.token, 'POST', `/jury/cases/${caseId}/reveal`, { vote: 'pay', justification: early.justification, salt: toHex(early.salt) });
    expect(wrong.status).toBe(422);
    expect(wrong.json.error.code).toBe('REVEAL_MISMATCH');
    const badSalt = await jurorCall(byPseudonym.get(d0!)!.token, 'POST', `/jury/cases/${caseId}/reveal`, { vote: early.vote, justification: early.justification, salt: '0'.repeat(64) });
    expect(badSalt.json.error.code).toBe('REVEAL_MISMATCH');
    for (const p of [d0!, d1!]) {
      const b = salts.get(p)!;
      const r = await jurorCall(byPseudonym.get(p)!.token, 'POST', `/jury/cases/${caseId}/reveal`, { vote: b.vote, justification: b.justification, salt: toHex(b.salt) });
      expect(r.status, r.body).toBe(200);
      expect(r.json).toMatchObject({ case: caseId, round: 0, vote: 'reject' });
    }
    expect((await jurorCall(null, 'GET', `/public/jury/cases/${caseId}`)).json.rounds[0].result).toBeNull();

    at('2024-02-11T10:30:00'); // after the reveal closed (24 hours)
    const closed = await call(s.tokens.operator, 'POST', '/ops/jury/close-due');
    expect(closed.status, closed.body).toBe(200);
    expect(closed.json).toMatchObject({ closed: 1 });
    const pub = await jurorCall(null, 'GET', `/public/jury/cases/${caseId}`);
    expect(pub.json.status).toBe('open');
    expect(pub.json.rounds[0].result).toMatchObject({ tally: { pay: 0, reject: 2, valid: 2 }, ruling: 'reject', decidedBy: 'majority', misses: [panel[2]] });
    expect(pub.json.rounds[0].result.justifications).toEqual([d0!, d1!].map((p) => ({ juror: p, vote: 'reject', justification: salts.get(p)!.justification })));
    expect(pub.json.appeal).toMatchObject({ side: 'claimant', nextRound: 1, nextSize: 7 });
    const missed = await jurorCall(byPseudonym.get(panel[2]!)!.token, 'GET', '/jury/me?plan=jp');
    expect(missed.json).toMatchObject({ misses: 1, eligible: true });
  });

  it('the claimant appeals the ruling: 2n+1 = 7 new jurors, earlier jurors excluded, seeded by the round\'s result entry', async () => {
    at('2024-02-12T10:00:00');
    const round0: string[] = (await jurorCall(null, 'GET', `/public/jury/cases/${caseId}/rounds/0/draw`)).json.panel;
    const notParty = await jurorCall(byPseudonym.get(round0[0]!)!.token, 'POST', `/jury/cases/${caseId}/appeal`);
    expect(notParty.json.error.code).toBe('NOT_ENTITLED');
    const a = await call(claimant.token, 'POST', `/jury/cases/${caseId}/appeal`);
    expect(a.status, a.body).toBe(201);
    expect(a.json).toMatchObject({ id: caseId, round: 1, status: 'open' });
    const d = await jurorCall(null, 'GET', `/public/jury/cases/${caseId}/rounds/1/draw`);
    expect(d.json).toMatchObject({ round: 1, size: 7 });
    expect(d.json.exclusions.drawnEarlier).toEqual([...round0].sort());
    expect(d.json.seedRecord.ref).toBe(`jury.round/${caseId}/0`);
    expect((await leafHashAt(d.json.seedRecord.logIndex)).hex).toBe(d.json.seedRecord.hex);
    const mine = recomputeDraw(d.json, await jurorListOf(caseId, 1, 4));
    expect(mine.drawn).toEqual(d.json.panel);
    expect(mine.seed).toBe(d.json.seed);
    expect(d.json.panel.filter((p: string) => round0.includes(p))).toEqual([]);
    expect(d.json.panel).not.toContain(claimant.pseudonym);
  });

  it('the last round is final: ruled pay, the claim is approved again and queued for the next notice; coherence records follow the final ruling', async () => {
    const panel: string[] = (await jurorCall(null, 'GET', `/public/jury/cases/${caseId}/rounds/1/draw`)).json.panel;
    const voters = panel.slice(0, 4);
    at('2024-02-12T11:00:00');
    for (const p of voters) {
      const b = { vote: 'pay' as const, justification: 'The hospital dates show the injury after joining.', salt: randomSalt() };
      salts.set(p, b);
      const r = await jurorCall(byPseudonym.get(p)!.token, 'POST', `/jury/cases/${caseId}/commit`, { commitment: commitmentFor({ caseId, round: 1, juror: p, ...b }) });
      expect(r.status, r.body).toBe(200);
    }
    at('2024-02-14T12:00:00');
    for (const p of voters) {
      const b = salts.get(p)!;
      expect((await jurorCall(byPseudonym.get(p)!.token, 'POST', `/jury/cases/${caseId}/reveal`, { vote: b.vote, justification: b.justification, salt: toHex(b.salt) })).status).toBe(200);
    }
    at('2024-02-15T12:00:00');
    expect((await call(s.tokens.operator, 'POST', '/ops/jury/close-due')).json).toMatchObject({ closed: 1 });
    const pub = await jurorCall(null, 'GET', `/public/jury/cases/${caseId}`);
    expect(pub.json).toMatchObject({ status: 'final', ruling: 'pay', decidedBy: 'majority', effect: 'approved', finalRound: 1, appeal: null });
    expect(pub.json.rounds[1].result).toMatchObject({ tally: { pay: 4, reject: 0, valid: 4 }, ruling: 'pay' });
    const c = await getClaimByRef(s.db, claimRef);
    expect(c).toMatchObject({ status: 'approved', payoutFen: 30_000_000n, decidedBy: 'jury', juryRuled: true, noticedOn: null, periodId: null });
    expect((await call(claimant.token, 'GET', `/me/claims/${claimRef}`)).json).toMatchObject({ status: 'approved', payoutFen: 30_000_000 });
    const final = await call(claimant.token, 'POST', `/jury/cases/${caseId}/appeal`);
    expect(final.json.error.code).toBe('CONFLICT');
    const winner = await jurorCall(null, 'GET', `/public/jurors/${voters[0]}`);
    expect(winner.json.coherence).toEqual({ votes: 1, matched: 1, percent: 100 });
    const round0 = [...salts.keys()].find((p) => salts.get(p)!.vote === 'reject')!;
    expect((await jurorCall(null, 'GET', `/public/jurors/${round0}`)).json.coherence).toEqual({ votes: 1, matched: 0, percent: 0 });
    const missers = panel.slice(4);
    expect((await jurorCall(byPseudonym.get(missers[0]!)!.token, 'GET', '/jury/me?plan=jp')).json.misses).toBeGreaterThanOrEqual(1);
  });
});

describe('open mode through the API', () => {
  let openCase = '';
  it('the claimant\'s own payer account cannot vote; qualified jurors vote; a vote in the last hour extends the close', async () => {
    at('2024-02-16T09:00:00');
    const c = await call(claimant.token, 'POST', '/me/claims', { plan: 'jo', person: claimant.people[1], diagnosedOn: '2024-02-15', severity: 'severe', cause: 'accident', diseaseCode: 'brain-surgery' });
    expect(c.status, c.body).toBe(201);
    await rejectClaim(s.db, { claim: c.json.ref, reason: `Rejected: ${CLAIMANT.name} (${CLAIMANT.phone}) was not covered at the time.` },
      { key: 'reject-open', actor: `operator:${s.ids.operator}`, at: new Date('2024-02-16T10:00:00+08:00') });
    at('2024-02-16T11:00:00');
    const a = await call(claimant.token, 'POST', `/me/claims/${c.json.ref}/appeal`);
    expect(a.status, a.body).toBe(201);
    expect(a.json).toMatchObject({ mode: 'open', round: 0 });
    openCase = a.json.id;
    const own = await call(claimant.token, 'POST', `/jury/cases/${openCase}/vote`, { vote: 'pay' });
    expect(own.status).toBe(403);
    expect(own.json.error.code).toBe('NOT_ENTITLED');
    expect((await call(claimant.token, 'GET', `/jury/cases/${openCase}`)).json.error.code).toBe('NOT_ENTITLED');
    expect((await jurorCall(jurors[5]!.token, 'POST', `/jury/cases/${openCase}/vote`, { vote: 'pay' })).json.error.code).toBe('NOT_QUALIFIED');
    for (const j of jurors.slice(0, 2)) {
      expect((await jurorCall(j.token, 'GET', '/jury/cases')).json.items).toContainEqual(expect.objectContaining({ id: openCase, mode: 'open', phase: 'vote' }));
      expect((await jurorCall(j.token, 'GET', `/jury/cases/${openCase}`)).status).toBe(200);
      const v = await jurorCall(j.token, 'POST', `/jury/cases/${openCase}/vote`, { vote: 'pay' });
      expect(v.status, v.body).toBe(200);
    }
    expect((await jurorCall(null, 'GET', `/public/jury/cases/${openCase}`)).json.rounds[0].runningTally).toEqual({ pay: 2, reject: 0, valid: 2 });
    at('2024-02-17T10:40:00'); // 20 minutes before the close
    const late = await jurorCall(jurors[2]!.token, 'POST', `/jury/cases/${openCase}/vote`, { vote: 'reject' });
    expect(late.json).toMatchObject({ tally: { pay: 2, reject: 1, valid: 3 }, closesAt: new Date('2024-02-17T12:00:00+08:00').toISOString() });
  });

  it('quorum not reached: the rejection stands (no-quorum), published with the tally after the close', async () => {
    at('2024-02-17T11:30:00');
    expect((await call(s.tokens.operator, 'POST', '/ops/jury/close-due')).json).toMatchObject({ closed: 0 });
    at('2024-02-17T12:00:00');
    expect((await call(s.tokens.operator, 'POST', '/ops/jury/close-due')).json).toMatchObject({ closed: 1 });
    const pub = await jurorCall(null, 'GET', `/public/jury/cases/${openCase}`);
    expect(pub.json).toMatchObject({ status: 'final', ruling: 'reject', decidedBy: 'no-quorum', effect: 'unchanged' });
    expect(pub.json.rounds[0]).toMatchObject({ runningTally: null, result: { tally: { pay: 2, reject: 1, valid: 3 }, decidedBy: 'no-quorum', justifications: [] } });
    expect(scanned).toBeGreaterThan(60);
  });
});

describe('a challenger appeals the dismissal of their challenge', () => {
  it('only the challenger\'s account may; the claim is held out of sharing; the challenger is excluded from the panel', async () => {
    at('2024-02-18T09:00:00');
    const c = await call(claimant.token, 'POST', '/me/claims', { plan: 'jp', person: claimant.people[0], diagnosedOn: '2024-02-17', severity: 'severe', cause: 'accident', diseaseCode: 'brain-surgery' });
    expect(c.status, c.body).toBe(201);
    await approveClaim(s.db, { claim: c.json.ref, reason: 'Hospital records confirm the accident.' }, { key: 'approve-ch', actor: 'operator:1', at: new Date('2024-02-18T10:00:00+08:00') });
    await publishNotice(s.db, await getPlan(s.db, 'jp'), { announcedOn: '2024-02-21' as LocalDate, chargedOn: '2024-02-28' as LocalDate });
    const challenger = jurors[4]!;
    const ref = (await s.db.query<{ id_hash: string }>(`SELECT id_hash FROM people WHERE id = $1`, [challenger.personId]))[0]!.id_hash;
    await fileChallenge(s.db, {
      challenge: 'CH-1', claim: c.json.ref, person: ref, reason: 'The accident was staged, according to a witness.',
      documents: [{ name: 'witness.pdf', mediaType: 'application/pdf', content: Buffer.from('%PDF-1.4 witness statement') }],
    }, { key: 'challenge-1', actor: 'member', at: new Date('2024-02-21T12:00:00+08:00') });
    await decideChallenge(s.db, { challenge: 'CH-1', upheld: false, reason: 'The witness statement is not credible.' }, { key: 'dismiss-1', actor: 'operator:2', at: new Date('2024-02-22T10:00:00+08:00') });
    expect(await getClaimByRef(s.db, c.json.ref)).toMatchObject({ status: 'approved', noticedOn: null });
    at('2024-02-23T10:00:00');
    expect((await call(jurors[5]!.token, 'POST', '/me/challenges/CH-1/appeal')).status).toBe(404);
    const a = await call(challenger.token, 'POST', '/me/challenges/CH-1/appeal');
    expect(a.status, a.body).toBe(201);
    expect(a.json).toMatchObject({ claim: c.json.ref, kind: 'challenge-dismissed', mode: 'panel', statusQuo: 'pay', round: 0 });
    expect(await getClaimByRef(s.db, c.json.ref)).toMatchObject({ status: 'challenged' });
    const d = await jurorCall(null, 'GET', `/public/jury/cases/${a.json.id}/rounds/0/draw`);
    expect([...d.json.exclusions.parties].sort()).toEqual([claimant.pseudonym, challenger.pseudonym].sort());
    expect(recomputeDraw(d.json, await jurorListOf(a.json.id, 0, 1000)).drawn).toEqual(d.json.panel);
    expect((await call(challenger.token, 'GET', `/jury/cases/${a.json.id}`)).json.error.code).toBe('NOT_ENTITLED');
  });
});
