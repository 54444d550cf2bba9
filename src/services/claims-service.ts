/**
 * Claims: filing (with the automatic checks), investigation, and the decision. The automatic
 * checks run again at approval: an operator's approval never overrides them.
 */
import { sha256Hex } from '../domain/sha256.ts';
import type { Db, Queryable } from '../db/database.ts';
import { canTransition, checkClaim, type Cause, type ClaimCheck, type ClaimStatus, type Severity } from '../domain/claim-rules.ts';
import { HuzhuError } from '../domain/errors.ts';
import { compareDates, localDateOf, parseLocalDate, startOfDay, type LocalDate } from '../domain/local-date.ts';
import type { Plan } from '../repositories/plans-repo.ts';
import { getPlan, getPlanAt } from '../repositories/plans-repo.ts';
import { findPersonId, getMembership, latestMembershipAt } from '../repositories/members-repo.ts';
import {
  addReview, attachDocument, findClaimByRef, setAgeAtDiagnosis, getClaimByRef, insertClaim, otherPayouts, setDecision, setStatus, storeDocument, type Claim,
} from '../repositories/claims-repo.ts';
import { isInSharingRun } from '../repositories/sharing-runs-repo.ts';
import { findWindDownOfPlan } from '../repositories/wind-downs-repo.ts';
import { claimAdmissibility, countsAsMember, rulesInstantForClaim } from '../domain/wind-down.ts';
import { once, type Action } from './idempotent.ts';
import { assessClaim } from './claim-assessment.ts';
import { logClaimDecision } from '../transparency/entries/engine-entries.ts'; // transparency log (issue 4)

export interface EvidenceDocument {
  name: string;
  mediaType: string;
  content: Uint8Array;
}

export interface FileClaimInput {
  plan: string;
  claim: string;
  person: string;
  diagnosedOn: string;
  severity: string;
  cause: string;
  diseaseCode?: string;
  documents?: EvidenceDocument[];
}

export interface ClaimOutcome {
  claim: string;
  status: ClaimStatus;
  payoutFen: bigint | null;
  code: string | null;
  reason: string | null;
}

const outcome = (c: { ref: string; status: ClaimStatus; payoutFen: bigint | null; rejectCode: string | null; reason: string | null }): ClaimOutcome =>
  ({ claim: c.ref, status: c.status, payoutFen: c.payoutFen, code: c.rejectCode, reason: c.reason });

function parseSeverity(v: unknown): Severity {
  if (v === 'severe' || v === 'mild') return v;
  throw new HuzhuError('VALIDATION', 'severity: "severe" or "mild"', { field: 'severity' });
}

function parseCause(v: unknown): Cause {
  if (v === 'illness' || v === 'accident') return v;
  throw new HuzhuError('VALIDATION', 'cause: "illness" or "accident"', { field: 'cause' });
}

/** Runs the automatic checks against the current facts of a claim (also when the jury orders a rejected claim paid). */
export async function automaticCheck(
  tx: Queryable, plan: Plan, claimId: bigint | null, c: Pick<Claim, 'membershipId' | 'filedAt' | 'diagnosedOn' | 'severity' | 'cause'>,
): Promise<ClaimCheck> {
  if (c.membershipId === null) return { ok: false, code: 'NOT_A_MEMBER', reason: 'no membership in this plan when the claim was filed' };
  const m = await getMembership(tx, c.membershipId);
  const diagnosisAt = startOfDay(c.diagnosedOn, plan.rules.timeZone);
  const activeThen = m.joinedAt <= c.filedAt && (m.endedAt === null || m.endedAt > c.filedAt);
  // A claim filed in a wind-down (issue 13): its cut-off and window first; a membership the wind-down closed still counts.
  const w = await findWindDownOfPlan(tx, plan.id);
  const windingDown = w !== undefined && w.startedAt !== null && c.filedAt >= w.startedAt;
  if (windingDown) {
    const refused = claimAdmissibility(w.terms, plan.rules.timeZone, c);
    if (refused) return { ok: false, ...refused };
  }
  // The rules in force on the diagnosis date (issue 14: a passed change applies to claims diagnosed on or after its date),
  // in a wind-down never later than its start: claims are decided under the rules as they stood at A.
  const rulesAt = windingDown ? rulesInstantForClaim(w.startedAt, diagnosisAt) : diagnosisAt;
  const rules = (await getPlanAt(tx, plan.id, rulesAt)).rules;
  const activeWhenFiled = windingDown ? countsAsMember({ status: m.status, endedAt: m.endedAt, activeWhenFiled: activeThen }, diagnosisAt) : activeThen;
  return checkClaim(rules, {
    diagnosedOn: c.diagnosedOn, severity: c.severity, cause: c.cause, birthDate: m.birthDate, joinedOn: m.joinedOn,
    waitingEndsOn: m.waitingEndsOn, activeWhenFiled, otherPayouts: await otherPayouts(tx, m.id, claimId),
  });
}

