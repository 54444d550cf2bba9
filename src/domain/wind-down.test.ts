import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LocalDate } from './local-date.ts';
import { startOfDay } from './local-date.ts';
import {
  assertCutOffNotBefore, assertOpenToNewMoney, claimAdmissibility, claimWindowEndsAt, countsAsMember, endOfCutOff, isOperatorFunded,
  operatorFundedPeriod, parseTerms, planStatusAt, readyToClose, rulesInstantForClaim,
} from './wind-down.ts';
import { computeShare } from './sharing-rule.ts';

const TZ = 'Asia/Shanghai';
const d = (s: string) => s as LocalDate;
const at = (s: string) => new Date(s);
const terms = parseTerms({ cutOffOn: '2024-06-30' });

describe('the terms', () => {
  it('default to no refund of past shares and a 180-day window; name the bad field', () => {
    expect(terms).toEqual({ cutOffOn: '2024-06-30', refundPastShares: false, claimWindowDays: 180 });
    expect(() => parseTerms({ cutOffOn: '2024-02-30' })).toThrow(/cutOffOn/);
    expect(() => parseTerms({ cutOffOn: '2024-06-30', claimWindowDays: 1.5 })).toThrow(/claimWindowDays/);
    expect(() => parseTerms({ cutOffOn: '2024-06-30', claimWindowDays: -1 })).toThrow(/claimWindowDays/);
    expect(() => parseTerms({ cutOffOn: '2024-06-30', refundPastShares: 'yes' })).toThrow(/refundPastShares/);
  });

  it('take a cut-off on A\'s own local date but not the day before (midnight in Asia/Shanghai)', () => {
    const a = at('2024-06-29T16:00:00Z'); // 00:00 of 30 June in Shanghai
    expect(() => assertCutOffNotBefore(terms, a, TZ)).not.toThrow();
    expect(() => assertCutOffNotBefore(terms, at('2024-06-30T16:00:00Z'), TZ)).toThrow(/cutOffOn: 2024-06-30 is before/);
    expect(() => assertCutOffNotBefore(terms, at('2024-06-30T15:59:59.999Z'), TZ)).not.toThrow(); // 23:59:59.999 of 30 June
  });
});

describe('the plan\'s status', () => {
  const w = { startedAt: at('2024-06-13T16:00:00Z'), closedAt: null };
  it('is active before A and while only proposed, winding down from A, closed from its closing', () => {
    expect(planStatusAt(undefined, at('2024-07-01T00:00:00Z'))).toBe('active');
    expect(planStatusAt({ startedAt: null, closedAt: null }, at('2030-01-01T00:00:00Z'))).toBe('active');
    expect(planStatusAt(w, at('2024-06-13T15:59:59.999Z'))).toBe('active');
    expect(planStatusAt(w, w.startedAt)).toBe('winding-down');
    const closed = { ...w, closedAt: at('2025-01-01T00:00:00Z') };
    expect(planStatusAt(closed, at('2024-12-31T23:59:59Z'))).toBe('winding-down');
    expect(planStatusAt(closed, closed.closedAt)).toBe('closed');
  });

  it('refuses joins and recharges PLAN_CLOSING from A exactly', () => {
    expect(() => assertOpenToNewMoney(w, at('2024-06-13T15:59:59.999Z'), 'ci', 'join')).not.toThrow();
    expect(() => assertOpenToNewMoney(w, w.startedAt, 'ci', 'recharge')).toThrow(expect.objectContaining({ code: 'PLAN_CLOSING', field: 'plan' }));
  });
});

describe('operator-funded periods', () => {
  it('are those whose sharing run is at or after A: A at 00:00 of a charge date funds that charge date\'s period', () => {
    const chargeRun = startOfDay(d('2024-06-14'), TZ);
    expect(isOperatorFunded(chargeRun, chargeRun)).toBe(true);
    expect(isOperatorFunded(new Date(chargeRun.getTime() + 1), chargeRun)).toBe(false);
    expect(isOperatorFunded(null, chargeRun)).toBe(false);
  });

  it('bill nobody: the surplus first, then the operator', () => {
    expect(operatorFundedPeriod({ payoutFen: 5000n, surplusInFen: 1200n })).toEqual({ feeFen: 0n, shareFen: 0n, billedFen: 0n, operatorSubsidyFen: 3800n, surplusOutFen: 0n });
    expect(operatorFundedPeriod({ payoutFen: 1000n, surplusInFen: 1200n })).toMatchObject({ operatorSubsidyFen: 0n, surplusOutFen: 200n });
    expect(operatorFundedPeriod({ payoutFen: 0n, surplusInFen: 0n })).toMatchObject({ operatorSubsidyFen: 0n, surplusOutFen: 0n });
    expect(() => operatorFundedPeriod({ payoutFen: -1n, surplusInFen: 0n })).toThrow(RangeError);
  });

  // subsidy + surplus out is |payouts - surplus in| = max(payouts, surplus in) - min(payouts, surplus in): one of the two is always 0.
  it('property: subsidy + surplus out = max - min of payouts and surplus in, money is conserved, and never more than the member-funded due', () => {
    const fen = fc.bigInt({ min: 0n, max: 10n ** 12n });
    fc.assert(fc.property(fen, fen, fc.bigInt({ min: 1n, max: 10n ** 6n }), (payoutFen, surplusInFen, members) => {
      const p = operatorFundedPeriod({ payoutFen, surplusInFen });
      const [max, min] = payoutFen > surplusInFen ? [payoutFen, surplusInFen] : [surplusInFen, payoutFen];
      expect(p.operatorSubsidyFen + p.surplusOutFen).toBe(max - min);
      // The sharing identity with billed = fee = 0: what comes in is what goes out.
      expect(p.billedFen + p.operatorSubsidyFen + surplusInFen).toBe(payoutFen + p.feeFen + p.surplusOutFen);
      expect(p.operatorSubsidyFen >= 0n && p.surplusOutFen >= 0n).toBe(true);
      expect(p.operatorSubsidyFen === 0n || p.surplusOutFen === 0n).toBe(true);
      // The operator pays no more than the members would have been billed (without the fee).
      const members_ = computeShare({ payoutFen, surplusInFen, sharingMembers: members, feeBasisPoints: 0n });
      expect(p.operatorSubsidyFen <= members_.shareFen * members).toBe(true);
    }));
  });
});

