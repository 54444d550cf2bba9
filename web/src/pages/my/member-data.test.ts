import { describe, expect, it } from 'vitest';
import { UPLOAD_LIMITS, uploadProblem } from './member-data';

const file = (bytes: number, type: string) => new File([new Uint8Array(bytes)], 'f', { type });

describe('the evidence upload check before sending', () => {
  it('accepts PDF, PNG and JPEG up to the limit', () => {
    for (const type of UPLOAD_LIMITS.types) expect(uploadProblem(file(10, type))).toBeNull();
    expect(uploadProblem(file(UPLOAD_LIMITS.maxBytes, 'application/pdf'))).toBeNull();
  });
  it('refuses another type, an empty file and one over the limit', () => {
    expect(uploadProblem(file(10, 'text/plain'))).toBe('type');
    expect(uploadProblem(file(0, 'image/png'))).toBe('empty');
    expect(uploadProblem(file(UPLOAD_LIMITS.maxBytes + 1, 'image/jpeg'))).toBe('size');
  });
});
