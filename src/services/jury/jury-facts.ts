/**
 * The facts the jury's rules need, loaded once for every jury use case (docs/jury.md): the quiz
 * bank a plan names, a juror as a candidate, the parties of a case as the conflict rule sees
 * them, a case and its closed rounds as voting.ts sees them, and a case's summary.
 *
 * The seed and the juror list of a draw:
 *   round 0:   the record is the plan's latest `notice.published` entry (or, before any notice,
 *              its `plan.rules` entry) appended before the case opened;
 *   appeals:   the record is the previous round's `jury.round` result entry;
 *   list:      every juror of the plan whose `jury.juror` qualification entry comes before the
 *              record in the log; conflicts and jurors ineligible at the draw are published as
 *              exclusions, with every juror of an earlier round.
 */
import type { Queryable } from '../../db/database.ts';
import { HuzhuError } from '../../domain/errors.ts';
import { type LocalDate } from '../../domain/local-date.ts';
import { type Party } from '../../challenges/challenge-rules.ts';
import { type Vote } from '../../jury/commit-reveal.ts';
import { type CaseParties, type JurorCandidate } from '../../jury/qualification.ts';
import { quizBankForRules } from '../../jury/quiz-amounts.ts';
import { loadDefaultQuizBank, type QuizBank } from '../../jury/quiz-bank.ts';
import { type JuryCase, type PublishedRound, type RoundResult } from '../../jury/voting.ts';
import * as jurorsRepo from '../../repositories/jurors-repo.ts';
import * as repo from '../../repositories/jury-repo.ts';
import { type Plan } from '../../repositories/plans-repo.ts';


export const HOUR_MS = 3_600_000;

let defaultBank: QuizBank | undefined;

/** The quiz bank a plan's settings name (only the default bank ships). */
export function bankFor(plan: Plan): QuizBank {
  defaultBank ??= loadDefaultQuizBank();
  const id = plan.rules.decisions.jury.quiz.bankId;
  if (defaultBank.id !== id) throw new HuzhuError('NOT_FOUND', `quiz bank "${id}" of plan ${plan.id} is not available on this server`, { field: 'plan' });
  return quizBankForRules(defaultBank, plan.rules); // the amounts of this plan, not the preset's
}

export function caseIdOf(value: string | bigint): bigint {
  if (typeof value === 'bigint') return value;
  if (!/^[1-9]\d{0,17}$/.test(value)) throw new HuzhuError('NOT_FOUND', `jury case "${value}" does not exist`, { field: 'id' });
  return BigInt(value);
}

export const payerKey = (payerId: bigint | null, person: bigint | string): string => (payerId === null ? `none:${person}` : `payer:${payerId}`);

export function candidateOf(f: jurorsRepo.JurorFacts, on: LocalDate): JurorCandidate {
  return {
    membershipStatus: f.membershipStatus, birthDate: f.birthDate as LocalDate, joinedOn: (f.joinedOn ?? on) as LocalDate,
    fraudFinding: f.fraud, passedQuizBankId: f.bankId, misses: f.misses,
  };
}

export async function personOf(q: Queryable, ref: string): Promise<{ id: bigint; ref: string; birthDate: LocalDate }> {
  const p = await repo.personByRef(q, ref);
  if (!p) throw new HuzhuError('NOT_FOUND', 'person: not known (join a plan first)', { field: 'person' });
  return p;
}

/** The parties of a case, as the conflict rule sees them. */
export async function partiesOf(q: Queryable, k: Pick<repo.JuryCaseRow, 'claimId' | 'challengeId'>): Promise<CaseParties> {
  const p = await repo.claimParties(q, k.claimId);
  const challenger = k.challengeId === null ? null : await repo.challengeById(q, k.challengeId);
  return {
    claimant: { memberId: String(p.claimantPersonId), payerAccountId: payerKey(p.claimantPayerId, p.claimantPersonId) },
    familyMemberIds: p.familyPersonIds.map(String),
    challenger: challenger ? { memberId: String(challenger.personId), payerAccountId: payerKey(challenger.payerId, challenger.personId) } : null,
  };
}

export const jurorParty = (f: Pick<jurorsRepo.JurorFacts, 'personId' | 'payerId'>): Party => ({ memberId: String(f.personId), payerAccountId: payerKey(f.payerId, f.personId) });


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

export async function summaryOf(q: Queryable, id: bigint): Promise<CaseSummary> {
  const k = await repo.getCase(q, id);
  const rounds = await repo.roundsOf(q, id);
  return {
    id: String(k.id), plan: k.planId, claim: k.claimRef, kind: k.kind, mode: k.mode, status: k.status, statusQuo: k.statusQuo,
    round: rounds.length ? rounds[rounds.length - 1]!.round : null, ruling: k.ruling, decidedBy: k.decidedBy, effect: k.effect,
  };
}

export type StoredRound = Omit<PublishedRound, 'mode' | 'decidedBy'> & { mode: repo.CaseMode; decidedBy: PublishedRound['decidedBy'] | 'recorded' };

function asRoundResult(p: StoredRound): RoundResult {
  return {
    mode: p.mode === 'panel' ? 'panel' : 'open', round: p.round, closedAt: new Date(p.closedAt), tally: p.tally, ruling: p.ruling,
    decidedBy: p.decidedBy === 'recorded' ? 'majority' : p.decidedBy, votes: [], misses: p.misses, justifications: p.justifications,
  };
}

export async function juryCase(tx: Queryable, k: repo.JuryCaseRow): Promise<{ jc: JuryCase; rounds: repo.RoundRow[] }> {
  const rounds = await repo.roundsOf(tx, k.id);
  const closed = rounds.filter((r) => r.result !== null).map((r) => asRoundResult(r.result as StoredRound));
  const jc: JuryCase = {
    caseId: String(k.id), mode: k.mode === 'panel' ? 'panel' : 'open',
    opening: { claimId: k.claimRef, kind: k.kind, appellant: { memberId: String(k.appellantPersonId), payerAccountId: '' }, statusQuo: k.statusQuo },
    rounds: closed,
  };
  return { jc, rounds };
}
