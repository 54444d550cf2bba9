/**
 * C2SP signed notes (https://c2sp.org/signed-note), compatible with golang.org/x/mod/sumdb/note.
 *
 * A note is UTF-8 text ending in a newline, a blank line, then one or more lines
 * "— <key name> <base64(4-byte key ID || signature)>". Checkpoints and witness cosignatures are
 * both carried this way, which is why this file knows nothing about logs: it only signs text and
 * checks signatures against keys the reader chose to trust.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { sha256 } from '../../domain/sha256.ts';
import { HuzhuError } from '../../domain/errors.ts';
import {
  concatBytes,
  fromBase64,
  fromBase64OrUndefined,
  hasLoneSurrogate,
  readUint32BigEndian,
  toBase64,
  uint32BigEndian,
  utf8,
} from '../../domain/bytes.ts';

/** Signature type bytes assigned by the signed-note spec. */
export const SIGNATURE_TYPE_ED25519 = 0x01;
export const SIGNATURE_TYPE_COSIGNATURE_V1 = 0x04;

/** Go's implementation stops at 100 signatures; the spec asks for at least 16. */
export const MAX_NOTE_SIGNATURES = 100;

const SIGNATURE_LINE_PREFIX = '\u2014 '; // em dash, space
const SIGNER_KEY_PREFIX = 'PRIVATE+KEY+';

/** One signature line. `signature` excludes the 4-byte key ID that precedes it on the wire. */
export interface NoteSignature {
  readonly name: string;
  readonly keyId: number;
  readonly signature: Uint8Array;
}

export interface Note {
  /** The signed text, including its final newline. */
  readonly text: string;
  readonly signatures: readonly NoteSignature[];
}

/** Something that can check signatures made by one key (an Ed25519 log key, a witness key). */
export interface NoteVerifier {
  readonly name: string;
  readonly keyId: number;
  /** Checks `signature` (without key ID) over the note text `text` (UTF-8 bytes). */
  verify(text: Uint8Array, signature: Uint8Array): boolean;
}

export interface NoteSigner {
  readonly name: string;
  readonly keyId: number;
  /** Signs the note text `text` (UTF-8 bytes); returns the signature without key ID. */
  sign(text: Uint8Array): Uint8Array;
}

/** Key names must be non-empty and contain no Unicode space and no "+" (it separates key fields). */
export function isValidKeyName(name: string): boolean {
  return name.length > 0 && !/[\s\u0085+]/u.test(name) && !hasForbiddenCharacters(name);
}

/** Notes must be valid UTF-8 (so no lone surrogates in a JS string) and have no control characters but "\n". */
function hasForbiddenCharacters(text: string): boolean {
  return /[\u0000-\u0009\u000b-\u001f]/.test(text) || hasLoneSurrogate(text);
}

/** key ID = SHA-256(name || "\n" || signature type || public key)[:4], read big-endian. */
export function computeKeyId(name: string, signatureType: number, publicKey: Uint8Array): number {
  const digest = sha256(concatBytes(utf8(name), Uint8Array.of(0x0a, signatureType), publicKey));
  return readUint32BigEndian(digest, 0);
}

const keyIdHex = (keyId: number): string => keyId.toString(16).padStart(8, '0');

function malformedKey(field: string, message: string): HuzhuError {
  return new HuzhuError('VALIDATION', `${field}: ${message}`, { field });
}

/** `<name>+<hex key ID>+<base64(type || public key)>`, the form logs publish their keys in. */
export function encodeVerifierKey(name: string, signatureType: number, publicKey: Uint8Array): string {
  if (!isValidKeyName(name)) throw malformedKey('name', 'key names must be non-empty, with no spaces or "+"');
  const keyId = computeKeyId(name, signatureType, publicKey);
  return `${name}+${keyIdHex(keyId)}+${toBase64(concatBytes(Uint8Array.of(signatureType), publicKey))}`;
}

/** Splits and checks a verifier key of any type; the caller checks the type and key length. */
export function decodeVerifierKey(verifierKey: string): { name: string; keyId: number; signatureType: number; publicKey: Uint8Array } {
  const parts = splitKeyFields(verifierKey);
  if (parts === undefined) throw malformedKey('verifierKey', 'expected <name>+<key id>+<key>');
  return decodeKeyParts(...parts, 'verifierKey');
}

/** name + key ID + key: the key's base64 may itself contain "+", so only the first two split. */
function splitKeyFields(encoded: string): [name: string, idHex: string, keyBase64: string] | undefined {
  const first = encoded.indexOf('+');
  const second = first < 0 ? -1 : encoded.indexOf('+', first + 1);
  if (second < 0) return undefined;
  return [encoded.slice(0, first), encoded.slice(first + 1, second), encoded.slice(second + 1)];
}

