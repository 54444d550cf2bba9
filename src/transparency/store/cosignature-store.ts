/**
 * Witness cosignatures (c2sp.org/tlog-cosignature) the log accepts and publishes; the table is
 * `log_cosignatures` (migration 0201). A witness posts the checkpoint it read with its own
 * signature line (POST /log/cosignature); `acceptCosignatures` checks, in this order:
 *
 *   1. the note is well formed and each signature line is either the log's own (ignored) or a
 *      configured witness's (name and key ID)                       else VALIDATION / UNKNOWN_WITNESS
 *   2. the checkpoint text is, byte for byte, one the log signed     else UNKNOWN_CHECKPOINT
 *   3. each witness line verifies over it (timestamped cosignature/v1) else BAD_SIGNATURE
 *   4. its timestamp is not in the future (5 minutes of clock skew allowed) and not before the
 *      log signed the checkpoint                                     else VALIDATION (cosignature.time)
 *
 * and then stores each line unless that witness already has one for the checkpoint: resubmitting
 * changes nothing. All lines of a submission are checked before any is stored.
 */
import type { Db, Queryable } from '../../db/database.ts';
import { HuzhuError } from '../../domain/errors.ts';
import { toBase64, utf8 } from '../../domain/bytes.ts';
import { parseCheckpoint, type Checkpoint } from '../core/checkpoint-format.ts';
import { cosignatureTimestamp } from '../core/cosignature-format.ts';
import { formatSignatureLine, parseNote, type Note, type NoteSignature, type NoteVerifier } from '../core/note.ts';
import { checkpointAt } from './checkpoint-store.ts';

/** How far a cosignature's time may run ahead of the server's clock, or behind the checkpoint's signing. */
export const COSIGNATURE_CLOCK_SKEW_SECONDS = 300;

const keyIdHex = (keyId: number): string => keyId.toString(16).padStart(8, '0');

export interface CosignatureReceipt {
  witness: string;
  /** 8 hex digits. */
  keyId: string;
  /** The cosignature's timestamp, POSIX seconds. */
  cosignedAt: number;
  /** false when the log already held a cosignature of this witness for this checkpoint (nothing changed). */
  stored: boolean;
}

export interface CosignatureSubmission {
  checkpoint: Checkpoint;
  cosignatures: CosignatureReceipt[];
}

export interface AcceptOptions {
  /** The log's own key: its line in a submission is ignored. */
  log: { name: string; keyId: number };
  witnesses: readonly NoteVerifier[];
  now: Date;
}

/** The signature lines of the witnesses' cosignatures of the checkpoint of `size`, in the order received. */
export async function cosignatureLines(q: Queryable, size: number): Promise<string[]> {
  const rows = await q.query<{ signature_line: string }>('SELECT signature_line FROM log_cosignatures WHERE size = $1 ORDER BY id', [size]);
  return rows.map((r) => r.signature_line);
}

export interface WitnessProgress {
  witness: string;
  keyId: number;
  /** The largest checkpoint size the witness has cosigned, and that cosignature's time. */
  size: number;
  cosignedAt: number;
  receivedAt: Date;
}

/** For each witness key that ever cosigned: its latest (largest) cosigned checkpoint. */
export async function witnessProgress(q: Queryable): Promise<WitnessProgress[]> {
  const rows = await q.query<{ witness: string; key_id: bigint; size: bigint; cosigned_at: bigint; received_at: Date }>(
    `SELECT DISTINCT ON (witness, key_id) witness, key_id, size, cosigned_at, received_at
       FROM log_cosignatures ORDER BY witness, key_id, size DESC`);
  return rows.map((r) => ({ witness: r.witness, keyId: Number(r.key_id), size: Number(r.size), cosignedAt: Number(r.cosigned_at), receivedAt: r.received_at }));
}

function parseSubmission(text: string): Note {
  try {
    return parseNote(text);
  } catch (e) {
    throw new HuzhuError('VALIDATION', `cosignature: not a signed note (${e instanceof Error ? e.message : 'malformed'}); ` +
      'post the checkpoint text, a blank line and your signature line', { field: 'cosignature' });
  }
}

