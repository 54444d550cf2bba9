import { describe, expect, it } from 'vitest';
import { CRITICAL_ILLNESS } from '../domain/plan-rules.ts';
import { projectFromState } from './from-state.ts';
import { emptyState, parsePlatformState, type PlatformState } from './platform-state.ts';

const state: PlatformState = {
  ...emptyState('2025-06'),
  members: [
    { ageYears: 25, tenureMonths: 40, count: 400_000 },
    { ageYears: 35, tenureMonths: 40, count: 300_000 },
    { ageYears: 45, tenureMonths: 40, count: 200_000 },
    { ageYears: 55, tenureMonths: 2, count: 100_000 },
  ],
  surplusFen: 12_345,
  yearToDateShareFen: 3_000,
  recent: {
    shareFen: [400, 410], incidencePer100kYear: 150, leavingPerMonth: { under40: 0.01, over40: 0.005 },
    joinsPerMonth: 10_000, leaversUnder40Fraction: 0.7, netChangeUnder40PerMonth: -0.004,
  },
};

describe('projectFromState', () => {
  it('validates a PlatformState given as JSON', () => {
    expect(parsePlatformState(JSON.parse(JSON.stringify(state)))).toEqual(state);
    expect(() => parsePlatformState({ ...state, members: [{ ageYears: 30, tenureMonths: 1, count: 5, atRiskCount: 6 }] })).toThrow(/atRiskCount/);
  });

  it('starts from the state, at its measured incidence, and reads the warning now and ahead', () => {
    const { projection, now, outlook } = projectFromState(state, { rules: CRITICAL_ILLNESS, months: 24 });
    expect(projection.startMonth).toBe('2025-07');
    expect(Math.abs(projection.months[0]!.incidencePer100kYear - 150) / 150).toBeLessThan(0.1);
    expect(['ok', 'watch', 'warning', 'spiral']).toContain(now.level);
    expect(['ok', 'watch', 'warning', 'spiral']).toContain(outlook.level);
  });
});
