import { describe, expect, it } from 'vitest';
import { assertPasswordAcceptable } from './password-policy.ts';

describe('the password policy', () => {
  it('refuses short, common and patterned passwords (aaaaaaaaaa was accepted)', () => {
    for (const p of ['short', 'aaaaaaaaaa', 'password123', '1234567890', 'qwertyuiop', 'iloveyou12']) {
      expect(() => assertPasswordAcceptable(p), p).toThrow(expect.objectContaining({ code: 'VALIDATION', field: 'password' }));
    }
  });

  it('refuses a password made of the e-mail, accepts a long phrase', () => {
    expect(() => assertPasswordAcceptable('liming12345', ['li.ming@example.com'])).toThrow(expect.objectContaining({ code: 'VALIDATION' }));
    expect(() => assertPasswordAcceptable('correct horse battery')).not.toThrow();
    expect(() => assertPasswordAcceptable('river 纸飞机 lantern')).not.toThrow();
  });
});
