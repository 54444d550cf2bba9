/**
 * Issue 11, item 5: an error log line never carries a statement's parameters or a body. A real
 * database error (PGlite's carries `params` and `detail`) goes through the error handler and the
 * line written holds none of the values.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db/database.ts';
import { testDb } from '../test-support/test-db.ts';
import { errorHandler } from './http-errors.ts';
import { safeErrorForLog } from './log-redaction.ts';

let db: Db;
beforeAll(async () => {
  db = await testDb();
  await db.exec(`CREATE TABLE secrets (id int PRIMARY KEY, name text, born date)`);
  await db.query(`INSERT INTO secrets VALUES (1, 'x', '2000-01-01')`);
});
afterAll(async () => { await db?.close(); });

const failing = (sql: string, params: unknown[]) => db.query(sql, params).then(() => { throw new Error('expected a failure'); }, (e: unknown) => e);
const SECRETS = ['刘强', '110101198001015030', '13700000001', 'Key (id)'];

describe('what an error log line holds', () => {
  it('a unique violation and an out-of-range date lose their parameters and key values', async () => {
    const dup = await failing(`INSERT INTO secrets VALUES ($1, $2, $3)`, [1, '刘强 110101198001015030 13700000001', '2000-01-01']);
    const date = await failing(`INSERT INTO secrets VALUES ($1, $2, $3)`, [2, '刘强', '2020-02-30']);
    for (const e of [dup, date]) {
      const line = JSON.stringify(safeErrorForLog(e));
      for (const secret of [...SECRETS, '2020-02-30']) expect(line).not.toContain(secret);
      expect(line).toMatch(/"code":"2\d{4}"/); // still says what went wrong
    }
  });
  it('the error handler logs a 500 without the parameters', async () => {
    const err = await failing(`SELECT $1::int / 0 AS boom, $2::text AS who`, [1, '刘强 110101198001015030']);
    const lines: string[] = [];
    const req = { log: { error: (obj: unknown, msg: string) => lines.push(JSON.stringify({ obj, msg })) } };
    let status = 0;
    const reply = { code(c: number) { status = c; return reply; }, type() { return reply; }, send() { return reply; } };
    errorHandler(err, req as never, reply as never);
    expect(status).toBe(500);
    expect(lines).toHaveLength(1);
    for (const secret of SECRETS) expect(lines[0]).not.toContain(secret);
  });
});
