/**
 * The sharing run for one notice, at 00:00 of its charge date, in three resumable steps:
 *   1. plan:     snapshot the sharing members at 00:00 of the announcement day, take the claims
 *                still in the notice (a challenge under review holds a claim out), compute the
 *                share (domain/sharing-rule.ts) and store these numbers;
 *   2. bill:     write every sharing member's bill with INSERT ... SELECT over a range of
 *                membership ids per chunk, each chunk in its own transaction with its done-marker,
 *                several chunks at once on a server (one statement uses one core);
 *   3. finalize: the period row, its claims and its balanced ledger entry, in one transaction.
 * A run killed at any point is resumed by running it again: finished chunks are skipped, a chunk
 * that was cut off left nothing (its transaction rolled back), and the result is the same as an
 * uninterrupted run's. The snapshot's inputs cannot change once its instant has passed.
 * In a wind-down (issue 13) a run at or after its start is operator-funded (domain/wind-down.ts):
 * the members are still counted and published, nobody is billed, the operator pays what the
 * surplus does not cover (the period's subsidy, paid on the charge day like any other).
 */
import { sharingEnv } from '../config/env.ts';
import type { Db } from '../db/database.ts';
import type { PeriodDates } from '../domain/calendar.ts';
import { HuzhuError } from '../domain/errors.ts';
import { sharingEntry } from '../domain/ledger-rules.ts';
import { compareDates, parts, startOfDay } from '../domain/local-date.ts';
import { capCanBind, computeShare, type PeriodAmounts } from '../domain/sharing-rule.ts';
import { isOperatorFunded, operatorFundedPeriod } from '../domain/wind-down.ts';
import { findWindDownOfPlan } from '../repositories/wind-downs-repo.ts';
import { assignClaimsToPeriod, claimsToShare, publishedCases } from '../repositories/claims-repo.ts';
import { findNotice, markNoticeShared } from '../repositories/notices-repo.ts';
import { recordEvent } from '../repositories/events-repo.ts';
import { postEntry } from '../repositories/ledger-repo.ts';
import { publishNotice } from './notice.ts';
import { logAnnouncement } from '../transparency/entries/engine-entries.ts'; // transparency log (issue 4)
import { countSharingMembersByBand } from '../repositories/members-repo.ts';
import { bandCounts, maxWeight, membersOf, weightTotalOf } from '../domain/contribution-weights.ts';
import {
  billEveryoneTheShare, billWithCaps, findPeriod, insertPeriod, lastPeriod, membershipIdSpan, nextPeriodId,
  refreshChargeStatistics, sumOfSharesChargedIn, type Period,
} from '../repositories/periods-repo.ts';
import { getPlanAt, lockClockRow, type Plan } from '../repositories/plans-repo.ts';
import {
  claimChunk, doneChunks, findRun, hasUnfinishedRunBefore, insertRun, markRunFinished, setChunkBilled, type SharingRun,
} from '../repositories/sharing-runs-repo.ts';

export interface SharingRunOptions {
  /** Memberships per chunk (by id range). */
  chunkSize?: number;
  /** Chunks billed at once; a server uses one core per statement. */
  parallel?: number;
  /** Called after each chunk commits (progress; tests use it to kill the process mid-run). */
  afterChunk?: (chunk: number, of: number) => void | Promise<void>;
  actor?: string;
}

const DEFAULT_CHUNK = sharingEnv().chunkSize ?? 500_000;

/** Runs (or resumes) the sharing run of the notice published on `dates.announcedOn`. */
export async function runSharingRun(db: Db, plan: Plan, dates: PeriodDates, o: SharingRunOptions = {}): Promise<Period> {
  const done = await findPeriod(db, plan.id, dates.announcedOn);
  if (done) return done;
  if (!(await findNotice(db, plan.id, dates.announcedOn))) {
    throw new HuzhuError('CONFLICT', `no notice was published on ${dates.announcedOn} for plan "${plan.id}"; nothing to share`);
  }
  const run = (await findRun(db, plan.id, dates.announcedOn)) ?? (await planRun(db, plan, dates, o.chunkSize ?? DEFAULT_CHUNK));
  await billChunks(db, run, o);
  await refreshChargeStatistics(db);
  await finalize(db, plan, run, o.actor ?? 'calendar');
  return (await findPeriod(db, plan.id, dates.announcedOn))!;
}

