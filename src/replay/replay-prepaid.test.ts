/**
 * Prepaid plans (issue 13) end to end through `replay`: the deposit at joining, the balance limit,
 * the charge from the wallets (a payment exactly equal to the balance), reminders, refunds at the
 * quit and after the charge that settles the last obligation, the retries at a recharge oldest
 * period first, the write-off, `walletsFen`, and the books.
 */
import { describe, expect, it } from 'vitest';
import { replayOnTestDb } from '../test-support/replay-on-test-db.ts';
import { approveEv, claimEv, joinEv, quitEv, scenario, t, type Ev } from './scenario-builder.ts';
import { parseScenario } from './scenario.ts';

const run = replayOnTestDb();

const rechargeEv = (at: string, payer: string, amountFen: number): Ev => ({ at: t(at), type: 'recharge', plan: 'ci', payer, amountFen });
const prepaid = (payoutFen: number, extra: Record<string, unknown> = {}) => ({
  funding: { mode: 'prepaid', joinDepositFen: 1000, lowBalanceFen: 500, maxBalanceFen: 5000 },
  payoutBands: [{ maxAge: 200, severeFen: payoutFen }], feeBasisPoints: 0, annualCapFen: null, ...extra,
});
const young = '1990-01-01';

describe('a prepaid plan', () => {
  it('needs the deposit, keeps the limit, takes the share from the wallets, reminds and refunds', async () => {
    const r = await run(scenario([
      rechargeEv('2020-01-01T09:00:00', 'x', 999),
      joinEv('2020-01-01T09:01:00', 'x', young), // 1 fen short of the deposit
      rechargeEv('2020-01-01T09:02:00', 'a', 5000), // exactly the limit
      rechargeEv('2020-01-01T09:03:00', 'a', 1), // 1 fen over: refused
      joinEv('2020-01-01T09:04:00', 'a', young),
      rechargeEv('2020-01-01T09:05:00', 'b', 1000), joinEv('2020-01-01T09:06:00', 'b', young), // exactly the deposit
      rechargeEv('2020-01-01T09:07:00', 'd', 1400), joinEv('2020-01-01T09:08:00', 'd', young),
      rechargeEv('2020-01-01T09:09:00', 'e', 5000), joinEv('2020-01-01T09:10:00', 'e', young),
      claimEv('2020-01-02', 'e1', 'e', '2020-01-02', 'severe', 'accident'),
      approveEv('2020-01-03', 'e1'),
      quitEv('2020-01-08', 'd'), // after the 7 January snapshot: still billed, refunded after the charge
      rechargeEv('2020-01-08T11:00:00', 'f', 1000), joinEv('2020-01-08T11:01:00', 'f', young),
      quitEv('2020-01-10', 'f'), // nothing pending: refunded at the quit
      rechargeEv('2020-01-15T09:00:00', 'x', 1),
      joinEv('2020-01-15T09:01:00', 'x2', young, { payer: 'x' }),
    ], '2020-01-31', prepaid(4000)));
    expect(r.joins.x).toEqual({ status: 'rejected', reason: 'INSUFFICIENT_BALANCE' });
    expect(r.joins.x2).toEqual({ status: 'accepted', reason: null });
    expect(r.refused.map((x) => [x.event, x.code])).toEqual([[3, 'BALANCE_LIMIT']]);
    const p1 = r.periods.find((p) => p.announcedOn === '2020-01-07')!;
    // a, b, d, e share 4,000 fen: 1,000 each, every wallet covers it.
    expect(p1).toMatchObject({ sharingMembers: 4, shareFen: 1000, billedFen: 4000, uncollectedFen: 0 });
    // Right after the charge: x 999 + a 4,000; b is at 0, d and e were refunded at the charge.
    expect(p1.walletsFen).toBe(4999);
    expect(r.payers!.a).toEqual({ plan: 'ci', balanceFen: 4000, refundedFen: 0, reminders: [] });
    // b's payment was exactly its balance: taken, balance 0, reminded (below 500).
    expect(r.payers!.b).toEqual({ plan: 'ci', balanceFen: 0, refundedFen: 0, reminders: [{ announcedOn: '2020-01-07', reason: 'low-balance', balanceFen: 0 }] });
    // d quit with a share pending: refunded the 400 left right after the charge, and no reminder.
    expect(r.payers!.d).toEqual({ plan: 'ci', balanceFen: 0, refundedFen: 400, reminders: [] });
    expect(r.payers!.e).toMatchObject({ balanceFen: 0, refundedFen: 4000, reminders: [] });
    expect(r.payers!.f).toMatchObject({ balanceFen: 0, refundedFen: 1000 });
    expect(r.payers!.x).toMatchObject({ balanceFen: 1000, refundedFen: 0 });
    expect(r.members.e).toMatchObject({ status: 'paid-out' });
    expect(r.ledger.balanced).toBe(true);
  });

  it('retries failed payments at a recharge oldest period first, each in full, and writes off the rest', async () => {
    const claimant = (m: string, diag: string, approve: string): Ev[] => [
      claimEv(diag, `${m}-claim`, m, diag, 'severe', 'accident'), approveEv(approve, `${m}-claim`)];
    const r = await run(scenario([
      ...['a', 'c', 'e1', 'e2', 'e3'].flatMap((m, i) => [
        rechargeEv(`2020-01-01T09:0${i}:00`, m, m === 'c' ? 1000 : 5000), joinEv(`2020-01-01T09:0${i}:30`, m, young)]),
      ...claimant('e1', '2020-01-02', '2020-01-03'),
      ...claimant('e2', '2020-01-15', '2020-01-16'),
      ...claimant('e3', '2020-01-29', '2020-01-30'),
      rechargeEv('2020-02-14T10:00:00', 'c', 1200),
    ], '2020-03-05', prepaid(4000, { retryStopsDaysBeforeNextCharge: 0 })));
    const share = (on: string) => r.periods.find((p) => p.announcedOn === on)!;
    expect([share('2020-01-07').shareFen, share('2020-01-21').shareFen, share('2020-02-07').shareFen]).toEqual([800, 1000, 1334]);
    // c: 1,000 - 800 = 200 (reminded low); fails 1,000 on 28 Jan and 1,334 on 14 Feb (reminded each time).
    // The recharge of 1,200 makes 1,400: the 28 January payment is taken, 400 is too little for the next.
    // That one is written off at the end of its last retry day (28 Feb) and c removed; its 400 refunded then.
    expect(r.payers!.c).toEqual({
      plan: 'ci', balanceFen: 0, refundedFen: 400, reminders: [
        { announcedOn: '2020-01-07', reason: 'low-balance', balanceFen: 200 },
        { announcedOn: '2020-01-21', reason: 'payment-failed', balanceFen: 200 },
        { announcedOn: '2020-02-07', reason: 'payment-failed', balanceFen: 200 },
      ],
    });
    expect(r.members.c).toMatchObject({ status: 'removed-nonpayment', billedFen: 800 + 1000 + 1334, paidFen: 1800 });
    expect(share('2020-01-21').uncollectedFen).toBe(0);
    expect(share('2020-02-07').uncollectedFen).toBe(1334);
    expect(r.payers!.e3).toMatchObject({ balanceFen: 0, refundedFen: 5000 - 800 - 1000 - 1334, reminders: [] });
    expect(r.ledger.balanced).toBe(true);
  });

  it('refuses a recharge of a post-paid plan; checks the event', async () => {
    const r = await run(scenario([joinEv('2020-01-01', 'a', young), rechargeEv('2020-01-02', 'a', 100)], '2020-01-10'));
    expect(r.refused.map((x) => x.code)).toEqual(['NOT_PREPAID']);
    expect(r.payers).toBeUndefined();
    expect(r.periods.every((p) => !('walletsFen' in p))).toBe(true);
    const base = scenario([], '2020-01-10', prepaid(100));
    expect(() => parseScenario({ ...base, events: [rechargeEv('2020-01-02', 'a', 0)] })).toThrow(/events\[0\]\.amountFen/);
    expect(() => parseScenario({ ...base, events: [rechargeEv('2020-01-02', 'a', 1.5)] })).toThrow(/events\[0\]\.amountFen/);
    expect(() => parseScenario({ ...base, plans: [{ id: 'ci', preset: 'critical-illness', rules: { funding: { mode: 'prepaid', joinDepositFen: 1000 } } }] }))
      .toThrow(/plans/);
  });
});
