import { describe, expect, it } from 'vitest';
import { calibrate } from './calibration.ts';

/** Tolerances stated here are the calibration's promise; see reference/assumptions/*.json for the sources. */
describe('calibration against Xiang Hu Bao', () => {
  const { rows, projection } = calibrate();
  const row = (when: string, metric: string) => rows.find((r) => r.when === when && r.metric === metric)!;

  it('reproduces the 2020 annual cost per member (91 yuan) within 15%', () => {
    expect(Math.abs(row('2020', 'annual cost per member (yuan)').relativeError)).toBeLessThan(0.15);
  });

  it('has a share per period of 5 to 7.5 yuan in every 2021 period', () => {
    const shares = projection.periods.filter((p) => p.month.startsWith('2021')).map((p) => p.shareFen / 100);
    expect(shares).toHaveLength(24);
    for (const s of shares) {
      expect(s).toBeGreaterThanOrEqual(5);
      expect(s).toBeLessThanOrEqual(7.5);
    }
  });

  it('follows the member counts (joins fitted) within 12% and 2020 cases within 15%', () => {
    for (const r of rows.filter((x) => x.metric === 'members')) expect(Math.abs(r.relativeError)).toBeLessThan(0.12);
    expect(Math.abs(row('2020', 'cases').relativeError)).toBeLessThan(0.15);
    expect(Math.abs(row('2021', 'leavers per month').relativeError)).toBeLessThan(0.15);
  });

  it('returns rows of year, metric, model, history and relative error', () => {
    for (const r of rows) {
      expect(r.relativeError).toBeCloseTo((r.model - r.history) / r.history, 10);
      expect(r.year).toBeGreaterThanOrEqual(2019);
    }
  });
});
