import { describe, expect, it } from 'vitest';
import { HuzhuError } from '../../domain/errors.ts';
import { toHex, utf8 } from '../../domain/bytes.ts';
import { addCosignature, generateCosignerKeys, parseCosignatureVerifierKey, parseCosignerKey } from './cosignature-format.ts';
import { chargeLeafBytes, createChargeBundle, verifyBundle, type ChargeLeaf } from './proof-bundle.ts';
import { LOG_KEYS, ORIGIN, scenario } from './testing-fixtures.ts';
import { formatTlogProof, parseTlogProof } from './tlog-proof.ts';

describe('charge leaves', () => {
  it('lay out salt || uint16 length || UTF-8 pseudonym || uint64 amount', () => {
    const bytes = chargeLeafBytes({ salt: new Uint8Array(32).fill(0xaa), pseudonym: '张三', amountMinor: 0x0102n });
    expect(bytes.length).toBe(32 + 2 + 6 + 8);
    expect(toHex(bytes.subarray(32))).toBe('0006' + toHex(utf8('张三')) + '0000000000000102');
  });

  it('refuse bad salts, pseudonyms and amounts', () => {
    const ok: ChargeLeaf = { salt: new Uint8Array(32), pseudonym: 'm', amountMinor: 1n };
    expect(() => chargeLeafBytes({ ...ok, salt: new Uint8Array(31) })).toThrow(HuzhuError);
    expect(() => chargeLeafBytes({ ...ok, pseudonym: '' })).toThrow(HuzhuError);
    expect(() => chargeLeafBytes({ ...ok, pseudonym: '\ud800' })).toThrow(HuzhuError);
    expect(() => chargeLeafBytes({ ...ok, amountMinor: -1n })).toThrow(HuzhuError);
    expect(() => chargeLeafBytes({ ...ok, amountMinor: 2n ** 64n })).toThrow(HuzhuError);
  });
});

describe('c2sp.org/tlog-proof@v1 text', () => {
  it('matches the spec layout and round-trips', () => {
    const { bundle } = scenario();
    const lines = bundle.split('\n');
    expect(lines[0]).toBe('c2sp.org/tlog-proof@v1');
    expect(lines[1]).toMatch(/^extra [A-Za-z0-9+/]+=*$/);
    expect(lines[2]).toBe('index 37');
    const parsed = parseTlogProof(bundle);
    expect(formatTlogProof(parsed)).toBe(bundle);
    expect(parsed.signedCheckpoint.startsWith(`${ORIGIN}\n58\n`)).toBe(true);
  });

  it('rejects malformed proofs', () => {
    const { bundle } = scenario();
    expect(() => parseTlogProof(bundle.replace('tlog-proof@v1', 'tlog-proof@v2'))).toThrow(HuzhuError);
    expect(() => parseTlogProof(bundle.replace('index 37', 'index 037'))).toThrow(HuzhuError);
    expect(() => parseTlogProof(bundle.split('\n').slice(0, 5).join('\n'))).toThrow(HuzhuError);
  });
});

describe('verifyBundle', () => {
  it('accepts a genuine bundle and reports the bill', () => {
    const { bundle } = scenario();
    const result = verifyBundle(bundle, { logKey: LOG_KEYS.verifierKey });
    expect(result).toMatchObject({ ok: true, period: '2025-01', pseudonym: 'member-4', amountMinor: 104n, logIndex: 37 });
  });

  it('also accepts each member of the period', () => {
    const s = scenario();
    for (let i = 0; i < s.leaves.length; i++) {
      const bundle = createChargeBundle({
        entry: s.entry,
        logIndex: s.logIndex,
        logInclusionProof: s.log.inclusionProof(s.logIndex),
        signedCheckpoint: s.signedCheckpoint,
        leaf: s.leaves[i]!,
        chargeIndex: i,
        chargeInclusionProof: s.chargeTree.inclusionProof(i),
      });
      expect(verifyBundle(bundle, { logKey: LOG_KEYS.verifierKey }).ok).toBe(true);
    }
  });

  it('enforces a witness quorum when asked', () => {
    const { bundle } = scenario();
    const witness = generateCosignerKeys('witness.example/w1', new Uint8Array(32).fill(8));
    const verifier = parseCosignatureVerifierKey(witness.verifierKey);
    expect(verifyBundle(bundle, { logKey: LOG_KEYS.verifierKey, witnesses: [verifier], witnessQuorum: 1 }).ok).toBe(false);
    const proof = parseTlogProof(bundle);
    const cosigned = formatTlogProof({ ...proof, signedCheckpoint: addCosignature(proof.signedCheckpoint, parseCosignerKey(witness.signerKey, () => 1_750_000_000)) });
    expect(verifyBundle(cosigned, { logKey: LOG_KEYS.verifierKey, witnesses: [verifier], witnessQuorum: 1 }).ok).toBe(true);
  });

  it('never throws on garbage', () => {
    for (const junk of ['', 'c2sp.org/tlog-proof@v1\n', 'hello\n\n\u2014 x AAAA\n']) {
      expect(verifyBundle(junk, { logKey: LOG_KEYS.verifierKey }).ok).toBe(false);
    }
    expect(verifyBundle(scenario().bundle, { logKey: 'not a key' }).ok).toBe(false);
  });
});
