import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assertEffectiveOn, assertVotingOpen, checkChanges, DEFAULT_GOVERNANCE, passes, proposableSettings, sideBySide, votingClosesAt,
} from './governance.ts';
import type { LocalDate } from './local-date.ts';
import { CRITICAL_ILLNESS, PLAN_RULE_KEYS, rulesFromJson, rulesToJson } from './plan-rules.ts';

const g = DEFAULT_GOVERNANCE;

describe('the tally', () => {
  it('passes at exactly the quorum and exactly the threshold', () => {
    // 5% of 1000 eligible is 50 cast; 67% of 100 cast is 67 in favour
    expect(passes({ eligible: 1000, votesFor: 34, votesAgainst: 16 }, g)).toBe(true); // 50 cast, 34/50 = 68%
    expect(passes({ eligible: 1000, votesFor: 33, votesAgainst: 16 }, g)).toBe(false); // 49 cast: below quorum
    expect(passes({ eligible: 1000, votesFor: 67, votesAgainst: 33 }, g)).toBe(true); // exactly 67%
    expect(passes({ eligible: 1000, votesFor: 66, votesAgainst: 34 }, g)).toBe(false); // 66%
  });

  it('exact quorum with a fractional requirement: 5% of 1001 is 50.05, so 51 votes are needed', () => {
    expect(passes({ eligible: 1001, votesFor: 50, votesAgainst: 0 }, g)).toBe(false);
    expect(passes({ eligible: 1001, votesFor: 51, votesAgainst: 0 }, g)).toBe(true);
  });

  it('no vote cast never passes, even with a zero quorum', () => {
    expect(passes({ eligible: 0, votesFor: 0, votesAgainst: 0 }, { ...g, quorumBasisPoints: 0 })).toBe(false);
  });

  it('property: the result is the integer rule, monotone in votes for', () => {
    fc.assert(fc.property(
      fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 0, max: 1_000_000 }),
      fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 1, max: 10_000 }),
      (eligible, votesFor, votesAgainst, quorumBasisPoints, thresholdBasisPoints) => {
        const s = { ...g, quorumBasisPoints, thresholdBasisPoints };
        const cast = votesFor + votesAgainst;
        const expected = cast > 0 && cast * 10_000 >= quorumBasisPoints * eligible && votesFor * 10_000 >= thresholdBasisPoints * cast;
        expect(passes({ eligible, votesFor, votesAgainst }, s)).toBe(expected);
        // turning one vote against into one for never turns a pass into a failure
        if (expected && votesAgainst > 0) expect(passes({ eligible, votesFor: votesFor + 1, votesAgainst: votesAgainst - 1 }, s)).toBe(true);
      },
    ));
  });
});

describe('the voting window', () => {
  const opened = new Date('2026-03-01T02:00:00Z');
  const closes = votingClosesAt(opened, g);

  it('closes votingDays x 24 h after it opens', () => {
    expect(closes.toISOString()).toBe('2026-03-08T02:00:00.000Z');
  });

  it('takes a vote one second before the close, refuses one at the close with WINDOW_CLOSED', () => {
    expect(() => assertVotingOpen(opened, closes, new Date(closes.getTime() - 1000))).not.toThrow();
    expect(() => assertVotingOpen(opened, closes, closes)).toThrow(expect.objectContaining({ code: 'WINDOW_CLOSED' }));
    expect(() => assertVotingOpen(opened, closes, new Date(opened.getTime() - 1))).toThrow(expect.objectContaining({ code: 'WINDOW_CLOSED' }));
    expect(() => assertVotingOpen(opened, closes, opened)).not.toThrow();
  });

  it('wants effectiveOn at least noticeDays after the local day of the close', () => {
    // closes 2026-03-08 10:00 in Shanghai; 30 days later is 2026-04-07
    expect(() => assertEffectiveOn('2026-04-07' as LocalDate, closes, 'Asia/Shanghai', g)).not.toThrow();
    expect(() => assertEffectiveOn('2026-04-06' as LocalDate, closes, 'Asia/Shanghai', g))
      .toThrow(expect.objectContaining({ code: 'VALIDATION', field: 'effectiveOn' }));
  });

  it('with no notice, still never the day the vote closes (its morning ran on the old rules)', () => {
    const none = { ...g, noticeDays: 0 };
    expect(() => assertEffectiveOn('2026-03-08' as LocalDate, closes, 'Asia/Shanghai', none)).toThrow(expect.objectContaining({ field: 'effectiveOn' }));
    expect(() => assertEffectiveOn('2026-03-09' as LocalDate, closes, 'Asia/Shanghai', none)).not.toThrow();
  });
});

describe('what a proposal may change', () => {
  it('is every plan setting but the excluded ones, so a new setting joins by itself', () => {
    const keys = proposableSettings(PLAN_RULE_KEYS);
    for (const k of ['feeBasisPoints', 'annualCapFen', 'perCaseCapFen', 'payoutBands', 'mildPayoutFen', 'waitingPeriodDays', 'minJoinAgeYears', 'maxJoinAgeYears', 'decisions']) {
      expect(keys).toContain(k);
    }
    for (const k of ['preset', 'timeZone', 'cycles', 'governance']) expect(keys).not.toContain(k);
    expect(proposableSettings([...PLAN_RULE_KEYS, 'contributionWeights'])).toContain('contributionWeights');
  });

  it('refuses an excluded setting, an empty change and a change to the same value', () => {
    const current = rulesToJson(CRITICAL_ILLNESS) as unknown as Record<string, unknown>;
    expect(() => checkChanges({ timeZone: 'UTC' }, PLAN_RULE_KEYS, current)).toThrow(expect.objectContaining({ field: 'rules.timeZone' }));
    expect(() => checkChanges({}, PLAN_RULE_KEYS, current)).toThrow(expect.objectContaining({ code: 'VALIDATION' }));
    expect(() => checkChanges({ feeBasisPoints: 800 }, PLAN_RULE_KEYS, current)).toThrow(expect.objectContaining({ code: 'VALIDATION' }));
    expect(checkChanges({ feeBasisPoints: 600, waitingPeriodDays: 90 }, PLAN_RULE_KEYS, current)).toEqual(['feeBasisPoints']);
  });

  it('shows the old and new values side by side', () => {
    expect(sideBySide({ a: 1, b: 2 }, { a: 3, b: 2 }, ['a'])).toEqual({ old: { a: 1 }, new: { a: 3 } });
  });

  it('the governance defaults apply to plans stored without them', () => {
    const j = rulesToJson(CRITICAL_ILLNESS) as Record<string, unknown>;
    delete j.governance;
    expect(rulesFromJson(j).governance).toEqual({ votingDays: 7, quorumBasisPoints: 500, thresholdBasisPoints: 6700, noticeDays: 30 });
  });
});
