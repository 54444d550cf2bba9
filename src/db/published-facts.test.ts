/**
 * Issue 11, item 9: a published period (and notice) cannot be changed in the database once
 * announced, except announced -> charged; and `books check` notices a period changed around
 * that guard, because the row no longer says what the transparency log published.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveClaim, fileClaim } from '../services/claims-service.ts';
import { checkBooks } from '../services/books-check.ts';
import { join } from '../services/membership-service.ts';
import { createPlan } from '../services/plans-service.ts';
import { testServer, type TestServer } from '../server/testing.ts';

let ts: TestServer;
const at = (s: string) => new Date(`${s}+08:00`);

beforeAll(async () => {
  ts = await testServer({ start: '2024-03-01T10:00:00+08:00' });
  const act = (key: string, when: string) => ({ key, actor: 'test', at: at(when) });
  await createPlan(ts.db, { id: 'ci', preset: 'critical-illness' }, act('plan', '2024-03-01T10:00:00'));
  for (let i = 0; i < 5; i++) {
    await join(ts.db, { plan: 'ci', person: `person-${i}`, payer: `payer-${i}`, birthDate: '1990-01-01', declaration: { none: false } }, act(`join-${i}`, '2024-03-01T11:00:00'));
  }
  await fileClaim(ts.db, { plan: 'ci', claim: 'c1', person: 'person-4', diagnosedOn: '2024-03-02', severity: 'mild', cause: 'accident' }, act('file', '2024-03-03T10:00:00'));
  await approveClaim(ts.db, { claim: 'c1' }, act('approve', '2024-03-04T10:00:00'));
  ts.now.t = at('2024-03-14T09:00:00'); // announced on the 7th, charged on the 14th
  ts.tokens.operator = (await ts.ctx.sessions.create(ts.ids.operator, ts.now.t)).token;
  expect((await ts.call('operator', 'POST', '/ops/calendar/run')).status).toBe(200);
});
afterAll(async () => { await ts?.close(); });

describe('published facts', () => {
  it('the database refuses to change, delete or truncate a charged period', async () => {
    const [p] = await ts.db.query<{ status: string }>(`SELECT status FROM periods WHERE announced_on = '2024-03-07'`);
    expect(p?.status).toBe('charged');
    for (const sql of [
      `UPDATE periods SET share_fen = share_fen + 1 WHERE announced_on = '2024-03-07'`,
      `UPDATE periods SET status = 'announced' WHERE announced_on = '2024-03-07'`,
      `DELETE FROM periods`, `TRUNCATE periods CASCADE`,
    ]) await expect(ts.db.query(sql), sql).rejects.toThrow(/published facts|append-only/);
  });

  it('and a published notice', async () => {
    for (const sql of [`UPDATE notices SET cases = cases + 1`, `UPDATE notices SET status = 'open'`, `DELETE FROM notices`, `TRUNCATE notices CASCADE`]) {
      await expect(ts.db.query(sql), sql).rejects.toThrow(/published facts|append-only/);
    }
  });

  it('books check catches a period changed around the guard', async () => {
    expect((await checkBooks(ts.db)).ok).toBe(true);
    await ts.db.exec('ALTER TABLE periods DISABLE TRIGGER periods_published');
    try {
      await ts.db.query(`UPDATE periods SET share_fen = share_fen + 1 WHERE announced_on = '2024-03-07'`);
      const report = await checkBooks(ts.db);
      expect(report.ok).toBe(false);
      expect(report.checks.find((c) => !c.ok)?.detail).toContain('2024-03-07');
      await ts.db.query(`UPDATE periods SET share_fen = share_fen - 1 WHERE announced_on = '2024-03-07'`);
    } finally {
      await ts.db.exec('ALTER TABLE periods ENABLE TRIGGER periods_published');
    }
  });
});
