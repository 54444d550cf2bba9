/**
 * The public notice and challenges, as a small state machine over challenges, plus the appeal
 * window that leads to the jury.
 *
 *   challenge:  under-review --dismissed--> dismissed --(challenger appeals)--> appealed
 *                            \--upheld----> upheld   (the claim is rejected; the claimant may appeal)
 *
 * Every approved claim is announced and open to challenge from 00:00 of the announcement day to
 * 00:00 of the charge date (7 days by default: 7th to 13th, 21st to 27th). Why a challenge holds
 * the claim out of the coming charge rather than letting it be paid and recovered later: money
 * once paid to a sick member is very hard to take back, while a short delay costs little. Why a
 * dismissed claim goes into the *next* announcement rather than straight to payment: the share of
 * the coming charge was computed without it, so it is paid with the next period's share.
 */
import type { ClaimStatus } from '../domain/claim-rules.ts';
import { HuzhuError } from '../domain/errors.ts';
import { samePerson } from '../domain/four-eyes.ts';
import { addDays, localDateOf, startOfDay, type LocalDate } from '../domain/local-date.ts';
import { charCount } from '../domain/text.ts';
import type { ChallengeSettings } from '../domain/decision-settings.ts';

export type ChallengeStatus = 'under-review' | 'dismissed' | 'upheld' | 'appealed';

const CHALLENGE_TRANSITIONS: Record<ChallengeStatus, readonly ChallengeStatus[]> = {
  'under-review': ['dismissed', 'upheld'],
  dismissed: ['appealed'],
  upheld: [],
  appealed: [],
};

export function canChallengeTransition(from: ChallengeStatus, to: ChallengeStatus): boolean {
  return CHALLENGE_TRANSITIONS[from].includes(to);
}

/** Who someone is, for the "who may" rules: a member and the payer account that pays for them (family share one). */
export interface Party {
  memberId: string;
  payerAccountId: string;
}

export interface AnnouncedClaim {
  claimId: string;
  status: ClaimStatus;
  claimant: Party;
  /** The operator who approved it; they may not also judge a challenge against it. */
  approvedBy: string;
  announcedOn: LocalDate;
  chargedOn: LocalDate;
  /** A claim the jury ordered paid is announced for the record but is not open to challenge: the ruling is final. */
  juryRuled: boolean;
}

export interface Challenge {
  id: string;
  claimId: string;
  challenger: Party;
  reason: string;
  evidenceHashes: readonly string[];
  filedAt: Date;
  status: ChallengeStatus;
  decision: { by: string; reason: string; at: Date } | null;
}

export interface Window {
  opensAt: Date;
  /** Exclusive: at this instant the window is closed. */
  closesAt: Date;
}

export function isOpen(w: Window, at: Date): boolean {
  return at.getTime() >= w.opensAt.getTime() && at.getTime() < w.closesAt.getTime();
}

/** From 00:00 of the announcement day to 00:00 of the charge date, in the plan's time zone. */
export function challengeWindow(announcedOn: LocalDate, chargedOn: LocalDate, timeZone: string): Window {
  return { opensAt: startOfDay(announcedOn, timeZone), closesAt: startOfDay(chargedOn, timeZone) };
}

export interface ChallengeRequest {
  id: string;
  claim: AnnouncedClaim;
  challenger: Party & { active: boolean };
  reason: string;
  evidenceHashes: readonly string[];
  at: Date;
  timeZone: string;
  /** Evidence already weighed in earlier, dismissed challenges of this claim. */
  dismissedEvidence: readonly string[];
}

/**
 * Files a challenge, or throws: WINDOW_CLOSED outside the notice, NOT_ENTITLED for a non-member
 * or the claimant's own payer account, CONFLICT for a claim not under notice or a challenge that
 * only repeats dismissed evidence, VALIDATION for a missing reason or evidence.
 */
