/**
 * Contributions graded by age in the engine (issue 14): the weights from birth dates in SQL at
 * the snapshot (00:00 of the announcement day), the bills share x weight with caps, W and the
 * bands in the period and its log entry, the books, and the log's replay recomputing it all.
 */
import { describe, expect, it } from 'vitest';
import type { Db } from '../db/database.ts';
import { bandOfAge, type ContributionWeight } from '../domain/contribution-weights.ts';
import { ageOn, type LocalDate } from '../domain/local-date.ts';
import { gradedCaseSql } from '../repositories/members-repo.ts';
import { getPlan } from '../repositories/plans-repo.ts';
import { logSize, readEntries } from '../transparency/store/log-store.ts';
import { decodeLogEntry } from '../transparency/core/canonical-json.ts';
import { replayEntries } from '../transparency/verify/replay-check.ts';
import { crossCheckDatabase } from '../transparency/verify/verify-log.ts';
import { JAN7, shanghai } from '../test-support/small-plan.ts';
import { testDb } from '../test-support/test-db.ts';
import { simulatedProvider } from '../payments/simulated-provider.ts';
import { checkBooks } from './books-check.ts';
import { runChargeDay } from './charge-day.ts';
import { approveClaim, fileClaim } from './claims-service.ts';
import { join } from './membership-service.ts';
import { createPlan } from './plans-service.ts';
import { announceAndShare } from './sharing-run.ts';

const WEIGHTS: ContributionWeight[] = [{ fromAge: 0, weight: 1 }, { fromAge: 30, weight: 2 }, { fromAge: 40, weight: 3 }];

/** person, birth date, join instant (Shanghai), expected weight at the 2020-01-07 snapshot (0: not sharing). */
const PEOPLE: [string, string, string, number][] = [
  ['a', '1990-01-07', '2020-01-02T09:00:00', 2], // turns 30 on the announcement day: counts at the new age
  ['b', '1990-01-08', '2020-01-02T09:00:00', 1], // turns 30 the day after: still 29
  ['c', '1980-01-07', '2020-01-03T09:00:00', 3], // turns 40 on the day
  ['d', '1980-01-08', '2020-01-03T09:00:00', 2], // 39
  ['e', '2000-06-01', '2020-01-04T09:00:00', 1],
  ['f', '1985-06-01', '2020-01-01T09:00:00', 2], // the claimant, 34
  ['g', '1990-01-07', '2020-01-06T23:59:59', 2], // joined one second before the snapshot: sharing
  ['h', '1980-01-07', '2020-01-07T00:00:00', 0], // joined at the snapshot instant: not sharing
];

async function seedGraded(db: Db, id: string, annualCapFen: number | null): Promise<void> {
  await createPlan(db, { id, preset: 'critical-illness', overrides: { annualCapFen, contributionWeights: WEIGHTS } }, { key: `${id}:plan`, actor: 't', at: shanghai('2020-01-01T00:00:00') });
  for (const [person, birthDate, at] of PEOPLE) {
    await join(db, { plan: id, person: `${id}-${person}`, payer: `${id}-pay-${person}`, birthDate, declaration: { none: false } }, { key: `${id}:join:${person}`, actor: 't', at: shanghai(at) });
  }
  await fileClaim(db, { plan: id, claim: `${id}-c1`, person: `${id}-f`, diagnosedOn: '2020-01-02', severity: 'severe', cause: 'accident' }, { key: `${id}:file`, actor: 't', at: shanghai('2020-01-03T09:00:00') });
  await approveClaim(db, { claim: `${id}-c1` }, { key: `${id}:approve`, actor: 't', at: shanghai('2020-01-04T09:00:00') });
}

async function billsOf(db: Db, planId: string): Promise<Record<string, bigint>> {
  const rows = await db.query<{ ref: string; amount_fen: bigint }>(
    `SELECT pe.ref, c.amount_fen FROM charges c JOIN memberships m ON m.id = c.membership_id JOIN persons pe ON pe.id = m.person_id
      WHERE m.plan_id = $1 ORDER BY pe.ref`, [planId]);
  return Object.fromEntries(rows.map((r) => [r.ref.slice(planId.length + 1), BigInt(r.amount_fen)]));
}

async function replayProblems(db: Db): Promise<string[]> {
  const entries = (await readEntries(db, 0, await logSize(db))).map(decodeLogEntry);
  return replayEntries(entries).problems.map((p) => `${p.subject}: ${p.message}`);
}

