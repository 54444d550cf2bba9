import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canTransition, checkClaim, payoutFor, type ClaimFacts, type ClaimStatus, type Severity } from './claim-rules.ts';
import { addDays, parseLocalDate, type LocalDate } from './local-date.ts';
import { CRITICAL_ILLNESS, ELDERLY_CANCER, rulesFor } from './plan-rules.ts';

const d = (s: string): LocalDate => parseLocalDate(s);
const r = CRITICAL_ILLNESS;
const JOIN = d('2020-01-10');
const facts = (over: Partial<ClaimFacts> = {}): ClaimFacts => ({
  diagnosedOn: d('2020-06-01'), severity: 'severe', cause: 'illness', birthDate: d('1990-05-20'), joinedOn: JOIN,
  waitingEndsOn: addDays(JOIN, 90), activeWhenFiled: true, otherPayouts: [], ...over,
});
const outcome = (f: ClaimFacts, rules = r): string => {
  const c = checkClaim(rules, f);
  return c.ok ? `pay ${c.payoutFen}` : c.code;
};
const PAY_300K = `pay ${30_000_000n}`;
const PAY_100K = `pay ${10_000_000n}`;
const PAY_50K = `pay ${5_000_000n}`;

describe('payout by age in completed years at the diagnosis date', () => {
  const birthDate = d('1980-06-15'); // 40th birthday 2020-06-15
  it('300,000 yuan the day before the 40th birthday, 100,000 yuan on it', () => {
    expect(checkClaim(r, facts({ birthDate, diagnosedOn: d('2020-06-14') }))).toEqual({ ok: true, payoutFen: 30_000_000n, ageAtDiagnosis: 39 });
    expect(checkClaim(r, facts({ birthDate, diagnosedOn: d('2020-06-15') }))).toEqual({ ok: true, payoutFen: 10_000_000n, ageAtDiagnosis: 40 });
  });
  it('the 40th birthday of someone born on 29 February in a common year is 1 March', () => {
    const b = d('1980-02-29'); // 40th birthday 2020-02-29 (leap year)
    expect(outcome(facts({ birthDate: b, joinedOn: d('2019-01-01'), waitingEndsOn: d('2019-04-01'), diagnosedOn: d('2020-02-28') }))).toBe(PAY_300K);
    expect(outcome(facts({ birthDate: b, joinedOn: d('2019-01-01'), waitingEndsOn: d('2019-04-01'), diagnosedOn: d('2020-02-29') }))).toBe(PAY_100K);
    const c = d('2060-02-29'); // 40th birthday in 2100, a common year: 1 March
    expect(outcome(facts({ birthDate: c, joinedOn: d('2099-01-01'), waitingEndsOn: d('2099-04-01'), diagnosedOn: d('2100-02-28') }))).toBe(PAY_300K);
    expect(outcome(facts({ birthDate: c, joinedOn: d('2099-01-01'), waitingEndsOn: d('2099-04-01'), diagnosedOn: d('2100-03-01') }))).toBe(PAY_100K);
  });
  it('payoutFor: bands by age, mild flat, nothing above the last band', () => {
    expect(payoutFor(r, 'severe', 0)).toBe(30_000_000n);
    expect(payoutFor(r, 'severe', 39)).toBe(30_000_000n);
    expect(payoutFor(r, 'severe', 40)).toBe(10_000_000n);
    expect(payoutFor(r, 'severe', 59)).toBe(10_000_000n);
    expect(payoutFor(r, 'severe', 60)).toBeNull();
    expect(payoutFor(r, 'mild', 10)).toBe(5_000_000n);
    expect(payoutFor(r, 'mild', 45)).toBe(5_000_000n);
  });
  it('elderly plan: 50,000 mild / 100,000 severe yuan at any covered age', () => {
    expect(payoutFor(ELDERLY_CANCER, 'severe', 60)).toBe(10_000_000n);
    expect(payoutFor(ELDERLY_CANCER, 'severe', 79)).toBe(10_000_000n);
    expect(payoutFor(ELDERLY_CANCER, 'mild', 70)).toBe(5_000_000n);
    const elderly = facts({ birthDate: d('1955-03-01'), joinedOn: d('2019-05-01'), waitingEndsOn: d('2019-07-30'), diagnosedOn: d('2020-01-01') });
    expect(outcome(elderly, ELDERLY_CANCER)).toBe(PAY_100K);
    expect(outcome({ ...elderly, severity: 'mild' }, ELDERLY_CANCER)).toBe(PAY_50K);
  });
  it('a diagnosis at an age no band covers is refused', () => {
    const c = checkClaim(r, facts({ birthDate: d('1960-01-01'), diagnosedOn: d('2020-01-01'), joinedOn: d('2019-01-01'), waitingEndsOn: d('2019-04-01') }));
    expect(c.ok).toBe(false);
    if (!c.ok) expect(c.code).toBe('NOT_A_MEMBER');
  });
});

