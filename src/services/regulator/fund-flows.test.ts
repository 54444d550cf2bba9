/**
 * The regulator's figures on a real database: a post-paid plan (a failing payer, written off) and
 * a prepaid one (recharges, deductions, a refund at a quit) run through two months of the
 * calendar. Each flow agrees with the published period results and the ledger's balances; every
 * day with money movement passes the "no precipitated funds" proof, and a stray entry that leaves
 * money in settlement fails it on its day.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/database.ts';
import { simulatedProvider } from '../../payments/simulated-provider.ts';
import { accountBalances, postEntry } from '../../repositories/ledger-repo.ts';
import { listPeriods } from '../../repositories/periods-repo.ts';
import { testDb } from '../../test-support/test-db.ts';
import { seedSmallPlan } from '../../test-support/small-plan.ts';
import { advanceTo } from '../calendar-runner.ts';
import { approveClaim, fileClaim } from '../claims-service.ts';
import { setPayerFailing } from '../collections.ts';
import { join, quit } from '../membership-service.ts';
import { createPlan } from '../plans-service.ts';
import { recharge } from '../wallets.ts';
import { checkMonth, dailyProof, monthFlows, periodFlows, plansOverview, walletsByDay } from './fund-flows.ts';
import { planStatusOf } from './plan-status.ts';

const at = (s: string) => new Date(`${s}+08:00`);
const act = (key: string, when: string) => ({ key, actor: 't', at: at(when) });
const provider = simulatedProvider();
const funding = { mode: 'prepaid' as const, joinDepositFen: 1000, lowBalanceFen: 500, maxBalanceFen: 5000 };
let db: Db;

beforeAll(async () => {
  db = await testDb();
  await seedSmallPlan(db); // 'ci': 13 members, one approved claim for 7 January
  await setPayerFailing(db, 'p6', true, act('fail-p6', '2020-01-05T09:00:00'));
  await createPlan(db, { id: 'pp', preset: 'critical-illness', overrides: { funding, payoutBands: [{ maxAge: 200, severeFen: 3000 }], mildPayoutFen: 3000, feeBasisPoints: 0 } }, act('pp', '2020-01-01T00:00:00'));
  for (const m of ['a', 'b', 'c']) {
    await recharge(db, provider, { plan: 'pp', payer: m, amountFen: 2000n }, act(`r-${m}`, '2020-01-01T09:00:00'));
    await join(db, { plan: 'pp', person: m, payer: m, birthDate: '1990-01-01', declaration: { q: false } }, act(`j-${m}`, '2020-01-01T10:00:00'));
  }
  await fileClaim(db, { plan: 'pp', claim: 'pc1', person: 'a', diagnosedOn: '2020-01-02', severity: 'mild', cause: 'accident' }, act('pf', '2020-01-03T10:00:00'));
  await approveClaim(db, { claim: 'pc1' }, act('pa', '2020-01-04T10:00:00'));
  await advanceTo(db, provider, at('2020-01-25T00:00:00'));
  await quit(db, { plan: 'pp', person: 'c' }, act('quit-c', '2020-01-26T10:00:00'));
  for (const m of ['a', 'b']) await recharge(db, provider, { plan: 'pp', payer: m, amountFen: 1000n }, act(`r2-${m}`, '2020-02-05T09:00:00'));
  await fileClaim(db, { plan: 'pp', claim: 'pc2', person: 'b', diagnosedOn: '2020-02-08', severity: 'mild', cause: 'accident' }, act('pf2', '2020-02-10T10:00:00'));
  await approveClaim(db, { claim: 'pc2' }, act('pa2', '2020-02-11T10:00:00'));
  await advanceTo(db, provider, at('2020-02-29T00:00:00'));
});
afterAll(() => db.close());

describe('fund flows per period', () => {
  it('agree with the published results of every charged period', async () => {
    const flows = await periodFlows(db, {});
    const periods = await listPeriods(db);
    expect(flows).toHaveLength(periods.length);
    for (const p of periods.filter((x) => x.status === 'charged')) {
      const f = flows.find((x) => x.periodId === p.id)!;
      expect(f, `${p.planId} ${p.announcedOn}`).toMatchObject({
        paidToClaimantsFen: p.payoutFen, feeFen: p.feeFen, operatorSubsidyFen: p.operatorSubsidyFen, operatorFundedFen: 0n, surplusCarriedFen: p.surplusOutFen,
      });
      expect(f.collectedFen).toBeLessThanOrEqual(p.billedFen);
    }
    const jan7 = flows.find((x) => x.plan === 'ci' && x.announcedOn === '2020-01-07')!;
    // p6 never pays: collected is the billed less p6's shares, which are written off.
    expect(jan7.collectedFen + jan7.writtenOffFen).toBe(jan7.billedFen);
    expect(jan7.writtenOffFen).toBeGreaterThan(0n);
    expect(flows.find((x) => x.plan === 'pp' && x.announcedOn === '2020-01-07')).toMatchObject({ collectedFen: 3000n, paidToClaimantsFen: 3000n, walletsHeldFen: 3000n });
  });

  it('filter by plan and by the month the period was announced in', async () => {
    const feb = await periodFlows(db, { planId: 'ci', month: '2020-02' });
    expect(feb.map((p) => p.announcedOn)).toEqual(['2020-02-07', '2020-02-21']);
  });
});

describe('fund flows per month', () => {
  it('add up to the same totals as the periods and end with the ledger\'s wallets', async () => {
    const months = await monthFlows(db, { planId: 'pp' });
    expect(months.map((m) => m.month)).toEqual(['2020-01', '2020-02']);
    const sum = (k: 'collectedFen' | 'paidToClaimantsFen') => months.reduce((s, m) => s + m[k], 0n);
    const periods = await periodFlows(db, { planId: 'pp' });
    expect(sum('collectedFen')).toBe(periods.reduce((s, p) => s + p.collectedFen, 0n));
    expect(sum('paidToClaimantsFen')).toBe(6000n);
    const jan = months[0]!;
    expect(jan.rechargedFen).toBe(6000n);
    expect(jan.refundsFen).toBe(1000n); // c quit with 1,000 left, refunded
    expect(months[1]).toMatchObject({ rechargedFen: 2000n, collectedFen: 3000n, paidToClaimantsFen: 3000n, walletsHeldFen: 1000n, surplusCarriedFen: 0n });
    expect(months.at(-1)!.walletsHeldFen).toBe((await accountBalances(db, 'pp')).wallets);
  });
});

describe('the daily proof', () => {
  it('passes on every day with money movement, in both plans', async () => {
    const days = await dailyProof(db, {});
    // pp: the recharges of 1 January and 5 February, the charges of 14 and 28 January (c's refund) and 28 February; ci: its charge of 14 January.
    expect(days.map((d) => `${d.plan} ${d.day}`)).toEqual(['ci 2020-01-14', 'pp 2020-01-01', 'pp 2020-01-14', 'pp 2020-01-28', 'pp 2020-02-05', 'pp 2020-02-28']);
    expect(days.filter((d) => !d.ok)).toEqual([]);
    expect(days.find((d) => d.plan === 'pp' && d.day === '2020-01-01')).toMatchObject({ settlementFen: 6000n, walletsFen: 6000n, surplusCarriedFen: 0n });
    expect(new Set(days.map((d) => d.plan))).toEqual(new Set(['ci', 'pp']));
  });

  it('wallets by day: only days the wallets moved, ending at the ledger balance', async () => {
    const w = await walletsByDay(db, { planId: 'pp' });
    expect(w[0]).toEqual({ plan: 'pp', day: '2020-01-01', rechargedFen: 6000n, deductedFen: 0n, refundedFen: 0n, walletsFen: 6000n });
    // c quit on 26 January; its wallet is refunded once the period it still shares in is charged (28 January).
    expect(w.find((d) => d.day === '2020-01-28')).toMatchObject({ refundedFen: 1000n, walletsFen: 2000n });
    expect(w.at(-1)).toMatchObject({ day: '2020-02-28', deductedFen: 3000n, walletsFen: 1000n });
    expect(await walletsByDay(db, { planId: 'ci' })).toEqual([]);
  });

  it('fails on the day money stays in settlement that is neither surplus nor wallets', async () => {
    await db.transaction((tx) => postEntry(tx, { planId: 'ci', periodId: null, key: 'stray', at: at('2020-03-02T10:00:00'), actor: 't' },
      { kind: 'collection', memo: 'stray money', lines: [{ account: 'settlement', debitFen: 100n, creditFen: 0n }, { account: 'payer_receivable', debitFen: 0n, creditFen: 100n }] }));
    const march = await dailyProof(db, { planId: 'ci', month: '2020-03' });
    expect(march).toEqual([{ plan: 'ci', day: '2020-03-02', settlementFen: march[0]!.settlementFen, surplusCarriedFen: march[0]!.surplusCarriedFen, walletsFen: 0n, differenceFen: 100n, ok: false }]);
  });
});

describe('plans and months', () => {
  it('lists every plan with its funding and status', async () => {
    expect((await plansOverview(db)).map((p) => [p.plan, p.funding, p.status])).toEqual([['ci', 'post-paid', 'active'], ['pp', 'prepaid', 'active']]);
    expect(await planStatusOf(db, 'ci')).toBe('active');
    await expect(plansOverview(db, 'nope')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refuses a month that is not YYYY-MM', () => {
    for (const m of ['2020-13', '2020-1', '2020-00', '20-01', '2020-01-01']) expect(() => checkMonth(m), m).toThrow(/month/);
    expect(checkMonth('2020-12')).toBe('2020-12');
  });
});
