/**
 * The witness's decision (witness.ts) and the helpers around cosignatures: a witness cosigns only
 * a checkpoint signed by the log that extends the last one it cosigned; the cosigned note it
 * posts verifies; a list of witness keys parses strictly; checkCosignatures counts only valid
 * lines of the witnesses given.
 */
import { describe, expect, it } from 'vitest';
import { HuzhuError } from '../../domain/errors.ts';
import { encodeLogEntry } from './canonical-json.ts';
import { signCheckpoint, verifyCheckpoint } from './checkpoint-format.ts';
import { checkCosignatures, generateCosignerKeys, parseCosignatureVerifierKey, parseCosignerKey, parseWitnessKeyList } from './cosignature-format.ts';
import { InMemoryMerkleTree } from './memory-tree.ts';
import { formatNote, generateNoteKeys, parseNote, parseSignerKey, parseVerifierKey } from './note.ts';
import { cosignCheckpoint, judgeCheckpoint, needsConsistencyProof } from './witness-decision.ts';
import { signerKeySecret } from './testing-fixtures.ts';

const seed = (byte: number): Uint8Array => new Uint8Array(32).fill(byte);
const ORIGIN = 'huzhu.example/log';
const LOG = generateNoteKeys(ORIGIN, seed(1));
const OTHER_LOG = generateNoteKeys(ORIGIN, seed(9));
const W1 = generateCosignerKeys('regulator.example/w1', seed(2));
const W2 = generateCosignerKeys('auditor.example/w1', seed(3));
const log = parseVerifierKey(LOG.verifierKey);
const T = 1_750_000_000;

function tree(count: number, tag = 'a'): InMemoryMerkleTree {
  const t = new InMemoryMerkleTree();
  for (let i = 0; i < count; i++) t.append(encodeLogEntry({ type: 'test', v: 1, i, tag }));
  return t;
}

function signed(t: InMemoryMerkleTree, size = t.size, keys = LOG): string {
  return signCheckpoint({ origin: ORIGIN, size, rootHash: t.root(size), extensions: [] }, [parseSignerKey(keys.signerKey)]);
}

describe('judgeCheckpoint: what a witness may cosign', () => {
  const honest = tree(40);
  const before = { size: 17, rootHash: honest.root(17) };

  it('cosigns the first checkpoint it sees, the same one again, and a larger one proven consistent', () => {
    const first = judgeCheckpoint({ signedCheckpoint: signed(honest, 17), log });
    expect(first.ok && first.grew && first.checkpoint.size).toBe(17);
    const same = judgeCheckpoint({ signedCheckpoint: signed(honest, 17), log, previous: before });
    expect(same.ok && !same.grew).toBe(true);
    expect(needsConsistencyProof(before, 40)).toBe(true);
    const grown = judgeCheckpoint({ signedCheckpoint: signed(honest), log, previous: before, consistencyProof: honest.consistencyProof(17, 40) });
    expect(grown.ok && grown.grew && grown.checkpoint.size).toBe(40);
    // After an empty tree any tree is consistent; no proof is needed.
    expect(needsConsistencyProof({ size: 0, rootHash: tree(0).root() }, 40)).toBe(false);
    expect(judgeCheckpoint({ signedCheckpoint: signed(honest), log, previous: { size: 0, rootHash: tree(0).root() } }).ok).toBe(true);
  });

  it('refuses a checkpoint not signed by the log key, or tampered with after signing', () => {
    const verdict = judgeCheckpoint({ signedCheckpoint: signed(honest, 40, OTHER_LOG), log });
    expect(verdict.ok ? 'cosigned' : verdict.refusal).toBe('signature');
    const note = signed(honest);
    const tampered = note.replace('\n40\n', '\n41\n');
    expect(tampered).not.toBe(note);
    const t = judgeCheckpoint({ signedCheckpoint: tampered, log });
    expect(t.ok ? 'cosigned' : t.refusal).toBe('signature');
  });

  it('refuses a log that went backwards', () => {
    const verdict = judgeCheckpoint({ signedCheckpoint: signed(honest, 12), log, previous: before });
    expect(verdict.ok ? 'cosigned' : verdict.refusal).toBe('rollback');
    if (!verdict.ok) expect(verdict.reason).toMatch(/from 17 entries .* to 12/);
  });

  it('refuses a second root for a size it has cosigned (a fork)', () => {
    const verdict = judgeCheckpoint({ signedCheckpoint: signed(tree(17, 'b')), log, previous: before });
    expect(verdict.ok ? 'cosigned' : verdict.refusal).toBe('fork');
  });

  it('refuses a larger tree that rewrote history, whatever proof comes with it', () => {
    const rewritten = tree(40, 'b');
    for (const proof of [undefined, rewritten.consistencyProof(17, 40), honest.consistencyProof(17, 40), []]) {
      const verdict = judgeCheckpoint({ signedCheckpoint: signed(rewritten), log, previous: before, consistencyProof: proof });
      expect(verdict.ok ? 'cosigned' : verdict.refusal).toBe('inconsistent');
    }
    // An honest tree with a wrong or missing proof is refused too: the witness needs the proof.
    const noProof = judgeCheckpoint({ signedCheckpoint: signed(honest), log, previous: before });
    expect(noProof.ok ? 'cosigned' : noProof.refusal).toBe('inconsistent');
  });
});

