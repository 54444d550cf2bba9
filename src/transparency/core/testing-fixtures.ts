// Shared test fixtures (imported only by *.test.ts; not part of the public API): a small log
// holding one period's charges entry among unrelated entries, and a member's bundle for it.
import { encodeLogEntry } from './canonical-json.ts';
import { signCheckpoint } from './checkpoint-format.ts';
import { InMemoryMerkleTree } from './memory-tree.ts';
import { generateNoteKeys, parseSignerKey } from './note.ts';
import { buildChargeTree, createChargeBundle, periodChargesEntry, type ChargeLeaf } from './proof-bundle.ts';

export const ORIGIN = 'huzhu.example/log';
export const LOG_KEYS = generateNoteKeys(ORIGIN, new Uint8Array(32).fill(7));

export function sampleLeaves(count: number): ChargeLeaf[] {
  return Array.from({ length: count }, (_, i) => ({
    salt: new Uint8Array(32).fill(i + 1),
    pseudonym: `member-${i}`,
    amountMinor: BigInt(100 + i),
  }));
}

/** A log with unrelated entries around one period entry, and a member's bundle for it. */
export function scenario() {
  const leaves = sampleLeaves(11);
  const chargeTree = buildChargeTree(leaves);
  const entry = periodChargesEntry('2025-01', chargeTree, { totalMinor: 1155 });
  const log = new InMemoryMerkleTree();
  for (let i = 0; i < 37; i++) log.append(encodeLogEntry({ type: 'claim.decided', v: 1, claim: i }));
  const logIndex = log.append(encodeLogEntry(entry));
  for (let i = 0; i < 20; i++) log.append(encodeLogEntry({ type: 'claim.decided', v: 1, claim: 100 + i }));
  const signedCheckpoint = signCheckpoint({ origin: ORIGIN, size: log.size, rootHash: log.root(), extensions: [] }, [parseSignerKey(LOG_KEYS.signerKey)]);
  const member = 4;
  const bundle = createChargeBundle({
    entry,
    logIndex,
    logInclusionProof: log.inclusionProof(logIndex),
    signedCheckpoint,
    leaf: leaves[member]!,
    chargeIndex: member,
    chargeInclusionProof: chargeTree.inclusionProof(member),
  });
  return { leaves, chargeTree, entry, log, logIndex, signedCheckpoint, bundle, member };
}

/**
 * The secret part of a C2SP signer key `PRIVATE+KEY+<name>+<key id>+<base64>`: everything after the
 * fourth '+', since base64 itself may contain '+' (and may end with one).
 */
export function signerKeySecret(signerKey: string): string {
  const secret = signerKey.split('+').slice(4).join('+');
  if (secret.length < 40) throw new Error(`not a signer key: ${signerKey.slice(0, 12)}...`);
  return secret;
}
