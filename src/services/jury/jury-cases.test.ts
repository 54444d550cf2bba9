/**
 * The jury service on the database (PGlite, or PostgreSQL with DATABASE_URL): open votes with the
 * quorum, the late-vote extension, the effect of rulings on the claim, appeals that are refused,
 * a challenger's appeal closed by a recorded verdict (no jurors at all), and misses ending a
 * juror's eligibility. The HTTP side (panel draws, commit and reveal, redaction) is in
 * src/server/jury-api.test.ts.
 */
import { findEntryByRef } from '../../transparency/store/log-store.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/database.ts';
import type { LocalDate } from '../../domain/local-date.ts';
import type { PlanRulesJson } from '../../domain/plan-rules.ts';
import { DEFAULT_DECISION_SETTINGS, decisionSettingsToJson, type DecisionSettingsJson } from '../../domain/decision-settings.ts';
import { claimsToNotice, getClaimByRef } from '../../repositories/claims-repo.ts';
import { findChallenge } from '../../repositories/challenges-repo.ts';
import { getPlan } from '../../repositories/plans-repo.ts';
import { testDb } from '../../test-support/test-db.ts';
import { decodeLogEntry } from '../../transparency/core/canonical-json.ts';
import { enrolBulk } from '../bulk-enrolment.ts';
import { decideChallenge, fileChallenge } from '../challenges-service.ts';
import { approveClaim, fileClaim, rejectClaim } from '../claims-service.ts';
import type { Action } from '../idempotent.ts';
import { openAppeal, recordVerdict } from './appeals.ts';
import { publicCase, publicDraw, publicJuror } from './public-views.ts';
import { importQualifiedJurors, jurorStatus, recordFraudFinding } from './qualification.ts';
import { closeDueJuryRounds } from './rounds-clock.ts';
import { castVote } from './voting.ts';
import { publishNotice } from '../notice.ts';
import { createPlan } from '../plans-service.ts';
import { runDay } from '../calendar-runner.ts';
import { simulatedProvider } from '../../payments/simulated-provider.ts';

const sh = (local: string): Date => new Date(`${local}+08:00`);
let n = 0;
const act = (at: string, actor = 't'): Action => ({ key: `k${++n}`, actor, at: sh(at) });

export function juryDecisions(jury: Partial<DecisionSettingsJson['jury']>): DecisionSettingsJson {
  const d = decisionSettingsToJson(DEFAULT_DECISION_SETTINGS);
  return { ...d, jury: { ...d.jury, ...jury } };
}

async function plan(db: Db, id: string, jury: Partial<DecisionSettingsJson['jury']>): Promise<void> {
  const overrides: Partial<PlanRulesJson> = { annualCapFen: null, decisions: juryDecisions(jury) };
  await createPlan(db, { id, preset: 'critical-illness', overrides }, act('2024-01-02T09:00'));
}

async function enrol(db: Db, planId: string, people: [person: string, payer: string, birthDate?: string][]): Promise<void> {
  await enrolBulk(db, planId, people.map(([person, payer, birthDate]) => ({ person, payer, birthDate: (birthDate ?? '1985-05-01') as LocalDate })), act('2024-01-02T10:00'));
}

/** A severe accident claim (no waiting period), rejected by an operator. */
async function rejectedClaim(db: Db, planId: string, claim: string, person: string, rejectedAt = '2024-02-10T10:00'): Promise<void> {
  await fileClaim(db, { plan: planId, claim, person, diagnosedOn: '2024-02-01', severity: 'severe', cause: 'accident' }, act('2024-02-02T09:00'));
  await rejectClaim(db, { claim, reason: 'The hospital records do not show the injury claimed.' }, act(rejectedAt, 'operator:1'));
}

let db: Db;
beforeAll(async () => { db = await testDb(); });
afterAll(async () => { await db?.close(); });

