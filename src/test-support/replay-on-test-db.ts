/** For replay tests: `run(scenario)` replays on a fresh test database, closed after each test. */
import { afterEach } from 'vitest';
import type { Db } from '../db/database.ts';
import { replay } from '../replay/run-replay.ts';
import type { ReplayReport } from '../replay/report.ts';
import { testDb } from './test-db.ts';

export function replayOnTestDb(): (scenario: unknown) => Promise<ReplayReport> {
  let db: Db | undefined;
  afterEach(async () => {
    await db?.close();
    db = undefined;
  });
  return async (scenario) => {
    db = await testDb();
    return replay(scenario, { db });
  };
}
