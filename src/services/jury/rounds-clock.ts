/**
 * The jury's clock and finality: closing rounds whose time has passed (`jury.round`), the final
 * ruling's effect on the claim (`jury.result`, and `claim.decision` when the claim changes), and
 * panels drawn for cases that were waiting for enough jurors.
 */
import type { Db, Queryable } from '../../db/database.ts';
import { automaticCheck } from '../claims-service.ts';
import { effectOfRuling } from '../../challenges/challenge-rules.ts';
import { type Vote } from '../../jury/commit-reveal.ts';
import { caseStatus, closeOpenRound, closePanelRound, publishRound, type OpenRoundState, type RoundResult } from '../../jury/voting.ts';
import { addReview, getClaimByRef, requeueForNotice, setAgeAtDiagnosis, setDecision } from '../../repositories/claims-repo.ts';
import { logJuryResult, logJuryRound } from '../../transparency/entries/jury-entries.ts';
import { logClaimDecision } from '../../transparency/entries/engine-entries.ts';
import * as jurorsRepo from '../../repositories/jurors-repo.ts';
import * as repo from '../../repositories/jury-repo.ts';
import { getPlan, getPlanAt, type Plan } from '../../repositories/plans-repo.ts';
import { once } from '../idempotent.ts';
import { type StoredRound, juryCase } from './jury-facts.ts';
import { tryFirstDraw } from './panel-draw.ts';
import { panelState } from './voting.ts';

/** Closes one round whose time has passed: result, misses, the `jury.round` entry; finalizes the case when nothing more can follow. */
async function closeRoundNow(db: Db, caseId: bigint, round: number, at: Date, actor: string): Promise<boolean> {
  return once(db, { key: `jury.close:${caseId}:${round}`, actor, at }, { kind: 'jury.round-closed', subject: `jury-case:${caseId}` }, async (tx) => {
    const k = await repo.getCase(tx, caseId, true);
    const r = await repo.lockRound(tx, caseId, round);
    if (!r || r.closedAt !== null || r.closesAt.getTime() > at.getTime()) return false;
    const plan = await getPlanAt(tx, k.planId, at);
    const s = plan.rules.decisions.jury;
    let result: RoundResult;
    if (r.mode === 'open') {
      const votes = (await repo.votesOfRound(tx, caseId, round)).filter((v) => v.vote !== null).map((v) => ({ juror: v.pseudonym, vote: v.vote! }));
      const state: OpenRoundState = { caseId: String(caseId), opensAt: r.openedAt, plannedClosesAt: r.plannedClosesAt, closesAt: r.closesAt, tally: { pay: r.pay, reject: r.reject, valid: r.pay + r.reject } };
      result = closeOpenRound(state, s, k.statusQuo, at, votes);
    } else {
      result = closePanelRound(await panelState(tx, k, r), k.statusQuo, at);
      await jurorsRepo.addMisses(tx, plan.id, result.misses);
    }
    const published = publishRound(String(caseId), result);
    const draw = (await repo.drawsOf(tx, caseId)).find((d) => d.round === round);
    const logIndex = await logRound(tx, plan.id, k, published, draw);
    await repo.closeRound(tx, caseId, round, { at, result: published, logIndex, pay: result.tally.pay, reject: result.tally.reject });
    if (k.status === 'open') {
      const { jc } = await juryCase(tx, k);
      const st = caseStatus(jc, s, at);
      if (st.final) await finalize(tx, plan, k, { ruling: st.ruling, round: st.round, decidedBy: published.decidedBy, at: result.closedAt, actor });
    }
    return true;
  });
}

/** The `jury.round` entry of a closed round (with its draw, in panel mode). */
export async function logRound(tx: Queryable, plan: string, k: repo.JuryCaseRow, p: StoredRound, draw: repo.DrawRow | undefined): Promise<number> {
  return logJuryRound(tx, {
    plan, case: String(k.id), claim: k.claimRef, mode: p.mode, round: p.round, closedAt: p.closedAt, draw, tally: p.tally, ruling: p.ruling,
    decidedBy: p.decidedBy, justifications: p.justifications, misses: p.misses.length,
  });
}

/**
 * The case's final ruling and its effect on the claim (challenge-rules.ts effectOfRuling), the
 * coherence records, and the `jury.result` entry, in the caller's transaction.
 */
export async function finalize(tx: Queryable, plan: Plan, k: repo.JuryCaseRow, f: { ruling: Vote; round: number | null; decidedBy: string; at: Date; actor: string }): Promise<void> {
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
      await logClaimDecision(tx, await getClaimByRef(tx, c.ref));
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
      await logClaimDecision(tx, await getClaimByRef(tx, c.ref));
      effect = 'rejected';
    }
  } else if (k.heldOut && c.status === 'challenged' && c.periodId === null) {
    await requeueForNotice(tx, c.id, { juryRuled: true });
    effect = 'released';
  } else {
    effect = 'unchanged';
  }
  await jurorsRepo.addCoherence(tx, k.id, f.ruling);
  await addReview(tx, { kind: 'jury', claimId: c.id, at: f.at, actor: 'jury', outcome: `ruled:${f.ruling}`, findings: `${reasonText} (${f.decidedBy}); effect on the claim: ${effect}` });
  const rounds = await repo.roundsOf(tx, k.id);
  const last = rounds.find((r) => r.round === f.round) ?? rounds[rounds.length - 1];
  const draws = await repo.drawsOf(tx, k.id);
  const draw = draws.find((d) => d.round === last?.round);
  const tally = (last?.result as StoredRound | null)?.tally ?? { pay: 0, reject: 0, valid: 0 };
  const challenge = k.challengeId === null ? null : await repo.challengeById(tx, k.challengeId);
  const logIndex = await logJuryResult(tx, {
    plan: plan.id, claim: k.claimRef, challenge: challenge?.ref ?? '', at: f.at,
    drawSeed: draw?.seed ?? '', jurors: draw ? draw.size : tally.valid, tallies: { pay: tally.pay, reject: tally.reject }, outcome: effect,
    case: String(k.id), kind: k.kind, mode: last?.mode ?? k.mode, round: last?.round ?? null, rounds: rounds.length,
    seedRecord: draw?.seedRecord ?? null, jurorListDigest: draw?.jurorListDigest ?? null, ruling: f.ruling, decidedBy: f.decidedBy,
  });
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
    const plan = await getPlanAt(tx, k.planId, at);
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
      return tryFirstDraw(tx, await getPlanAt(tx, k.planId, at), k, at);
    });
    if (ok) drawn++;
  }
  return { closed, finalized, drawn };
}