describe('the cosigned note a witness posts', () => {
  it('holds the checkpoint text and the witness line only, and verifies as a timestamped cosignature', () => {
    const note = signed(tree(5));
    const body = parseNote(note).text;
    const cosigned = cosignCheckpoint(body, parseCosignerKey(W1.signerKey, () => T));
    const parsed = parseNote(cosigned);
    expect(parsed.text).toBe(body);
    expect(parsed.signatures.map((s) => s.name)).toEqual(['regulator.example/w1']);
    const check = checkCosignatures(cosigned, [parseCosignatureVerifierKey(W1.verifierKey)]);
    expect(check).toEqual({ valid: [{ name: 'regulator.example/w1', keyId: parseCosignatureVerifierKey(W1.verifierKey).keyId, timestamp: T }], invalid: [] });
    // Appended after the log's own line, it makes a checkpoint that passes a witness quorum.
    const combined = formatNote({ text: body, signatures: [...parseNote(note).signatures, ...parsed.signatures] });
    const w1 = parseCosignatureVerifierKey(W1.verifierKey);
    expect(verifyCheckpoint(combined, { log, witnesses: [w1], witnessQuorum: 1 }).ok).toBe(true);
    expect(verifyCheckpoint(note, { log, witnesses: [w1], witnessQuorum: 1 }).ok).toBe(false);
  });
});

describe('checkCosignatures', () => {
  const note = signed(tree(5));
  const body = parseNote(note).text;
  const w1 = parseCosignatureVerifierKey(W1.verifierKey);
  const w2 = parseCosignatureVerifierKey(W2.verifierKey);
  const line = (keys: typeof W1, at = T) => parseNote(cosignCheckpoint(body, parseCosignerKey(keys.signerKey, () => at))).signatures[0]!;

  it('counts each given witness once, ignores other keys, and reports lines that do not verify', () => {
    const all = formatNote({ text: body, signatures: [...parseNote(note).signatures, line(W1), line(W1, T + 5), line(W2)] });
    expect(checkCosignatures(all, [w1]).valid.map((v) => v.name)).toEqual(['regulator.example/w1']);
    expect(checkCosignatures(all, [w1, w2]).valid.map((v) => v.name)).toEqual(['regulator.example/w1', 'auditor.example/w1']);
    expect(checkCosignatures(all, []).valid).toEqual([]);
    const bad = line(W2);
    const forged = { ...bad, signature: Uint8Array.from(bad.signature, (b, i) => (i === 20 ? b ^ 1 : b)) };
    const withForged = formatNote({ text: body, signatures: [...parseNote(note).signatures, line(W1), forged] });
    const check = checkCosignatures(withForged, [w1, w2]);
    expect(check.valid.map((v) => v.name)).toEqual(['regulator.example/w1']);
    expect(check.invalid.map((v) => v.name)).toEqual(['auditor.example/w1']);
    expect(checkCosignatures('not a note', [w1])).toEqual({ valid: [], invalid: [] });
  });
});

describe('parseWitnessKeyList', () => {
  it('reads keys separated by commas or newlines, skipping blanks and # comments', () => {
    const list = parseWitnessKeyList(`# the regulator\n${W1.verifierKey}\n\n  ${W2.verifierKey} ,`, 'HUZHU_LOG_WITNESSES');
    expect(list.map((w) => w.verifier.name)).toEqual(['regulator.example/w1', 'auditor.example/w1']);
    expect(parseWitnessKeyList(`${W1.verifierKey},${W2.verifierKey}`, 'x').length).toBe(2);
    expect(parseWitnessKeyList('', 'x')).toEqual([]);
  });

  it('refuses a non-witness key, a duplicate, and never echoes the value', () => {
    const refusal = (text: string) => {
      try {
        parseWitnessKeyList(text, 'HUZHU_LOG_WITNESSES');
      } catch (e) {
        expect(e).toBeInstanceOf(HuzhuError);
        expect((e as HuzhuError).field).toBe('HUZHU_LOG_WITNESSES');
        return (e as HuzhuError).message;
      }
      return 'accepted';
    };
    expect(refusal(LOG.verifierKey)).toMatch(/cosignature\/v1/); // an Ed25519 (0x01) log key is not a witness key
    expect(refusal(`${W1.verifierKey}\n${W1.verifierKey}`)).toMatch(/twice/);
    const secret = refusal(W1.signerKey);
    expect(secret).toMatch(/key 1/);
    expect(secret).not.toContain(signerKeySecret(W1.signerKey));
  });
});
