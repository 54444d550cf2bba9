/**
 * How the jury decides, in both modes, and what happens when it does not.
 *
 * open  (Xiang Hu Bao's 赔审团): any qualified juror may vote for 24 hours; at least 1,000 valid
 *       votes are needed; more than 50% for paying means pay. A running count is shown while
 *       the vote is open (as Xiang Hu Bao showed it), which is why a late vote extends the vote:
 *       a swing in the last minutes must be seen by others who still have time to answer it.
 * panel (Kleros): n drawn jurors (default 11) commit and reveal; the majority of revealed votes
 *       decides; the losing member may appeal to 2n+1 new jurors; the last round is final.
 *       Votes are hidden until the reveal, so nothing can swing unseen and the commit deadline
 *       is not extended.
 *
 * When the jury does not decide (open: fewer valid votes than the quorum; panel: a tie among
 * the revealed votes, or no reveals at all), the decision under appeal stands (`statusQuo`):
 * a rejected claim stays rejected, a claim whose challenge was dismissed is paid. Why: the jury
 * is a check on a decision already made with a written reason and four eyes; without a verdict
 * there is nothing to overturn it with.
 */
import { HuzhuError } from '../domain/errors.ts';
import type { JuryCaseOpening } from '../challenges/challenge-rules.ts';
import { phaseAt, type PanelRoundState, type Vote } from './commit-reveal.ts';
import { panelSizeForRound } from './draw.ts';
import type { JurySettings, LateVoteSettings } from '../domain/decision-settings.ts';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

export interface Tally {
  pay: number;
  reject: number;
  /** Valid votes counted (pay + reject). */
  valid: number;
}

/** Why the ruling is what it is, in the published result. */
export type DecidedBy = 'majority' | 'no-quorum' | 'tie' | 'no-votes';

export interface RoundResult {
  mode: 'open' | 'panel';
  round: number;
  closedAt: Date;
  tally: Tally;
  ruling: Vote;
  decidedBy: DecidedBy;
  /** Who voted what (open: member ids; panel: pseudonyms), for the coherence records. */
  votes: { juror: string; vote: Vote }[];
  /** Panel: drawn jurors who did not reveal a vote; each counts one miss. Open: always empty. */
  misses: string[];
  /** Panel only, published after the close: every revealed vote with its justification. */
  justifications: { juror: string; vote: Vote; justification: string }[];
}

function countVotes(votes: Iterable<Vote>): Tally {
  let pay = 0;
  let reject = 0;
  for (const v of votes) {
    if (v === 'pay') pay++;
    else reject++;
  }
  return { pay, reject, valid: pay + reject };
}

function leader(t: Tally): Vote | 'tie' {
  return t.pay > t.reject ? 'pay' : t.reject > t.pay ? 'reject' : 'tie';
}

// ---- The silent ending -----------------------------------------------------------------------

/**
 * The new closing time after a vote at `at`: a vote in the last `lastMinutes` pushes the close
 * `extensionMinutes` later, never beyond `plannedClosesAt + maxExtensionMinutes` (so a vote
 * always ends; with the defaults, at most a day late). With trigger 'swing', only a vote that
 * changes the side in the lead extends.
 */
export function extendForLateVote(closesAt: Date, plannedClosesAt: Date, at: Date, late: LateVoteSettings, swung: boolean): Date {
  const t = at.getTime();
  const close = closesAt.getTime();
  if (t >= close || t < close - late.lastMinutes * MINUTE_MS) return closesAt;
  if (late.trigger === 'swing' && !swung) return closesAt;
  const cap = plannedClosesAt.getTime() + late.maxExtensionMinutes * MINUTE_MS;
  return new Date(Math.max(close, Math.min(close + late.extensionMinutes * MINUTE_MS, cap)));
}

// ---- Open mode -------------------------------------------------------------------------------

export interface OpenRoundState {
  caseId: string;
  opensAt: Date;
  plannedClosesAt: Date;
  /** The close after any extensions. */
  closesAt: Date;
  /** The running count, shown while the vote is open. */
  tally: Tally;
}

export function newOpenRound(caseId: string, opensAt: Date, s: JurySettings): OpenRoundState {
  const plannedClosesAt = new Date(opensAt.getTime() + s.open.durationHours * HOUR_MS);
  return { caseId, opensAt, plannedClosesAt, closesAt: plannedClosesAt, tally: { pay: 0, reject: 0, valid: 0 } };
}

/**
 * Counts one valid vote in constant time (Xiang Hu Bao's first case had 250,000 votes in five
 * hours, so the state holds counts, not the ballots; the ballots live in the store, one per
 * juror by a unique key). The caller has checked that the juror qualifies (qualification.ts) and
 * is not a party, and says whether they already voted. Throws WRONG_PHASE outside the vote,
 * ALREADY_VOTED for a second vote.
 */
