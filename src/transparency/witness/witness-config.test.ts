/**
 * Where the log's witnesses come from: HUZHU_LOG_WITNESSES, else the `log-witnesses` file in the
 * data folder, else none; a bad list stops the server naming the variable (or file), not the value.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.ts';
import { generateCosignerKeys } from '../core/cosignature-format.ts';
import { generateNoteKeys } from '../core/note.ts';
import { loadWitnessKeys } from './witness-config.ts';
import { signerKeySecret } from '../core/testing-fixtures.ts';

const W1 = generateCosignerKeys('regulator.example/w1');
const W2 = generateCosignerKeys('members.example/w1');
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'huzhu-witness-config-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('witness configuration', () => {
  it('reads HUZHU_LOG_WITNESSES first, then HUZHU_DATA/log-witnesses, else none', async () => {
    const empty = join(dir, 'empty');
    expect(loadWitnessKeys({ HUZHU_DATA: empty })).toEqual([]);
    await writeFile(join(dir, 'log-witnesses'), `# who may cosign\n${W1.verifierKey}\n${W2.verifierKey}\n`);
    expect(loadWitnessKeys({ HUZHU_DATA: dir }).map((w) => w.verifier.name)).toEqual(['regulator.example/w1', 'members.example/w1']);
    expect(loadWitnessKeys({ HUZHU_DATA: dir, HUZHU_LOG_WITNESSES: W2.verifierKey }).map((w) => w.verifierKey)).toEqual([W2.verifierKey]);
    expect(loadWitnessKeys({ HUZHU_DATA: dir, HUZHU_LOG_WITNESSES: ` ${W1.verifierKey}, ${W2.verifierKey} ` }).length).toBe(2);
  });

  it('is part of the server configuration, and a bad key stops the server naming where it came from', async () => {
    const config = loadConfig({ HUZHU_DATA: dir, HUZHU_LOG_WITNESSES: `${W1.verifierKey},${W2.verifierKey}` });
    expect(config.logWitnesses).toEqual([W1.verifierKey, W2.verifierKey]);
    expect(config.cosignPerMinute).toBe(30);
    expect(loadConfig({ HUZHU_DATA: dir }).logWitnesses).toEqual([W1.verifierKey, W2.verifierKey]); // from the file
    const logKey = generateNoteKeys('huzhu.example/log').verifierKey;
    expect(() => loadConfig({ HUZHU_DATA: dir, HUZHU_LOG_WITNESSES: logKey })).toThrow(/^HUZHU_LOG_WITNESSES: key 1: .*cosignature\/v1/);
    await writeFile(join(dir, 'log-witnesses'), `${W1.signerKey}\n`);
    let message = '';
    try {
      loadConfig({ HUZHU_DATA: dir });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/log-witnesses: key 1/);
    expect(message).not.toContain(signerKeySecret(W1.signerKey));
  });
});
