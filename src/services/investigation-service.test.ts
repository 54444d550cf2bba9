/** Sampling, risk signals, the investigator's report and the four-eyes decision, on the engine. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../db/database.ts';
import { samplingDraw, samplingSeedCommitment } from '../investigation/sampling.ts';
import { getClaimByRef } from '../repositories/claims-repo.ts';
import { assessmentOf, samplingSeeds } from '../repositories/investigation-repo.ts';
import { testDb } from '../test-support/test-db.ts';
import { fileClaim, recordFindings } from './claims-service.ts';
import { decideClaim, rotateSamplingSeed, submitReport } from './investigation-service.ts';
import { join } from './membership-service.ts';
import { createPlan } from './plans-service.ts';

const at = (s: string) => new Date(`${s}+08:00`);
const act = (key: string, when: string, actor = 't') => ({ key, actor, at: at(when) });
const pdf = (s: string) => ({ name: `${s}.pdf`, mediaType: 'application/pdf', content: new TextEncoder().encode(`%PDF-${s}`) });
let db: Db;

beforeEach(async () => {
  db = await testDb();
  // Random share 0%: only the amount rule and risk signals sample, so each case below is deterministic.
  await createPlan(db, { id: 'ci', preset: 'critical-illness', overrides: {} }, act('plan', '2020-01-01T00:00:00'));
  await db.query(`UPDATE plans SET rules = jsonb_set(rules, '{decisions}', $1::jsonb)`, [JSON.stringify({
    investigation: { sampling: { alwaysAboveFen: 10_000_000, randomShareBasisPoints: 0 }, riskSignals: { soonAfterWaitingDays: 30, payerWindowDays: 365, payerClaimsAtLeast: 2, joinedBeforeDiagnosisDays: 180 }, minDecisionReasonChars: 10 },
    challenges: { appealDays: 30, minReasonChars: 10, minEvidence: 1 },
    jury: { mode: 'open', minAgeYears: 18, minTenureDays: 30, maxMisses: 3, quiz: { bankId: 'huzhu-critical-illness-v1', passMark: 12 }, open: { quorum: 1000, durationHours: 24 }, panel: { size: 11, maxRounds: 3, commitHours: 48, revealHours: 24, roundAppealDays: 7, minJustificationChars: 10 }, lateVote: { lastMinutes: 60, extensionMinutes: 60, maxExtensionMinutes: 1440, trigger: 'any' } },
  })]);
  await join(db, { plan: 'ci', person: 'old', payer: 'pa', birthDate: '1970-01-01', declaration: { q: false } }, act('j1', '2020-01-01T10:00:00'));
  await join(db, { plan: 'ci', person: 'kid', payer: 'pa', birthDate: '2000-01-01', declaration: { q: false } }, act('j2', '2020-01-01T10:00:00'));
  await join(db, { plan: 'ci', person: 'solo', payer: 'pb', birthDate: '1970-01-01', declaration: { q: false } }, act('j3', '2020-01-01T10:00:00'));
});
afterEach(async () => { await db.close(); });

describe('investigation', () => {
  it('always samples a claim above the amount; decides only on a report, by someone else, with a reason', async () => {
    await fileClaim(db, { plan: 'ci', claim: 'big', person: 'kid', diagnosedOn: '2020-09-01', severity: 'severe', cause: 'illness', documents: [pdf('a')] }, act('f', '2020-09-02T10:00:00'));
    const a = await assessmentOf(db, (await getClaimByRef(db, 'big')).id);
    expect(a.sampling).toMatchObject({ sampled: true });
    expect(a.sampling!.reasons.map((r) => r.code)).toEqual(['above-amount']);
    const decide = (actor: string, reason: string, key: string) => decideClaim(db, { claim: 'big', outcome: 'approve', reason }, act(key, '2020-09-10T10:00:00', actor));
    await expect(decide('operator:1', 'Covered illness, records fine.', 'd0')).rejects.toMatchObject({ code: 'CONFLICT' });
    await recordFindings(db, { claim: 'big', findings: 'Pathology report confirms the diagnosis.' }, act('find', '2020-09-05T10:00:00', 'investigator:7'));
    await recordFindings(db, { claim: 'big', findings: 'Prior records checked: nothing before joining.' }, act('find2', '2020-09-05T11:00:00', 'operator:3'));
    await submitReport(db, { claim: 'big', summary: 'Diagnosis confirmed; no prior history.', recommendation: 'approve' }, act('rep', '2020-09-06T10:00:00', 'investigator:7'));
    await expect(decide('investigator:7', 'Covered illness, records fine.', 'd1')).rejects.toMatchObject({ code: 'FOUR_EYES' });
    await expect(decide('operator:3', 'Covered illness, records fine.', 'd2')).rejects.toMatchObject({ code: 'FOUR_EYES' });
    await expect(decide('operator:1', 'ok', 'd3')).rejects.toMatchObject({ code: 'VALIDATION', field: 'reason' });
    expect((await getClaimByRef(db, 'big')).status).toBe('investigating'); // nothing half-written
    expect(await decide('operator:1', 'Covered illness, records fine.', 'd4')).toMatchObject({ status: 'approved', payoutFen: 30_000_000n });
  });

  it('raises each risk signal with its reason, and samples the claim for it', async () => {
    // 100,000-yuan claims (age 50) are not above the amount: only the signals sample them.
    await fileClaim(db, { plan: 'ci', claim: 'x1', person: 'old', diagnosedOn: '2020-04-05', severity: 'severe', cause: 'illness', documents: [pdf('shared')] }, act('f1', '2020-04-06T10:00:00'));
    let a = await assessmentOf(db, (await getClaimByRef(db, 'x1')).id);
    expect(a.signals.map((s) => s.code)).toEqual(['soon-after-waiting']); // waiting ended 31 March
    expect(a.signals[0]!.reason).toContain('5 day(s) after the waiting period ended');
    await fileClaim(db, { plan: 'ci', claim: 'y1', person: 'solo', diagnosedOn: '2020-12-01', severity: 'severe', cause: 'illness', documents: [pdf('shared')] }, act('f2', '2020-12-02T10:00:00'));
    a = await assessmentOf(db, (await getClaimByRef(db, 'y1')).id);
    expect(a.signals.map((s) => s.code)).toEqual(['shared-evidence']);
    expect(a.sampling!.sampled).toBe(true);
    await fileClaim(db, { plan: 'ci', claim: 'x2', person: 'kid', diagnosedOn: '2020-12-01', severity: 'mild', cause: 'illness' }, act('f3', '2020-12-02T11:00:00'));
    a = await assessmentOf(db, (await getClaimByRef(db, 'x2')).id);
    expect(a.signals.map((s) => s.code)).toEqual(['payer-many-claims']);
    // The hospital's own date, found by the investigator, is checked against the join date.
    await recordFindings(db, { claim: 'x2', findings: 'The hospital first saw the patient in February.' }, act('fx', '2020-12-03T10:00:00', 'investigator:7'));
    const r = await submitReport(db, { claim: 'x2', summary: 'First seen in hospital in February.', recommendation: 'reject', hospitalDiagnosedOn: '2020-02-10' }, act('rx', '2020-12-04T10:00:00', 'investigator:7'));
    expect(r.signals.map((s) => s.code)).toEqual(['payer-many-claims', 'joined-shortly-before-diagnosis']);
  });

  it('the random share is drawn with a committed seed that anyone can check once it is published', async () => {
    await fileClaim(db, { plan: 'ci', claim: 'm1', person: 'old', diagnosedOn: '2020-09-01', severity: 'mild', cause: 'illness' }, act('f', '2020-09-02T10:00:00'));
    const before = await samplingSeeds(db, 'ci');
    expect(before).toHaveLength(1);
    expect(before[0]!.seed).toBeNull(); // only the commitment is public while the seed is in use
    await rotateSamplingSeed(db, 'ci', act('rot', '2020-10-01T10:00:00', 'operator:1'));
    const [old, current] = await samplingSeeds(db, 'ci');
    expect(current!.seed).toBeNull();
    expect(samplingSeedCommitment(old!.seed!)).toBe(old!.commitment);
    const stored = (await assessmentOf(db, (await getClaimByRef(db, 'm1')).id)).sampling!;
    expect(stored.draw).toBe(samplingDraw(old!.seed!, 'm1').toString(16).padStart(16, '0'));
  });

  // Issue 11, item 1: both bypasses, reproduced.
  it('refuses an operator who recorded findings on a claim with no report (four eyes without a report)', async () => {
    await fileClaim(db, { plan: 'ci', claim: 'plain', person: 'solo', diagnosedOn: '2020-09-01', severity: 'mild', cause: 'illness' }, act('f', '2020-09-02T10:00:00'));
    expect((await assessmentOf(db, (await getClaimByRef(db, 'plain')).id)).sampling).toMatchObject({ sampled: false });
    await recordFindings(db, { claim: 'plain', findings: 'Hospital records checked.' }, act('find', '2020-09-03T10:00:00', 'operator:2'));
    const decide = (actor: string, key: string) => decideClaim(db, { claim: 'plain', outcome: 'approve', reason: 'Covered illness, records fine.' }, act(key, '2020-09-04T10:00:00', actor));
    await expect(decide('operator:2', 'd1')).rejects.toMatchObject({ code: 'FOUR_EYES' });
    expect(await decide('operator:3', 'd2')).toMatchObject({ status: 'approved' });
  });

  it('refuses the investigator who wrote the report after an admin made them an operator (keyed on the account)', async () => {
    await fileClaim(db, { plan: 'ci', claim: 'big', person: 'kid', diagnosedOn: '2020-09-01', severity: 'severe', cause: 'illness', documents: [pdf('a')] }, act('f', '2020-09-02T10:00:00'));
    await recordFindings(db, { claim: 'big', findings: 'Pathology report confirms the diagnosis.' }, act('find', '2020-09-05T10:00:00', 'investigator:7'));
    await submitReport(db, { claim: 'big', summary: 'Diagnosis confirmed; no prior history.', recommendation: 'approve' }, act('rep', '2020-09-06T10:00:00', 'investigator:7'));
    await expect(decideClaim(db, { claim: 'big', outcome: 'approve', reason: 'Covered illness, records fine.' }, act('d', '2020-09-10T10:00:00', 'operator:7')))
      .rejects.toMatchObject({ code: 'FOUR_EYES' });
  });

  // Issue 11, items 2 and 4: nothing personal in the log's decision reason or in what jurors read.
  it('refuses a decision reason or a report summary holding the claimant\'s or family\'s data (PERSONAL_DATA, naming the field)', async () => {
    await onRecord(db, 'kid', [{ name: '陈晓东', phone: '13600000007', relation: 'self' }, { name: '刘强', phone: '13700000001', relation: 'spouse' }]);
    await fileClaim(db, { plan: 'ci', claim: 'big', person: 'kid', diagnosedOn: '2020-09-01', severity: 'severe', cause: 'illness', documents: [pdf('a')] }, act('f', '2020-09-02T10:00:00'));
    await recordFindings(db, { claim: 'big', findings: 'Pathology report confirms the diagnosis.' }, act('find', '2020-09-05T10:00:00', 'investigator:7'));
    for (const summary of ['Chen Xiaodong was seen by the hospital.', '陈 晓东 confirmed', 'spouse 刘强 reported it', 'call １３６ ００００ ０００７']) {
      await expect(submitReport(db, { claim: 'big', summary, recommendation: 'approve' }, act(`rep:${summary}`, '2020-09-06T10:00:00', 'investigator:7')))
        .rejects.toMatchObject({ code: 'PERSONAL_DATA', field: 'summary' });
    }
    await submitReport(db, { claim: 'big', summary: 'Diagnosis confirmed; no prior history.', recommendation: 'approve' }, act('rep', '2020-09-06T10:00:00', 'investigator:7'));
    const reason = '刘强 (ID 110101198001015030, phone 13700000001) confirmed it';
    await expect(decideClaim(db, { claim: 'big', outcome: 'approve', reason }, act('d1', '2020-09-10T10:00:00', 'operator:1')))
      .rejects.toMatchObject({ code: 'PERSONAL_DATA', field: 'reason' });
    await expect(decideClaim(db, { claim: 'big', outcome: 'reject', reason: 'Xiaodong Chen joined while ill.' }, act('d2', '2020-09-10T10:00:00', 'operator:1')))
      .rejects.toMatchObject({ code: 'PERSONAL_DATA', field: 'reason' });
    expect((await getClaimByRef(db, 'big')).status).toBe('investigating');
    expect(await decideClaim(db, { claim: 'big', outcome: 'approve', reason: 'Covered illness, records fine.' }, act('d3', '2020-09-10T10:00:00', 'operator:1'))).toMatchObject({ status: 'approved' });
  });

  it('a claim error does not show the person ref (over the API, the hash of the ID number)', async () => {
    const hash = `id:${'ab'.repeat(32)}`;
    const e = await fileClaim(db, { plan: 'ci', claim: 'nobody', person: hash, diagnosedOn: '2020-09-01', severity: 'mild', cause: 'illness' }, act('f', '2020-09-02T10:00:00')).catch((x: unknown) => x);
    expect(e).toMatchObject({ code: 'NOT_FOUND', field: 'member' });
    expect(JSON.stringify(e) + (e as Error).message).not.toContain('abab');
  });
});

/** Real-name profiles as the server keeps them (`people`), on one account, for the person with this engine ref. */
async function onRecord(q: Db, personRef: string, people: { name: string; phone: string; relation: string }[]): Promise<void> {
  const [a] = await q.query<{ id: bigint }>(`INSERT INTO accounts (email, role, created_at) VALUES ('family@example.com', 'member', now()) RETURNING id`);
  for (const [i, p] of people.entries()) {
    await q.query(`INSERT INTO people (account_id, relation, name, id_cipher, id_hash, birth_date, province, phone, created_at) VALUES ($1, $2, $3, 'v1.x', $4, '1990-01-01', 'Beijing', $5, now())`,
      [a!.id, p.relation, p.name, i === 0 ? personRef : `other-${i}`, p.phone]);
  }
}
