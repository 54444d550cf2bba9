/**
 * The sharing calendar: announcements (7th and 21st) and charges (14th and 28th) by default,
 * and the retry window for failed charges. All dates are local dates in the plan's zone.
 */
import { addDays, compareDates, fromParts, parts, type LocalDate } from './local-date.ts';
import type { PlanRules, SharingCycle } from './plan-rules.ts';

export interface PeriodDates {
  announcedOn: LocalDate;
  chargedOn: LocalDate;
}

function chargeDateFor(cycle: SharingCycle, announcedOn: LocalDate): LocalDate {
  const { year, month } = parts(announcedOn);
  return cycle.chargeDay > cycle.announceDay
    ? fromParts(year, month, cycle.chargeDay)
    : fromParts(year, month + 1, cycle.chargeDay); // Date.UTC rolls month 13 into January
}

/** Every period whose announcement falls on a date in [from, to], in order. */
export function periodsBetween(rules: PlanRules, from: LocalDate, to: LocalDate): PeriodDates[] {
  const out: PeriodDates[] = [];
  let { year, month } = parts(from);
  for (;;) {
    for (const cycle of rules.cycles) {
      const announcedOn = fromParts(year, month, cycle.announceDay);
      if (compareDates(announcedOn, to) > 0) return out;
      if (compareDates(announcedOn, from) >= 0) out.push({ announcedOn, chargedOn: chargeDateFor(cycle, announcedOn) });
    }
    month += 1;
    if (month > 12) { month = 1; year += 1; }
  }
}

/** The first charge date strictly after `date`. */
export function nextChargeDateAfter(rules: PlanRules, date: LocalDate): LocalDate {
  let { year, month } = parts(date);
  for (let i = 0; i < 3; i++) {
    const days = rules.cycles.map((c) => c.chargeDay).sort((a, b) => a - b);
    for (const d of days) {
      const candidate = fromParts(year, month, d);
      if (compareDates(candidate, date) > 0) return candidate;
    }
    month += 1;
    if (month > 12) { month = 1; year += 1; }
  }
  throw new Error('nextChargeDateAfter: no charge day found');
}

/**
 * The last day on which a failed charge of `chargedOn` may still be collected: the retries stop
 * `retryStopsDaysBeforeNextCharge` days before the next charge date (so 2 days before: the 12th
 * for a charge on the 28th). A member whose charge is still unpaid after that day is removed.
 */
export function lastRetryDay(rules: PlanRules, chargedOn: LocalDate): LocalDate {
  const next = nextChargeDateAfter(rules, chargedOn);
  const last = addDays(next, -rules.retryStopsDaysBeforeNextCharge);
  return compareDates(last, chargedOn) < 0 ? chargedOn : last;
}