describe('open mode (Xiang Hu Bao): quorum, late votes, effects', () => {
  const open = { mode: 'open' as const, open: { quorum: 5, durationHours: 24 } };
  let caseId = '';

  it('a qualified juror votes once; the claimant\'s own payer account may not; a vote in the last hour extends the close', async () => {
    await plan(db, 'op', open);
    await enrol(db, 'op', [
      ['j0', 'pj0'], ['j1', 'pj1'], ['j2', 'pj2'], ['j3', 'pj3'], ['j4', 'pj4'], ['j5', 'pj5'],
      ['cl', 'pcl'], ['fam', 'pcl'], ['cl2', 'pcl2'],
    ]);
    await importQualifiedJurors(db, { plan: 'op', persons: ['j0', 'j1', 'j2', 'j3', 'j4', 'j5', 'fam'] }, act('2024-01-03T10:00'));
    await rejectedClaim(db, 'op', 'c1', 'cl');
    const k = await openAppeal(db, { claim: 'c1' }, act('2024-02-11T09:00'));
    expect(k).toMatchObject({ plan: 'op', claim: 'c1', kind: 'claim-rejected', mode: 'open', status: 'open', statusQuo: 'reject', round: 0 });
    caseId = k.id;
    for (const [j, v] of [['j0', 'pay'], ['j1', 'pay'], ['j2', 'pay']] as const) await castVote(db, { case: caseId, person: j, vote: v }, act('2024-02-11T10:00'));
    await expect(castVote(db, { case: caseId, person: 'fam', vote: 'pay' }, act('2024-02-11T10:00'))).rejects.toMatchObject({ code: 'NOT_ENTITLED' });
    await expect(castVote(db, { case: caseId, person: 'cl', vote: 'pay' }, act('2024-02-11T10:00'))).rejects.toMatchObject({ code: 'NOT_ENTITLED' });
    await expect(castVote(db, { case: caseId, person: 'cl2', vote: 'pay' }, act('2024-02-11T10:00'))).rejects.toMatchObject({ code: 'NOT_QUALIFIED' });
    await expect(castVote(db, { case: caseId, person: 'j0', vote: 'reject' }, act('2024-02-11T11:00'))).rejects.toMatchObject({ code: 'ALREADY_VOTED' });
    const before = await publicCase(db, caseId, sh('2024-02-11T12:00'));
    expect(before.rounds[0]).toMatchObject({ status: 'open', runningTally: { pay: 3, reject: 0, valid: 3 }, result: null, closesAt: sh('2024-02-12T09:00').toISOString() });
    // 30 minutes before the close: the close moves an hour later.
    const late = await castVote(db, { case: caseId, person: 'j3', vote: 'reject' }, act('2024-02-12T08:30'));
    expect(late.closesAt).toBe(sh('2024-02-12T10:00').toISOString());
    expect((await publicCase(db, caseId, sh('2024-02-12T08:31'))).rounds[0]).toMatchObject({ plannedClosesAt: sh('2024-02-12T09:00').toISOString(), closesAt: sh('2024-02-12T10:00').toISOString() });
  });

  it('quorum not reached: the decision under appeal stands (decidedBy no-quorum), published with the tally', async () => {
    expect(await closeDueJuryRounds(db, sh('2024-02-12T09:30'))).toEqual({ closed: 0, finalized: 0, drawn: 0 });
    await expect(castVote(db, { case: caseId, person: 'j4', vote: 'pay' }, act('2024-02-12T10:00'))).rejects.toMatchObject({ code: 'WRONG_PHASE' });
    expect(await closeDueJuryRounds(db, sh('2024-02-12T10:00'), 'calendar', 'another-plan')).toEqual({ closed: 0, finalized: 0, drawn: 0 }); // the clock of one plan
    expect((await closeDueJuryRounds(db, sh('2024-02-12T10:00'), 'calendar', 'op')).closed).toBe(1);
    const k = await publicCase(db, caseId, sh('2024-02-12T10:00'));
    expect(k).toMatchObject({ status: 'final', ruling: 'reject', decidedBy: 'no-quorum', effect: 'unchanged', finalRound: 0 });
    expect(k.rounds[0]!.result).toMatchObject({ tally: { pay: 3, reject: 1, valid: 4 }, ruling: 'reject', decidedBy: 'no-quorum', justifications: [] });
    const c = await getClaimByRef(db, 'c1');
    expect(c).toMatchObject({ status: 'rejected', rejectCode: 'OPERATOR' });
    // Coherence with the final ruling; the log has the result.
    const j0 = (await jurorStatus(db, { plan: 'op', person: 'j0' }, sh('2024-02-12T10:00')));
    const j3 = (await jurorStatus(db, { plan: 'op', person: 'j3' }, sh('2024-02-12T10:00')));
    expect(j0.coherence).toEqual({ votes: 1, matched: 0, percent: 0 });
    expect(j3.coherence).toEqual({ votes: 1, matched: 1, percent: 100 });
    expect((await publicJuror(db, j3.pseudonym!)).coherence.percent).toBe(100);
    const entry = decodeLogEntry((await findEntryByRef(db, `jury.result/${caseId}`))!.entry);
    expect(entry).toMatchObject({ type: 'jury.result', claim: 'c1', case: caseId, mode: 'open', ruling: 'reject', decidedBy: 'no-quorum', tallies: { pay: 3, reject: 1 } });
    // The ruling is final: no second appeal.
    await expect(openAppeal(db, { claim: 'c1' }, act('2024-02-13T10:00'))).rejects.toMatchObject({ code: 'NOT_ENTITLED' });
  });

  it('a ruling to pay: the claim is approved again, its payout recomputed by the automatic checks, and queued for the next notice', async () => {
    await rejectedClaim(db, 'op', 'c2', 'cl2', '2024-02-13T10:00');
    const k = await openAppeal(db, { claim: 'c2' }, act('2024-02-14T09:00'));
    for (const j of ['j0', 'j1', 'j2', 'j3', 'j4']) await castVote(db, { case: k.id, person: j, vote: 'pay' }, act('2024-02-14T10:00'));
    await castVote(db, { case: k.id, person: 'j5', vote: 'reject' }, act('2024-02-14T10:00'));
    await closeDueJuryRounds(db, sh('2024-02-15T09:00'));
    expect(await publicCase(db, k.id, sh('2024-02-15T09:00'))).toMatchObject({ status: 'final', ruling: 'pay', decidedBy: 'majority', effect: 'approved' });
    const c = await getClaimByRef(db, 'c2');
    expect(c).toMatchObject({ status: 'approved', payoutFen: 30_000_000n, rejectCode: null, decidedBy: 'jury', juryRuled: true, noticedOn: null, periodId: null });
    expect(c.decidedAt?.toISOString()).toBe(sh('2024-02-15T09:00').toISOString());
    const queued = await claimsToNotice(db, 'op', sh('2024-02-21T00:00'));
    expect(queued.map((q) => q.id)).toContain(c.id);
  });

  it('the calendar\'s day of a plan runs that plan\'s jury clock', async () => {
    await rejectedClaim(db, 'op', 'c5', 'j2', '2024-02-15T10:00');
    const k = await openAppeal(db, { claim: 'c5' }, act('2024-02-16T09:00'));
    for (const j of ['j0', 'j1', 'j3', 'j4', 'j5']) await castVote(db, { case: k.id, person: j, vote: 'pay' }, act('2024-02-16T10:00'));
    const provider = simulatedProvider({ failureRate: 0 });
    await runDay(db, provider, await getPlan(db, 'op'), '2024-02-17' as LocalDate); // 00:00: the vote is still open
    expect(await publicCase(db, k.id, sh('2024-02-17T00:00'))).toMatchObject({ status: 'open' });
    await runDay(db, provider, await getPlan(db, 'op'), '2024-02-18' as LocalDate);
    expect(await publicCase(db, k.id, sh('2024-02-18T00:00'))).toMatchObject({ status: 'final', ruling: 'pay', effect: 'approved' });
    expect((await getClaimByRef(db, 'c5')).decidedAt?.toISOString()).toBe(sh('2024-02-17T09:00').toISOString()); // when the vote closed
  });

  it('an automatic-check rejection is not appealable; an appeal after the window is refused', async () => {
    await fileClaim(db, { plan: 'op', claim: 'c3', person: 'j5', diagnosedOn: '2024-02-01', severity: 'severe', cause: 'illness' }, act('2024-02-02T09:00'));
    expect((await getClaimByRef(db, 'c3')).rejectCode).toBe('WAITING_PERIOD');
    const refused = openAppeal(db, { claim: 'c3' }, act('2024-02-03T09:00'));
    await expect(refused).rejects.toMatchObject({ code: 'NOT_ENTITLED' });
    await expect(refused).rejects.toThrow(/published rules.*not appealable/);
    await rejectedClaim(db, 'op', 'c4', 'j4', '2024-02-13T10:00');
    await expect(openAppeal(db, { claim: 'c4' }, act('2024-03-15T00:00'))).rejects.toMatchObject({ code: 'WINDOW_CLOSED' });
    await expect(openAppeal(db, { claim: 'c4' }, act('2024-03-14T23:00'))).resolves.toMatchObject({ status: 'open' });
  });
});

