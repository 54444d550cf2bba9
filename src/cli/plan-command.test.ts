/**
 * `huzhu plan wind-down --dry-run` (issue 13): the rehearsal printed from a plan with a wallet, an
 * open failed payment, paid shares and an approved claim not yet paid; and the command refuses
 * to start a wind-down by itself (four eyes need two operators: the API).
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { replay } from '../replay/run-replay.ts';
import { approveEv, claimEv, failsEv, joinEv, scenario, t } from '../replay/scenario-builder.ts';
import { windDownDryRun } from '../services/wind-down-report.ts';
import { testDb } from '../test-support/test-db.ts';
import { formatDryRun } from './plan-command.ts';

describe('huzhu plan wind-down --dry-run', () => {
  it('prints what the operator would pay', async () => {
    const db = await testDb();
    try {
      await replay(scenario([
        ...['a', 'b', 'c'].map((m, i) => joinEv(`2020-01-01T09:0${i}:00`, m, '1990-01-01')),
        claimEv('2020-01-02', 'a1', 'a', '2020-01-02', 'severe', 'accident'), approveEv('2020-01-03', 'a1'),
        failsEv('2020-01-10', 'c'),
        claimEv('2020-01-16', 'b1', 'b', '2020-01-16', 'severe', 'accident'), approveEv('2020-01-17', 'b1'),
      ], '2020-01-17', { payoutBands: [{ maxAge: 200, severeFen: 3000 }], annualCapFen: null, feeBasisPoints: 0 }), { db });
      const d = await windDownDryRun(db, { plan: 'ci', cutOffOn: '2020-01-31', refundPastShares: true }, new Date(t('2020-01-17T12:00:00')));
      expect(d).toMatchObject({
        members: 2, openPaymentsToWriteOff: { payments: 1, fen: 1000 }, pastSharesToRefund: { payers: 2, fen: 2000 },
        approvedUnpaidClaims: { claims: 1, fen: 3000 }, notYetReported: { horizonDays: 15 + 180 }, expectedPayoutPerClaimFen: 3000,
      });
      expect(d.operatorCostFen).toBe(1000 + 2000 + 3000 + d.notYetReported.estimatedFen);
      const text = formatDryRun(d);
      expect(text).toContain('open failed payments written off');
      expect(text).toMatch(/past shares refunded\s*\|?\s*2\s*\|?\s*20\.00/);
      expect(text).toContain(`the operator would pay about ${(d.operatorCostFen / 100).toFixed(2)} yuan`);
    } finally {
      await db.close();
    }
  }, 60_000);

  it('does not start a wind-down by itself', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'huzhu-plan-'));
    try {
      const cli = fileURLToPath(new URL('../../bin/huzhu.js', import.meta.url));
      const r = spawnSync(process.execPath, [cli, 'plan', 'wind-down', '--plan', 'ci', '--cut-off', '2020-01-31'], { encoding: 'utf8', env: { ...process.env, HUZHU_DATA: dir } });
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/VALIDATION: --dry-run: .*four eyes.*POST \/ops\/plans\/:plan\/wind-down/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
