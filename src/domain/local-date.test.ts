import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HuzhuError } from './errors.ts';
import {
  addDays, ageOn, anniversary, assertTimeZone, compareDates, daysBetween, fromParts, localDateOf, parseInstant, parseLocalDate,
  parts, startOfDay, type LocalDate,
} from './local-date.ts';

const d = (s: string): LocalDate => parseLocalDate(s);
const ZONE = 'Asia/Shanghai';

/** Any real date in the supported range 1900-2200 (day numbers, so 29 February comes up naturally). */
const DAY0 = Date.UTC(1900, 0, 1) / 86_400_000;
const DAYN = Date.UTC(2200, 11, 31) / 86_400_000;
const anyDate = fc.integer({ min: DAY0, max: DAYN }).map((n) => new Date(n * 86_400_000).toISOString().slice(0, 10) as LocalDate);
/** 29 February of a leap year in range. */
const leapDay = fc.integer({ min: 1900, max: 2196 }).filter((y) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0).map((y) => d(`${y}-02-29`));
const birthDate = fc.oneof(anyDate, leapDay);

function expectCode(f: () => unknown, code: string): void {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(HuzhuError);
    expect((e as HuzhuError).code).toBe(code);
    return;
  }
  throw new Error('expected a HuzhuError');
}

describe('parseLocalDate', () => {
  it('accepts real ISO dates, including 29 February of a leap year', () => {
    expect(parseLocalDate('2020-01-07')).toBe('2020-01-07');
    expect(parseLocalDate('2020-02-29')).toBe('2020-02-29');
    expect(parseLocalDate('2000-02-29')).toBe('2000-02-29');
    expect(parseLocalDate('1900-01-01')).toBe('1900-01-01');
    expect(parseLocalDate('2200-12-31')).toBe('2200-12-31');
  });
  it('rejects impossible dates, other formats, years out of range and non-strings', () => {
    for (const bad of ['2019-02-29', '1900-02-29', '2100-02-29', '2020-04-31', '2020-13-01', '2020-00-10', '2020-01-00',
      '2020-1-7', '20200107', '2020-01-07T00:00:00Z', ' 2020-01-07', '1899-12-31', '2201-01-01', '']) {
      expectCode(() => parseLocalDate(bad), 'VALIDATION');
    }
    expectCode(() => parseLocalDate(20200107), 'VALIDATION');
    expectCode(() => parseLocalDate(null), 'VALIDATION');
  });
  it('names the field in the error', () => {
    try {
      parseLocalDate('2019-02-29', 'birthDate');
      expect.unreachable();
    } catch (e) {
      expect((e as HuzhuError).field).toBe('birthDate');
    }
  });
});

describe('parts, fromParts, addDays, daysBetween, compareDates', () => {
  it('split and build dates, rolling over month and year ends', () => {
    expect(parts(d('2020-02-29'))).toEqual({ year: 2020, month: 2, day: 29 });
    expect(fromParts(2020, 12, 28)).toBe('2020-12-28');
    expect(fromParts(2020, 13, 14)).toBe('2021-01-14');
    expect(fromParts(2019, 2, 29)).toBe('2019-03-01');
  });
  it('add days across month, year and leap-day boundaries', () => {
    expect(addDays(d('2020-01-31'), 1)).toBe('2020-02-01');
    expect(addDays(d('2020-02-28'), 1)).toBe('2020-02-29');
    expect(addDays(d('2019-02-28'), 1)).toBe('2019-03-01');
    expect(addDays(d('2020-12-31'), 1)).toBe('2021-01-01');
    expect(addDays(d('2021-01-01'), -1)).toBe('2020-12-31');
    expect(addDays(d('2020-01-01'), 90)).toBe('2020-03-31'); // 2020 is a leap year: 31 + 29 + 30 days
    expect(addDays(d('2019-01-01'), 90)).toBe('2019-04-01');
    expect(daysBetween(d('2020-01-01'), d('2021-01-01'))).toBe(366);
    expect(daysBetween(d('2021-01-01'), d('2022-01-01'))).toBe(365);
    expect(daysBetween(d('2020-03-01'), d('2020-02-28'))).toBe(-2);
  });
  it('compare like dates', () => {
    expect(compareDates(d('2020-01-07'), d('2020-01-07'))).toBe(0);
    expect(compareDates(d('2019-12-31'), d('2020-01-01'))).toBe(-1);
    expect(compareDates(d('2020-10-01'), d('2020-09-30'))).toBe(1);
  });
  it('property: addDays and daysBetween round-trip, and compareDates agrees with the day count', () => {
    fc.assert(fc.property(anyDate, fc.integer({ min: -40_000, max: 40_000 }), (date, n) => {
      const later = addDays(date, n);
      fc.pre(later >= '1900-01-01' && later <= '2200-12-31');
      expect(parseLocalDate(later)).toBe(later); // always a real date
      expect(daysBetween(date, later)).toBe(n);
      expect(addDays(later, -n)).toBe(date);
      expect(compareDates(date, later)).toBe(n > 0 ? -1 : n < 0 ? 1 : 0);
    }));
  });
  it('property: fromParts(parts(d)) is d', () => {
    fc.assert(fc.property(anyDate, (date) => {
      const p = parts(date);
      expect(fromParts(p.year, p.month, p.day)).toBe(date);
    }));
  });
});

