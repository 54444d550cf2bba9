import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lastRetryDay, nextChargeDateAfter, periodsBetween } from './calendar.ts';
import { addDays, compareDates, parseLocalDate, parts, type LocalDate } from './local-date.ts';
import { CRITICAL_ILLNESS, rulesFor } from './plan-rules.ts';

const d = (s: string): LocalDate => parseLocalDate(s);
const r = CRITICAL_ILLNESS;
const anyDate = fc.integer({ min: Date.UTC(2000, 0, 1) / 86_400_000, max: Date.UTC(2100, 0, 1) / 86_400_000 })
  .map((n) => new Date(n * 86_400_000).toISOString().slice(0, 10) as LocalDate);

describe('periodsBetween: announcements on the 7th and 21st, charges on the 14th and 28th', () => {
  it('lists a month', () => {
    expect(periodsBetween(r, d('2020-01-01'), d('2020-01-31'))).toEqual([
      { announcedOn: '2020-01-07', chargedOn: '2020-01-14' },
      { announcedOn: '2020-01-21', chargedOn: '2020-01-28' },
    ]);
  });
  it('includes announcements on both ends of the range and none outside it', () => {
    expect(periodsBetween(r, d('2020-01-07'), d('2020-01-21')).map((p) => p.announcedOn)).toEqual(['2020-01-07', '2020-01-21']);
    expect(periodsBetween(r, d('2020-01-08'), d('2020-01-20'))).toEqual([]);
    expect(periodsBetween(r, d('2020-01-22'), d('2020-02-06'))).toEqual([]);
    expect(periodsBetween(r, d('2020-01-21'), d('2020-01-21'))).toEqual([{ announcedOn: '2020-01-21', chargedOn: '2020-01-28' }]);
    expect(periodsBetween(r, d('2020-02-01'), d('2020-01-01'))).toEqual([]);
  });
  it('crosses December into January: the 21 December announcement charges on 28 December', () => {
    expect(periodsBetween(r, d('2019-12-15'), d('2020-01-10'))).toEqual([
      { announcedOn: '2019-12-21', chargedOn: '2019-12-28' },
      { announcedOn: '2020-01-07', chargedOn: '2020-01-14' },
    ]);
  });
  it('a charge day not after the announcement day rolls into the next month, and across the year end', () => {
    const rolled = rulesFor('critical-illness', { cycles: [{ announceDay: 7, chargeDay: 14 }, { announceDay: 21, chargeDay: 4 }] });
    expect(periodsBetween(rolled, d('2020-12-01'), d('2021-01-31'))).toEqual([
      { announcedOn: '2020-12-07', chargedOn: '2020-12-14' },
      { announcedOn: '2020-12-21', chargedOn: '2021-01-04' },
      { announcedOn: '2021-01-07', chargedOn: '2021-01-14' },
      { announcedOn: '2021-01-21', chargedOn: '2021-02-04' },
    ]);
    const sameDay = rulesFor('critical-illness', { cycles: [{ announceDay: 10, chargeDay: 10 }] });
    expect(periodsBetween(sameDay, d('2020-12-01'), d('2020-12-31'))).toEqual([{ announcedOn: '2020-12-10', chargedOn: '2021-01-10' }]);
  });
  it('covers a whole year: 24 periods in order, each charged 7 days after its announcement', () => {
    const year = periodsBetween(r, d('2020-01-01'), d('2020-12-31'));
    expect(year).toHaveLength(24);
    for (let i = 0; i < year.length; i++) {
      const p = year[i]!;
      expect(compareDates(p.chargedOn, addDays(p.announcedOn, 7))).toBe(0);
      if (i > 0) expect(compareDates(year[i - 1]!.announcedOn, p.announcedOn)).toBe(-1);
      expect([7, 21]).toContain(parts(p.announcedOn).day);
    }
  });
  it('property: the periods of [a, c] are those of [a, b] then those of (b, c]', () => {
    fc.assert(fc.property(anyDate, fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 200 }), (a, x, y) => {
      const b = addDays(a, x);
      const c = addDays(b, y);
      const whole = periodsBetween(r, a, c);
      expect([...periodsBetween(r, a, b), ...periodsBetween(r, addDays(b, 1), c)]).toEqual(whole);
      for (const p of whole) {
        expect(compareDates(p.announcedOn, a)).toBeGreaterThanOrEqual(0);
        expect(compareDates(p.announcedOn, c)).toBeLessThanOrEqual(0);
      }
    }));
  });
});

describe('nextChargeDateAfter', () => {
  it('is the first charge date strictly after the date', () => {
    expect(nextChargeDateAfter(r, d('2020-01-01'))).toBe('2020-01-14');
    expect(nextChargeDateAfter(r, d('2020-01-14'))).toBe('2020-01-28');
    expect(nextChargeDateAfter(r, d('2020-01-15'))).toBe('2020-01-28');
    expect(nextChargeDateAfter(r, d('2020-01-28'))).toBe('2020-02-14');
    expect(nextChargeDateAfter(r, d('2020-12-28'))).toBe('2021-01-14');
    expect(nextChargeDateAfter(r, d('2020-12-31'))).toBe('2021-01-14');
  });
  it('property: strictly after, on a charge day, and no charge day in between', () => {
    fc.assert(fc.property(anyDate, (date) => {
      const next = nextChargeDateAfter(r, date);
      const gap = (Date.parse(next) - Date.parse(date)) / 86_400_000;
      expect(gap).toBeGreaterThan(0);
      expect([14, 28]).toContain(parts(next).day);
      for (let i = 1; i < gap; i++) expect([14, 28]).not.toContain(parts(addDays(date, i)).day);
    }));
  });
});

describe('lastRetryDay: retries stop 2 days before the next charge date', () => {
  it('the 26th for a charge on the 14th; the 12th of the next month for a charge on the 28th', () => {
    expect(lastRetryDay(r, d('2020-01-14'))).toBe('2020-01-26');
    expect(lastRetryDay(r, d('2020-01-28'))).toBe('2020-02-12');
    expect(lastRetryDay(r, d('2020-02-14'))).toBe('2020-02-26');
    expect(lastRetryDay(r, d('2020-02-28'))).toBe('2020-03-12');
  });
  it('across the year end: 28 December retries until 12 January', () => {
    expect(lastRetryDay(r, d('2020-12-14'))).toBe('2020-12-26');
    expect(lastRetryDay(r, d('2020-12-28'))).toBe('2021-01-12');
    expect(lastRetryDay(r, d('2019-12-28'))).toBe('2020-01-12');
  });
  it('the retry margin is a setting, and never ends before the charge itself', () => {
    expect(lastRetryDay(rulesFor('critical-illness', { retryStopsDaysBeforeNextCharge: 5 }), d('2020-01-14'))).toBe('2020-01-23');
    expect(lastRetryDay(rulesFor('critical-illness', { retryStopsDaysBeforeNextCharge: 0 }), d('2020-01-28'))).toBe('2020-02-14');
    expect(lastRetryDay(rulesFor('critical-illness', { retryStopsDaysBeforeNextCharge: 27 }), d('2020-01-14'))).toBe('2020-01-14');
  });
  it('property: for every period, the last retry day is on or after the charge and before the next charge', () => {
    fc.assert(fc.property(anyDate, (date) => {
      for (const p of periodsBetween(r, date, addDays(date, 31))) {
        const last = lastRetryDay(r, p.chargedOn);
        const next = nextChargeDateAfter(r, p.chargedOn);
        expect(compareDates(last, p.chargedOn)).toBeGreaterThanOrEqual(0);
        expect(addDays(last, 2)).toBe(next);
      }
    }));
  });
});