/** Step 1: fix the snapshot's numbers. */
async function planRun(db: Db, plan: Plan, dates: PeriodDates, chunkSize: number): Promise<SharingRun> {
  await db.transaction(async (tx) => {
    await lockClockRow(tx, plan.id); // one planner per plan at a time
    if (await findRun(tx, plan.id, dates.announcedOn)) return;
    const previous = await lastPeriod(tx, plan.id);
    if (previous && compareDates(previous.announcedOn, dates.announcedOn) > 0) {
      throw new HuzhuError('OUT_OF_ORDER', `period ${dates.announcedOn} comes before the last announced period ${previous.announcedOn}`);
    }
    if (await hasUnfinishedRunBefore(tx, plan.id, dates.announcedOn)) throw new HuzhuError('OUT_OF_ORDER', `an earlier sharing run of plan "${plan.id}" has not finished`);

    const snapshotAt = startOfDay(dates.announcedOn, plan.rules.timeZone);
    // The rules in force at the snapshot (issue 14): a change applies to periods whose members are counted at or after its instant.
    const rules = (await getPlanAt(tx, plan.id, snapshotAt)).rules;
    const claims = await claimsToShare(tx, plan.id, dates.announcedOn);
    const payoutFen = claims.reduce((s, c) => s + c.payout_fen, 0n);
    // One statement: members per contribution band at the snapshot (their age on the announcement day).
    const weights = rules.contributionWeights;
    const bands = bandCounts(weights, await countSharingMembersByBand(tx, plan.id, snapshotAt, weights, dates.announcedOn));
    const sharingMembers = membersOf(bands);
    const weightTotal = weightTotalOf(bands);
    const surplusInFen = previous?.surplusOutFen ?? 0n;
    // A wind-down (issue 13): a sharing run at or after its start A bills nobody; the operator funds the period.
    const windDown = await findWindDownOfPlan(tx, plan.id);
    const operatorFunded = isOperatorFunded(windDown?.startedAt ?? null, startOfDay(dates.chargedOn, plan.rules.timeZone));
    const a = operatorFunded
      ? operatorFundedAmounts(payoutFen, surplusInFen)
      : computeShare({ payoutFen, surplusInFen, sharingMembers, weightTotal, feeBasisPoints: rules.feeBasisPoints });
    const earlier = await sumOfSharesChargedIn(tx, plan.id, parts(dates.chargedOn).year);
    const capsMayBind = !operatorFunded && capCanBind({
      shareFen: a.shareFen * BigInt(maxWeight(weights)), annualCapFen: rules.annualCapFen, sumOfEarlierSharesThisYearFen: earlier.total,
      perCaseCapFen: rules.perCaseCapFen, cases: claims.length,
    });
    const span = a.shareFen > 0n ? await membershipIdSpan(tx, plan.id, snapshotAt) : null;
    const size = BigInt(chunkSize);
    await insertRun(tx, {
      periodId: await nextPeriodId(tx), planId: plan.id, announcedOn: dates.announcedOn, chargedOn: dates.chargedOn, snapshotAt,
      claimIds: claims.map((c) => c.id), payoutFen, feeFen: a.feeFen, carriedInFen: a.carriedInFen, sharingMembers, shareFen: a.shareFen,
      surplusOutFen: a.surplusOutFen, unsharedFen: a.unsharedFen, capsMayBind,
      annualCapFen: rules.annualCapFen, perCaseCapTotalFen: rules.perCaseCapFen === null ? null : rules.perCaseCapFen * BigInt(claims.length),
      earlierPeriodIds: earlier.periodIds, firstMembershipId: span?.min ?? 0n, chunkSize: size,
      chunks: span ? Number((span.max - span.min) / size) + 1 : 0, weightTotal, weightBands: bands,
    });
  });
  return (await findRun(db, plan.id, dates.announcedOn))!;
}

/** An operator-funded period's amounts in the sharing rule's terms: the operator's part is what nobody shares. */
function operatorFundedAmounts(payoutFen: bigint, surplusInFen: bigint): Pick<PeriodAmounts, 'feeFen' | 'carriedInFen' | 'shareFen' | 'surplusOutFen' | 'unsharedFen'> {
  const p = operatorFundedPeriod({ payoutFen, surplusInFen });
  return { feeFen: p.feeFen, carriedInFen: surplusInFen, shareFen: p.shareFen, surplusOutFen: p.surplusOutFen, unsharedFen: p.operatorSubsidyFen };
}

