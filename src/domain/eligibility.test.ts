import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decideJoin, type JoinApplication } from './eligibility.ts';
import { addDays, ageOn, anniversary, parseLocalDate, type LocalDate } from './local-date.ts';
import { CRITICAL_ILLNESS, ELDERLY_CANCER, rulesFor, type PlanRules } from './plan-rules.ts';

const d = (s: string): LocalDate => parseLocalDate(s);
const NO = { cancer: false, heartDisease: false };
const app = (over: Partial<JoinApplication> = {}): JoinApplication => ({
  birthDate: d('1990-05-20'), joinDate: d('2020-01-10'), declaration: NO, creditScore: 700, alreadyActiveMember: false, ...over,
});
const codeOf = (rules: PlanRules, a: JoinApplication): string => {
  const r = decideJoin(rules, a);
  return r.ok ? 'OK' : r.code;
};

describe('joining the critical-illness plan', () => {
  const r = CRITICAL_ILLNESS;

  it('accepts an eligible applicant; the waiting period ends 90 days after the join date', () => {
    expect(decideJoin(r, app())).toEqual({ ok: true, waitingEndsOn: '2020-04-09' });
    expect(decideJoin(r, app({ joinDate: d('2019-12-01') }))).toEqual({ ok: true, waitingEndsOn: '2020-02-29' });
  });

  it('minimum age 30 days: day 29 is too young, day 30 is old enough', () => {
    const birthDate = d('2020-01-01');
    expect(codeOf(r, app({ birthDate, joinDate: addDays(birthDate, 29) }))).toBe('NOT_ELIGIBLE_AGE');
    expect(codeOf(r, app({ birthDate, joinDate: addDays(birthDate, 30) }))).toBe('OK');
    expect(addDays(birthDate, 30)).toBe('2020-01-31');
    expect(codeOf(r, app({ birthDate, joinDate: birthDate }))).toBe('NOT_ELIGIBLE_AGE');
    expect(codeOf(r, app({ birthDate, joinDate: addDays(birthDate, -1) }))).toBe('NOT_ELIGIBLE_AGE'); // not born yet
  });

  it('maximum age 59: the day before the 60th birthday is fine, the 60th birthday is not', () => {
    const birthDate = d('1960-03-15');
    expect(codeOf(r, app({ birthDate, joinDate: d('2020-03-14') }))).toBe('OK');
    expect(codeOf(r, app({ birthDate, joinDate: d('2020-03-15') }))).toBe('NOT_ELIGIBLE_AGE');
    expect(codeOf(r, app({ birthDate, joinDate: d('2030-01-01') }))).toBe('NOT_ELIGIBLE_AGE');
  });

  it('a 29 February birthday: the 60th birthday is 29 February in a leap year and 1 March in a common one', () => {
    const leap = d('1960-02-29'); // 60th birthday 2020-02-29 (leap year)
    expect(codeOf(r, app({ birthDate: leap, joinDate: d('2020-02-28') }))).toBe('OK');
    expect(codeOf(r, app({ birthDate: leap, joinDate: d('2020-02-29') }))).toBe('NOT_ELIGIBLE_AGE');
    const common = d('2040-02-29'); // 60th birthday in 2100, not a leap year: 1 March
    expect(anniversary(common, 60)).toBe('2100-03-01');
    expect(codeOf(r, app({ birthDate: common, joinDate: d('2100-02-28') }))).toBe('OK');
    expect(codeOf(r, app({ birthDate: common, joinDate: d('2100-03-01') }))).toBe('NOT_ELIGIBLE_AGE');
  });

  it('a 29 February baby in a common year is 30 days old on the 30th day', () => {
    const birthDate = d('2020-02-29');
    expect(codeOf(r, app({ birthDate, joinDate: d('2020-03-29') }))).toBe('NOT_ELIGIBLE_AGE'); // day 29
    expect(codeOf(r, app({ birthDate, joinDate: d('2020-03-30') }))).toBe('OK'); // day 30
  });

  it('requires a health declaration answered all "no"', () => {
    expect(codeOf(r, app({ declaration: undefined }))).toBe('NOT_ELIGIBLE_HEALTH');
    expect(codeOf(r, app({ declaration: {} }))).toBe('NOT_ELIGIBLE_HEALTH');
    expect(codeOf(r, app({ declaration: { cancer: false, heartDisease: true } }))).toBe('NOT_ELIGIBLE_HEALTH');
    const res = decideJoin(r, app({ declaration: { a: true, b: false, c: true } }));
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.reason).toContain('a, c');
    // anything that is not literally false counts as "yes"
    expect(codeOf(r, app({ declaration: { cancer: 'no' as unknown as boolean } }))).toBe('NOT_ELIGIBLE_HEALTH');
  });

  it('requires a credit score of at least 650 when one is given', () => {
    expect(codeOf(r, app({ creditScore: 649 }))).toBe('NOT_ELIGIBLE_CREDIT');
    expect(codeOf(r, app({ creditScore: 650 }))).toBe('OK');
    expect(codeOf(r, app({ creditScore: undefined }))).toBe('OK');
    expect(codeOf(rulesFor('critical-illness', { minCreditScore: null }), app({ creditScore: 1 }))).toBe('OK');
  });

  it('allows one active membership per person per plan', () => {
    expect(codeOf(r, app({ alreadyActiveMember: true }))).toBe('ALREADY_MEMBER');
  });

  it('checks membership first, then age, then health, then credit', () => {
    const everythingWrong = app({ alreadyActiveMember: true, birthDate: d('1950-01-01'), declaration: { x: true }, creditScore: 1 });
    expect(codeOf(r, everythingWrong)).toBe('ALREADY_MEMBER');
    expect(codeOf(r, { ...everythingWrong, alreadyActiveMember: false })).toBe('NOT_ELIGIBLE_AGE');
    expect(codeOf(r, { ...everythingWrong, alreadyActiveMember: false, birthDate: d('1990-01-01') })).toBe('NOT_ELIGIBLE_HEALTH');
    expect(codeOf(r, { ...everythingWrong, alreadyActiveMember: false, birthDate: d('1990-01-01'), declaration: NO })).toBe('NOT_ELIGIBLE_CREDIT');
  });

  it('property: an otherwise eligible applicant is accepted exactly when 30 days old and aged 0-59 on the join date', () => {
    const day = (n: number) => addDays(d('1940-01-01'), n);
    fc.assert(fc.property(fc.integer({ min: 0, max: 80 * 366 }), fc.integer({ min: -10, max: 70 * 366 }), (b, age) => {
      const birthDate = day(b);
      const joinDate = addDays(birthDate, age);
      const ok = age >= 30 && ageOn(birthDate, joinDate) <= 59;
      expect(codeOf(r, app({ birthDate, joinDate }))).toBe(ok ? 'OK' : 'NOT_ELIGIBLE_AGE');
    }));
  });
});

