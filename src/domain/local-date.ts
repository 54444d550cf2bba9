/**
 * Local calendar dates ("2020-01-07") in a plan's time zone, and the instants at which they begin.
 *
 * The rules speak in local dates (join date, diagnosis date, birthday, announcement day); the
 * database stores instants (timestamptz). A LocalDate is an ISO date string, validated on entry;
 * arithmetic goes through a UTC day number, so it has no time-zone or DST surprises.
 */
import { HuzhuError } from './errors.ts';

export type LocalDate = string & { readonly __brand: 'LocalDate' };

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

export function parseLocalDate(value: unknown, field = 'date'): LocalDate {
  if (typeof value !== 'string') throw new HuzhuError('VALIDATION', `${field}: expected a date as YYYY-MM-DD`, { field });
  const m = ISO_DATE.exec(value);
  if (!m) throw new HuzhuError('VALIDATION', `${field}: "${value}" is not a date as YYYY-MM-DD`, { field });
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = Date.UTC(y, mo - 1, d);
  const back = new Date(t);
  if (y < 1900 || y > 2200 || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) {
    throw new HuzhuError('VALIDATION', `${field}: "${value}" is not a real calendar date`, { field });
  }
  return value as LocalDate;
}

export function parts(date: LocalDate): { year: number; month: number; day: number } {
  return { year: Number(date.slice(0, 4)), month: Number(date.slice(5, 7)), day: Number(date.slice(8, 10)) };
}

export function fromParts(year: number, month: number, day: number): LocalDate {
  return fromDayNumber(Math.round(Date.UTC(year, month - 1, day) / MS_PER_DAY));
}

function toDayNumber(date: LocalDate): number {
  const { year, month, day } = parts(date);
  return Math.round(Date.UTC(year, month - 1, day) / MS_PER_DAY);
}

function fromDayNumber(n: number): LocalDate {
  return new Date(n * MS_PER_DAY).toISOString().slice(0, 10) as LocalDate;
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return fromDayNumber(toDayNumber(date) + days);
}

export function daysBetween(from: LocalDate, to: LocalDate): number {
  return toDayNumber(to) - toDayNumber(from);
}

export function compareDates(a: LocalDate, b: LocalDate): number {
  return a < b ? -1 : a > b ? 1 : 0; // ISO strings order like dates
}

function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/**
 * The date on which someone born on `birth` turns `years` old. A 29 February birthday falls on
 * 1 March in common years (the person has not yet completed the year on 28 February).
 */
export function anniversary(birth: LocalDate, years: number): LocalDate {
  const { year, month, day } = parts(birth);
  const y = year + years;
  if (month === 2 && day === 29 && !isLeapYear(y)) return fromParts(y, 3, 1);
  return fromParts(y, month, day);
}

/** Age in completed years on `on`. */
export function ageOn(birth: LocalDate, on: LocalDate): number {
  const b = parts(birth);
  const o = parts(on);
  let age = o.year - b.year;
  if (compareDates(on, anniversary(birth, age)) < 0) age -= 1;
  return age;
}

// ---- Instants -------------------------------------------------------------------------------

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function assertTimeZone(timeZone: string, field = 'timeZone'): string {
  try {
    formatter(timeZone);
    return timeZone;
  } catch {
    throw new HuzhuError('VALIDATION', `${field}: "${timeZone}" is not a known IANA time zone`, { field });
  }
}

function wallClock(instant: Date, timeZone: string): { date: LocalDate; msIntoDay: number } {
  const p = Object.fromEntries(formatter(timeZone).formatToParts(instant).map((x) => [x.type, x.value]));
  const date = `${p.year}-${p.month}-${p.day}` as LocalDate;
  const ms = ((Number(p.hour) * 60 + Number(p.minute)) * 60 + Number(p.second)) * 1000 + instant.getUTCMilliseconds();
  return { date, msIntoDay: ms };
}

/** The local date of an instant in a time zone. */
export function localDateOf(instant: Date, timeZone: string): LocalDate {
  return wallClock(instant, timeZone).date;
}

/**
 * The instant at which a local date begins (00:00 local). Time zones whose clocks skip midnight
 * (a DST change at 00:00) begin the day at the first instant that exists.
 */
export function startOfDay(date: LocalDate, timeZone: string): Date {
  const utcMidnight = toDayNumber(date) * MS_PER_DAY;
  // Guess with the offset at UTC midnight, then correct once or twice with the real offset.
  let guess = utcMidnight;
  // When 00:00 does not exist the guesses swing between the day before and the first instant of
  // this day; the earliest guess that falls on this day is its start.
  let earliestOnDate: number | null = null;
  for (let i = 0; i < 3; i++) {
    const w = wallClock(new Date(guess), timeZone);
    const drift = (toDayNumber(w.date) - toDayNumber(date)) * MS_PER_DAY + w.msIntoDay;
    if (drift === 0) return new Date(guess);
    if (w.date === date && (earliestOnDate === null || guess < earliestOnDate)) earliestOnDate = guess;
    guess -= drift;
  }
  return new Date(earliestOnDate ?? guess);
}

/** Parse an ISO 8601 instant that carries an explicit offset ("2020-01-06T23:59:59+08:00" or "...Z"). */
export function parseInstant(value: unknown, field = 'at'): Date {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.test(value)) {
    throw new HuzhuError('VALIDATION', `${field}: expected an ISO instant with an offset, like 2020-01-07T00:00:00+08:00`, { field });
  }
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) throw new HuzhuError('VALIDATION', `${field}: "${value}" is not a real instant`, { field });
  // Reject calendar overflow such as 2020-02-30, which Date would roll into March.
  parseLocalDate(value.slice(0, 10), field);
  return d;
}
