/**
 * Test helper process for bulk-enrolment-crash.test.ts: streams `crashApplicants()` in batches of
 * CRASH_BATCH and kills itself with SIGKILL (no clean-up, like a power cut) right after batch
 * `killAfter` commits, when the next batch is already judged and staged (the stream is pipelined).
 * Usage: tsx bulk-enrolment.crash-child.ts <pglite-dir | postgres-schema> <killAfterBatch>
 * The test imports the applicants from here too; run as a module, nothing is enrolled.
 */
import { pathToFileURL } from 'node:url';
import { databaseEnv } from '../config/env.ts';
import { openDb } from '../db/database.ts';
import type { LocalDate } from '../domain/local-date.ts';
import { enrolBulkStream, type BulkApplicant } from './bulk-enrolment.ts';

export const CRASH_BATCH = 10;
export const CRASH_ACTION = { key: 'crash:enrol', actor: 't', at: new Date('2024-03-01T10:00:00+08:00') };

/** 55 applicants, a function of their index (so a resumed stream yields the same), in families of three; every seventh too old to join, one repeated in a later batch. */
export function* crashApplicants(): Generator<BulkApplicant> {
  for (let i = 0; i < 55; i++) {
    const person = i === 33 ? 'c5' : `c${i}`; // a repeat, refused as already a member by the database
    yield { person, payer: `cp${Math.floor(i / 3)}`, birthDate: (i % 7 === 0 ? '1950-01-01' : `19${70 + (i % 25)}-03-0${1 + (i % 9)}`) as LocalDate };
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
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
}
