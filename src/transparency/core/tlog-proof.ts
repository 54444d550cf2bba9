/**
 * C2SP tlog-proof (https://c2sp.org/tlog-proof), the `c2sp.org/tlog-proof@v1` text format: an
 * offline-verifiable proof that an entry is in a log. Layout, one item a line:
 *
 *   c2sp.org/tlog-proof@v1
 *   extra <base64 opaque data>          (optional, NOT authenticated by the format itself)
 *   index <decimal leaf index>
 *   <base64 hash>                        (zero or more: the RFC 6962 inclusion path, leaf upward)
 *   <empty line>
 *   <the signed checkpoint, verbatim, with its signature and any cosignature lines>
 */
import { invalid as invalidField } from '../../domain/errors.ts';
import { fromBase64, parseStrictDecimal, toBase64 } from '../../domain/bytes.ts';
import { verifyCheckpoint, type Checkpoint, type CheckpointTrust } from './checkpoint-format.ts';
import { HASH_SIZE, verifyInclusion } from './merkle.ts';

export const TLOG_PROOF_HEADER = 'c2sp.org/tlog-proof@v1';

export interface TlogProof {
  /** Application data needed to rebuild the entry; untrusted until the hashes check out. */
  readonly extra?: Uint8Array;
  readonly index: number;
  readonly inclusionProof: readonly Uint8Array[];
  /** The signed checkpoint note, exactly as the log (and witnesses) signed it. */
  readonly signedCheckpoint: string;
}

const invalid = (message: string) => invalidField('tlogProof', message, 'tlog-proof');

export function formatTlogProof(proof: TlogProof): string {
  if (!Number.isSafeInteger(proof.index) || proof.index < 0) throw invalid('index must be a non-negative safe integer');
  if (proof.inclusionProof.some((h) => h.length !== HASH_SIZE)) throw invalid('inclusion proof hashes must be 32 bytes');
  if (!proof.signedCheckpoint.endsWith('\n') || proof.signedCheckpoint.startsWith('\n')) throw invalid('checkpoint must be a signed note');
  const lines = [TLOG_PROOF_HEADER];
  if (proof.extra !== undefined) lines.push(`extra ${toBase64(proof.extra)}`);
  lines.push(`index ${proof.index}`, ...proof.inclusionProof.map(toBase64), '');
  return `${lines.join('\n')}\n${proof.signedCheckpoint}`;
}

/** Parses the text format strictly; does not check any hash or signature. */
export function parseTlogProof(text: string): TlogProof {
  const lines = text.split('\n');
  let i = 0;
  if (lines[i++] !== TLOG_PROOF_HEADER) throw invalid(`first line must be ${TLOG_PROOF_HEADER}`);
  let extra: Uint8Array | undefined;
  if (lines[i]?.startsWith('extra ')) extra = fromBase64(lines[i++]!.slice('extra '.length), 'tlogProof.extra');
  const indexLine = lines[i++];
  if (indexLine === undefined || !indexLine.startsWith('index ')) throw invalid('missing index line');
  const index = parseStrictDecimal(indexLine.slice('index '.length), 'tlogProof.index');
  const inclusionProof: Uint8Array[] = [];
  for (; i < lines.length && lines[i] !== ''; i++) {
    const hash = fromBase64(lines[i]!, 'tlogProof.inclusionProof');
    if (hash.length !== HASH_SIZE) throw invalid('inclusion proof hashes must be 32 bytes');
    inclusionProof.push(hash);
  }
  if (i >= lines.length) throw invalid('missing the empty line before the checkpoint');
  const signedCheckpoint = lines.slice(i + 1).join('\n');
  if (signedCheckpoint.length === 0) throw invalid('missing checkpoint');
  return extra === undefined ? { index, inclusionProof, signedCheckpoint } : { extra, index, inclusionProof, signedCheckpoint };
}

export type TlogProofVerification =
  | { readonly ok: true; readonly checkpoint: Checkpoint; readonly witnesses: readonly string[] }
  | { readonly ok: false; readonly reason: string };

/**
 * Checks that the entry whose leaf hash is `leafHash` sits at `proof.index` in the tree the
 * checkpoint commits to, and that the checkpoint is signed (and cosigned) as `trust` demands.
 */
export function verifyTlogProof(proof: TlogProof, leafHash: Uint8Array, trust: CheckpointTrust): TlogProofVerification {
  const checked = verifyCheckpoint(proof.signedCheckpoint, trust);
  if (!checked.ok) return checked;
  const { checkpoint } = checked;
  if (!verifyInclusion(leafHash, proof.index, checkpoint.size, proof.inclusionProof, checkpoint.rootHash)) {
    return { ok: false, reason: `entry is not included at index ${proof.index} in the checkpointed tree of ${checkpoint.size}` };
  }
  return { ok: true, checkpoint, witnesses: checked.witnesses };
}