/** Checks a witness's submission (see the file comment) and stores what is new. */
export async function acceptCosignatures(db: Db, submission: string, opts: AcceptOptions): Promise<CosignatureSubmission> {
  const note = parseSubmission(submission);
  let checkpoint: Checkpoint;
  try {
    checkpoint = parseCheckpoint(note.text);
  } catch (e) {
    throw new HuzhuError('VALIDATION', `cosignature: ${e instanceof Error ? e.message : 'malformed checkpoint'}`, { field: 'cosignature' });
  }

  // 1. Whose lines are these?
  const lines: { line: NoteSignature; witness: NoteVerifier }[] = [];
  for (const line of note.signatures) {
    if (line.name === opts.log.name && line.keyId === opts.log.keyId) continue;
    const witness = opts.witnesses.find((w) => w.name === line.name && w.keyId === line.keyId);
    if (!witness) {
      throw new HuzhuError('UNKNOWN_WITNESS', `cosignature: ${line.name}+${keyIdHex(line.keyId)} is not a witness this log accepts` +
        (opts.witnesses.length === 0 ? ' (it accepts none: HUZHU_LOG_WITNESSES is not set)' : ''), { field: 'cosignature' });
    }
    if (!lines.some((l) => l.witness === witness && l.line.signature.join() === line.signature.join())) lines.push({ line, witness });
  }
  if (lines.length === 0) throw new HuzhuError('VALIDATION', 'cosignature: the note carries no witness signature line', { field: 'cosignature' });

  return db.transaction(async (tx) => {
    // 2. A checkpoint the log signed, exactly.
    const signed = await checkpointAt(tx, checkpoint.size);
    if (!signed || parseNote(signed.note).text !== note.text) {
      throw new HuzhuError('UNKNOWN_CHECKPOINT',
        `cosignature: the log never signed this checkpoint (${checkpoint.origin}, size ${checkpoint.size}, root ${toBase64(checkpoint.rootHash)})`, { field: 'cosignature' });
    }
    // 3 and 4, for every line before storing any.
    const text = utf8(note.text);
    const nowSeconds = Math.floor(opts.now.getTime() / 1000);
    const signedSeconds = Math.floor(signed.signedAt.getTime() / 1000);
    const checkedLines = lines.map(({ line, witness }) => {
      const id = `${witness.name}+${keyIdHex(witness.keyId)}`;
      if (!witness.verify(text, line.signature)) {
        throw new HuzhuError('BAD_SIGNATURE', `cosignature: the line of ${id} does not verify over this checkpoint (not a cosignature/v1 signature by that key)`, { field: 'cosignature' });
      }
      const time = cosignatureTimestamp(line);
      if (time === undefined || time > nowSeconds + COSIGNATURE_CLOCK_SKEW_SECONDS) {
        throw new HuzhuError('VALIDATION', `cosignature.time: ${id} dated ${time ?? 'beyond 2^53'}, in the future (the server's time is ${nowSeconds})`, { field: 'cosignature.time' });
      }
      if (time < signedSeconds - COSIGNATURE_CLOCK_SKEW_SECONDS) {
        throw new HuzhuError('VALIDATION', `cosignature.time: ${id} dated ${time}, before the log signed this checkpoint (${signedSeconds})`, { field: 'cosignature.time' });
      }
      return { line, witness, time };
    });
    const cosignatures: CosignatureReceipt[] = [];
    for (const { line, witness, time } of checkedLines) {
      const inserted = await tx.query<{ id: bigint }>(
        `INSERT INTO log_cosignatures (witness, key_id, size, root, cosigned_at, signature_line, received_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (witness, key_id, size) DO NOTHING RETURNING id`,
        [witness.name, witness.keyId, checkpoint.size, Buffer.from(checkpoint.rootHash), time, formatSignatureLine(line).slice(0, -1), opts.now]);
      cosignatures.push({ witness: witness.name, keyId: keyIdHex(witness.keyId), cosignedAt: time, stored: inserted.length === 1 });
    }
    return { checkpoint, cosignatures };
  });
}
