/** Prepaid wallets in the database: the recharge's refusals change nothing, and `books check` proves the wallets. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db/database.ts';
import { isHuzhuError } from '../domain/errors.ts';
import type { LocalDate } from '../domain/local-date.ts';
import { batchFileProvider } from '../payments/batch-file-provider.ts';
import { simulatedProvider } from '../payments/simulated-provider.ts';
import { findPayerId } from '../repositories/members-repo.ts';
import { walletBalance } from '../repositories/wallets-repo.ts';
import { testDb } from '../test-support/test-db.ts';
import { checkBooks } from './books-check.ts';
import { advanceTo } from './calendar-runner.ts';
import { approveClaim, fileClaim } from './claims-service.ts';
import { setPayerFailing } from './collections.ts';
import { join } from './membership-service.ts';
import { createPlan } from './plans-service.ts';
import { recharge } from './wallets.ts';
import { enrolBulk } from './bulk-enrolment.ts';
import { logSize, readEntries } from '../transparency/store/log-store.ts';

const at = (s: string) => new Date(`${s}+08:00`);
const provider = simulatedProvider();
const funding = { mode: 'prepaid' as const, joinDepositFen: 1000, lowBalanceFen: 500, maxBalanceFen: 5000 };
let db: Db;
const act = (key: string, when: string) => ({ key, actor: 't', at: at(when) });
const codeOf = async (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => (isHuzhuError(e) ? e.code : String(e)));
const balanceOf = async (payer: string) => walletBalance(db, 'pp', (await findPayerId(db, payer))!);

beforeAll(async () => {
  db = await testDb();
  await createPlan(db, { id: 'pp', preset: 'critical-illness', overrides: { funding, payoutBands: [{ maxAge: 200, severeFen: 3000 }], mildPayoutFen: 3000, feeBasisPoints: 0 } }, act('plan', '2020-01-01T00:00:00'));
  for (const m of ['a', 'b', 'c']) {
    await recharge(db, provider, { plan: 'pp', payer: m, amountFen: 2000n }, act(`r-${m}`, '2020-01-01T09:00:00'));
    const j = await join(db, { plan: 'pp', person: m, payer: m, birthDate: '1990-01-01', declaration: { q: false } }, act(`j-${m}`, '2020-01-01T10:00:00'));
    expect(j.ok).toBe(true);
  }
  await fileClaim(db, { plan: 'pp', claim: 'c1', person: 'a', diagnosedOn: '2020-01-02', severity: 'mild', cause: 'accident' }, act('f', '2020-01-03T10:00:00'));
  await approveClaim(db, { claim: 'c1' }, act('ap', '2020-01-04T10:00:00'));
});
afterAll(() => db.close());

describe('the recharge', () => {
  it('is idempotent by its key', async () => {
    const first = await recharge(db, provider, { plan: 'pp', payer: 'b', amountFen: 100n }, act('again', '2020-01-05T10:00:00'));
    const second = await recharge(db, provider, { plan: 'pp', payer: 'b', amountFen: 100n }, act('again', '2020-01-05T10:00:00'));
    expect(second).toEqual(first);
    expect(await balanceOf('b')).toBe(2100n);
  });

  it('is refused RECHARGE_FAILED while the provider declines, and BALANCE_LIMIT over the limit; nothing changes', async () => {
    await setPayerFailing(db, 'c', true, act('fail-c', '2020-01-05T09:00:00'));
    expect(await codeOf(recharge(db, provider, { plan: 'pp', payer: 'c', amountFen: 100n }, act('rc', '2020-01-05T10:00:00')))).toBe('RECHARGE_FAILED');
    await setPayerFailing(db, 'c', false, act('ok-c', '2020-01-05T11:00:00'));
    expect(await codeOf(recharge(db, provider, { plan: 'pp', payer: 'c', amountFen: 3001n }, act('rc2', '2020-01-05T12:00:00')))).toBe('BALANCE_LIMIT');
    expect(await codeOf(recharge(db, batchFileProvider(), { plan: 'pp', payer: 'c', amountFen: 1n }, act('rc3', '2020-01-05T13:00:00')))).toBe('RECHARGE_FAILED');
    expect(await balanceOf('c')).toBe(2000n);
    expect(await db.query(`SELECT 1 FROM journal_entries WHERE idempotency_key LIKE 'recharge:pp:rc%'`)).toHaveLength(0);
  });
});

describe('books check', () => {
  it('proves the wallets after the charge days', async () => {
    await advanceTo(db, provider, at('2020-01-31T00:00:00'));
    const r = await checkBooks(db);
    expect(r.checks.filter((c) => !c.ok)).toEqual([]);
    const names = r.checks.map((c) => c.name);
    expect(names).toContain('pp: wallets = recharges - deductions - refunds');
    expect(r.checks.find((c) => c.name === 'pp: after each charge day settlement = surplus carried + wallets')!.detail).toMatch(/^2 charge day/);
    // 3 members share 3,000 + 0 fee: 1,000 each from 2,000 (and b's 2,100).
    expect([await balanceOf('a'), await balanceOf('b'), await balanceOf('c')]).toEqual([1000n, 1100n, 1000n]);
  });

  it('publishes the wallets total of each charge day, as totals only', async () => {
    const all = (await readEntries(db, 0, await logSize(db))).map((b) => JSON.parse(Buffer.from(b).toString('utf8')) as Record<string, unknown>);
    const charged = all.filter((e) => e.type === 'wallets.charged');
    // Recharged 2,000 x 3 + 100 before the charge; 3,000 taken; nobody refunded, nobody reminded (all at 1,000 or more).
    expect(charged).toEqual([{
      type: 'wallets.charged', v: 1, plan: 'pp', period: 'pp/2020-01-07', wallets: 3100, recharged: 6100, recharges: 4, deducted: 3000,
      refunded: 0, refunds: 0, failedPayers: 0, reminders: 0,
    }, {
      // 21 January: no case, nothing billed; the total is published all the same.
      type: 'wallets.charged', v: 1, plan: 'pp', period: 'pp/2020-01-21', wallets: 3100, recharged: 0, recharges: 0, deducted: 0,
      refunded: 0, refunds: 0, failedPayers: 0, reminders: 0,
    }]);
  });

  it('refuses a bulk enrolment into a prepaid plan', async () => {
    expect(await codeOf(enrolBulk(db, 'pp', [{ person: 'z1', payer: 'z1', birthDate: '1990-01-01' as LocalDate }], act('bulk', '2020-01-31T10:00:00')))).toBe('CONFLICT');
  });

  it('catches a wallet movement the ledger does not have', async () => {
    const payer = (await findPayerId(db, 'a'))!;
    await db.query(`INSERT INTO wallet_movements (plan_id, payer_id, kind, amount_fen, at, ref) VALUES ('pp', $1, 'recharge', 7, now(), 'stray')`, [payer]);
    const r = await checkBooks(db);
    expect(r.ok).toBe(false);
    expect(r.checks.filter((c) => !c.ok).map((c) => c.name)).toEqual(['pp: wallets = recharges - deductions - refunds']);
  });

  it('refuses to change or delete a movement', async () => {
    await expect(db.query(`UPDATE wallet_movements SET amount_fen = 1 WHERE ref = 'stray'`)).rejects.toThrow(/append-only/);
    await expect(db.query(`DELETE FROM wallet_movements WHERE ref = 'stray'`)).rejects.toThrow(/append-only/);
  });
});
