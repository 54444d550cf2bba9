/**
 * The sharing calendar, run day by day at 00:00 in each plan's zone. For each day, in order:
 *   -. rule votes whose close has come are tallied and closed, and the day runs on the rules in
 *      force at its 00:00 (services/governance-service.ts, issue 14);
 *   0. the jury's clock: rounds whose vote has ended are closed and their rulings applied, so a
 *      claim the jury ordered paid is in that day's notice (services/jury/rounds-clock.ts);
 *   1. removals at the age limit (effective 00:00 of the birthday);
 *   2. write-offs and removals for charges still unpaid after the last retry day;
 *   3. the daily retry of failed charges;
 *   4. the public notice on announcement days (services/notice.ts);
 *   5. on charge days, the sharing run of the notice (bills the claims still in it) and the charge;
 *   6. a wind-down's steps (issue 13, services/wind-down-calendar.ts): the memberships closed at
 *      the end of the cut-off date (before the day's other steps), and the plan closed once the
 *      claim window has ended and every claim is paid or rejected (after them). A closed plan's
 *      calendar does nothing more.
 * Every step is idempotent, and the plan's clock records the last day finished, so a runner that
 * was down catches up day by day and a crashed day is simply run again.
 */
import type { Db } from '../db/database.ts';
import { periodsBetween } from '../domain/calendar.ts';
import { addDays, compareDates, localDateOf, startOfDay, type LocalDate } from '../domain/local-date.ts';
import { anyoneToRemoveForAge, removeAged } from '../repositories/members-repo.ts';
import { hasOpenPayments } from '../repositories/payments-repo.ts';
import type { PaymentProvider } from '../payments/payment-provider.ts';
import { periodsDueForCharge } from '../repositories/periods-repo.ts';
import { getPlanAt, listPlans, lockClock, setClock, type Plan } from '../repositories/plans-repo.ts';
import { closeDueProposals } from './governance-service.ts';
import { runChargeDay } from './charge-day.ts';
import { refundSettled } from './wallets.ts';
import { retryPayments, writeOffAndRemove } from './collections.ts';
import { once } from './idempotent.ts';
import { publishNotice } from './notice.ts';
import { runSharingRun } from './sharing-run.ts';
import { closeDueJuryRounds } from './jury/rounds-clock.ts';
import { noticesDueForSharing } from '../repositories/notices-repo.ts';
import { planStatus } from './wind-down.ts';
import { closeMembershipsIfDue, closePlanIfDue } from './wind-down-calendar.ts';

export interface CalendarProgress {
  plan: string;
  day: LocalDate;
}

/** One step of a day, as timed for a benchmark or an operator's log (bench/period.ts). */
export type CalendarStep = 'jury' | 'age-removal' | 'write-off' | 'retry' | 'notice' | 'sharing' | 'charge' | 'wind-down';
export type OnStep = (s: CalendarProgress & { step: CalendarStep; seconds: number }) => void;
/** Called as a step begins (bench/period-kill.ts tells from it where a kill landed). */
export type OnStepStart = (s: CalendarProgress & { step: CalendarStep }) => void;

export async function runDay(db: Db, provider: PaymentProvider, base: Plan, day: LocalDate, actor = 'calendar', onStep?: OnStep, onStepStart?: OnStepStart): Promise<void> {
  const t = startOfDay(day, base.rules.timeZone);
  if ((await planStatus(db, base.id, t)) === 'closed') return; // wound down: nothing is due any more
  await closeDueProposals(db, base.id, t, actor); // rule votes that closed by 00:00 (a passed change may take effect from today)
  const plan = await getPlanAt(db, base.id, t); // the rules in force at 00:00 of the day (issue 14); the zone and cycles never change by vote
  const tz = plan.rules.timeZone;
  const age = plan.rules.removalAgeYears;
  const timed = async (step: CalendarStep, run: () => Promise<unknown>): Promise<void> => {
    onStepStart?.({ plan: plan.id, day, step });
    const start = performance.now();
    await run();
    onStep?.({ plan: plan.id, day, step, seconds: (performance.now() - start) / 1000 });
  };
  await timed('jury', () => closeDueJuryRounds(db, t, actor, plan.id)); // this plan's jury clock, at 00:00 of its day
  await timed('wind-down', () => closeMembershipsIfDue(db, plan, t, actor));
  if (age !== null && (await anyoneToRemoveForAge(db, plan.id, age, day))) {
    await timed('age-removal', () => once(db, { key: `age-removal:${plan.id}:${day}`, actor, at: t }, { kind: 'memberships.removed-age', subject: `plan:${plan.id}` },
      async (tx) => {
        const removed = await removeAged(tx, plan.id, age, day, tz);
        // Prepaid: a payer removed with nothing pending is refunded at the removal (issue 13, rule 6).
        await refundSettled(tx, plan, t, `age-removal:${plan.id}:${day}:refund`, actor, null);
        return { removed };
      }));
  }
  const open = await hasOpenPayments(db, plan.id, t);
  if (open.expired) await timed('write-off', () => writeOffAndRemove(db, plan, t, actor));
  if (open.open) await timed('retry', () => retryPayments(db, provider, plan, t, undefined, actor));
  for (const dates of periodsBetween(plan.rules, day, day)) await timed('notice', () => publishNotice(db, plan, dates, actor));
  for (const n of await noticesDueForSharing(db, plan.id, t)) await timed('sharing', () => runSharingRun(db, plan, n, { actor }));
  for (const period of await periodsDueForCharge(db, plan.id, t)) await timed('charge', () => runChargeDay(db, provider, plan, period, actor));
  await timed('wind-down', () => closePlanIfDue(db, plan, t, actor));
}

/** Runs every plan's calendar through every day that has begun by `at`. */
export async function advanceTo(db: Db, provider: PaymentProvider, at: Date, opts: { actor?: string; onDay?: (p: CalendarProgress) => void; onStep?: OnStep; onStepStart?: OnStepStart } = {}): Promise<void> {
  for (const plan of await listPlans(db)) {
    const lastDay = localDateOf(at, plan.rules.timeZone); // 00:00 of this day is <= at
    let day = addDays(await db.transaction((tx) => lockClock(tx, plan.id)), 1);
    while (compareDates(day, lastDay) <= 0 && startOfDay(day, plan.rules.timeZone) <= at) {
      await runDay(db, provider, plan, day, opts.actor, opts.onStep, opts.onStepStart);
      await db.transaction((tx) => setClock(tx, plan.id, day));
      opts.onDay?.({ plan: plan.id, day });
      day = addDays(day, 1);
    }
  }
  await closeDueJuryRounds(db, at, opts.actor); // rounds that ended during the day so far
  for (const plan of await listPlans(db)) await closeDueProposals(db, plan.id, at, opts.actor); // rule votes that ended during the day so far
}
