import { describe, expect, it } from 'vitest';
import { ERROR_CODES, HuzhuError, invalid, isHuzhuError, type ErrorCode } from './errors.ts';

describe('error codes', () => {
  it('include every rejection code the rules use', () => {
    const needed: ErrorCode[] = [
      'NOT_ELIGIBLE_AGE', 'NOT_ELIGIBLE_HEALTH', 'NOT_ELIGIBLE_CREDIT', 'ALREADY_MEMBER',
      'NOT_A_MEMBER', 'PRE_EXISTING', 'WAITING_PERIOD', 'DUPLICATE_PAYOUT', 'BOOKS_UNBALANCED', 'VALIDATION',
    ];
    for (const code of needed) expect(Object.keys(ERROR_CODES)).toContain(code);
  });
  it('are upper snake case, each with a description', () => {
    for (const [code, text] of Object.entries(ERROR_CODES)) {
      expect(code).toMatch(/^[A-Z]+(_[A-Z]+)*$/);
      expect(text.length).toBeGreaterThan(10);
    }
  });
});

describe('HuzhuError', () => {
  it('carries a code, an optional field, details and cause', () => {
    const cause = new Error('root');
    const e = new HuzhuError('CONFLICT', 'claim is no longer pending', { field: 'claim', details: { status: 'paid' }, cause });
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('HuzhuError');
    expect(e.code).toBe('CONFLICT');
    expect(e.message).toBe('claim is no longer pending');
    expect(e.field).toBe('claim');
    expect(e.details).toEqual({ status: 'paid' });
    expect(e.cause).toBe(cause);
  });
  it('serialises to code, message and field only', () => {
    expect(JSON.parse(JSON.stringify(new HuzhuError('NOT_FOUND', 'no such plan')))).toEqual({ code: 'NOT_FOUND', message: 'no such plan' });
    expect(new HuzhuError('VALIDATION', 'bad', { field: 'x', details: { secret: 1 } }).toJSON()).toEqual({ code: 'VALIDATION', message: 'bad', field: 'x' });
  });
  it('has no cause unless one is given', () => {
    expect('cause' in new HuzhuError('INTERNAL', 'x')).toBe(false);
  });
  it('isHuzhuError tells it from other errors', () => {
    expect(isHuzhuError(new HuzhuError('INTERNAL', 'x'))).toBe(true);
    expect(isHuzhuError(new Error('x'))).toBe(false);
    expect(isHuzhuError({ code: 'INTERNAL', message: 'x' })).toBe(false);
    expect(isHuzhuError(undefined)).toBe(false);
  });
  it('invalid() names the field in code, field and message', () => {
    const e = invalid('birthDate', 'is in the future');
    expect(e.code).toBe('VALIDATION');
    expect(e.field).toBe('birthDate');
    expect(e.message).toBe('birthDate: is in the future');
  });
});