function decodeKeyParts(name: string, idHex: string, keyBase64: string, field: string) {
  if (!isValidKeyName(name)) throw malformedKey(field, 'invalid key name');
  if (!/^[0-9a-f]{8}$/.test(idHex)) throw malformedKey(field, 'key ID must be 8 lowercase hex digits');
  const typed = fromBase64(keyBase64, field);
  if (typed.length < 2) throw malformedKey(field, 'key material is empty');
  const signatureType = typed[0]!;
  const keyMaterial = typed.subarray(1);
  return { name, keyId: Number.parseInt(idHex, 16), signatureType, publicKey: keyMaterial };
}

/** Ed25519 verify in strict RFC 8032 mode (not ZIP-215), matching Go's crypto/ed25519. */
export function ed25519Verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  if (signature.length !== 64 || publicKey.length !== 32) return false;
  try {
    return ed25519.verify(signature, message, publicKey, { zip215: false });
  } catch {
    return false;
  }
}

/** An Ed25519 (type 0x01) note verifier for a raw 32-byte public key. */
export function ed25519NoteVerifier(name: string, publicKey: Uint8Array): NoteVerifier {
  if (!isValidKeyName(name)) throw malformedKey('name', 'invalid key name');
  if (publicKey.length !== 32) throw malformedKey('publicKey', 'an Ed25519 public key is 32 bytes');
  const key = publicKey.slice();
  return {
    name,
    keyId: computeKeyId(name, SIGNATURE_TYPE_ED25519, key),
    verify: (text, signature) => ed25519Verify(key, text, signature),
  };
}

/** Parses an Ed25519 verifier key such as `PeterNeumann+c74f20a3+ARpc...`. */
export function parseVerifierKey(verifierKey: string): NoteVerifier {
  const { name, keyId, signatureType, publicKey } = decodeVerifierKey(verifierKey);
  if (signatureType !== SIGNATURE_TYPE_ED25519) {
    throw malformedKey('verifierKey', `signature type 0x${signatureType.toString(16).padStart(2, '0')} is not Ed25519 (0x01)`);
  }
  if (publicKey.length !== 32) throw malformedKey('verifierKey', 'an Ed25519 public key is 32 bytes');
  const verifier = ed25519NoteVerifier(name, publicKey);
  if (verifier.keyId !== keyId) throw malformedKey('verifierKey', 'key ID does not match the name and key');
  return verifier;
}

/** Splits a `PRIVATE+KEY+<name>+<hex key ID>+<base64(type || seed)>` signer key. */
export function decodeSignerKey(signerKey: string): { name: string; keyId: number; signatureType: number; seed: Uint8Array } {
  if (!signerKey.startsWith(SIGNER_KEY_PREFIX)) throw malformedKey('signerKey', 'must start with PRIVATE+KEY+');
  const parts = splitKeyFields(signerKey.slice(SIGNER_KEY_PREFIX.length));
  if (parts === undefined) throw malformedKey('signerKey', 'expected PRIVATE+KEY+<name>+<key id>+<key>');
  const decoded = decodeKeyParts(...parts, 'signerKey');
  if (decoded.publicKey.length !== 32) throw malformedKey('signerKey', 'an Ed25519 seed is 32 bytes');
  return { name: decoded.name, keyId: decoded.keyId, signatureType: decoded.signatureType, seed: decoded.publicKey };
}

export function encodeSignerKey(name: string, signatureType: number, seed: Uint8Array): string {
  if (!isValidKeyName(name)) throw malformedKey('name', 'invalid key name');
  if (seed.length !== 32) throw malformedKey('seed', 'an Ed25519 seed is 32 bytes');
  const keyId = computeKeyId(name, signatureType, ed25519.getPublicKey(seed));
  return `${SIGNER_KEY_PREFIX}${name}+${keyIdHex(keyId)}+${toBase64(concatBytes(Uint8Array.of(signatureType), seed))}`;
}

/** Parses an Ed25519 (type 0x01) signer key; the key ID must match the derived public key. */
export function parseSignerKey(signerKey: string): NoteSigner {
  const { name, keyId, signatureType, seed } = decodeSignerKey(signerKey);
  if (signatureType !== SIGNATURE_TYPE_ED25519) throw malformedKey('signerKey', 'signature type is not Ed25519 (0x01)');
  const publicKey = ed25519.getPublicKey(seed);
  if (computeKeyId(name, SIGNATURE_TYPE_ED25519, publicKey) !== keyId) {
    throw malformedKey('signerKey', 'key ID does not match the name and key');
  }
  const secret = seed.slice();
  return { name, keyId, sign: (text) => ed25519.sign(text, secret) };
}

/** A fresh Ed25519 note key pair, in the encodings above. Uses the platform's secure random. */
export function generateNoteKeys(name: string, seed: Uint8Array = ed25519.utils.randomSecretKey()): { signerKey: string; verifierKey: string } {
  return {
    signerKey: encodeSignerKey(name, SIGNATURE_TYPE_ED25519, seed),
    verifierKey: encodeVerifierKey(name, SIGNATURE_TYPE_ED25519, ed25519.getPublicKey(seed)),
  };
}

