/**
 * What a witness decides before it cosigns (c2sp.org/tlog-cosignature; the same rule as a
 * c2sp.org/tlog-witness witness, run as a client that pulls the log's checkpoint): the checkpoint
 * is signed by the log's key, and it extends the last checkpoint this witness cosigned for the
 * log. A witness never cosigns a smaller tree after a larger one, a different root for a size it
 * has cosigned, or a tree the log cannot prove consistent with the one it cosigned before: two
 * such checkpoints, both signed by the log, prove the log showed two histories.
 *
 * Pure functions, no I/O (the fetching, the state file and the HTTP post are the caller's), so a
 * witness can run in a browser too.
 */
import { bytesEqual, toBase64, utf8 } from '../../domain/bytes.ts';
import { verifyCheckpoint, type Checkpoint } from './checkpoint-format.ts';
import { verifyConsistency } from './merkle.ts';
import { formatNote, type NoteSigner, type NoteVerifier } from './note.ts';

/** The last checkpoint a witness cosigned for a log: all it has to remember. */
export interface WitnessedCheckpoint {
  readonly size: number;
  readonly rootHash: Uint8Array;
}

export type WitnessRefusal =
  /** not signed by the log's key, the wrong origin, or malformed */
  | 'signature'
  /** smaller than the tree already cosigned */
  | 'rollback'
  /** the same size as the tree already cosigned, but another root */
  | 'fork'
  /** larger, but no valid consistency proof from the tree already cosigned */
  | 'inconsistent';

export type WitnessVerdict =
  | { readonly ok: true; readonly checkpoint: Checkpoint; readonly body: string; readonly grew: boolean }
  | { readonly ok: false; readonly refusal: WitnessRefusal; readonly reason: string };

/** Whether judging a checkpoint of `size` after `previous` needs a consistency proof (previous.size to size). */
export function needsConsistencyProof(previous: WitnessedCheckpoint | undefined, size: number): boolean {
  return previous !== undefined && previous.size > 0 && previous.size < size;
}

export interface WitnessInput {
  readonly signedCheckpoint: string;
  /** The log's verifier key; its name is the expected origin unless `origin` is given. */
  readonly log: NoteVerifier;
  readonly origin?: string;
  /** The last checkpoint cosigned; none on the first visit (trust on first use). */
  readonly previous?: WitnessedCheckpoint | undefined;
  /** Consistency proof from previous.size to the checkpoint's size, when needsConsistencyProof says so. */
  readonly consistencyProof?: readonly Uint8Array[] | undefined;
}

/** May this checkpoint be cosigned? Never throws for bad input. */
export function judgeCheckpoint(input: WitnessInput): WitnessVerdict {
  const opened = verifyCheckpoint(input.signedCheckpoint, { log: input.log, ...(input.origin === undefined ? {} : { origin: input.origin }) });
  if (!opened.ok) return { ok: false, refusal: 'signature', reason: `the checkpoint does not verify with the log's key: ${opened.reason}` };
  const { checkpoint, body } = opened;
  const previous = input.previous;
  if (previous === undefined) return { ok: true, checkpoint, body, grew: true };
  if (checkpoint.size < previous.size) {
    return { ok: false, refusal: 'rollback', reason: `the log went back from ${previous.size} entries (already cosigned) to ${checkpoint.size}` };
  }
  if (checkpoint.size === previous.size) {
    if (bytesEqual(checkpoint.rootHash, previous.rootHash)) return { ok: true, checkpoint, body, grew: false };
    return {
      ok: false, refusal: 'fork',
      reason: `the log signed two different roots for size ${checkpoint.size}: ${toBase64(previous.rootHash)} (already cosigned) and ${toBase64(checkpoint.rootHash)}`,
    };
  }
  if (previous.size === 0) return { ok: true, checkpoint, body, grew: true }; // every tree extends the empty one
  const proof = input.consistencyProof;
  if (proof === undefined || !verifyConsistency(previous.size, checkpoint.size, proof, previous.rootHash, checkpoint.rootHash)) {
    return {
      ok: false, refusal: 'inconsistent',
      reason: `the tree of ${checkpoint.size} entries is not proven to extend the tree of ${previous.size} entries already cosigned (root ${toBase64(previous.rootHash)}): history was rewritten`,
    };
  }
  return { ok: true, checkpoint, body, grew: true };
}

/**
 * The witness's cosignature as a signed note holding only its own line: the checkpoint body, a
 * blank line, and `— <witness name> <base64(key ID || timestamp || signature)>`. This is what a
 * witness posts to the log (POST /log/cosignature).
 */
export function cosignCheckpoint(body: string, cosigner: NoteSigner): string {
  return formatNote({ text: body, signatures: [{ name: cosigner.name, keyId: cosigner.keyId, signature: cosigner.sign(utf8(body)) }] });
}
