/**
 * The engine's rules, end to end through `replay` on a real database (PGlite, or the server when
 * DATABASE_URL is set): sharing, snapshot edges, claims, caps, missed payments, removals.
 */
import { describe, expect, it } from 'vitest';
import { replayOnTestDb } from '../test-support/replay-on-test-db.ts';
import { approveEv, claimEv, failsEv, inTimeOrder, joinEv, quitEv, recoversEv, rejectEv, scenario } from './scenario-builder.ts';

const run = replayOnTestDb();

describe('the sharing rule and the snapshot at 00:00 of the announcement day', () => {
  it('counts members joined before 00:00 and not ended before it; shares claims approved before it', async () => {
    const r = await run(scenario([
      joinEv('2020-01-01', 'x', '1990-01-01'),
      joinEv('2020-01-01T11:00:00', 'm1', '1990-01-01'),
      joinEv('2020-01-01T11:00:00', 'm2', '1990-01-01'),
      joinEv('2020-01-01T11:00:00', 'm3', '1990-01-01'),
      joinEv('2020-01-01T11:00:00', 'quitsAtMidnight', '1990-01-01'),
      joinEv('2020-01-01T11:00:00', 'quitsBefore', '1990-01-01'),
      joinEv('2020-01-06T23:59:59', 'lastSecond', '1990-01-01'),
      claimEv('2020-01-03', 'c1', 'x', '2020-01-02', 'severe', 'accident'),
      claimEv('2020-01-03', 'c2', 'm1', '2020-01-02', 'mild', 'accident'),
      approveEv('2020-01-06T23:59:59', 'c1'),
      quitEv('2020-01-06T23:59:59', 'quitsBefore'),
      approveEv('2020-01-07T00:00:00', 'c2'),
      quitEv('2020-01-07T00:00:00', 'quitsAtMidnight'),
      joinEv('2020-01-07T00:00:00', 'firstSecond', '1990-01-01'),
    ], '2020-01-31', { annualCapFen: null }));

    const [jan7, jan21] = r.periods;
    // x, m1, m2, m3, quitsAtMidnight, lastSecond = 6 (not quitsBefore, not firstSecond)
    expect(jan7).toMatchObject({ announcedOn: '2020-01-07', chargedOn: '2020-01-14', claims: ['c1'], sharingMembers: 6 });
    // 300,000 yuan + 8% = 324,000 yuan; 32,400,000 fen / 6 = 5,400,000 exactly
    expect(jan7).toMatchObject({ payoutFen: 30_000_000, feeFen: 2_400_000, carriedInFen: 0, shareFen: 5_400_000, surplusOutFen: 0, operatorSubsidyFen: 0, billedFen: 32_400_000 });
    // c2 approved exactly at 00:00 goes to the next announcement; 50,000 yuan + 8% = 5,400,000 fen.
    // Members on 21 Jan: m1, m2, m3, lastSecond, firstSecond, and x (paid out only on 14 Jan... so not x) = 5
    expect(jan21).toMatchObject({ claims: ['c2'], sharingMembers: 5, payoutFen: 5_000_000, shareFen: 1_080_000, surplusOutFen: 0 });
    expect(r.members.quitsAtMidnight).toMatchObject({ status: 'left', billedFen: 5_400_000 });
    expect(r.members.quitsBefore).toMatchObject({ status: 'left', billedFen: 0 });
    expect(r.members.firstSecond!.billedFen).toBe(1_080_000);
    expect(r.members.x).toMatchObject({ status: 'paid-out' });
    expect(r.claims.c1).toEqual({ status: 'paid', payoutFen: 30_000_000, reason: null });
    expect(r.ledger.balanced).toBe(true);
  });

  it('rounds the share up to the fen and carries the surplus into the next period', async () => {
    const members = ['a', 'b', 'c', 'd', 'e', 'f'].map((m) => joinEv('2020-01-01', m, '1990-01-01'));
    const r = await run(scenario([
      ...members,
      joinEv('2020-01-01', 'x', '1990-01-01'),
      claimEv('2020-01-02', 'c1', 'x', '2020-01-02', 'severe', 'accident'),
      approveEv('2020-01-03', 'c1'),
      claimEv('2020-01-15', 'c2', 'a', '2020-01-15', 'mild', 'accident'),
      approveEv('2020-01-16', 'c2'),
    ], '2020-01-31', { annualCapFen: null }));
    const [jan7, jan21] = r.periods;
    // due 32,400,000 over 7 members: 4,628,571.43 -> 4,628,572; surplus 7 x 4,628,572 - 32,400,000 = 4
    expect(jan7).toMatchObject({ sharingMembers: 7, shareFen: 4_628_572, surplusOutFen: 4, billedFen: 32_400_004 });
    // next: due 5,400,000 - 4 = 5,399,996 over 6 (x paid out on the 14th): 899,999.33 -> 900,000; surplus 4
    expect(jan21).toMatchObject({ carriedInFen: 4, sharingMembers: 6, shareFen: 900_000, surplusOutFen: 4 });
  });
});

