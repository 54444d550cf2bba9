import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvField, csvRecord, parseCsv } from './csv.ts';

describe('RFC 4180 CSV', () => {
  it('leaves plain fields alone and writes numbers, bigints and empties', () => {
    expect(csvRecord(['abc', 12, 3n, null, undefined, true, ''])).toBe('abc,12,3,,,true,\r\n');
  });

  it('quotes a field holding a comma, a quote, CR or LF, doubling the quotes', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('line\nbreak')).toBe('"line\nbreak"');
    expect(csvField('cr\rhere')).toBe('"cr\rhere"');
    expect(csvField('"')).toBe('""""');
    expect(csvField('中文，全角逗号')).toBe('中文，全角逗号');
  });

  it('parses back exactly what it wrote, whatever the text', () => {
    fc.assert(fc.property(fc.array(fc.array(fc.string({ unit: 'binary' }), { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 5 }), (rows) => {
      const text = rows.map((r) => csvRecord(r)).join('');
      // A record of one empty field is an empty line: the parser reads it as [''] too.
      expect(parseCsv(text)).toEqual(rows);
    }));
  });
});
