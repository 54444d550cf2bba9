/**
 * Test helper process for sharing-run.test.ts: runs one sharing run in small chunks and kills
 * itself with SIGKILL (no clean-up, like a power cut) right after chunk `killAfter` commits.
 * Usage: tsx sharing-run.crash-child.ts <pglite-dir | postgres-schema> <killAfterChunk>
 */
import { databaseEnv } from '../config/env.ts';
import { openDb } from '../db/database.ts';
import type { LocalDate } from '../domain/local-date.ts';
import { getPlan } from '../repositories/plans-repo.ts';
import { announceAndShare } from './sharing-run.ts';

const [where, killAfter] = process.argv.slice(2);
const url = databaseEnv().databaseUrl;
const db = await openDb(url ? { databaseUrl: url, schema: where } : { dataDir: where });
const plan = await getPlan(db, 'ci');
await announceAndShare(db, plan, { announcedOn: '2020-01-07' as LocalDate, chargedOn: '2020-01-14' as LocalDate }, {
  chunkSize: 3,
  parallel: 1,
  afterChunk: (chunk) => {
    if (chunk === Number(killAfter)) process.kill(process.pid, 'SIGKILL');
  },
});
process.stdout.write('finished without being killed\n');
await db.close();
