/**
 * Witness cosignatures in the database log: a configured witness's cosignature of a checkpoint
 * the log signed is stored and served after the log's own line; an unknown key, a checkpoint the
 * log never signed, a bad signature or an impossible time are refused with their codes; posting
 * again changes nothing; the table is append-only and only holds cosignatures of signed checkpoints.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/database.ts';
import { HuzhuError } from '../../domain/errors.ts';
import { testDb } from '../../test-support/test-db.ts';
import { formatCheckpoint, parseCheckpoint, verifyCheckpoint } from '../core/checkpoint-format.ts';
import { generateCosignerKeys, parseCosignatureVerifierKey, parseCosignerKey } from '../core/cosignature-format.ts';
import { formatNote, generateNoteKeys, parseNote, parseSignerKey, parseVerifierKey, signNote } from '../core/note.ts';
import { cosignCheckpoint } from '../core/witness-decision.ts';
import { createLogHandlers, type LogHandlers } from './log-handlers.ts';
import { appendLogEntries } from './log-store.ts';
import { parseWitnessKeys } from '../witness/witness-config.ts';

const seed = (byte: number): Uint8Array => new Uint8Array(32).fill(byte);
const LOG = generateNoteKeys('test.example/log', seed(1));
const W1 = generateCosignerKeys('regulator.example/w1', seed(2));
const W2 = generateCosignerKeys('members.example/w1', seed(3));
const STRANGER = generateCosignerKeys('stranger.example/w1', seed(4));
const signer = parseSignerKey(LOG.signerKey);
const logVerifier = parseVerifierKey(LOG.verifierKey);

// The server's clock, as the handlers see it; cosignatures are dated against it.
const NOW = new Date('2025-06-01T12:00:00Z');
const T = NOW.getTime() / 1000;

let db: Db;
let h: LogHandlers;
let appended = 0;

async function grow(count: number): Promise<void> {
  const items = Array.from({ length: count }, () => ({ entry: { type: 'test', v: 1, i: appended++ } }));
  await db.transaction((tx) => appendLogEntries(tx, items));
}

const bodyOf = (note: string) => parseNote(note).text;
const cosign = (note: string, keys = W1, at = T) => cosignCheckpoint(bodyOf(note), parseCosignerKey(keys.signerKey, () => at));

async function refusal(p: Promise<unknown>): Promise<{ code: string; field: string | undefined; message: string }> {
  try {
    await p;
  } catch (e) {
    if (e instanceof HuzhuError) return { code: e.code, field: e.field, message: e.message };
    throw e;
  }
  return { code: 'ACCEPTED', field: undefined, message: '' };
}

const rows = async () => Number((await db.query<{ n: bigint }>('SELECT count(*)::bigint AS n FROM log_cosignatures'))[0]!.n);

beforeAll(async () => {
  db = await testDb();
  h = createLogHandlers(db, { signer, witnesses: parseWitnessKeys(`${W1.verifierKey}\n${W2.verifierKey}`), clock: () => NOW });
  await grow(7);
});
afterAll(async () => {
  await db?.close();
});

describe('witness cosignatures', () => {
  it('stores a witness\'s cosignature and serves the checkpoint with its line after the log\'s own', async () => {
    const note = await h.getCheckpoint();
    expect(parseNote(note).signatures.length).toBe(1);
    const result = await h.submitCosignature(cosign(note));
    expect(result.checkpoint.size).toBe(7);
    expect(result.cosignatures).toEqual([{ witness: 'regulator.example/w1', keyId: expect.stringMatching(/^[0-9a-f]{8}$/), cosignedAt: T, stored: true }]);

    const served = await h.getCheckpoint();
    expect(served.startsWith(note)).toBe(true);
    const lines = parseNote(served).signatures;
    expect(lines.map((s) => s.name)).toEqual(['test.example/log', 'regulator.example/w1']);
    const w1 = parseCosignatureVerifierKey(W1.verifierKey);
    const w2 = parseCosignatureVerifierKey(W2.verifierKey);
    expect(verifyCheckpoint(served, { log: logVerifier, witnesses: [w1], witnessQuorum: 1 }).ok).toBe(true);
    expect(verifyCheckpoint(served, { log: logVerifier, witnesses: [w1, w2], witnessQuorum: 2 }).ok).toBe(false);

    // A second witness; the submission may carry the log's line and the other witness's too.
    const both = await h.submitCosignature(formatNote({ text: bodyOf(served), signatures: [...lines, ...parseNote(cosign(note, W2)).signatures] }));
    expect(both.cosignatures.map((c) => [c.witness, c.stored])).toEqual([['regulator.example/w1', false], ['members.example/w1', true]]);
    expect(verifyCheckpoint(await h.getCheckpoint(), { log: logVerifier, witnesses: [w1, w2], witnessQuorum: 2 }).ok).toBe(true);

    const status = await h.witnessStatus();
    expect(status.checkpointSize).toBe(7);
    expect(status.witnesses.map((w) => [w.name, w.cosignedSize, w.cosignedAt, w.cosignedLatest, w.verifierKey])).toEqual([
      ['regulator.example/w1', 7, T, true, W1.verifierKey], ['members.example/w1', 7, T, true, W2.verifierKey],
    ]);
  });

  it('is idempotent: the same cosignature again, or a later one of the same checkpoint, changes nothing', async () => {
    const note = await h.getCheckpoint();
    const before = await rows();
    const again = await h.submitCosignature(cosign(note));
    expect(again.cosignatures.map((c) => c.stored)).toEqual([false]);
    const later = await h.submitCosignature(cosign(note, W1, T + 60));
    expect(later.cosignatures.map((c) => c.stored)).toEqual([false]);
    expect(await rows()).toBe(before);
    expect(await h.getCheckpoint()).toBe(note);
  });

  it('refuses a key that is not a configured witness, and a log that accepts none', async () => {
    const note = await h.getCheckpoint();
    const r = await refusal(h.submitCosignature(cosign(note, STRANGER)));
    expect(r.code).toBe('UNKNOWN_WITNESS');
    expect(r.message).toContain('stranger.example/w1');
    // One unknown line spoils the whole submission: nothing of it is stored.
    const before = await rows();
    const mixed = formatNote({ text: bodyOf(note), signatures: [...parseNote(cosign(note, W1, T + 1)).signatures, ...parseNote(cosign(note, STRANGER)).signatures] });
    expect((await refusal(h.submitCosignature(mixed))).code).toBe('UNKNOWN_WITNESS');
    expect(await rows()).toBe(before);
    const closed = createLogHandlers(db, { signer, clock: () => NOW });
    expect((await refusal(closed.submitCosignature(cosign(note)))).message).toMatch(/accepts none/);
  });

  it('refuses a cosignature of a checkpoint the log never signed', async () => {
    const note = await h.getCheckpoint();
    const cp = parseCheckpoint(bodyOf(note));
    // The right size with another root (what a forked view would look like)...
    const otherRoot = formatCheckpoint({ ...cp, rootHash: cp.rootHash.map((b) => b ^ 0xff) });
    // ...a size never signed, another origin, or an extension line the log never wrote.
    const never = formatCheckpoint({ ...cp, size: cp.size + 100 });
    const origin = formatCheckpoint({ ...cp, origin: 'evil.example/log' });
    const extended = formatCheckpoint({ ...cp, extensions: ['extra'] });
    for (const body of [otherRoot, never, origin, extended]) {
      const submission = cosignCheckpoint(body, parseCosignerKey(W1.signerKey, () => T));
      const r = await refusal(h.submitCosignature(submission));
      expect(r.code, body).toBe('UNKNOWN_CHECKPOINT');
    }
    // Even signed with the log's key, a checkpoint not in log_checkpoints is not one the log signed.
    const signedFake = signNote(never, [signer]);
    const withLogLine = formatNote({ text: never, signatures: [...parseNote(signedFake).signatures, ...parseNote(cosign(signedFake)).signatures] });
    expect((await refusal(h.submitCosignature(withLogLine))).code).toBe('UNKNOWN_CHECKPOINT');
  });

  it('refuses a signature that does not verify: altered, over another checkpoint, or by another key under the witness\'s name', async () => {
    await grow(3);
    const note = await h.getCheckpoint();
    const good = parseNote(cosign(note, W2)).signatures[0]!;
    const flipped = { ...good, signature: good.signature.map((b, i) => (i === 40 ? b ^ 1 : b)) };
    const previous = parseNote(cosign(await checkpointNote(7), W2)).signatures[0]!; // a valid line, but over size 7
    const impostor = generateCosignerKeys('members.example/w1', seed(5));
    const impostorLine = { ...parseNote(cosign(note, impostor)).signatures[0]!, keyId: good.keyId };
    // An Ed25519 note signature (type 0x01, no timestamp) is not a cosignature/v1.
    const plain = { ...good, signature: signer.sign(new TextEncoder().encode(bodyOf(note))) };
    const before = await rows();
    for (const line of [flipped, previous, impostorLine, plain]) {
      const r = await refusal(h.submitCosignature(formatNote({ text: bodyOf(note), signatures: [line] })));
      expect(r.code).toBe('BAD_SIGNATURE');
    }
    expect(await rows()).toBe(before);
    expect((await h.submitCosignature(formatNote({ text: bodyOf(note), signatures: [good] }))).cosignatures[0]!.stored).toBe(true);
  });

  it('refuses a cosignature dated in the future or before the log signed the checkpoint, and malformed input', async () => {
    await grow(1);
    const note = await h.getCheckpoint();
    const future = await refusal(h.submitCosignature(cosign(note, W1, T + 3600)));
    expect([future.code, future.field]).toEqual(['VALIDATION', 'cosignature.time']);
    const past = await refusal(h.submitCosignature(cosign(note, W1, T - 3600)));
    expect([past.code, past.field]).toEqual(['VALIDATION', 'cosignature.time']);
    expect((await h.submitCosignature(cosign(note, W1, T + 120))).cosignatures[0]!.stored).toBe(true); // within the allowed skew
    for (const bad of ['', 'hello', bodyOf(note), `${bodyOf(note)}\n— regulator.example/w1 !!!\n`, note]) {
      const r = await refusal(h.submitCosignature(bad));
      expect(r.code, JSON.stringify(bad)).toBe('VALIDATION');
    }
  });

  it('accepts a cosignature of an earlier checkpoint; /log/checkpoint serves only the latest one\'s', async () => {
    const old = await checkpointNote(7);
    await grow(2);
    const latest = await h.getCheckpoint();
    expect(parseNote(latest).signatures.length).toBe(1);
    const stored = await h.submitCosignature(cosign(old, W2, T + 1)); // W2 has cosigned size 7 already
    expect(stored.cosignatures[0]!.stored).toBe(false);
    expect(parseNote(await h.getCheckpoint()).signatures.length).toBe(1);
    const status = await h.witnessStatus();
    expect(status.witnesses.map((w) => [w.cosignedSize, w.cosignedLatest])).toEqual([[11, false], [10, false]]);
  });

  it('keeps the table append-only, and holds only cosignatures of checkpoints the log signed', async () => {
    expect(await rows()).toBeGreaterThan(0);
    for (const sql of ['UPDATE log_cosignatures SET cosigned_at = 0', 'DELETE FROM log_cosignatures', 'TRUNCATE log_cosignatures']) {
      await expect(db.query(sql), sql).rejects.toThrow(/append-only/);
    }
    // Straight into the table, around the code: a checkpoint that was never signed is refused by the foreign key.
    await expect(db.query(
      `INSERT INTO log_cosignatures (witness, key_id, size, root, cosigned_at, signature_line) VALUES ('x', 1, 7, $1, 0, '— x AAAA')`,
      [Buffer.alloc(32)])).rejects.toThrow(/foreign key/);
  });
});

async function checkpointNote(size: number): Promise<string> {
  const rows = await db.query<{ note: string }>('SELECT note FROM log_checkpoints WHERE size = $1', [size]);
  return rows[0]!.note;
}
