/** `huzhu simulate` runs through the real engine, balances its books and is deterministic for a seed. */
import { describe, expect, it } from 'vitest';
import { testDb } from '../test-support/test-db.ts';
import { simulate } from './simulate.ts';

describe('simulate', () => {
  it('gives the same periods for the same seed, and balanced books', async () => {
    const runOnce = async () => {
      const db = await testDb();
      try {
        return await simulate(db, { members: 8000, months: 6, seed: 7 });
      } finally {
        await db.close();
      }
    };
    const a = await runOnce();
    const b = await runOnce();
    expect(a.books.ok).toBe(true);
    expect(a.periods.length).toBe(12);
    const strip = (r: typeof a) => r.periods.map(({ id: _id, ...p }) => p);
    expect(strip(b)).toEqual(strip(a));
    expect(b.claims).toEqual(a.claims);
    expect(Object.values(a.claims).reduce((x, y) => x + y, 0)).toBeGreaterThan(0);
  });
});
