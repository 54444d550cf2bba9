/**
 * Becoming a juror (赔审团): the quiz, qualification under a pseudonym (logged as `jury.juror`),
 * imports of jurors qualified elsewhere, a member's standing, and fraud findings that bar a person
 * for good. Every change runs through `once` (one transaction, an idempotency key).
 */
import { randomBytes } from 'node:crypto';
import type { Db, Queryable } from '../../db/database.ts';
import { HuzhuError } from '../../domain/errors.ts';
import { localDateOf } from '../../domain/local-date.ts';
import { assertQuizAttemptAllowed, gradeQuiz, jurorEligibility, quizVerdict, QUIZ_ATTEMPT_WINDOW_MS, type Eligibility, type QuizVerdict } from '../../jury/qualification.ts';
import { insertQuizAttempt, quizAttemptsSince } from '../../repositories/quiz-attempts-repo.ts';
import { quizForCandidate } from '../../jury/quiz-bank.ts';
import { coherencePercent } from '../../jury/voting.ts';
import { getClaimByRef } from '../../repositories/claims-repo.ts';
import * as jurorsRepo from '../../repositories/jurors-repo.ts';
import * as repo from '../../repositories/jury-repo.ts';
import { latestMembershipAt, personRefById } from '../../repositories/members-repo.ts';
import { getPlan, getPlanAt } from '../../repositories/plans-repo.ts';
import { logJurorsQualified } from '../../transparency/entries/jury-entries.ts';
import { once, type Action } from '../idempotent.ts';
import { bankFor, candidateOf, personOf } from './jury-facts.ts';

export async function quizFor(db: Queryable, planId: string): Promise<ReturnType<typeof quizForCandidate> & { passMark: number }> {
  const plan = await getPlan(db, planId);
  return { ...quizForCandidate(bankFor(plan)), passMark: plan.rules.decisions.jury.quiz.passMark };
}

export interface QualifyOutcome {
  quiz: QuizVerdict;
  /** The juror's pseudonym once qualified; null when the quiz was not passed. */
  pseudonym: string | null;
}

/**
 * Grades a member's quiz; on a pass the member becomes a juror of the plan under a random
 * pseudonym, and the pass is logged (`jury.juror`: pseudonym, bank, time): from then on the juror
 * is on the list of every draw whose seed record comes later in the log.
 */
export async function qualifyJuror(db: Db, input: { plan: string; person: string; answers: Record<string, number> }, action: Action): Promise<QualifyOutcome> {
  return once(db, action, { kind: 'jury.qualify', subject: `plan:${input.plan}` }, async (tx) => {
    const plan = await getPlanAt(tx, input.plan, action.at);
    const bank = bankFor(plan);
    const person = await personOf(tx, input.person);
    const m = await latestMembershipAt(tx, plan.id, person.id, action.at);
    if (!m || m.status !== 'active') throw new HuzhuError('NOT_QUALIFIED', `only an active member of plan ${plan.id} may qualify as its juror`, { field: 'person' });
    assertQuizAttemptAllowed(await quizAttemptsSince(tx, plan.id, person.id, new Date(action.at.getTime() - QUIZ_ATTEMPT_WINDOW_MS)), action.at);
    const quiz = quizVerdict(gradeQuiz(bank, plan.rules.decisions.jury.quiz.passMark, input.answers));
    await insertQuizAttempt(tx, plan.id, person.id, action.at);
    if (!quiz.passed) return { quiz, pseudonym: null };
    let juror = await jurorsRepo.findJuror(tx, plan.id, person.id, true);
    if (!juror) {
      const pseudonym = randomBytes(32).toString('hex');
      await jurorsRepo.insertJuror(tx, { planId: plan.id, personId: person.id, pseudonym, at: action.at });
      juror = (await jurorsRepo.findJuror(tx, plan.id, person.id))!;
    }
    if ((await jurorsRepo.quizPasses(tx, juror.id)).some((p) => p.bankId === bank.id)) return { quiz, pseudonym: juror.pseudonym };
    const logIndex = await logJurorsQualified(tx, plan.id, bank.id, [juror.pseudonym], action.at);
    await jurorsRepo.insertQuizPass(tx, { jurorId: juror.id, bankId: bank.id, correct: quiz.correct, total: quiz.total, at: action.at, logIndex });
    return { quiz, pseudonym: juror.pseudonym };
  });
}