describe('claims in a wind-down', () => {
  const filed = (iso: string, diagnosedOn = '2024-06-30') => claimAdmissibility(terms, TZ, { diagnosedOn: d(diagnosedOn), filedAt: at(iso) });

  it('diagnosed on C is covered, on C + 1 is AFTER_CUT_OFF', () => {
    expect(filed('2024-07-02T02:00:00Z', '2024-06-30')).toBeNull();
    expect(filed('2024-07-02T02:00:00Z', '2024-07-01')).toMatchObject({ code: 'AFTER_CUT_OFF' });
  });

  it('filed on the last day of the window is covered, the day after is CLAIM_WINDOW_CLOSED (midnight in Asia/Shanghai)', () => {
    // C + 180 = 2024-12-27; the window ends at 00:00 of 28 December in Shanghai (16:00 UTC on the 27th).
    expect(claimWindowEndsAt(terms, TZ)).toEqual(at('2024-12-27T16:00:00Z'));
    expect(filed('2024-12-27T15:59:59.999Z')).toBeNull();
    expect(filed('2024-12-27T16:00:00Z')).toMatchObject({ code: 'CLAIM_WINDOW_CLOSED', reason: expect.stringContaining('2024-12-27') });
    expect(claimAdmissibility({ ...terms, claimWindowDays: 0 }, TZ, { diagnosedOn: d('2024-06-30'), filedAt: at('2024-06-30T15:59:59Z') })).toBeNull();
    expect(claimAdmissibility({ ...terms, claimWindowDays: 0 }, TZ, { diagnosedOn: d('2024-06-30'), filedAt: at('2024-06-30T16:00:00Z') })).toMatchObject({ code: 'CLAIM_WINDOW_CLOSED' });
  });

  it('a membership closed by the wind-down counts as a member for a diagnosis while it was active', () => {
    const end = endOfCutOff(d('2024-06-30'), TZ);
    expect(end).toEqual(at('2024-06-30T16:00:00Z'));
    expect(countsAsMember({ status: 'closed', endedAt: end, activeWhenFiled: false }, startOfDay(d('2024-06-30'), TZ))).toBe(true);
    expect(countsAsMember({ status: 'closed', endedAt: end, activeWhenFiled: false }, startOfDay(d('2024-07-01'), TZ))).toBe(false);
    expect(countsAsMember({ status: 'left', endedAt: end, activeWhenFiled: false }, startOfDay(d('2024-06-30'), TZ))).toBe(false);
    expect(countsAsMember({ status: 'active', endedAt: null, activeWhenFiled: true }, startOfDay(d('2024-06-30'), TZ))).toBe(true);
  });

  it('are decided under the rules as they stood at A (the diagnosis date\'s, never later)', () => {
    const a = at('2024-06-13T16:00:00Z');
    expect(rulesInstantForClaim(a, at('2024-06-20T16:00:00Z'))).toEqual(a);
    expect(rulesInstantForClaim(a, at('2024-06-01T16:00:00Z'))).toEqual(at('2024-06-01T16:00:00Z'));
    expect(rulesInstantForClaim(null, at('2024-06-20T16:00:00Z'))).toEqual(at('2024-06-20T16:00:00Z'));
  });
});

describe('closing', () => {
  it('waits for the end of the window and for every claim to be paid or rejected', () => {
    const windowEndsAt = claimWindowEndsAt(terms, TZ);
    expect(readyToClose({ windowEndsAt, at: new Date(windowEndsAt.getTime() - 1), openClaims: 0 })).toBe(false);
    expect(readyToClose({ windowEndsAt, at: windowEndsAt, openClaims: 1n })).toBe(false);
    expect(readyToClose({ windowEndsAt, at: windowEndsAt, openClaims: 0n })).toBe(true);
  });
});
