/**
 * C2SP tlog-cosignature, Ed25519 flavour (signature type 0x04, "cosignature/v1").
 *
 * A witness that has checked a checkpoint is consistent with everything it saw before adds its
 * own signature line to the checkpoint note. The signed message is
 *
 *   "cosignature/v1\n" || "time <POSIX seconds>\n" || checkpoint body
 *
 * and the line carries base64(key ID || 8-byte big-endian timestamp || 64-byte Ed25519 signature).
 * Members who trust a few witnesses can then be sure the log did not show them a private fork.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { HuzhuError } from '../../domain/errors.ts';
import { concatBytes, readUint64BigEndian, uint64BigEndian, utf8 } from '../../domain/bytes.ts';
import {
  SIGNATURE_TYPE_COSIGNATURE_V1,
  computeKeyId,
  decodeSignerKey,
  decodeVerifierKey,
  ed25519Verify,
  encodeSignerKey,
  encodeVerifierKey,
  isValidKeyName,
  parseNote,
  formatNote,
  type NoteSignature,
  type NoteSigner,
  type NoteVerifier,
} from './note.ts';

const MAX_TIMESTAMP = 2n ** 63n - 1n;

/** The exact bytes an Ed25519 cosigner signs for `checkpointBody` at `timestamp` (seconds). */
export function cosignatureMessage(checkpointBody: string, timestamp: bigint): Uint8Array {
  if (timestamp < 0n || timestamp > MAX_TIMESTAMP) {
    throw new HuzhuError('VALIDATION', 'timestamp: must be between 0 and 2^63 - 1', { field: 'timestamp' });
  }
  return utf8(`cosignature/v1\ntime ${timestamp.toString()}\n${checkpointBody}`);
}

/** A verifier for one witness's Ed25519 cosignatures, usable wherever note verifiers are. */
export function cosignatureVerifier(name: string, publicKey: Uint8Array): NoteVerifier {
  if (!isValidKeyName(name)) throw new HuzhuError('VALIDATION', 'name: invalid key name', { field: 'name' });
  if (publicKey.length !== 32) throw new HuzhuError('VALIDATION', 'publicKey: an Ed25519 key is 32 bytes', { field: 'publicKey' });
  const key = publicKey.slice();
  return {
    name,
    keyId: computeKeyId(name, SIGNATURE_TYPE_COSIGNATURE_V1, key),
    verify(text, signature) {
      if (signature.length !== 8 + 64) return false;
      const timestamp = readUint64BigEndian(signature, 0);
      if (timestamp > MAX_TIMESTAMP) return false;
      const body = new TextDecoder().decode(text);
      return ed25519Verify(key, cosignatureMessage(body, timestamp), signature.subarray(8));
    },
  };
}

/** Parses a witness verifier key `<name>+<key id>+<base64(0x04 || public key)>`. */
export function parseCosignatureVerifierKey(verifierKey: string): NoteVerifier {
  const { name, keyId, signatureType, publicKey } = decodeVerifierKey(verifierKey);
  if (signatureType !== SIGNATURE_TYPE_COSIGNATURE_V1 || publicKey.length !== 32) {
    throw new HuzhuError('VALIDATION', 'verifierKey: not an Ed25519 cosignature/v1 (0x04) key', { field: 'verifierKey' });
  }
  const verifier = cosignatureVerifier(name, publicKey);
  if (verifier.keyId !== keyId) throw new HuzhuError('VALIDATION', 'verifierKey: key ID does not match', { field: 'verifierKey' });
  return verifier;
}

/**
 * A witness signer from `PRIVATE+KEY+<name>+<key id>+<base64(0x04 || seed)>`. `now` returns the
 * POSIX time in seconds to stamp into each cosignature (injectable so tests are deterministic).
 */
export function parseCosignerKey(signerKey: string, now: () => number = () => Math.floor(Date.now() / 1000)): NoteSigner {
  const { name, keyId, signatureType, seed } = decodeSignerKey(signerKey);
  if (signatureType !== SIGNATURE_TYPE_COSIGNATURE_V1) {
    throw new HuzhuError('VALIDATION', 'signerKey: not a cosignature/v1 (0x04) key', { field: 'signerKey' });
  }
  if (computeKeyId(name, SIGNATURE_TYPE_COSIGNATURE_V1, ed25519.getPublicKey(seed)) !== keyId) {
    throw new HuzhuError('VALIDATION', 'signerKey: key ID does not match', { field: 'signerKey' });
  }
  const secret = seed.slice();
  return {
    name,
    keyId,
    sign(text) {
      const timestamp = BigInt(now());
      const body = new TextDecoder().decode(text);
      const signature = ed25519.sign(cosignatureMessage(body, timestamp), secret);
      return concatBytes(uint64BigEndian(timestamp, 'timestamp'), signature);
    },
  };
}

