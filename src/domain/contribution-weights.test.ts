import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bandCounts, bandOfAge, birthCutoff, checkContributionWeights, DEFAULT_CONTRIBUTION_WEIGHTS, isEqualWeights, membersOf, weightOfAge,
  weightTotalOf, type ContributionWeight,
} from './contribution-weights.ts';
import { HuzhuError } from './errors.ts';
import { addDays, ageOn, fromParts, type LocalDate } from './local-date.ts';
import { rulesFor, rulesFromJson, rulesToJson, CRITICAL_ILLNESS } from './plan-rules.ts';
import { computeShare, memberCapFen, memberCharge } from './sharing-rule.ts';

const GRADED: ContributionWeight[] = [{ fromAge: 0, weight: 1 }, { fromAge: 18, weight: 2 }, { fromAge: 40, weight: 3 }];
const d = (s: string) => s as LocalDate;
const fieldOf = (f: () => unknown): string | undefined => {
  try { f(); } catch (e) { return e instanceof HuzhuError ? e.field : 'not a HuzhuError'; }
  return undefined;
};

describe('the contributionWeights setting', () => {
  it('defaults to one band of weight 1 (today\'s equal shares), also for plans stored before it existed', () => {
    expect(CRITICAL_ILLNESS.contributionWeights).toEqual([{ fromAge: 0, weight: 1 }]);
    const stored = rulesToJson(CRITICAL_ILLNESS) as Record<string, unknown>;
    delete stored.contributionWeights;
    expect(rulesFromJson(stored).contributionWeights).toEqual(DEFAULT_CONTRIBUTION_WEIGHTS);
  });
  it('round-trips through the JSON form', () => {
    const r = rulesFor('critical-illness', { contributionWeights: GRADED });
    expect(r.contributionWeights).toEqual(GRADED);
    expect(rulesFromJson(rulesToJson(r)).contributionWeights).toEqual(GRADED);
  });
  it('refuses bad bands with errors naming the field', () => {
    const bad = (w: unknown) => fieldOf(() => rulesFor('critical-illness', { contributionWeights: w as ContributionWeight[] }));
    expect(bad([{ fromAge: 1, weight: 1 }])).toBe('rules.contributionWeights.0.fromAge');
    expect(bad([{ fromAge: 0, weight: 1 }, { fromAge: 30, weight: 2 }, { fromAge: 30, weight: 3 }])).toBe('rules.contributionWeights.2.fromAge');
    expect(bad([{ fromAge: 0, weight: 1 }, { fromAge: 30, weight: 2 }, { fromAge: 20, weight: 3 }])).toBe('rules.contributionWeights.2.fromAge');
    expect(bad([{ fromAge: 0, weight: 0 }])).toBe('rules.contributionWeights.0.weight');
    expect(bad([{ fromAge: 0, weight: 1.5 }])).toBe('rules.contributionWeights.0.weight');
    expect(bad([{ fromAge: 0, weight: -2 }])).toBe('rules.contributionWeights.0.weight');
    expect(bad([])).toBe('rules.contributionWeights');
    expect(bad([{ fromAge: 0, weight: 1, maxAge: 3 }])).toBe('rules.contributionWeights.0');
    expect(() => checkContributionWeights([{ fromAge: 5, weight: 1 }])).toThrow(/first band must start at age 0/);
  });
  it('a member weighs the band of their age: the last band whose fromAge is at most the age', () => {
    expect([0, 17, 18, 39, 40, 120].map((a) => weightOfAge(GRADED, a))).toEqual([1, 1, 2, 2, 3, 3]);
    expect(bandOfAge(GRADED, 18)).toBe(1);
    expect(isEqualWeights(GRADED)).toBe(false);
    expect(isEqualWeights([{ fromAge: 0, weight: 1 }, { fromAge: 30, weight: 1 }])).toBe(true);
  });
});

describe('birth cutoffs: born on or before birthCutoff(day, A) <=> at least A on that day', () => {
  it('a birthday on the snapshot day counts at the new age; one day later it does not', () => {
    const snapshot = d('2020-01-07');
    expect(birthCutoff(snapshot, 18)).toBe('2002-01-07');
    expect(ageOn(d('2002-01-07'), snapshot)).toBe(18);
    expect(ageOn(d('2002-01-08'), snapshot)).toBe(17);
  });
  it('year end: a birthday on 1 January, snapshot on 31 December and 1 January', () => {
    expect(birthCutoff(d('2020-12-31'), 40)).toBe('1980-12-31');
    expect(birthCutoff(d('2021-01-01'), 40)).toBe('1981-01-01');
    expect(weightOfAge(GRADED, ageOn(d('1981-01-01'), d('2020-12-31')))).toBe(2);
    expect(weightOfAge(GRADED, ageOn(d('1981-01-01'), d('2021-01-01')))).toBe(3);
  });
  it('29 February: the year completes on 1 March in common years', () => {
    expect(birthCutoff(d('2021-02-28'), 1)).toBe('2020-02-28'); // born 2020-02-29 is not yet 1
    expect(birthCutoff(d('2024-02-29'), 1)).toBe('2023-02-28');
    expect(birthCutoff(d('2024-02-29'), 4)).toBe('2020-02-29');
  });
  it('property: agrees with ageOn for every birth date and day', () => {
    const day = fc.integer({ min: 0, max: 365 * 120 }).map((n) => addDays(fromParts(1900, 1, 1), n));
    fc.assert(fc.property(day, day, fc.integer({ min: 0, max: 110 }), (birth, on, years) => {
      fc.pre(birth <= on);
      expect(birth <= birthCutoff(on, years)).toBe(ageOn(birth, on) >= years);
    }), { numRuns: 3000 });
  });
});

