/**
 * The wind-down's calendar steps (issue 13), run by the calendar each day at 00:00 in the plan's
 * zone (calendar-runner.ts), each idempotent and set-based:
 *   - at the end of the cut-off date (00:00 of C + 1) every membership still active is `closed`;
 *   - once the claim window has ended and every claim is paid or rejected (and the last notice is
 *     shared), the plan is `closed`:
 *     the surplus left goes to the operator against what the wind-down cost it, the final report
 *     is fixed and published in the log (`plan.winddown` closed).
 * A runner that was down catches up: each step happens at its own instant, not the runner's.
 */
import type { Db, Queryable } from '../db/database.ts';
import { surplusReleaseEntry } from '../domain/ledger-rules.ts';
import { claimWindowEndsAt, endOfCutOff, readyToClose } from '../domain/wind-down.ts';
import { countOpenClaims } from '../repositories/claims-repo.ts';
import { accountBalances, postEntry } from '../repositories/ledger-repo.ts';
import { closeActiveMemberships } from '../repositories/members-repo.ts';
import { hasOpenNotice } from '../repositories/notices-repo.ts';
import type { Plan } from '../repositories/plans-repo.ts';
import { findWindDownOfPlan, getWindDown, markClosed, markMembershipsClosed, type WindDown } from '../repositories/wind-downs-repo.ts';
import { logWindDown } from '../transparency/entries/wind-down-entries.ts';
import { once } from './idempotent.ts';
import { finalReport } from './wind-down-report.ts';

/** The memberships closed at the end of C, if that instant has come by `t`. */
export async function closeMembershipsIfDue(db: Db, plan: Plan, t: Date, actor = 'calendar'): Promise<void> {
  const w = await findWindDownOfPlan(db, plan.id);
  if (!w || w.startedAt === null || w.membershipsClosedAt !== null) return;
  const at = endOfCutOff(w.terms.cutOffOn, plan.rules.timeZone);
  if (t < at) return;
  await once(db, { key: `wind-down:${w.id}:memberships-closed`, actor, at }, { kind: 'wind-down.memberships-closed', subject: `plan:${plan.id}` }, async (tx) => {
    const closed = await closeActiveMemberships(tx, plan.id, at);
    await markMembershipsClosed(tx, w.id, at, closed);
    await logWindDown(tx, { plan: plan.id, windDown: w.id, state: 'memberships-closed', at, facts: { closed } });
    return { closed };
  });
}

/** Closes the plan at `t` if the window has ended and no claim is open; true when closed (now or before). */
export async function closePlanIfDue(db: Db, plan: Plan, t: Date, actor = 'calendar'): Promise<boolean> {
  const w = await findWindDownOfPlan(db, plan.id);
  if (!w || w.startedAt === null) return false;
  if (w.closedAt !== null) return true;
  if (w.membershipsClosedAt === null) return false;
  if (!readyToClose({ windowEndsAt: claimWindowEndsAt(w.terms, plan.rules.timeZone), at: t, openClaims: await countOpenClaims(db, plan.id) })) return false;
  if (await hasOpenNotice(db, plan.id)) return false; // its sharing run comes first, at its charge date
  await once(db, { key: `wind-down:${w.id}:closed`, actor, at: t }, { kind: 'wind-down.closed', subject: `plan:${plan.id}` }, async (tx) => {
    const current = await getWindDown(tx, w.id, true);
    if (current.closedAt !== null) return { closed: true };
    const releasedFen = await releaseSurplus(tx, plan, current, t, actor);
    const report = await finalReport(tx, plan, current, t, releasedFen);
    await markClosed(tx, w.id, t, report);
    await logWindDown(tx, { plan: plan.id, windDown: w.id, state: 'closed', at: t, facts: { report } });
    return { closed: true };
  });
  return true;
}

/** The surplus still carried when the plan closes (at most rounding left over): to the operator, against its costs. */
async function releaseSurplus(tx: Queryable, plan: Plan, w: WindDown, at: Date, actor: string): Promise<bigint> {
  const fen = (await accountBalances(tx, plan.id)).surplus_carried;
  const entry = fen > 0n ? surplusReleaseEntry(fen, 'wind-down: the surplus left at closing goes to the operator against what the wind-down cost it') : null;
  if (entry) await postEntry(tx, { planId: plan.id, periodId: null, key: `wind-down:${w.id}:surplus-release`, at, actor }, entry);
  return fen > 0n ? fen : 0n;
}
