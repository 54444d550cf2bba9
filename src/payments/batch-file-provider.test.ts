import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db/database.ts';
import type { LocalDate } from '../domain/local-date.ts';
import { getPlan } from '../repositories/plans-repo.ts';
import { checkBooks } from '../services/books-check.ts';
import { enrolBulk } from '../services/bulk-enrolment.ts';
import { advanceTo } from '../services/calendar-runner.ts';
import { approveClaim, fileClaim } from '../services/claims-service.ts';
import { join } from '../services/membership-service.ts';
import { createPlan } from '../services/plans-service.ts';
import { testDb } from '../test-support/test-db.ts';
import { csvField } from '../domain/csv.ts';
import { batchFileProvider, exportDebitInstructions, importResults, INSTRUCTIONS_HEADER, instructionsText, resultsChunks, RESULTS_HEADER } from './batch-file-provider.ts';

let db: Db;
const provider = batchFileProvider();
const t = (s: string) => new Date(s);

beforeAll(async () => {
  db = await testDb();
  await createPlan(db, { id: 'p', preset: 'critical-illness' }, { key: 'plan', actor: 't', at: t('2024-01-01T00:00:00+08:00') });
  await enrolBulk(db, 'p', Array.from({ length: 30 }, (_, i) => ({ person: `m${i}`, payer: `pay${Math.floor(i / 2)}`, birthDate: '1980-01-01' as LocalDate })),
    { key: 'enrol', actor: 't', at: t('2024-01-01T10:00:00+08:00') });
  await join(db, { plan: 'p', person: 'c', payer: 'c', birthDate: '1990-01-01', declaration: { x: false } }, { key: 'j', actor: 't', at: t('2024-01-01T11:00:00+08:00') });
  await fileClaim(db, { plan: 'p', claim: 'c1', person: 'c', diagnosedOn: '2024-01-02', severity: 'mild', cause: 'accident' }, { key: 'f', actor: 't', at: t('2024-01-02T10:00:00+08:00') });
  await approveClaim(db, { claim: 'c1' }, { key: 'a', actor: 't', at: t('2024-01-03T10:00:00+08:00') });
  await advanceTo(db, provider, t('2024-01-14T01:00:00+08:00'));
});
afterAll(async () => { await db?.close(); });

