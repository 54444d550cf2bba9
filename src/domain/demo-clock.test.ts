import { describe, expect, it } from 'vitest';
import { demoStopInstant, nextDemoStopDay } from './demo-clock.ts';
import { parseLocalDate as d } from './local-date.ts';
import { CRITICAL_ILLNESS as R } from './plan-rules.ts';

describe('where the demo clock stops', () => {
  it('is the next announcement (7th, 21st) or charge (14th, 28th) strictly after today', () => {
    expect(nextDemoStopDay(R, d('2024-06-20'), 'announcement')).toBe('2024-06-21');
    expect(nextDemoStopDay(R, d('2024-06-21'), 'announcement')).toBe('2024-07-07');
    expect(nextDemoStopDay(R, d('2024-12-25'), 'announcement')).toBe('2025-01-07');
    expect(nextDemoStopDay(R, d('2024-06-21'), 'charge')).toBe('2024-06-28');
    expect(nextDemoStopDay(R, d('2024-06-28'), 'charge')).toBe('2024-07-14');
  });

  it('stops at 08:00 in the plan\'s zone, after that day\'s 00:00 run', () => {
    expect(demoStopInstant(R, d('2024-06-20'), 'charge').at.toISOString()).toBe('2024-06-28T00:00:00.000Z'); // 08:00 in Shanghai
  });
});
