/**
 * Jurors voting: an open vote (one per qualified juror without a conflict, a late vote extends
 * the close) and a panel's commit, then reveal (src/jury/commit-reveal.ts).
 */
import type { Db, Queryable } from '../../db/database.ts';
import { HuzhuError } from '../../domain/errors.ts';
import { localDateOf } from '../../domain/local-date.ts';
import { acceptCommit, acceptReveal, type PanelRoundState, type Vote } from '../../jury/commit-reveal.ts';
import { assertJurorEligible, hasConflictOfInterest } from '../../jury/qualification.ts';
import { castOpenVote, type OpenRoundState } from '../../jury/voting.ts';
import * as jurorsRepo from '../../repositories/jurors-repo.ts';
import * as repo from '../../repositories/jury-repo.ts';
import { getPlan, getPlanAt, type Plan } from '../../repositories/plans-repo.ts';
import { once, type Action } from '../idempotent.ts';
import { candidateOf, caseIdOf, jurorParty, partiesOf, personOf } from './jury-facts.ts';

/** The round a juror acts in now: the case's latest round, which must still be open. */
async function currentRound(tx: Queryable, k: repo.JuryCaseRow): Promise<repo.RoundRow> {
  if (k.status !== 'open') throw new HuzhuError('WRONG_PHASE', `jury case ${k.id} is closed: its ruling is final`);
  const rounds = await repo.roundsOf(tx, k.id);
  const last = rounds[rounds.length - 1];
  if (!last || last.closedAt !== null) throw new HuzhuError('WRONG_PHASE', `jury case ${k.id} has no round open for votes`);
  return (await repo.lockRound(tx, k.id, last.round))!;
}

/** The juror acting (the person's juror record of the case's plan), refusing parties first. */
async function actingJuror(tx: Queryable, plan: Plan, k: repo.JuryCaseRow, personRef: string): Promise<{ juror: jurorsRepo.Juror; facts: jurorsRepo.JurorFacts }> {
  const person = await personOf(tx, personRef);
  const juror = await jurorsRepo.findJuror(tx, plan.id, person.id);
  const facts = await jurorsRepo.jurorFacts(tx, plan.id, plan.rules.decisions.jury.quiz.bankId, person.id);
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
    const plan = await getPlanAt(tx, k.planId, action.at);
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

export async function panelState(tx: Queryable, k: repo.JuryCaseRow, r: repo.RoundRow): Promise<PanelRoundState> {
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

async function panelJuror(tx: Queryable, k: repo.JuryCaseRow, personRef: string): Promise<jurorsRepo.Juror> {
  if (k.mode !== 'panel') throw new HuzhuError('WRONG_PHASE', `jury case ${k.id} is decided by ${k.mode === 'open' ? 'an open vote: vote directly' : 'a recorded verdict'}; there is nothing to commit or reveal`);
  const person = await personOf(tx, personRef);
  const juror = await jurorsRepo.findJuror(tx, k.planId, person.id);
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
    const plan = await getPlanAt(tx, k.planId, action.at);
    acceptReveal(await panelState(tx, k, r), { juror: juror.pseudonym, vote: input.vote, justification: input.justification, saltHex: input.salt }, action.at,
      plan.rules.decisions.jury.panel.minJustificationChars);
    await repo.revealVote(tx, { caseId: id, round: r.round, jurorId: juror.id, vote: input.vote, justification: input.justification, salt: input.salt.toLowerCase(), at: action.at });
    return { case: String(id), round: r.round, vote: input.vote };
  });
}
