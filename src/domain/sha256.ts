/**
 * SHA-256, the one hash huzhu publishes and checks: Merkle leaves and nodes, signed-note key IDs,
 * the jury draw and vote commitments, the sampling draw, document and file digests, session and
 * idempotency keys.
 *
 * Why @noble/hashes and not node:crypto: the transparency core, the jury draw and the sampling
 * draw must run unchanged in a browser (a member's verifier page), so this file may not import
 * `node:`. node:crypto stays only for what this does not replace: randomBytes, scrypt, the
 * national-ID cipher and its HMAC, and the hashing inside the log's store
 * (src/transparency/store/log-store.ts), which appends a million entries in bench:log and measured
 * about twice as fast with Node's native hash on its 33-65 byte inputs; its bytes are the same.
 */
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';
import { toHex, utf8 } from './bytes.ts';

/** SHA-256 of bytes, or of a string's UTF-8 encoding. */
export function sha256(data: Uint8Array | string): Uint8Array {
  return nobleSha256(typeof data === 'string' ? utf8(data) : data);
}

/** The same digest as 64 lower-case hex digits, the form stored and published. */
export function sha256Hex(data: Uint8Array | string): string {
  return toHex(sha256(data));
}
