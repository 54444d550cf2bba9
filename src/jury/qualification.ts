/**
 * Who may sit as a juror, and the qualification quiz.
 *
 * The requirements are Xiang Hu Bao's 赔审团 rules (shared/domain.md): an active (paying) member
 * aged 18 or over, a member for at least 30 days, no fraud finding, a passed quiz. To them the
 * issue adds a rule for panels: a juror drawn who did not vote loses eligibility after 3 misses,
 * so a panel is not filled with people who never show up.
 */
import { HuzhuError } from '../domain/errors.ts';
import { ageOn, daysBetween, type LocalDate } from '../domain/local-date.ts';
import type { Party } from '../challenges/challenge-rules.ts';
import type { JurySettings } from '../domain/decision-settings.ts';
import type { QuizBank } from './quiz-bank.ts';

export interface JurorCandidate {
  /** The membership's status ('active', 'left', 'paid-out', ...). */
  membershipStatus: string;
  birthDate: LocalDate;
  /** Join date of the current membership (a rejoin starts the tenure again). */
  joinedOn: LocalDate;
  fraudFinding: boolean;
  /** The bank id of the quiz the member passed, or null. */
  passedQuizBankId: string | null;
  /** Times drawn for a panel without voting (panel mode); open mode has no misses. */
  misses: number;
}

export type IneligibleCode = 'not-active' | 'under-age' | 'tenure' | 'fraud-finding' | 'no-quiz' | 'misses';

export interface Eligibility {
  eligible: boolean;
  /** Every requirement not met (not only the first), so the member knows all they need to do. */
  reasons: { code: IneligibleCode; text: string }[];
}

export function jurorEligibility(s: JurySettings, c: JurorCandidate, on: LocalDate): Eligibility {
  const reasons: Eligibility['reasons'] = [];
  if (c.membershipStatus !== 'active') reasons.push({ code: 'not-active', text: `the membership is ${c.membershipStatus}, not active` });
  const age = ageOn(c.birthDate, on);
  if (age < s.minAgeYears) reasons.push({ code: 'under-age', text: `aged ${age} on ${on}; jurors must be ${s.minAgeYears} or over` });
  const tenure = daysBetween(c.joinedOn, on);
  if (tenure < s.minTenureDays) reasons.push({ code: 'tenure', text: `a member for ${tenure} day(s); jurors must have been members for ${s.minTenureDays} days` });
  if (c.fraudFinding) reasons.push({ code: 'fraud-finding', text: 'there is a fraud finding on record' });
  if (c.passedQuizBankId !== s.quiz.bankId) {
    reasons.push({ code: 'no-quiz', text: c.passedQuizBankId === null ? 'the qualification quiz has not been passed' : `the quiz passed (${c.passedQuizBankId}) is not the current one (${s.quiz.bankId}); the rules changed, so it must be taken again` });
  }
  if (c.misses >= s.maxMisses) reasons.push({ code: 'misses', text: `drawn ${c.misses} time(s) without voting; eligibility ends at ${s.maxMisses}` });
  return { eligible: reasons.length === 0, reasons };
}

/** Throws NOT_QUALIFIED listing every unmet requirement. */
export function assertJurorEligible(s: JurySettings, c: JurorCandidate, on: LocalDate): void {
  const e = jurorEligibility(s, c, on);
  if (!e.eligible) {
    throw new HuzhuError('NOT_QUALIFIED', `not qualified as a juror: ${e.reasons.map((r) => r.text).join('; ')}`, { details: { reasons: e.reasons.map((r) => r.code) } });
  }
}

export interface QuizResult {
  bankId: string;
  correct: number;
  total: number;
  passMark: number;
  passed: boolean;
  /** Questions answered wrongly or not at all, so the candidate can read their explanations. */
  wrong: string[];
}

/**
 * Grades answers (question id -> chosen index) against the bank. An unanswered question counts
 * as wrong; an answer to a question not in the bank, or an index out of range, is malformed input.
 */
