/**
 * The member jury (赔审团), the shell around the pure rules in src/jury/: qualification, appeals,
 * the verifiable panel draw, open votes, commit and reveal, closing rounds, appeals between panel
 * rounds, the effect of the final ruling on the claim, and what jurors and the public may read.
 *
 * Every change runs through `once` (one transaction, an idempotency key); every published fact
 * (a juror's qualification, a case, a draw, a round's result, the final result) is appended to
 * the transparency log in the same transaction. People appear in the log only as pseudonyms and
 * claim refs. docs/jury.md explains the rules; the seed and the juror list of a draw are:
 *
 *   round 0:   the record is the plan's latest `notice.published` entry (or, before any notice,
 *              its `plan.rules` entry) appended before the case opened;
 *   appeals:   the record is the previous round's `jury.round` result entry;
 *   list:      every juror of the plan whose `jury.juror` qualification entry comes before the
 *              record in the log; conflicts and jurors ineligible at the draw are published as
 *              exclusions, with every juror of an earlier round.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Db, Queryable } from '../db/database.ts';
import { AUTOMATIC_REJECT_CODES, payoutFor } from '../domain/claim-rules.ts';
import { automaticCheck } from './claims-service.ts';
import { HuzhuError } from '../domain/errors.ts';
import { ageOn, localDateOf, type LocalDate } from '../domain/local-date.ts';
import { fileAppeal, effectOfRuling, type AppealSubject, type Party } from '../jury/challenge-rules.ts';
import { acceptCommit, acceptReveal, type PanelRoundState, type Vote } from '../jury/commit-reveal.ts';
import { drawJurors, jurorListDigest, DRAW_ALGORITHM } from '../jury/draw.ts';
import type { JurySettings } from '../jury/jury-settings.ts';
import { assertJurorEligible, gradeQuiz, hasConflictOfInterest, jurorEligibility, type CaseParties, type Eligibility, type JurorCandidate, type QuizResult } from '../jury/qualification.ts';
import { loadDefaultQuizBank, quizForCandidate, type QuizBank } from '../jury/quiz-bank.ts';
import { quizBankForRules } from '../jury/quiz-amounts.ts';
import { jurorView, type FullClaimRecord, type JurorCaseView } from '../jury/redaction.ts';
import {
  appealRound, caseStatus, castOpenVote, closeOpenRound, closePanelRound, coherencePercent, publishRound,
  type CaseStatus, type JuryCase, type OpenRoundState, type PublishedRound, type RoundResult, type Side,
} from '../jury/voting.ts';
import { addReview, claimRefById, getClaimByRef, requeueForNotice, setAgeAtDiagnosis, setDecision, holdOut, type Claim } from '../repositories/claims-repo.ts';
import { findChallenge, markChallengeAppealed } from '../repositories/challenges-repo.ts';
import { findReport } from '../repositories/investigation-repo.ts';
import * as repo from '../repositories/jury-repo.ts';
import { getMembership, latestMembershipAt, personRefById } from '../repositories/members-repo.ts';
import { getPlan, type Plan } from '../repositories/plans-repo.ts';
import { canonicalJson } from '../transparency/canonical-json.ts';
import type { LogEntry } from '../transparency/canonical-json.ts';
import { logClaimDecision } from '../transparency-log/entries.ts';
import { appendLogEntries, leafHash } from '../transparency-log/log-store.ts';
import { once, type Action } from './idempotent.ts';

const HOUR_MS = 3_600_000;


// ---- Helpers -------------------------------------------------------------------------------

let defaultBank: QuizBank | undefined;

/** The quiz bank a plan's settings name (only the default bank ships). */
export function bankFor(plan: Plan): QuizBank {
  defaultBank ??= loadDefaultQuizBank();
  const id = plan.rules.decisions.jury.quiz.bankId;
  if (defaultBank.id !== id) throw new HuzhuError('NOT_FOUND', `quiz bank "${id}" of plan ${plan.id} is not available on this server`, { field: 'plan' });
  return quizBankForRules(defaultBank, plan.rules); // the amounts of this plan, not the preset's
}

function caseIdOf(value: string | bigint): bigint {
  if (typeof value === 'bigint') return value;
  if (!/^[1-9]\d{0,17}$/.test(value)) throw new HuzhuError('NOT_FOUND', `jury case "${value}" does not exist`, { field: 'id' });
  return BigInt(value);
}

/** NOT_FOUND unless the jury case exists (routes check it before anything about the caller). */
export async function requireJuryCase(db: Queryable, caseId: string): Promise<void> {
  await repo.getCase(db, caseIdOf(caseId));
}

const payerKey = (payerId: bigint | null, person: bigint | string): string => (payerId === null ? `none:${person}` : `payer:${payerId}`);

function candidateOf(f: repo.JurorFacts, on: LocalDate): JurorCandidate {
  return {
    membershipStatus: f.membershipStatus, birthDate: f.birthDate as LocalDate, joinedOn: (f.joinedOn ?? on) as LocalDate,
    fraudFinding: f.fraud, passedQuizBankId: f.bankId, misses: f.misses,
  };
}

async function personOf(q: Queryable, ref: string): Promise<{ id: bigint; ref: string; birthDate: LocalDate }> {
  const p = await repo.personByRef(q, ref);
  if (!p) throw new HuzhuError('NOT_FOUND', 'person: not known (join a plan first)', { field: 'person' });
  return p;
}

/** The parties of a case, as the conflict rule sees them. */
async function partiesOf(q: Queryable, k: Pick<repo.JuryCaseRow, 'claimId' | 'challengeId'>): Promise<CaseParties> {
  const p = await repo.claimParties(q, k.claimId);
  const challenger = k.challengeId === null ? null : await repo.challengeById(q, k.challengeId);
  return {
    claimant: { memberId: String(p.claimantPersonId), payerAccountId: payerKey(p.claimantPayerId, p.claimantPersonId) },
    familyMemberIds: p.familyPersonIds.map(String),
    challenger: challenger ? { memberId: String(challenger.personId), payerAccountId: payerKey(challenger.payerId, challenger.personId) } : null,
  };
}

const jurorParty = (f: Pick<repo.JurorFacts, 'personId' | 'payerId'>): Party => ({ memberId: String(f.personId), payerAccountId: payerKey(f.payerId, f.personId) });