describe('batch-file payment provider', () => {
  it('leaves every charge pending on charge day and exports them as debit instructions', async () => {
    const statuses = await db.query<{ status: string; n: bigint }>('SELECT status, count(*) AS n FROM payments GROUP BY status');
    expect(statuses).toEqual([{ status: 'pending', n: 16n }]);
    // The charge day left the planner's statistics up to date (refreshPaymentStatistics): the
    // export's pages are planned knowing the payments exist.
    const [stats] = await db.query<{ reltuples: number }>("SELECT reltuples::float8 AS reltuples FROM pg_class WHERE oid = 'payments'::regclass");
    expect(Number(stats!.reltuples)).toBe(16);
    // Written in payer order (collectPeriod: each index then grows at its right edge).
    const heap = await db.query<{ payer_id: bigint }>('SELECT payer_id FROM payments ORDER BY ctid');
    expect(heap.map((r) => r.payer_id)).toEqual(heap.map((r) => r.payer_id).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    const out = await exportDebitInstructions(db, 'p', t('2024-01-14T02:00:00+08:00'));
    expect(out.rows).toBe(16);
    expect((await instructionsText(out)).split('\n')[0]).toBe('period_id,payer_id,payer_ref,amount_fen,attempt,retry_until');
  });

  it('refuses malformed files and unknown or mis-stated payments, importing nothing', async () => {
    expect(() => [...resultsChunks('nope\n1,2,3,paid')]).toThrow(/first line/);
    expect(() => [...resultsChunks(`${RESULTS_HEADER}\n1,2,3,maybe`)]).toThrow(/line 2/);
    const plan = await getPlan(db, 'p');
    await expect(importResults(db, provider, plan, `${RESULTS_HEADER}\n999,1,100,paid\n`, { key: 'bad1', actor: 'op', at: t('2024-01-14T03:00:00+08:00') })).rejects.toMatchObject({ code: 'CONFLICT' });
    const [row] = await db.query<{ period_id: bigint; payer_id: bigint; amount_fen: bigint }>('SELECT period_id, payer_id, amount_fen FROM payments ORDER BY payer_id LIMIT 1');
    await expect(importResults(db, provider, plan, `${RESULTS_HEADER}\n${row!.period_id},${row!.payer_id},${row!.amount_fen + 1n},paid\n`, { key: 'bad2', actor: 'op', at: t('2024-01-14T03:00:00+08:00') }))
      .rejects.toMatchObject({ code: 'CONFLICT' });
    expect(Number((await db.query<{ n: bigint }>('SELECT count(*) AS n FROM batch_payment_results'))[0]!.n)).toBe(0);
  });

  it('reads a file in chunks, keeping line numbers, and refuses a payment named twice with the line that repeats it', async () => {
    const chunks = [...resultsChunks(`${RESULTS_HEADER}\n1,2,3,paid\n\n1,3,3,failed\r\n1,4,5,paid\n`, 2)];
    expect(chunks.map((c) => [c.rows, c.paid, c.failed])).toEqual([[2, 1, 1], [1, 1, 0]]);
    expect(chunks[1]!.tsv).toBe('5\t1\t4\t5\tpaid\n');
    expect(() => [...resultsChunks(`${RESULTS_HEADER}\n${'1,2,3,paid\n'.repeat(3)}`.replace(/paid\n$/, 'paxd\n'))]).toThrow(/line 4/);
    const plan = await getPlan(db, 'p');
    const [a, b] = await db.query<{ period_id: bigint; payer_id: bigint; amount_fen: bigint }>('SELECT period_id, payer_id, amount_fen FROM payments ORDER BY payer_id LIMIT 2');
    const line = (r: typeof a) => `${r!.period_id},${r!.payer_id},${r!.amount_fen},paid`;
    await expect(importResults(db, provider, plan, `${RESULTS_HEADER}\n${line(a)}\n${line(b)}\n${line(a)}\n`, { key: 'dup', actor: 'op', at: t('2024-01-14T03:00:00+08:00') }))
      .rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(/line 4 repeats payment/) });
    await expect(importResults(db, provider, plan, `${RESULTS_HEADER}\n${line(a)}\n${line(b)}\n999,1,100,paid\n`, { key: 'unknown', actor: 'op', at: t('2024-01-14T03:00:00+08:00') }))
      .rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/line 4: payment 999:1 is not open/) });
    expect(await db.query("SELECT status FROM payments WHERE status <> 'pending'")).toEqual([]);
  });
  it('exports in keyset pages: the same file whatever the page size', async () => {
    const at = t('2024-01-14T02:00:00+08:00');
    const whole = await instructionsText(await exportDebitInstructions(db, 'p', at));
    const paged = await exportDebitInstructions(db, 'p', at, 3);
    expect(paged.rows).toBe(16);
    expect(await instructionsText(paged)).toBe(whole);
    // A page size that divides the file exactly, one row a page, and one page for all.
    for (const size of [1, 4, 16, 17]) expect(await instructionsText(await exportDebitInstructions(db, 'p', at, size))).toBe(whole);
    const payers = whole.trim().split('\n').slice(1).map((l) => BigInt(l.split(',')[1]!));
    expect(payers).toEqual([...payers].sort((x, y) => (x < y ? -1 : 1)));
    expect(whole.trim().split('\n')).toHaveLength(17);
  });
  it('writes every line as csvField and toISOString would, whatever a payer reference holds', async () => {
    const at = t('2024-01-14T02:00:00+08:00');
    const refs = ['a,b', 'say "hi"', 'cr\rlf\n', '"', 'plain', '', '中文,"x"'];
    const marker = new Error('roll back');
    await expect(db.transaction(async (tx) => {
      const payers = await tx.query<{ payer_id: bigint }>('SELECT payer_id FROM payments ORDER BY payer_id LIMIT $1', [refs.length]);
      for (const [i, p] of payers.entries()) await tx.query('UPDATE payers SET ref = $2 WHERE id = $1', [p.payer_id, refs[i]]);
      const rows = await tx.query<{ period_id: bigint; payer_id: bigint; ref: string; amount_fen: bigint; attempts: number; retry_until: Date }>(
        'SELECT p.period_id, p.payer_id, pa.ref, p.amount_fen, p.attempts, p.retry_until FROM payments p JOIN payers pa ON pa.id = p.payer_id ORDER BY p.payer_id');
      const expected = rows.map((r) => `${r.period_id},${r.payer_id},${csvField(r.ref)},${r.amount_fen},${r.attempts},${r.retry_until.toISOString()}\n`).join('');
      expect(await instructionsText(await exportDebitInstructions(tx, 'p', at, 5))).toBe(`${INSTRUCTIONS_HEADER}\n${expected}`);
      expect(expected).toContain('"say ""hi"""');
      throw marker;
    })).rejects.toBe(marker);
  });
  it('imports the results: paid ones settle with ledger entries, failed ones stay open; a replay changes nothing', async () => {
    const plan = await getPlan(db, 'p');
    const rows = await db.query<{ period_id: bigint; payer_id: bigint; amount_fen: bigint }>('SELECT period_id, payer_id, amount_fen FROM payments ORDER BY payer_id');
    const csv = [RESULTS_HEADER, ...rows.map((r, i) => `${r.period_id},${r.payer_id},${r.amount_fen},${i < 12 ? 'paid' : 'failed'}`)].join('\n');
    const action = { key: 'import-1', actor: 'op', at: t('2024-01-15T10:00:00+08:00') };
    expect(await importResults(db, provider, plan, csv, action)).toMatchObject({ rows: 16, paid: 12, failed: 4 });
    const after = await db.query<{ status: string; n: bigint }>('SELECT status, count(*) AS n FROM payments GROUP BY status ORDER BY status');
    expect(after).toEqual([{ status: 'failed', n: 4n }, { status: 'paid', n: 12n }]);
    // Only failures are kept as results: a paid payment says it itself.
    expect(await db.query('SELECT status, count(*)::int AS n FROM batch_payment_results GROUP BY status')).toEqual([{ status: 'failed', n: 4 }]);
    const entries = Number((await db.query<{ n: bigint }>('SELECT count(*) AS n FROM journal_entries'))[0]!.n);
    await importResults(db, provider, plan, csv, action);
    expect(Number((await db.query<{ n: bigint }>('SELECT count(*) AS n FROM journal_entries'))[0]!.n)).toBe(entries);
    expect((await checkBooks(db)).ok).toBe(true);
    expect((await exportDebitInstructions(db, 'p', t('2024-01-15T11:00:00+08:00'))).rows).toBe(4);
  });
  it('settles only the payments a file names: a later file pays a failed one and its failure is forgotten', async () => {
    const plan = await getPlan(db, 'p');
    const failed = await db.query<{ period_id: bigint; payer_id: bigint; amount_fen: bigint; attempts: number }>(
      "SELECT period_id, payer_id, amount_fen, attempts FROM payments WHERE status = 'failed' ORDER BY payer_id");
    const [first, ...rest] = failed;
    await importResults(db, provider, plan, `${RESULTS_HEADER}\n${first!.period_id},${first!.payer_id},${first!.amount_fen},paid\n`, { key: 'import-2', actor: 'op', at: t('2024-01-15T12:00:00+08:00') });
    const now = await db.query<{ payer_id: bigint; status: string; attempts: number }>(
      'SELECT payer_id, status, attempts FROM payments WHERE payer_id = ANY($1::bigint[]) ORDER BY payer_id', [failed.map((f) => f.payer_id)]);
    expect(now[0]).toMatchObject({ status: 'paid', attempts: first!.attempts + 1 });
    expect(now.slice(1).map((r) => [r.status, r.attempts])).toEqual(rest.map((r) => ['failed', r.attempts]));
    expect(Number((await db.query<{ n: bigint }>('SELECT count(*) AS n FROM batch_payment_results'))[0]!.n)).toBe(3);
    expect((await checkBooks(db)).ok).toBe(true);
  });
  it('refuses a file with good lines before a bad one, settling none of it: paid, out of time, another plan, another amount', async () => {
    const plan = await getPlan(db, 'p');
    const open = await db.query<{ period_id: bigint; payer_id: bigint; amount_fen: bigint; attempts: number; retry_until: Date }>(
      "SELECT period_id, payer_id, amount_fen, attempts, retry_until FROM payments WHERE status = 'failed' ORDER BY payer_id");
    const [paid] = await db.query<{ period_id: bigint; payer_id: bigint; amount_fen: bigint }>(
      "SELECT period_id, payer_id, amount_fen FROM payments WHERE status = 'paid' ORDER BY payer_id LIMIT 1");
    const line = (r: { period_id: bigint; payer_id: bigint; amount_fen: bigint }, amount = r.amount_fen) => `${r.period_id},${r.payer_id},${amount},paid`;
    const good = open.map((r) => line(r));
    const before = async () => [
      await db.query('SELECT period_id, payer_id, status, attempts, settled_at FROM payments ORDER BY payer_id'),
      await db.query('SELECT * FROM batch_payment_results ORDER BY payer_id'),
      await db.query('SELECT count(*)::int AS n FROM journal_entries')];
    const unchanged = await before();
    const at = t('2024-01-15T13:00:00+08:00');
    await expect(importResults(db, provider, plan, [RESULTS_HEADER, ...good, line(paid!)].join('\n'), { key: 'late-paid', actor: 'op', at }))
      .rejects.toMatchObject({ code: 'CONFLICT', message: `results: line ${good.length + 2}: payment ${paid!.period_id}:${paid!.payer_id} is not open in plan "p"` });
    await expect(importResults(db, provider, plan, [RESULTS_HEADER, ...good.slice(0, 2), line(open[2]!, open[2]!.amount_fen - 1n)].join('\n'), { key: 'late-amount', actor: 'op', at }))
      .rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/^results: line 4: payment .* is for \d+ fen, not the file's amount$/) });
    // Past its last retry day a payment is no longer open, whatever the file says.
    const late = new Date(open[0]!.retry_until.getTime() + 1);
    await expect(importResults(db, provider, plan, [RESULTS_HEADER, ...good].join('\n'), { key: 'too-late', actor: 'op', at: late }))
      .rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/^results: line 2: .* is not open/) });
    // Another plan's file names none of this plan's payments.
    await createPlan(db, { id: 'q', preset: 'critical-illness' }, { key: 'plan-q', actor: 't', at: t('2024-01-15T00:00:00+08:00') });
    await expect(importResults(db, provider, await getPlan(db, 'q'), [RESULTS_HEADER, ...good].join('\n'), { key: 'other-plan', actor: 'op', at }))
      .rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/^results: line 2: .* is not open in plan "q"$/) });
    expect(await before()).toEqual(unchanged);
    // The same good lines alone are taken.
    expect(await importResults(db, provider, plan, [RESULTS_HEADER, ...good].join('\n'), { key: 'late-good', actor: 'op', at })).toMatchObject({ rows: open.length, paid: open.length });
    expect((await checkBooks(db)).ok).toBe(true);
  });
});
