/**
 * Bulk enrolment killed mid-stream (SIGKILL right after a batch commits, with the next batch
 * already staged) resumes, under the same key, to exactly what an uninterrupted enrolment writes:
 * the batches committed are skipped, the staged rows left behind are replaced, nothing is
 * enrolled twice, and the recorded results add up to the uninterrupted total.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openDb, type Db } from '../db/database.ts';
import { CRASH_ACTION, CRASH_BATCH, crashApplicants } from './bulk-enrolment.crash-child.ts';
import { testDb } from '../test-support/test-db.ts';
import { checkBooks } from './books-check.ts';
import { enrolBulkStream } from './bulk-enrolment.ts';
import { createPlan } from './plans-service.ts';

const CHILD = fileURLToPath(new URL('./bulk-enrolment.crash-child.ts', import.meta.url));
const plan = (db: Db) => createPlan(db, { id: 'crash', preset: 'critical-illness' }, { key: 'plan:crash', actor: 't', at: new Date('2024-01-01T00:00:00+08:00') });

/** What enrolment wrote, without ids: memberships by person, the batches' recorded events, the stage. */
async function stateOf(db: Db) {
  const q = async (sql: string) => (await db.query<{ r: string }>(sql)).map((x) => x.r);
  return {
    memberships: await q(`SELECT concat_ws(' ', pe.ref, pa.ref, m.birth_date, m.joined_at, m.waiting_ends_on, m.status) AS r
      FROM memberships m JOIN persons pe ON pe.id = m.person_id JOIN payers pa ON pa.id = m.payer_id ORDER BY pe.ref`),
    secrets: await q('SELECT count(*)::text AS r FROM membership_log_secrets'),
    events: await q(`SELECT concat_ws(' ', idempotency_key, data::text) AS r FROM events WHERE kind = 'membership.bulk-join' ORDER BY idempotency_key`),
    staged: await q('SELECT batch AS r FROM bulk_enrolment_stage UNION ALL SELECT batch FROM bulk_enrolment_ready'),
  };
}

describe('bulk enrolment, killed', () => {
  it('resumes a stream killed between batches (the next one staged) to exactly the uninterrupted result', async () => {
    const ref = await testDb();
    await plan(ref);
    const expectedTotal = await enrolBulkStream(ref, 'crash', crashApplicants(), CRASH_ACTION, { batchSize: CRASH_BATCH });
    const expected = await stateOf(ref);
    await ref.close();
    expect(expected.staged).toEqual([]);

    const url = process.env.DATABASE_URL;
    const dir = url ? undefined : await mkdtemp(joinPath(tmpdir(), 'huzhu-enrol-crash-'));
    const schema = `crash_${randomBytes(5).toString('hex')}`;
    const open = () => openDb(url ? { databaseUrl: url, schema } : { dataDir: dir });
    try {
      let db = await open();
      await plan(db);
      await db.close();
      const child = spawnSync(process.execPath, ['--import', 'tsx', CHILD, url ? schema : dir!, '2'], { encoding: 'utf8', env: process.env });
      expect(child.signal, child.stderr + child.stdout).toBe('SIGKILL');
      db = await open();
      const cut = await stateOf(db);
      expect(cut.events).toHaveLength(3); // batches 0-2 committed
      // Batch 3 was left staged. The stage is UNLOGGED (migration 0003): a server, which did not
      // crash here, keeps it; PGlite, which died with the process, empties it on recovery.
      if (url) expect(cut.staged.length).toBeGreaterThan(0);
      expect(cut.staged.every((b) => b === `${CRASH_ACTION.key}#3`)).toBe(true);
      const resumedTotal = await enrolBulkStream(db, 'crash', crashApplicants(), CRASH_ACTION, { batchSize: CRASH_BATCH });
      expect(resumedTotal).toEqual(expectedTotal);
      expect(await stateOf(db)).toEqual(expected);
      expect((await checkBooks(db)).ok).toBe(true);
      await db.close();
    } finally {
      if (url) {
        const db = await openDb({ databaseUrl: url, migrate: false });
        await db.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        await db.close();
      }
      if (dir) await rm(dir, { recursive: true, force: true });
    }
  });
});
