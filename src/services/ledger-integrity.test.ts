/** The ledger's invariants hold in the database itself, and `books check` catches tampering. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db/database.ts';
import { simulatedProvider } from '../payments/simulated-provider.ts';
import { postEntry, reverseEntry } from '../repositories/ledger-repo.ts';
import { testDb } from '../test-support/test-db.ts';
import { checkBooks } from './books-check.ts';
import { advanceTo } from './calendar-runner.ts';
import { approveClaim, fileClaim } from './claims-service.ts';
import { join } from './membership-service.ts';
import { createPlan } from './plans-service.ts';

const at = (s: string) => new Date(`${s}+08:00`);
let db: Db;

beforeAll(async () => {
  db = await testDb();
  await createPlan(db, { id: 'ci', preset: 'critical-illness' }, { key: 'plan', actor: 't', at: at('2020-01-01T00:00:00') });
  for (let i = 0; i < 5; i++) {
    await join(db, { plan: 'ci', person: `m${i}`, payer: `m${i}`, birthDate: '1990-01-01', declaration: { q: false } }, { key: `j${i}`, actor: 't', at: at('2020-01-01T10:00:00') });
  }
  await fileClaim(db, { plan: 'ci', claim: 'c1', person: 'm0', diagnosedOn: '2020-01-02', severity: 'mild', cause: 'accident' }, { key: 'f', actor: 't', at: at('2020-01-03T10:00:00') });
  await approveClaim(db, { claim: 'c1' }, { key: 'a', actor: 't', at: at('2020-01-04T10:00:00') });
  await advanceTo(db, simulatedProvider(), at('2020-01-31T00:00:00'));
});
afterAll(() => db.close());

describe('ledger invariants', () => {
  it('the books of a normal run balance', async () => {
    const r = await checkBooks(db);
    expect(r.checks.filter((c) => !c.ok)).toEqual([]);
  });
  it('refuses an unbalanced entry at commit', async () => {
    await expect(db.transaction(async (tx) => {
      const [e] = await tx.query<{ id: bigint }>(`INSERT INTO journal_entries (plan_id, kind, idempotency_key, at, actor, memo) VALUES ('ci', 'reversal', 'bad', now(), 't', 'x') RETURNING id`);
      await tx.query(`INSERT INTO journal_lines (entry_id, line, account, debit_fen) VALUES ($1, 1, 'settlement', 100)`, [e!.id]);
      await tx.query(`INSERT INTO journal_lines (entry_id, line, account, credit_fen) VALUES ($1, 2, 'fee_payable', 99)`, [e!.id]);
    })).rejects.toThrow(/unbalanced/);
    expect(await db.query(`SELECT 1 FROM journal_entries WHERE idempotency_key = 'bad'`)).toHaveLength(0);
  });
  it('refuses to change or delete entries, lines, charges and events', async () => {
    await expect(db.query('UPDATE journal_lines SET debit_fen = debit_fen + 1 WHERE debit_fen > 0')).rejects.toThrow(/append-only/);
    await expect(db.query('DELETE FROM journal_entries')).rejects.toThrow(/append-only/);
    await expect(db.query('UPDATE charges SET amount_fen = 1')).rejects.toThrow(/append-only/);
    await expect(db.query('DELETE FROM events')).rejects.toThrow(/append-only/);
  });
  it('posts an entry once per idempotency key', async () => {
    const ctx = { planId: 'ci', periodId: null, key: 'manual:1', at: new Date(), actor: 't' };
    const draft = { kind: 'subsidy' as const, memo: 'test', lines: [
      { account: 'settlement' as const, debitFen: 5n, creditFen: 0n }, { account: 'operator_receivable' as const, debitFen: 0n, creditFen: 5n }] };
    const a = await db.transaction((tx) => postEntry(tx, ctx, draft));
    const b = await db.transaction((tx) => postEntry(tx, ctx, draft));
    expect(b).toBe(a);
    // ... and corrects it with a reversal, never an edit; the books balance again.
    await db.transaction((tx) => reverseEntry(tx, a, { key: 'manual:1:reversal', at: new Date(), actor: 't' }, 'test entry'));
    await expect(db.transaction((tx) => reverseEntry(tx, a, { key: 'manual:1:again', at: new Date(), actor: 't' }, 'twice'))).rejects.toThrow(/already reversed/);
    expect((await checkBooks(db)).ok).toBe(true);
  });
  it('books check catches charges and payments of no period (no foreign key holds them)', async () => {
    await db.transaction(async (tx) => {
      await tx.query(`INSERT INTO payments (period_id, payer_id, amount_fen, status, attempts, retry_until)
                      SELECT 999, payer_id, 1, 'paid', 1, now() FROM payments LIMIT 1`);
      await tx.query('INSERT INTO charges (period_id, membership_id, payer_id, amount_fen) SELECT 998, membership_id, payer_id, 1 FROM charges LIMIT 1');
      const r = await checkBooks(tx);
      const check = (code: string) => r.checks.find((c) => c.code === code)!;
      expect(check('collections-cover-bills')).toMatchObject({ ok: false, detail: 'periods: period id 999 (no such period)' });
      expect(check('charges-add-up').ok).toBe(false);
      expect(check('charges-add-up').detail).toContain('period id 998 (no such period)');
      throw new Error('roll back');
    }).catch((e: Error) => { if (e.message !== 'roll back') throw e; });
    expect((await checkBooks(db)).ok).toBe(true);
  });
  it('books check catches a tampered charge and a tampered period', async () => {
    await db.exec('ALTER TABLE charges DISABLE TRIGGER charges_immutable');
    await db.query(`UPDATE charges SET amount_fen = amount_fen + 1 WHERE membership_id = (SELECT min(membership_id) FROM charges)`);
    await db.exec('ALTER TABLE charges ENABLE TRIGGER charges_immutable');
    const r = await checkBooks(db);
    expect(r.ok).toBe(false);
    expect(r.checks.find((c) => c.name.startsWith('member charges add up'))!.ok).toBe(false);
  });
});