export function castOpenVote(state: OpenRoundState, vote: Vote, at: Date, late: LateVoteSettings, alreadyVoted: boolean): OpenRoundState {
  const t = at.getTime();
  if (t < state.opensAt.getTime() || t >= state.closesAt.getTime()) {
    throw new HuzhuError('WRONG_PHASE', `the vote on case ${state.caseId} is open from ${state.opensAt.toISOString()} until ${state.closesAt.toISOString()}`);
  }
  if (vote !== 'pay' && vote !== 'reject') throw new HuzhuError('VALIDATION', 'vote: must be pay or reject', { field: 'vote' });
  if (alreadyVoted) throw new HuzhuError('ALREADY_VOTED', `this juror has already voted on case ${state.caseId}`);
  const before = state.tally;
  const tally = vote === 'pay'
    ? { pay: before.pay + 1, reject: before.reject, valid: before.valid + 1 }
    : { pay: before.pay, reject: before.reject + 1, valid: before.valid + 1 };
  const closesAt = extendForLateVote(state.closesAt, state.plannedClosesAt, at, late, leader(before) !== leader(tally));
  return { ...state, tally, closesAt };
}

/**
 * The open vote's result, once it has closed (WRONG_PHASE before). `votes` are the stored
 * ballots (for the coherence records); they must agree with the running count (CONFLICT if not,
 * which would mean a lost or doubled ballot).
 */
export function closeOpenRound(state: OpenRoundState, s: JurySettings, statusQuo: Vote, at: Date, votes: readonly { juror: string; vote: Vote }[]): RoundResult {
  if (at.getTime() < state.closesAt.getTime()) {
    throw new HuzhuError('WRONG_PHASE', `the vote on case ${state.caseId} closes at ${state.closesAt.toISOString()}; results are published after that`);
  }
  const tally = countVotes(votes.map((v) => v.vote));
  if (tally.pay !== state.tally.pay || tally.reject !== state.tally.reject || new Set(votes.map((v) => v.juror)).size !== votes.length) {
    throw new HuzhuError('CONFLICT', `the ballots stored for case ${state.caseId} do not match the running count`);
  }
  let ruling: Vote;
  let decidedBy: DecidedBy;
  if (tally.valid < s.open.quorum) {
    ruling = statusQuo;
    decidedBy = 'no-quorum';
  } else {
    ruling = tally.pay * 2 > tally.valid ? 'pay' : 'reject'; // more than 50% for pay; exactly half is not more
    decidedBy = 'majority';
  }
  const sorted = [...votes].sort((a, b) => (a.juror < b.juror ? -1 : a.juror > b.juror ? 1 : 0));
  return { mode: 'open', round: 0, closedAt: state.closesAt, tally, ruling, decidedBy, votes: sorted, misses: [], justifications: [] };
}

// ---- Panel mode ------------------------------------------------------------------------------

/** The panel round's result, once the reveal phase has closed (WRONG_PHASE before). */
export function closePanelRound(state: PanelRoundState, statusQuo: Vote, at: Date): RoundResult {
  if (phaseAt(state.phases, at) !== 'closed') {
    throw new HuzhuError('WRONG_PHASE', `round ${state.round} of case ${state.caseId} closes at ${state.phases.revealClosesAt.toISOString()}; results are published after that`);
  }
  const revealed = state.panel.filter((j) => Object.hasOwn(state.reveals, j));
  const justifications = revealed.map((j) => ({ juror: j, vote: state.reveals[j]!.vote, justification: state.reveals[j]!.justification }));
  const tally = countVotes(justifications.map((r) => r.vote));
  const lead = leader(tally);
  const ruling = lead === 'tie' ? statusQuo : lead;
  const decidedBy: DecidedBy = tally.valid === 0 ? 'no-votes' : lead === 'tie' ? 'tie' : 'majority';
  return {
    mode: 'panel', round: state.round, closedAt: state.phases.revealClosesAt, tally, ruling, decidedBy,
    votes: justifications.map(({ juror, vote }) => ({ juror, vote })),
    misses: state.panel.filter((j) => !Object.hasOwn(state.reveals, j)),
    justifications,
  };
}

// ---- Appeals between panel rounds, and finality -----------------------------------------------

export type Side = 'claimant' | 'challenger';

/**
 * Which member may appeal a round's ruling: the claimant when it went against paying; the
 * challenger when it went for paying a claim they challenged. When a claimant's appeal of an
 * operator's rejection ends in `pay`, nobody appeals: the operator does not appeal its members'
 * jury, and it gave its reasons already.
 */
export function sideThatMayAppeal(kind: JuryCaseOpening['kind'], ruling: Vote): Side | null {
  if (ruling === 'reject') return 'claimant';
  return kind === 'challenge-dismissed' ? 'challenger' : null;
}

