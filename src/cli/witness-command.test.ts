/**
 * `huzhu witness keygen` and `huzhu witness` as a witness runs them: a key pair that works; a
 * round against a log that only grew exits 0, against one that rewrote its history exits 3 with
 * the reason; missing or wrong arguments exit 2.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logTree, startFakeLog, type FakeLog } from '../test-support/fake-log.ts';
import { checkCosignatures, parseCosignatureVerifierKey, parseCosignerKey } from '../transparency/core/cosignature-format.ts';
import { formatNote } from '../transparency/core/note.ts';

const cli = fileURLToPath(new URL('../../bin/huzhu.js', import.meta.url));
let dir: string;
let log: FakeLog;

// Asynchronous: the fake log answering the CLI runs in this process.
const run = (...args: string[]) => new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
  execFile(process.execPath, [cli, ...args], { encoding: 'utf8', cwd: dir, env: { ...process.env, HUZHU_DATA: dir } }, (error, stdout, stderr) => {
    resolve({ status: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr });
  });
});

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'huzhu-witness-cli-'));
  log = await startFakeLog();
});
afterAll(async () => {
  await log?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('huzhu witness', () => {
  it('keygen prints a private key and the verifier key that checks its cosignatures', async () => {
    const out = await run('witness', 'keygen', '--name', 'regulator.example/w1');
    expect(out.status, out.stderr).toBe(0);
    const lines = out.stdout.trim().split('\n').filter((l) => !l.startsWith('#'));
    expect(lines.length).toBe(2);
    const [signerKey, verifierKey] = lines as [string, string];
    expect(signerKey).toMatch(/^PRIVATE\+KEY\+regulator\.example\/w1\+[0-9a-f]{8}\+/);
    expect(verifierKey).toMatch(/^regulator\.example\/w1\+[0-9a-f]{8}\+/);
    const body = 'huzhu.example/log\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n';
    const cosigner = parseCosignerKey(signerKey, () => 1_750_000_000);
    const note = formatNote({ text: body, signatures: [{ name: cosigner.name, keyId: cosigner.keyId, signature: cosigner.sign(new TextEncoder().encode(body)) }] });
    expect(checkCosignatures(note, [parseCosignatureVerifierKey(verifierKey)]).valid.length).toBe(1);

    const file = join(dir, 'w.key');
    const toFile = await run('witness', 'keygen', '--name', 'members.example/w1', '--out', file);
    expect(toFile.status, toFile.stderr).toBe(0);
    expect(toFile.stdout.trim()).toMatch(/^members\.example\/w1\+[0-9a-f]{8}\+\S+$/); // only the verifier key on stdout
    expect((await readFile(file, 'utf8')).startsWith('PRIVATE+KEY+members.example/w1+')).toBe(true);
    expect((await stat(file)).mode & 0o077).toBe(0);
    const overwrite = await run('witness', 'keygen', '--name', 'x', '--out', file);
    expect(overwrite.status).toBe(2);
    expect(overwrite.stderr).toMatch(/CONFLICT/);
    expect((await readFile(file, 'utf8')).startsWith('PRIVATE+KEY+members.example/w1+')).toBe(true);
    expect((await run('witness', 'keygen', '--name', 'has space')).status).toBe(2);
  });

  it('cosigns a log that grew, and refuses (exit 3) one that rewrote its history', async () => {
    const keygen = await run('witness', 'keygen', '--name', 'auditor.example/w1', '--out', join(dir, 'auditor.key'));
    expect(keygen.status, keygen.stderr).toBe(0);
    const args = ['witness', '--log', log.url, '--log-key', log.keys.verifierKey, '--key-file', join(dir, 'auditor.key'), '--state', join(dir, 'auditor.json')];
    log.serve(logTree(40), 30);
    const first = await run(...args);
    expect(first.status, first.stdout + first.stderr).toBe(0);
    expect(first.stdout).toMatch(/first checkpoint seen for this log/);
    log.serve(logTree(40), 40);
    const second = await run(...args);
    expect(second.status, second.stdout + second.stderr).toBe(0);
    expect(second.stdout).toMatch(/consistent with the checkpoint cosigned before \(size 30\)/);
    expect(log.posted.length).toBe(2);

    log.serve(logTree(50, 'rewritten'));
    const refused = await run(...args);
    expect(refused.status, refused.stdout + refused.stderr).toBe(3);
    expect(refused.stdout).toMatch(/REFUSED {2}inconsistent: the tree of 50 entries is not proven to extend the tree of 40 entries/);
    expect(refused.stdout).toMatch(/NOT cosigned/);
    log.serve(logTree(40), 35);
    const back = await run(...args, '--json');
    expect(back.status).toBe(3);
    expect(JSON.parse(back.stdout)).toMatchObject({ ok: false, refusal: 'rollback', previousSize: 40 });
    expect(log.posted.length).toBe(2);
  });

  it('exits 2 on missing or wrong arguments', async () => {
    const noKey = await run('witness', '--log', log.url, '--log-key', log.keys.verifierKey);
    expect([noKey.status, noKey.stderr]).toEqual([2, expect.stringMatching(/--key-file/)]);
    await writeFile(join(dir, 'log.key'), log.keys.signerKey);
    const logKeyAsWitness = await run('witness', '--log', log.url, '--log-key', log.keys.verifierKey, '--key-file', join(dir, 'log.key'), '--state', join(dir, 's.json'));
    expect([logKeyAsWitness.status, logKeyAsWitness.stderr]).toEqual([2, expect.stringMatching(/VALIDATION: signerKey: not a cosignature\/v1/)]);
    const unreachable = await run('witness', '--log', 'http://127.0.0.1:1/log', '--log-key', log.keys.verifierKey, '--key-file', join(dir, 'auditor.key'), '--state', join(dir, 's.json'));
    expect([unreachable.status, unreachable.stderr]).toEqual([2, expect.stringMatching(/cannot reach the log/)]);
  });
});
