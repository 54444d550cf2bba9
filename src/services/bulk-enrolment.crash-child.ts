/**
 * Test helper process for bulk-enrolment-crash.test.ts: streams CRASH_APPLICANTS in batches of
 * CRASH_BATCH and kills itself with SIGKILL (no clean-up, like a power cut) right after batch
 * `killAfter` commits, when the next batch is already judged and staged (the stream is pipelined).
 * Usage: tsx bulk-enrolment.crash-child.ts <pglite-dir | postgres-schema> <killAfterBatch>
 */
import { databaseEnv } from '../config/env.ts';
import { openDb } from '../db/database.ts';
import { CRASH_ACTION, CRASH_BATCH, crashApplicants } from '../test-support/crash-applicants.ts';
import { enrolBulkStream } from './bulk-enrolment.ts';

const [where, killAfter] = process.argv.slice(2);
const url = databaseEnv().databaseUrl;
const db = await openDb(url ? { databaseUrl: url, schema: where } : { dataDir: where });
await enrolBulkStream(db, 'crash', crashApplicants(), CRASH_ACTION, {
  batchSize: CRASH_BATCH,
  afterBatch: (n) => {
    if (n === Number(killAfter)) process.kill(process.pid, 'SIGKILL');
  },
});
process.stdout.write('finished without being killed\n');
await db.close();
