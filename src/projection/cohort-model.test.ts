import { describe, expect, it } from 'vitest';
import { CRITICAL_ILLNESS, rulesFor } from '../domain/plan-rules.ts';
import { loadAssumptions } from './assumptions.ts';
import { project, type ProjectionInput } from './cohort-model.ts';
import { NO_LEVERS } from './levers.ts';
import { emptyState, syntheticState } from './platform-state.ts';

const assumptions = loadAssumptions();

function input(over: Partial<ProjectionInput> = {}): ProjectionInput {
  const rules = over.rules ?? CRITICAL_ILLNESS;
  return {
    name: 'test', rules, assumptions, levers: NO_LEVERS,
    joins: { curve: [], perMonth: 200_000, shareResponsePer100Yuan: 0 },
    start: syntheticState({ asOf: '2024-12', members: 10_000_000, rules, assumptions, tenureSpreadMonths: 36 }),
    months: 60,
    ...over,
  };
}

describe('cohort model', () => {
  it('keeps members accounted for: start + joins = end + leavers + deaths + removals', () => {
    const r = project(input());
    let members = 10_000_000;
    for (const m of r.months) {
      members += m.joins - m.leavers - m.deaths - m.removedAtAge - m.removedAfterPayout;
      expect(Math.abs(members - m.members)).toBeLessThan(10);
    }
  });

  it('reports money as whole fen and steps 2 charge periods a month for 10 years', () => {
    const r = project(input({ months: 120 }));
    expect(r.months).toHaveLength(120);
    expect(r.periods).toHaveLength(240);
    for (const p of r.periods) for (const v of [p.payoutFen, p.feeFen, p.shareFen, p.subsidyFen, p.avgChargeFen]) expect(Number.isInteger(v)).toBe(true);
    for (const y of r.years) expect(Number.isInteger(y.annualCostPerMemberFen)).toBe(true);
    expect(r.years.map((y) => y.year)).toEqual([2025, 2026, 2027, 2028, 2029, 2030, 2031, 2032, 2033, 2034]);
  });

  it('charges the fee as the plan says and the share covers payouts plus fee', () => {
    const r = project(input({ rules: rulesFor('critical-illness', { annualCapFen: null }) }));
    for (const p of r.periods.slice(6)) {
      expect(Math.abs(p.feeFen - p.payoutFen * 0.08)).toBeLessThanOrEqual(1);
      // share x members covers payouts + fee, over-collecting less than one fen per member.
      const collected = p.shareFen * p.sharingMembers;
      expect(collected).toBeGreaterThanOrEqual(p.payoutFen + p.feeFen - p.sharingMembers * 1.01);
    }
  });

  it('a plan that just opened has no claims in the waiting period, then a selected low rate', () => {
    const r = project(input({ start: emptyState('2024-12'), joins: { curve: [10_000_000], perMonth: 0, shareResponsePer100Yuan: 0 }, months: 48 }));
    const inc = r.months.map((m) => m.incidencePer100kYear);
    // Only accidents in the first months (the 90-day wait plus the claim lag).
    expect(inc[1]!).toBeLessThan(inc[12]! * 0.2);
    // Selection wears off: year 3 incidence well above year 1.
    expect(inc[36]!).toBeGreaterThan(inc[12]! * 1.5);
  });

  it('a longer waiting period lowers the claims of new members', () => {
    const start = emptyState('2024-12');
    const joins = { curve: [], perMonth: 1_000_000, shareResponsePer100Yuan: 0 };
    const short = project(input({ start, joins, months: 12 }));
    const long = project(input({ start, joins, months: 12, rules: rulesFor('critical-illness', { waitingPeriodDays: 180 }) }));
    expect(long.years[0]!.cases).toBeLessThan(short.years[0]!.cases);
  });

  it('removes members at the age limit and pays nothing above the last payout band', () => {
    const rules = rulesFor('critical-illness');
    const start = { ...emptyState('2024-12'), members: [{ ageYears: 59, tenureMonths: 48, count: 1_200_000 }] };
    const r = project(input({ start, joins: { curve: [], perMonth: 0, shareResponsePer100Yuan: 0 }, months: 12, rules }));
    expect(r.months[0]!.removedAtAge).toBeGreaterThan(90_000);
    expect(r.months.at(-1)!.members).toBeLessThan(1_200_000 * Math.pow(11 / 12, 12) * 1.01);
  });

  it('uses the plan\'s payout bands: halving every payout halves the cost', () => {
    const rules = CRITICAL_ILLNESS;
    const half = rulesFor('critical-illness', {
      payoutBands: rules.payoutBands.map((b) => ({ maxAge: b.maxAge, severeFen: Number(b.severeFen) / 2 })),
      mildPayoutFen: Number(rules.mildPayoutFen) / 2, annualCapFen: null,
    });
    const full = project(input({ rules: rulesFor('critical-illness', { annualCapFen: null }), months: 12 }));
    const halved = project(input({ rules: half, months: 12 }));
    const perCase = (r: typeof full): number => r.years[0]!.payoutFen / r.years[0]!.cases;
    expect(perCase(halved) / perCase(full)).toBeCloseTo(0.5, 2);
  });

  it('the annual cap makes the operator pay the excess', () => {
    const capped = project(input({ rules: rulesFor('critical-illness', { annualCapFen: 2_000 }), months: 24 }));
    for (const y of capped.years) expect(y.annualCostPerMemberFen).toBeLessThanOrEqual(2_000);
    expect(capped.years[1]!.subsidyFen).toBeGreaterThan(0);
    const uncapped = project(input({ rules: rulesFor('critical-illness', { annualCapFen: null }), months: 24 }));
    expect(uncapped.years[1]!.subsidyFen).toBe(0);
  });

  it('starts from its own final state (PlatformState round trip)', () => {
    const a = project(input({ months: 24 }));
    const b = project(input({ start: a.finalState, months: 12 }));
    expect(b.startMonth).toBe('2027-01');
    expect(Math.abs(b.months[0]!.members - a.months.at(-1)!.members) / a.months.at(-1)!.members).toBeLessThan(0.05);
    expect(a.finalState.recent.shareFen.length).toBe(24);
  });

  it('is fast enough to be vectorised: cost does not grow with members', () => {
    // Same cohorts for 1,000 or 100 million members: identical shares.
    const small = project(input({ start: syntheticState({ asOf: '2024-12', members: 1_000, rules: CRITICAL_ILLNESS, assumptions, tenureSpreadMonths: 36 }), joins: { curve: [], perMonth: 20, shareResponsePer100Yuan: 0 } }));
    const big = project(input({ start: syntheticState({ asOf: '2024-12', members: 100_000_000, rules: CRITICAL_ILLNESS, assumptions, tenureSpreadMonths: 36 }), joins: { curve: [], perMonth: 2_000_000, shareResponsePer100Yuan: 0 } }));
    expect(Math.abs(small.periods[30]!.shareFen - big.periods[30]!.shareFen)).toBeLessThanOrEqual(1);
  });
});
