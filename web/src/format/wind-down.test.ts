import { describe, expect, it } from 'vitest';
import { isOperatorFunded, lastClaimDay } from './wind-down';

const SH = 'Asia/Shanghai';

describe('isOperatorFunded', () => {
  it('is every period charged after the day A fell on, none before', () => {
    const a = '2026-03-10T02:00:00.000Z'; // 10:00 on 10 March in Shanghai
    expect(isOperatorFunded('2026-03-14', a, SH)).toBe(true);
    expect(isOperatorFunded('2026-02-28', a, SH)).toBe(false);
    expect(isOperatorFunded('2026-03-10', a, SH)).toBe(false); // that day's sharing run was at 00:00, before A
    expect(isOperatorFunded('2026-03-14', null, SH)).toBe(false);
  });
  it('funds the charge date itself when A is exactly its 00:00, plan time (not UTC midnight)', () => {
    expect(isOperatorFunded('2026-03-14', '2026-03-13T16:00:00.000Z', SH)).toBe(true);
    expect(isOperatorFunded('2026-03-14', '2026-03-13T16:00:00.001Z', SH)).toBe(false);
    expect(isOperatorFunded('2026-03-14', '2026-03-14T00:00:00.000Z', SH)).toBe(false); // 08:00 in Shanghai
    expect(isOperatorFunded('2027-01-01', '2026-12-31T16:00:00.000Z', SH)).toBe(true); // a year's end
  });
});

describe('lastClaimDay', () => {
  it('is the day before the window\'s closing midnight, in the plan\'s zone', () => {
    expect(lastClaimDay('2024-03-15T16:00:00.000Z', SH)).toBe('2024-03-15');
    expect(lastClaimDay('2026-12-31T16:00:00.000Z', SH)).toBe('2026-12-31');
  });
});