/** Step 2: bill chunk by chunk; each chunk commits with its marker, so none is written twice. */
async function billChunks(db: Db, run: SharingRun, o: SharingRunOptions): Promise<void> {
  const already = await doneChunks(db, run.periodId);
  const todo = Array.from({ length: run.chunks }, (_, i) => i).filter((i) => !already.chunks.has(i));
  const parallel = Math.max(1, o.parallel ?? (db.kind === 'postgres' ? sharingEnv().parallel ?? 2 : 1));
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < todo.length; i = next++) {
      const chunk = todo[i]!;
      const from = run.firstMembershipId + BigInt(chunk) * run.chunkSize;
      const range = { from, to: from + run.chunkSize };
      await db.transaction(async (tx) => {
        if (!(await claimChunk(tx, run.periodId, chunk))) return;
        const weights = { weights: run.weightBands, snapshotDate: run.announcedOn }; // the run's own bands, not today's rules
        const base = { periodId: run.periodId, planId: run.planId, snapshotAt: run.snapshotAt, shareFen: run.shareFen, range, weights };
        if (run.capsMayBind) {
          const billed = await billWithCaps(tx, { ...base, annualCapFen: run.annualCapFen, earlierPeriodIdsThisYear: run.earlierPeriodIds, perCaseCapTotalFen: run.perCaseCapTotalFen });
          await setChunkBilled(tx, run.periodId, chunk, billed);
        } else {
          await billEveryoneTheShare(tx, base);
        }
      });
      await o.afterChunk?.(chunk, run.chunks);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, todo.length) }, worker));
}

/** Step 3: publish the period, assign its claims and post its ledger entry, all at once. */
async function finalize(db: Db, plan: Plan, run: SharingRun, actor: string): Promise<void> {
  await db.transaction(async (tx) => {
    if (await findPeriod(tx, plan.id, run.announcedOn)) return;
    const chunks = await doneChunks(tx, run.periodId);
    if (chunks.chunks.size !== run.chunks) throw new HuzhuError('CONFLICT', `sharing run ${run.announcedOn}: ${chunks.chunks.size} of ${run.chunks} chunks billed`);
    const billedFen = run.capsMayBind ? chunks.billedFen : run.shareFen * run.weightTotal;
    const period: Omit<Period, 'status'> = {
      id: run.periodId, planId: plan.id, announcedOn: run.announcedOn, chargedOn: run.chargedOn, announcedAt: run.snapshotAt,
      chargedAt: startOfDay(run.chargedOn, plan.rules.timeZone), cases: run.claimIds.length, payoutFen: run.payoutFen, feeFen: run.feeFen,
      carriedInFen: run.carriedInFen, sharingMembers: run.sharingMembers, shareFen: run.shareFen,
      operatorSubsidyFen: run.shareFen * run.weightTotal - billedFen + run.unsharedFen, surplusOutFen: run.surplusOutFen, billedFen,
      weightTotal: run.weightTotal, weightBands: run.weightBands,
    };
    await insertPeriod(tx, period);
    await assignClaimsToPeriod(tx, run.periodId, run.claimIds);
    const key = `announce:${plan.id}:${run.announcedOn}`;
    const entry = sharingEntry(period, `period ${run.announcedOn}: ${run.claimIds.length} cases shared by ${run.sharingMembers} members`);
    if (entry) await postEntry(tx, { planId: plan.id, periodId: run.periodId, key: `${key}:sharing`, at: run.snapshotAt, actor }, entry);
    await logAnnouncement(tx, period, await publishedCases(tx, { periodId: run.periodId })); // transparency log (issue 4): announcement + charge commitment root, same transaction
    await markNoticeShared(tx, plan.id, run.announcedOn);
    await markRunFinished(tx, run.periodId);
    await recordEvent(tx, {
      at: run.snapshotAt, actor, kind: 'period.announced', subject: `plan:${plan.id}`, key,
      data: { result: { announcedOn: run.announcedOn, periodId: run.periodId, cases: run.claimIds.length, shareFen: run.shareFen, sharingMembers: run.sharingMembers, billedFen } },
    });
  });
}

/**
 * The notice and its sharing run back to back, without waiting for the charge date: for
 * benchmarks and tests that need a billed period without running the calendar.
 */
export async function announceAndShare(db: Db, plan: Plan, dates: PeriodDates, o: SharingRunOptions = {}): Promise<Period> {
  await publishNotice(db, plan, dates, o.actor ?? 'calendar');
  return runSharingRun(db, plan, dates, o);
}