export function fileChallenge(settings: ChallengeSettings, req: ChallengeRequest): Challenge {
  const { claim, challenger } = req;
  if (claim.status !== 'approved' && claim.status !== 'challenged') {
    throw new HuzhuError('CONFLICT', `claim ${claim.claimId} is ${claim.status}, not under public notice`);
  }
  if (claim.juryRuled) throw new HuzhuError('CONFLICT', `claim ${claim.claimId} was ordered paid by the jury; that ruling is final`);
  if (!isOpen(challengeWindow(claim.announcedOn, claim.chargedOn, req.timeZone), req.at)) {
    throw new HuzhuError('WINDOW_CLOSED', `claim ${claim.claimId} is open to challenge from ${claim.announcedOn} until the charge date ${claim.chargedOn}`);
  }
  if (!challenger.active) throw new HuzhuError('NOT_ENTITLED', 'only an active member may file a challenge');
  if (challenger.memberId === claim.claimant.memberId || challenger.payerAccountId === claim.claimant.payerAccountId) {
    throw new HuzhuError('NOT_ENTITLED', 'a member may not challenge a claim of their own payer account');
  }
  if (charCount(req.reason) < settings.minReasonChars) {
    throw new HuzhuError('VALIDATION', `reason: a challenge needs a reason of at least ${settings.minReasonChars} characters`, { field: 'reason' });
  }
  const evidence = [...new Set(req.evidenceHashes.map((h) => h.trim().toLowerCase()))];
  if (evidence.length < settings.minEvidence) {
    throw new HuzhuError('VALIDATION', `evidence: a challenge needs at least ${settings.minEvidence} evidence document(s)`, { field: 'evidence' });
  }
  // A re-announced claim may be challenged again, but only with something new: otherwise one
  // member could hold a claim out of every charge by repeating a dismissed challenge.
  const seen = new Set(req.dismissedEvidence.map((h) => h.trim().toLowerCase()));
  if (evidence.length > 0 && evidence.every((h) => seen.has(h))) {
    throw new HuzhuError('CONFLICT', 'this evidence was already weighed in a dismissed challenge; a new challenge needs new evidence');
  }
  return {
    id: req.id, claimId: claim.claimId, challenger: { memberId: challenger.memberId, payerAccountId: challenger.payerAccountId },
    reason: req.reason.trim(), evidenceHashes: evidence, filedAt: req.at, status: 'under-review', decision: null,
  };
}

/**
 * Decides a challenge under review. The operator deciding must not be the one who approved the
 * claim (they would be judging their own work: FOUR_EYES) and must give a reason.
 */
export function resolveChallenge(
  challenge: Challenge,
  claim: AnnouncedClaim,
  d: { outcome: 'dismissed' | 'upheld'; by: string; reason: string; at: Date },
  minReasonChars: number,
): Challenge {
  if (!canChallengeTransition(challenge.status, d.outcome)) {
    throw new HuzhuError('CONFLICT', `challenge ${challenge.id} is ${challenge.status} and cannot be ${d.outcome}`);
  }
  if (samePerson(d.by, claim.approvedBy)) {
    throw new HuzhuError('FOUR_EYES', `operator ${d.by} approved claim ${claim.claimId}; a different operator must judge the challenge`);
  }
  if (charCount(d.reason) < minReasonChars) {
    throw new HuzhuError('VALIDATION', `reason: deciding a challenge needs a written reason of at least ${minReasonChars} characters`, { field: 'reason' });
  }
  return { ...challenge, status: d.outcome, decision: { by: d.by, reason: d.reason.trim(), at: d.at } };
}

export type ClaimAfterChallenges =
  | { status: 'challenged' }
  | { status: 'approved'; reannounce: boolean }
  | { status: 'rejected' };

/**
 * What the claim's challenges mean for it: any challenge still under review keeps it
 * `challenged`; any upheld challenge rejects it; otherwise it is `approved`, and if it was ever
 * challenged it goes into the next announcement (reannounce).
 */
export function claimAfterChallenges(challenges: readonly Pick<Challenge, 'status'>[]): ClaimAfterChallenges {
  if (challenges.some((c) => c.status === 'upheld')) return { status: 'rejected' };
  if (challenges.some((c) => c.status === 'under-review')) return { status: 'challenged' };
  return { status: 'approved', reannounce: challenges.length > 0 };
}

