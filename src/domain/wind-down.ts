/**
 * THE WIND-DOWN RULES (issue 13): the orderly closing of a plan. Pure; services/wind-down.ts
 * loads the facts and writes, the tests pin the edges (wind-down.test.ts).
 *
 * A wind-down is proposed by one operator and confirmed by a second (four eyes). It STARTS at the
 * confirmation instant A: a proposal alone changes nothing, so nobody can close a plan by
 * themselves and no instant in the past can be chosen. Its terms:
 *   cutOffOn C          a local date in the plan's zone, A's local date or later;
 *   refundPastShares    every payer is refunded all the shares it paid, from operator money;
 *   claimWindowDays N   claims may be filed until the end of C + N (default 180).
 * From A the plan is `winding-down`: joins and recharges are refused PLAN_CLOSING and every
 * period whose sharing run (00:00 of its charge date) is at or after A is operator-funded:
 *   fee 0, share 0, billed 0,  subsidy = max(0, payouts - surplus in),  surplus out = max(0, surplus in - payouts)
 * so subsidy + surplus in = payouts + surplus out, the sharing identity with billed = fee = 0.
 * The end of C is 00:00 of C + 1 in the plan's zone: then every active membership is `closed`.
 * The plan is `closed` once the claim window has ended and every claim is paid or rejected.
 */
import { HuzhuError } from './errors.ts';
import { addDays, compareDates, localDateOf, parseLocalDate, startOfDay, type LocalDate } from './local-date.ts';
import type { Fen } from './money.ts';

export const DEFAULT_CLAIM_WINDOW_DAYS = 180;
export const MAX_CLAIM_WINDOW_DAYS = 3650;

export type PlanStatus = 'active' | 'winding-down' | 'closed';

export interface WindDownTerms {
  cutOffOn: LocalDate;
  refundPastShares: boolean;
  claimWindowDays: number;
}

/** What the rules need of a wind-down: when it started (A, null while only proposed) and closed. */
export interface WindDownTimes {
  startedAt: Date | null;
  closedAt: Date | null;
}

/** Checks the terms as given (field names as the API's); the cut-off is checked against A at the start. */
export function parseTerms(input: { cutOffOn: unknown; refundPastShares?: unknown; claimWindowDays?: unknown }): WindDownTerms {
  const cutOffOn = parseLocalDate(input.cutOffOn, 'cutOffOn');
  const refundPastShares = input.refundPastShares ?? false;
  if (typeof refundPastShares !== 'boolean') throw new HuzhuError('VALIDATION', 'refundPastShares: true or false', { field: 'refundPastShares' });
  const claimWindowDays = input.claimWindowDays ?? DEFAULT_CLAIM_WINDOW_DAYS;
  if (typeof claimWindowDays !== 'number' || !Number.isInteger(claimWindowDays) || claimWindowDays < 0 || claimWindowDays > MAX_CLAIM_WINDOW_DAYS) {
    throw new HuzhuError('VALIDATION', `claimWindowDays: a whole number of days from 0 to ${MAX_CLAIM_WINDOW_DAYS}`, { field: 'claimWindowDays' });
  }
  return { cutOffOn, refundPastShares, claimWindowDays };
}

/** C must be A's local date or later: a cut-off in the past would take away cover already promised. */
export function assertCutOffNotBefore(terms: WindDownTerms, startAt: Date, timeZone: string): void {
  const today = localDateOf(startAt, timeZone);
  if (compareDates(terms.cutOffOn, today) < 0) {
    throw new HuzhuError('VALIDATION', `cutOffOn: ${terms.cutOffOn} is before the wind-down's start on ${today}`, { field: 'cutOffOn' });
  }
}

/** The plan's status at an instant. No wind-down, or one still only proposed: active. */
export function planStatusAt(w: WindDownTimes | undefined, at: Date): PlanStatus {
  if (!w || w.startedAt === null || at < w.startedAt) return 'active';
  return w.closedAt !== null && at >= w.closedAt ? 'closed' : 'winding-down';
}

