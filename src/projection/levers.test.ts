import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareScenarioFiles } from './compare.ts';
import { NO_LEVERS, sharePeriod, weightsByAge, type Levers } from './levers.ts';
import { loadScenario, resolveScenario, SCENARIOS_DIR } from './scenario.ts';
import { rulesFromJson, rulesToJson } from '../domain/plan-rules.ts';

const period = (levers: Levers, over: Partial<Parameters<typeof sharePeriod>[0]> = {}) => sharePeriod({
  payoutFen: 1_000_000_00, feeRate: 0.08, surplusInFen: 0, reserveInFen: 0, weightedMembers: 1_000_000, previousShareFen: 0, levers, ...over,
});

describe('sharePeriod', () => {
  it('without levers is the sharing rule: ceil((payouts + fee - surplus) / members)', () => {
    const s = period(NO_LEVERS, { payoutFen: 1_000_001, weightedMembers: 7, surplusInFen: 3 });
    const due = 1_000_001 * 1.08 - 3;
    expect(s.shareFen).toBe(Math.ceil(due / 7));
    expect(s.surplusOutFen).toBeCloseTo(s.shareFen * 7 - due, 6);
    expect(s.prorationRatio).toBe(1);
  });

  it('a share limit prorates needs instead of raising the share', () => {
    const s = period({ ...NO_LEVERS, shareLimitFen: 50 }); // needs 108 fen each
    expect(s.shareFen).toBe(50);
    expect(s.prorationRatio).toBeCloseTo(50 / 108, 6);
    expect(s.paidPayoutFen + s.feeFen).toBeCloseTo(50 * 1_000_000, 0);
  });

  it('a reserve limits the rise of the share while it lasts, and saves its loading', () => {
    const reserve = { initialFen: 0, loadingBasisPoints: 500, maxRisePerPeriod: 0.1 };
    const s = period({ ...NO_LEVERS, reserve }, { reserveInFen: 1e12, previousShareFen: 50 });
    expect(s.shareFen).toBe(55);
    expect(s.reserveOutFen).toBeLessThan(1e12);
    const empty = period({ ...NO_LEVERS, reserve }, { reserveInFen: 0, previousShareFen: 50 });
    expect(empty.shareFen).toBe(Math.ceil(1_000_000_00 * 1.13 / 1_000_000));
    expect(empty.reserveOutFen).toBeCloseTo(1_000_000_00 * 0.05, 0);
  });

  it('graded weights are the plan\'s contributionWeights, by the engine\'s rule: each band from its fromAge on', () => {
    const w = weightsByAge([{ fromAge: 0, weight: 1 }, { fromAge: 30, weight: 2 }, { fromAge: 50, weight: 3 }], 60);
    expect([w[0], w[29], w[30], w[49], w[50], w[60]]).toEqual([1, 1, 2, 2, 3, 3]);
  });
  it('the graded-contributions scenario sets the plan setting itself (one source of truth with the engine)', () => {
    const r = resolveScenario(loadScenario(join(SCENARIOS_DIR, 'graded-contributions.json')));
    expect(r.input.rules.contributionWeights.length).toBeGreaterThan(1);
    expect(() => rulesFromJson(rulesToJson(r.input.rules))).not.toThrow();
  });
});

describe('what-if levers from the same starting state', () => {
  const files = ['baseline', 'graded-contributions', 'share-limit', 'reserve-fund', 'fee-6pct', 'no-cap', 'waiting-180', 'flat-payout']
    .map((f) => join(SCENARIOS_DIR, `${f}.json`));
  const report = compareScenarioFiles(files, { years: 3 });
  const by = (name: string) => report.scenarios.find((s) => s.name === name)!.result;
  const base = by('baseline');

  it('all start from the same members', () => {
    const firstMembers = report.scenarios.map((s) => s.result.months[0]!.members);
    for (const m of firstMembers) expect(Math.abs(m - firstMembers[0]!) / firstMembers[0]!).toBeLessThan(0.02);
  });

  it('graded contributions keep more of the young', () => {
    expect(by('graded contributions').months.at(-1)!.under40Fraction).toBeGreaterThan(base.months.at(-1)!.under40Fraction);
  });

  it('a share limit holds the share and leaves needs unmet', () => {
    const r = by('share limit 5 yuan');
    for (const p of r.periods) expect(p.shareFen).toBeLessThanOrEqual(500);
    expect(r.years.reduce((s, y) => s + y.unmetNeedsFen, 0)).toBeGreaterThan(0);
  });

  it('a lower fee lowers the cost; no cap means no subsidy; a flat payout changes the cost', () => {
    expect(by('fee 6%').years[0]!.annualCostPerMemberFen).toBeLessThan(base.years[0]!.annualCostPerMemberFen);
    expect(by('no annual cap').years.every((y) => y.subsidyFen === 0)).toBe(true);
    expect(base.years.some((y) => y.subsidyFen > 0)).toBe(true);
    expect(by('flat payout 150,000').years[0]!.payoutFen).not.toBe(base.years[0]!.payoutFen);
  });

  it('a reserve smooths the rise of the share in the first year', () => {
    const rises = (r: typeof base) => Math.max(...r.periods.slice(1, 24).map((p, i) => p.shareFen - r.periods[i]!.shareFen));
    expect(rises(by('reserve fund'))).toBeLessThanOrEqual(rises(base));
  });

  it('a longer waiting period lowers the first months\' claims of new joiners', () => {
    expect(by('waiting 180 days').years[0]!.cases).toBeLessThan(base.years[0]!.cases);
  });
});
