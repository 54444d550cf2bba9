/**
 * The move to the elderly plan (issue 14) end to end through `replay`: the 59th birthday at local
 * midnight in Asia/Shanghai, billing in the old plan for a period announced before the move and
 * in the new one after, and a claim right after the move not held by a waiting period.
 */
import { describe, expect, it } from 'vitest';
import { replayOnTestDb } from '../test-support/replay-on-test-db.ts';
import { approveEv, claimEv, inTimeOrder, joinEv, quitEv, t, type Ev } from './scenario-builder.ts';
import { parseScenario } from './scenario.ts';

const run = replayOnTestDb();

const inPlan = (plan: string, e: Ev): Ev => ({ ...e, plan });
const transferEv = (at: string, member: string, plan = 'ci', toPlan = 'eld'): Ev => ({ at: t(at), type: 'transfer', plan, member, toPlan });

/** The critical-illness plan moving members to the elderly plan from 59, and the elderly plan. */
function twoPlans(events: Ev[], until: string, ciRules: Record<string, unknown> = {}) {
  return {
    plans: [
      { id: 'ci', preset: 'critical-illness', rules: { transfer: { toPlan: 'eld', fromAge: 59 }, ...ciRules } },
      { id: 'eld', preset: 'elderly-cancer' },
    ],
    until, events: inTimeOrder(events),
  };
}

describe('the move to the elderly plan', () => {
  it('is refused the day before the 59th birthday and allowed from 00:00 of it; the new membership has no waiting period', async () => {
    const r = await run(twoPlans([
      joinEv('2020-01-01', 'a', '1961-03-10'),
      inPlan('eld', joinEv('2020-03-10T10:00:00', 'newcomer', '1955-01-01')),
      transferEv('2020-03-09T00:00:00', 'a'),
      transferEv('2020-03-09T23:59:59', 'a'),
      transferEv('2020-03-10T00:00:00', 'a'),
      transferEv('2020-03-10T00:00:01', 'a'), // already moved: no active membership in ci
      // Diagnosed on the day of the move: the moved member's claim stands, a newcomer's waits.
      inPlan('eld', claimEv('2020-03-10T12:00:00', 'moved', 'a', '2020-03-10', 'severe', 'illness')),
      inPlan('eld', claimEv('2020-03-10T12:00:00', 'fresh', 'newcomer', '2020-03-10', 'severe', 'illness')),
      approveEv('2020-03-11', 'moved'),
    ], '2020-03-31'));
    expect(r.refused.map((x) => [x.event, x.code])).toEqual([[1, 'TRANSFER_NOT_ALLOWED'], [2, 'TRANSFER_NOT_ALLOWED'], [4, 'TRANSFER_NOT_ALLOWED']]);
    expect(r.refused[0]!.message).toMatch(/age 58 on 2020-03-09 is below 59/);
    // Reported by the latest membership: the new plan (ended there by the severe payout).
    expect(r.members.a).toMatchObject({ plan: 'eld', status: 'paid-out' });
    expect(r.claims.moved).toMatchObject({ status: 'paid', payoutFen: 10_000_000 });
    expect(r.claims.fresh).toMatchObject({ status: 'rejected', reason: 'WAITING_PERIOD' });
    expect(r.ledger.balanced).toBe(true);
  });

  it('bills the moved member in the old plan for a period announced before the move, and in the new plan after', async () => {
    const r = await run(twoPlans([
      ...['a', 'b', 'c', 'x'].map((m) => joinEv('2020-01-01', m, m === 'a' ? '1960-06-01' : '1990-01-01')),
      ...['e1', 'e2'].map((m) => inPlan('eld', joinEv('2020-01-01', m, '1955-01-01'))),
      claimEv('2020-01-02', 'ci1', 'x', '2020-01-02', 'severe', 'accident'),
      approveEv('2020-01-03', 'ci1'),
      // After the 7 January announcement, before its charge on the 14th.
      transferEv('2020-01-08', 'a'),
      inPlan('eld', claimEv('2020-01-15', 'eld1', 'e1', '2020-01-15', 'severe', 'accident')),
      approveEv('2020-01-16', 'eld1'),
    ], '2020-01-31', { annualCapFen: null }));
    const period = (plan: string, on: string) => r.periods.find((p) => p.plan === plan && p.announcedOn === on)!;
    // ci on 7 Jan: a, b, c, x share 300,000 yuan + 8% = 32,400,000 fen, 8,100,000 each.
    expect(period('ci', '2020-01-07')).toMatchObject({ claims: ['ci1'], sharingMembers: 4, shareFen: 8_100_000, billedFen: 32_400_000, uncollectedFen: 0 });
    // ci on 21 Jan: b and c (x paid out on the 14th, a moved on the 8th).
    expect(period('ci', '2020-01-21')).toMatchObject({ sharingMembers: 2 });
    // eld on 7 Jan: e1, e2; on 21 Jan also a. 1 yuan per case each, the operator pays the rest.
    expect(period('eld', '2020-01-07')).toMatchObject({ sharingMembers: 2 });
    expect(period('eld', '2020-01-21')).toMatchObject({ claims: ['eld1'], sharingMembers: 3, billedFen: 300 });
    // a's bills, both memberships: 8,100,000 in ci and 100 in eld, all collected.
    expect(r.members.a).toMatchObject({ plan: 'eld', status: 'active', billedFen: 8_100_100, paidFen: 8_100_100 });
    expect(r.ledger.balanced).toBe(true);
  });

  it('refuses a plan without the setting, a member who has left, a move to another plan than the setting names', async () => {
    const r = await run({
      ...twoPlans([
        joinEv('2020-01-01', 'a', '1950-01-01', { plan: 'eld' }),
        joinEv('2020-01-01', 'b', '1961-01-01'),
        joinEv('2020-01-01', 'c', '1961-01-01'),
        transferEv('2020-02-01', 'a', 'eld', 'ci'),
        quitEv('2020-02-01', 'b'),
        transferEv('2020-02-02', 'b'),
        transferEv('2020-02-02', 'c', 'ci', 'other'),
      ], '2020-02-28'),
      plans: [
        { id: 'ci', preset: 'critical-illness', rules: { transfer: { toPlan: 'eld', fromAge: 59 } } },
        { id: 'eld', preset: 'elderly-cancer' },
        { id: 'other', preset: 'elderly-cancer' },
      ],
    });
    expect(r.refused.map((x) => [x.event, x.code])).toEqual([[3, 'TRANSFER_NOT_ALLOWED'], [5, 'TRANSFER_NOT_ALLOWED'], [6, 'TRANSFER_NOT_ALLOWED']]);
    expect(r.refused[0]!.message).toMatch(/offers no move/);
    expect(r.refused[1]!.message).toMatch(/not active/);
    expect(r.members.c).toMatchObject({ plan: 'ci', status: 'active' });
  });

  it('checks the event: a known member and a known plan to move to', () => {
    const base = twoPlans([joinEv('2020-01-01', 'a', '1960-01-01')], '2020-02-01');
    expect(() => parseScenario({ ...base, events: [...base.events, transferEv('2020-01-02', 'zz')] })).toThrow(/events\[1\]\.member: unknown member/);
    expect(() => parseScenario({ ...base, events: [...base.events, transferEv('2020-01-02', 'a', 'ci', 'nowhere')] })).toThrow(/events\[1\]\.toPlan: unknown plan/);
    expect(() => parseScenario({ ...base, events: [...base.events, { at: t('2020-01-02'), type: 'transfer', plan: 'ci', member: 'a' }] })).toThrow(/events\[1\]\.toPlan/);
  });
});
