/**
 * The jury actions a member's account takes (the HTTP API's member routes call these): each asks
 * requireJuryAccess first, in its first line, then runs the use case with what the grant returns.
 * The use cases themselves take person refs, so the replay, the seed and the tests can run them
 * without accounts.
 */
import type { Db, Queryable } from '../../db/database.ts';
import type { Vote } from '../../jury/commit-reveal.ts';
import type { JurorCaseView } from '../../jury/redaction.ts';
import type { CaseMode } from '../../repositories/jury-repo.ts';
import type { Principal } from '../../domain/principal.ts';
import type { Action } from '../idempotent.ts';
import { appealRuling, openAppeal } from './appeals.ts';
import { requireJuryAccess } from './jury-access.ts';
import type { CaseSummary } from './jury-facts.ts';
import { jurorCases, jurorCaseView, type JurorCaseItem } from './juror-views.ts';
import { jurorStatus, qualifyJuror, type JurorStatus, type QualifyOutcome } from './qualification.ts';
import { castVote, commitVote, revealVote, type VoteOutcome } from './voting.ts';

export async function qualifyAsMember(db: Db, principal: Principal, input: { plan: string; answers: Record<string, number> }, action: Action): Promise<QualifyOutcome> {
  const { person } = await requireJuryAccess(db, principal, { as: 'juror' });
  return qualifyJuror(db, { plan: input.plan, person, answers: input.answers }, action);
}

/** The account's standing as a juror of a plan (without a profile of its own: not qualified). */
export async function myJurorStatus(db: Queryable, principal: Principal, plan: string, at: Date): Promise<JurorStatus> {
  const { person } = await requireJuryAccess(db, principal, { as: 'member' });
  return jurorStatus(db, { plan, person: person ?? '' }, at);
}

export async function myJurorCases(db: Queryable, principal: Principal, at: Date): Promise<JurorCaseItem[]> {
  const { person } = await requireJuryAccess(db, principal, { as: 'member' });
  return person ? jurorCases(db, person, at) : [];
}

export async function caseForJuror(
  db: Queryable, principal: Principal, caseId: string, at: Date, reveal: (idCipher: string) => string,
): Promise<JurorCaseView & { mode: CaseMode; round: number | null; status: 'open' | 'final' }> {
  const { person } = await requireJuryAccess(db, principal, { as: 'juror', case: caseId });
  return jurorCaseView(db, { case: caseId, person }, at, reveal);
}

export async function voteAsJuror(db: Db, principal: Principal, input: { case: string; vote: Vote }, action: Action): Promise<VoteOutcome> {
  const { person } = await requireJuryAccess(db, principal, { as: 'juror' });
  return castVote(db, { ...input, person }, action);
}

export async function commitAsJuror(db: Db, principal: Principal, input: { case: string; commitment: string }, action: Action): ReturnType<typeof commitVote> {
  const { person } = await requireJuryAccess(db, principal, { as: 'juror' });
  return commitVote(db, { ...input, person }, action);
}

export async function revealAsJuror(
  db: Db, principal: Principal, input: { case: string; vote: Vote; justification: string; salt: string }, action: Action,
): ReturnType<typeof revealVote> {
  const { person } = await requireJuryAccess(db, principal, { as: 'juror' });
  return revealVote(db, { ...input, person }, action);
}

/** The losing side of a panel's ruling asks for the next round. */
export async function appealRulingAsParty(db: Db, principal: Principal, caseId: string, action: Action): Promise<CaseSummary> {
  const { side } = await requireJuryAccess(db, principal, { as: 'case-party', case: caseId, at: action.at });
  return appealRuling(db, { case: caseId, side }, action);
}

/** A claimant appeals the rejection of one of the account's people's claims. */
export async function appealClaimRejection(db: Db, principal: Principal, claimRef: string, action: Action): Promise<CaseSummary> {
  const { claim, person } = await requireJuryAccess(db, principal, { as: 'claimant', claim: claimRef });
  return openAppeal(db, { claim, kind: 'claim-rejected', appellant: person }, action);
}

/** A challenger appeals the dismissal of a challenge the account's payer filed. */
export async function appealChallengeDismissal(db: Db, principal: Principal, challengeRef: string, action: Action): Promise<CaseSummary> {
  const { claim } = await requireJuryAccess(db, principal, { as: 'challenger', challenge: challengeRef });
  return openAppeal(db, { claim, kind: 'challenge-dismissed', challenge: challengeRef }, action);
}