describe('joining', () => {
  it('answers every join with accepted or a rejection code', async () => {
    const r = await run(scenario([
      joinEv('2020-01-01', 'ok', '1990-01-01'),
      joinEv('2020-01-01', 'baby29days', '2019-12-03'),
      joinEv('2020-01-01', 'baby30days', '2019-12-02'),
      joinEv('2020-01-01', 'age59', '1960-01-02'),
      joinEv('2020-01-01', 'age60', '1960-01-01'),
      joinEv('2020-01-01', 'sick', '1990-01-01', { declaration: { cancer: true, heart: false } }),
      joinEv('2020-01-01', 'lowCredit', '1990-01-01', { creditScore: 649 }),
      joinEv('2020-01-01', 'credit650', '1990-01-01', { creditScore: 650 }),
      joinEv('2020-01-02', 'ok', '1990-01-01'),
    ], '2020-01-05'));
    expect(r.joins).toEqual({
      ok: { status: 'rejected', reason: 'ALREADY_MEMBER' },
      baby29days: { status: 'rejected', reason: 'NOT_ELIGIBLE_AGE' },
      baby30days: { status: 'accepted', reason: null },
      age59: { status: 'accepted', reason: null },
      age60: { status: 'rejected', reason: 'NOT_ELIGIBLE_AGE' },
      sick: { status: 'rejected', reason: 'NOT_ELIGIBLE_HEALTH' },
      lowCredit: { status: 'rejected', reason: 'NOT_ELIGIBLE_CREDIT' },
      credit650: { status: 'accepted', reason: null },
    });
    expect(Object.keys(r.members).sort()).toEqual(['age59', 'baby30days', 'credit650', 'ok']);
  });
});

