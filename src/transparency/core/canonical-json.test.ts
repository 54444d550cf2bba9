import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HuzhuError } from '../../domain/errors.ts';
import { canonicalJson, decodeLogEntry, encodeLogEntry, parseCanonicalJson, type JsonValue } from './canonical-json.ts';
import { utf8 } from '../../domain/bytes.ts';

describe('canonical JSON', () => {
  it('sorts keys by UTF-16 code units and drops whitespace', () => {
    expect(canonicalJson({ b: 1, a: [true, null, 'x'], A: { z: -0, y: -5 } })).toBe('{"A":{"y":-5,"z":0},"a":[true,null,"x"],"b":1}');
    // RFC 8785 section 3.2.3 ordering example: code-unit order, so U+20AC sorts before U+FB33 and after "\r".
    expect(canonicalJson({ '\u20ac': 1, '\r': 2, '\ufb33': 3, '1': 4, '\u00f6': 5, '\ud83d\ude00': 6 })).toBe(
      '{"\\r":2,"1":4,"\u00f6":5,"\u20ac":1,"\ud83d\ude00":6,"\ufb33":3}',
    );
  });

  it('escapes strings as JCS does', () => {
    expect(canonicalJson('a"b\\c\n\u0001\u2028')).toBe('"a\\"b\\\\c\\n\\u0001\u2028"');
  });

  it('writes bigint as a JSON integer and reads large integers back as bigint', () => {
    const big = 2n ** 64n + 1n;
    expect(canonicalJson({ amount: big })).toBe('{"amount":18446744073709551617}');
    expect(parseCanonicalJson('{"amount":18446744073709551617}')).toEqual({ amount: big });
    expect(parseCanonicalJson('[9007199254740991,-9007199254740991]')).toEqual([9007199254740991, -9007199254740991]);
  });

  it('refuses floats, NaN, unsafe numbers, undefined and non-plain objects', () => {
    const bad: unknown[] = [1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53, { a: undefined }, new Date(0), new Map(), '\ud800', () => 1];
    for (const value of bad) expect(() => canonicalJson(value as JsonValue), String(value)).toThrow(HuzhuError);
  });

  it('parses only canonical text', () => {
    const bad = ['{"b":1,"a":2}', '{"a":1,"a":1}', '{ "a":1}', '[1,2 ]', '1.0', '1e3', '-0', '01', '"\\/"', '"\\u0041"', '{"a":1}x', "'a'", ''];
    for (const text of bad) expect(() => parseCanonicalJson(text), text).toThrow(HuzhuError);
    expect(parseCanonicalJson('{"__proto__":1}')).toEqual(JSON.parse('{"__proto__":1}'));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('round-trips any integer-only JSON value', () => {
    const json = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        fc.constant(null),
        fc.boolean(),
        fc.maxSafeInteger(),
        fc.bigInt({ min: 2n ** 60n, max: 2n ** 70n }),
        fc.string({ unit: 'grapheme' }),
        fc.array(tie('value'), { maxLength: 4 }),
        fc.dictionary(fc.string(), tie('value'), { maxKeys: 4 }),
      ),
    })).value as fc.Arbitrary<JsonValue>;
    fc.assert(
      fc.property(json, (value) => {
        const text = canonicalJson(value);
        expect(canonicalJson(parseCanonicalJson(text))).toBe(text);
      }),
      { numRuns: 300 },
    );
  });
});

describe('log entries', () => {
  it('encode to canonical UTF-8 and decode back', () => {
    const bytes = encodeLogEntry({ v: 1, type: 'period.charges', period: '2025-01', count: 3 });
    expect(new TextDecoder().decode(bytes)).toBe('{"count":3,"period":"2025-01","type":"period.charges","v":1}');
    expect(decodeLogEntry(bytes)).toEqual({ count: 3, period: '2025-01', type: 'period.charges', v: 1 });
  });

  it('require a type and a positive integer version', () => {
    expect(() => encodeLogEntry({ type: '', v: 1 })).toThrow(/entry.type/);
    expect(() => encodeLogEntry({ type: 'x', v: 0 })).toThrow(/entry.v/);
    expect(() => decodeLogEntry(utf8('{"type":"x"}'))).toThrow(/entry.v/);
    expect(() => decodeLogEntry(utf8('[1]'))).toThrow(HuzhuError);
    expect(() => decodeLogEntry(Uint8Array.of(0xff))).toThrow(/UTF-8/);
  });
});