describe('anniversary and ageOn (completed years)', () => {
  it('a 29 February birthday falls on 1 March in common years and on 29 February in leap years', () => {
    const b = d('2000-02-29');
    expect(anniversary(b, 1)).toBe('2001-03-01');
    expect(anniversary(b, 4)).toBe('2004-02-29');
    expect(anniversary(b, 100)).toBe('2100-03-01'); // 2100 is not a leap year
    expect(anniversary(b, 200)).toBe('2200-03-01');
    expect(anniversary(d('1996-02-29'), 4)).toBe('2000-02-29'); // 2000 is
    expect(anniversary(b, 0)).toBe('2000-02-29');
  });
  it('other birthdays keep their month and day', () => {
    expect(anniversary(d('1980-03-01'), 40)).toBe('2020-03-01');
    expect(anniversary(d('1980-02-28'), 41)).toBe('2021-02-28');
    expect(anniversary(d('1980-12-31'), 1)).toBe('1981-12-31');
  });
  it('age on 28 February / 1 March for a 29 February birthday', () => {
    const b = d('2000-02-29');
    expect(ageOn(b, d('2001-02-28'))).toBe(0);
    expect(ageOn(b, d('2001-03-01'))).toBe(1);
    expect(ageOn(b, d('2004-02-28'))).toBe(3);
    expect(ageOn(b, d('2004-02-29'))).toBe(4);
    expect(ageOn(b, d('2040-02-28'))).toBe(39);
    expect(ageOn(b, d('2040-02-29'))).toBe(40);
    expect(ageOn(b, d('2041-02-28'))).toBe(40);
    expect(ageOn(b, d('2041-03-01'))).toBe(41);
  });
  it('age changes on the birthday, not the day before', () => {
    const b = d('1980-06-15');
    expect(ageOn(b, d('2020-06-14'))).toBe(39);
    expect(ageOn(b, d('2020-06-15'))).toBe(40);
    expect(ageOn(b, d('1980-06-15'))).toBe(0);
    expect(ageOn(b, d('1981-06-14'))).toBe(0);
    expect(ageOn(b, d('1980-12-31'))).toBe(0);
    expect(ageOn(d('1979-12-31'), d('1980-01-01'))).toBe(0);
    expect(ageOn(d('1979-12-31'), d('2019-12-31'))).toBe(40);
  });
  it('property: ageOn is monotone non-decreasing in the date, by at most one year per step across a birthday', () => {
    fc.assert(fc.property(birthDate, fc.integer({ min: 0, max: 110 * 366 }), fc.integer({ min: 0, max: 800 }), (birth, a, step) => {
      const on1 = addDays(birth, a);
      const on2 = addDays(on1, step);
      fc.pre(compareDates(on2, d('2200-12-31')) <= 0);
      const age1 = ageOn(birth, on1);
      const age2 = ageOn(birth, on2);
      expect(age1).toBeGreaterThanOrEqual(0);
      expect(age2).toBeGreaterThanOrEqual(age1);
      if (step === 1) expect(age2 - age1).toBeLessThanOrEqual(1);
    }));
  });
  it('property: anniversary(birth, n) is the first date with ageOn >= n', () => {
    fc.assert(fc.property(birthDate, fc.integer({ min: 1, max: 120 }), (birth, n) => {
      const a = anniversary(birth, n);
      fc.pre(parts(a).year <= 2200);
      expect(ageOn(birth, a)).toBe(n);
      expect(ageOn(birth, addDays(a, -1))).toBe(n - 1);
    }));
  });
});

