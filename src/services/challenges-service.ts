/**
 * Challenges during the public notice: any active member may challenge an announced claim with a
 * reason and evidence. A challenge under review holds the claim out of the coming charge (the
 * share is computed from the claims still in the notice); a dismissed challenge sends the claim
 * to the next announcement; an upheld one rejects it. The rules are in challenges/challenge-rules.ts.
 */
import { sha256Hex } from '../domain/sha256.ts';
import type { Db } from '../db/database.ts';
import { HuzhuError } from '../domain/errors.ts';
import {
  claimAfterChallenges, fileChallenge as challengeRule, resolveChallenge as resolveRule, type AnnouncedClaim, type Challenge,
} from '../challenges/challenge-rules.ts';
import {
  addReview, claimRefById, getClaimByRef, holdOut, requeueForNotice, reviewsOf, setDecision, storeDocument, type Claim,
} from '../repositories/claims-repo.ts';
import { assertFreshEyes, involvementsOf } from '../domain/four-eyes.ts';
import {
  challengesOfClaim, getChallenge, insertChallenge, knownDocuments, setChallengeDecision, findChallenge, type ChallengeRow,
} from '../repositories/challenges-repo.ts';
import { findPersonId, getMembership, latestMembershipAt, personRefById } from '../repositories/members-repo.ts';
import { findNotice } from '../repositories/notices-repo.ts';
import { getPlan, getPlanAt } from '../repositories/plans-repo.ts';
import type { Queryable } from '../db/database.ts';
import { logClaimChallenge, logClaimDecision } from '../transparency/entries/engine-entries.ts'; // transparency log (issue 4)
import type { EvidenceDocument } from './claims-service.ts';
import { once, type Action } from './idempotent.ts';
import { assertClaimTextClean, type RevealId } from './personal-data-check.ts';

export interface FileChallengeInput {
  challenge: string;
  claim: string;
  /** The challenger (a person ref). */
  person: string;
  reason: string;
  documents?: EvidenceDocument[];
  /** Hashes of documents already stored (uploaded earlier). */
  evidence?: string[];
}

export interface ChallengeOutcome {
  challenge: string;
  claim: string;
  status: Challenge['status'];
  claimStatus: Claim['status'];
}

/** The claim as the challenge rules see it. */
async function announcedClaim(tx: Queryable, c: Claim): Promise<AnnouncedClaim & { planTimeZone: string }> {
  const plan = await getPlan(tx, c.planId);
  if (c.noticedOn === null || c.periodId !== null) {
    throw new HuzhuError('CONFLICT', `claim: "${c.ref}" is not under public notice${c.periodId !== null ? ' (it has been shared)' : ' (it waits for the next announcement)'}`, { field: 'claim' });
  }
  const notice = await findNotice(tx, c.planId, c.noticedOn);
  if (!notice) throw new HuzhuError('INTERNAL', `claim ${c.ref} names notice ${c.noticedOn}, which does not exist`);
  const m = c.membershipId === null ? null : await getMembership(tx, c.membershipId);
  const person = await personRefById(tx, c.personId);
  return {
    claimId: c.ref, status: c.status, claimant: { memberId: person, payerAccountId: String(m?.payerId ?? '') },
    approvedBy: c.decidedBy ?? '', announcedOn: notice.announcedOn, chargedOn: notice.chargedOn, juryRuled: c.juryRuled,
    planTimeZone: plan.rules.timeZone,
  };
}

const toOutcome = (h: Pick<ChallengeRow, 'ref' | 'status'>, c: Pick<Claim, 'ref' | 'status'>): ChallengeOutcome =>
  ({ challenge: h.ref, claim: c.ref, status: h.status, claimStatus: c.status });

/**
 * `recorded`: the challenge was made elsewhere and is only being recorded (a replay scenario),
 * so its evidence and the length of its reason are not checked; every other rule applies.
 */
export interface RecordedOption {
  recorded?: boolean;
  /** Decrypts an ID number on record, so the personal-data check knows it (the server's vault). */
  reveal?: RevealId;
}