/**
 * Records jurors who passed the plan's current quiz elsewhere (a migration from another platform,
 * the demo seed, tests): set-based, one log entry each, in one transaction. People already jurors
 * of the plan are skipped.
 */
export async function importQualifiedJurors(db: Db, input: { plan: string; persons: string[] }, action: Action): Promise<{ imported: number; pseudonyms: Record<string, string> }> {
  return once(db, action, { kind: 'jury.import', subject: `plan:${input.plan}` }, async (tx) => {
    const plan = await getPlanAt(tx, input.plan, action.at);
    const bank = bankFor(plan);
    const found = await jurorsRepo.personsForJurors(tx, plan.id, [...new Set(input.persons)]);
    const fresh = found.filter((p) => p.jurorId === null).map((p) => ({ ...p, pseudonym: randomBytes(32).toString('hex') }));
    if (!fresh.length) return { imported: 0, pseudonyms: {} };
    const first = await logJurorsQualified(tx, plan.id, bank.id, fresh.map((p) => p.pseudonym), action.at);
    await jurorsRepo.insertJurorsBulk(tx, plan.id, fresh.map((p, i) => ({ personId: p.personId, pseudonym: p.pseudonym, logIndex: first + i })), { id: bank.id, total: bank.questions.length }, action.at);
    return { imported: fresh.length, pseudonyms: Object.fromEntries(fresh.map((p) => [p.ref, p.pseudonym])) };
  });
}

export interface JurorStatus {
  plan: string;
  pseudonym: string | null;
  eligible: boolean;
  reasons: Eligibility['reasons'];
  misses: number;
  coherence: { votes: number; matched: number; percent: number | null };
}

/** A member's standing as a juror of a plan today: every unmet requirement, the pseudonym and the coherence record. */
export async function jurorStatus(db: Queryable, input: { plan: string; person: string }, at: Date): Promise<JurorStatus> {
  const plan = await getPlan(db, input.plan);
  const s = plan.rules.decisions.jury;
  const person = await repo.personByRef(db, input.person);
  const facts = person ? await jurorsRepo.jurorFacts(db, plan.id, s.quiz.bankId, person.id) : undefined;
  const juror = person ? await jurorsRepo.findJuror(db, plan.id, person.id) : undefined;
  if (!facts || !juror) {
    return {
      plan: plan.id, pseudonym: null, eligible: false, reasons: [{ code: 'no-quiz', text: 'the qualification quiz has not been passed' }], misses: 0,
      coherence: { votes: 0, matched: 0, percent: null },
    };
  }
  const e = jurorEligibility(s, candidateOf(facts, localDateOf(at, plan.rules.timeZone)), localDateOf(at, plan.rules.timeZone));
  const coherence = { votes: juror.coherenceVotes, matched: juror.coherenceMatched };
  return { plan: plan.id, pseudonym: juror.pseudonym, eligible: e.eligible, reasons: e.reasons, misses: juror.misses, coherence: { ...coherence, percent: coherencePercent(coherence) } };
}

/** A finding of fraud against the claimant of a claim, or a person: such a person is never a juror again. */
export async function recordFraudFinding(db: Db, input: { person?: string; claim?: string; reason: string }, action: Action): Promise<{ person: string }> {
  if (typeof input.reason !== 'string' || !input.reason.trim()) throw new HuzhuError('VALIDATION', 'reason: required', { field: 'reason' });
  return once(db, action, { kind: 'jury.fraud-finding', subject: input.claim ? `claim:${input.claim}` : `person:${input.person}` }, async (tx) => {
    let ref = input.person;
    if (input.claim) {
      const c = await getClaimByRef(tx, input.claim);
      ref = await personRefById(tx, c.personId);
    }
    if (!ref) throw new HuzhuError('VALIDATION', 'person or claim: required', { field: 'person' });
    const person = await personOf(tx, ref);
    await jurorsRepo.insertFraudFinding(tx, { personId: person.id, at: action.at, by: action.actor, reason: input.reason.trim() });
    return { person: ref };
  });
}
