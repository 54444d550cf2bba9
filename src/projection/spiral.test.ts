import { describe, expect, it } from 'vitest';
import { loadAssumptions, type Assumptions } from './assumptions.ts';
import { CRITICAL_ILLNESS, rulesFor } from '../domain/plan-rules.ts';
import { project, type ProjectionResult } from './cohort-model.ts';
import { NO_LEVERS } from './levers.ts';
import { syntheticState } from './platform-state.ts';
import { warningForProjection } from './warning.ts';

const base = loadAssumptions();

function run(responseHealthy: number, responseAtRisk: number): ProjectionResult {
  const assumptions: Assumptions = { ...base, leaving: { ...base.leaving, responsePerYuan: { healthy: responseHealthy, atRisk: responseAtRisk } } };
  const rules = rulesFor('critical-illness', { annualCapFen: null });
  return project({
    name: 'spiral', rules, assumptions, levers: NO_LEVERS,
    joins: { curve: [], perMonth: 1_000_000, shareResponsePer100Yuan: 0.4 },
    start: syntheticState({ asOf: '2024-12', members: 80_000_000, rules: CRITICAL_ILLNESS, assumptions, tenureSpreadMonths: 48 }),
    months: 120,
  });
}

const under40 = (r: ProjectionResult, i: number): number => r.months[i]!.membersByAgeBand.slice(0, 3).reduce((s, x) => s + x, 0);

describe('death spiral', () => {
  it('emerges with a strong leaving response: shares rise, members fall, the young leave faster', () => {
    const r = run(0.0006, 0.0001);
    const first = r.months[11]!;
    const last = r.months.at(-1)!;
    expect(last.avgChargeFen).toBeGreaterThan(first.avgChargeFen * 2);
    expect(last.members).toBeLessThan(first.members * 0.3);
    expect(under40(r, 119) / under40(r, 11)).toBeLessThan(last.members / first.members);
    expect(last.atRiskFraction).toBeGreaterThan(first.atRiskFraction);
    expect(last.incidencePer100kYear).toBeGreaterThan(first.incidencePer100kYear * 1.5);
    expect(warningForProjection(r).level).toBe('spiral');
  });

  it('does not emerge with a weak leaving response', () => {
    const r = run(0.00001, 0.00001);
    const y2 = r.months[35]!;
    const last = r.months.at(-1)!;
    // Shares settle (selection has worn off; then only the slow ageing of the mix) and members
    // shrink only as the plan ages (removal at 60, fewer joins), not in a rush.
    expect(last.avgChargeFen).toBeLessThan(y2.avgChargeFen * 1.35);
    expect(last.members).toBeGreaterThan(y2.members * 0.7);
    expect(['ok', 'watch']).toContain(warningForProjection({ ...r, months: r.months.slice(24) }).level);
    expect(warningForProjection(r).level).not.toBe('spiral');
  });
});
