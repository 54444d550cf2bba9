/**
 * The public notice and challenges on the engine: a challenge under review holds its claim out
 * of the coming charge (the share is computed from the claims still in the notice); dismissed,
 * the claim goes into the next announcement; upheld, it is rejected.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../db/database.ts';
import type { LocalDate } from '../domain/local-date.ts';
import { simulatedProvider } from '../payments/simulated-provider.ts';
import { findPeriod } from '../repositories/periods-repo.ts';
import { getClaimByRef } from '../repositories/claims-repo.ts';
import { testDb } from '../test-support/test-db.ts';
import { checkBooks } from './books-check.ts';
import { advanceTo } from './calendar-runner.ts';
import { decideChallenge, fileChallenge } from './challenges-service.ts';
import { approveClaim, fileClaim } from './claims-service.ts';
import { join } from './membership-service.ts';
import { createPlan } from './plans-service.ts';

const at = (s: string) => new Date(`${s}+08:00`);
const act = (key: string, when: string, actor = 't') => ({ key, actor, at: at(when) });
const provider = simulatedProvider();
const run = (db: Db, when: string) => advanceTo(db, provider, at(when));
let db: Db;

beforeEach(async () => {
  db = await testDb();
  await createPlan(db, { id: 'ci', preset: 'critical-illness', overrides: { annualCapFen: null } }, act('plan', '2020-01-01T00:00:00'));
  for (let i = 0; i < 10; i++) {
    await join(db, { plan: 'ci', person: `m${i}`, payer: `p${i}`, birthDate: '1990-01-01', declaration: { q: false } }, act(`j${i}`, '2020-01-01T10:00:00'));
  }
  // Two accident claims (no waiting period), approved before the announcement of 7 January.
  for (const [c, m, severity] of [['c1', 'm0', 'severe'], ['c2', 'm1', 'mild']] as const) {
    await fileClaim(db, { plan: 'ci', claim: c, person: m, diagnosedOn: '2020-01-02', severity, cause: 'accident' }, act(`f${c}`, '2020-01-03T10:00:00'));
    await approveClaim(db, { claim: c, reason: 'covered after review' }, act(`a${c}`, '2020-01-04T10:00:00', 'operator:1'));
  }
});
afterEach(async () => { await db.close(); });

const challenge = (claim: string, person: string, when: string, ref = `h-${claim}-${person}`) =>
  fileChallenge(db, { challenge: ref, claim, person, reason: 'The hospital record predates the accident claimed.', evidence: [], documents: [{ name: 'note.pdf', mediaType: 'application/pdf', content: new TextEncoder().encode(`%PDF-${ref}`) }] }, act(`file:${ref}`, when, `member:${person}`));

describe('public notice and challenges', () => {
  it('publishes approved claims on the announcement day and bills nothing until the charge date', async () => {
    await run(db, '2020-01-07T00:00:00');
    expect((await getClaimByRef(db, 'c1')).noticedOn).toBe('2020-01-07');
    expect(await findPeriod(db, 'ci', '2020-01-07' as LocalDate)).toBeUndefined();
    await run(db, '2020-01-14T00:00:00');
    const p = (await findPeriod(db, 'ci', '2020-01-07' as LocalDate))!;
    expect(p).toMatchObject({ cases: 2, payoutFen: 35_000_000n, sharingMembers: 10n, status: 'charged' });
  });

  it('a challenge under review holds the claim out of the charge; dismissed, it is shared in the next period', async () => {
    await run(db, '2020-01-08T12:00:00');
    const filed = await challenge('c1', 'm5', '2020-01-08T12:00:00');
    expect(filed).toMatchObject({ status: 'under-review', claimStatus: 'challenged' });
    await run(db, '2020-01-14T00:00:00');
    const jan = (await findPeriod(db, 'ci', '2020-01-07' as LocalDate))!;
    // Only c2 (mild, 50,000 yuan) is shared: fee 8%, 10 members, rounded up to the fen.
    expect(jan).toMatchObject({ cases: 1, payoutFen: 5_000_000n, feeFen: 400_000n, shareFen: 540_000n });
    expect((await getClaimByRef(db, 'c1')).status).toBe('challenged');
    // Four eyes: the operator who approved the claim may not judge the challenge.
    await expect(decideChallenge(db, { challenge: 'h-c1-m5', upheld: false, reason: 'The record is of a different patient.' }, act('d0', '2020-01-15T10:00:00', 'operator:1')))
      .rejects.toMatchObject({ code: 'FOUR_EYES' });
    const dismissed = await decideChallenge(db, { challenge: 'h-c1-m5', upheld: false, reason: 'The record is of a different patient.' }, act('d1', '2020-01-15T10:00:00', 'operator:2'));
    expect(dismissed).toMatchObject({ status: 'dismissed', claimStatus: 'approved' });
    expect((await getClaimByRef(db, 'c1')).noticedOn).toBeNull();
    await run(db, '2020-01-28T00:00:00');
    const jan21 = (await findPeriod(db, 'ci', '2020-01-21' as LocalDate))!;
    expect(jan21).toMatchObject({ cases: 1, payoutFen: 30_000_000n });
    expect((await getClaimByRef(db, 'c1')).status).toBe('paid');
    expect((await checkBooks(db)).ok).toBe(true);
  });

  it('an upheld challenge rejects the claim; it is never shared', async () => {
    await run(db, '2020-01-09T00:00:00');
    await challenge('c2', 'm6', '2020-01-09T08:00:00');
    const upheld = await decideChallenge(db, { challenge: 'h-c2-m6', upheld: true, reason: 'Hospital confirms diagnosis before joining.' }, act('d', '2020-01-10T10:00:00', 'operator:2'));
    expect(upheld).toMatchObject({ status: 'upheld', claimStatus: 'rejected' });
    expect(await getClaimByRef(db, 'c2')).toMatchObject({ status: 'rejected', rejectCode: 'CHALLENGE_UPHELD' });
    await run(db, '2020-02-14T00:00:00');
    const jan = (await findPeriod(db, 'ci', '2020-01-07' as LocalDate))!;
    expect(jan).toMatchObject({ cases: 1, payoutFen: 30_000_000n });
    expect((await getClaimByRef(db, 'c2')).status).toBe('rejected');
  });

  it('refuses a challenge outside the notice, by the claimant\'s own payer account, without evidence, or repeating dismissed evidence', async () => {
    await expect(challenge('c1', 'm5', '2020-01-06T23:59:59')).rejects.toMatchObject({ code: 'CONFLICT' }); // not yet announced
    await run(db, '2020-01-07T00:00:00');
    await expect(challenge('c1', 'm0', '2020-01-07T09:00:00')).rejects.toMatchObject({ code: 'NOT_ENTITLED' });
    await expect(fileChallenge(db, { challenge: 'h-none', claim: 'c1', person: 'm5', reason: 'The hospital record predates it.' }, act('none', '2020-01-07T09:00:00')))
      .rejects.toMatchObject({ code: 'VALIDATION', field: 'evidence' });
    await expect(challenge('c1', 'nobody', '2020-01-07T09:00:00')).rejects.toMatchObject({ code: 'NOT_ENTITLED' });
    await challenge('c1', 'm5', '2020-01-07T09:00:00', 'first');
    await decideChallenge(db, { challenge: 'first', upheld: false, reason: 'Not supported by the records.' }, act('d', '2020-01-08T10:00:00', 'operator:2'));
    await run(db, '2020-01-21T00:00:00'); // re-announced on the 21st
    await expect(fileChallenge(db, { challenge: 'first', claim: 'c1', person: 'm8', reason: 'Another reason, another key.', evidence: [] }, act('other-key', '2020-01-21T09:00:00')))
      .rejects.toMatchObject({ code: 'CONFLICT', field: 'challenge' }); // the ref is taken
    await expect(fileChallenge(db, {
      challenge: 'again', claim: 'c1', person: 'm7', reason: 'The hospital record predates the accident claimed.',
      documents: [{ name: 'note.pdf', mediaType: 'application/pdf', content: new TextEncoder().encode('%PDF-first') }],
    }, act('again', '2020-01-21T09:00:00'))).rejects.toMatchObject({ code: 'CONFLICT' }); // the same document again
    await expect(challenge('c2', 'm5', '2020-01-14T00:00:00')).rejects.toMatchObject({ code: 'CONFLICT' }); // shared at 00:00 of the charge date
  });

  // Issue 11, items 1 and 2: the same person in another role, and a reason that names people.
  it('refuses a challenge decision by the approver in another role, or with a reason holding personal data', async () => {
    await run(db, '2020-01-08T12:00:00');
    await challenge('c1', 'm5', '2020-01-08T12:00:00');
    const decide = (actor: string, reason: string, key: string) => decideChallenge(db, { challenge: 'h-c1-m5', upheld: false, reason }, act(key, '2020-01-15T10:00:00', actor));
    await expect(decide('admin:1', 'The record is of a different patient.', 'd0')).rejects.toMatchObject({ code: 'FOUR_EYES' });
    await expect(decide('operator:2', 'The record is of 张伟, ID 110101198001015030.', 'd1')).rejects.toMatchObject({ code: 'PERSONAL_DATA', field: 'reason' });
    await expect(decide('operator:2', 'Call the claimant on 138 0013 8000.', 'd2')).rejects.toMatchObject({ code: 'PERSONAL_DATA', field: 'reason' });
    expect(await decide('operator:2', 'The record is of a different patient.', 'd3')).toMatchObject({ status: 'dismissed' });
  });
});