/** Joins and recharges from A on: refused PLAN_CLOSING. */
export function assertOpenToNewMoney(w: WindDownTimes | undefined, at: Date, planId: string, what: 'join' | 'recharge' | 'transfer'): void {
  const status = planStatusAt(w, at);
  if (status !== 'active') throw new HuzhuError('PLAN_CLOSING', `plan "${planId}" is ${status}: no ${what} is accepted`, { field: 'plan' });
}

/** The end of C: 00:00 of the next day in the plan's zone (memberships are protected until then). */
export function endOfCutOff(cutOffOn: LocalDate, timeZone: string): Date {
  return startOfDay(addDays(cutOffOn, 1), timeZone);
}

/** The end of the claim window: 00:00 of C + claimWindowDays + 1 in the plan's zone. */
export function claimWindowEndsAt(terms: WindDownTerms, timeZone: string): Date {
  return startOfDay(addDays(terms.cutOffOn, terms.claimWindowDays + 1), timeZone);
}

/** A period is operator-funded when its sharing run (00:00 of its charge date) is at or after A. */
export function isOperatorFunded(startedAt: Date | null, sharingRunAt: Date): boolean {
  return startedAt !== null && sharingRunAt.getTime() >= startedAt.getTime();
}

export interface OperatorFundedPeriod {
  feeFen: Fen; shareFen: Fen; billedFen: Fen; operatorSubsidyFen: Fen; surplusOutFen: Fen;
}

/** The figures of an operator-funded period: nobody billed, the surplus first, the operator the rest. */
export function operatorFundedPeriod(p: { payoutFen: Fen; surplusInFen: Fen }): OperatorFundedPeriod {
  if (p.payoutFen < 0n || p.surplusInFen < 0n) throw new RangeError('operatorFundedPeriod: negative input');
  const gap = p.payoutFen - p.surplusInFen;
  return { feeFen: 0n, shareFen: 0n, billedFen: 0n, operatorSubsidyFen: gap > 0n ? gap : 0n, surplusOutFen: gap < 0n ? -gap : 0n };
}

export type WindDownRejectCode = 'AFTER_CUT_OFF' | 'CLAIM_WINDOW_CLOSED';

/**
 * A claim in a winding-down (or closed) plan: diagnosed after C is AFTER_CUT_OFF; filed at or
 * after the end of the window is CLAIM_WINDOW_CLOSED. Null: the usual checks decide.
 */
export function claimAdmissibility(terms: WindDownTerms, timeZone: string, c: { diagnosedOn: LocalDate; filedAt: Date }): { code: WindDownRejectCode; reason: string } | null {
  if (compareDates(c.diagnosedOn, terms.cutOffOn) > 0) {
    return { code: 'AFTER_CUT_OFF', reason: `diagnosed on ${c.diagnosedOn}, after the wind-down's cut-off date ${terms.cutOffOn}` };
  }
  const ends = claimWindowEndsAt(terms, timeZone);
  if (c.filedAt.getTime() >= ends.getTime()) {
    return { code: 'CLAIM_WINDOW_CLOSED', reason: `filed after the wind-down's claim window ended (${addDays(terms.cutOffOn, terms.claimWindowDays)}, the last day)` };
  }
  return null;
}

/**
 * Whether a membership counts as a member for a wind-down claim: active when filed as usual, or
 * `closed` by the wind-down and active on the diagnosis date (which is then on or before C).
 */
export function countsAsMember(m: { status: string; endedAt: Date | null; activeWhenFiled: boolean }, diagnosisStartsAt: Date): boolean {
  if (m.activeWhenFiled) return true;
  return m.status === 'closed' && m.endedAt !== null && m.endedAt.getTime() > diagnosisStartsAt.getTime();
}

/** The instant whose rules decide a wind-down claim: its diagnosis date's, but never later than A. */
export function rulesInstantForClaim(startedAt: Date | null, diagnosisStartsAt: Date): Date {
  return startedAt !== null && startedAt < diagnosisStartsAt ? startedAt : diagnosisStartsAt;
}

/** The plan closes when the claim window has ended and no claim is still open. */
export function readyToClose(p: { windowEndsAt: Date; at: Date; openClaims: number | bigint }): boolean {
  return p.at.getTime() >= p.windowEndsAt.getTime() && BigInt(p.openClaims) === 0n;
}
