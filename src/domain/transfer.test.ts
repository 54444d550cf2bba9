import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, ageOn, compareDates, fromParts, type LocalDate } from './local-date.ts';
import { CRITICAL_ILLNESS, rulesFor, rulesToJson } from './plan-rules.ts';
import { decideTransfer, oldEnoughToTransfer, transferEligibleOn } from './transfer.ts';
import { isHuzhuError } from './errors.ts';

const rules = rulesFor('critical-illness', { transfer: { toPlan: 'eld', fromAge: 59 } });
const facts = (birthDate: string, on: string, more: Partial<{ membershipActive: boolean; alreadyInTarget: boolean }> = {}) => ({
  planId: 'ci', birthDate: birthDate as LocalDate, on: on as LocalDate, membershipActive: true, alreadyInTarget: false, ...more,
});

describe('the move to another plan', () => {
  it('is open from the fromAge-th birthday, not the day before', () => {
    expect(decideTransfer(rules, facts('1961-03-10', '2020-03-10'))).toEqual({ ok: true, toPlan: 'eld', waitingEndsOn: '2020-03-10' });
    const before = decideTransfer(rules, facts('1961-03-10', '2020-03-09'));
    expect(before).toMatchObject({ ok: false, code: 'TRANSFER_NOT_ALLOWED' });
    expect(!before.ok && before.reason).toMatch(/age 58 on 2020-03-09 is below 59: the move is open from 2020-03-10/);
    expect(transferEligibleOn(rules, '1961-03-10' as LocalDate)).toBe('2020-03-10');
  });

  it('a 29 February birthday opens on 1 March in a common year, as ages do', () => {
    expect(transferEligibleOn(rules, '1960-02-29' as LocalDate)).toBe('2019-03-01');
    expect(decideTransfer(rules, facts('1960-02-29', '2019-02-28')).ok).toBe(false);
    expect(decideTransfer(rules, facts('1960-02-29', '2019-03-01')).ok).toBe(true);
  });

  it('is refused without the setting, for an ended membership, or for a member already in the plan moved to', () => {
    expect(decideTransfer(CRITICAL_ILLNESS, facts('1950-01-01', '2020-01-01'))).toMatchObject({ ok: false, reason: 'plan "ci" offers no move to another plan' });
    expect(decideTransfer(rules, facts('1950-01-01', '2020-01-01', { membershipActive: false }))).toMatchObject({ ok: false, reason: 'the membership is not active' });
    expect(decideTransfer(rules, facts('1950-01-01', '2020-01-01', { alreadyInTarget: true }))).toMatchObject({ ok: false, code: 'TRANSFER_NOT_ALLOWED' });
    expect(decideTransfer(rules, { ...facts('1950-01-01', '2020-01-01'), planId: 'eld' })).toMatchObject({ ok: false });
    expect(transferEligibleOn(CRITICAL_ILLNESS, '1950-01-01' as LocalDate)).toBeNull();
  });

  it('property: allowed exactly when the age on the day is at least fromAge, and then from the eligible date on', () => {
    const date = fc.record({ y: fc.integer({ min: 1900, max: 2080 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 28 }) })
      .map(({ y, m, d }) => fromParts(y, m, d));
    fc.assert(fc.property(date, fc.integer({ min: 0, max: 40_000 }), fc.integer({ min: 0, max: 100 }), (birth, days, fromAge) => {
      const r = rulesFor('critical-illness', { transfer: { toPlan: 'eld', fromAge } });
      const on = addDays(birth, days);
      const ok = decideTransfer(r, facts(birth, on)).ok;
      expect(ok).toBe(ageOn(birth, on) >= fromAge);
      expect(ok).toBe(compareDates(on, transferEligibleOn(r, birth)!) >= 0);
      expect(ok).toBe(oldEnoughToTransfer(r, birth, on));
    }));
  });
});

describe('the transfer setting', () => {
  it('is none by default and left out of the rules JSON then; round-trips when set', () => {
    expect(CRITICAL_ILLNESS.transfer).toBeNull();
    expect('transfer' in rulesToJson(CRITICAL_ILLNESS)).toBe(false);
    expect(rules.transfer).toEqual({ toPlan: 'eld', fromAge: 59 });
    expect(rulesToJson(rules).transfer).toEqual({ toPlan: 'eld', fromAge: 59 });
    expect(rulesFor('critical-illness', { transfer: null }).transfer).toBeNull();
  });

  it.each([
    [{ toPlan: 'Not An Id', fromAge: 59 }, 'rules.transfer.toPlan'],
    [{ toPlan: 'eld', fromAge: -1 }, 'rules.transfer.fromAge'],
    [{ toPlan: 'eld', fromAge: 59.5 }, 'rules.transfer.fromAge'],
    [{ toPlan: 'eld' }, 'rules.transfer.fromAge'],
    [{ toPlan: 'eld', fromAge: 59, extra: 1 }, 'rules.transfer'],
  ])('refuses %j naming the field', (transfer, field) => {
    try {
      rulesFor('critical-illness', { transfer } as never);
      expect.unreachable();
    } catch (e) {
      expect(isHuzhuError(e) && e.code).toBe('VALIDATION');
      expect(isHuzhuError(e) && e.field).toBe(field);
    }
  });
});
