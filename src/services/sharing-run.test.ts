/**
 * The sharing run in steps: a run killed mid-way (SIGKILL after some chunks committed) resumes to
 * exactly the state of an uninterrupted run, and chunked billing equals one-chunk billing.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openDb, type Db } from '../db/database.ts';
import { getPlan } from '../repositories/plans-repo.ts';
import { JAN7, seedSmallPlan } from '../test-support/small-plan.ts';
import { testDb } from '../test-support/test-db.ts';
import { checkBooks } from './books-check.ts';
import { announceAndShare } from './sharing-run.ts';

/** Everything the run wrote, in a comparable form (ids are the same on both databases). */
async function stateOf(db: Db) {
  const q = async (sql: string) => JSON.stringify(await db.query(sql), (_k, v) => (typeof v === 'bigint' ? v.toString() : v));
  return {
    period: await q(`SELECT announced_on::text, cases, payout_fen, fee_fen, carried_in_fen, sharing_members, share_fen, operator_subsidy_fen, surplus_out_fen, billed_fen, status FROM periods`),
    charges: await q('SELECT period_id, membership_id, payer_id, amount_fen FROM charges ORDER BY membership_id'),
    claims: await q('SELECT ref, status, period_id FROM claims ORDER BY ref'),
    ledger: await q('SELECT e.kind, e.idempotency_key, l.account, l.debit_fen, l.credit_fen FROM journal_entries e JOIN journal_lines l ON l.entry_id = e.id ORDER BY e.id, l.line'),
    chunks: await q('SELECT chunk FROM sharing_run_chunks ORDER BY chunk'),
    events: await q(`SELECT kind, idempotency_key FROM events WHERE kind = 'period.announced'`),
  };
}

const CHILD = fileURLToPath(new URL('./sharing-run.crash-child.ts', import.meta.url));

describe('sharing run', () => {
  it('resumes a run killed mid-way to exactly the state of an uninterrupted one', async () => {
    // Uninterrupted reference.
    const ref = await testDb();
    await seedSmallPlan(ref);
    await announceAndShare(ref, await getPlan(ref, 'ci'), JAN7, { chunkSize: 3, parallel: 1 });
    const expected = await stateOf(ref);
    await ref.close();

    // The same run, killed after its second chunk committed, then resumed.
    const url = process.env.DATABASE_URL;
    const dir = url ? undefined : await mkdtemp(joinPath(tmpdir(), 'huzhu-crash-'));
    const schema = `crash_${randomBytes(5).toString('hex')}`;
    const open = () => openDb(url ? { databaseUrl: url, schema } : { dataDir: dir });
    try {
      let db = await open();
      await seedSmallPlan(db);
      await db.close();
      const child = spawnSync(process.execPath, ['--import', 'tsx', CHILD, url ? schema : dir!, '1'], { encoding: 'utf8', env: process.env });
      expect(child.signal, child.stderr + child.stdout).toBe('SIGKILL');
      db = await open();
      const cut = await stateOf(db);
      expect(JSON.parse(cut.chunks)).toHaveLength(2); // two chunks had committed
      expect(JSON.parse(cut.period)).toHaveLength(0); // and no period was published
      await announceAndShare(db, await getPlan(db, 'ci'), JAN7, { chunkSize: 3, parallel: 1 });
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

  it('bills the same in many parallel chunks as in one', async () => {
    const one = await testDb();
    const many = await testDb();
    try {
      await seedSmallPlan(one);
      await seedSmallPlan(many);
      await announceAndShare(one, await getPlan(one, 'ci'), JAN7, { chunkSize: 1_000_000 });
      await announceAndShare(many, await getPlan(many, 'ci'), JAN7, { chunkSize: 2, parallel: 3 });
      const a = await stateOf(one);
      const b = await stateOf(many);
      expect(b.period).toEqual(a.period);
      expect(b.charges).toEqual(a.charges);
      expect(JSON.parse(a.charges)).toHaveLength(13);
    } finally {
      await one.close();
      await many.close();
    }
  });

  it('leaves the planner knowing the charges it wrote (refreshChargeStatistics)', async () => {
    const db = await testDb();
    try {
      await seedSmallPlan(db);
      await announceAndShare(db, await getPlan(db, 'ci'), JAN7);
      const [billed] = await db.query<{ n: bigint }>('SELECT count(*) AS n FROM charges');
      const [stats] = await db.query<{ reltuples: number }>("SELECT reltuples::float8 AS reltuples FROM pg_class WHERE oid = 'charges'::regclass");
      expect(billed!.n).toBeGreaterThan(0n);
      expect(Number(stats!.reltuples)).toBe(Number(billed!.n));
    } finally {
      await db.close();
    }
  });

  it('is idempotent: running it again changes nothing', async () => {
    const db = await testDb();
    try {
      await seedSmallPlan(db);
      const plan = await getPlan(db, 'ci');
      await announceAndShare(db, plan, JAN7);
      const before = await stateOf(db);
      await announceAndShare(db, plan, JAN7);
      expect(await stateOf(db)).toEqual(before);
    } finally {
      await db.close();
    }
  });
});