describe('waiting period (90 days for illness) and pre-existing illness', () => {
  it('join + 89 days is still waiting; join + 90 days is covered', () => {
    expect(outcome(facts({ diagnosedOn: addDays(JOIN, 89) }))).toBe('WAITING_PERIOD');
    expect(outcome(facts({ diagnosedOn: addDays(JOIN, 90) }))).toBe(PAY_300K);
    expect(outcome(facts({ diagnosedOn: JOIN }))).toBe('WAITING_PERIOD'); // the join day itself
  });
  it('an accident has no waiting period, from the join date on', () => {
    expect(outcome(facts({ cause: 'accident', diagnosedOn: JOIN }))).toBe(PAY_300K);
    expect(outcome(facts({ cause: 'accident', diagnosedOn: addDays(JOIN, 1) }))).toBe(PAY_300K);
    expect(outcome(facts({ cause: 'accident', severity: 'mild', diagnosedOn: addDays(JOIN, 89) }))).toBe(PAY_50K);
  });
  it('an accident waits like an illness when the plan says so', () => {
    const strict = rulesFor('critical-illness', { accidentSkipsWaitingPeriod: false });
    expect(outcome(facts({ cause: 'accident', diagnosedOn: addDays(JOIN, 89) }), strict)).toBe('WAITING_PERIOD');
    expect(outcome(facts({ cause: 'accident', diagnosedOn: addDays(JOIN, 90) }), strict)).toBe(PAY_300K);
  });
  it('a diagnosis before the join date is pre-existing, for illness and accident alike', () => {
    expect(outcome(facts({ diagnosedOn: addDays(JOIN, -1) }))).toBe('PRE_EXISTING');
    expect(outcome(facts({ cause: 'accident', diagnosedOn: addDays(JOIN, -1) }))).toBe('PRE_EXISTING');
    expect(outcome(facts({ diagnosedOn: d('2010-01-01') }))).toBe('PRE_EXISTING');
  });
  it('property: an illness is refused exactly when diagnosed within 90 days of joining, or before it', () => {
    fc.assert(fc.property(fc.integer({ min: -400, max: 400 }), fc.constantFrom<Severity>('severe', 'mild'), (offset, severity) => {
      const expected = offset < 0 ? 'PRE_EXISTING' : offset < 90 ? 'WAITING_PERIOD' : 'OK';
      const c = checkClaim(r, facts({ diagnosedOn: addDays(JOIN, offset), severity }));
      expect(c.ok ? 'OK' : c.code).toBe(expected);
    }));
  });
});

describe('membership and duplicate payouts', () => {
  it('a claim filed when the membership was not active is refused', () => {
    expect(outcome(facts({ activeWhenFiled: false }))).toBe('NOT_A_MEMBER');
    expect(outcome(facts({ activeWhenFiled: false, diagnosedOn: addDays(JOIN, -5) }))).toBe('NOT_A_MEMBER');
  });
  it('one mild payout: a second mild one is a duplicate', () => {
    expect(outcome(facts({ severity: 'mild' }))).toBe(PAY_50K);
    expect(outcome(facts({ severity: 'mild', otherPayouts: [{ severity: 'mild' }] }))).toBe('DUPLICATE_PAYOUT');
  });
  it('severe after mild pays in full', () => {
    expect(outcome(facts({ severity: 'severe', otherPayouts: [{ severity: 'mild' }] }))).toBe(PAY_300K);
  });
  it('anything after a severe payout is a duplicate', () => {
    expect(outcome(facts({ severity: 'severe', otherPayouts: [{ severity: 'severe' }] }))).toBe('DUPLICATE_PAYOUT');
    expect(outcome(facts({ severity: 'mild', otherPayouts: [{ severity: 'severe' }] }))).toBe('DUPLICATE_PAYOUT');
    expect(outcome(facts({ severity: 'severe', otherPayouts: [{ severity: 'mild' }, { severity: 'severe' }] }))).toBe('DUPLICATE_PAYOUT');
  });
  it('maxMildPayouts is a setting', () => {
    const two = rulesFor('critical-illness', { maxMildPayouts: 2 });
    expect(outcome(facts({ severity: 'mild', otherPayouts: [{ severity: 'mild' }] }), two)).toBe(PAY_50K);
    expect(outcome(facts({ severity: 'mild', otherPayouts: [{ severity: 'mild' }, { severity: 'mild' }] }), two)).toBe('DUPLICATE_PAYOUT');
    const none = rulesFor('critical-illness', { maxMildPayouts: 0 });
    expect(outcome(facts({ severity: 'mild' }), none)).toBe('DUPLICATE_PAYOUT');
  });
  it('checks in order: membership, pre-existing, waiting period, duplicates', () => {
    const all = facts({ activeWhenFiled: false, diagnosedOn: addDays(JOIN, -1), otherPayouts: [{ severity: 'severe' }] });
    expect(outcome(all)).toBe('NOT_A_MEMBER');
    expect(outcome({ ...all, activeWhenFiled: true })).toBe('PRE_EXISTING');
    expect(outcome({ ...all, activeWhenFiled: true, diagnosedOn: addDays(JOIN, 10) })).toBe('WAITING_PERIOD');
    expect(outcome({ ...all, activeWhenFiled: true, diagnosedOn: addDays(JOIN, 100) })).toBe('DUPLICATE_PAYOUT');
  });
});

describe('the claim state machine', () => {
  const ALL: ClaimStatus[] = ['pending', 'investigating', 'approved', 'challenged', 'paid', 'rejected'];
  it('allows exactly the documented transitions', () => {
    const allowed = ALL.flatMap((from) => ALL.filter((to) => canTransition(from, to)).map((to) => `${from}->${to}`));
    expect(allowed.sort()).toEqual([
      'approved->challenged', 'approved->paid', 'approved->rejected',
      'challenged->approved', 'challenged->rejected',
      'investigating->approved', 'investigating->rejected',
      'pending->approved', 'pending->investigating', 'pending->rejected',
    ]);
  });
  it('paid and rejected are final; nothing returns to pending', () => {
    for (const to of ALL) {
      expect(canTransition('paid', to)).toBe(false);
      expect(canTransition('rejected', to)).toBe(false);
      expect(canTransition(to, 'pending')).toBe(false);
    }
  });
});
