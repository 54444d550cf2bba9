/**
 * The log as the engine writes it: a plan, a claim decision, a period run and its charge day all
 * show up in the log; `verify` passes on an honest log and database, catches a changed database
 * row, a changed log entry and numbers that do not follow from the rules; a member's bill proof
 * verifies offline; and the CLI checks an exported log.
 */
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/database.ts';
import type { LocalDate } from '../../domain/local-date.ts';
import { simulatedProvider } from '../../payments/simulated-provider.ts';
import { getPlan } from '../../repositories/plans-repo.ts';
import { runChargeDay } from '../../services/charge-day.ts';
import { approveClaim, fileClaim } from '../../services/claims-service.ts';
import { join } from '../../services/membership-service.ts';
import { createPlan } from '../../services/plans-service.ts';
import { announceAndShare } from '../../services/sharing-run.ts';
import { JAN7, seedSmallPlan } from '../../test-support/small-plan.ts';
import { testDb } from '../../test-support/test-db.ts';
import { decodeLogEntry, encodeLogEntry, type LogEntry } from '../core/canonical-json.ts';
import { generateNoteKeys, parseSignerKey } from '../core/note.ts';
import { verifyBundle } from '../core/proof-bundle.ts';
import { createLogHandlers, handleLogPath, type LogHandlers } from '../store/log-handlers.ts';
import { leafHash } from '../store/log-store.ts';
import { replayEntries } from './replay-check.ts';
import { crossCheckDatabase, exportLog, handlersLogSource, httpLogSource, verifyLog, type LogVerification } from './verify-log.ts';

const at = (s: string) => new Date(`${s}+08:00`);
const keys = generateNoteKeys('huzhu.test/log');

let db: Db;
let h: LogHandlers;
let periodId: bigint;

async function verifyAll(): Promise<{ result: LogVerification; failed: string[] }> {
  const result = await verifyLog(handlersLogSource(h), { key: keys.verifierKey });
  const checks = [...result.checks, ...(await crossCheckDatabase(db, result.replay!))];
  const failed = [...checks.filter((c) => !c.ok).map((c) => `${c.name}: ${c.detail}`), ...result.replay!.problems.map((p) => `${p.subject}: ${p.message}`)];
  return { result, failed };
}

/** Changes rows behind the engine's back (triggers off, as the database owner could), checks, then restores them. */
type Sql = [string, unknown[]];
async function tampering(tables: string, triggers: string | null, change: Sql | Sql[], restore: Sql | Sql[], check: () => Promise<void>): Promise<void> {
  const pairs = tables.split(',').map((t, i) => [t, triggers?.split(',')[i]] as const);
  const run = (statements: Sql | Sql[]) => db.transaction(async (tx) => {
    for (const [table, trigger] of pairs) if (trigger) await tx.exec(`ALTER TABLE ${table} DISABLE TRIGGER ${trigger}`);
    for (const [sql, params] of (typeof statements[0] === 'string' ? [statements as Sql] : (statements as Sql[]))) await tx.query(sql, params);
    for (const [table, trigger] of pairs) if (trigger) await tx.exec(`ALTER TABLE ${table} ENABLE TRIGGER ${trigger}`);
  });
  await run(change);
  try {
    await check();
  } finally {
    await run(restore);
  }
}

beforeAll(async () => {
  db = await testDb();
  h = createLogHandlers(db, { signer: parseSignerKey(keys.signerKey) });
  await seedSmallPlan(db);
  const plan = await getPlan(db, 'ci');
  const period = await announceAndShare(db, plan, JAN7, { chunkSize: 5, parallel: 1 });
  periodId = period.id;
  await runChargeDay(db, simulatedProvider(), plan, period);
});
afterAll(async () => {
  await db?.close();
});

