/**
 * Signing checkpoints (c2sp.org/tlog-checkpoint in a c2sp.org/signed-note, Ed25519).
 *
 * The log never signs two checkpoints that are inconsistent with each other: before signing the
 * tree at size n2, it builds the consistency proof from the last signed checkpoint (n1, R1) to
 * n2 out of the stored nodes and checks it against R1 as signed (read from the signed note, not
 * from a column). If the stored history no longer leads to R1 (a node or entry was altered, the
 * state was rewound), it refuses. The table itself only accepts larger trees (migration 0200).
 */
import type { Db, Queryable } from '../../db/database.ts';
import { HuzhuError } from '../../domain/errors.ts';
import { formatCheckpoint, parseCheckpoint } from '../core/checkpoint-format.ts';
import { EMPTY_TREE_ROOT, verifyConsistency } from '../core/merkle.ts';
import { parseNote, signNote, type NoteSigner } from '../core/note.ts';
import { lockLogState, storedConsistencyProof, storedRoot } from './log-store.ts';

export interface SignedCheckpoint {
  size: number;
  root: Uint8Array;
  /** The signed note, with the log's signature only (/log/checkpoint adds the witnesses' lines). */
  note: string;
}

export async function latestCheckpoint(q: Queryable): Promise<SignedCheckpoint | undefined> {
  const rows = await q.query<{ size: bigint; root: Uint8Array; note: string }>('SELECT size, root, note FROM log_checkpoints ORDER BY size DESC LIMIT 1');
  const r = rows[0];
  return r && { size: Number(r.size), root: r.root, note: r.note };
}

/** The checkpoint the log signed for `size`, with the time it was signed; undefined if none. */
export async function checkpointAt(q: Queryable, size: number): Promise<(SignedCheckpoint & { signedAt: Date }) | undefined> {
  const rows = await q.query<{ size: bigint; root: Uint8Array; note: string; signed_at: Date }>(
    'SELECT size, root, note, signed_at FROM log_checkpoints WHERE size = $1', [size]);
  const r = rows[0];
  return r && { size: Number(r.size), root: r.root, note: r.note, signedAt: r.signed_at };
}

/**
 * Signs a checkpoint for the log's current size, unless the last signed one already covers it
 * (then that one is returned). Serialised with appends by the log_state lock. `at` is recorded
 * as the signing time (the server passes its clock; default the database's).
 */
export async function signCheckpointNow(db: Db, signer: NoteSigner, origin: string = signer.name, at?: Date): Promise<SignedCheckpoint> {
  return db.transaction(async (tx) => {
    const { size } = await lockLogState(tx);
    const last = await latestCheckpoint(tx);
    if (last && last.size === size) return last;
    const root = size === 0 ? EMPTY_TREE_ROOT : await storedRoot(tx, size);
    if (last) {
      const signed = parseCheckpoint(parseNote(last.note).text);
      if (signed.size !== last.size) throw new HuzhuError('INTERNAL', `checkpoint row ${last.size} holds a note for size ${signed.size}`);
      if (size < signed.size) {
        throw new HuzhuError('CONFLICT', `transparency log: refusing to sign size ${size}, smaller than the signed ${signed.size}`);
      }
      const consistent = signed.size === 0 ||
        verifyConsistency(signed.size, size, await storedConsistencyProof(tx, signed.size, size), signed.rootHash, root);
      if (!consistent) {
        throw new HuzhuError('CONFLICT', `transparency log: refusing to sign size ${size}: the stored tree is not consistent with the checkpoint signed at size ${signed.size}`);
      }
    }
    const note = signNote(formatCheckpoint({ origin, size, rootHash: root, extensions: [] }), [signer]);
    await tx.query('INSERT INTO log_checkpoints (size, root, note, signed_at) VALUES ($1, $2, $3, coalesce($4::timestamptz, now()))',
      [size, Buffer.from(root), note, at ?? null]);
    return { size, root, note };
  });
}
