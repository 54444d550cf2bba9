/**
 * Issue 4 end to end through the server: a period run by the server's calendar shows up in the
 * public log; `verify` over HTTP checks the signature, the tiles, the entries and every period's
 * share; a tampered database row is caught; and a member's bill proof verifies offline.
 */
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveClaim, fileClaim } from '../services/claims-service.ts';
import { join } from '../services/membership-service.ts';
import { createPlan } from '../services/plans-service.ts';
import { verifyBundle } from '../transparency/core/proof-bundle.ts';
import { crossCheckDatabase, httpLogSource, verifyLog } from '../transparency/verify/verify-log.ts';
import { testServer, type TestServer } from './testing.ts';

let ts: TestServer;
let base: string;
const at = (s: string) => new Date(`${s}+08:00`);

beforeAll(async () => {
  ts = await testServer({ start: '2024-03-01T10:00:00+08:00' });
  const act = (key: string, when: string) => ({ key, actor: 'test', at: at(when) });
  await createPlan(ts.db, { id: 'ci', preset: 'critical-illness' }, act('plan', '2024-03-01T10:00:00'));
  // The member account's payer pays for two people; five others join on their own.
  for (const [i, payer] of ['account:test-member', 'account:test-member', 'p2', 'p3', 'p4', 'p5', 'p6'].entries()) {
    await join(ts.db, { plan: 'ci', person: `person-${i}`, payer, birthDate: '1990-01-01', declaration: { none: false } }, act(`join-${i}`, '2024-03-01T11:00:00'));
  }
  await fileClaim(ts.db, { plan: 'ci', claim: 'c1', person: 'person-6', diagnosedOn: '2024-03-02', severity: 'mild', cause: 'accident' }, act('file', '2024-03-03T10:00:00'));
  await approveClaim(ts.db, { claim: 'c1' }, act('approve', '2024-03-04T10:00:00'));
  // The server's own calendar announces on the 7th and charges on the 14th.
  ts.now.t = at('2024-03-14T09:00:00');
  for (const role of ['operator', 'member'] as const) ts.tokens[role] = (await ts.ctx.sessions.create(ts.ids[role], ts.now.t)).token;
  expect((await ts.call('operator', 'POST', '/ops/calendar/run')).status).toBe(200);
  await ts.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(ts.app.server.address() as AddressInfo).port}`;
});
afterAll(() => ts.close());

describe('the public log on the server', () => {
  it('serves a signed checkpoint and the tiles; verify over HTTP recomputes every period', async () => {
    const key = (await (await fetch(`${base}/log/key`)).text()).trim();
    const checkpoint = await (await fetch(`${base}/log/checkpoint`)).text();
    expect(checkpoint.split('\n')[1]).toMatch(/^\d+$/);
    const result = await verifyLog(httpLogSource(`${base}/log`), { key });
    expect(result.checks.filter((c) => !c.ok)).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.replay!.problems).toEqual([]);
    expect(Number(checkpoint.split('\n')[1])).toBeGreaterThanOrEqual(5); // plan rules, decision, announcement, charges, charged
    // The database agrees with the log...
    expect((await crossCheckDatabase(ts.db, result.replay!)).filter((c) => !c.ok)).toEqual([]);
    // ...until someone changes a published amount behind the engine's back (the database refuses
    // it, migration 0302, so the table's owner has to switch the guard off first).
    await ts.db.exec('ALTER TABLE periods DISABLE TRIGGER periods_published');
    await ts.db.query(`UPDATE periods SET share_fen = share_fen + 1 WHERE announced_on = '2024-03-07'`);
    expect((await crossCheckDatabase(ts.db, result.replay!)).some((c) => !c.ok)).toBe(true);
    await ts.db.query(`UPDATE periods SET share_fen = share_fen - 1 WHERE announced_on = '2024-03-07'`);
    await ts.db.exec('ALTER TABLE periods ENABLE TRIGGER periods_published');
  });

  it('gives a member a proof of their own bill that verifies offline', async () => {
    const key = (await (await fetch(`${base}/log/key`)).text()).trim();
    const memberships = (await ts.call('member', 'GET', '/me/memberships')).json.items as { id: number }[];
    expect(memberships.length).toBe(2);
    const res = await ts.call('member', 'GET', `/me/bills/ci/2024-03-07/proof?membership=${memberships[0]!.id}`);
    expect(res.status, res.body).toBe(200);
    const check = verifyBundle(res.body, { logKey: key });
    expect(check.ok, JSON.stringify(check, (_k, v) => (typeof v === "bigint" ? String(v) : v))).toBe(true);
    // 50,000 yuan + 8% over 7 members is 7,714.29 yuan each: the bill is the 188-yuan annual cap.
    if (check.ok) expect(Number(check.amountMinor)).toBe(18_800);
    // Nobody else's bill: another payer's membership is not found.
    const other = await ts.call('member', 'GET', `/me/bills/ci/2024-03-07/proof?membership=${memberships[1]!.id + 100}`);
    expect(other.status).toBe(404);
  });
});
