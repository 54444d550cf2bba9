/**
 * The wind-down (issue 13) end to end through `replay`: A at 00:00 of a charge date (that
 * period operator-funded), the open failed payment written off with nobody removed, the refund of
 * past shares, joins and recharges refused PLAN_CLOSING, a diagnosis on C and on C + 1, a claim
 * filed on the last day of the window and at its end, memberships `closed`, the plan closed once
 * the last claim is paid, and the books.
 */
import { describe, expect, it } from 'vitest';
import { replayOnTestDb } from '../test-support/replay-on-test-db.ts';
import { approveEv, claimEv, failsEv, inTimeOrder, joinEv, proposeEv, scenario, t, voteEv, type Ev } from './scenario-builder.ts';
import { parseScenario } from './scenario.ts';

const run = replayOnTestDb();
const young = '1990-01-01';
const windDownEv = (at: string, cutOffOn: string, extra: Record<string, unknown> = {}): Ev => ({ at: t(at), type: 'windDown', plan: 'ci', cutOffOn, ...extra });
const rechargeEv = (at: string, payer: string, amountFen: number): Ev => ({ at: t(at), type: 'recharge', plan: 'ci', payer, amountFen });
const rules = { payoutBands: [{ maxAge: 200, severeFen: 4000 }], annualCapFen: null, retryStopsDaysBeforeNextCharge: 0 };

