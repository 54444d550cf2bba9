/**
 * The public notice (公示), on each announcement day at 00:00 in the plan's zone: every claim
 * approved before that instant and not yet announced is published with its anonymized facts and
 * stays open to challenge until 00:00 of the charge date. Nothing is billed yet: the sharing run
 * at the charge date bills the claims still in the notice (services/sharing-run.ts), so a claim
 * held out by a challenge is not in anyone's bill.
 */
import type { Db } from '../db/database.ts';
import type { PeriodDates } from '../domain/calendar.ts';
import { HuzhuError } from '../domain/errors.ts';
import { compareDates, startOfDay } from '../domain/local-date.ts';
import { claimsToNotice, markNoticed, publishedCases } from '../repositories/claims-repo.ts';
import { findNotice, insertNotice, lastNotice, type Notice } from '../repositories/notices-repo.ts';
import { lockClockRow, type Plan } from '../repositories/plans-repo.ts';
import { logNotice } from '../transparency/entries/engine-entries.ts'; // transparency log (issue 4)
import { once } from './idempotent.ts';

export async function publishNotice(db: Db, plan: Plan, dates: PeriodDates, actor = 'calendar'): Promise<Notice> {
  const tz = plan.rules.timeZone;
  const at = startOfDay(dates.announcedOn, tz);
  await once(db, { key: `notice:${plan.id}:${dates.announcedOn}`, actor, at }, { kind: 'notice.published', subject: `plan:${plan.id}` }, async (tx) => {
    await lockClockRow(tx, plan.id); // one announcer per plan at a time
    if (await findNotice(tx, plan.id, dates.announcedOn)) return { announcedOn: dates.announcedOn, already: true };
    const previous = await lastNotice(tx, plan.id);
    if (previous && compareDates(previous.announcedOn, dates.announcedOn) > 0) {
      throw new HuzhuError('OUT_OF_ORDER', `notice ${dates.announcedOn} comes before the last notice ${previous.announcedOn}`);
    }
    const claims = await claimsToNotice(tx, plan.id, at);
    await insertNotice(tx, {
      planId: plan.id, announcedOn: dates.announcedOn, chargedOn: dates.chargedOn, announcedAt: at,
      chargedAt: startOfDay(dates.chargedOn, tz), cases: claims.length,
    });
    await markNoticed(tx, claims.map((c) => c.id), dates.announcedOn);
    await logNotice(tx, { planId: plan.id, announcedOn: dates.announcedOn, chargedOn: dates.chargedOn, cases: await publishedCases(tx, { planId: plan.id, noticedOn: dates.announcedOn }) });
    return { announcedOn: dates.announcedOn, cases: claims.length };
  });
  return (await findNotice(db, plan.id, dates.announcedOn))!;
}