function sha256Hex(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

// ---- Qualification -------------------------------------------------------------------------

export async function quizFor(db: Queryable, planId: string): Promise<ReturnType<typeof quizForCandidate> & { passMark: number }> {
  const plan = await getPlan(db, planId);
  return { ...quizForCandidate(bankFor(plan)), passMark: plan.rules.decisions.jury.quiz.passMark };
}

export interface QualifyOutcome {
  quiz: QuizResult;
  /** The juror's pseudonym once qualified; null when the quiz was not passed. */
  pseudonym: string | null;
}

function jurorEntry(plan: string, pseudonym: string, bank: string, at: Date): LogEntry {
  return { type: 'jury.juror', v: 1, plan, juror: pseudonym, bank, at: at.toISOString() };
}

/**
 * Grades a member's quiz; on a pass the member becomes a juror of the plan under a random
 * pseudonym, and the pass is logged (`jury.juror`: pseudonym, bank, time): from then on the juror
 * is on the list of every draw whose seed record comes later in the log.
 */
export async function qualifyJuror(db: Db, input: { plan: string; person: string; answers: Record<string, number> }, action: Action): Promise<QualifyOutcome> {
  return once(db, action, { kind: 'jury.qualify', subject: `plan:${input.plan}` }, async (tx) => {
    const plan = await getPlan(tx, input.plan);
    const bank = bankFor(plan);
    const person = await personOf(tx, input.person);
    const m = await latestMembershipAt(tx, plan.id, person.id, action.at);
    if (!m || m.status !== 'active') throw new HuzhuError('NOT_QUALIFIED', `only an active member of plan ${plan.id} may qualify as its juror`, { field: 'person' });
    const quiz = gradeQuiz(bank, plan.rules.decisions.jury.quiz.passMark, input.answers);
    if (!quiz.passed) return { quiz, pseudonym: null };
    let juror = await repo.findJuror(tx, plan.id, person.id, true);
    if (!juror) {
      const pseudonym = randomBytes(32).toString('hex');
      await repo.insertJuror(tx, { planId: plan.id, personId: person.id, pseudonym, at: action.at });
      juror = (await repo.findJuror(tx, plan.id, person.id))!;
    }
    if ((await repo.quizPasses(tx, juror.id)).some((p) => p.bankId === bank.id)) return { quiz, pseudonym: juror.pseudonym };
    const logIndex = await appendLogEntries(tx, [{ entry: jurorEntry(plan.id, juror.pseudonym, bank.id, action.at), ref: `jury.juror/${juror.pseudonym}/${bank.id}` }]);
    await repo.insertQuizPass(tx, { jurorId: juror.id, bankId: bank.id, correct: quiz.correct, total: quiz.total, at: action.at, logIndex });
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
    const plan = await getPlan(tx, input.plan);
    const bank = bankFor(plan);
    const found = await repo.personsForJurors(tx, plan.id, [...new Set(input.persons)]);
    const fresh = found.filter((p) => p.jurorId === null).map((p) => ({ ...p, pseudonym: randomBytes(32).toString('hex') }));
    if (!fresh.length) return { imported: 0, pseudonyms: {} };
    const first = await appendLogEntries(tx, fresh.map((p) => ({ entry: jurorEntry(plan.id, p.pseudonym, bank.id, action.at), ref: `jury.juror/${p.pseudonym}/${bank.id}` })));
    await repo.insertJurorsBulk(tx, plan.id, fresh.map((p, i) => ({ personId: p.personId, pseudonym: p.pseudonym, logIndex: first + i })), { id: bank.id, total: bank.questions.length }, action.at);
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
  const facts = person ? await repo.jurorFacts(db, plan.id, s.quiz.bankId, person.id) : undefined;
  const juror = person ? await repo.findJuror(db, plan.id, person.id) : undefined;
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
    await repo.insertFraudFinding(tx, { personId: person.id, at: action.at, by: action.actor, reason: input.reason.trim() });
    return { person: ref };
  });
}

// ---- Cases ----------------------------------------------------------------------------------

export interface CaseSummary {
  id: string;
  plan: string;
  claim: string;
  kind: repo.CaseKind;
  mode: repo.CaseMode;
  status: 'open' | 'final';
  statusQuo: Vote;
  round: number | null;
  ruling: Vote | null;
  decidedBy: string | null;
  effect: string | null;
}

async function summaryOf(q: Queryable, id: bigint): Promise<CaseSummary> {
  const k = await repo.getCase(q, id);
  const rounds = await repo.roundsOf(q, id);
  return {
    id: String(k.id), plan: k.planId, claim: k.claimRef, kind: k.kind, mode: k.mode, status: k.status, statusQuo: k.statusQuo,
    round: rounds.length ? rounds[rounds.length - 1]!.round : null, ruling: k.ruling, decidedBy: k.decidedBy, effect: k.effect,
  };
}

export interface OpenAppealInput {
  /** The claim ref. */
  claim: string;
  /** Person ref of the appellant; default: the claimant for a rejected claim, the challenger of the latest dismissed challenge otherwise. */
  appellant?: string;
  kind?: repo.CaseKind;
  /** A challenge ref (challenger's appeal); default the claim's latest dismissed challenge. */
  challenge?: string;
  /** The verdict will be recorded from outside (replay): no draw and no vote; recordVerdict closes the case. */
  recorded?: boolean;
}

/**
 * Opens a jury case: a claimant appeals the rejection of their claim, or a challenger the
 * dismissal of their challenge (then the claim is held out of sharing while the jury hears it, if
 * it is still approved and not yet in a period). The first round starts at once: an open vote, or
 * a panel drawn from the plan's latest published notice (if too few jurors are eligible the case
 * waits, and closeDueJuryRounds draws as soon as it can).
 */
export async function openAppeal(db: Db, input: OpenAppealInput, action: Action): Promise<CaseSummary> {
  if (typeof input.claim !== 'string' || !input.claim) throw new HuzhuError('VALIDATION', 'claim: required', { field: 'claim' });
  return once(db, action, { kind: 'jury.appeal', subject: `claim:${input.claim}` }, async (tx) => {
    const c = await getClaimByRef(tx, input.claim, true);
    const plan = await getPlan(tx, c.planId);
    const tz = plan.rules.timeZone;
    if (await repo.openCaseOfClaim(tx, c.id)) throw new HuzhuError('CONFLICT', `claim ${c.ref} already has a case before the jury`, { field: 'claim' });
    const kind: repo.CaseKind = input.kind ?? (c.status === 'rejected' ? 'claim-rejected' : 'challenge-dismissed');
    const parties = await repo.claimParties(tx, c.id);
    let subject: AppealSubject;
    let challenge: { id: bigint; ref: string; personId: bigint; payerId: bigint } | null = null;
    if (kind === 'claim-rejected') {
      if (c.status !== 'rejected' || c.decidedAt === null) throw new HuzhuError('CONFLICT', `claim ${c.ref} is ${c.status}, not rejected: there is no rejection to appeal`, { field: 'claim' });
      if (c.rejectCode !== null && (AUTOMATIC_REJECT_CODES as readonly string[]).includes(c.rejectCode)) {
        throw new HuzhuError('NOT_ENTITLED', `claim ${c.ref} was rejected by the automatic check ${c.rejectCode}: that decision follows from the plan's published rules, ` +
          'not from anyone\'s judgement, so it is not appealable to the jury', { field: 'claim' });
      }
      const byJury = c.rejectCode === 'JURY' || (await repo.finalCasesOfClaim(tx, c.id, 'claim-rejected')) > 0;
      subject = {
        kind, claimId: c.ref, decidedAt: c.decidedAt, byJury,
        claimant: { memberId: String(parties.claimantPersonId), payerAccountId: payerKey(parties.claimantPayerId, parties.claimantPersonId) },
      };
    } else {
      const h = input.challenge ? await findChallenge(tx, input.challenge, true) : undefined;
      if (input.challenge && (!h || h.claimId !== c.id)) throw new HuzhuError('NOT_FOUND', `challenge: "${input.challenge}" is not a challenge of claim ${c.ref}`, { field: 'challenge' });
      const ref = h?.ref ?? (await repo.latestDismissedChallenge(tx, c.id))?.ref;
      const row = ref ? await findChallenge(tx, ref, true) : undefined;
      if (!row) throw new HuzhuError('CONFLICT', `claim ${c.ref} has no dismissed challenge to appeal`, { field: 'claim' });
      if (row.status !== 'dismissed') throw new HuzhuError('CONFLICT', `challenge ${row.ref} is ${row.status}; only a dismissed challenge may be appealed`, { field: 'challenge' });
      challenge = { id: row.id, ref: row.ref, personId: row.personId, payerId: row.payerId };
      subject = {
        kind, claimId: c.ref, challengeId: row.ref, decidedAt: row.decidedAt!,
        challenger: { memberId: String(row.personId), payerAccountId: payerKey(row.payerId, row.personId) },
      };
    }
    // The appellant: by default the losing member themselves.
    let appellantPersonId: bigint;
    let appellantPayerId: bigint | null;
    if (input.appellant !== undefined) {
      const p = await personOf(tx, input.appellant);
      appellantPersonId = p.id;
      appellantPayerId = p.id === parties.claimantPersonId ? parties.claimantPayerId
        : challenge && p.id === challenge.personId ? challenge.payerId
        : (await latestMembershipAt(tx, plan.id, p.id, action.at))?.payerId ?? null;
    } else if (challenge) {
      appellantPersonId = challenge.personId;
      appellantPayerId = challenge.payerId;
    } else {
      appellantPersonId = parties.claimantPersonId;
      appellantPayerId = parties.claimantPayerId;
    }
    const opening = fileAppeal(plan.rules.decisions.challenges, subject, { memberId: String(appellantPersonId), payerAccountId: payerKey(appellantPayerId, appellantPersonId) }, action.at, tz);

    const mode: repo.CaseMode = input.recorded ? 'recorded' : plan.rules.decisions.jury.mode;
    const record = mode === 'panel' ? (await repo.latestNoticeEntry(tx, plan.id)) ?? (await repo.latestPlanRulesEntry(tx, plan.id)) : undefined;
    if (mode === 'panel' && !record) throw new HuzhuError('INTERNAL', `plan ${plan.id} has no published record in the log to seed a draw`);
    const heldOut = kind === 'challenge-dismissed' && c.status === 'approved' && c.periodId === null;
    if (heldOut) await holdOut(tx, c.id);
    if (challenge) await markChallengeAppealed(tx, challenge.id);
    const id = await repo.insertCase(tx, {
      planId: plan.id, claimId: c.id, kind, challengeId: challenge?.id ?? null, appellantPersonId, appellantPayerId, mode,
      statusQuo: opening.statusQuo, openedAt: action.at, seedLogIndex: record?.index ?? null, heldOut,
    });
    await addReview(tx, { kind: 'jury', claimId: c.id, at: action.at, actor: action.actor, outcome: `appealed:${id}`, findings: `${kind} appeal to the jury (case ${id}, ${mode})` });
    await appendLogEntries(tx, [{
      entry: {
        type: 'jury.case', v: 1, plan: plan.id, case: String(id), claim: c.ref, kind, challenge: challenge?.ref ?? null, mode,
        statusQuo: opening.statusQuo, heldOut, seedRecordIndex: record?.index ?? null, at: action.at.toISOString(),
      },
      ref: `jury.case/${id}`,
    }]);
    const k = await repo.getCase(tx, id);
    if (mode === 'open') {
      await repo.insertRound(tx, { caseId: id, round: 0, mode, openedAt: action.at, commitClosesAt: null, closesAt: new Date(action.at.getTime() + plan.rules.decisions.jury.open.durationHours * HOUR_MS), appealedBy: null });
    } else if (mode === 'panel') {
      await tryFirstDraw(tx, plan, k, action.at);
    }
    return summaryOf(tx, id);
  });
}

/** Draws round 0, or leaves the case waiting when too few jurors are eligible yet. */
async function tryFirstDraw(tx: Queryable, plan: Plan, k: repo.JuryCaseRow, at: Date): Promise<boolean> {
  try {
    await startPanelRound(tx, plan, k, { round: 0, size: plan.rules.decisions.jury.panel.size, recordIndex: Number(k.seedLogIndex), drawnEarlier: [], at, appealedBy: null });
    return true;
  } catch (e) {
    if (e instanceof HuzhuError && e.code === 'NOT_ENOUGH_JURORS') return false;
    throw e;
  }
}

/**
 * Draws a panel round: the juror list (one SELECT), the exclusions, the draw (draw.ts) and the
 * record of it, logged as `jury.draw`. Throws NOT_ENOUGH_JURORS before writing anything.
 */
async function startPanelRound(tx: Queryable, plan: Plan, k: repo.JuryCaseRow, o: { round: number; size: number; recordIndex: number; drawnEarlier: string[]; at: Date; appealedBy: string | null }): Promise<void> {
  const s = plan.rules.decisions.jury;
  const on = localDateOf(o.at, plan.rules.timeZone);
  const record = leafHash(await repo.logEntryAt(tx, o.recordIndex)).toString('hex');
  const facts = await repo.jurorListFacts(tx, plan.id, s.quiz.bankId, o.recordIndex);
  const parties = await partiesOf(tx, k);
  const earlier = new Set(o.drawnEarlier);
  const exclusions: repo.DrawRow['exclusions'] = { parties: [], ineligible: [], drawnEarlier: [...o.drawnEarlier].sort() };
  for (const f of facts) {
    if (hasConflictOfInterest(jurorParty(f), parties)) exclusions.parties.push(f.pseudonym);
    else if (!earlier.has(f.pseudonym)) {
      const e = jurorEligibility(s, candidateOf(f, on), on);
      if (!e.eligible) exclusions.ineligible.push({ pseudonym: f.pseudonym, reasons: e.reasons.map((r) => r.code) });
    }
  }
  const list = facts.map((f) => f.pseudonym);
  const caseId = String(k.id);
  const drawn = drawJurors({
    publishedRecordHex: record, caseId, round: o.round, size: o.size, jurors: list,
    excludedParties: [...exclusions.parties, ...exclusions.ineligible.map((x) => x.pseudonym)], drawnEarlier: exclusions.drawnEarlier,
  });
  const commitClosesAt = new Date(o.at.getTime() + s.panel.commitHours * HOUR_MS);
  const closesAt = new Date(commitClosesAt.getTime() + s.panel.revealHours * HOUR_MS);
  await repo.insertRound(tx, { caseId: k.id, round: o.round, mode: 'panel', openedAt: o.at, commitClosesAt, closesAt, appealedBy: o.appealedBy });
  const digest = jurorListDigest(list);
  const logIndex = await appendLogEntries(tx, [{
    entry: {
      type: 'jury.draw', v: 1, plan: plan.id, case: caseId, claim: k.claimRef, round: o.round, algorithm: DRAW_ALGORITHM,
      seedRecord: record, seedRecordIndex: o.recordIndex, seed: drawn.seedHex, size: o.size, jurorListSize: list.length, jurorListDigest: digest,
      excluded: { parties: exclusions.parties.length, ineligible: exclusions.ineligible.length, drawnEarlier: exclusions.drawnEarlier.length },
      panel: drawn.drawn, attempts: drawn.attempts, at: o.at.toISOString(),
    },
    ref: `jury.draw/${caseId}/${o.round}`,
  }]);
  await repo.insertDraw(tx, {
    caseId: k.id, round: o.round, algorithm: DRAW_ALGORITHM, seedLogIndex: o.recordIndex, seedRecord: record, seed: drawn.seedHex, size: o.size,
    jurorListSize: list.length, jurorListDigest: digest, exclusions, panel: drawn.drawn, attempts: drawn.attempts, drawnAt: o.at, logIndex,
  });
}

/** The round a juror acts in now: the case's latest round, which must still be open. */
async function currentRound(tx: Queryable, k: repo.JuryCaseRow): Promise<repo.RoundRow> {
  if (k.status !== 'open') throw new HuzhuError('WRONG_PHASE', `jury case ${k.id} is closed: its ruling is final`);
  const rounds = await repo.roundsOf(tx, k.id);
  const last = rounds[rounds.length - 1];
  if (!last || last.closedAt !== null) throw new HuzhuError('WRONG_PHASE', `jury case ${k.id} has no round open for votes`);
  return (await repo.lockRound(tx, k.id, last.round))!;
}

/** The juror acting (the person's juror record of the case's plan), refusing parties first. */
async function actingJuror(tx: Queryable, plan: Plan, k: repo.JuryCaseRow, personRef: string): Promise<{ juror: repo.Juror; facts: repo.JurorFacts }> {
  const person = await personOf(tx, personRef);
  const juror = await repo.findJuror(tx, plan.id, person.id);
  const facts = await repo.jurorFacts(tx, plan.id, plan.rules.decisions.jury.quiz.bankId, person.id);
  const party = jurorParty({ personId: person.id, payerId: facts?.payerId ?? (await repo.payerInPlan(tx, plan.id, person.id)) });
  if (hasConflictOfInterest(party, await partiesOf(tx, k)) || person.id === k.appellantPersonId) {
    throw new HuzhuError('NOT_ENTITLED', 'a juror from the claimant\'s payer account or family, or the challenger, may not judge this case');
  }
  if (!juror || !facts) throw new HuzhuError('NOT_QUALIFIED', `not qualified as a juror of plan ${plan.id}: the qualification quiz has not been passed`);
  return { juror, facts };
}

export interface VoteOutcome {
  case: string;
  round: number;
  /** Open mode: the running count and the (possibly extended) close. */
  tally: { pay: number; reject: number; valid: number } | null;
  closesAt: string;
}

/** Open mode: one vote per qualified juror without a conflict, for the vote's duration; a late vote extends the close. */
export async function castVote(db: Db, input: { case: string; person: string; vote: Vote }, action: Action): Promise<VoteOutcome> {
  const id = caseIdOf(input.case);
  return once(db, action, { kind: 'jury.vote', subject: `jury-case:${id}` }, async (tx) => {
    const k = await repo.getCase(tx, id);
    if (k.mode !== 'open') throw new HuzhuError('WRONG_PHASE', `jury case ${id} is heard by a ${k.mode === 'panel' ? 'panel: commit, then reveal' : 'recorded verdict'}; there is no open vote`);
    const plan = await getPlan(tx, k.planId);
    const s = plan.rules.decisions.jury;
    const r = await currentRound(tx, k);
    const { juror, facts } = await actingJuror(tx, plan, k, input.person);
    const on = localDateOf(action.at, plan.rules.timeZone);
    assertJurorEligible(s, candidateOf(facts, on), on);
    const state: OpenRoundState = {
      caseId: String(id), opensAt: r.openedAt, plannedClosesAt: r.plannedClosesAt, closesAt: r.closesAt,
      tally: { pay: r.pay, reject: r.reject, valid: r.pay + r.reject },
    };
    const already = (await repo.findVote(tx, id, r.round, juror.id)) !== undefined;
    const next = castOpenVote(state, input.vote, action.at, s.lateVote, already);
    if (!(await repo.insertOpenVote(tx, { caseId: id, round: r.round, jurorId: juror.id, vote: input.vote, at: action.at }))) {
      throw new HuzhuError('ALREADY_VOTED', `this juror has already voted on case ${id}`);
    }
    await repo.setRoundCount(tx, id, r.round, { pay: next.tally.pay, reject: next.tally.reject, closesAt: next.closesAt });
    return { case: String(id), round: r.round, tally: next.tally, closesAt: next.closesAt.toISOString() };
  });
}

async function panelState(tx: Queryable, k: repo.JuryCaseRow, r: repo.RoundRow): Promise<PanelRoundState> {
  const draw = (await repo.drawsOf(tx, k.id)).find((d) => d.round === r.round);
  if (!draw) throw new HuzhuError('INTERNAL', `round ${r.round} of case ${k.id} has no draw`);
  const votes = await repo.votesOfRound(tx, k.id, r.round);
  return {
    caseId: String(k.id), round: r.round, panel: draw.panel,
    phases: { commitOpensAt: r.openedAt, commitClosesAt: r.commitClosesAt!, revealClosesAt: r.closesAt },
    commitments: Object.fromEntries(votes.filter((v) => v.commitment !== null).map((v) => [v.pseudonym, v.commitment!])),
    reveals: Object.fromEntries(votes.filter((v) => v.vote !== null).map((v) => [v.pseudonym, { vote: v.vote!, justification: v.justification ?? '' }])),
  };
}

async function panelJuror(tx: Queryable, k: repo.JuryCaseRow, personRef: string): Promise<repo.Juror> {
  if (k.mode !== 'panel') throw new HuzhuError('WRONG_PHASE', `jury case ${k.id} is decided by ${k.mode === 'open' ? 'an open vote: vote directly' : 'a recorded verdict'}; there is nothing to commit or reveal`);
  const person = await personOf(tx, personRef);
  const juror = await repo.findJuror(tx, k.planId, person.id);
  if (!juror) throw new HuzhuError('NOT_DRAWN', `this member was not drawn for case ${k.id}`);
  return juror;
}

/** Panel, commit phase: the drawn juror's hidden vote (a SHA-256 commitment, commit-reveal.ts). */
export async function commitVote(db: Db, input: { case: string; person: string; commitment: string }, action: Action): Promise<{ case: string; round: number; commitment: string; revealFrom: string; revealUntil: string }> {
  const id = caseIdOf(input.case);
  return once(db, action, { kind: 'jury.commit', subject: `jury-case:${id}` }, async (tx) => {
    const k = await repo.getCase(tx, id);
    const juror = await panelJuror(tx, k, input.person);
    const r = await currentRound(tx, k);
    const state = acceptCommit(await panelState(tx, k, r), juror.pseudonym, input.commitment, action.at);
    const commitment = state.commitments[juror.pseudonym]!;
    if (!(await repo.insertCommitment(tx, { caseId: id, round: r.round, jurorId: juror.id, commitment, at: action.at }))) {
      throw new HuzhuError('ALREADY_VOTED', `juror ${juror.pseudonym} has already committed in this round`);
    }
    return { case: String(id), round: r.round, commitment, revealFrom: r.commitClosesAt!.toISOString(), revealUntil: r.closesAt.toISOString() };
  });
}

/** Panel, reveal phase: the vote, justification and salt, checked against the commitment. */
export async function revealVote(db: Db, input: { case: string; person: string; vote: Vote; justification: string; salt: string }, action: Action): Promise<{ case: string; round: number; vote: Vote }> {
  const id = caseIdOf(input.case);
  return once(db, action, { kind: 'jury.reveal', subject: `jury-case:${id}` }, async (tx) => {
    const k = await repo.getCase(tx, id);
    const juror = await panelJuror(tx, k, input.person);
    const r = await currentRound(tx, k);
    const plan = await getPlan(tx, k.planId);
    acceptReveal(await panelState(tx, k, r), { juror: juror.pseudonym, vote: input.vote, justification: input.justification, saltHex: input.salt }, action.at,
      plan.rules.decisions.jury.panel.minJustificationChars);
    await repo.revealVote(tx, { caseId: id, round: r.round, jurorId: juror.id, vote: input.vote, justification: input.justification, salt: input.salt.toLowerCase(), at: action.at });
    return { case: String(id), round: r.round, vote: input.vote };
  });
}

// ---- Rounds and finality ---------------------------------------------------------------------

type StoredRound = Omit<PublishedRound, 'mode' | 'decidedBy'> & { mode: repo.CaseMode; decidedBy: PublishedRound['decidedBy'] | 'recorded' };

function asRoundResult(p: StoredRound): RoundResult {
  return {
    mode: p.mode === 'panel' ? 'panel' : 'open', round: p.round, closedAt: new Date(p.closedAt), tally: p.tally, ruling: p.ruling,
    decidedBy: p.decidedBy === 'recorded' ? 'majority' : p.decidedBy, votes: [], misses: p.misses, justifications: p.justifications,
  };
}

async function juryCase(tx: Queryable, k: repo.JuryCaseRow): Promise<{ jc: JuryCase; rounds: repo.RoundRow[] }> {
  const rounds = await repo.roundsOf(tx, k.id);
  const closed = rounds.filter((r) => r.result !== null).map((r) => asRoundResult(r.result as StoredRound));
  const jc: JuryCase = {
    caseId: String(k.id), mode: k.mode === 'panel' ? 'panel' : 'open',
    opening: { claimId: k.claimRef, kind: k.kind, appellant: { memberId: String(k.appellantPersonId), payerAccountId: '' }, statusQuo: k.statusQuo },
    rounds: closed,
  };
  return { jc, rounds };
}

/** Closes one round whose time has passed: result, misses, the `jury.round` entry; finalizes the case when nothing more can follow. */
async function closeRoundNow(db: Db, caseId: bigint, round: number, at: Date, actor: string): Promise<boolean> {
  return once(db, { key: `jury.close:${caseId}:${round}`, actor, at }, { kind: 'jury.round-closed', subject: `jury-case:${caseId}` }, async (tx) => {
    const k = await repo.getCase(tx, caseId, true);
    const r = await repo.lockRound(tx, caseId, round);
    if (!r || r.closedAt !== null || r.closesAt.getTime() > at.getTime()) return false;
    const plan = await getPlan(tx, k.planId);
    const s = plan.rules.decisions.jury;
    let result: RoundResult;
    if (r.mode === 'open') {
      const votes = (await repo.votesOfRound(tx, caseId, round)).filter((v) => v.vote !== null).map((v) => ({ juror: v.pseudonym, vote: v.vote! }));
      const state: OpenRoundState = { caseId: String(caseId), opensAt: r.openedAt, plannedClosesAt: r.plannedClosesAt, closesAt: r.closesAt, tally: { pay: r.pay, reject: r.reject, valid: r.pay + r.reject } };
      result = closeOpenRound(state, s, k.statusQuo, at, votes);
    } else {
      result = closePanelRound(await panelState(tx, k, r), k.statusQuo, at);
      await repo.addMisses(tx, plan.id, result.misses);
    }
    const published = publishRound(String(caseId), result);
    const draw = (await repo.drawsOf(tx, caseId)).find((d) => d.round === round);
    const logIndex = await appendLogEntries(tx, [{ entry: roundEntry(plan.id, k, published, draw), ref: `jury.round/${caseId}/${round}` }]);
    await repo.closeRound(tx, caseId, round, { at, result: published, logIndex, pay: result.tally.pay, reject: result.tally.reject });
    if (k.status === 'open') {
      const { jc } = await juryCase(tx, k);
      const st = caseStatus(jc, s, at);
      if (st.final) await finalize(tx, plan, k, { ruling: st.ruling, round: st.round, decidedBy: published.decidedBy, at: result.closedAt, actor });
    }
    return true;
  });
}

function roundEntry(plan: string, k: repo.JuryCaseRow, p: StoredRound, draw: repo.DrawRow | undefined): LogEntry {
  return {
    type: 'jury.round', v: 1, plan, case: String(k.id), claim: k.claimRef, mode: p.mode, round: p.round, closedAt: p.closedAt,
    seed: draw?.seed ?? null, jurorListDigest: draw?.jurorListDigest ?? null,
    tally: { pay: p.tally.pay, reject: p.tally.reject, valid: p.tally.valid }, ruling: p.ruling, decidedBy: p.decidedBy,
    // The justifications are published with the round (GET /public/jury/cases/:id); the log commits to them.
    justificationsDigest: p.justifications.length ? sha256Hex(canonicalJson(p.justifications.map((j) => ({ ...j })))) : null,
    misses: p.misses.length,
  };
}

/**
 * The case's final ruling and its effect on the claim (challenge-rules.ts effectOfRuling), the
 * coherence records, and the `jury.result` entry, in the caller's transaction.
 */
async function finalize(tx: Queryable, plan: Plan, k: repo.JuryCaseRow, f: { ruling: Vote; round: number | null; decidedBy: string; at: Date; actor: string }): Promise<void> {
  const c = await getClaimByRef(tx, k.claimRef, true);
  const want = effectOfRuling(k.kind, f.ruling);
  let effect: string;
  const reasonText = `the jury's final ruling (case ${k.id}): ${f.ruling}`;
  if (want.claim === 'approved') {
    const check = await automaticCheck(tx, plan, c.id, c);
    if (check.ok) {
      await setDecision(tx, c.id, { status: 'approved', payoutFen: check.payoutFen, rejectCode: null, reason: reasonText, at: f.at, actor: 'jury' });
      await setAgeAtDiagnosis(tx, c.id, check.ageAtDiagnosis);
      await requeueForNotice(tx, c.id, { juryRuled: true });
      await logClaimDecision(tx, c.id);
      effect = 'approved';
    } else {
      // The automatic checks still hold: the jury judges the disputed facts, not the published rules.
      effect = `blocked:${check.code}`;
    }
  } else if (want.claim === 'rejected') {
    if (c.status === 'paid' || c.periodId !== null) {
      effect = 'already-paid'; // recovering money already paid is a separate process
    } else {
      await setDecision(tx, c.id, { status: 'rejected', payoutFen: null, rejectCode: 'JURY', reason: reasonText, at: f.at, actor: 'jury' });
      await logClaimDecision(tx, c.id);
      effect = 'rejected';
    }
  } else if (k.heldOut && c.status === 'challenged' && c.periodId === null) {
    await requeueForNotice(tx, c.id, { juryRuled: true });
    effect = 'released';
  } else {
    effect = 'unchanged';
  }
  await repo.addCoherence(tx, k.id, f.ruling);
  await addReview(tx, { kind: 'jury', claimId: c.id, at: f.at, actor: 'jury', outcome: `ruled:${f.ruling}`, findings: `${reasonText} (${f.decidedBy}); effect on the claim: ${effect}` });
  const rounds = await repo.roundsOf(tx, k.id);
  const last = rounds.find((r) => r.round === f.round) ?? rounds[rounds.length - 1];
  const draws = await repo.drawsOf(tx, k.id);
  const draw = draws.find((d) => d.round === last?.round);
  const tally = (last?.result as StoredRound | null)?.tally ?? { pay: 0, reject: 0, valid: 0 };
  const challenge = k.challengeId === null ? null : await repo.challengeById(tx, k.challengeId);
  const logIndex = await appendLogEntries(tx, [{
    entry: {
      type: 'jury.result', v: 1, plan: plan.id, claim: k.claimRef, challenge: challenge?.ref ?? '', at: f.at.toISOString(),
      drawSeed: draw?.seed ?? '', jurors: draw ? draw.size : tally.valid, tallies: { pay: tally.pay, reject: tally.reject }, outcome: effect,
      case: String(k.id), kind: k.kind, mode: last?.mode ?? k.mode, round: last?.round ?? null, rounds: rounds.length,
      seedRecord: draw?.seedRecord ?? null, jurorListDigest: draw?.jurorListDigest ?? null, ruling: f.ruling, decidedBy: f.decidedBy,
    },
    ref: `jury.result/${k.id}`,
  }]);
  await repo.finalizeCase(tx, k.id, { ruling: f.ruling, decidedBy: f.decidedBy, finalRound: last?.round ?? null, at: f.at, effect, logIndex });
}

/** Finalizes a case whose last round's appeal window has passed (caseStatus final at `at`). */
async function finalizeIfDue(db: Db, caseId: bigint, at: Date, actor: string): Promise<boolean> {
  const k0 = await repo.getCase(db, caseId);
  const plan0 = await getPlan(db, k0.planId);
  const { jc: jc0 } = await juryCase(db, k0);
  if (!caseStatus(jc0, plan0.rules.decisions.jury, at).final) return false;
  return once(db, { key: `jury.final:${caseId}`, actor, at }, { kind: 'jury.final', subject: `jury-case:${caseId}` }, async (tx) => {
    const k = await repo.getCase(tx, caseId, true);
    if (k.status !== 'open') return false;
    const plan = await getPlan(tx, k.planId);
    const { jc } = await juryCase(tx, k);
    const st = caseStatus(jc, plan.rules.decisions.jury, at);
    if (!st.final) return false;
    const last = jc.rounds[jc.rounds.length - 1]!;
    await finalize(tx, plan, k, { ruling: st.ruling, round: st.round, decidedBy: last.decidedBy, at: last.closedAt, actor });
    return true;
  });
}

/**
 * The jury's clock (the calendar calls it; so does POST /ops/jury/close-due): closes every round
 * whose vote has ended, finalizes cases whose appeal window has passed, and draws panels for
 * cases that were waiting for enough jurors. Each step is its own idempotent transaction.
 * `planId` limits it to one plan's cases (the calendar's day of that plan); without it, all plans.
 */
export async function closeDueJuryRounds(db: Db, at: Date, actor = 'calendar', planId: string | null = null): Promise<{ closed: number; finalized: number; drawn: number }> {
  let closed = 0;
  let finalized = 0;
  let drawn = 0;
  for (const r of await repo.dueRounds(db, at, planId)) if (await closeRoundNow(db, r.caseId, r.round, at, actor)) closed++;
  for (const id of await repo.casesAwaitingFinality(db, planId)) if (await finalizeIfDue(db, id, at, actor)) finalized++;
  for (const id of await repo.casesAwaitingDraw(db, planId)) {
    const ok = await db.transaction(async (tx) => {
      const k = await repo.getCase(tx, id, true);
      if (k.status !== 'open' || (await repo.roundsOf(tx, id)).length) return false;
      return tryFirstDraw(tx, await getPlan(tx, k.planId), k, at);
    });
    if (ok) drawn++;
  }
  return { closed, finalized, drawn };
}

/**
 * The losing side asks for the next panel round (2n+1 new jurors, none of the earlier rounds'),
 * within the round appeal window. The record seeding the draw is the previous round's result entry.
 */
export async function appealRuling(db: Db, input: { case: string; side: Side }, action: Action): Promise<CaseSummary> {
  const id = caseIdOf(input.case);
  return once(db, action, { kind: 'jury.round-appeal', subject: `jury-case:${id}` }, async (tx) => {
    const k = await repo.getCase(tx, id, true);
    if (k.mode !== 'panel') throw new HuzhuError('CONFLICT', `jury case ${id} is decided by ${k.mode === 'open' ? 'an open vote' : 'a recorded verdict'}: its ruling is final`);
    if (k.status !== 'open') throw new HuzhuError('CONFLICT', `jury case ${id} is final: the ruling of round ${k.finalRound} stands`);
    const plan = await getPlan(tx, k.planId);
    const { jc, rounds } = await juryCase(tx, k);
    if (rounds.some((r) => r.closedAt === null)) throw new HuzhuError('WRONG_PHASE', `a round of case ${id} is still open; appeal after its result is published`);
    const next = appealRound(jc, plan.rules.decisions.jury, input.side, action.at);
    const prev = rounds[rounds.length - 1]!;
    const drawnEarlier = (await repo.drawsOf(tx, id)).flatMap((d) => d.panel);
    await startPanelRound(tx, plan, k, { round: next.round, size: next.size, recordIndex: Number(prev.resultLogIndex), drawnEarlier, at: action.at, appealedBy: input.side });
    await addReview(tx, { kind: 'jury', claimId: k.claimId, at: action.at, actor: action.actor, outcome: `round-appealed:${id}:${next.round}`, findings: `the ${input.side} appealed round ${prev.round} to a panel of ${next.size}` });
    return summaryOf(tx, id);
  });
}

/**
 * A verdict taken outside the system (the auditor's replay of a historical case): closes the
 * claim's open jury case with the recorded tally, applies the effect and logs it. Works with no
 * jurors at all.
 */
export async function recordVerdict(db: Db, input: { claim: string; pay: boolean; votesFor: number; votesAgainst: number }, action: Action): Promise<CaseSummary> {
  for (const [field, v] of [['votesFor', input.votesFor], ['votesAgainst', input.votesAgainst]] as const) {
    if (!Number.isSafeInteger(v) || v < 0) throw new HuzhuError('VALIDATION', `${field}: a non-negative integer`, { field });
  }
  return once(db, action, { kind: 'jury.recorded', subject: `claim:${input.claim}` }, async (tx) => {
    const c = await getClaimByRef(tx, input.claim, true);
    const k = await repo.openCaseOfClaim(tx, c.id, true);
    if (!k) throw new HuzhuError('CONFLICT', `claim ${c.ref} has no case open before the jury`, { field: 'claim' });
    const plan = await getPlan(tx, k.planId);
    const rounds = await repo.roundsOf(tx, k.id);
    let round = rounds.find((r) => r.closedAt === null)?.round;
    if (round === undefined) {
      round = rounds.length;
      await repo.insertRound(tx, { caseId: k.id, round, mode: 'recorded', openedAt: action.at, commitClosesAt: null, closesAt: action.at, appealedBy: null });
    }
    const ruling: Vote = input.pay ? 'pay' : 'reject';
    const published: StoredRound = {
      caseId: String(k.id), round, mode: 'recorded', closedAt: action.at.toISOString(),
      tally: { pay: input.votesFor, reject: input.votesAgainst, valid: input.votesFor + input.votesAgainst },
      ruling, decidedBy: 'recorded', justifications: [], misses: [],
    };
    const logIndex = await appendLogEntries(tx, [{ entry: roundEntry(plan.id, k, published, undefined), ref: `jury.round/${k.id}/${round}` }]);
    await repo.closeRound(tx, k.id, round, { at: action.at, result: published as unknown as PublishedRound, logIndex, pay: input.votesFor, reject: input.votesAgainst });
    await repo.setCaseMode(tx, k.id, 'recorded');
    await finalize(tx, plan, { ...k, mode: 'recorded' }, { ruling, round, decidedBy: 'recorded', at: action.at, actor: action.actor });
    return summaryOf(tx, k.id);
  });
}

// ---- What jurors see -------------------------------------------------------------------------

export interface JurorCaseItem {
  id: string;
  plan: string;
  mode: repo.CaseMode;
  round: number;
  phase: 'vote' | 'commit' | 'reveal';
  commitClosesAt: string | null;
  closesAt: string;
  /** What this juror has done in the round: nothing yet, committed, or voted (revealed). */
  mine: 'none' | 'committed' | 'voted';
}

/** The cases a member may act on as a juror now: open votes of plans where they are eligible and have no conflict; panel rounds where drawn. */
export async function jurorCases(db: Queryable, personRef: string, at: Date): Promise<JurorCaseItem[]> {
  const person = await repo.personByRef(db, personRef);
  if (!person) return [];
  const jurors = await repo.jurorsOfPerson(db, person.id);
  if (!jurors.length) return [];
  const eligiblePlans: string[] = [];
  for (const j of jurors) {
    const plan = await getPlan(db, j.planId);
    const f = await repo.jurorFacts(db, plan.id, plan.rules.decisions.jury.quiz.bankId, person.id);
    const on = localDateOf(at, plan.rules.timeZone);
    if (f && jurorEligibility(plan.rules.decisions.jury, candidateOf(f, on), on).eligible) eligiblePlans.push(plan.id);
  }
  const rows = await repo.casesForJuror(db, jurors.map((j) => j.id), eligiblePlans, at);
  const out: JurorCaseItem[] = [];
  for (const r of rows) {
    const k = await repo.getCase(db, r.caseId);
    const juror = jurors.find((j) => j.planId === k.planId)!;
    if (r.mode === 'open') {
      const f = await repo.jurorFacts(db, k.planId, '', person.id);
      if (!f || hasConflictOfInterest(jurorParty(f), await partiesOf(db, k)) || person.id === k.appellantPersonId) continue;
    }
    const v = await repo.findVote(db, r.caseId, r.round, juror.id);
    const phase = r.mode === 'open' ? 'vote' : at.getTime() < r.commitClosesAt!.getTime() ? 'commit' : 'reveal';
    out.push({
      id: String(r.caseId), plan: r.planId, mode: r.mode, round: r.round, phase, commitClosesAt: r.commitClosesAt?.toISOString() ?? null,
      closesAt: r.closesAt.toISOString(), mine: v === undefined ? 'none' : v.vote !== null ? 'voted' : 'committed',
    });
  }
  return out;
}

/**
 * The case as a juror sees it (redaction.ts jurorView: masked name, no ID number, phone or
 * address; PERSONAL_DATA if anything slips). Parties, and panel jurors not drawn, are refused
 * (NOT_ENTITLED); in open mode the reader must qualify now.
 * `reveal` decrypts the claimant's ID number so the scanner can look for it; it never leaves here.
 */
export async function jurorCaseView(db: Queryable, input: { case: string; person: string }, at: Date, reveal: (idCipher: string) => string): Promise<JurorCaseView & { mode: repo.CaseMode; round: number | null; status: 'open' | 'final' }> {
  const id = caseIdOf(input.case);
  const k = await repo.getCase(db, id);
  const plan = await getPlan(db, k.planId);
  const person = await personOf(db, input.person);
  const f = await repo.jurorFacts(db, plan.id, plan.rules.decisions.jury.quiz.bankId, person.id);
  const parties = await partiesOf(db, k);
  const payer = f?.payerId ?? (await repo.payerInPlan(db, plan.id, person.id));
  if (hasConflictOfInterest(jurorParty({ personId: person.id, payerId: payer }), parties) || person.id === k.appellantPersonId) {
    throw new HuzhuError('NOT_ENTITLED', 'a party to the case (the claimant\'s payer account or family, or the challenger) may not read it as a juror');
  }
  const rounds = await repo.roundsOf(db, id);
  if (k.mode === 'panel') {
    const juror = await repo.findJuror(db, plan.id, person.id);
    const drawn = juror !== undefined && (await repo.drawsOf(db, id)).some((d) => d.panel.includes(juror.pseudonym));
    if (!drawn) throw new HuzhuError('NOT_ENTITLED', `only the jurors drawn for case ${id} may read it`);
  } else if (k.mode === 'open') {
    if (!f) throw new HuzhuError('NOT_QUALIFIED', `not qualified as a juror of plan ${plan.id}: the qualification quiz has not been passed`);
    const on = localDateOf(at, plan.rules.timeZone);
    assertJurorEligible(plan.rules.decisions.jury, candidateOf(f, on), on);
  } else {
    throw new HuzhuError('NOT_ENTITLED', `case ${id} was decided outside the system; there is nothing for jurors to read`);
  }
  const view = jurorView(await fullRecord(db, plan, k, reveal));
  return { ...view, mode: k.mode, round: rounds.length ? rounds[rounds.length - 1]!.round : null, status: k.status };
}

async function fullRecord(q: Queryable, plan: Plan, k: repo.JuryCaseRow, reveal: (idCipher: string) => string): Promise<FullClaimRecord> {
  const c = await getClaimByRef(q, k.claimRef);
  const parties = await repo.claimParties(q, c.id);
  const person = (await personOf(q, parties.claimantRef));
  const profile = await repo.claimantProfile(q, parties.claimantRef);
  const m = c.membershipId === null ? null : await getMembership(q, c.membershipId);
  const challenge = k.challengeId === null ? null : await repo.challengeById(q, k.challengeId);
  const report = await findReport(q, c.id);
  const payout = c.payoutFen ?? payoutFor(plan.rules, c.severity, c.ageAtDiagnosis ?? ageOn(person.birthDate, c.diagnosedOn)) ?? 0n;
  return {
    caseId: String(k.id), claimId: c.ref,
    claimant: {
      name: profile?.name ?? '', idNumber: profile ? reveal(profile.idCipher) : '', phone: profile?.phone ?? '', address: '',
      birthDate: person.birthDate, province: profile?.province ?? '',
    },
    joinedOn: m?.joinedOn ?? c.diagnosedOn, waitingEndsOn: m?.waitingEndsOn ?? c.diagnosedOn, diagnosedOn: c.diagnosedOn,
    disease: c.diseaseCode, severity: c.severity, cause: c.cause, payoutFen: payout,
    dispute: {
      kind: k.kind,
      decisionReason: (k.kind === 'challenge-dismissed' ? challenge?.decisionReason : c.reason) ?? '',
      challengeReason: challenge?.reason ?? null,
    },
    investigation: report ? { summary: report.summary, documents: report.documents } : null,
  };
}

// ---- What everyone sees ------------------------------------------------------------------------

export interface PublicRound {
  round: number;
  mode: repo.CaseMode;
  openedAt: string;
  commitClosesAt: string | null;
  plannedClosesAt: string;
  closesAt: string;
  status: 'open' | 'closed';
  /** Open mode, while the vote runs: the running count (as Xiang Hu Bao showed it). */
  runningTally: { pay: number; reject: number; valid: number } | null;
  /** Panel: the panel size and pseudonyms (public from the draw on). */
  panel: string[] | null;
  /** After the close only: the tally, ruling and (panel) every juror's vote and justification. */
  result: StoredRound | null;
}

export interface PublicCase {
  id: string;
  plan: string;
  claim: string;
  kind: repo.CaseKind;
  challenge: string | null;
  mode: repo.CaseMode;
  status: 'open' | 'final';
  statusQuo: Vote;
  openedAt: string;
  ruling: Vote | null;
  decidedBy: string | null;
  effect: string | null;
  finalRound: number | null;
  rounds: PublicRound[];
  /** While a panel case waits for an appeal: who may appeal and until when. */
  appeal: { side: Side; until: string; nextRound: number; nextSize: number } | null;
}

export async function publicCase(db: Queryable, caseId: string, at: Date): Promise<PublicCase> {
  const id = caseIdOf(caseId);
  const k = await repo.getCase(db, id);
  const plan = await getPlan(db, k.planId);
  const { jc, rounds } = await juryCase(db, k);
  const draws = await repo.drawsOf(db, id);
  const challenge = k.challengeId === null ? null : await repo.challengeById(db, k.challengeId);
  let appeal: PublicCase['appeal'] = null;
  if (k.status === 'open' && k.mode === 'panel' && rounds.length && rounds.every((r) => r.closedAt !== null)) {
    const st: CaseStatus = caseStatus(jc, plan.rules.decisions.jury, at);
    if (!st.final && st.awaiting === 'appeal-or-deadline') appeal = { side: st.side, until: st.appealUntil.toISOString(), nextRound: st.nextRound, nextSize: st.nextSize };
  }
  return {
    id: String(k.id), plan: k.planId, claim: k.claimRef, kind: k.kind, challenge: challenge?.ref ?? null, mode: k.mode, status: k.status,
    statusQuo: k.statusQuo, openedAt: k.openedAt.toISOString(), ruling: k.ruling, decidedBy: k.decidedBy, effect: k.effect, finalRound: k.finalRound,
    rounds: rounds.map((r) => ({
      round: r.round, mode: r.mode, openedAt: r.openedAt.toISOString(), commitClosesAt: r.commitClosesAt?.toISOString() ?? null,
      plannedClosesAt: r.plannedClosesAt.toISOString(), closesAt: r.closesAt.toISOString(), status: r.closedAt === null ? 'open' : 'closed',
      runningTally: r.mode === 'open' && r.closedAt === null ? { pay: r.pay, reject: r.reject, valid: r.pay + r.reject } : null,
      panel: draws.find((d) => d.round === r.round)?.panel ?? null,
      result: (r.result as StoredRound | null) ?? null,
    })),
    appeal,
  };
}

export interface PublicDraw {
  algorithm: string;
  caseId: string;
  round: number;
  size: number;
  seedRecord: { hex: string; logIndex: number; ref: string | null; what: string };
  seed: string;
  /** The juror list itself is read page by page: GET .../rounds/:round/jurors (publicDrawJurors). */
  jurorListSize: number;
  jurorListDigest: string;
  exclusions: repo.DrawRow['exclusions'];
  panel: string[];
  attempts: number;
  drawnAt: string;
  logIndex: number;
}

/** Everything needed to recompute a draw: the seed record, the exclusions and the panel; the juror list is paged (publicDrawJurors). */
export async function publicDraw(db: Queryable, caseId: string, round: number): Promise<PublicDraw> {
  const { k, d } = await drawOf(db, caseId, round);
  const ref = await repo.logRefAt(db, d.seedLogIndex);
  return {
    algorithm: d.algorithm, caseId: String(k.id), round, size: d.size,
    seedRecord: {
      hex: d.seedRecord, logIndex: Number(d.seedLogIndex), ref,
      what: round === 0 ? 'the leaf hash of the plan\'s latest notice.published (or plan.rules) entry before the case opened' : `the leaf hash of round ${round - 1}'s jury.round result entry`,
    },
    seed: d.seed, jurorListSize: d.jurorListSize, jurorListDigest: d.jurorListDigest,
    exclusions: d.exclusions, panel: d.panel, attempts: d.attempts, drawnAt: d.drawnAt.toISOString(), logIndex: Number(d.logIndex),
  };
}

export interface JurorListPage {
  items: string[];
  page: { limit: number; after: string | null; next: string | null };
}

/**
 * A page of a draw's published juror list, in pseudonym order (the order the draw sorts them in):
 * pass `next` as `after` for the following page. The whole list hashes to the draw's jurorListDigest.
 */
export async function publicDrawJurors(db: Queryable, caseId: string, round: number, o: { after: string | null; limit: number }): Promise<JurorListPage> {
  const { k, d } = await drawOf(db, caseId, round);
  const rows = await repo.jurorListPage(db, k.planId, Number(d.seedLogIndex), o.after, o.limit);
  const items = rows.slice(0, o.limit);
  return { items, page: { limit: o.limit, after: o.after, next: rows.length > o.limit ? items[items.length - 1]! : null } };
}

async function drawOf(db: Queryable, caseId: string, round: number): Promise<{ k: repo.JuryCaseRow; d: repo.DrawRow }> {
  const id = caseIdOf(caseId);
  const k = await repo.getCase(db, id);
  const d = (await repo.drawsOf(db, id)).find((x) => x.round === round);
  if (!d) throw new HuzhuError('NOT_FOUND', `jury case ${id} has no draw for round ${round}`, { field: 'round' });
  return { k, d };
}

export async function publicJuror(db: Queryable, pseudonym: string): Promise<{ pseudonym: string; plan: string; since: string; misses: number; coherence: { votes: number; matched: number; percent: number | null } }> {
  const j = /^[0-9a-f]{64}$/.test(pseudonym) ? await repo.jurorByPseudonym(db, pseudonym) : undefined;
  if (!j) throw new HuzhuError('NOT_FOUND', `juror "${pseudonym}" does not exist`, { field: 'pseudonym' });
  const coherence = { votes: j.coherenceVotes, matched: j.coherenceMatched };
  return { pseudonym: j.pseudonym, plan: j.planId, since: j.createdAt.toISOString(), misses: j.misses, coherence: { ...coherence, percent: coherencePercent(coherence) } };
}

export type { JurySettings };

/**
 * Which side a server account speaks for in a case: the claimant (the account manages the
 * claimant, or pays for them) or the challenger (the account pays for the challenger). NOT_ENTITLED
 * when neither; when both, the side that may appeal now.
 */
export async function sideOfAccount(db: Queryable, caseId: string, accountId: bigint, at: Date): Promise<Side> {
  const id = caseIdOf(caseId);
  const k = await repo.getCase(db, id);
  const p = await repo.claimParties(db, k.claimId);
  const claimant = await repo.accountActsFor(db, accountId, p.claimantPersonId, p.claimantPayerId);
  const h = k.challengeId === null ? undefined : await repo.challengeById(db, k.challengeId);
  const challenger = h !== undefined && (await repo.accountActsFor(db, accountId, h.personId, h.payerId));
  if (claimant && challenger) {
    const plan = await getPlan(db, k.planId);
    const st = caseStatus((await juryCase(db, k)).jc, plan.rules.decisions.jury, at);
    return !st.final && st.awaiting === 'appeal-or-deadline' ? st.side : 'claimant';
  }
  if (claimant) return 'claimant';
  if (challenger) return 'challenger';
  throw new HuzhuError('NOT_ENTITLED', `only the claimant or the challenger of case ${id} may appeal its ruling`);
}

/** The claim a challenge is about (for the challenger's appeal route). */
export async function claimOfChallenge(db: Queryable, challengeRef: string): Promise<{ claim: string; payerId: bigint } | undefined> {
  const h = await findChallenge(db, challengeRef);
  if (!h) return undefined;
  return { claim: await claimRefById(db, h.claimId), payerId: h.payerId };
}