describe('a challenger\'s appeal, decided by a recorded verdict (no jurors needed)', () => {
  async function dismissedChallenge(claim: string, challenge: string): Promise<void> {
    await fileChallenge(db, {
      challenge, claim, person: 'ch', reason: 'The injury happened before the member joined the plan.',
      documents: [{ name: 'photo.pdf', mediaType: 'application/pdf', content: Buffer.from(`%PDF-1.4 ${challenge}`) }],
    }, act('2024-02-08T10:00'));
    await decideChallenge(db, { challenge, upheld: false, reason: 'The evidence does not show an earlier injury.' }, act('2024-02-09T10:00', 'operator:2'));
    expect(await getClaimByRef(db, claim)).toMatchObject({ status: 'approved', noticedOn: null });
  }

  it('the claim is held out while the jury hears it; ruled reject, it is rejected with code JURY', async () => {
    await plan(db, 'rc', {});
    await enrol(db, 'rc', [['a0', 'pa0'], ['a1', 'pa1'], ['ch', 'pch']]);
    for (const [claim, person] of [['r1', 'a0'], ['r2', 'a1']] as const) {
      await fileClaim(db, { plan: 'rc', claim, person, diagnosedOn: '2024-02-01', severity: 'severe', cause: 'accident' }, act('2024-02-02T09:00'));
      await approveClaim(db, { claim, reason: 'Hospital records confirm the accident.' }, act('2024-02-03T09:00', 'operator:1'));
    }
    await publishNotice(db, await getPlan(db, 'rc'), { announcedOn: '2024-02-07' as LocalDate, chargedOn: '2024-02-14' as LocalDate });
    await dismissedChallenge('r1', 'h1');
    const k = await openAppeal(db, { claim: 'r1', recorded: true }, act('2024-02-10T10:00'));
    expect(k).toMatchObject({ kind: 'challenge-dismissed', mode: 'recorded', statusQuo: 'pay', round: null });
    expect(await getClaimByRef(db, 'r1')).toMatchObject({ status: 'challenged' });
    expect((await findChallenge(db, 'h1'))!.status).toBe('appealed');
    await expect(openAppeal(db, { claim: 'r1' }, act('2024-02-10T11:00'))).rejects.toMatchObject({ code: 'CONFLICT' });
    const out = await recordVerdict(db, { claim: 'r1', pay: false, votesFor: 420, votesAgainst: 580 }, act('2024-02-11T10:00'));
    expect(out).toMatchObject({ status: 'final', ruling: 'reject', decidedBy: 'recorded', effect: 'rejected', mode: 'recorded' });
    expect(await getClaimByRef(db, 'r1')).toMatchObject({ status: 'rejected', rejectCode: 'JURY', decidedBy: 'jury' });
    const entry = decodeLogEntry((await findEntryByRef(db, `jury.result/${out.id}`))!.entry);
    expect(entry).toMatchObject({ type: 'jury.result', claim: 'r1', challenge: 'h1', mode: 'recorded', tallies: { pay: 420, reject: 580 }, outcome: 'rejected' });
    expect(JSON.stringify(entry)).not.toMatch(/"(a0|ch)"/);
  });

  it('ruled pay (an open case closed by a recorded verdict): the held-out claim goes back to the notice queue, jury-ruled', async () => {
    await dismissedChallenge('r2', 'h2');
    const k = await openAppeal(db, { claim: 'r2' }, act('2024-02-10T10:00'));
    expect(k).toMatchObject({ mode: 'open', round: 0 });
    const out = await recordVerdict(db, { claim: 'r2', pay: true, votesFor: 700, votesAgainst: 300 }, act('2024-02-10T20:00'));
    expect(out).toMatchObject({ status: 'final', ruling: 'pay', effect: 'released' });
    expect(await getClaimByRef(db, 'r2')).toMatchObject({ status: 'approved', juryRuled: true, noticedOn: null });
    expect(await closeDueJuryRounds(db, sh('2024-02-20T00:00'))).toMatchObject({ closed: 0 });
  });
});