describe('a wind-down', () => {
  it('funds every period from A, writes off, refunds past shares, closes memberships and then the plan', async () => {
    const r = await run(scenario([
      ...['a', 'b', 'c', 'd', 'e'].map((m, i) => joinEv(`2020-01-01T10:0${i}:00`, m, young)),
      claimEv('2020-01-02', 'a1', 'a', '2020-01-02', 'severe', 'accident'), approveEv('2020-01-03', 'a1'),
      failsEv('2020-01-10', 'c'),
      claimEv('2020-01-15', 'b1', 'b', '2020-01-15', 'severe', 'accident'), approveEv('2020-01-16', 'b1'),
      // A: exactly 00:00 of the charge date 28 January; the 21 January notice's sharing run is at A.
      windDownEv('2020-01-28T00:00:00', '2020-02-10', { refundPastShares: true, claimWindowDays: 30 }),
      joinEv('2020-01-29', 'f', young),
      claimEv('2020-02-12', 'e1', 'e', '2020-02-11', 'severe', 'accident'), // diagnosed C + 1
      claimEv('2020-03-11T23:00:00', 'd1', 'd', '2020-02-10', 'severe', 'accident'), // diagnosed on C, filed on the window's last day
      claimEv('2020-03-12T00:00:00', 'c1', 'c', '2020-02-01', 'severe', 'accident'), // filed as the window ends
      approveEv('2020-03-12T10:00:00', 'd1'),
    ], '2020-04-05', rules));
    const p = (on: string) => r.periods.find((x) => x.announcedOn === on)!;
    // Charged before A: as usual. 4,000 + 8% fee shared by five: 864 each; c's payment failed.
    expect(p('2020-01-07')).toMatchObject({ sharingMembers: 5, shareFen: 864, billedFen: 4320, feeFen: 320, uncollectedFen: 864 });
    // Shared at A: operator-funded, members still counted.
    expect(p('2020-01-21')).toMatchObject({ claims: ['b1'], sharingMembers: 4, payoutFen: 4000, feeFen: 0, shareFen: 0, billedFen: 0, carriedInFen: 0, operatorSubsidyFen: 4000, surplusOutFen: 0 });
    // Every later period too; after the end of C nobody is sharing.
    expect(p('2020-03-21')).toMatchObject({ claims: ['d1'], sharingMembers: 0, billedFen: 0, feeFen: 0, operatorSubsidyFen: 4000 });
    expect(r.periods.filter((x) => x.announcedOn >= '2020-01-21').every((x) => x.billedFen === 0 && x.feeFen === 0 && x.shareFen === 0)).toBe(true);
    expect(r.periods.some((x) => x.announcedOn > '2020-03-21')).toBe(false); // closed: no more periods
    // c's open payment was written off at A, and c kept its cover until the end of C.
    expect(r.members.c).toMatchObject({ status: 'closed', billedFen: 864, paidFen: 0 });
    expect(r.members.d!.status).toBe('closed');
    expect(r.members.b!.status).toBe('paid-out');
    // Past shares refunded from operator money: each payer what it paid.
    expect(r.payers).toEqual(Object.fromEntries(['a', 'b', 'd', 'e'].map((m) => [m, { plan: 'ci', balanceFen: 0, refundedFen: 864, reminders: [] }])));
    expect(r.joins.f).toEqual({ status: 'rejected', reason: 'PLAN_CLOSING' });
    expect(r.claims.e1).toMatchObject({ status: 'rejected', reason: 'AFTER_CUT_OFF' });
    expect(r.claims.c1).toMatchObject({ status: 'rejected', reason: 'CLAIM_WINDOW_CLOSED' });
    expect(r.claims.d1).toEqual({ status: 'paid', payoutFen: 4000, reason: null });
    expect(r.plans).toEqual({ ci: { status: 'closed' } });
    expect(r.ledger.balanced).toBe(true);
  });

  it('refunds every wallet at A, refuses recharges, and leaves periods charged before A as they were', async () => {
    const funding = { mode: 'prepaid', joinDepositFen: 1000, lowBalanceFen: 500, maxBalanceFen: 5000 };
    const r = await run(scenario([
      rechargeEv('2020-01-01T09:00:00', 'a', 5000), joinEv('2020-01-01T09:01:00', 'a', young),
      rechargeEv('2020-01-01T09:02:00', 'b', 3000), joinEv('2020-01-01T09:03:00', 'b', young),
      claimEv('2020-01-02', 'a1', 'a', '2020-01-02', 'mild', 'accident'), approveEv('2020-01-03', 'a1'),
      windDownEv('2020-01-14T00:00:01', '2020-01-20', { claimWindowDays: 10 }), // one second after the charge: that period stays billed
      rechargeEv('2020-01-15', 'b', 100),
    ], '2020-02-29', { ...rules, mildPayoutFen: 1000, feeBasisPoints: 0, funding }));
    expect(r.periods.find((x) => x.announcedOn === '2020-01-07')).toMatchObject({ shareFen: 500, billedFen: 1000, walletsFen: 7000 });
    expect(r.refused.map((x) => x.code)).toEqual(['PLAN_CLOSING']);
    expect(r.payers!.a).toMatchObject({ balanceFen: 0, refundedFen: 4500 });
    expect(r.payers!.b).toMatchObject({ balanceFen: 0, refundedFen: 2500 });
    expect(r.members.a!.status).toBe('closed');
    expect(r.plans.ci!.status).toBe('closed');
    expect(r.ledger.balanced).toBe(true);
  });

  it('decides claims under the rules as they stood at A, and refuses a move into the closing plan', async () => {
    const governance = { votingDays: 1, quorumBasisPoints: 500, thresholdBasisPoints: 6700, noticeDays: 0 };
    const inEld = (e: Ev): Ev => ({ ...e, plan: 'eld' });
    const r = await run({
      plans: [
        { id: 'ci', preset: 'critical-illness', rules: { transfer: { toPlan: 'eld', fromAge: 59 }, annualCapFen: null } },
        { id: 'eld', preset: 'elderly-cancer', rules: { mildPayoutFen: 1000, annualCapFen: null, governance } },
      ],
      until: '2020-01-31',
      events: inTimeOrder([
        joinEv('2020-01-01T09:00:00', 'old', '1961-01-15'),
        inEld(joinEv('2020-01-01T09:01:00', 'a', '1955-01-01')), inEld(joinEv('2020-01-01T09:02:00', 'b', '1955-01-01')),
        { ...proposeEv('2020-01-02T10:00:00', 'pay2', { mildPayoutFen: 2000 }, '2020-01-10'), plan: 'eld' },
        voteEv('2020-01-02T12:00:00', 'pay2', 'a', true), voteEv('2020-01-02T12:00:00', 'pay2', 'b', true),
        { ...windDownEv('2020-01-05', '2020-01-20', { claimWindowDays: 5 }), plan: 'eld' },
        // Diagnosed after the passed change took effect (10 January) but decided on the rules at A.
        inEld(claimEv('2020-01-12', 'b1', 'b', '2020-01-12', 'mild', 'accident')), approveEv('2020-01-13', 'b1'),
        { at: t('2020-01-16'), type: 'transfer', plan: 'ci', member: 'old', toPlan: 'eld' },
      ]),
    });
    expect(r.proposals.pay2).toMatchObject({ status: 'passed' });
    expect(r.claims.b1).toEqual({ status: 'paid', payoutFen: 1000, reason: null });
    expect(r.refused.map((x) => x.code)).toEqual(['PLAN_CLOSING']);
    expect(r.members.old!.status).toBe('active');
    expect(r.plans).toEqual({ ci: { status: 'active' }, eld: { status: 'closed' } });
    expect(r.ledger.balanced).toBe(true);
  });

  it('checks the event', () => {
    const base = scenario([], '2020-01-10');
    expect(() => parseScenario({ ...base, events: [windDownEv('2020-01-02', '2020-02-30')] })).toThrow(/events\[0\]\.cutOffOn/);
    expect(() => parseScenario({ ...base, events: [windDownEv('2020-01-02', '2020-02-01', { claimWindowDays: -1 })] })).toThrow(/claimWindowDays/);
    expect(() => parseScenario({ ...base, events: [{ ...windDownEv('2020-01-02', '2020-02-01'), plan: 'x' }] })).toThrow(/unknown plan/);
  });
});