export function generateCosignerKeys(name: string, seed: Uint8Array = ed25519.utils.randomSecretKey()): { signerKey: string; verifierKey: string } {
  return {
    signerKey: encodeSignerKey(name, SIGNATURE_TYPE_COSIGNATURE_V1, seed),
    verifierKey: encodeVerifierKey(name, SIGNATURE_TYPE_COSIGNATURE_V1, ed25519.getPublicKey(seed)),
  };
}

/** The time a cosignature line claims (seconds), or undefined if it is not a cosignature. */
export function cosignatureTimestamp(signature: NoteSignature): number | undefined {
  if (signature.signature.length !== 8 + 64) return undefined;
  const timestamp = readUint64BigEndian(signature.signature, 0);
  return timestamp <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(timestamp) : undefined;
}

/**
 * Adds `cosigner`'s line to an already signed checkpoint note, keeping every existing line. The
 * caller (a witness) must first have checked the checkpoint against its own view of the log.
 */
export function addCosignature(signedCheckpoint: string, cosigner: NoteSigner): string {
  const note = parseNote(signedCheckpoint);
  const fresh: NoteSignature = { name: cosigner.name, keyId: cosigner.keyId, signature: cosigner.sign(utf8(note.text)) };
  // The log's line stays first; a previous cosignature by the same witness is replaced.
  const others = note.signatures.filter((s) => s.name !== fresh.name || s.keyId !== fresh.keyId);
  return formatNote({ text: note.text, signatures: [...others, fresh] });
}

/**
 * Parses a list of witness verifier keys (cosignature/v1), separated by commas or newlines;
 * blank lines and lines starting with "#" are skipped. The same witness (name) twice is refused,
 * as are two witnesses with one key ID, so every signature line names exactly one witness.
 * Throws VALIDATION naming `field` (an environment variable, a file, an option).
 */
export function parseWitnessKeyList(text: string, field: string): { verifierKey: string; verifier: NoteVerifier }[] {
  const keys = text
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0 && !s.startsWith('#'));
  const out: { verifierKey: string; verifier: NoteVerifier }[] = [];
  for (const [i, verifierKey] of keys.entries()) {
    let verifier: NoteVerifier;
    try {
      verifier = parseCosignatureVerifierKey(verifierKey);
    } catch (e) {
      // The value is not echoed: a private key pasted here by mistake must not reach a log.
      throw new HuzhuError('VALIDATION', `${field}: key ${i + 1}: ${e instanceof Error ? e.message : 'not a witness key'}`, { field });
    }
    if (out.some((w) => w.verifier.name === verifier.name || w.verifier.keyId === verifier.keyId)) {
      throw new HuzhuError('VALIDATION', `${field}: witness ${verifier.name} is listed twice (or shares a key ID with another)`, { field });
    }
    out.push({ verifierKey, verifier });
  }
  return out;
}

export interface CosignatureCheck {
  /** Witnesses (of those given) with a valid cosignature line, each once, with the time it claims. */
  readonly valid: readonly { readonly name: string; readonly keyId: number; readonly timestamp: number | undefined }[];
  /** Lines that name a given witness's key but do not verify: a forged or damaged cosignature. */
  readonly invalid: readonly { readonly name: string; readonly keyId: number }[];
}

/**
 * Checks, one by one, the cosignature lines of a signed checkpoint made by the given witnesses
 * (name and key ID both matching); lines of other keys, the log's own included, are ignored. Use
 * it after the log's signature has been checked. Never throws for bad input: a malformed note
 * has no valid cosignatures.
 */
export function checkCosignatures(signedCheckpoint: string, witnesses: readonly NoteVerifier[]): CosignatureCheck {
  let note;
  try {
    note = parseNote(signedCheckpoint);
  } catch {
    return { valid: [], invalid: [] };
  }
  const text = utf8(note.text);
  const valid: { name: string; keyId: number; timestamp: number | undefined }[] = [];
  const invalid: { name: string; keyId: number }[] = [];
  for (const line of note.signatures) {
    const witness = witnesses.find((w) => w.name === line.name && w.keyId === line.keyId);
    if (!witness) continue;
    if (!witness.verify(text, line.signature)) invalid.push({ name: line.name, keyId: line.keyId });
    else if (!valid.some((v) => v.name === line.name && v.keyId === line.keyId)) {
      valid.push({ name: line.name, keyId: line.keyId, timestamp: cosignatureTimestamp(line) });
    }
  }
  return { valid, invalid };
}
