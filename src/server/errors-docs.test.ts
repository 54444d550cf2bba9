/** docs/errors.md lists every error code with its HTTP status, and nothing else. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../domain/errors.ts';
import { HTTP_STATUS } from './http-errors.ts';

describe('docs/errors.md', () => {
  it('documents every code with its HTTP status, and no code that does not exist', () => {
    const doc = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
    const rows = [...doc.matchAll(/^\| `([A-Z_]+)` \| (\d{3}) \| (.+) \|$/gm)].map((m) => ({ code: m[1]!, status: Number(m[2]), text: m[3]! }));
    expect(rows.map((r) => r.code).sort()).toEqual(Object.keys(ERROR_CODES).sort());
    for (const r of rows) {
      expect(r.status, r.code).toBe(HTTP_STATUS[r.code as keyof typeof HTTP_STATUS]);
      expect(r.text.trim().length, r.code).toBeGreaterThan(10);
    }
  });

  it('maps client faults to 4xx and only platform faults to 5xx', () => {
    const fiveHundreds = Object.entries(HTTP_STATUS).filter(([, s]) => s >= 500).map(([c]) => c).sort();
    expect(fiveHundreds).toEqual(['BOOKS_UNBALANCED', 'INTERNAL']);
  });
});