describe('claims', () => {
  it('applies the waiting period, pre-existing illness, accidents, duplicate payouts and the age bands', async () => {
    const r = await run(scenario([
      joinEv('2020-01-01', 'w', '1990-01-01'),                  // waiting period ends 2020-03-31
      joinEv('2020-01-01', 'v', '1990-01-01'),
      joinEv('2020-01-01', 'acc', '1990-01-01'),
      joinEv('2020-01-01', 'pre', '1990-01-01'),
      joinEv('2020-01-01', 'band39', '1980-05-10'),
      joinEv('2020-01-01', 'band40', '1980-05-10'),
      joinEv('2020-01-01', 'mm', '1990-01-01'),
      claimEv('2020-01-05', 'pre1', 'pre', '2019-12-31', 'severe', 'accident'),
      claimEv('2020-01-10', 'acc1', 'acc', '2020-01-09', 'severe', 'accident'),
      approveEv('2020-01-11', 'acc1'),
      claimEv('2020-03-31', 'w1', 'w', '2020-03-30'),           // last day of the waiting period
      claimEv('2020-03-31', 'v1', 'v', '2020-03-31'),           // first day after it
      approveEv('2020-04-01', 'v1'),
      claimEv('2020-05-11', 'b39', 'band39', '2020-05-09'),     // day before the 40th birthday
      claimEv('2020-05-11', 'b40', 'band40', '2020-05-10'),     // on the 40th birthday
      approveEv('2020-05-12', 'b39'),
      approveEv('2020-05-12', 'b40'),
      claimEv('2020-04-02', 'mild1', 'mm', '2020-04-02', 'mild'),
      approveEv('2020-04-03', 'mild1'),
      claimEv('2020-04-10', 'mild2', 'mm', '2020-04-10', 'mild'),
      claimEv('2020-04-11', 'severe1', 'mm', '2020-04-11', 'severe'),
      approveEv('2020-04-12', 'severe1'),
      claimEv('2020-04-13', 'severe2', 'mm', '2020-04-13', 'severe'),
      claimEv('2020-06-01', 'late', 'acc', '2020-05-30', 'mild', 'accident'), // acc was paid out (severe) in January
      rejectEv('2020-05-13', 'severe2', 'already paid'),
    ], '2020-06-30'));
    expect(r.claims.pre1).toMatchObject({ status: 'rejected', reason: 'PRE_EXISTING' });
    expect(r.claims.acc1).toMatchObject({ status: 'paid', payoutFen: 30_000_000 });
    expect(r.claims.w1).toMatchObject({ status: 'rejected', reason: 'WAITING_PERIOD' });
    expect(r.claims.v1).toMatchObject({ status: 'paid', payoutFen: 30_000_000 });
    expect(r.claims.b39).toMatchObject({ status: 'paid', payoutFen: 30_000_000 });
    expect(r.claims.b40).toMatchObject({ status: 'paid', payoutFen: 10_000_000 });
    expect(r.claims.mild1).toMatchObject({ status: 'paid', payoutFen: 5_000_000 });
    expect(r.claims.mild2).toMatchObject({ status: 'rejected', reason: 'DUPLICATE_PAYOUT' });
    expect(r.claims.severe1).toMatchObject({ status: 'paid', payoutFen: 30_000_000 });
    expect(r.claims.severe2).toMatchObject({ status: 'rejected', reason: 'DUPLICATE_PAYOUT' });
    expect(r.claims.late).toMatchObject({ status: 'rejected', reason: 'NOT_A_MEMBER' });
    expect(r.members.mm!.status).toBe('paid-out');
    expect(r.refused.map((x) => x.code)).toEqual(['CONFLICT']); // rejecting an already rejected claim
    expect(r.ledger.balanced).toBe(true);
  });

  it('rechecks at approval: an approval never overrides the automatic checks', async () => {
    const r = await run(scenario([
      joinEv('2020-01-01', 'a', '1990-01-01'),
      claimEv('2020-04-01', 'c1', 'a', '2020-04-01', 'severe'),
      claimEv('2020-04-02', 'c2', 'a', '2020-04-02', 'severe'),
      approveEv('2020-04-03', 'c1'),
      approveEv('2020-04-04', 'c2'),
    ], '2020-04-30'));
    expect(r.claims.c1!.status).toBe('paid');
    expect(r.claims.c2).toMatchObject({ status: 'rejected', reason: 'DUPLICATE_PAYOUT' });
  });
});

