/** `huzhu outlook --weights`: the proposed grading printed beside the plan's own. */
import { describe, expect, it } from 'vitest';
import type { LocalDate } from '../domain/local-date.ts';
import { parseWeightPairs } from '../domain/contribution-weights.ts';
import { computeOutlook } from '../services/outlook-service.ts';
import { simulate } from '../sim/simulate.ts';
import { testDb } from '../test-support/test-db.ts';
import { formatOutlook } from './outlook-command.ts';

describe('huzhu outlook --weights', () => {
  it('prints what a member of each band would pay now and under the proposed grading', async () => {
    const db = await testDb();
    try {
      await simulate(db, { members: 600, months: 3, seed: 5, start: '2020-01-01' as LocalDate });
      const r = await computeOutlook(db, 'sim', '2020-04-01', { months: 6, proposedWeights: parseWeightPairs('0:1,40:3') });
      const text = formatOutlook(r.outlook);
      expect(text).toContain('contributions graded by age: now 0:1, proposed 0:1,40:3');
      expect(text).toMatch(/proposed\s+\|?\s*0\+/);
      expect(formatOutlook({ ...r.outlook, grading: undefined })).not.toContain('graded');
    } finally {
      await db.close();
    }
  }, 120_000);
  it('reads fromAge:weight pairs', () => {
    expect(parseWeightPairs('0:1,30:2')).toEqual([{ fromAge: 0, weight: 1 }, { fromAge: 30, weight: 2 }]);
  });
});
