/**
 * The automatic checks every claim passes, at filing and again at approval (a human approval
 * never overrides them), and the payout a claim earns. Pure: the service loads the facts.
 */
import type { ErrorCode } from './errors.ts';
import { ageOn, compareDates, type LocalDate } from './local-date.ts';
import type { Fen } from './money.ts';
import type { PlanRules } from './plan-rules.ts';

export type Severity = 'severe' | 'mild';
export type Cause = 'illness' | 'accident';

/** Rejections decided by the plan's published rules (the automatic checks), not by anyone's judgement. */
// AFTER_CUT_OFF and CLAIM_WINDOW_CLOSED: a winding-down plan's terms (domain/wind-down.ts, issue 13).
export const AUTOMATIC_REJECT_CODES = ['NOT_A_MEMBER', 'PRE_EXISTING', 'WAITING_PERIOD', 'DUPLICATE_PAYOUT', 'AFTER_CUT_OFF', 'CLAIM_WINDOW_CLOSED'] as const satisfies readonly ErrorCode[];
export type ClaimRejectCode = (typeof AUTOMATIC_REJECT_CODES)[number];

export interface ClaimFacts {
  diagnosedOn: LocalDate;
  severity: Severity;
  cause: Cause;
  birthDate: LocalDate;
  joinedOn: LocalDate;
  waitingEndsOn: LocalDate;
  /** Was the membership active at the instant the claim was filed? */
  activeWhenFiled: boolean;
  /** Other claims of the same membership that are approved, announced or paid. */
  otherPayouts: { severity: Severity }[];
}

export type ClaimCheck = { ok: true; payoutFen: Fen; ageAtDiagnosis: number } | { ok: false; code: ClaimRejectCode; reason: string };

export function checkClaim(rules: PlanRules, f: ClaimFacts): ClaimCheck {
  if (!f.activeWhenFiled) return { ok: false, code: 'NOT_A_MEMBER', reason: 'the membership was not active when the claim was filed' };
  if (compareDates(f.diagnosedOn, f.joinedOn) < 0) {
    return { ok: false, code: 'PRE_EXISTING', reason: `diagnosed on ${f.diagnosedOn}, before joining on ${f.joinedOn}` };
  }
  const waits = !(f.cause === 'accident' && rules.accidentSkipsWaitingPeriod);
  if (waits && compareDates(f.diagnosedOn, f.waitingEndsOn) < 0) {
    return { ok: false, code: 'WAITING_PERIOD', reason: `diagnosed on ${f.diagnosedOn}, before the waiting period ended on ${f.waitingEndsOn}` };
  }
  if (f.otherPayouts.some((p) => p.severity === 'severe')) {
    return { ok: false, code: 'DUPLICATE_PAYOUT', reason: 'the membership already has a severe payout' };
  }
  if (f.severity === 'mild' && f.otherPayouts.filter((p) => p.severity === 'mild').length >= rules.maxMildPayouts) {
    return { ok: false, code: 'DUPLICATE_PAYOUT', reason: `the membership already has ${rules.maxMildPayouts} mild payout(s)` };
  }
  const ageAtDiagnosis = ageOn(f.birthDate, f.diagnosedOn);
  const payoutFen = payoutFor(rules, f.severity, ageAtDiagnosis);
  if (payoutFen === null) {
    return { ok: false, code: 'NOT_A_MEMBER', reason: `no payout band covers age ${ageAtDiagnosis} at diagnosis` };
  }
  return { ok: true, payoutFen, ageAtDiagnosis };
}

/** Payout by severity and age in completed years at the diagnosis date; null if no band covers it. */
export function payoutFor(rules: PlanRules, severity: Severity, ageAtDiagnosis: number): Fen | null {
  if (severity === 'mild') return rules.mildPayoutFen;
  const band = rules.payoutBands.find((b) => ageAtDiagnosis <= b.maxAge);
  return band ? band.severeFen : null;
}

/**
 * The claim state machine. `challenged` is the 7-day public notice under challenge (the jury
 * issue builds on it); a claim is `approved` from the decision until its charge date, then `paid`.
 */
export type ClaimStatus = 'pending' | 'investigating' | 'approved' | 'challenged' | 'paid' | 'rejected';

const TRANSITIONS: Record<ClaimStatus, readonly ClaimStatus[]> = {
  pending: ['investigating', 'approved', 'rejected'],
  investigating: ['approved', 'rejected'],
  approved: ['challenged', 'paid', 'rejected'],
  challenged: ['approved', 'rejected'],
  paid: [],
  rejected: [],
};

export function canTransition(from: ClaimStatus, to: ClaimStatus): boolean {
  return TRANSITIONS[from].includes(to);
}