export function gradeQuiz(bank: QuizBank, passMark: number, answers: Readonly<Record<string, number>>): QuizResult {
  if (passMark > bank.questions.length) {
    throw new HuzhuError('VALIDATION', `jury.quiz.passMark: ${passMark} is more than the ${bank.questions.length} questions of bank ${bank.id}`, { field: 'jury.quiz.passMark' });
  }
  const byId = new Map(bank.questions.map((q) => [q.id, q]));
  for (const [id, choice] of Object.entries(answers)) {
    const q = byId.get(id);
    if (!q) throw new HuzhuError('VALIDATION', `answers.${id}: no such question in bank ${bank.id}`, { field: `answers.${id}` });
    if (!Number.isInteger(choice) || choice < 0 || choice >= q.choices.length) {
      throw new HuzhuError('VALIDATION', `answers.${id}: choose 0 to ${q.choices.length - 1}`, { field: `answers.${id}` });
    }
  }
  const wrong = bank.questions.filter((q) => !Object.hasOwn(answers, q.id) || answers[q.id] !== q.answer).map((q) => q.id);
  const correct = bank.questions.length - wrong.length;
  return { bankId: bank.id, correct, total: bank.questions.length, passMark, passed: correct >= passMark, wrong };
}

/**
 * What the candidate is told: the score and the verdict, not which questions were wrong. Listing
 * them let the quiz be passed blind in three tries (answer anything, then fix the listed ones).
 */
export type QuizVerdict = Omit<QuizResult, 'wrong'>;

export function quizVerdict(r: QuizResult): QuizVerdict {
  const { wrong: _wrong, ...verdict } = r;
  return verdict;
}

/** Attempts at a plan's quiz allowed in any 24 hours: enough for an honest second and third try, too few to guess. */
export const QUIZ_ATTEMPTS_PER_DAY = 3;
export const QUIZ_ATTEMPT_WINDOW_MS = 24 * 3_600_000;

/** Throws RATE_LIMITED if the candidate already made the allowed attempts in the 24 hours before `at`. */
export function assertQuizAttemptAllowed(earlier: readonly Date[], at: Date, limit = QUIZ_ATTEMPTS_PER_DAY): void {
  const recent = earlier.filter((t) => t.getTime() > at.getTime() - QUIZ_ATTEMPT_WINDOW_MS && t.getTime() <= at.getTime());
  if (recent.length >= limit) {
    const next = new Date(Math.min(...recent.map((t) => t.getTime())) + QUIZ_ATTEMPT_WINDOW_MS);
    throw new HuzhuError('RATE_LIMITED', `the quiz may be taken ${limit} times in 24 hours; try again after ${next.toISOString()}`, { details: { retryAt: next.toISOString() } });
  }
}

export interface CaseParties {
  claimant: Party;
  /** Other members of the claimant's family who pay through a different account. */
  familyMemberIds: readonly string[];
  /** The challenger, when the case is a challenger's appeal. */
  challenger: Party | null;
}

/**
 * A juror with a stake in the case may not judge it: anyone on the claimant's payer account
 * (the family members it enrolled), the claimant's family elsewhere, and the challenger. In panel
 * mode their pseudonyms are the draw's published exclusions; in open mode the vote is refused.
 */
export function hasConflictOfInterest(juror: Party, parties: CaseParties): boolean {
  return juror.payerAccountId === parties.claimant.payerAccountId
    || juror.memberId === parties.claimant.memberId
    || parties.familyMemberIds.includes(juror.memberId)
    || (parties.challenger !== null && (juror.memberId === parties.challenger.memberId || juror.payerAccountId === parties.challenger.payerAccountId));
}

/** Throws NOT_ENTITLED for a juror with a conflict of interest. */
export function assertNoConflict(juror: Party, parties: CaseParties): void {
  if (hasConflictOfInterest(juror, parties)) {
    throw new HuzhuError('NOT_ENTITLED', 'a juror from the claimant\'s payer account or family, or the challenger, may not judge this case');
  }
}
