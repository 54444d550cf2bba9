/**
 * The wind-down's dates as the pages read them (pure, tested beside). A period is operator-funded
 * when its sharing run (00:00 of its charge date, plan time) is at or after A, the wind-down's
 * start: as src/domain/wind-down.ts isOperatorFunded, said with calendar days so the browser needs
 * no zone arithmetic.
 */
import { dayIn } from './dates';

/** Whether A falls exactly on a midnight of the plan's calendar (the day before ends 1 ms earlier). */
const atMidnight = (a: Date, zone: string) => dayIn(new Date(a.getTime() - 1), zone) !== dayIn(a, zone);

export function isOperatorFunded(chargedOn: string, startedAt: string | null | undefined, zone: string): boolean {
  if (!startedAt) return false;
  const a = new Date(startedAt);
  const dayOfA = dayIn(a, zone);
  return chargedOn > dayOfA || (chargedOn === dayOfA && atMidnight(a, zone));
}

/** The last calendar day on which a claim may be filed: the window ends at 00:00 after it. */
export function lastClaimDay(claimWindowEndsAt: string, zone: string): string {
  return dayIn(new Date(new Date(claimWindowEndsAt).getTime() - 1), zone);
}
