import { describe, expect, it } from 'vitest';
import { dayIn } from './dates';

describe('dayIn', () => {
  it('is the calendar day in the plan\'s zone, which runs 8 hours ahead of UTC in Shanghai', () => {
    expect(dayIn(new Date('2026-12-02T15:59:59.999Z'), 'Asia/Shanghai')).toBe('2026-12-02');
    expect(dayIn(new Date('2026-12-02T16:00:00.000Z'), 'Asia/Shanghai')).toBe('2026-12-03');
    expect(dayIn(new Date('2026-12-31T16:00:00.000Z'))).toBe('2027-01-01'); // the default zone, at a year's end
    expect(dayIn(new Date('2026-12-31T16:00:00.000Z'), 'UTC')).toBe('2026-12-31');
  });
});
