/**
 * C2SP tlog-checkpoint (https://c2sp.org/tlog-checkpoint): the log's signed statement "my tree
 * of N leaves has root R". The body is the note text:
 *
 *   <origin>\n<tree size in decimal>\n<base64 root hash>\n[<extension line>\n]...
 *
 * Parsing is strict (one spelling per checkpoint) because witnesses and members compare
 * checkpoints byte for byte.
 */
import { invalid } from '../../domain/errors.ts';
import { fromBase64, parseStrictDecimal, toBase64 } from '../../domain/bytes.ts';
import { HASH_SIZE } from './merkle.ts';
import { signNote, verifyNote, type NoteSignature, type NoteSigner, type NoteVerifier } from './note.ts';

export interface Checkpoint {
  /** Names the log, e.g. "huzhu.example/log". */
  readonly origin: string;
  readonly size: number;
  readonly rootHash: Uint8Array;
  /** Optional opaque lines; the spec advises against them (monitors cannot audit them). */
  readonly extensions: readonly string[];
}

/** The checkpoint body (note text), ending in a newline. */
export function formatCheckpoint(checkpoint: Checkpoint): string {
  const { origin, size, rootHash, extensions } = checkpoint;
  if (origin.length === 0 || origin.includes('\n')) throw invalid('checkpoint', 'origin must be one non-empty line');
  if (!Number.isSafeInteger(size) || size < 0) throw invalid('checkpoint', 'size must be a non-negative safe integer');
  if (rootHash.length !== HASH_SIZE) throw invalid('checkpoint', 'root hash must be 32 bytes');
  for (const line of extensions) {
    if (line.length === 0 || line.includes('\n')) throw invalid('checkpoint', 'extension lines must be single non-empty lines');
  }
  return [origin, String(size), toBase64(rootHash), ...extensions].map((line) => `${line}\n`).join('');
}

/** Parses a checkpoint body strictly. Throws VALIDATION on anything malformed. */
export function parseCheckpoint(body: string): Checkpoint {
  if (!body.endsWith('\n')) throw invalid('checkpoint', 'body must end with a newline');
  const lines = body.slice(0, -1).split('\n');
  if (lines.length < 3) throw invalid('checkpoint', 'needs origin, size and root hash lines');
  if (lines.some((line) => line.length === 0)) throw invalid('checkpoint', 'lines must be non-empty');
  const [origin, sizeText, rootText, ...extensions] = lines as [string, string, string, ...string[]];
  const size = parseStrictDecimal(sizeText, 'checkpoint.size');
  const rootHash = fromBase64(rootText, 'checkpoint.rootHash');
  if (rootHash.length !== HASH_SIZE) throw invalid('checkpoint', 'root hash must be 32 bytes');
  return { origin, size, rootHash, extensions };
}

/** Signs a checkpoint as a note; `keep` carries over existing signatures (e.g. cosignatures). */
export function signCheckpoint(checkpoint: Checkpoint, signers: readonly NoteSigner[], keep: readonly NoteSignature[] = []): string {
  return signNote(formatCheckpoint(checkpoint), signers, keep);
}

export interface CheckpointTrust {
  /** The log's own key. Its signature is required. */
  readonly log: NoteVerifier;
  /** The origin line expected; defaults to the log key's name, as the spec recommends. */
  readonly origin?: string;
  /** Witness cosigner keys (see cosignature.ts) and how many of them must have cosigned. */
  readonly witnesses?: readonly NoteVerifier[];
  readonly witnessQuorum?: number;
}

export type CheckpointVerification =
  | { readonly ok: true; readonly checkpoint: Checkpoint; readonly body: string; readonly witnesses: readonly string[] }
  | { readonly ok: false; readonly reason: string };

/**
 * Verifies a signed checkpoint: well formed, the expected origin, signed by the log's key, and
 * cosigned by at least `witnessQuorum` of the given witnesses. Never throws for bad input.
 */
export function verifyCheckpoint(signedCheckpoint: string, trust: CheckpointTrust): CheckpointVerification {
  const witnesses = trust.witnesses ?? [];
  const quorum = trust.witnessQuorum ?? 0;
  const opened = verifyNote(signedCheckpoint, [trust.log, ...witnesses]);
  if (!opened.ok) return opened;
  if (!opened.verified.some((s) => s.name === trust.log.name && s.keyId === trust.log.keyId)) {
    return { ok: false, reason: 'checkpoint is not signed by the log key' };
  }
  let checkpoint: Checkpoint;
  try {
    checkpoint = parseCheckpoint(opened.text);
  } catch (e) {
    return { ok: false, reason: e instanceof Error ? e.message : 'malformed checkpoint' };
  }
  const origin = trust.origin ?? trust.log.name;
  if (checkpoint.origin !== origin) return { ok: false, reason: `checkpoint origin "${checkpoint.origin}" is not "${origin}"` };
  const cosigners = new Set(
    opened.verified
      .filter((s) => witnesses.some((w) => w.name === s.name && w.keyId === s.keyId))
      .map((s) => s.name),
  );
  if (cosigners.size < quorum) return { ok: false, reason: `${cosigners.size} witness cosignatures, ${quorum} required` };
  return { ok: true, checkpoint, body: opened.text, witnesses: [...cosigners] };
}
