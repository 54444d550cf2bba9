import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sharingEntry } from './ledger-rules.ts';
import { capCanBind, computeShare, memberCapFen, memberCharge, type PeriodAmounts } from './sharing-rule.ts';

const CASE = 5_000_000n; // 50,000 yuan: every payout is a multiple of it
const CAP = 18_800n; // 188 yuan
const sum = (xs: bigint[]): bigint => xs.reduce((s, x) => s + x, 0n);

/** billed + subsidy + surplus in = payouts + fee + surplus out, with every member billed the full share. */
function expectBooksBalance(a: PeriodAmounts, members: bigint): void {
  const billed = a.shareFen * members;
  expect(billed + a.unsharedFen + a.carriedInFen).toBe(a.payoutFen + a.feeFen + a.surplusOutFen);
}

describe('computeShare', () => {
  it('one severe case of 300,000 yuan shared by 100 million members', () => {
    const a = computeShare({ payoutFen: 30_000_000n, surplusInFen: 0n, sharingMembers: 100_000_000n, feeBasisPoints: 800n });
    expect(a).toEqual({
      payoutFen: 30_000_000n, feeFen: 2_400_000n, carriedInFen: 0n, dueFen: 32_400_000n,
      shareFen: 1n, surplusOutFen: 67_600_000n, weightTotal: 100_000_000n, unsharedFen: 0n,
    });
  });
  it('rounds the share up to the fen and carries the rounding as surplus', () => {
    const a = computeShare({ payoutFen: 10_000_000n, surplusInFen: 0n, sharingMembers: 3n, feeBasisPoints: 800n });
    expect(a.dueFen).toBe(10_800_000n);
    expect(a.shareFen).toBe(3_600_000n);
    expect(a.surplusOutFen).toBe(0n);
    const b = computeShare({ payoutFen: 10_000_000n, surplusInFen: 1n, sharingMembers: 7n, feeBasisPoints: 800n });
    expect(b.dueFen).toBe(10_799_999n);
    expect(b.shareFen).toBe(1_542_857n); // ceil(10,799,999 / 7)
    expect(b.surplusOutFen).toBe(1_542_857n * 7n - 10_799_999n);
  });
  it('a surplus carried in is subtracted from what is due', () => {
    const a = computeShare({ payoutFen: 5_000_000n, surplusInFen: 99n, sharingMembers: 100n, feeBasisPoints: 800n });
    expect(a.feeFen).toBe(400_000n);
    expect(a.dueFen).toBe(5_399_901n);
    expect(a.shareFen).toBe(54_000n);
    expect(a.surplusOutFen).toBe(99n);
  });
  it('no cases: nothing to share, the surplus carries on', () => {
    const a = computeShare({ payoutFen: 0n, surplusInFen: 42n, sharingMembers: 1_000n, feeBasisPoints: 800n });
    expect(a.shareFen).toBe(0n);
    expect(a.surplusOutFen).toBe(42n);
    expect(a.dueFen).toBe(-42n);
  });
  it('nobody sharing: the operator carries what is due', () => {
    const a = computeShare({ payoutFen: 5_000_000n, surplusInFen: 10n, sharingMembers: 0n, feeBasisPoints: 800n });
    expect(a.shareFen).toBe(0n);
    expect(a.unsharedFen).toBe(5_399_990n);
    expect(a.surplusOutFen).toBe(0n);
    const b = computeShare({ payoutFen: 0n, surplusInFen: 10n, sharingMembers: 0n, feeBasisPoints: 800n });
    expect(b.unsharedFen).toBe(0n);
    expect(b.surplusOutFen).toBe(10n);
  });
  it('refuses negative inputs', () => {
    expect(() => computeShare({ payoutFen: -1n, surplusInFen: 0n, sharingMembers: 1n, feeBasisPoints: 800n })).toThrow(RangeError);
    expect(() => computeShare({ payoutFen: 0n, surplusInFen: -1n, sharingMembers: 1n, feeBasisPoints: 800n })).toThrow(RangeError);
    expect(() => computeShare({ payoutFen: 0n, surplusInFen: 0n, sharingMembers: -1n, feeBasisPoints: 800n })).toThrow(RangeError);
  });

  const period = fc.record({
    cases: fc.integer({ min: 0, max: 10_000 }),
    members: fc.oneof(fc.constant(0n), fc.bigInt({ min: 1n, max: 1_000n }), fc.bigInt({ min: 0n, max: 1_000_000_000n })),
    feeBasisPoints: fc.bigInt({ min: 0n, max: 1_000n }),
    surplusSeed: fc.bigInt({ min: 0n, max: 1_000_000_000n }),
  }).map(({ cases, members, feeBasisPoints, surplusSeed }) => ({
    payoutFen: BigInt(cases) * CASE,
    surplusInFen: members > 0n ? surplusSeed % members : 0n, // 0 .. members-1 fen
    sharingMembers: members,
    feeBasisPoints,
  }));

  it('property: share >= 0; 0 <= surplus out < members and share x members - surplus out = due; the books balance', () => {
    fc.assert(fc.property(period, (p) => {
      const a = computeShare(p);
      expect(a.shareFen >= 0n).toBe(true);
      expect(a.feeFen).toBe((p.payoutFen * p.feeBasisPoints + 5_000n) / 10_000n);
      expect(a.dueFen).toBe(p.payoutFen + a.feeFen - p.surplusInFen);
      expect(a.surplusOutFen >= 0n).toBe(true);
      if (p.sharingMembers > 0n && a.dueFen > 0n) {
        expect(a.surplusOutFen < p.sharingMembers).toBe(true);
        expect(a.shareFen * p.sharingMembers - a.surplusOutFen).toBe(a.dueFen);
        expect(a.unsharedFen).toBe(0n);
      }
      if (p.sharingMembers === 0n) {
        expect(a.shareFen).toBe(0n);
        expect(a.unsharedFen).toBe(a.dueFen > 0n ? a.dueFen : 0n);
      }
      expectBooksBalance(a, p.sharingMembers);
    }), { numRuns: 500 });
  });

  it('property: with any surplus carried in (even more than is due), nothing is negative and the books balance', () => {
    fc.assert(fc.property(
      fc.integer({ min: 0, max: 100 }), fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.bigInt({ min: 0n, max: 10n ** 9n }), fc.bigInt({ min: 0n, max: 10_000n }),
      (cases, surplusInFen, sharingMembers, feeBasisPoints) => {
        const a = computeShare({ payoutFen: BigInt(cases) * CASE, surplusInFen, sharingMembers, feeBasisPoints });
        for (const v of [a.feeFen, a.shareFen, a.surplusOutFen, a.unsharedFen]) expect(v >= 0n).toBe(true);
        if (a.dueFen <= 0n) {
          expect(a.shareFen).toBe(0n);
          expect(a.surplusOutFen).toBe(-a.dueFen);
        }
        expectBooksBalance(a, sharingMembers);
      }));
  });
});

