/**
 * The regulator's fund flows after a wind-down (issue 13), on a real database: the small plan
 * shares one period as usual, then is wound down (past shares refunded) and its next period,
 * charged after A, is operator-funded. The flows show that period's payout under operator-funded,
 * the share refunds under refunds, the daily proof passes on the day of A, and the plan's status
 * reads 'winding-down' from A.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/database.ts';
import { simulatedProvider } from '../../payments/simulated-provider.ts';
import { listPeriods } from '../../repositories/periods-repo.ts';
import { findWindDownOfPlan } from '../../repositories/wind-downs-repo.ts';
import { testDb } from '../../test-support/test-db.ts';
import { seedSmallPlan, shanghai as at } from '../../test-support/small-plan.ts';
import { advanceTo } from '../calendar-runner.ts';
import { approveClaim, fileClaim } from '../claims-service.ts';
import { windDownNow } from '../wind-down.ts';
import { dailyProof, monthFlows, periodFlows, plansOverview } from './fund-flows.ts';
import { planStatusOf } from './plan-status.ts';

const act = (key: string, when: string) => ({ key, actor: 'operator:1', at: at(when) });
const provider = simulatedProvider();
const A = '2020-01-20T10:00:00';
let db: Db;

beforeAll(async () => {
  db = await testDb();
  await seedSmallPlan(db); // 'ci': 13 members, one approved claim shared on 7 January, charged 14 January
  await advanceTo(db, provider, at('2020-01-20T00:00:00'));
  await fileClaim(db, { plan: 'ci', claim: 'c2', person: 'm1', diagnosedOn: '2020-01-10', severity: 'severe', cause: 'accident' }, act('file-c2', '2020-01-20T09:00:00'));
  await approveClaim(db, { claim: 'c2' }, act('approve-c2', '2020-01-20T09:30:00'));
  await windDownNow(db, { plan: 'ci', id: 'wd-ci', cutOffOn: '2020-01-31', refundPastShares: true }, act('wind-down', A));
  await advanceTo(db, provider, at('2020-02-01T00:00:00')); // 21 January announced (c2), charged 28 January: after A
});
afterAll(() => db.close());

describe('fund flows after a wind-down', () => {
  it('show the period charged after A as operator-funded, the one before as members paid it', async () => {
    const flows = await periodFlows(db, { planId: 'ci', month: '2020-01' });
    const [jan7, jan21] = [flows.find((f) => f.announcedOn === '2020-01-07')!, flows.find((f) => f.announcedOn === '2020-01-21')!];
    expect(jan7.operatorFundedFen).toBe(0n);
    expect(jan7.collectedFen).toBe(jan7.billedFen);
    const p = (await listPeriods(db, 'ci')).find((x) => x.announcedOn === '2020-01-21')!;
    expect(p).toMatchObject({ shareFen: 0n, billedFen: 0n, feeFen: 0n });
    expect(p.payoutFen).toBeGreaterThan(0n);
    expect(jan21).toMatchObject({ billedFen: 0n, collectedFen: 0n, feeFen: 0n, paidToClaimantsFen: p.payoutFen });
    expect(jan21.operatorFundedFen).toBe(p.payoutFen - p.carriedInFen); // the operator pays what the surplus carried in does not cover
    expect(jan21.operatorFundedFen).toBe(p.operatorSubsidyFen);
  });

  it('show the past shares refunded at A under refunds, in the month of A', async () => {
    const w = (await findWindDownOfPlan(db, 'ci'))!;
    const paidBeforeA = (await listPeriods(db, 'ci')).filter((x) => x.announcedOn === '2020-01-07')[0]!.billedFen;
    expect(w.atStart!.sharesRefundedFen).toBe(paidBeforeA); // every share paid so far
    const [jan] = await monthFlows(db, { planId: 'ci', month: '2020-01' });
    expect(jan!.refundsFen).toBe(w.atStart!.sharesRefundedFen);
    expect(jan!.operatorFundedFen).toBeGreaterThan(0n);
  });

  it('keep the daily proof on the day of A and on the operator-funded charge day', async () => {
    const days = await dailyProof(db, { planId: 'ci' });
    expect(days.map((d) => d.day)).toEqual(expect.arrayContaining(['2020-01-14', '2020-01-20', '2020-01-28']));
    expect(days.filter((d) => !d.ok)).toEqual([]);
    expect(days.find((d) => d.day === '2020-01-20')).toMatchObject({ differenceFen: 0n, ok: true });
  });

  it('read the plan as winding down from A, active just before', async () => {
    expect(await planStatusOf(db, 'ci', at('2020-01-20T09:59:59'))).toBe('active');
    expect(await planStatusOf(db, 'ci', at(A))).toBe('winding-down');
    expect(await planStatusOf(db, 'ci', at('2020-02-01T00:00:00'))).toBe('winding-down');
    expect((await plansOverview(db, 'ci'))[0]).toMatchObject({ plan: 'ci', status: 'winding-down' });
  });
});