describe('joining the elderly-cancer plan (60-70, no health declaration)', () => {
  const r = ELDERLY_CANCER;
  const birthDate = d('1950-07-01');
  it('the day before the 60th birthday is too young; the 60th birthday is fine', () => {
    expect(codeOf(r, app({ birthDate, joinDate: d('2010-06-30'), declaration: undefined }))).toBe('NOT_ELIGIBLE_AGE');
    expect(codeOf(r, app({ birthDate, joinDate: d('2010-07-01'), declaration: undefined }))).toBe('OK');
  });
  it('70 is fine up to the day before the 71st birthday', () => {
    expect(codeOf(r, app({ birthDate, joinDate: d('2021-06-30'), declaration: undefined }))).toBe('OK');
    expect(codeOf(r, app({ birthDate, joinDate: d('2021-07-01'), declaration: undefined }))).toBe('NOT_ELIGIBLE_AGE');
  });
  it('accepts chronic illness (answers "yes") and still checks credit', () => {
    expect(codeOf(r, app({ birthDate, joinDate: d('2015-01-01'), declaration: { diabetes: true } }))).toBe('OK');
    expect(codeOf(r, app({ birthDate, joinDate: d('2015-01-01'), creditScore: 600 }))).toBe('NOT_ELIGIBLE_CREDIT');
  });
});

describe('the removal age also bars joining', () => {
  it('a plan removing at 50 refuses a 55-year-old even with maxJoinAgeYears 59', () => {
    const r = rulesFor('critical-illness', { removalAgeYears: 50 });
    expect(codeOf(r, app({ birthDate: d('1965-01-01'), joinDate: d('2020-01-01') }))).toBe('NOT_ELIGIBLE_AGE');
    expect(codeOf(r, app({ birthDate: d('1970-01-02'), joinDate: d('2020-01-01') }))).toBe('OK');
  });
});
