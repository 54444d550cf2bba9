/**
 * Rule changes by member vote, end to end on the database: four eyes on the confirmation, who may
 * vote and when, the calendar's close, and a passed change in force from 00:00 of its date and
 * not a second before (a period announced that day is shared on the new fee).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../db/database.ts';
import { simulatedProvider } from '../payments/simulated-provider.ts';
import { getPlanAt } from '../repositories/plans-repo.ts';
import { findEntryByRef, logSize, readEntries } from '../transparency/store/log-store.ts';
import { decodeLogEntry } from '../transparency/core/canonical-json.ts';
import { replayEntries } from '../transparency/verify/replay-check.ts';
import { shanghai as at } from '../test-support/small-plan.ts';
import { testDb } from '../test-support/test-db.ts';
import { advanceTo } from './calendar-runner.ts';
import { approveClaim, fileClaim } from './claims-service.ts';
import { confirmProposal, propose, voteAsPerson } from './governance-service.ts';
import { join } from './membership-service.ts';
import { createPlan } from './plans-service.ts';

let db: Db;
let n = 0;
const act = (actor: string, when: string) => ({ key: `k${n++}`, actor, at: at(when) });
const vote = (person: string, inFavour: boolean, when: string) => voteAsPerson(db, { proposal: 'fee0', person, inFavour }, act('member', when));

beforeEach(async () => {
  db = await testDb();
  await createPlan(db, {
    id: 'ci', preset: 'critical-illness',
    overrides: { annualCapFen: null, governance: { votingDays: 1, quorumBasisPoints: 500, thresholdBasisPoints: 6700, noticeDays: 0 } },
  }, act('t', '2020-01-01T00:00:00'));
  for (let i = 0; i < 5; i++) {
    await join(db, { plan: 'ci', person: `m${i}`, payer: `p${Math.min(i, 3)}`, birthDate: '1990-01-01', declaration: { none: false } }, act('t', '2020-01-01T09:00:00'));
  }
});
afterEach(async () => db.close());

const proposeFee = (effectiveOn = '2020-01-07') => propose(db, {
  plan: 'ci', proposal: 'fee0', rules: { feeBasisPoints: 0 }, reason: 'the operator waives its fee for a trial year', effectiveOn,
}, act('operator:1', '2020-01-02T12:00:00'));

describe('a rule change by vote', () => {
  it('needs a second operator, counts the memberships active at P, refuses others and second votes, and applies from 00:00 of effectiveOn', async () => {
    const p = await proposeFee();
    expect(p.status).toBe('proposed');
    expect(p.oldValues).toEqual({ feeBasisPoints: 800 });
    expect(p.changes).toEqual({ feeBasisPoints: 0 });
    await expect(confirmProposal(db, { proposal: 'fee0' }, act('investigator:1', '2020-01-02T12:00:00'))).rejects.toMatchObject({ code: 'FOUR_EYES' });
    const opened = await confirmProposal(db, { proposal: 'fee0' }, act('operator:2', '2020-01-02T12:00:00'));
    expect(opened.eligible).toBe(5);
    expect(opened.closesAt?.toISOString()).toBe(at('2020-01-03T12:00:00').toISOString());
    // joined after P: not entitled
    await join(db, { plan: 'ci', person: 'm9', payer: 'p9', birthDate: '1990-01-01', declaration: { none: false } }, act('t', '2020-01-02T13:00:00'));
    await expect(vote('m9', true, '2020-01-02T14:00:00')).rejects.toMatchObject({ code: 'NOT_ENTITLED' });
    await expect(vote('nobody', true, '2020-01-02T14:00:00')).rejects.toMatchObject({ code: 'NOT_ENTITLED' });
    await vote('m0', true, '2020-01-02T14:00:00');
    await expect(vote('m0', false, '2020-01-02T15:00:00')).rejects.toMatchObject({ code: 'ALREADY_VOTED' });
    await vote('m1', true, '2020-01-02T15:00:00');
    await vote('m2', false, '2020-01-02T15:00:00');
    await vote('m3', true, '2020-01-03T11:59:59'); // one second before the close
    await expect(vote('m4', true, '2020-01-03T12:00:00')).rejects.toMatchObject({ code: 'WINDOW_CLOSED' }); // at the close

    await advanceTo(db, simulatedProvider(), at('2020-01-03T12:00:00'));
    const log = await findEntryByRef(db, 'plan.proposal/fee0/passed');
    const entry = JSON.parse(Buffer.from(log!.entry).toString('utf8'));
    expect(entry).toMatchObject({ state: 'passed', votesFor: 3, votesAgainst: 1, eligible: 5, old: { feeBasisPoints: 800 }, new: { feeBasisPoints: 0 } });
    expect(entry.effectiveAt).toBe(at('2020-01-07T00:00:00').toISOString());

    expect((await getPlanAt(db, 'ci', new Date(at('2020-01-07T00:00:00').getTime() - 1))).rules.feeBasisPoints).toBe(800n);
    expect((await getPlanAt(db, 'ci', at('2020-01-07T00:00:00'))).rules.feeBasisPoints).toBe(0n);

    // A claim shared in the period announced on 7 Jan (members counted at 00:00 that day): no fee.
    await fileClaim(db, { plan: 'ci', claim: 'c1', person: 'm0', diagnosedOn: '2020-01-02', severity: 'severe', cause: 'accident' }, act('t', '2020-01-03T13:00:00'));
    await approveClaim(db, { claim: 'c1' }, act('t', '2020-01-04T09:00:00'));
    await advanceTo(db, simulatedProvider(), at('2020-01-14T00:00:00'));
    const [period] = await db.query<{ fee_fen: bigint; payout_fen: bigint }>('SELECT fee_fen, payout_fen FROM periods');
    expect(period!.payout_fen).toBeGreaterThan(0n);
    expect(period!.fee_fen).toBe(0n);
    // `huzhu verify` recomputes the period on the rules in force at its snapshot: no problem.
    const entries = (await readEntries(db, 0, await logSize(db))).map(decodeLogEntry);
    const report = replayEntries(entries);
    expect(report.periodsChecked).toBe(1);
    expect(report.problems).toEqual([]);
  });

  it('below the quorum or the threshold nothing changes', async () => {
    await proposeFee();
    await confirmProposal(db, { proposal: 'fee0' }, act('operator:2', '2020-01-02T12:00:00'));
    await vote('m0', true, '2020-01-02T14:00:00');
    await vote('m1', false, '2020-01-02T14:00:00'); // 1 of 2 in favour: 50% < 67%
    await advanceTo(db, simulatedProvider(), at('2020-01-08T00:00:00'));
    expect(await findEntryByRef(db, 'plan.proposal/fee0/rejected')).toBeDefined();
    expect((await getPlanAt(db, 'ci', at('2020-01-08T00:00:00'))).rules.feeBasisPoints).toBe(800n);
  });

  it('refuses an effectiveOn inside the notice, a setting a vote may not change and personal data in the reason', async () => {
    await expect(proposeFee('2020-01-02')).rejects.toMatchObject({ code: 'VALIDATION', field: 'effectiveOn' });
    await expect(propose(db, { plan: 'ci', rules: { timeZone: 'UTC' }, reason: 'move the plan to another zone', effectiveOn: '2020-02-01' }, act('operator:1', '2020-01-02T12:00:00')))
      .rejects.toMatchObject({ code: 'VALIDATION', field: 'rules.timeZone' });
    await expect(propose(db, { plan: 'ci', rules: { feeBasisPoints: 1 }, reason: 'asked by 13812345678 on the phone', effectiveOn: '2020-02-01' }, act('operator:1', '2020-01-02T12:00:00')))
      .rejects.toMatchObject({ code: 'PERSONAL_DATA' });
  });
});