/** Bills every member with the graded rule, capped as the engine does, and returns the books. */
function runPeriod(p: { payoutFen: bigint; surplusInFen: bigint; ages: number[]; billedThisYear: bigint[]; weights: ContributionWeight[]; cap: bigint | null; perCase: bigint | null; cases: number }) {
  const bands = bandCounts(p.weights, p.ages.reduce((m, a) => m.set(bandOfAge(p.weights, a), (m.get(bandOfAge(p.weights, a)) ?? 0n) + 1n), new Map<number, bigint>()));
  const a = computeShare({ payoutFen: p.payoutFen, surplusInFen: p.surplusInFen, sharingMembers: membersOf(bands), weightTotal: weightTotalOf(bands), feeBasisPoints: 800n });
  const charges = p.ages.map((age, i) => memberCharge(a.shareFen, memberCapFen({
    annualCapFen: p.cap, billedThisYearFen: p.billedThisYear[i] ?? 0n, perCaseCapFen: p.perCase, cases: p.cases,
  }), weightOfAge(p.weights, age)));
  const billedFen = charges.reduce((s, c) => s + c, 0n);
  const subsidyFen = a.shareFen * a.weightTotal - billedFen + a.unsharedFen;
  return { a, charges, billedFen, subsidyFen };
}

const weightsArb = fc.uniqueArray(fc.integer({ min: 1, max: 100 }), { maxLength: 5 }).chain((froms) =>
  fc.array(fc.integer({ min: 1, max: 9 }), { minLength: froms.length + 1, maxLength: froms.length + 1 }).map((ws) => {
    const ages = [0, ...[...froms].sort((x, y) => x - y)];
    return ages.map((fromAge, i) => ({ fromAge, weight: ws[i]! }));
  }));

const periodArb = fc.record({
  payoutFen: fc.integer({ min: 0, max: 20 }).map((n) => BigInt(n) * 5_000_000n),
  surplusInFen: fc.bigInt({ min: 0n, max: 500n }),
  ages: fc.array(fc.integer({ min: 0, max: 110 }), { maxLength: 80 }),
  billedThisYear: fc.array(fc.bigInt({ min: 0n, max: 25_000n }), { maxLength: 80 }),
  cap: fc.option(fc.bigInt({ min: 0n, max: 40_000n })),
  perCase: fc.option(fc.bigInt({ min: 0n, max: 200n })),
  cases: fc.integer({ min: 0, max: 30 }),
});

describe('the graded sharing rule', () => {
  it('a worked example: due 100 yuan, two members of weight 1 and one of weight 3', () => {
    const r = runPeriod({ payoutFen: 10_000n, surplusInFen: 800n, ages: [10, 17, 45], billedThisYear: [], weights: GRADED, cap: null, perCase: null, cases: 1 });
    expect(r.a.dueFen).toBe(10_000n); // 100 yuan + 8 yuan fee - 8 yuan carried in
    expect(r.a.weightTotal).toBe(5n);
    expect(r.a.shareFen).toBe(2_000n);
    expect(r.charges).toEqual([2_000n, 2_000n, 6_000n]);
    expect(r.a.surplusOutFen).toBe(0n);
  });
  it('property: with every weight 1 it is exactly today\'s rule (same share, surplus, bills, subsidy)', () => {
    const ones = fc.uniqueArray(fc.integer({ min: 1, max: 100 }), { maxLength: 4 }).map((f) => [0, ...[...f].sort((x, y) => x - y)].map((fromAge) => ({ fromAge, weight: 1 })));
    fc.assert(fc.property(periodArb, ones, (p, weights) => {
      const graded = runPeriod({ ...p, weights });
      const members = BigInt(p.ages.length);
      const today = computeShare({ payoutFen: p.payoutFen, surplusInFen: p.surplusInFen, sharingMembers: members, feeBasisPoints: 800n });
      const todayCharges = p.ages.map((_, i) => memberCharge(today.shareFen, memberCapFen({
        annualCapFen: p.cap, billedThisYearFen: p.billedThisYear[i] ?? 0n, perCaseCapFen: p.perCase, cases: p.cases,
      })));
      const todayBilled = todayCharges.reduce((s, c) => s + c, 0n);
      expect(graded.a).toEqual(today);
      expect(graded.charges).toEqual(todayCharges);
      expect(graded.subsidyFen).toBe(today.shareFen * members - todayBilled + today.unsharedFen);
    }), { numRuns: 500 });
  });
  it('property: the books balance (billed + subsidy + surplus in = payouts + fee + surplus out), 0 <= surplus out < W', () => {
    fc.assert(fc.property(periodArb, weightsArb, (p, weights) => {
      const r = runPeriod({ ...p, weights });
      expect(r.billedFen + r.subsidyFen + r.a.carriedInFen).toBe(r.a.payoutFen + r.a.feeFen + r.a.surplusOutFen);
      expect(r.subsidyFen >= 0n).toBe(true);
      if (r.a.weightTotal > 0n && r.a.dueFen > 0n) expect(r.a.surplusOutFen < r.a.weightTotal).toBe(true);
      p.ages.forEach((age, i) => expect(r.charges[i]! <= r.a.shareFen * BigInt(weightOfAge(weights, age))).toBe(true));
    }), { numRuns: 500 });
  });
  it('refuses a weight total below the members (weights are at least 1)', () => {
    expect(() => computeShare({ payoutFen: 1n, surplusInFen: 0n, sharingMembers: 3n, weightTotal: 2n, feeBasisPoints: 800n })).toThrow(RangeError);
  });
});