describe('panel mode: a juror drawn who does not vote gets a miss; after 3 misses they are not eligible', () => {
  it('three cases with nobody voting, then the fourth cannot be drawn', async () => {
    await plan(db, 'pm', { mode: 'panel', panel: { ...DEFAULT_DECISION_SETTINGS.jury.panel, size: 3 } });
    await enrol(db, 'pm', [['k0', 'pk0'], ['k1', 'pk1'], ['k2', 'pk2'], ['q0', 'pq0'], ['q1', 'pq1'], ['q2', 'pq2'], ['q3', 'pq3']]);
    await importQualifiedJurors(db, { plan: 'pm', persons: ['k0', 'k1', 'k2'] }, act('2024-01-03T10:00'));
    await publishNotice(db, await getPlan(db, 'pm'), { announcedOn: '2024-01-07' as LocalDate, chargedOn: '2024-01-14' as LocalDate });
    const ids: string[] = [];
    for (const [i, q] of ['q0', 'q1', 'q2'].entries()) {
      await rejectedClaim(db, 'pm', `m${i}`, q);
      const k = await openAppeal(db, { claim: `m${i}` }, act(`2024-02-1${1 + i}T09:00`));
      expect(k).toMatchObject({ mode: 'panel', round: 0 });
      ids.push(k.id);
      const d = await publicDraw(db, k.id, 0);
      expect(d.panel).toHaveLength(3);
      expect(d.exclusions.ineligible.map((x) => x.reasons)).toEqual([]);
    }
    const closed = await closeDueJuryRounds(db, sh('2024-02-20T09:00'));
    expect(closed.closed).toBe(3);
    const k0 = await jurorStatus(db, { plan: 'pm', person: 'k0' }, sh('2024-02-20T09:00'));
    expect(k0.misses).toBe(3);
    expect(k0.eligible).toBe(false);
    expect(k0.reasons.map((r) => r.code)).toEqual(['misses']);
    const first = await publicCase(db, ids[0]!, sh('2024-02-20T09:00'));
    expect(first.rounds[0]!.result).toMatchObject({ decidedBy: 'no-votes', ruling: 'reject', tally: { valid: 0 } });
    expect(first.rounds[0]!.result!.misses).toHaveLength(3);
    // The fourth case waits for a draw: every juror is now ineligible.
    await rejectedClaim(db, 'pm', 'm3', 'q3');
    const waiting = await openAppeal(db, { claim: 'm3' }, act('2024-02-20T10:00'));
    expect(waiting).toMatchObject({ mode: 'panel', status: 'open', round: null });
    expect((await closeDueJuryRounds(db, sh('2024-02-20T11:00'))).drawn).toBe(0);
    // The appeal windows of the first three (7 days after each close) pass: the rulings become final.
    expect((await closeDueJuryRounds(db, sh('2024-03-01T00:00'))).finalized).toBe(3);
    expect(await getClaimByRef(db, 'm0')).toMatchObject({ status: 'rejected', rejectCode: 'OPERATOR' });
  });
});

