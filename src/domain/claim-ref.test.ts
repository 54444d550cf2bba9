import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { newClaimRef } from './claim-ref.ts';

describe('a new claim ref', () => {
  it('carries no date, only 80 random bits', () => {
    const ref = newClaimRef(randomBytes(10));
    expect(ref).toMatch(/^C-[0-9a-f]{20}$/);
    expect(ref).not.toMatch(/C\d{8}/);
    expect(newClaimRef(new Uint8Array(10).fill(0x20))).toBe('C-20202020202020202020');
  });
});
