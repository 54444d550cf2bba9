/** A retried operation (same idempotency key) returns the first result and changes nothing. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db/database.ts';
import { testDb } from '../test-support/test-db.ts';
import { fileClaim, approveClaim } from './claims-service.ts';
import { join, quit } from './membership-service.ts';
import { createPlan } from './plans-service.ts';

const at = (s: string) => new Date(`${s}+08:00`);
let db: Db;
beforeAll(async () => {
  db = await testDb();
  await createPlan(db, { id: 'ci', preset: 'critical-illness' }, { key: 'plan', actor: 't', at: at('2020-01-01T00:00:00') });
});
afterAll(() => db.close());

const count = async (sql: string) => Number((await db.query<{ n: bigint }>(sql))[0]!.n);

describe('idempotency keys', () => {
  it('join, claim, approve and quit each happen once per key', async () => {
    const j = { plan: 'ci', person: 'a', payer: 'a', birthDate: '1990-01-01', declaration: { q: false } };
    const first = await join(db, j, { key: 'k-join', actor: 't', at: at('2020-01-02T10:00:00') });
    const again = await join(db, j, { key: 'k-join', actor: 't', at: at('2020-01-02T10:00:05') });
    expect(again).toEqual(first);
    expect(await count('SELECT count(*) AS n FROM memberships')).toBe(1);
    // A different key is a different request: the person is already a member.
    const other = await join(db, j, { key: 'k-join-2', actor: 't', at: at('2020-01-02T10:01:00') });
    expect(other).toMatchObject({ ok: false, code: 'ALREADY_MEMBER' });

    const c = { plan: 'ci', claim: 'c1', person: 'a', diagnosedOn: '2020-01-03', severity: 'severe', cause: 'accident' };
    const f1 = await fileClaim(db, c, { key: 'k-file', actor: 'a', at: at('2020-01-04T10:00:00') });
    expect(await fileClaim(db, c, { key: 'k-file', actor: 'a', at: at('2020-01-04T10:00:00') })).toEqual(f1);
    const a1 = await approveClaim(db, { claim: 'c1' }, { key: 'k-approve', actor: 'op', at: at('2020-01-05T10:00:00') });
    expect(await approveClaim(db, { claim: 'c1' }, { key: 'k-approve', actor: 'op', at: at('2020-01-05T10:00:00') })).toEqual(a1);
    expect(a1.payoutFen).toBe(30_000_000n);
    await quit(db, { plan: 'ci', person: 'a' }, { key: 'k-quit', actor: 'a', at: at('2020-01-06T10:00:00') });
    await quit(db, { plan: 'ci', person: 'a' }, { key: 'k-quit', actor: 'a', at: at('2020-01-06T10:00:00') });
    expect(await count(`SELECT count(*) AS n FROM events WHERE idempotency_key LIKE 'k-%'`)).toBe(5);
  });
  it('bad input leaves nothing half-written', async () => {
    const before = await count('SELECT count(*) AS n FROM events');
    await expect(fileClaim(db, { plan: 'ci', claim: 'c9', person: 'a', diagnosedOn: '2020-02-30', severity: 'severe', cause: 'illness' }, { key: 'k-bad', actor: 'a', at: at('2020-03-01T10:00:00') }))
      .rejects.toMatchObject({ code: 'VALIDATION', field: 'diagnosedOn' });
    await expect(fileClaim(db, { plan: 'ci', claim: 'c9', person: 'a', diagnosedOn: '2020-03-05', severity: 'severe', cause: 'illness' }, { key: 'k-bad2', actor: 'a', at: at('2020-03-01T10:00:00') }))
      .rejects.toMatchObject({ code: 'VALIDATION', field: 'diagnosedOn' });
    await expect(join(db, { plan: 'nope', person: 'z', payer: 'z', birthDate: '1990-01-01' }, { key: 'k-bad3', actor: 't', at: at('2020-03-01T10:00:00') }))
      .rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await count('SELECT count(*) AS n FROM events')).toBe(before);
    expect(await count(`SELECT count(*) AS n FROM persons WHERE ref = 'z'`)).toBe(0);
  });
});