export interface ChargeCandidate {
  claimId: string;
  status: ClaimStatus;
  /** A challenge under review, or a challenger's appeal before the jury. */
  underReview: boolean;
}

/**
 * Splits the announced claims of a period at the charge: the share is computed from `charged`
 * only; `heldOut` claims wait for their review (and, if they survive it, the next announcement).
 */
export function splitForCharge<T extends ChargeCandidate>(claims: readonly T[]): { charged: T[]; heldOut: T[] } {
  const charged: T[] = [];
  const heldOut: T[] = [];
  for (const c of claims) (c.status === 'approved' && !c.underReview ? charged : heldOut).push(c);
  return { charged, heldOut };
}

// ---- Appeals to the jury --------------------------------------------------------------------

/** Through the whole `days`-th day after the decision day: decided on 10 March (any hour), 30 days: open through 9 April. */
export function appealWindow(decidedAt: Date, timeZone: string, days: number): Window {
  const decidedOn = localDateOf(decidedAt, timeZone);
  return { opensAt: decidedAt, closesAt: startOfDay(addDays(decidedOn, days + 1), timeZone) };
}

export type AppealSubject =
  /** A rejected claim: the claimant (or the payer account acting for a child or parent) may appeal. */
  | { kind: 'claim-rejected'; claimId: string; claimant: Party; decidedAt: Date; byJury: boolean }
  /** A dismissed challenge: the challenger may appeal. */
  | { kind: 'challenge-dismissed'; claimId: string; challengeId: string; challenger: Party; decidedAt: Date };

export interface JuryCaseOpening {
  claimId: string;
  kind: AppealSubject['kind'];
  appellant: Party;
  /**
   * The decision under appeal, which stands when the jury does not decide (no quorum, a tie):
   * a rejected claim stays rejected; a claim whose challenge was dismissed is paid.
   */
  statusQuo: 'pay' | 'reject';
}

export function fileAppeal(settings: ChallengeSettings, subject: AppealSubject, appellant: Party, at: Date, timeZone: string): JuryCaseOpening {
  if (subject.kind === 'claim-rejected') {
    if (subject.byJury) throw new HuzhuError('NOT_ENTITLED', `claim ${subject.claimId} was rejected by the jury; its last round's ruling is final`);
    const own = appellant.memberId === subject.claimant.memberId || appellant.payerAccountId === subject.claimant.payerAccountId;
    if (!own) throw new HuzhuError('NOT_ENTITLED', 'only the claimant or their payer account may appeal a rejected claim');
  } else if (appellant.memberId !== subject.challenger.memberId) {
    throw new HuzhuError('NOT_ENTITLED', 'only the member who filed the challenge may appeal its dismissal');
  }
  const w = appealWindow(subject.decidedAt, timeZone, settings.appealDays);
  if (!isOpen(w, at)) {
    throw new HuzhuError('WINDOW_CLOSED', `the appeal window closed at ${w.closesAt.toISOString()} (${settings.appealDays} days after the decision)`);
  }
  return { claimId: subject.claimId, kind: subject.kind, appellant, statusQuo: subject.kind === 'claim-rejected' ? 'reject' : 'pay' };
}

/**
 * What the jury's final ruling does to the claim. A claim ordered paid goes into the next
 * announcement (announced for the record, not open to challenge again). A claim ordered
 * rejected on a challenger's appeal is rejected; if it was already paid meanwhile (the
 * challenger appealed after the charge), recovering the money is a separate process.
 */
export function effectOfRuling(kind: JuryCaseOpening['kind'], ruling: 'pay' | 'reject'):
  { claim: 'approved'; reannounce: true; juryRuled: true } | { claim: 'rejected'; juryRuled: true } | { claim: 'unchanged' } {
  if (kind === 'claim-rejected') return ruling === 'pay' ? { claim: 'approved', reannounce: true, juryRuled: true } : { claim: 'unchanged' };
  return ruling === 'reject' ? { claim: 'rejected', juryRuled: true } : { claim: 'unchanged' };
}
