/**
 * Where the demo clock stops when the demo operator moves it on: the morning of the next
 * announcement day or the next charge day of the demo plan's calendar, strictly after today, so
 * each press shows one step of the cycle (notice, then charge). Pure.
 */
import { nextChargeDateAfter, periodsBetween } from './calendar.ts';
import { addDays, startOfDay, type LocalDate } from './local-date.ts';
import type { PlanRules } from './plan-rules.ts';

export type DemoStop = 'announcement' | 'charge';
export const DEMO_STOPS: readonly DemoStop[] = ['announcement', 'charge'];

/** The clock stops at 08:00 of the day: the 00:00 run is done and the office day has begun. */
export const DEMO_STOP_HOUR = 8;

/** The first announcement (or charge) day strictly after `today`. */
export function nextDemoStopDay(rules: PlanRules, today: LocalDate, to: DemoStop): LocalDate {
  if (to === 'charge') return nextChargeDateAfter(rules, today);
  const next = periodsBetween(rules, addDays(today, 1), addDays(today, 62))[0];
  if (!next) throw new Error('nextDemoStopDay: a plan announces at least once a month');
  return next.announcedOn;
}

/** The instant the demo clock moves to for a stop. */
export function demoStopInstant(rules: PlanRules, today: LocalDate, to: DemoStop): { day: LocalDate; at: Date } {
  const day = nextDemoStopDay(rules, today, to);
  return { day, at: new Date(startOfDay(day, rules.timeZone).getTime() + DEMO_STOP_HOUR * 3_600_000) };
}
