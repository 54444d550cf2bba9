/**
 * Appeals to the jury: a claimant's against a rejection, a challenger's against a dismissal (the
 * case opens, logged as `jury.case`, and its first round starts), the losing side's against a
 * panel's ruling (the next, larger panel), and a verdict recorded from outside (the replay).
 */
import type { Db, Queryable } from '../../db/database.ts';
import { AUTOMATIC_REJECT_CODES } from '../../domain/claim-rules.ts';
import { HuzhuError } from '../../domain/errors.ts';
import { fileAppeal, type AppealSubject } from '../../challenges/challenge-rules.ts';
import { type Vote } from '../../jury/commit-reveal.ts';
import {
appealRound, type PublishedRound, type Side
} from '../../jury/voting.ts';
import { addReview, claimRefById, getClaimByRef, holdOut } from '../../repositories/claims-repo.ts';
import { findChallenge, markChallengeAppealed } from '../../repositories/challenges-repo.ts';
import { lastNotice } from '../../repositories/notices-repo.ts';
import { findEntryByRef, latestPlanRulesEntry } from '../../transparency/store/log-store.ts';
import * as repo from '../../repositories/jury-repo.ts';
import { latestMembershipAt } from '../../repositories/members-repo.ts';
import { getPlanAt } from '../../repositories/plans-repo.ts';
import { logJuryCase } from '../../transparency/entries/jury-entries.ts';
import { once, type Action } from '../idempotent.ts';
import { type CaseSummary, HOUR_MS, type StoredRound, caseIdOf, juryCase, payerKey, personOf, summaryOf } from './jury-facts.ts';
import { startPanelRound, tryFirstDraw } from './panel-draw.ts';
import { finalize, logRound } from './rounds-clock.ts';

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
    const plan = await getPlanAt(tx, c.planId, action.at); // the jury settings in force now (issue 14)
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
    const { personId: appellantPersonId, payerId: appellantPayerId } = await appellantOf(tx, plan.id, input.appellant, parties, challenge, action.at);
    const opening = fileAppeal(plan.rules.decisions.challenges, subject, { memberId: String(appellantPersonId), payerAccountId: payerKey(appellantPayerId, appellantPersonId) }, action.at, tz);

    const mode: repo.CaseMode = input.recorded ? 'recorded' : plan.rules.decisions.jury.mode;
    const record = mode === 'panel' ? (await latestNoticeEntry(tx, plan.id)) ?? (await latestPlanRulesEntry(tx, plan.id)) : undefined;
    if (mode === 'panel' && !record) throw new HuzhuError('INTERNAL', `plan ${plan.id} has no published record in the log to seed a draw`);
    const heldOut = kind === 'challenge-dismissed' && c.status === 'approved' && c.periodId === null;
    if (heldOut) await holdOut(tx, c.id);
    if (challenge) await markChallengeAppealed(tx, challenge.id);
    const id = await repo.insertCase(tx, {
      planId: plan.id, claimId: c.id, kind, challengeId: challenge?.id ?? null, appellantPersonId, appellantPayerId, mode,
      statusQuo: opening.statusQuo, openedAt: action.at, seedLogIndex: record?.index ?? null, heldOut,
    });
    await addReview(tx, { kind: 'jury', claimId: c.id, at: action.at, actor: action.actor, outcome: `appealed:${id}`, findings: `${kind} appeal to the jury (case ${id}, ${mode})` });
    await logJuryCase(tx, {
      plan: plan.id, case: String(id), claim: c.ref, kind, challenge: challenge?.ref ?? null, mode,
      statusQuo: opening.statusQuo, heldOut, seedRecordIndex: record?.index ?? null, at: action.at,
    });
    const k = await repo.getCase(tx, id);
    if (mode === 'open') {
      await repo.insertRound(tx, { caseId: id, round: 0, mode, openedAt: action.at, commitClosesAt: null, closesAt: new Date(action.at.getTime() + plan.rules.decisions.jury.open.durationHours * HOUR_MS), appealedBy: null });
    } else if (mode === 'panel') {
      await tryFirstDraw(tx, plan, k, action.at);
    }
    return summaryOf(tx, id);
  });
}

/** The appellant's person and payer: the one named, else the losing member themselves (the challenger, or the claimant). */
async function appellantOf(
  tx: Queryable, planId: string, appellant: string | undefined, parties: repo.ClaimParties, challenge: { personId: bigint; payerId: bigint } | null, at: Date,
): Promise<{ personId: bigint; payerId: bigint | null }> {
  if (appellant !== undefined) {
    const p = await personOf(tx, appellant);
    const payerId = p.id === parties.claimantPersonId ? parties.claimantPayerId
      : challenge && p.id === challenge.personId ? challenge.payerId
      : (await latestMembershipAt(tx, planId, p.id, at))?.payerId ?? null;
    return { personId: p.id, payerId };
  }
  if (challenge) return { personId: challenge.personId, payerId: challenge.payerId };
  return { personId: parties.claimantPersonId, payerId: parties.claimantPayerId };
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
    const plan = await getPlanAt(tx, k.planId, action.at); // the jury settings in force now (issue 14)
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
    const plan = await getPlanAt(tx, k.planId, action.at); // the jury settings in force now (issue 14)
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
    const logIndex = await logRound(tx, plan.id, k, published, undefined);
    await repo.closeRound(tx, k.id, round, { at: action.at, result: published as unknown as PublishedRound, logIndex, pay: input.votesFor, reject: input.votesAgainst });
    await repo.setCaseMode(tx, k.id, 'recorded');
    await finalize(tx, plan, { ...k, mode: 'recorded' }, { ruling, round, decidedBy: 'recorded', at: action.at, actor: action.actor });
    return summaryOf(tx, k.id);
  });
}

/** The claim a challenge is about (for the challenger's appeal route). */
export async function claimOfChallenge(db: Queryable, challengeRef: string): Promise<{ claim: string; payerId: bigint } | undefined> {
  const h = await findChallenge(db, challengeRef);
  if (!h) return undefined;
  return { claim: await claimRefById(db, h.claimId), payerId: h.payerId };
}

/** The plan's latest published notice entry (by announcement date), if any: the seed record of a first draw. */
async function latestNoticeEntry(tx: Queryable, planId: string): Promise<{ index: number; entry: Uint8Array } | undefined> {
  const notice = await lastNotice(tx, planId);
  return notice && findEntryByRef(tx, `notice.published/${planId}/${notice.announcedOn}`);
}
