/** The demo installation's clock (table demo_clock, migration 0500): at most one row. */
import type { Queryable } from '../db/database.ts';

export interface DemoClockRow { planId: string; offsetMs: bigint; createdAt: Date; advancedAt: Date | null }

export async function getDemoClock(q: Queryable): Promise<DemoClockRow | undefined> {
  return (await q.query<DemoClockRow>(
    'SELECT plan_id AS "planId", offset_ms AS "offsetMs", created_at AS "createdAt", advanced_at AS "advancedAt" FROM demo_clock'))[0];
}

/** Marks this installation as a demo (idempotent: a second call changes nothing). */
export async function insertDemoClock(q: Queryable, planId: string, at: Date): Promise<void> {
  await q.query('INSERT INTO demo_clock (plan_id, offset_ms, created_at) VALUES ($1, 0, $2) ON CONFLICT (singleton) DO NOTHING', [planId, at]);
}

/** Moves the clock forward; never back (the offset only grows). */
export async function setDemoOffset(q: Queryable, offsetMs: bigint, at: Date): Promise<void> {
  await q.query('UPDATE demo_clock SET offset_ms = GREATEST(offset_ms, $1::bigint), advanced_at = $2', [offsetMs, at]);
}
