// Each kind of tampering a member or witness must catch: a changed entry, a rewritten history,
// the wrong key, and a truncated proof.
import { describe, expect, it } from 'vitest';
import { toBase64, utf8 } from '../../domain/bytes.ts';
import { canonicalJson, encodeLogEntry, parseCanonicalJson, type JsonValue } from './canonical-json.ts';
import { signCheckpoint, verifyCheckpoint } from './checkpoint-format.ts';
import { InMemoryMerkleTree } from './memory-tree.ts';
import { hashLeaf, verifyConsistency, verifyInclusion } from './merkle.ts';
import { generateNoteKeys, parseSignerKey, parseVerifierKey } from './note.ts';
import { buildChargeTree, verifyBundle } from './proof-bundle.ts';
import { formatTlogProof, parseTlogProof } from './tlog-proof.ts';
import { LOG_KEYS, ORIGIN, sampleLeaves, scenario } from './testing-fixtures.ts';

const trust = { logKey: LOG_KEYS.verifierKey };

type Editable = { [key: string]: JsonValue };

/** Rewrites the bundle's extra data (the period entry and the member's charge) with `edit`. */
function editExtra(bundle: string, edit: (extra: Editable) => void): string {
  const proof = parseTlogProof(bundle);
  const extra = parseCanonicalJson(new TextDecoder().decode(proof.extra)) as Editable;
  const copy = structuredClone(extra);
  edit(copy);
  return formatTlogProof({ ...proof, extra: utf8(canonicalJson(copy)) });
}

describe('a changed entry is detected', () => {
  const { bundle } = scenario();

  it('a higher amount on the member bill', () => {
    const forged = editExtra(bundle, (x) => {
      (x.charge as Editable).amount = 1;
    });
    expect(verifyBundle(forged, trust)).toEqual({ ok: false, reason: 'the charge is not in the period charges tree' });
  });

  it('another member claiming the bill', () => {
    const forged = editExtra(bundle, (x) => {
      (x.charge as Editable).pseudonym = 'member-5';
    });
    expect(verifyBundle(forged, trust).ok).toBe(false);
  });

  it('a period entry with a charges root that was never logged', () => {
    const otherTree = buildChargeTree(sampleLeaves(11).map((l, i) => (i === 4 ? l : { ...l, amountMinor: 1n })));
    const forged = editExtra(bundle, (x) => {
      (x.entry as Editable).chargesRoot = toBase64(otherTree.root());
      (x.charge as Editable).proof = otherTree.inclusionProof(4).map(toBase64);
    });
    const result = verifyBundle(forged, trust);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(/not included/);
  });

  it('any other field of the logged period entry', () => {
    const forged = editExtra(bundle, (x) => {
      (x.entry as Editable).totalMinor = 999;
    });
    expect(verifyBundle(forged, trust).ok).toBe(false);
  });

  it('an entry changed in the log itself no longer matches the signed root', () => {
    const { log, entry, logIndex, signedCheckpoint } = scenario();
    const checkpoint = verifyCheckpoint(signedCheckpoint, { log: parseVerifierKey(LOG_KEYS.verifierKey) });
    expect(checkpoint.ok).toBe(true);
    if (!checkpoint.ok) return;
    const proof = log.inclusionProof(logIndex);
    const genuine = hashLeaf(encodeLogEntry(entry));
    const altered = hashLeaf(encodeLogEntry({ ...entry, period: '2025-02' }));
    expect(verifyInclusion(genuine, logIndex, checkpoint.checkpoint.size, proof, checkpoint.checkpoint.rootHash)).toBe(true);
    expect(verifyInclusion(altered, logIndex, checkpoint.checkpoint.size, proof, checkpoint.checkpoint.rootHash)).toBe(false);
  });
});