/**
 * precheck: run inside the filing's transaction once the person is known, before anything is
 * written; a throw rolls the filing back (the member API's duplicate check, member-claims.ts).
 */
export interface FileOptions {
  precheck?: (tx: Queryable, c: { planId: string; personId: bigint; diagnosedOn: LocalDate; severity: Severity; cause: Cause; diseaseCode: string }) => Promise<void>;
}

export async function fileClaim(db: Db, input: FileClaimInput, action: Action, o: FileOptions = {}): Promise<ClaimOutcome> {
  if (typeof input.claim !== 'string' || !input.claim) throw new HuzhuError('VALIDATION', 'claim: required', { field: 'claim' });
  const diagnosedOn = parseLocalDate(input.diagnosedOn, 'diagnosedOn');
  const severity = parseSeverity(input.severity);
  const cause = parseCause(input.cause);
  return once(db, action, { kind: 'claim.filed', subject: `claim:${input.claim}` }, async (tx) => {
    const plan = await getPlan(tx, input.plan);
    if (await findClaimByRef(tx, input.claim)) throw new HuzhuError('CONFLICT', `claim: "${input.claim}" already exists`, { field: 'claim' });
    const personId = await findPersonId(tx, input.person);
    // Never echo the ref: over the API it is the keyed hash of the person's ID number.
    if (personId === undefined) throw new HuzhuError('NOT_FOUND', 'member: not known (this person has never joined a plan)', { field: 'member' });
    const filedOn = localDateOf(action.at, plan.rules.timeZone);
    if (compareDates(diagnosedOn, filedOn) > 0) {
      throw new HuzhuError('VALIDATION', `diagnosedOn: ${diagnosedOn} is after the filing date ${filedOn}`, { field: 'diagnosedOn' });
    }
    await o.precheck?.(tx, { planId: plan.id, personId, diagnosedOn, severity, cause, diseaseCode: input.diseaseCode ?? '' });
    const membership = await latestMembershipAt(tx, plan.id, personId, action.at);
    const check = await automaticCheck(tx, plan, null, { membershipId: membership?.id ?? null, filedAt: action.at, diagnosedOn, severity, cause });
    const id = await insertClaim(tx, {
      ref: input.claim, planId: plan.id, personId, membershipId: membership?.id ?? null, filedAt: action.at, diagnosedOn, severity, cause,
      diseaseCode: input.diseaseCode ?? '', ageAtDiagnosis: check.ok ? check.ageAtDiagnosis : null,
    });
    for (const d of input.documents ?? []) {
      const sha256 = sha256Hex(d.content);
      await storeDocument(tx, { sha256, mediaType: d.mediaType, content: d.content, at: action.at });
      await attachDocument(tx, id, sha256, d.name);
    }
    await addReview(tx, { claimId: id, at: action.at, actor: 'system', kind: 'automatic-check', outcome: check.ok ? 'passed' : check.code, findings: check.ok ? '' : check.reason });
    if (!check.ok) {
      await setDecision(tx, id, { status: 'rejected', payoutFen: null, rejectCode: check.code, reason: check.reason, at: action.at, actor: 'system' });
      await logClaimDecision(tx, await getClaimByRef(tx, input.claim)); // transparency log (issue 4)
      return outcome({ ref: input.claim, status: 'rejected', payoutFen: null, rejectCode: check.code, reason: check.reason });
    }
    await assessClaim(tx, plan, await getClaimByRef(tx, input.claim), action.at); // risk signals and sampling for investigation
    return outcome({ ref: input.claim, status: 'pending', payoutFen: null, rejectCode: null, reason: null });
  });
}