describe('transparency log written by the engine', () => {
  it('holds the plan rules, the decision, the notice, the announcement, the charge commitment and the charge day', async () => {
    const rows = await db.query<{ entry: Uint8Array }>('SELECT entry FROM log_entries ORDER BY idx');
    const entries = rows.map((r) => decodeLogEntry(r.entry));
    expect(entries.map((e) => e.type)).toEqual(['plan.rules', 'claim.decision', 'notice.published', 'period.announced', 'period.charges', 'period.charged']);
    const [, decision, notice, announced, charges, charged] = entries as [LogEntry, LogEntry, LogEntry, LogEntry, LogEntry, LogEntry];
    expect(notice).toMatchObject({ plan: 'ci', announcedOn: '2020-01-07', challengeUntil: '2020-01-14', cases: [{ claim: 'c1', payout: 30_000_000 }] });
    expect(decision).toMatchObject({ plan: 'ci', claim: 'c1', decision: 'approved', payout: 30_000_000, severity: 'severe', ageAtDiagnosis: 30 });
    expect(announced).toMatchObject({ period: 'ci/2020-01-07', sharingMembers: 13, payouts: 30_000_000, fee: 2_400_000 });
    expect(announced.cases).toEqual([{ claim: 'c1', ageAtDiagnosis: 30, severity: 'severe', cause: 'accident', diseaseCode: '', payout: 30_000_000 }]);
    expect(charges).toMatchObject({ period: 'ci/2020-01-07', chargesCount: 13 });
    expect(charged).toMatchObject({ period: 'ci/2020-01-07', billed: announced.billed, collected: announced.billed, uncollected: 0 });
    // Nothing that names a person: no member refs, no birth dates.
    expect(rows.map((r) => Buffer.from(r.entry).toString()).join('\n')).not.toMatch(/"m0"|1990-01-01|"p0"/);
  });

  it('verifies: signature, every entry, tiles, replayed numbers, database rows', async () => {
    const { result, failed } = await verifyAll();
    expect(failed).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.replay!.periodsChecked).toBe(1);
    // Consistency with the state saved last time, after the log grew.
    await fileClaim(db, { plan: 'ci', claim: 'c2', person: 'nobody-' + 'x', diagnosedOn: '2020-01-02', severity: 'mild', cause: 'illness' }, { key: 'file2', actor: 't', at: at('2020-01-15T09:00:00') })
      .catch(() => undefined); // unknown person: NOT_FOUND, nothing written, nothing logged
    await db.transaction((tx) => import('../store/log-store.ts').then((m) => m.appendLogEntry(tx, { type: 'note', v: 1, text: 'grown' })));
    const again = await verifyLog(handlersLogSource(h), { key: keys.verifierKey, state: result.newState! });
    expect(again.checks.find((c) => c.name === 'consistency')).toMatchObject({ ok: true });
    // A state from a different history is caught.
    const forked = await verifyLog(handlersLogSource(h), { key: keys.verifierKey, state: { ...result.newState!, root: Buffer.alloc(32, 1).toString('base64') } });
    expect(forked.checks.find((c) => c.name === 'consistency')).toMatchObject({ ok: false });
  });

  it('verifies over HTTP, with the handlers mounted under /log/', async () => {
    const server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      handleLogPath(h, url.pathname.replace(/^\/log\//, ''), url.searchParams).then(
        (r) => res.writeHead(200, { 'content-type': r.contentType, 'cache-control': r.cacheControl }).end(r.body),
        (e: { code?: string }) => res.writeHead(e.code === 'NOT_FOUND' ? 404 : 400).end());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/log`;
      const result = await verifyLog(httpLogSource(base), { key: keys.verifierKey });
      expect(result.checks.filter((c) => !c.ok)).toEqual([]);
      const proof = await (await fetch(`${base}/proof/inclusion?index=0&size=2`)).json() as { proof: string[] };
      expect(proof.proof).toHaveLength(1);
      expect((await fetch(`${base}/tile/0/999`)).status).toBe(404);
    } finally {
      server.close();
    }
  });

  it('catches a changed amount in the database', async () => {
    await tampering('periods', 'periods_published',
      ['UPDATE periods SET share_fen = share_fen + 1 WHERE id = $1', [periodId]], ['UPDATE periods SET share_fen = share_fen - 1 WHERE id = $1', [periodId]],
      async () => {
        const { failed } = await verifyAll();
        expect(failed.join('\n')).toMatch(/share is \d+ in the database but \d+ in the log/);
      });
    const first = 'membership_id = (SELECT min(membership_id) FROM charges WHERE period_id = $1)';
    await tampering('charges', 'charges_immutable',
      [`UPDATE charges SET amount_fen = amount_fen - 1 WHERE period_id = $1 AND ${first}`, [periodId]],
      [`UPDATE charges SET amount_fen = amount_fen + 1 WHERE period_id = $1 AND ${first}`, [periodId]],
      async () => {
        const { failed } = await verifyAll();
        expect(failed.join('\n')).toMatch(/do not hash to the logged commitment/);
        expect(failed.join('\n')).toMatch(/sum of member charges is \d+ in the database/);
      });
    expect((await verifyAll()).failed).toEqual([]);
  });

  it('catches a changed log entry, even with its leaf hash recomputed', async () => {
    const row = (await db.query<{ idx: bigint; entry: Uint8Array }>(`SELECT idx, entry FROM log_entries WHERE ref = $1`, [`period.announced/${periodId}`]))[0]!;
    const forged = encodeLogEntry({ ...decodeLogEntry(row.entry), share: 1 });
    const entry = 'UPDATE log_entries SET entry = $2 WHERE idx = $1';
    const leaf = `UPDATE log_nodes SET hashes = overlay(hashes PLACING $2 FROM (($1 - idx) * 32 + 1)::int FOR 32)
                   WHERE level = 0 AND idx = (SELECT max(idx) FROM log_nodes WHERE level = 0 AND idx <= $1)`;
    await tampering('log_entries,log_nodes', 'log_entries_immutable,log_nodes_immutable',
      [[entry, [row.idx, Buffer.from(forged)]], [leaf, [row.idx, leafHash(forged)]]],
      [[entry, [row.idx, Buffer.from(row.entry)]], [leaf, [row.idx, leafHash(row.entry)]]],
      async () => {
        const { result, failed } = await verifyAll();
        expect(result.checks.find((c) => c.name === 'root from entries')).toMatchObject({ ok: false });
        expect(failed.join('\n')).toMatch(/share is 1 but the rules give/);
      });
    expect((await verifyAll()).failed).toEqual([]);
  });

  it('replay reports numbers that do not follow from the rules', () => {
    const rules = { type: 'plan.rules', v: 1, plan: 'x', name: 'x', at: '', rules: {
      preset: 'custom', timeZone: 'UTC', minJoinAgeDays: 0, minJoinAgeYears: 0, maxJoinAgeYears: 60, removalAgeYears: null, healthDeclarationRequired: false,
      minCreditScore: null, waitingPeriodDays: 0, accidentSkipsWaitingPeriod: true, payoutBands: [{ maxAge: 99, severeFen: 1000 }], mildPayoutFen: 100,
      maxMildPayouts: 1, feeBasisPoints: 1000, cycles: [{ announceDay: 7, chargeDay: 14 }], annualCapFen: null, perCaseCapFen: null, retryStopsDaysBeforeNextCharge: 2 } };
    const period = (share: number, surplusOut: number) => ({
      type: 'period.announced', v: 1, plan: 'x', period: `x/${share}`, announcedOn: '', chargedOn: '',
      cases: [{ claim: 'a', ageAtDiagnosis: 30, severity: 'severe', cause: 'illness', diseaseCode: '', payout: 1000 }],
      payouts: 1000, fee: 100, carriedIn: 0, sharingMembers: 3, share, surplusOut, subsidy: 0, billed: share * 3,
    });
    expect(replayEntries([rules, period(367, 1)]).problems).toEqual([]); // ceil(1100 / 3) = 367, surplus 1
    const wrong = replayEntries([rules, period(400, 100)]).problems.map((p) => p.message);
    expect(wrong).toContain('share is 400 but the rules give 367 (3 sharing members)');
  });

  it('replay reports a case shared without public notice, and one left out without a challenge', () => {
    const rules = { type: 'plan.rules', v: 1, plan: 'x', name: 'x', at: '', rules: {
      preset: 'custom', timeZone: 'UTC', minJoinAgeDays: 0, minJoinAgeYears: 0, maxJoinAgeYears: 60, removalAgeYears: null, healthDeclarationRequired: false,
      minCreditScore: null, waitingPeriodDays: 0, accidentSkipsWaitingPeriod: true, payoutBands: [{ maxAge: 99, severeFen: 1000 }], mildPayoutFen: 100,
      maxMildPayouts: 1, feeBasisPoints: 1000, cycles: [{ announceDay: 7, chargeDay: 14 }], annualCapFen: null, perCaseCapFen: null, retryStopsDaysBeforeNextCharge: 2 } };
    const kase = (claim: string) => ({ claim, ageAtDiagnosis: 30, severity: 'severe', cause: 'illness', diseaseCode: '', payout: 1000 });
    const notice = (claims: string[]) => ({ type: 'notice.published', v: 1, plan: 'x', period: 'x/p', announcedOn: '', challengeUntil: '', cases: claims.map(kase) });
    const period = { type: 'period.announced', v: 1, plan: 'x', period: 'x/p', announcedOn: '', chargedOn: '', cases: [kase('a')],
      payouts: 1000, fee: 100, carriedIn: 0, sharingMembers: 3, share: 367, surplusOut: 1, subsidy: 0, billed: 1101 };
    const challenge = { type: 'claim.challenge', v: 1, plan: 'x', claim: 'b', challenge: 'h1', at: '', status: 'under-review', evidence: 1, decisionReason: null };
    expect(replayEntries([rules, notice(['a', 'b']), challenge, period]).problems).toEqual([]);
    expect(replayEntries([rules, notice(['b']), challenge, period]).problems.map((p) => p.message)).toEqual(['case a was shared without being in the public notice of x/p']);
    expect(replayEntries([rules, notice(['a', 'b']), period]).problems.map((p) => p.message))
      .toEqual(['case b of the public notice was left out of the period with no challenge, appeal or rejection on record']);
  });

  it('gives a member a bill proof that verifies offline, and the CLI checks it and an exported log', async () => {
    const m = (await db.query<{ id: bigint; amount_fen: bigint }>('SELECT membership_id AS id, amount_fen FROM charges WHERE period_id = $1 ORDER BY membership_id DESC LIMIT 1', [periodId]))[0]!;
    const bundle = await h.memberChargeBundle(m.id, periodId);
    const checked = verifyBundle(bundle, { logKey: keys.verifierKey });
    expect(checked.ok && { period: checked.period, amount: checked.amountMinor }).toEqual({ period: 'ci/2020-01-07', amount: m.amount_fen });
    const other = generateNoteKeys('huzhu.test/log');
    expect(verifyBundle(bundle, { logKey: other.verifierKey }).ok).toBe(false);

    const dir = await mkdtemp(joinPath(tmpdir(), 'huzhu-log-'));
    try {
      await writeFile(joinPath(dir, 'bill.tlog-proof'), bundle);
      const exported = await exportLog(h, joinPath(dir, 'log'));
      expect(exported.size).toBeGreaterThanOrEqual(5);
      const cli = fileURLToPath(new URL('../../../bin/huzhu.js', import.meta.url));
      const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd: dir, env: { ...process.env, HUZHU_DATA: dir } });
      const bill = run('verify', '--my-bill', joinPath(dir, 'bill.tlog-proof'), '--key', keys.verifierKey);
      expect(bill.status, bill.stderr).toBe(0);
      expect(bill.stdout).toMatch(new RegExp(`charged ${m.amount_fen} fen`));
      const log = run('verify', '--log', pathToFileURL(joinPath(dir, 'log')).href, '--key', keys.verifierKey, '--state', joinPath(dir, 'state.json'));
      expect(log.status, log.stdout + log.stderr).toBe(0);
      expect(log.stdout).toMatch(/log: verified/);
      const wrongKey = run('verify', '--log', pathToFileURL(joinPath(dir, 'log')).href, '--key', other.verifierKey, '--state', joinPath(dir, 'state.json'));
      expect(wrongKey.status).toBe(3);
      expect(wrongKey.stdout).toMatch(/FAIL {2}checkpoint signature/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