describe('graded contributions in the sharing run', () => {
  it('bills share x weight by age at 00:00 of the announcement day, publishes W and the bands, and the log replays', async () => {
    const db = await testDb();
    try {
      await seedGraded(db, 'gp', null);
      const period = await announceAndShare(db, await getPlan(db, 'gp'), JAN7);
      // 300,000 yuan + 8% fee = 32,400,000 fen over W = 2+1+3+2+1+2+2 = 13.
      expect(period.sharingMembers).toBe(7n);
      expect(period.weightTotal).toBe(13n);
      expect(period.weightBands).toEqual([
        { fromAge: 0, weight: 1, members: 2n }, { fromAge: 30, weight: 2, members: 4n }, { fromAge: 40, weight: 3, members: 1n },
      ]);
      expect(period.shareFen).toBe(2_492_308n); // ceil(32,400,000 / 13)
      expect(period.surplusOutFen).toBe(2_492_308n * 13n - 32_400_000n);
      expect(period.billedFen).toBe(2_492_308n * 13n);
      const bills = await billsOf(db, 'gp');
      for (const [person, , , weight] of PEOPLE) expect(bills[person], person).toBe(weight === 0 ? undefined : 2_492_308n * BigInt(weight));
      expect((await checkBooks(db)).ok).toBe(true);
      const entries = (await readEntries(db, 0, await logSize(db))).map(decodeLogEntry);
      const announced = entries.find((e) => e.type === 'period.announced')!;
      expect(announced.weightTotal).toBe(13);
      expect(announced.weightBands).toEqual([{ fromAge: 0, weight: 1, members: 2 }, { fromAge: 30, weight: 2, members: 4 }, { fromAge: 40, weight: 3, members: 1 }]);
      expect(await replayProblems(db)).toEqual([]);
      // The charge day, then the regulator's cross-check: the database's W and bills against the log.
      await runChargeDay(db, simulatedProvider(), await getPlan(db, 'gp'), period);
      const all = (await readEntries(db, 0, await logSize(db))).map(decodeLogEntry);
      expect(replayEntries(all).problems).toEqual([]);
      const checks = await crossCheckDatabase(db, replayEntries(all));
      expect(checks.filter((c) => !c.ok).map((c) => `${c.name}: ${c.detail}`)).toEqual([]);
      await db.exec('ALTER TABLE periods DISABLE TRIGGER USER');
      await db.query('UPDATE periods SET weight_total = 14 WHERE plan_id = $1', ['gp']);
      const tampered = await crossCheckDatabase(db, replayEntries(all));
      expect(tampered.filter((c) => !c.ok).map((c) => c.detail).join('\n')).toMatch(/weight total is 14 in the database but 13 in the log/);
    } finally {
      await db.close();
    }
  });

  it('caps the weighted bill (annual cap) and the operator covers the gap; the books balance and the log replays', async () => {
    const db = await testDb();
    try {
      await seedGraded(db, 'gc', 5_000_000);
      const period = await announceAndShare(db, await getPlan(db, 'gc'), JAN7, { chunkSize: 2 });
      const bills = await billsOf(db, 'gc');
      expect(bills.b).toBe(2_492_308n); // weight 1: under the cap
      expect(bills.a).toBe(4_984_616n); // weight 2: under the cap
      expect(bills.c).toBe(5_000_000n); // weight 3 would be 7,476,924: capped
      expect(period.billedFen).toBe(2_492_308n * 10n + 5_000_000n);
      expect(period.operatorSubsidyFen).toBe(2_492_308n * 3n - 5_000_000n);
      expect(period.billedFen + period.operatorSubsidyFen + period.carriedInFen).toBe(period.payoutFen + period.feeFen + period.surplusOutFen);
      expect((await checkBooks(db)).ok).toBe(true);
      expect(await replayProblems(db)).toEqual([]);
    } finally {
      await db.close();
    }
  });

  it('the log replay refuses a period whose weight total or bands do not follow', async () => {
    const db = await testDb();
    try {
      await seedGraded(db, 'gv', null);
      await announceAndShare(db, await getPlan(db, 'gv'), JAN7);
      const entries = (await readEntries(db, 0, await logSize(db))).map(decodeLogEntry);
      const i = entries.findIndex((e) => e.type === 'period.announced');
      const forged = entries.map((e, k) => (k === i ? { ...e, weightTotal: 12 } : e));
      expect(replayEntries(forged).problems.map((p) => p.message).join('\n')).toMatch(/weight total is 12 but the bands give 13/);
      const equal = entries.map((e, k) => (k === i ? { ...e, weightBands: [{ fromAge: 0, weight: 1, members: 7 }], weightTotal: 7 } : e));
      expect(replayEntries(equal).problems.map((p) => p.message).join('\n')).toMatch(/not the plan's contributionWeights/);
    } finally {
      await db.close();
    }
  });

  it('the SQL CASE agrees with ageOn around birthdays, 29 February and the year end', async () => {
    const db = await testDb();
    try {
      const weights: ContributionWeight[] = [{ fromAge: 0, weight: 1 }, { fromAge: 1, weight: 2 }, { fromAge: 18, weight: 3 }, { fromAge: 40, weight: 5 }];
      const days = ['2020-01-01', '2020-12-31', '2021-01-01', '2021-02-28', '2021-03-01', '2024-02-29', '2020-01-07'] as LocalDate[];
      const births = ['1980-01-01', '1980-12-31', '1981-01-01', '1981-02-28', '1980-02-29', '2003-02-28', '2003-03-01', '2002-01-07', '2002-01-08',
        '2020-02-29', '2023-02-28', '2020-01-01', '2019-12-31', '2020-12-31'] as LocalDate[];
      for (const on of days) {
        const band = gradedCaseSql(weights, on, 2, 'band');
        const rows = await db.query<{ b: string; band: number }>(
          `SELECT m.birth_date::text AS b, ${band.sql}::int AS band FROM (SELECT unnest($1::date[]) AS birth_date) m`, [births, ...band.params]);
        for (const r of rows) {
          if (r.b > on) continue;
          expect(r.band, `${r.b} on ${on}`).toBe(bandOfAge(weights, ageOn(r.b as LocalDate, on)));
        }
      }
    } finally {
      await db.close();
    }
  });
});