describe('records that must not change', () => {
  it('draws, quiz passes and fraud findings are append-only; a vote is written once; a juror\'s identity is fixed', async () => {
    await expect(db.query('UPDATE jury_draws SET panel = \'[]\'')).rejects.toThrow(/append-only/);
    await expect(db.query('DELETE FROM juror_quiz_passes')).rejects.toThrow(/append-only/);
    await expect(db.query(`UPDATE jurors SET pseudonym = repeat('0', 64) WHERE plan_id = 'op'`)).rejects.toThrow(/identity is fixed/);
    await expect(db.query(`UPDATE jury_votes SET vote = 'reject' WHERE vote = 'pay'`)).rejects.toThrow(/written once/);
    await expect(db.query('DELETE FROM jury_votes')).rejects.toThrow(/written once/);
  });

  it('a fraud finding ends a juror\'s eligibility for good', async () => {
    expect((await jurorStatus(db, { plan: 'op', person: 'j5' }, sh('2024-02-20T00:00'))).eligible).toBe(true);
    await recordFraudFinding(db, { person: 'j5', reason: 'Forged hospital records in an earlier claim.' }, act('2024-02-20T00:00', 'operator:1'));
    const st = await jurorStatus(db, { plan: 'op', person: 'j5' }, sh('2024-02-20T00:00'));
    expect(st).toMatchObject({ eligible: false, reasons: [{ code: 'fraud-finding' }] });
    await expect(db.query('DELETE FROM fraud_findings')).rejects.toThrow(/append-only/);
  });
});