describe('caps', () => {
  it('bills only what is left of the 188-yuan annual cap, and starts again in the new year', async () => {
    // Mild payouts of 600 yuan, no fee, 6 members: a share of exactly 100 yuan per period.
    const people = ['a', 'b', 'c', 'd', 'e', 'f'];
    const r = await run(scenario([
      ...people.map((m) => joinEv('2020-11-01', m, '1990-01-01')),
      claimEv('2020-12-01', 'c1', 'a', '2020-12-01', 'mild', 'accident'), approveEv('2020-12-02', 'c1'),
      claimEv('2020-12-15', 'c2', 'b', '2020-12-15', 'mild', 'accident'), approveEv('2020-12-16', 'c2'),
      claimEv('2021-01-01', 'c3', 'c', '2021-01-01', 'mild', 'accident'), approveEv('2021-01-02', 'c3'),
    ], '2021-01-31', { mildPayoutFen: 60_000, feeBasisPoints: 0 }));
    const byDate = Object.fromEntries(r.periods.map((p) => [p.announcedOn, p]));
    expect(byDate['2020-12-07']).toMatchObject({ shareFen: 10_000, billedFen: 60_000, operatorSubsidyFen: 0 });
    expect(byDate['2020-12-21']).toMatchObject({ shareFen: 10_000, billedFen: 6 * 8_800, operatorSubsidyFen: 6 * 1_200 });
    expect(byDate['2021-01-07']).toMatchObject({ shareFen: 10_000, billedFen: 60_000, operatorSubsidyFen: 0 });
    expect(r.members.f!.billedFen).toBe(18_800 + 10_000);
    expect(r.ledger.balanced).toBe(true);
  });

  it('caps each elderly-cancer member at 1 yuan per announced case', async () => {
    const r = await run({
      plans: [{ id: 'ci', preset: 'elderly-cancer' }],
      until: '2020-04-30',
      events: inTimeOrder([
        ...['a', 'b', 'c'].map((m) => joinEv('2020-01-01', m, '1955-01-01')),
        joinEv('2020-01-01', 'young', '1990-01-01'),
        claimEv('2020-04-01', 'c1', 'a', '2020-04-01', 'severe'), approveEv('2020-04-02', 'c1'),
        claimEv('2020-04-01', 'c2', 'b', '2020-04-01', 'mild'), approveEv('2020-04-02', 'c2'),
      ]),
    });
    expect(r.joins.young).toEqual({ status: 'rejected', reason: 'NOT_ELIGIBLE_AGE' });
    const apr7 = r.periods.find((p) => p.announcedOn === '2020-04-07')!;
    // 150,000 yuan + 8% = 162,000 yuan over 3 members; each pays at most 2 cases x 1 yuan.
    expect(apr7.claims).toHaveLength(2);
    expect(apr7).toMatchObject({ payoutFen: 15_000_000, shareFen: 5_400_000, billedFen: 600, operatorSubsidyFen: 16_200_000 - 600 });
    expect(r.ledger.balanced).toBe(true);
  });
});

describe('missed payments', () => {
  const base = [
    joinEv('2020-01-01', 'x', '1990-01-01'),
    joinEv('2020-01-01', 'p', '1990-01-01'),
    { ...joinEv('2020-01-01', 'kid', '2015-01-01'), payer: 'p' },
    claimEv('2020-01-02', 'c1', 'x', '2020-01-02', 'severe', 'accident'),
    approveEv('2020-01-03', 'c1'),
    failsEv('2020-01-10', 'p'),
  ];
  it('keeps a member whose charge succeeds on the last retry day', async () => {
    const r = await run(scenario([...base, recoversEv('2020-01-26T23:59:59', 'p')], '2020-02-29'));
    expect(r.members.p).toMatchObject({ status: 'active', billedFen: 18_800, paidFen: 18_800 });
    expect(r.members.kid).toMatchObject({ status: 'active', paidFen: 18_800 });
    expect(r.periods[0]!.uncollectedFen).toBe(0);
    expect(r.ledger.balanced).toBe(true);
  });
  it('removes the payer\'s members after the last retry day; the operator covers the unpaid share', async () => {
    const r = await run(scenario([...base, recoversEv('2020-01-27T00:00:00', 'p')], '2020-02-29'));
    expect(r.members.p).toMatchObject({ status: 'removed-nonpayment', billedFen: 18_800, paidFen: 0 });
    expect(r.members.kid).toMatchObject({ status: 'removed-nonpayment' });
    expect(r.periods[0]).toMatchObject({ billedFen: 3 * 18_800, uncollectedFen: 2 * 18_800 });
    expect(r.claims.c1).toMatchObject({ status: 'paid', payoutFen: 30_000_000 });
    expect(r.periods[1]!.sharingMembers).toBe(2); // p and kid are still members on 21 Jan
    expect(r.periods[2]!.sharingMembers).toBe(0); // and gone by 7 Feb
    expect(r.ledger.balanced).toBe(true);
  });
});

describe('removal at the age limit', () => {
  it('removes a member on the 60th birthday', async () => {
    const r = await run(scenario([
      joinEv('2019-06-01', 'old', '1960-03-15'),
      joinEv('2019-06-01', 'young', '1990-03-15'),
    ], '2020-03-31'));
    expect(r.members.old!.status).toBe('removed-age');
    const mar7 = r.periods.find((p) => p.announcedOn === '2020-03-07')!;
    const mar21 = r.periods.find((p) => p.announcedOn === '2020-03-21')!;
    expect(mar7.sharingMembers).toBe(2);
    expect(mar21.sharingMembers).toBe(1);
  });
});
