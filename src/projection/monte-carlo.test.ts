import { describe, expect, it } from 'vitest';
import { CRITICAL_ILLNESS } from '../domain/plan-rules.ts';
import { loadAssumptions } from './assumptions.ts';
import { project, type ProjectionInput } from './cohort-model.ts';
import { NO_LEVERS } from './levers.ts';
import { runMonteCarlo } from './monte-carlo.ts';
import { syntheticState } from './platform-state.ts';
import { poisson, seededRandom } from './random.ts';

const assumptions = loadAssumptions();
const input: ProjectionInput = {
  name: 'mc', rules: CRITICAL_ILLNESS, assumptions, levers: NO_LEVERS,
  joins: { curve: [], perMonth: 20_000, shareResponsePer100Yuan: 0.4 },
  start: syntheticState({ asOf: '2024-12', members: 1_000_000, rules: CRITICAL_ILLNESS, assumptions, tenureSpreadMonths: 36 }),
  months: 36,
};

describe('poisson', () => {
  it.each([0.5, 4, 30, 5_000])('has mean and variance lambda = %d', (lambda) => {
    const rand = seededRandom(42);
    const n = 20_000;
    let s = 0, s2 = 0;
    for (let i = 0; i < n; i++) { const k = poisson(lambda, rand); s += k; s2 += k * k; }
    const mean = s / n;
    const variance = s2 / n - mean * mean;
    expect(Math.abs(mean - lambda)).toBeLessThan(4 * Math.sqrt(lambda / n) + 1e-9);
    expect(Math.abs(variance / lambda - 1)).toBeLessThan(0.06);
  });
});

describe('runMonteCarlo', () => {
  it('is reproducible from its seed and differs across seeds', () => {
    const a = runMonteCarlo(input, { runs: 30, seed: 5 });
    const b = runMonteCarlo(input, { runs: 30, seed: 5 });
    const c = runMonteCarlo(input, { runs: 30, seed: 6 });
    expect(a).toEqual(b);
    expect(a.periods.map((p) => p.shareFen.p95)).not.toEqual(c.periods.map((p) => p.shareFen.p95));
  });

  it('gives ordered bands around the expected projection', () => {
    const mc = runMonteCarlo(input, { runs: 200, seed: 1 });
    const det = project(input);
    for (const [i, y] of mc.years.entries()) {
      expect(y.annualCostPerMemberFen.p5).toBeLessThanOrEqual(y.annualCostPerMemberFen.p50);
      expect(y.annualCostPerMemberFen.p50).toBeLessThanOrEqual(y.annualCostPerMemberFen.p95);
      const expected = det.years[i]!.annualCostPerMemberFen;
      expect(Math.abs(y.annualCostPerMemberFen.p50 - expected) / expected).toBeLessThan(0.05);
    }
    // With a million members the period's claims vary visibly: the band has width.
    const p = mc.periods[30]!.shareFen;
    expect(p.p95).toBeGreaterThan(p.p5);
    expect(mc.months[35]!.members.p95).toBeGreaterThanOrEqual(mc.months[35]!.members.p5);
  });
});
