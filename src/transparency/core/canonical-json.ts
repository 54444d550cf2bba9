/**
 * Canonical JSON for log entries: the subset of RFC 8785 (JCS) that integer-only data needs.
 * Object keys sorted by UTF-16 code units, no whitespace, strings escaped as JSON.stringify does
 * (which is what JCS specifies), and numbers restricted to integers.
 *
 * Why: a log entry's leaf hash is over its bytes, so anyone re-creating an entry from its fields
 * must get the same bytes. Floats have several spellings and lose precision; money here is in
 * integer minor units anyway, so floats, NaN and unsafe integers are refused. Integers beyond
 * 2^53 travel as bigint and are written as plain JSON integers.
 */
import { invalid } from '../../domain/errors.ts';
import { fromUtf8OrUndefined, hasLoneSurrogate, utf8 } from '../../domain/bytes.ts';

export type JsonValue = null | boolean | number | bigint | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** A log entry: an object with a non-empty `type` and a positive integer schema version `v`. */
export interface LogEntry {
  readonly type: string;
  readonly v: number;
  readonly [field: string]: JsonValue;
}

const MAX_DEPTH = 64;

function serializeString(text: string, path: string): string {
  if (hasLoneSurrogate(text)) throw invalid(path, 'string has a lone surrogate (not valid Unicode)');
  return JSON.stringify(text);
}

function isPlainObject(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function serialize(value: unknown, path: string, depth: number): string {
  if (depth > MAX_DEPTH) throw invalid(path, `nested deeper than ${MAX_DEPTH}`);
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return value.toString();
    case 'number':
      if (!Number.isSafeInteger(value)) throw invalid(path, `${value} is not a safe integer (floats, NaN and values beyond 2^53 are refused; use bigint)`);
      return String(value); // -0 prints as 0, as JCS requires
    case 'string':
      return serializeString(value, path);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map((item: unknown, i) => serialize(item, `${path}[${i}]`, depth + 1)).join(',')}]`;
      if (!isPlainObject(value)) throw invalid(path, 'only plain objects can be serialized');
      const record = value as Record<string, unknown>;
      const members = Object.keys(record)
        .sort()
        .map((key) => {
          const item = record[key];
          if (item === undefined) throw invalid(`${path}.${key}`, 'undefined is not JSON');
          return `${serializeString(key, path)}:${serialize(item, `${path}.${key}`, depth + 1)}`;
        });
      return `{${members.join(',')}}`;
    }
    default:
      throw invalid(path, `${typeof value} is not JSON`);
  }
}

/** The canonical text of `value`. Throws VALIDATION for anything outside the subset. */
export function canonicalJson(value: JsonValue): string {
  return serialize(value, '$', 0);
}

/**
 * Parses text that must already be canonical (so a received entry is re-hashed exactly as sent):
 * no whitespace, sorted unique keys, integers only, canonical string escapes. Integers beyond
 * 2^53 come back as bigint.
 */
export function parseCanonicalJson(text: string): JsonValue {
  let position = 0;
  const fail = (message: string): never => {
    throw invalid('json', `${message} at offset ${position}`);
  };

  const parseString = (): string => {
    const match = /^"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/.exec(text.slice(position));
    if (match === null) return fail('bad string');
    const token = match[0];
    const value = JSON.parse(token) as string;
    if (hasLoneSurrogate(value) || JSON.stringify(value) !== token) return fail('string is not canonically escaped');
    position += token.length;
    return value;
  };

  const parseValue = (depth: number): JsonValue => {
    if (depth > MAX_DEPTH) return fail('nested too deeply');
    const char = text[position];
    if (char === '{') {
      position += 1;
      const record: Record<string, JsonValue> = {};
      let previous: string | undefined;
      if (text[position] === '}') {
        position += 1;
        return record;
      }
      for (;;) {
        const key = parseString();
        if (previous !== undefined && !(previous < key)) fail('keys are not sorted and unique');
        previous = key;
        if (text[position] !== ':') fail('expected ":"');
        position += 1;
        Object.defineProperty(record, key, { value: parseValue(depth + 1), enumerable: true, writable: true, configurable: true });
        const next = text[position];
        position += 1;
        if (next === '}') return record;
        if (next !== ',') fail('expected "," or "}"');
      }
    }
    if (char === '[') {
      position += 1;
      const items: JsonValue[] = [];
      if (text[position] === ']') {
        position += 1;
        return items;
      }
      for (;;) {
        items.push(parseValue(depth + 1));
        const next = text[position];
        position += 1;
        if (next === ']') return items;
        if (next !== ',') fail('expected "," or "]"');
      }
    }
    if (char === '"') return parseString();
    for (const [word, value] of [['null', null], ['true', true], ['false', false]] as const) {
      if (text.startsWith(word, position)) {
        position += word.length;
        return value;
      }
    }
    const number = /^-?(0|[1-9][0-9]*)/.exec(text.slice(position));
    if (number === null) return fail('unexpected character');
    const digits = number[0];
    if (digits === '-0') fail('-0 is not canonical');
    if (/^[.eE]/.test(text.slice(position + digits.length))) fail('only integers are allowed');
    position += digits.length;
    const asBigInt = BigInt(digits);
    const safe = asBigInt >= BigInt(Number.MIN_SAFE_INTEGER) && asBigInt <= BigInt(Number.MAX_SAFE_INTEGER);
    return safe ? Number(digits) : asBigInt;
  };

  const value = parseValue(0);
  if (position !== text.length) fail('trailing characters');
  return value;
}

function assertLogEntry(value: JsonValue): asserts value is LogEntry {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw invalid('entry', 'must be an object');
  const record = value as { readonly [key: string]: JsonValue };
  if (typeof record.type !== 'string' || record.type.length === 0) throw invalid('entry.type', 'must be a non-empty string');
  if (typeof record.v !== 'number' || !Number.isSafeInteger(record.v) || record.v < 1) throw invalid('entry.v', 'must be a positive integer');
}

/** The bytes logged for an entry: UTF-8 of its canonical JSON. */
export function encodeLogEntry(entry: LogEntry): Uint8Array {
  assertLogEntry(entry);
  return utf8(canonicalJson(entry));
}

/** Reads logged bytes back into an entry; they must be exactly what encodeLogEntry writes. */
export function decodeLogEntry(bytes: Uint8Array): LogEntry {
  const text = fromUtf8OrUndefined(bytes);
  if (text === undefined) throw invalid('entry', 'not valid UTF-8');
  const value = parseCanonicalJson(text);
  assertLogEntry(value);
  return value;
}
