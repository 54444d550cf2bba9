/**
 * The SQL and the TypeScript versions of the date rules must agree: huzhu_anniversary (removal on
 * the birthday, ages in SQL) against anniversary(), the snapshot instant "00:00 local" computed
 * in SQL against startOfDay(), and the capped bills of billWithCaps against memberCharge/memberCapFen,
 * with contributions graded by age (the weight by birth date in SQL against weightOfAge(ageOn)).
 * One database for the file.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ageOn, anniversary, startOfDay, type LocalDate } from '../domain/local-date.ts';
import { weightOfAge, type ContributionWeight } from '../domain/contribution-weights.ts';
import { memberCapFen, memberCharge } from '../domain/sharing-rule.ts';
import { billWithCaps } from '../repositories/periods-repo.ts';
import { testDb } from '../test-support/test-db.ts';
import type { Db } from './database.ts';

const ZONE = 'Asia/Shanghai';
const MS_PER_DAY = 86_400_000;
const dayOf = (n: number): LocalDate => new Date(n * MS_PER_DAY).toISOString().slice(0, 10) as LocalDate;
const dateIn = (fromYear: number, toYear: number) =>
  fc.integer({ min: Date.UTC(fromYear, 0, 1) / MS_PER_DAY, max: Date.UTC(toYear, 11, 31) / MS_PER_DAY }).map(dayOf);
const isLeap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const leapDay = fc.integer({ min: 1900, max: 2196 }).filter(isLeap).map((y) => `${y}-02-29` as LocalDate);

let db: Db;
beforeAll(async () => {
  db = await testDb();
});
afterAll(async () => {
  await db?.close();
});

async function sqlAnniversary(birth: LocalDate, years: number): Promise<string> {
  const rows = await db.query<{ d: string }>('SELECT huzhu_anniversary($1::date, $2::integer)::text AS d', [birth, years]);
  return rows[0]!.d;
}

async function sqlStartOfDay(date: LocalDate): Promise<string> {
  const rows = await db.query<{ t: string }>(
    `SELECT to_char((($1::date + time '00:00') AT TIME ZONE '${ZONE}') AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS t`, [date]);
  return rows[0]!.t;
}

describe('huzhu_anniversary (SQL) = anniversary (TypeScript)', () => {
  it('on the edges: 29 February in leap, common and century years', async () => {
    const cases: [string, number, string][] = [
      ['2000-02-29', 1, '2001-03-01'], ['2000-02-29', 4, '2004-02-29'], ['2000-02-29', 100, '2100-03-01'],
      ['1904-02-29', 96, '2000-02-29'], ['1960-02-29', 60, '2020-02-29'], ['2040-02-29', 60, '2100-03-01'],
      ['1980-02-28', 40, '2020-02-28'], ['1980-03-01', 40, '2020-03-01'], ['1979-12-31', 40, '2019-12-31'], ['2000-02-29', 0, '2000-02-29'],
    ];
    for (const [birth, years, expected] of cases) {
      expect(anniversary(birth as LocalDate, years)).toBe(expected);
      expect(await sqlAnniversary(birth as LocalDate, years)).toBe(expected);
    }
  });
  it('property: equal for random births (often 29 February) and ages', async () => {
    await fc.assert(fc.asyncProperty(fc.oneof(dateIn(1900, 2100), leapDay), fc.integer({ min: 0, max: 100 }), async (birth, years) => {
      expect(await sqlAnniversary(birth, years)).toBe(anniversary(birth, years));
    }), { numRuns: 200 });
  });
});

describe(`start of a local day in ${ZONE}: SQL (d + 00:00) AT TIME ZONE = startOfDay`, () => {
  it('on the edges', async () => {
    for (const [date, expected] of [
      ['2020-01-07', '2020-01-06T16:00:00.000Z'], ['2021-01-01', '2020-12-31T16:00:00.000Z'], ['2020-02-29', '2020-02-28T16:00:00.000Z'],
    ] as [LocalDate, string][]) {
      expect(startOfDay(date, ZONE).toISOString()).toBe(expected);
      expect(await sqlStartOfDay(date)).toBe(expected);
    }
  });
  it('property: equal for random dates', async () => {
    await fc.assert(fc.asyncProperty(fc.oneof(dateIn(1900, 2200), leapDay), async (date) => {
      expect(await sqlStartOfDay(date)).toBe(startOfDay(date, ZONE).toISOString());
    }), { numRuns: 200 });
  });
});

/** Graded weights (or none: the equal share's SQL), ascending fromAge from 0. */
const weightsArb = fc.option(fc.uniqueArray(fc.integer({ min: 1, max: 70 }), { maxLength: 4 }).chain((froms) =>
  fc.array(fc.integer({ min: 1, max: 5 }), { minLength: froms.length + 1, maxLength: froms.length + 1 })
    .map((ws) => [0, ...[...froms].sort((a, b) => a - b)].map((fromAge, i): ContributionWeight => ({ fromAge, weight: ws[i]! })))), { nil: null });