describe('memberCapFen and memberCharge', () => {
  it('annual cap: what is left of 188 yuan this year', () => {
    expect(memberCapFen({ annualCapFen: CAP, billedThisYearFen: 0n, perCaseCapFen: null, cases: 3 })).toBe(CAP);
    expect(memberCapFen({ annualCapFen: CAP, billedThisYearFen: 18_000n, perCaseCapFen: null, cases: 3 })).toBe(800n);
    expect(memberCapFen({ annualCapFen: CAP, billedThisYearFen: CAP, perCaseCapFen: null, cases: 3 })).toBe(0n);
    expect(memberCapFen({ annualCapFen: CAP, billedThisYearFen: CAP + 1n, perCaseCapFen: null, cases: 3 })).toBe(0n);
    expect(memberCapFen({ annualCapFen: null, billedThisYearFen: 10n ** 9n, perCaseCapFen: null, cases: 3 })).toBeNull();
  });
  it('a member whose remaining cap is below the share is billed only the remainder', () => {
    const cap = memberCapFen({ annualCapFen: CAP, billedThisYearFen: 18_000n, perCaseCapFen: null, cases: 1 });
    expect(memberCharge(1_000n, cap)).toBe(800n);
    expect(memberCharge(800n, cap)).toBe(800n);
    expect(memberCharge(500n, cap)).toBe(500n);
    expect(memberCharge(500n, null)).toBe(500n);
    expect(memberCharge(500n, 0n)).toBe(0n);
  });
  it('the annual cap is per calendar year of the charge date: billed this year starts again at 0 in January', () => {
    // 188 yuan billed by the 28 December charge; the 14 January charge is a new year.
    expect(memberCapFen({ annualCapFen: CAP, billedThisYearFen: CAP, perCaseCapFen: null, cases: 1 })).toBe(0n);
    expect(memberCharge(700n, memberCapFen({ annualCapFen: CAP, billedThisYearFen: 0n, perCaseCapFen: null, cases: 1 }))).toBe(700n);
  });
  it('elderly plan: at most 1 yuan per announced case', () => {
    expect(memberCapFen({ annualCapFen: null, billedThisYearFen: 0n, perCaseCapFen: 100n, cases: 3 })).toBe(300n);
    expect(memberCharge(450n, memberCapFen({ annualCapFen: null, billedThisYearFen: 0n, perCaseCapFen: 100n, cases: 3 }))).toBe(300n);
    expect(memberCharge(250n, 300n)).toBe(250n);
    expect(memberCapFen({ annualCapFen: null, billedThisYearFen: 0n, perCaseCapFen: 100n, cases: 0 })).toBe(0n);
  });
  it('both caps: the smaller binds', () => {
    expect(memberCapFen({ annualCapFen: CAP, billedThisYearFen: 18_700n, perCaseCapFen: 100n, cases: 3 })).toBe(100n);
    expect(memberCapFen({ annualCapFen: CAP, billedThisYearFen: 0n, perCaseCapFen: 100n, cases: 3 })).toBe(300n);
  });

  const caps = fc.record({
    annualCapFen: fc.option(fc.bigInt({ min: 0n, max: 100_000n }), { nil: null }),
    perCaseCapFen: fc.option(fc.bigInt({ min: 0n, max: 1_000n }), { nil: null }),
    cases: fc.integer({ min: 0, max: 50 }),
  });

  it('property: 0 <= charge <= share, charge <= cap, and charge is min(share, cap left, per-case cap)', () => {
    fc.assert(fc.property(caps, fc.bigInt({ min: 0n, max: 200_000n }), fc.bigInt({ min: 0n, max: 200_000n }), (c, billedThisYearFen, share) => {
      const cap = memberCapFen({ ...c, billedThisYearFen });
      const charge = memberCharge(share, cap);
      expect(charge >= 0n).toBe(true);
      expect(charge <= share).toBe(true);
      if (cap !== null) expect(charge <= cap).toBe(true);
      const limits = [share];
      if (c.annualCapFen !== null) limits.push(c.annualCapFen > billedThisYearFen ? c.annualCapFen - billedThisYearFen : 0n);
      if (c.perCaseCapFen !== null) limits.push(c.perCaseCapFen * BigInt(c.cases));
      expect(charge).toBe(limits.reduce((m, x) => (x < m ? x : m)));
    }));
  });

  it('property: over a random set of members, the subsidy is the sum of (share - charge), and the period entry balances', () => {
    fc.assert(fc.property(
      fc.integer({ min: 0, max: 40 }), fc.bigInt({ min: 0n, max: 100n }), fc.array(fc.bigInt({ min: 0n, max: 25_000n }), { maxLength: 60 }),
      fc.boolean(),
      (cases, surplusSeed, billedThisYear, elderly) => {
        const members = BigInt(billedThisYear.length);
        const a = computeShare({
          payoutFen: BigInt(cases) * CASE, surplusInFen: members > 0n ? surplusSeed % members : surplusSeed, sharingMembers: members, feeBasisPoints: 800n,
        });
        const charges = billedThisYear.map((b) => memberCharge(a.shareFen, memberCapFen({
          annualCapFen: elderly ? null : CAP, billedThisYearFen: b, perCaseCapFen: elderly ? 100n : null, cases,
        })));
        const billedFen = sum(charges);
        const operatorSubsidyFen = a.shareFen * members - billedFen + a.unsharedFen; // as the sharing run computes it
        expect(operatorSubsidyFen - a.unsharedFen).toBe(sum(charges.map((c) => a.shareFen - c)));
        expect(operatorSubsidyFen >= 0n).toBe(true);
        expect(billedFen + operatorSubsidyFen + a.carriedInFen).toBe(a.payoutFen + a.feeFen + a.surplusOutFen);
        expect(() => sharingEntry({ ...a, billedFen, operatorSubsidyFen }, 'p')).not.toThrow();
      }));
  });
});

