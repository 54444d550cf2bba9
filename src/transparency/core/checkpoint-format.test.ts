import { describe, expect, it } from 'vitest';
import { HuzhuError } from '../../domain/errors.ts';
import { fromBase64, toBase64, utf8 } from '../../domain/bytes.ts';
import { formatCheckpoint, parseCheckpoint, signCheckpoint, verifyCheckpoint, type Checkpoint } from './checkpoint-format.ts';
import {
  addCosignature,
  cosignatureMessage,
  cosignatureTimestamp,
  generateCosignerKeys,
  parseCosignatureVerifierKey,
  parseCosignerKey,
} from './cosignature-format.ts';
import { generateNoteKeys, parseNote, parseSignerKey, parseVerifierKey } from './note.ts';

// Fixed seeds keep signatures reproducible from run to run.
const seed = (byte: number): Uint8Array => new Uint8Array(32).fill(byte);
const LOG = generateNoteKeys('huzhu.example/log', seed(1));
const WITNESS_A = generateCosignerKeys('witness-a.example/w1', seed(2));
const WITNESS_B = generateCosignerKeys('witness-b.example/w1', seed(3));

const checkpoint: Checkpoint = {
  origin: 'huzhu.example/log',
  size: 20852163,
  rootHash: fromBase64('CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=', 'root'),
  extensions: [],
};
const BODY = 'huzhu.example/log\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n';

describe('checkpoint body', () => {
  it('formats and parses the C2SP layout', () => {
    expect(formatCheckpoint(checkpoint)).toBe(BODY);
    const parsed = parseCheckpoint(BODY);
    expect(parsed.origin).toBe('huzhu.example/log');
    expect(parsed.size).toBe(20852163);
    expect(toBase64(parsed.rootHash)).toBe('CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=');
    const withExtension = `${BODY}period 2025-01\n`;
    expect(parseCheckpoint(withExtension).extensions).toEqual(['period 2025-01']);
    expect(formatCheckpoint(parseCheckpoint(withExtension))).toBe(withExtension);
    expect(parseCheckpoint('o\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n').size).toBe(0);
  });

  it('rejects every non-canonical spelling', () => {
    const root = 'CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=';
    const bad = [
      `o\n12\n${root}`, // no final newline
      `o\n12\n`, // no root
      `\n12\n${root}\n`, // empty origin
      `o\n012\n${root}\n`, // leading zero
      `o\n+12\n${root}\n`,
      `o\n-1\n${root}\n`,
      `o\n1e3\n${root}\n`,
      `o\n9007199254740993\n${root}\n`, // beyond 2^53
      `o\n12\n${root.slice(0, -1)}\n`, // not base64
      `o\n12\n${toBase64(new Uint8Array(31))}\n`, // 31-byte root
      `o\n12\n${root}\n\n`, // empty extension line
      `o\n12\n ${root}\n`,
    ];
    for (const body of bad) expect(() => parseCheckpoint(body), JSON.stringify(body)).toThrow(HuzhuError);
    expect(() => formatCheckpoint({ ...checkpoint, size: -1 })).toThrow(HuzhuError);
    expect(() => formatCheckpoint({ ...checkpoint, extensions: [''] })).toThrow(HuzhuError);
  });
});

describe('signed checkpoint', () => {
  const log = parseVerifierKey(LOG.verifierKey);
  const signed = signCheckpoint(checkpoint, [parseSignerKey(LOG.signerKey)]);

  it('verifies with the log key and yields the parsed checkpoint', () => {
    const result = verifyCheckpoint(signed, { log });
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.checkpoint.size).toBe(20852163);
  });

  it('rejects another origin, another key, or a note signed only by someone else', () => {
    expect(verifyCheckpoint(signed, { log, origin: 'other.example/log' }).ok).toBe(false);
    const other = generateNoteKeys('huzhu.example/log', seed(9));
    expect(verifyCheckpoint(signed, { log: parseVerifierKey(other.verifierKey) }).ok).toBe(false);
    const byWitnessOnly = signCheckpoint(checkpoint, [parseCosignerKey(WITNESS_A.signerKey, () => 1)]);
    const witness = parseCosignatureVerifierKey(WITNESS_A.verifierKey);
    expect(verifyCheckpoint(byWitnessOnly, { log, witnesses: [witness] })).toEqual({ ok: false, reason: 'checkpoint is not signed by the log key' });
  });

  it('rejects a signed note whose text is not a checkpoint', () => {
    const note = signCheckpoint(checkpoint, [parseSignerKey(LOG.signerKey)]).replace('20852163', '20852164');
    expect(verifyCheckpoint(note, { log }).ok).toBe(false);
  });
});

describe('witness cosignatures (cosignature/v1)', () => {
  const log = parseVerifierKey(LOG.verifierKey);
  const witnessA = parseCosignatureVerifierKey(WITNESS_A.verifierKey);
  const witnessB = parseCosignatureVerifierKey(WITNESS_B.verifierKey);
  const signed = signCheckpoint(checkpoint, [parseSignerKey(LOG.signerKey)]);

  it('signs the spec message "cosignature/v1\\ntime <t>\\n" + body', () => {
    expect(new TextDecoder().decode(cosignatureMessage(BODY, 1679315147n))).toBe(`cosignature/v1\ntime 1679315147\n${BODY}`);
  });

  it('adds a line of key ID || timestamp || signature that counts toward the quorum', () => {
    const cosigned = addCosignature(signed, parseCosignerKey(WITNESS_A.signerKey, () => 1679315147));
    const lines = parseNote(cosigned).signatures;
    expect(lines.map((s) => s.name)).toEqual(['huzhu.example/log', 'witness-a.example/w1']);
    expect(lines[1]!.signature.length).toBe(8 + 64);
    expect(cosignatureTimestamp(lines[1]!)).toBe(1679315147);
    expect(witnessA.keyId).not.toBe(parseVerifierKey(generateNoteKeys('witness-a.example/w1', seed(2)).verifierKey).keyId);

    const one = verifyCheckpoint(cosigned, { log, witnesses: [witnessA, witnessB], witnessQuorum: 1 });
    expect(one.ok && one.witnesses).toEqual(['witness-a.example/w1']);
    expect(verifyCheckpoint(cosigned, { log, witnesses: [witnessA, witnessB], witnessQuorum: 2 }).ok).toBe(false);
    const both = addCosignature(cosigned, parseCosignerKey(WITNESS_B.signerKey, () => 1679315150));
    expect(verifyCheckpoint(both, { log, witnesses: [witnessA, witnessB], witnessQuorum: 2 }).ok).toBe(true);
  });

  it('rejects a cosignature whose timestamp was changed', () => {
    const cosigned = addCosignature(signed, parseCosignerKey(WITNESS_A.signerKey, () => 1679315147));
    const note = parseNote(cosigned);
    const line = note.signatures[1]!;
    const shifted = line.signature.slice();
    shifted[7]! ^= 1;
    expect(witnessA.verify(utf8(note.text), line.signature)).toBe(true);
    expect(witnessA.verify(utf8(note.text), shifted)).toBe(false);
    expect(witnessA.verify(utf8(note.text.replace('20852163', '20852162')), line.signature)).toBe(false);
  });

  it('keeps the two key types apart: a 0x04 key is not a 0x01 key', () => {
    expect(() => parseVerifierKey(WITNESS_A.verifierKey)).toThrow(HuzhuError);
    expect(() => parseCosignatureVerifierKey(LOG.verifierKey)).toThrow(HuzhuError);
    expect(() => parseCosignerKey(LOG.signerKey)).toThrow(HuzhuError);
  });
});
