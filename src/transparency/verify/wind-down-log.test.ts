/**
 * `huzhu verify` on a wound-down plan (issue 13): the log of a replayed wind-down replays clean
 * (every period charged at or after A operator-funded, the entries started, memberships-closed
 * and closed present), and a period after A that bills members, or one before A published as
 * operator-funded, is caught.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/database.ts';
import { replay } from '../../replay/run-replay.ts';
import { claimEv, approveEv, joinEv, scenario, t } from '../../replay/scenario-builder.ts';
import { testDb } from '../../test-support/test-db.ts';
import { decodeLogEntry, type LogEntry } from '../core/canonical-json.ts';
import { logSize, readEntries } from '../store/log-store.ts';
import { replayEntries } from './replay-check.ts';

let db: Db;
let entries: LogEntry[];
beforeAll(async () => {
  db = await testDb();
  await replay(scenario([
    joinEv('2020-01-01T09:00:00', 'a', '1990-01-01'), joinEv('2020-01-01T09:01:00', 'b', '1990-01-01'),
    claimEv('2020-01-02', 'a1', 'a', '2020-01-02', 'mild', 'accident'), approveEv('2020-01-03', 'a1'),
    claimEv('2020-01-16', 'b1', 'b', '2020-01-16', 'mild', 'accident'), approveEv('2020-01-17', 'b1'),
    { at: t('2020-01-20'), type: 'windDown', plan: 'ci', cutOffOn: '2020-01-25', claimWindowDays: 5 },
  ], '2020-02-20', { mildPayoutFen: 1001, annualCapFen: null }), { db });
  entries = (await readEntries(db, 0, await logSize(db))).map((e) => decodeLogEntry(e));
});
afterAll(async () => { await db?.close(); });

const announced = (on: string) => entries.findIndex((e) => e.type === 'period.announced' && e.announcedOn === on);

describe('verify on a wound-down plan', () => {
  it('replays clean, with the three wind-down entries', () => {
    const r = replayEntries(entries);
    expect(r.problems).toEqual([]);
    expect(entries.filter((e) => e.type === 'plan.winddown').map((e) => e.state)).toEqual(['started', 'memberships-closed', 'closed']);
    const after = entries[announced('2020-01-21')]!;
    expect(after).toMatchObject({ billed: 0, share: 0, fee: 0, payouts: 1001, subsidy: 1001 - Number(after.carriedIn) });
    const report = entries.find((e) => e.type === 'plan.winddown' && e.state === 'closed')!.report as Record<string, unknown>;
    expect(report).toMatchObject({ membersAtStart: 2, claims: [{ claim: 'b1', status: 'paid', payoutFen: 1001, code: null }] });
    expect(JSON.stringify(report)).not.toMatch(/"a"|"b"/); // claim refs, never a member
  });

  it('catches a period after A that bills members, and one before A published as operator-funded', () => {
    const i = announced('2020-01-21');
    const billed = entries.map((e, k) => (k === i ? { ...e, billed: 10, subsidy: Number(e.subsidy) - 10 } : e));
    expect(replayEntries(billed).problems.map((p) => p.message)).toContainEqual(expect.stringMatching(/operator-funded: billed is 10 but must be 0/));
    const j = announced('2020-01-07');
    const before = entries.map((e, k) => (k === j ? { ...e, billed: 0, share: 0, fee: 0, subsidy: e.payouts! } : e));
    expect(replayEntries(before).problems.length).toBeGreaterThan(0);
  });
});
