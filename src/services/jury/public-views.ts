/**
 * What everyone sees: a case's rounds and results once published, everything needed to recompute
 * a draw (the juror list page by page), and a juror's public record under their pseudonym.
 */
import type { Queryable } from '../../db/database.ts';
import { HuzhuError } from '../../domain/errors.ts';
import { type Vote } from '../../jury/commit-reveal.ts';
import { caseStatus, coherencePercent, type CaseStatus, type Side } from '../../jury/voting.ts';
import * as jurorsRepo from '../../repositories/jurors-repo.ts';
import { refAt } from '../../transparency/store/log-store.ts';
import * as repo from '../../repositories/jury-repo.ts';
import { getPlan } from '../../repositories/plans-repo.ts';
import { type StoredRound, caseIdOf, juryCase } from './jury-facts.ts';

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
  const ref = await refAt(db, d.seedLogIndex);
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
  const rows = await jurorsRepo.jurorListPage(db, k.planId, Number(d.seedLogIndex), o.after, o.limit);
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
  const j = /^[0-9a-f]{64}$/.test(pseudonym) ? await jurorsRepo.jurorByPseudonym(db, pseudonym) : undefined;
  if (!j) throw new HuzhuError('NOT_FOUND', `juror "${pseudonym}" does not exist`, { field: 'pseudonym' });
  const coherence = { votes: j.coherenceVotes, matched: j.coherenceMatched };
  return { pseudonym: j.pseudonym, plan: j.planId, since: j.createdAt.toISOString(), misses: j.misses, coherence: { ...coherence, percent: coherencePercent(coherence) } };
}

