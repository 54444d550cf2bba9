import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { afterFailure, backOffMs, waitMs, type BackOff, type ThrottleState } from './login-throttle.ts';

const account: BackOff = { freeFailures: 3, baseMs: 1000, maxMs: 60_000, forgetAfterMs: 3_600_000 };

describe('log-in back-off', () => {
  it('lets the first failures through, then doubles the wait up to the cap', () => {
    expect([0, 1, 2, 3, 4, 5, 8, 30].map((n) => backOffMs(n, account))).toEqual([0, 0, 0, 1000, 2000, 4000, 32_000, 60_000]);
  });

  it('never locks the owner out for longer than the cap, however many failures (the old 15-minute lock-out)', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 120_000 }), { maxLength: 200 }), (gaps) => {
      let s: ThrottleState | undefined;
      let t = 0;
      for (const g of gaps) { t += g; if (waitMs(s, t, account) === 0) s = afterFailure(s, t, account); }
      return waitMs(s, t, account) <= account.maxMs;
    }));
  });

  it('slows a guesser: 100 guesses need over an hour at a 60 s cap', () => {
    let s: ThrottleState | undefined;
    let t = 0;
    for (let i = 0; i < 100; i++) { t += waitMs(s, t, account); s = afterFailure(s, t, account); }
    expect(t).toBeGreaterThan(3_600_000);
  });

  it('forgets failures after a quiet spell', () => {
    const s = afterFailure(afterFailure(afterFailure(afterFailure(undefined, 0, account), 0, account), 0, account), 0, account);
    expect(waitMs(s, 500, account)).toBe(1500);
    expect(waitMs(s, account.forgetAfterMs, account)).toBe(0);
    expect(afterFailure(s, account.forgetAfterMs, account).failures).toBe(1);
  });
});
