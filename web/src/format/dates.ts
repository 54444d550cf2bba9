/**
 * Dates and times for people. A plan's calendar day (YYYY-MM-DD) is shown as that day, in the
 * reader's locale; an instant is shown in the plan's time zone (Asia/Shanghai unless the plan
 * says otherwise).
 */
export const DEFAULT_ZONE = 'Asia/Shanghai';

/** 2026年3月7日 / Mar 7, 2026, for a plan's calendar day. */
export function formatDay(day: string, locale: string): string {
  const [y, m, d] = day.split('-').map(Number);
  if (!y || !m || !d) return day;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, d)));
}

/** An instant (ISO text or POSIX seconds) in the plan's zone, with the zone named. */
export function formatInstant(at: string | number, locale: string, timeZone: string = DEFAULT_ZONE): string {
  const date = typeof at === 'number' ? new Date(at * 1000) : new Date(at);
  // dateStyle/timeStyle cannot be combined with timeZoneName (a RangeError): the fields are spelled out.
  return new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZone, timeZoneName: 'short' }).format(date);
}

/** The calendar day (YYYY-MM-DD) it is at `at` in the plan's zone: a rule date, never the UTC date. */
export function dayIn(at: Date, timeZone: string = DEFAULT_ZONE): string {
  // en-CA spells a date as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone }).format(at);
}