describe('a rewritten history is detected', () => {
  const entries = Array.from({ length: 300 }, (_, i) => encodeLogEntry({ type: 'claim.decided', v: 1, claim: i }));
  const honest = new InMemoryMerkleTree();
  for (const e of entries) honest.append(e);

  it('a log that changed entry 41 after signing size 100 cannot prove consistency', () => {
    const oldRoot = honest.root(100);
    const rewritten = new InMemoryMerkleTree();
    entries.forEach((e, i) => rewritten.append(i === 41 ? encodeLogEntry({ type: 'claim.decided', v: 1, claim: 41, approved: false }) : e));
    // The honest log proves consistency; the rewritten one cannot, whatever proof it sends.
    expect(verifyConsistency(100, 300, honest.consistencyProof(100, 300), oldRoot, honest.root())).toBe(true);
    expect(verifyConsistency(100, 300, rewritten.consistencyProof(100, 300), oldRoot, rewritten.root())).toBe(false);
    expect(verifyConsistency(100, 300, honest.consistencyProof(100, 300), oldRoot, rewritten.root())).toBe(false);
  });

  it('a log that dropped an entry (history shortened and regrown) is caught', () => {
    const dropped = new InMemoryMerkleTree();
    entries.filter((_, i) => i !== 7).forEach((e) => dropped.append(e));
    expect(verifyConsistency(100, 299, dropped.consistencyProof(100, 299), honest.root(100), dropped.root())).toBe(false);
  });

  it('two checkpoints of the same size with different roots (a fork) are inconsistent', () => {
    const fork = new InMemoryMerkleTree();
    entries.slice(0, 299).forEach((e) => fork.append(e));
    fork.append(encodeLogEntry({ type: 'claim.decided', v: 1, claim: 'other' }));
    expect(verifyConsistency(300, 300, [], honest.root(), fork.root())).toBe(false);
  });
});

describe('the wrong key is detected', () => {
  const { bundle, log } = scenario();

  it('a bundle checked against another log key fails', () => {
    const other = generateNoteKeys(ORIGIN, new Uint8Array(32).fill(99));
    expect(verifyBundle(bundle, { logKey: other.verifierKey }).ok).toBe(false);
  });

  it('a checkpoint forged and signed by an attacker key fails against the real key', () => {
    const attacker = generateNoteKeys(ORIGIN, new Uint8Array(32).fill(66));
    const proof = parseTlogProof(bundle);
    const forged = signCheckpoint({ origin: ORIGIN, size: log.size, rootHash: log.root(log.size - 1), extensions: [] }, [parseSignerKey(attacker.signerKey)]);
    expect(verifyBundle(formatTlogProof({ ...proof, signedCheckpoint: forged }), trust).ok).toBe(false);
  });

  it('a checkpoint for another origin fails', () => {
    const proof = parseTlogProof(bundle);
    const elsewhere = signCheckpoint({ origin: 'other.example/log', size: log.size, rootHash: log.root(), extensions: [] }, [parseSignerKey(LOG_KEYS.signerKey)]);
    const result = verifyBundle(formatTlogProof({ ...proof, signedCheckpoint: elsewhere }), trust);
    expect(!result.ok && result.reason).toMatch(/origin/);
  });
});

describe('a truncated proof is detected', () => {
  const { bundle } = scenario();

  it('log inclusion proof missing its last hash', () => {
    const proof = parseTlogProof(bundle);
    const truncated = formatTlogProof({ ...proof, inclusionProof: proof.inclusionProof.slice(0, -1) });
    const result = verifyBundle(truncated, trust);
    expect(!result.ok && result.reason).toMatch(/not included/);
  });

  it('charge proof missing its last hash', () => {
    const forged = editExtra(bundle, (x) => {
      const charge = x.charge as Editable;
      charge.proof = (charge.proof as JsonValue[]).slice(0, -1);
    });
    expect(verifyBundle(forged, trust).ok).toBe(false);
  });

  it('bundle text cut short anywhere', () => {
    for (let cut = 0; cut < bundle.length - 1; cut += 7) {
      expect(verifyBundle(bundle.slice(0, cut), trust).ok, `cut at ${cut}`).toBe(false);
    }
  });

  it('consistency proof missing a hash', () => {
    const tree = new InMemoryMerkleTree();
    for (let i = 0; i < 1000; i++) tree.append(utf8(String(i)));
    const proof = tree.consistencyProof(333, 1000);
    expect(verifyConsistency(333, 1000, proof, tree.root(333), tree.root())).toBe(true);
    for (let i = 0; i < proof.length; i++) {
      expect(verifyConsistency(333, 1000, proof.filter((_, j) => j !== i), tree.root(333), tree.root())).toBe(false);
    }
  });
});
