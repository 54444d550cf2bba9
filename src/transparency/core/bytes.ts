/**
 * Byte helpers shared by the transparency files. They are written here rather than taken from
 * Node's Buffer so the whole folder runs unchanged in a browser (a member's verifier page).
 */
import { HuzhuError } from '../../domain/errors.ts';

const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const BASE64_VALUE: Int16Array = (() => {
  const table = new Int16Array(128).fill(-1);
  for (let i = 0; i < BASE64_ALPHABET.length; i++) table[BASE64_ALPHABET.charCodeAt(i)] = i;
  return table;
})();

/** Standard base64 (RFC 4648 section 4) with padding, as every C2SP format uses. */
export function toBase64(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += BASE64_ALPHABET[(n >> 18) & 63]! + BASE64_ALPHABET[(n >> 12) & 63]! + BASE64_ALPHABET[(n >> 6) & 63]! + BASE64_ALPHABET[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    out += BASE64_ALPHABET[(n >> 18) & 63]! + BASE64_ALPHABET[(n >> 12) & 63]! + '==';
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += BASE64_ALPHABET[(n >> 18) & 63]! + BASE64_ALPHABET[(n >> 12) & 63]! + BASE64_ALPHABET[(n >> 6) & 63]! + '=';
  }
  return out;
}

/**
 * Strict base64 decoding: padding required, no whitespace, and the unused low bits of the last
 * character must be zero. Strictness matters because signed text must have exactly one spelling;
 * two encodings of the same bytes would let someone alter a signed note without breaking it.
 * Returns undefined for anything that is not canonical base64.
 */
export function fromBase64OrUndefined(text: string): Uint8Array | undefined {
  if (text.length % 4 !== 0) return undefined;
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((text.length / 4) * 3 - padding);
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    const last = i + 4 === text.length;
    const values = [0, 0, 0, 0];
    for (let j = 0; j < 4; j++) {
      const code = text.charCodeAt(i + j);
      if (last && j >= 4 - padding) {
        if (code !== 61 /* = */) return undefined;
        continue;
      }
      const value = code < 128 ? BASE64_VALUE[code]! : -1;
      if (value < 0) return undefined;
      values[j] = value;
    }
    const n = (values[0]! << 18) | (values[1]! << 12) | (values[2]! << 6) | values[3]!;
    if (last && padding === 2 && (n & 0xffff) !== 0) return undefined;
    if (last && padding === 1 && (n & 0xff) !== 0) return undefined;
    out[o++] = (n >> 16) & 0xff;
    if (o < out.length) out[o++] = (n >> 8) & 0xff;
    if (o < out.length) out[o++] = n & 0xff;
  }
  return out;
}

/** Strict base64 decoding that throws VALIDATION naming `field`. */
export function fromBase64(text: string, field: string): Uint8Array {
  const bytes = fromBase64OrUndefined(text);
  if (bytes === undefined) throw new HuzhuError('VALIDATION', `${field}: not canonical base64`, { field });
  return bytes;
}

export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * True if a JS string holds half of a surrogate pair: it has no UTF-8 form (TextEncoder would
 * silently turn it into U+FFFD, so the bytes hashed would not be the text shown).
 */
export function hasLoneSurrogate(text: string): boolean {
  return LONE_SURROGATE.test(text);
}

const encoder = new TextEncoder();
const strictDecoder = new TextDecoder('utf-8', { fatal: true });

export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

/** UTF-8 decoding that rejects invalid sequences instead of replacing them with U+FFFD. */
export function fromUtf8OrUndefined(bytes: Uint8Array): string | undefined {
  try {
    return strictDecoder.decode(bytes);
  } catch {
    return undefined;
  }
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let length = 0;
  for (const p of parts) length += p.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/** Byte equality. Not constant-time: everything compared here is public (hashes, roots). */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** 8-byte big-endian unsigned integer, the wire form of timestamps and amounts. */
export function uint64BigEndian(value: bigint, field: string): Uint8Array {
  if (value < 0n || value > 0xffff_ffff_ffff_ffffn) {
    throw new HuzhuError('VALIDATION', `${field}: must fit in an unsigned 64-bit integer`, { field });
  }
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, value, false);
  return out;
}

export function readUint64BigEndian(bytes: Uint8Array, offset: number): bigint {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getBigUint64(offset, false);
}

/** Big-endian uint32, the wire form of signed-note key IDs. */
export function uint32BigEndian(value: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, value >>> 0, false);
  return out;
}

export function readUint32BigEndian(bytes: Uint8Array, offset: number): number {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(offset, false);
}

/** A decimal with no leading zeroes ("0" itself allowed), as checkpoints and tlog-proof require. */
export function parseStrictDecimal(text: string, field: string): number {
  if (!/^(0|[1-9][0-9]*)$/.test(text)) {
    throw new HuzhuError('VALIDATION', `${field}: must be a decimal with no sign or leading zeroes`, { field });
  }
  const value = Number(text);
  if (!Number.isSafeInteger(value)) {
    throw new HuzhuError('VALIDATION', `${field}: larger than 2^53 - 1`, { field });
  }
  return value;
}