describe('instants and the plan zone (Asia/Shanghai, +08:00)', () => {
  it('startOfDay is 00:00 local, 16:00 UTC the day before', () => {
    expect(startOfDay(d('2020-01-07'), ZONE).toISOString()).toBe('2020-01-06T16:00:00.000Z');
    expect(startOfDay(d('2021-01-01'), ZONE).toISOString()).toBe('2020-12-31T16:00:00.000Z');
    expect(startOfDay(d('2020-02-29'), ZONE).toISOString()).toBe('2020-02-28T16:00:00.000Z');
    expect(startOfDay(d('2020-01-07'), 'UTC').toISOString()).toBe('2020-01-07T00:00:00.000Z');
  });
  it('localDateOf at midnight: 16:00:00Z is already the 7th, 15:59:59.999Z still the 6th', () => {
    expect(localDateOf(new Date('2020-01-06T16:00:00Z'), ZONE)).toBe('2020-01-07');
    expect(localDateOf(new Date('2020-01-06T15:59:59.999Z'), ZONE)).toBe('2020-01-06');
    expect(localDateOf(new Date('2020-12-31T16:00:00Z'), ZONE)).toBe('2021-01-01');
    expect(localDateOf(new Date('2020-12-31T15:59:59.999Z'), ZONE)).toBe('2020-12-31');
  });
  it('startOfDay works in a zone whose clocks skip midnight (first instant that exists)', () => {
    // America/Santiago moved from -04 to -03 at 24:00 on 2022-09-10: 00:00 on the 11th never happened.
    const s = startOfDay(d('2022-09-11'), 'America/Santiago');
    expect(s.toISOString()).toBe('2022-09-11T04:00:00.000Z'); // 01:00 local, -03
    expect(localDateOf(s, 'America/Santiago')).toBe('2022-09-11');
    expect(localDateOf(new Date(s.getTime() - 1), 'America/Santiago')).toBe('2022-09-10');
  });
  it('startOfDay when midnight is skipped east of UTC: the day starts at the jump, not an hour before on the previous day', () => {
    // Regression: the guesses used to swing back and forth and stop on the last hour of the day before.
    for (const [zone, date, start] of [
      ['Asia/Shanghai', '1940-06-01', '1940-05-31T16:00:00.000Z'], // China's 1940 summer time began at 00:00 (+08 -> +09)
      ['Asia/Tehran', '2021-03-22', '2021-03-21T20:30:00.000Z'], // +03:30 -> +04:30 at 00:00
      ['Asia/Beirut', '2020-03-29', '2020-03-28T22:00:00.000Z'], // +02 -> +03 at 00:00
    ] as [string, LocalDate, string][]) {
      const s = startOfDay(date, zone);
      expect(s.toISOString()).toBe(start);
      expect(localDateOf(s, zone)).toBe(date);
      expect(localDateOf(new Date(s.getTime() - 1), zone)).toBe(addDays(date, -1));
    }
  });
  it('property (plan zone): startOfDay is the first instant whose local date is the date', () => {
    const recent = fc.integer({ min: Date.UTC(1992, 0, 1) / 86_400_000, max: DAYN }).map((n) => new Date(n * 86_400_000).toISOString().slice(0, 10) as LocalDate);
    fc.assert(fc.property(recent, (date) => {
      const s = startOfDay(date, ZONE);
      expect(localDateOf(s, ZONE)).toBe(date);
      expect(localDateOf(new Date(s.getTime() - 1), ZONE)).toBe(addDays(date, -1));
      expect(s.getTime() - Date.parse(`${date}T00:00:00Z`)).toBe(-8 * 3_600_000);
    }));
  });
  it('property (plan zone): localDateOf(startOfDay(date)) is the date, every instant of the local day maps to it', () => {
    fc.assert(fc.property(anyDate, fc.integer({ min: 0, max: 86_399_999 }), (date, ms) => {
      const s = startOfDay(date, ZONE);
      expect(localDateOf(s, ZONE)).toBe(date);
      const next = startOfDay(addDays(date, 1), ZONE);
      const inside = new Date(s.getTime() + Math.min(ms, next.getTime() - s.getTime() - 1));
      expect(localDateOf(inside, ZONE)).toBe(date);
    }));
  });
  it('assertTimeZone accepts IANA zones and rejects unknown ones', () => {
    expect(assertTimeZone('Asia/Shanghai')).toBe('Asia/Shanghai');
    expectCode(() => assertTimeZone('Mars/Olympus_Mons'), 'VALIDATION');
  });
  it('parseInstant needs an explicit offset and a real calendar date', () => {
    expect(parseInstant('2020-01-06T23:59:59+08:00').toISOString()).toBe('2020-01-06T15:59:59.000Z');
    expect(parseInstant('2020-01-07T00:00:00+08:00').toISOString()).toBe('2020-01-06T16:00:00.000Z');
    expect(parseInstant('2020-01-06T16:00Z').toISOString()).toBe('2020-01-06T16:00:00.000Z');
    expect(parseInstant('2020-01-06T15:59:59.999Z').toISOString()).toBe('2020-01-06T15:59:59.999Z');
    for (const bad of ['2020-01-07T00:00:00', '2020-01-07', '2020-02-30T00:00:00Z', '2020-01-07 00:00:00Z', 'now']) {
      expectCode(() => parseInstant(bad), 'VALIDATION');
    }
    expectCode(() => parseInstant(0), 'VALIDATION');
  });
});
