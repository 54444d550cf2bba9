/**
 * The sharing run for one announcement: snapshot the sharing members at 00:00 of the
 * announcement day, take the approved claims, compute the share (domain/sharing-rule.ts),
 * bill every member in one INSERT ... SELECT, and post the ledger entry, all in one transaction.
 * A crash anywhere rolls everything back; a rerun (same idempotency key) does the work once.
 */
import type { Db } from '../db/database.ts';
import { HuzhuError } from '../domain/errors.ts';
import { sharingEntry } from '../domain/ledger-rules.ts';
import { compareDates, parts, startOfDay } from '../domain/local-date.ts';
import type { PeriodDates } from '../domain/calendar.ts';
import { capCanBind, computeShare } from '../domain/sharing-rule.ts';
import { claimsToAnnounce } from '../repositories/claims-repo.ts';
import { postEntry } from '../repositories/ledger-repo.ts';
import { countSharingMembers } from '../repositories/members-repo.ts';
import {
  assignClaimsToPeriod, billEveryoneTheShare, billWithCaps, findPeriod, insertPeriod, lastPeriod, nextPeriodId, sumOfSharesChargedIn, type Period,
} from '../repositories/periods-repo.ts';
import type { Plan } from '../repositories/plans-repo.ts';
import { once } from './idempotent.ts';

export async function runAnnouncement(db: Db, plan: Plan, dates: PeriodDates, actor = 'calendar'): Promise<Period> {
  const tz = plan.rules.timeZone;
  const snapshotAt = startOfDay(dates.announcedOn, tz);
  const key = `announce:${plan.id}:${dates.announcedOn}`;
  await once(db, { key, actor, at: snapshotAt }, { kind: 'period.announced', subject: `plan:${plan.id}` }, async (tx) => {
    if (await findPeriod(tx, plan.id, dates.announcedOn)) return { announcedOn: dates.announcedOn };
    const previous = await lastPeriod(tx, plan.id);
    if (previous && compareDates(previous.announcedOn, dates.announcedOn) > 0) {
      throw new HuzhuError('OUT_OF_ORDER', `period ${dates.announcedOn} comes before the last announced period ${previous.announcedOn}`);
    }
    const claims = await claimsToAnnounce(tx, plan.id, snapshotAt);
    const payoutFen = claims.reduce((s, c) => s + c.payout_fen, 0n);
    const sharingMembers = await countSharingMembers(tx, plan.id, snapshotAt);
    const amounts = computeShare({
      payoutFen, surplusInFen: previous?.surplusOutFen ?? 0n, sharingMembers, feeBasisPoints: plan.rules.feeBasisPoints,
    });

    const periodId = await nextPeriodId(tx);
    const chargeYear = parts(dates.chargedOn).year;
    const earlier = await sumOfSharesChargedIn(tx, plan.id, chargeYear);
    let billedFen = 0n;
    if (amounts.shareFen > 0n) {
      const capsMayBind = capCanBind({
        shareFen: amounts.shareFen, annualCapFen: plan.rules.annualCapFen, sumOfEarlierSharesThisYearFen: earlier.total,
        perCaseCapFen: plan.rules.perCaseCapFen, cases: claims.length,
      });
      if (capsMayBind) {
        billedFen = await billWithCaps(tx, {
          periodId, planId: plan.id, snapshotAt, shareFen: amounts.shareFen, annualCapFen: plan.rules.annualCapFen,
          earlierPeriodIdsThisYear: earlier.periodIds, perCaseCapFen: plan.rules.perCaseCapFen, cases: claims.length,
        });
      } else {
        await billEveryoneTheShare(tx, { periodId, planId: plan.id, snapshotAt, shareFen: amounts.shareFen });
        billedFen = amounts.shareFen * sharingMembers;
      }
    }
    const operatorSubsidyFen = amounts.shareFen * sharingMembers - billedFen + amounts.unsharedFen;
    const period: Omit<Period, 'status'> = {
      id: periodId, planId: plan.id, announcedOn: dates.announcedOn, chargedOn: dates.chargedOn, announcedAt: snapshotAt,
      chargedAt: startOfDay(dates.chargedOn, tz), cases: claims.length, payoutFen, feeFen: amounts.feeFen,
      carriedInFen: amounts.carriedInFen, sharingMembers, shareFen: amounts.shareFen, operatorSubsidyFen,
      surplusOutFen: amounts.surplusOutFen, billedFen,
    };
    await insertPeriod(tx, period);
    await assignClaimsToPeriod(tx, periodId, claims.map((c) => c.id));
    const entry = sharingEntry(period, `period ${dates.announcedOn}: ${claims.length} cases shared by ${sharingMembers} members`);
    if (entry) await postEntry(tx, { planId: plan.id, periodId, key: `${key}:sharing`, at: snapshotAt, actor }, entry);
    return { announcedOn: dates.announcedOn, periodId, cases: claims.length, shareFen: amounts.shareFen, sharingMembers };
  });
  return (await findPeriod(db, plan.id, dates.announcedOn))!;
}