describe('the annual cap over a year of shares', () => {
  /** Bills one member a sequence of (chargeYear, share) periods; returns the cumulative charge after each. */
  function billAcrossYears(periods: { year: number; share: bigint }[]): { year: number; charge: bigint; billedThisYear: bigint }[] {
    const billed = new Map<number, bigint>();
    return periods.map(({ year, share }) => {
      const before = billed.get(year) ?? 0n;
      const charge = memberCharge(share, memberCapFen({ annualCapFen: CAP, billedThisYearFen: before, perCaseCapFen: null, cases: 1 }));
      billed.set(year, before + charge);
      return { year, charge, billedThisYear: before + charge };
    });
  }

  it('a member pays 188 yuan and no more in a year; the next year starts afresh', () => {
    const out = billAcrossYears([
      { year: 2020, share: 10_000n }, { year: 2020, share: 8_000n }, { year: 2020, share: 1_000n }, { year: 2020, share: 500n },
      { year: 2021, share: 700n },
    ]);
    expect(out.map((o) => o.charge)).toEqual([10_000n, 8_000n, 800n, 0n, 700n]);
    expect(out.map((o) => o.billedThisYear)).toEqual([10_000n, 18_000n, 18_800n, 18_800n, 700n]);
  });

  it('property: cumulative charges never exceed 188 yuan and equal min(sum of shares, 188 yuan)', () => {
    fc.assert(fc.property(fc.array(fc.bigInt({ min: 0n, max: 5_000n }), { maxLength: 24 }), (shares) => {
      let charged = 0n;
      let shared = 0n;
      for (const o of billAcrossYears(shares.map((share) => ({ year: 2020, share })))) {
        charged += o.charge;
        expect(o.billedThisYear).toBe(charged);
        expect(charged <= CAP).toBe(true);
      }
      for (const s of shares) shared += s;
      expect(charged).toBe(shared < CAP ? shared : CAP);
    }));
  });

  it('property: across a year end each calendar year is capped on its own', () => {
    fc.assert(fc.property(fc.array(fc.record({ year: fc.constantFrom(2020, 2021), share: fc.bigInt({ min: 0n, max: 9_000n }) }), { maxLength: 30 }), (ps) => {
      const sorted = [...ps].sort((a, b) => a.year - b.year);
      const out = billAcrossYears(sorted);
      for (const year of [2020, 2021]) {
        const shared = sum(sorted.filter((p) => p.year === year).map((p) => p.share));
        const charged = sum(out.filter((o) => o.year === year).map((o) => o.charge));
        expect(charged).toBe(shared < CAP ? shared : CAP);
      }
    }));
  });
});

