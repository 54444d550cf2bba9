/**
 * The witness client against a log server the test controls (src/test-support/fake-log.ts): it
 * cosigns and posts an honest, growing log, and refuses, posting nothing and keeping the
 * evidence, a log that rewrote its history, went backwards, forked, lied about a consistency
 * proof, or served a checkpoint not signed by its key.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HuzhuError } from '../../domain/errors.ts';
import { logTree, startFakeLog, type FakeLog } from '../../test-support/fake-log.ts';
import { toBase64 } from '../../domain/bytes.ts';
import { checkCosignatures, generateCosignerKeys, parseCosignatureVerifierKey } from '../core/cosignature-format.ts';
import { parseNote } from '../core/note.ts';
import { readWitnessState, runWitness } from './witness-client.ts';

const WITNESS = generateCosignerKeys('regulator.example/w1', new Uint8Array(32).fill(2));
const T = 1_750_000_000;

let log: FakeLog;
let dir: string;
beforeAll(async () => {
  log = await startFakeLog();
  dir = await mkdtemp(join(tmpdir(), 'huzhu-witness-'));
});
afterAll(async () => {
  await log?.close();
  await rm(dir, { recursive: true, force: true });
});

const round = (state: string, at = T) => runWitness({ log: log.url, logKey: log.keys.verifierKey, signerKey: WITNESS.signerKey, statePath: join(dir, state), now: () => at });

describe('the witness client', () => {
  const honest = logTree(300);

  it('cosigns an honest log as it grows and posts each cosignature', async () => {
    log.serve(honest, 10);
    const first = await round('grow.json');
    expect(first.ok && [first.size, first.previousSize, first.witness, first.cosignedAt]).toEqual([10, undefined, 'regulator.example/w1', T]);
    expect(log.posted.length).toBe(1);
    const posted = log.posted[0]!;
    // What was posted: the checkpoint text and the witness's own line, verifying as a cosignature.
    expect(parseNote(posted).text).toBe(parseNote(await (await fetch(`${log.url}/checkpoint`)).text()).text);
    expect(checkCosignatures(posted, [parseCosignatureVerifierKey(WITNESS.verifierKey)]).valid.map((v) => v.timestamp)).toEqual([T]);

    log.serve(honest, 260); // crosses a tile boundary: a real proof with several hashes
    const second = await round('grow.json', T + 60);
    expect(second.ok && [second.size, second.previousSize]).toEqual([260, 10]);
    const again = await round('grow.json', T + 120); // no growth: the same checkpoint is cosigned again
    expect(again.ok && [again.size, again.previousSize]).toEqual([260, 260]);
    expect(log.posted.length).toBe(3);
    const state = (await readWitnessState(join(dir, 'grow.json')))['fake.example/log']!;
    expect([state.size, state.root, state.cosignedAt, state.refusals]).toEqual([260, toBase64(honest.root(260)), T + 120, undefined]);
  });

  it('refuses a log that rewrote its history, went backwards or forked, and keeps the evidence', async () => {
    log.serve(honest, 100);
    expect((await round('bad.json')).ok).toBe(true);
    const posts = log.posted.length;
    const rewritten = logTree(150, 'rewritten');
    const cases = [
      { tree: rewritten, size: 150, refusal: 'inconsistent' },
      { tree: honest, size: 60, refusal: 'rollback' },
      { tree: logTree(100, 'fork'), size: 100, refusal: 'fork' },
    ];
    for (const c of cases) {
      log.serve(c.tree, c.size);
      const result = await round('bad.json', T + 1);
      expect(result.ok ? 'cosigned' : result.refusal).toBe(c.refusal);
    }
    expect(log.posted.length).toBe(posts); // nothing was signed, nothing posted
    const state = (await readWitnessState(join(dir, 'bad.json')))['fake.example/log']!;
    expect(state.size).toBe(100); // still the last good checkpoint
    expect(state.refusals!.map((r) => r.refusal)).toEqual(['inconsistent', 'rollback', 'fork']);
    expect(state.refusals![0]!.checkpoint.split('\n')[1]).toBe('150');
    // The honest log, grown, is cosigned again.
    log.serve(honest, 200);
    expect((await round('bad.json', T + 2)).ok).toBe(true);
  });

  it('checks the consistency proof itself: an honest-looking log that lies about the proof is refused', async () => {
    log.serve(honest, 20);
    expect((await round('lie.json')).ok).toBe(true);
    log.serve(honest, 40);
    log.lieAboutProofs(logTree(40, 'other').consistencyProof(20, 40));
    try {
      const result = await round('lie.json', T + 1);
      expect(result.ok ? 'cosigned' : result.refusal).toBe('inconsistent');
    } finally {
      log.lieAboutProofs(undefined);
    }
    expect((await round('lie.json', T + 2)).ok).toBe(true);
  });

  it('refuses a checkpoint not signed by the log\'s key (tampered in transit)', async () => {
    log.serve(honest, 30);
    const note = await (await fetch(`${log.url}/checkpoint`)).text();
    log.serveNote(note.replace('\n30\n', '\n31\n'));
    const posts = log.posted.length;
    const result = await round('tampered.json');
    expect(result.ok ? 'cosigned' : result.refusal).toBe('signature');
    expect(log.posted.length).toBe(posts);
    await expect(readFile(join(dir, 'tampered.json'), 'utf8')).rejects.toThrow(/ENOENT/); // nothing remembered
  });

  it('stops with a HuzhuError when the log is not there, or the witness key is not a witness key', async () => {
    const r = runWitness({ log: log.url.replace('/log', '/nothing'), logKey: log.keys.verifierKey, signerKey: WITNESS.signerKey, statePath: join(dir, 'x.json'), now: () => T });
    await expect(r).rejects.toThrow(HuzhuError);
    await expect(r).rejects.toMatchObject({ code: 'NOT_FOUND' });
    // A log key where the witness key should be: refused before anything is fetched.
    await expect(runWitness({ log: log.url, logKey: log.keys.verifierKey, signerKey: log.keys.signerKey, statePath: join(dir, 'y.json') }))
      .rejects.toMatchObject({ code: 'VALIDATION' });
  });
});