export async function fileChallenge(db: Db, input: FileChallengeInput, action: Action, o: RecordedOption = {}): Promise<ChallengeOutcome> {
  if (typeof input.challenge !== 'string' || !input.challenge) throw new HuzhuError('VALIDATION', 'challenge: required', { field: 'challenge' });
  if (typeof input.reason !== 'string') throw new HuzhuError('VALIDATION', 'reason: required', { field: 'reason' });
  return once(db, action, { kind: 'challenge.filed', subject: `claim:${input.claim}` }, async (tx) => {
    if (await findChallenge(tx, input.challenge)) throw new HuzhuError('CONFLICT', `challenge: "${input.challenge}" already exists`, { field: 'challenge' });
    const c = await getClaimByRef(tx, input.claim, true);
    const claim = await announcedClaim(tx, c);
    const plan = await getPlanAt(tx, c.planId, action.at);
    const personId = await findPersonId(tx, input.person);
    if (personId === undefined) throw new HuzhuError('NOT_ENTITLED', 'only an active member may file a challenge', { field: 'person' });
    const m = await latestMembershipAt(tx, c.planId, personId, action.at);
    const active = m !== undefined && m.status === 'active';
    const documents = (input.documents ?? []).map((d) => ({ ...d, sha256: sha256Hex(d.content) }));
    const given = (input.evidence ?? []).map((h) => h.trim().toLowerCase());
    const known = await knownDocuments(tx, given);
    const missing = given.find((h) => !known.has(h));
    if (missing) throw new HuzhuError('VALIDATION', `evidence: document ${missing} has not been uploaded`, { field: 'evidence' });
    // The member's reason is shown to jurors if the challenge goes to the jury.
    await assertClaimTextClean(tx, c.id, { reason: input.reason }, o.reveal);
    const earlier = await challengesOfClaim(tx, c.id);
    const settings = o.recorded ? { ...plan.rules.decisions.challenges, minEvidence: 0, minReasonChars: 1 } : plan.rules.decisions.challenges;
    const challenge = challengeRule(settings, {
      id: input.challenge, claim, challenger: { memberId: input.person, payerAccountId: String(m?.payerId ?? ''), active },
      reason: input.reason, evidenceHashes: [...documents.map((d) => d.sha256), ...given], at: action.at, timeZone: plan.rules.timeZone,
      dismissedEvidence: earlier.filter((e) => e.status !== 'under-review' && e.status !== 'upheld').flatMap((e) => e.evidence),
    });
    for (const d of documents) await storeDocument(tx, { sha256: d.sha256, mediaType: d.mediaType, content: d.content, at: action.at });
    const names = new Map([...given.map((h) => [h, 'evidence'] as const), ...documents.map((d) => [d.sha256, d.name] as const)]);
    await insertChallenge(tx, {
      ref: challenge.id, claimId: c.id, personId, payerId: m!.payerId, noticedOn: claim.announcedOn, reason: challenge.reason, filedAt: action.at,
      evidence: challenge.evidenceHashes.map((h) => ({ sha256: h, name: names.get(h) ?? 'evidence' })),
    });
    await holdOut(tx, c.id);
    await addReview(tx, { claimId: c.id, at: action.at, actor: action.actor, kind: 'challenge', outcome: `filed:${challenge.id}` });
    await logClaimChallenge(tx, {
      plan: c.planId, claim: c.ref, challenge: challenge.id, at: action.at, status: 'under-review', evidence: challenge.evidenceHashes.length, decisionReason: null,
    });
    return toOutcome({ ref: challenge.id, status: 'under-review' }, { ref: c.ref, status: 'challenged' });
  });
}

/**
 * An operator decides a challenge: `upheld` (the challenge succeeds, the claim is rejected) or
 * `dismissed` (the claim goes into the next announcement). Nobody involved earlier in the claim
 * (finding, report, approval, a challenge filed or decided) may judge it (FOUR_EYES).
 */
export async function decideChallenge(db: Db, input: { challenge: string; upheld: boolean; reason: string }, action: Action, o: RecordedOption = {}): Promise<ChallengeOutcome> {
  if (typeof input.reason !== 'string') throw new HuzhuError('VALIDATION', 'reason: required', { field: 'reason' });
  return once(db, action, { kind: 'challenge.decided', subject: `challenge:${input.challenge}` }, async (tx) => {
    const h = await getChallenge(tx, input.challenge, true);
    const claim = await getClaimByRef(tx, await claimRefById(tx, h.claimId), true);
    const plan = await getPlanAt(tx, claim.planId, action.at);
    // Four eyes on everyone involved so far (domain/four-eyes.ts). A recorded decision was taken
    // elsewhere by people this database does not know; only the approver rule below applies.
    if (!o.recorded) assertFreshEyes(involvementsOf(await reviewsOf(tx, claim.id)), action.actor, `challenge ${h.ref}`);
    // The reason goes into the public log and, if appealed, to jurors.
    await assertClaimTextClean(tx, claim.id, { reason: input.reason }, o.reveal);
    // Judging needs only who approved the claim (four eyes); the notice may already be over.
    const rulesClaim: AnnouncedClaim = {
      claimId: claim.ref, status: claim.status, claimant: { memberId: '', payerAccountId: '' }, approvedBy: claim.decidedBy ?? '',
      announcedOn: h.noticedOn, chargedOn: h.noticedOn, juryRuled: claim.juryRuled,
    };
    const decided = resolveRule(
      { id: h.ref, claimId: claim.ref, challenger: { memberId: h.personRef, payerAccountId: String(h.payerId) }, reason: h.reason, evidenceHashes: h.evidence, filedAt: h.filedAt, status: h.status, decision: null },
      rulesClaim, { outcome: input.upheld ? 'upheld' : 'dismissed', by: action.actor, reason: input.reason, at: action.at },
      o.recorded ? 1 : plan.rules.decisions.challenges.minReasonChars,
    );
    await setChallengeDecision(tx, h.id, { status: decided.status, by: action.actor, reason: decided.decision!.reason, at: action.at });
    const all = (await challengesOfClaim(tx, claim.id)).map((x) => (x.id === h.id ? { status: decided.status } : x));
    const after = claimAfterChallenges(all);
    let claimStatus = claim.status;
    if (after.status === 'rejected' && claim.status !== 'rejected') {
      await setDecision(tx, claim.id, { status: 'rejected', payoutFen: null, rejectCode: 'CHALLENGE_UPHELD', reason: decided.decision!.reason, at: action.at, actor: action.actor });
      await logClaimDecision(tx, await getClaimByRef(tx, claim.ref));
      claimStatus = 'rejected';
    } else if (after.status === 'approved' && claim.status === 'challenged') {
      await requeueForNotice(tx, claim.id, { juryRuled: false });
      claimStatus = 'approved';
    }
    await addReview(tx, { claimId: claim.id, at: action.at, actor: action.actor, kind: 'challenge', outcome: `${decided.status}:${h.ref}`, findings: decided.decision!.reason });
    await logClaimChallenge(tx, {
      plan: claim.planId, claim: claim.ref, challenge: h.ref, at: action.at, status: decided.status, evidence: h.evidence.length, decisionReason: decided.decision!.reason,
    });
    return toOutcome({ ref: h.ref, status: decided.status }, { ref: claim.ref, status: claimStatus });
  });
}