describe('capCanBind: the fast path that skips per-member caps', () => {
  it('no caps: never binds', () => {
    expect(capCanBind({ shareFen: 10n ** 9n, annualCapFen: null, sumOfEarlierSharesThisYearFen: 10n ** 9n, perCaseCapFen: null, cases: 1 })).toBe(false);
  });
  it('annual cap: binds only once earlier shares plus this one exceed 188 yuan', () => {
    const o = { annualCapFen: CAP, perCaseCapFen: null, cases: 1 };
    expect(capCanBind({ ...o, shareFen: 800n, sumOfEarlierSharesThisYearFen: 18_000n })).toBe(false);
    expect(capCanBind({ ...o, shareFen: 801n, sumOfEarlierSharesThisYearFen: 18_000n })).toBe(true);
    expect(capCanBind({ ...o, shareFen: 0n, sumOfEarlierSharesThisYearFen: CAP })).toBe(false);
  });
  it('per-case cap: binds when the share is more than 1 yuan a case', () => {
    const o = { annualCapFen: null, sumOfEarlierSharesThisYearFen: 0n, perCaseCapFen: 100n };
    expect(capCanBind({ ...o, shareFen: 300n, cases: 3 })).toBe(false);
    expect(capCanBind({ ...o, shareFen: 301n, cases: 3 })).toBe(true);
    expect(capCanBind({ ...o, shareFen: 0n, cases: 0 })).toBe(false);
  });

  it('property: when capCanBind is false, every member is billed the full share', () => {
    // A year of periods; members join at random periods and are billed (with caps) from then on, so each
    // member's billed total is at most the sum of earlier shares. Then one more period.
    fc.assert(fc.property(
      fc.array(fc.bigInt({ min: 0n, max: 6_000n }), { minLength: 1, maxLength: 24 }),
      fc.array(fc.nat(), { minLength: 1, maxLength: 20 }),
      fc.option(fc.bigInt({ min: 0n, max: 30_000n }), { nil: null }),
      fc.option(fc.bigInt({ min: 0n, max: 500n }), { nil: null }),
      fc.integer({ min: 0, max: 10 }),
      (shares, joins, annualCapFen, perCaseCapFen, cases) => {
        const earlier = shares.slice(0, -1);
        const share = shares[shares.length - 1]!;
        const capOf = (billedThisYearFen: bigint) => memberCapFen({ annualCapFen, billedThisYearFen, perCaseCapFen, cases });
        const billed = joins.map((j) => {
          let b = 0n;
          for (const s of earlier.slice(j % (earlier.length + 1))) b += memberCharge(s, capOf(b));
          return b;
        });
        const fast = !capCanBind({ shareFen: share, annualCapFen, sumOfEarlierSharesThisYearFen: sum(earlier), perCaseCapFen, cases });
        if (fast) for (const b of billed) expect(memberCharge(share, capOf(b))).toBe(share);
        // and the converse for a member who paid every earlier share in full
        if (!fast && billed.some((b) => b === sum(earlier))) {
          expect(billed.some((b) => memberCharge(share, capOf(b)) < share)).toBe(true);
        }
      }), { numRuns: 300 });
  });
});