const SNAPSHOT_DATE = '2021-01-07' as LocalDate;

describe('billWithCaps (SQL) = memberCharge(share, memberCapFen(...)) (TypeScript)', () => {
  let run = 0;
  it('property: every member is billed what the TypeScript caps allow (no row when that is 0), graded by age or not', async () => {
    await fc.assert(fc.asyncProperty(
      fc.array(fc.record({
        bills: fc.array(fc.bigInt({ min: 0n, max: 9_000n }), { maxLength: 4 }), // earlier bills
        // Around the snapshot date's anniversaries too: born on 7 or 8 January.
        birth: fc.oneof(dateIn(1950, 2020), fc.integer({ min: 1950, max: 2020 }).chain((y) => fc.constantFrom(`${y}-01-07`, `${y}-01-08`, `${y}-01-06`) as fc.Arbitrary<LocalDate>)),
      }), { minLength: 1, maxLength: 8 }),
      fc.bigInt({ min: 0n, max: 20_000n }),
      fc.option(fc.bigInt({ min: 0n, max: 20_000n }), { nil: null }),
      fc.option(fc.bigInt({ min: 0n, max: 300n }), { nil: null }),
      fc.integer({ min: 0, max: 5 }),
      weightsArb,
      async (members, shareFen, annualCapFen, perCaseCapFen, cases, weights) => {
        run += 1;
        const planId = `cap-parity-${run}`;
        const periodId = BigInt(1_000_000 + run * 10);
        const earlierPeriodIds = [1n, 2n, 3n, 4n].map((k) => periodId + k);
        await db.query(`INSERT INTO plans (id, name, time_zone, rules, created_at) VALUES ($1, $1, '${ZONE}', '{}', now())`, [planId]);
        const expected = new Map<bigint, bigint>();
        for (const [i, { bills, birth }] of members.entries()) {
          const [person] = await db.query<{ id: bigint }>(`INSERT INTO persons (ref, birth_date) VALUES ($1, $2) RETURNING id`, [`${planId}-${i}`, birth]);
          const [payer] = await db.query<{ id: bigint }>('INSERT INTO payers (ref) VALUES ($1) RETURNING id', [`${planId}-${i}`]);
          const [m] = await db.query<{ id: bigint }>(
            `INSERT INTO memberships (plan_id, person_id, payer_id, birth_date, joined_at, joined_on, waiting_ends_on)
             VALUES ($1, $2, $3, $4, '2020-01-01T00:00:00Z', '2020-01-01', '2020-03-31') RETURNING id`, [planId, person!.id, payer!.id, birth]);
          let billed = 0n;
          for (const [k, amount] of bills.entries()) {
            if (amount === 0n) continue;
            await db.query('INSERT INTO charges (period_id, membership_id, payer_id, amount_fen) VALUES ($1, $2, $3, $4)',
              [earlierPeriodIds[k], m!.id, payer!.id, amount]);
            billed += amount;
          }
          const weight = weights ? weightOfAge(weights, ageOn(birth, SNAPSHOT_DATE)) : 1;
          expected.set(m!.id, memberCharge(shareFen, memberCapFen({ annualCapFen, billedThisYearFen: billed, perCaseCapFen, cases }), weight));
        }
        const total = await billWithCaps(db, {
          periodId, planId, snapshotAt: new Date('2021-01-07T00:00:00Z'), shareFen, range: { from: 0n, to: 1n << 62n },
          annualCapFen, earlierPeriodIdsThisYear: earlierPeriodIds, perCaseCapTotalFen: perCaseCapFen === null ? null : perCaseCapFen * BigInt(cases),
          ...(weights ? { weights: { weights, snapshotDate: SNAPSHOT_DATE } } : {}),
        });
        const rows = await db.query<{ membership_id: bigint; amount_fen: bigint }>(
          'SELECT membership_id, amount_fen FROM charges WHERE period_id = $1', [periodId]);
        const got = new Map(rows.map((r) => [BigInt(r.membership_id), BigInt(r.amount_fen)]));
        for (const [id, charge] of expected) expect(got.get(id) ?? 0n).toBe(charge);
        expect(rows.length).toBe([...expected.values()].filter((c) => c > 0n).length);
        expect(BigInt(total)).toBe([...expected.values()].reduce((a, b) => a + b, 0n));
      }), { numRuns: 40 });
  });
});