export interface JuryCase {
  caseId: string;
  mode: 'open' | 'panel';
  opening: JuryCaseOpening;
  /** Closed rounds, in order. */
  rounds: readonly RoundResult[];
}

export type CaseStatus =
  | { final: false; awaiting: 'first-round' }
  | { final: false; awaiting: 'appeal-or-deadline'; side: Side; appealUntil: Date; nextRound: number; nextSize: number }
  | { final: true; ruling: Vote; round: number };

/**
 * Where a case stands at `at`. Open mode has one round. A panel case is final when the last
 * allowed round has closed, when nobody may appeal the latest ruling, or when the appeal window
 * (roundAppealDays after the close) has passed.
 */
export function caseStatus(c: JuryCase, s: JurySettings, at: Date): CaseStatus {
  const last = c.rounds[c.rounds.length - 1];
  if (!last) return { final: false, awaiting: 'first-round' };
  const side = sideThatMayAppeal(c.opening.kind, last.ruling);
  const appealUntil = new Date(last.closedAt.getTime() + s.panel.roundAppealDays * DAY_MS);
  if (c.mode === 'open' || c.rounds.length >= s.panel.maxRounds || side === null || at.getTime() >= appealUntil.getTime()) {
    return { final: true, ruling: last.ruling, round: last.round };
  }
  const nextSize = panelSizeForRound(s.panel.size, last.round + 1);
  return { final: false, awaiting: 'appeal-or-deadline', side, appealUntil, nextRound: last.round + 1, nextSize };
}

/**
 * Opens the next panel round on an appeal by `side`, or throws: CONFLICT when the case is final
 * (the last round is final, or the deadline passed), NOT_ENTITLED when `side` did not lose.
 * Returns the round number and the size to draw (2n+1; the draw excludes every earlier juror).
 */
export function appealRound(c: JuryCase, s: JurySettings, side: Side, at: Date): { round: number; size: number } {
  const status = caseStatus(c, s, at);
  if (status.final) throw new HuzhuError('CONFLICT', `case ${c.caseId} is final: the ruling of round ${status.round} stands`);
  if (status.awaiting === 'first-round') throw new HuzhuError('WRONG_PHASE', `case ${c.caseId} has no closed round to appeal`);
  if (status.side !== side) throw new HuzhuError('NOT_ENTITLED', `only the ${status.side} may appeal this ruling`);
  return { round: status.nextRound, size: status.nextSize };
}

// ---- Coherence ------------------------------------------------------------------------------

export interface CoherenceRecord {
  votes: number;
  matched: number;
}

/**
 * Each juror's votes in every round of a final case, compared with the final ruling (as Kleros
 * measures coherence). Only counted votes are compared; a missed vote is a miss, not an
 * incoherent vote.
 */
export function coherenceUpdates(rounds: readonly Pick<RoundResult, 'votes'>[], finalRuling: Vote): { juror: string; matched: boolean }[] {
  return rounds.flatMap((r) => r.votes.map((v) => ({ juror: v.juror, matched: v.vote === finalRuling })));
}

export function applyCoherence(records: Readonly<Record<string, CoherenceRecord>>, updates: readonly { juror: string; matched: boolean }[]): Record<string, CoherenceRecord> {
  const out: Record<string, CoherenceRecord> = { ...records };
  for (const u of updates) {
    const r = Object.hasOwn(out, u.juror) ? out[u.juror]! : { votes: 0, matched: 0 };
    out[u.juror] = { votes: r.votes + 1, matched: r.matched + (u.matched ? 1 : 0) };
  }
  return out;
}

/** Share of a juror's votes that matched the final ruling, in whole percent; null before any vote. */
export function coherencePercent(r: CoherenceRecord): number | null {
  return r.votes === 0 ? null : Math.floor((r.matched * 100) / r.votes);
}

// ---- Publication ----------------------------------------------------------------------------

export interface PublishedRound {
  caseId: string;
  round: number;
  mode: 'open' | 'panel';
  closedAt: string;
  tally: Tally;
  ruling: Vote;
  decidedBy: DecidedBy;
  /** Panel only: pseudonym, vote and justification of each revealed vote. */
  justifications: RoundResult['justifications'];
  /** Panel only: pseudonyms drawn who did not vote. */
  misses: string[];
}

/**
 * The published form of a closed round. A RoundResult exists only after its close (the close
 * functions refuse earlier), so nothing here can leak a vote early. Open-mode votes are not
 * listed voter by voter; the tally is the result.
 */
export function publishRound(caseId: string, r: RoundResult): PublishedRound {
  return {
    caseId, round: r.round, mode: r.mode, closedAt: r.closedAt.toISOString(), tally: r.tally, ruling: r.ruling, decidedBy: r.decidedBy,
    justifications: r.mode === 'panel' ? r.justifications : [],
    misses: r.mode === 'panel' ? r.misses : [],
  };
}
