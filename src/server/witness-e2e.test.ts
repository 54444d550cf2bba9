/**
 * Witnesses end to end through the server: a configured witness (`huzhu witness`, and the same
 * client in-process) cosigns the checkpoint over HTTP; GET /log/checkpoint then carries its line
 * and GET /log/witnesses lists it; POST /log/cosignature refuses an unknown key, a checkpoint the
 * log never signed and a bad signature with their codes, and is rate limited per address;
 * `huzhu verify --witness --min-witnesses` passes or fails on the cosignatures served.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlan } from '../services/plans-service.ts';
import { formatCheckpoint, parseCheckpoint } from '../transparency/core/checkpoint-format.ts';
import { generateCosignerKeys, parseCosignatureVerifierKey, parseCosignerKey } from '../transparency/core/cosignature-format.ts';
import { formatNote, parseNote } from '../transparency/core/note.ts';
import { cosignCheckpoint } from '../transparency/core/witness-decision.ts';
import { httpLogSource, verifyLog } from '../transparency/verify/verify-log.ts';
import { runWitness } from '../transparency/witness/witness-client.ts';
import { testServer, type TestServer } from './testing.ts';

const REGULATOR = generateCosignerKeys('regulator.example/w1');
const MEMBERS = generateCosignerKeys('members.example/w1');
const STRANGER = generateCosignerKeys('stranger.example/w1');
const COSIGN_PER_MINUTE = 30;

let ts: TestServer;
let base: string;
let logKey: string;
let dir: string;
const cli = fileURLToPath(new URL('../../bin/huzhu.js', import.meta.url));
// Asynchronous: the server answering the CLI runs in this process, so it must not be blocked.
const run = (...args: string[]) => new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
  execFile(process.execPath, [cli, ...args], { encoding: 'utf8', cwd: dir, env: { ...process.env, HUZHU_DATA: dir } }, (error, stdout, stderr) => {
    resolve({ status: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr });
  });
});
const seconds = () => Math.floor(ts.now.t.getTime() / 1000);
const post = (body: string, remoteAddress?: string, headers: Record<string, string> = {}) => ts.app.inject({
  method: 'POST', url: '/log/cosignature', payload: body, headers: { 'content-type': 'text/plain; charset=utf-8', ...headers }, ...(remoteAddress ? { remoteAddress } : {}),
});

beforeAll(async () => {
  // The server's clock is the real time: the CLI witness stamps its cosignatures with it.
  ts = await testServer({ start: new Date().toISOString(), config: { logWitnesses: [REGULATOR.verifierKey, MEMBERS.verifierKey], cosignPerMinute: COSIGN_PER_MINUTE } });
  await createPlan(ts.db, { id: 'ci', preset: 'critical-illness' }, { key: 'plan-ci', actor: 'test', at: ts.now.t });
  await ts.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(ts.app.server.address() as AddressInfo).port}`;
  logKey = (await (await fetch(`${base}/log/key`)).text()).trim();
  dir = await mkdtemp(join(tmpdir(), 'huzhu-witness-e2e-'));
});
afterAll(async () => {
  await ts?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('witnesses on the server', () => {
  it('refuses an unknown witness, a checkpoint the log never signed, a bad signature and a JSON body, with their codes', async () => {
    const note = await (await fetch(`${base}/log/checkpoint`)).text();
    const body = parseNote(note).text;
    const stranger = await post(cosignCheckpoint(body, parseCosignerKey(STRANGER.signerKey, seconds)));
    expect([stranger.statusCode, stranger.json().error.code]).toEqual([403, 'UNKNOWN_WITNESS']);

    const cp = parseCheckpoint(body);
    const forked = formatCheckpoint({ ...cp, rootHash: cp.rootHash.map((b) => b ^ 1) });
    const never = await post(cosignCheckpoint(forked, parseCosignerKey(REGULATOR.signerKey, seconds)));
    expect([never.statusCode, never.json().error.code]).toEqual([422, 'UNKNOWN_CHECKPOINT']);

    const line = parseNote(cosignCheckpoint(body, parseCosignerKey(REGULATOR.signerKey, seconds))).signatures[0]!;
    const damaged = formatNote({ text: body, signatures: [{ ...line, signature: line.signature.map((b, i) => (i === 70 ? b ^ 4 : b)) }] });
    const bad = await post(damaged);
    expect([bad.statusCode, bad.json().error.code]).toEqual([422, 'BAD_SIGNATURE']);

    const json = await ts.call(null, 'POST', '/log/cosignature', { cosignature: 'x' });
    expect([json.status, json.json.error.code]).toEqual([400, 'VALIDATION']);
    expect(parseNote(await (await fetch(`${base}/log/checkpoint`)).text()).signatures.length).toBe(1); // nothing was stored
  });

  it('takes a witness\'s cosignature and serves the checkpoint cosigned; posting again changes nothing', async () => {
    const result = await runWitness({ log: `${base}/log`, logKey, signerKey: REGULATOR.signerKey, statePath: join(dir, 'regulator.json'), now: seconds });
    expect(result.ok && result.receipts.map((r) => [r.witness, r.stored])).toEqual([['regulator.example/w1', true]]);
    const served = await (await fetch(`${base}/log/checkpoint`)).text();
    expect(parseNote(served).signatures.map((s) => s.name)).toEqual([parseNote(served).text.split('\n')[0], 'regulator.example/w1']);

    // The same cosignature again (what a retrying witness sends), with and without an Idempotency-Key.
    const again = cosignCheckpoint(parseNote(served).text, parseCosignerKey(REGULATOR.signerKey, seconds));
    for (const headers of [{}, { 'idempotency-key': 'cosign-1' }, { 'idempotency-key': 'cosign-1' }] as Record<string, string>[]) {
      const res = await post(again, undefined, headers);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().cosignatures.map((c: { stored: boolean }) => c.stored)).toEqual([false]);
    }
    expect(await (await fetch(`${base}/log/checkpoint`)).text()).toBe(served);

    const witnesses = await ts.call(null, 'GET', '/log/witnesses');
    expect(witnesses.status).toBe(200);
    const size = Number(served.split('\n')[1]);
    expect(witnesses.json).toEqual({
      checkpointSize: size,
      witnesses: [
        { name: 'regulator.example/w1', keyId: expect.any(String), verifierKey: REGULATOR.verifierKey, cosignedSize: size, cosignedAt: expect.any(Number), cosignedLatest: true },
        { name: 'members.example/w1', keyId: expect.any(String), verifierKey: MEMBERS.verifierKey, cosignedSize: null, cosignedAt: null, cosignedLatest: false },
      ],
    });
    const openapi = (await ts.call(null, 'GET', '/openapi.json')).json;
    expect(Object.keys(openapi.paths)).toEqual(expect.arrayContaining(['/log/cosignature', '/log/witnesses']));
    expect(Object.keys(openapi.paths['/log/cosignature'].post.requestBody.content)).toEqual(['text/plain']);
  });

  it('`huzhu witness` and `huzhu verify --witness --min-witnesses` over HTTP', async () => {
    // The log grows; the regulator's witness runs from the command line.
    await createPlan(ts.db, { id: 'ec', preset: 'elderly-cancer' }, { key: 'plan-ec', actor: 'test', at: ts.now.t });
    ts.now.t = new Date();
    await writeFile(join(dir, 'regulator.key'), REGULATOR.signerKey + '\n', { mode: 0o600 });
    const witness = await run('witness', '--log', `${base}/log`, '--log-key', logKey, '--key-file', join(dir, 'regulator.key'), '--state', join(dir, 'regulator.json'));
    expect(witness.status, witness.stdout + witness.stderr).toBe(0);
    expect(witness.stdout).toMatch(/consistent with the checkpoint cosigned before \(size \d+\): the log only grew/);
    expect(witness.stdout).toMatch(/witness: cosigned/);

    const verify = (...extra: string[]) => run('verify', '--log', `${base}/log`, '--key', logKey, '--state', join(dir, 'verify.json'), ...extra);
    const one = await verify('--witness', REGULATOR.verifierKey, '--min-witnesses', '1');
    expect(one.status, one.stdout + one.stderr).toBe(0);
    expect(one.stdout).toMatch(/ok {4}witnesses: 1 of the 1 witnesses given cosigned this checkpoint \(regulator\.example\/w1 at /);
    const two = await verify('--witness', REGULATOR.verifierKey, '--witness', MEMBERS.verifierKey, '--min-witnesses', '2');
    expect(two.status, two.stdout + two.stderr).toBe(3);
    expect(two.stdout).toMatch(/FAIL {2}witnesses: 1 of the 2 witnesses given cosigned this checkpoint .*; 2 required/);
    const impossible = await verify('--witness', REGULATOR.verifierKey, '--min-witnesses', '2');
    expect(impossible.status).toBe(2);
    expect(impossible.stderr).toMatch(/VALIDATION: --min-witnesses/);

    // The members' association cosigns too: now two of two.
    const members = await runWitness({ log: `${base}/log`, logKey, signerKey: MEMBERS.signerKey, statePath: join(dir, 'members.json'), now: seconds });
    expect(members.ok).toBe(true);
    expect((await verify('--witness', REGULATOR.verifierKey, '--witness', MEMBERS.verifierKey, '--min-witnesses', '2')).status).toBe(0);
    const inProcess = await verifyLog(httpLogSource(`${base}/log`), {
      key: logKey, witnesses: [REGULATOR, MEMBERS, STRANGER].map((k) => parseCosignatureVerifierKey(k.verifierKey)), minWitnesses: 3,
    });
    expect(inProcess.checks.filter((c) => !c.ok).map((c) => c.name)).toEqual(['witnesses']);
  });

  it('rate limits POST /log/cosignature per address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i <= COSIGN_PER_MINUTE; i++) statuses.push((await post('not a note', '10.1.2.3')).statusCode);
    expect(statuses.slice(0, COSIGN_PER_MINUTE).every((s) => s === 400)).toBe(true);
    const limited = await post('not a note', '10.1.2.3');
    expect([statuses[COSIGN_PER_MINUTE], limited.statusCode, limited.json().error.code]).toEqual([429, 429, 'RATE_LIMITED']);
    expect((await post('not a note', '10.1.2.4')).statusCode).toBe(400); // another address has its own budget
  });
});