function malformedNote(message: string): HuzhuError {
  return new HuzhuError('VALIDATION', `note: ${message}`, { field: 'note' });
}

function assertValidText(text: string): void {
  if (!text.endsWith('\n')) throw malformedNote('text must end with a newline');
  if (hasForbiddenCharacters(text)) throw malformedNote('text has control characters or invalid UTF-16');
}

export function formatSignatureLine(signature: NoteSignature): string {
  if (!isValidKeyName(signature.name)) throw malformedNote('invalid key name in signature');
  const payload = concatBytes(uint32BigEndian(signature.keyId), signature.signature);
  return `${SIGNATURE_LINE_PREFIX}${signature.name} ${toBase64(payload)}\n`;
}

export function formatNote(note: Note): string {
  assertValidText(note.text);
  if (note.signatures.length === 0) throw malformedNote('a note needs at least one signature');
  return `${note.text}\n${note.signatures.map(formatSignatureLine).join('')}`;
}

/**
 * Splits a signed note into text and signature lines without checking any signature. The text is
 * everything up to the last blank line. Throws VALIDATION if the note is malformed.
 */
export function parseNote(message: string): Note {
  if (hasForbiddenCharacters(message)) throw malformedNote('control characters or invalid UTF-16');
  const split = message.lastIndexOf('\n\n');
  if (split < 0) throw malformedNote('no blank line before the signatures');
  const text = message.slice(0, split + 1);
  const block = message.slice(split + 2);
  if (block.length === 0 || !block.endsWith('\n')) throw malformedNote('signature block must end with a newline');
  const lines = block.slice(0, -1).split('\n');
  if (lines.length > MAX_NOTE_SIGNATURES) throw malformedNote(`more than ${MAX_NOTE_SIGNATURES} signatures`);
  const signatures = lines.map((line) => {
    if (!line.startsWith(SIGNATURE_LINE_PREFIX)) throw malformedNote('signature line must start with "— "');
    const rest = line.slice(SIGNATURE_LINE_PREFIX.length);
    const space = rest.indexOf(' ');
    const name = space < 0 ? rest : rest.slice(0, space);
    const payload = space < 0 ? undefined : fromBase64OrUndefined(rest.slice(space + 1));
    if (!isValidKeyName(name) || payload === undefined || payload.length < 5) throw malformedNote('bad signature line');
    return { name, keyId: readUint32BigEndian(payload, 0), signature: payload.slice(4) };
  });
  return { text, signatures };
}

/**
 * Signs `text` with each signer. Signatures in `keep` (for example a witness's cosignatures) are
 * carried over unless one of the signers replaces them (same name and key ID).
 */
export function signNote(text: string, signers: readonly NoteSigner[], keep: readonly NoteSignature[] = []): string {
  assertValidText(text);
  const bytes = utf8(text);
  const fresh = signers.map((s) => {
    if (!isValidKeyName(s.name)) throw malformedNote('invalid signer name');
    return { name: s.name, keyId: s.keyId, signature: s.sign(bytes) };
  });
  const replaced = new Set(fresh.map((s) => `${s.name}+${s.keyId}`));
  return formatNote({ text, signatures: [...fresh, ...keep.filter((s) => !replaced.has(`${s.name}+${s.keyId}`))] });
}

export type NoteVerification =
  | { readonly ok: true; readonly text: string; readonly verified: readonly NoteSignature[]; readonly unverified: readonly NoteSignature[] }
  | { readonly ok: false; readonly reason: string };

/**
 * Opens a signed note as the spec asks: lines from unknown keys (name and key ID not both
 * matching a trusted key) are ignored; a line from a known key must verify, or the whole note
 * is rejected; at least one known key must have signed. Never throws for bad input.
 */
export function verifyNote(message: string, verifiers: readonly NoteVerifier[]): NoteVerification {
  let note: Note;
  try {
    note = parseNote(message);
  } catch (e) {
    return { ok: false, reason: e instanceof Error ? e.message : 'malformed note' };
  }
  const text = utf8(note.text);
  const verified: NoteSignature[] = [];
  const unverified: NoteSignature[] = [];
  const seen = new Set<string>();
  for (const signature of note.signatures) {
    const matches = verifiers.filter((v) => v.name === signature.name && v.keyId === signature.keyId);
    const id = `${signature.name}+${keyIdHex(signature.keyId)}`;
    if (matches.length === 0) {
      unverified.push(signature);
      continue;
    }
    if (matches.length > 1) return { ok: false, reason: `ambiguous key ${id}` };
    if (seen.has(id)) continue; // the same key twice: checked once, counted once
    seen.add(id);
    if (!matches[0]!.verify(text, signature.signature)) return { ok: false, reason: `invalid signature for key ${id}` };
    verified.push(signature);
  }
  if (verified.length === 0) return { ok: false, reason: 'note has no verifiable signatures' };
  return { ok: true, text: note.text, verified, unverified };
}
