/**
 * `huzhu verify --my-bill` with witnesses: the bill's checkpoint must carry cosignatures from at
 * least --min-witnesses of the --witness keys (default 1 when any is given). (`--log` with
 * witnesses is tested against a running server in src/server/witness-e2e.test.ts.)
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCosignature, generateCosignerKeys, parseCosignerKey } from '../transparency/core/cosignature-format.ts';
import { LOG_KEYS, scenario } from '../transparency/core/testing-fixtures.ts';
import { formatTlogProof, parseTlogProof } from '../transparency/core/tlog-proof.ts';

const cli = fileURLToPath(new URL('../../bin/huzhu.js', import.meta.url));
const A = generateCosignerKeys('regulator.example/w1');
const B = generateCosignerKeys('members.example/w1');
let dir: string;
const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd: dir, env: { ...process.env, HUZHU_DATA: dir } });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'huzhu-verify-cli-'));
  const proof = parseTlogProof(scenario().bundle);
  const cosigned = addCosignature(proof.signedCheckpoint, parseCosignerKey(A.signerKey, () => 1_750_000_000));
  await writeFile(join(dir, 'bill.tlog-proof'), formatTlogProof({ ...proof, signedCheckpoint: cosigned }));
  await writeFile(join(dir, 'witnesses.txt'), `# the witnesses I trust\n${A.verifierKey}\n${B.verifierKey}\n`);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('huzhu verify --my-bill --witness', () => {
  it('passes with enough cosignatures from the witnesses given, fails (3) with too few', () => {
    const bill = ['verify', '--my-bill', join(dir, 'bill.tlog-proof'), '--key', LOG_KEYS.verifierKey];
    const plain = run(...bill);
    expect(plain.status, plain.stdout + plain.stderr).toBe(0);
    const one = run(...bill, '--witness', A.verifierKey);
    expect(one.status, one.stdout + one.stderr).toBe(0);
    expect(one.stdout).toMatch(/cosigned by at least 1 of the 1 witnesses you gave/);
    const onlyB = run(...bill, '--witness', B.verifierKey);
    expect(onlyB.status).toBe(3);
    expect(onlyB.stdout).toMatch(/FAIL {2}.*0 witness cosignatures, 1 required/);
    const both = run(...bill, '--witness', `@${join(dir, 'witnesses.txt')}`, '--min-witnesses', '2');
    expect(both.status, both.stdout + both.stderr).toBe(3);
    expect(run(...bill, '--witness', `@${join(dir, 'witnesses.txt')}`, '--min-witnesses', '1').status).toBe(0);
    const bad = run(...bill, '--witness', LOG_KEYS.verifierKey);
    expect([bad.status, bad.stderr]).toEqual([2, expect.stringMatching(/VALIDATION: witness: key 1/)]);
  });
});