/** An investigator's findings (on-site investigation, medical records); moves a pending claim to investigating. */
export async function recordFindings(db: Db, input: { claim: string; findings: string }, action: Action): Promise<ClaimOutcome> {
  if (typeof input.findings !== 'string' || !input.findings.trim()) throw new HuzhuError('VALIDATION', 'findings: required', { field: 'findings' });
  return once(db, action, { kind: 'claim.investigated', subject: `claim:${input.claim}` }, async (tx) => {
    const c = await getClaimByRef(tx, input.claim, true);
    if (c.status === 'pending') await setStatus(tx, c.id, 'investigating');
    else if (c.status !== 'investigating') throw new HuzhuError('CONFLICT', `claim: "${c.ref}" is ${c.status}, not under review`, { field: 'claim' });
    await addReview(tx, { claimId: c.id, at: action.at, actor: action.actor, kind: 'investigation', outcome: 'findings', findings: input.findings });
    return outcome({ ...c, status: 'investigating' });
  });
}

/**
 * A check run inside the decision's transaction before anything is written: the API's decisions
 * go through investigation-service.ts decideClaim, which adds the sampling, report and four-eyes
 * rules. Without one, the decision is recorded as given (a replay or simulation records
 * decisions taken elsewhere); the automatic checks apply either way.
 */
export interface DecisionOptions {
  precheck?: (tx: Queryable, claim: Claim) => Promise<void>;
}

export async function approveClaim(db: Db, input: { claim: string; reason?: string }, action: Action, o: DecisionOptions = {}): Promise<ClaimOutcome> {
  return once(db, action, { kind: 'claim.decided', subject: `claim:${input.claim}` }, async (tx) => {
    const c = await getClaimByRef(tx, input.claim, true);
    if (!canTransition(c.status, 'approved') || c.status === 'challenged') {
      throw new HuzhuError('CONFLICT', `claim: "${c.ref}" is ${c.status} and cannot be approved`, { field: 'claim' });
    }
    await o.precheck?.(tx, c);
    const plan = await getPlan(tx, c.planId);
    const check = await automaticCheck(tx, plan, c.id, c);
    if (!check.ok) {
      // The automatic checks still hold at approval: the claim is rejected with their code.
      await setDecision(tx, c.id, { status: 'rejected', payoutFen: null, rejectCode: check.code, reason: check.reason, at: action.at, actor: action.actor });
      await addReview(tx, { claimId: c.id, at: action.at, actor: action.actor, kind: 'decision', outcome: `rejected:${check.code}`, findings: check.reason });
      await logClaimDecision(tx, await getClaimByRef(tx, c.ref)); // transparency log (issue 4)
      return outcome({ ref: c.ref, status: 'rejected', payoutFen: null, rejectCode: check.code, reason: check.reason });
    }
    const reason = input.reason ?? 'approved after review';
    await setDecision(tx, c.id, { status: 'approved', payoutFen: check.payoutFen, rejectCode: null, reason, at: action.at, actor: action.actor });
    await setAgeAtDiagnosis(tx, c.id, check.ageAtDiagnosis);
    await addReview(tx, { claimId: c.id, at: action.at, actor: action.actor, kind: 'decision', outcome: 'approved', findings: reason });
    await logClaimDecision(tx, await getClaimByRef(tx, c.ref)); // transparency log (issue 4)
    return outcome({ ref: c.ref, status: 'approved', payoutFen: check.payoutFen, rejectCode: null, reason });
  });
}

export async function rejectClaim(db: Db, input: { claim: string; reason: string }, action: Action, o: DecisionOptions = {}): Promise<ClaimOutcome> {
  if (typeof input.reason !== 'string' || !input.reason.trim()) throw new HuzhuError('VALIDATION', 'reason: a rejection needs a written reason', { field: 'reason' });
  return once(db, action, { kind: 'claim.decided', subject: `claim:${input.claim}` }, async (tx) => {
    const c = await getClaimByRef(tx, input.claim, true);
    const inRun = await isInSharingRun(tx, c.id);
    if (!canTransition(c.status, 'rejected') || c.periodId !== null || inRun) {
      throw new HuzhuError('CONFLICT', `claim: "${c.ref}" is ${c.status}${c.periodId !== null ? ' and announced' : ''} and cannot be rejected`, { field: 'claim' });
    }
    await o.precheck?.(tx, c);
    await setDecision(tx, c.id, { status: 'rejected', payoutFen: null, rejectCode: 'OPERATOR', reason: input.reason, at: action.at, actor: action.actor });
    await addReview(tx, { claimId: c.id, at: action.at, actor: action.actor, kind: 'decision', outcome: 'rejected', findings: input.reason });
    await logClaimDecision(tx, await getClaimByRef(tx, c.ref)); // transparency log (issue 4)
    return outcome({ ref: c.ref, status: 'rejected', payoutFen: null, rejectCode: 'OPERATOR', reason: input.reason });
  });
}
