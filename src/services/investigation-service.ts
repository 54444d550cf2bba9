/**
 * Investigation: which claims get an on-site investigation (sampling and risk signals), the
 * investigator's report, and the final decision under the four-eyes rule.
 *
 * Every claim is assessed when filed and again whenever evidence is added: the risk signals are
 * recomputed and the sampling decision taken with the plan's secret seed (its commitment is
 * public; the seed is published when the operator rotates it, so anyone can then check which
 * claims the random share drew). A sampled claim is decided only on an investigator's report,
 * and never by the investigator or anyone who recorded findings on it; every decision carries a
 * written reason.
 */
import type { Db, Queryable } from '../db/database.ts';
import { HuzhuError } from '../domain/errors.ts';
import { parseLocalDate } from '../domain/local-date.ts';
import { checkReport, decide, type InvestigationReport, type Recommendation, type ReportDocument } from '../investigation/four-eyes.ts';
import { charCount } from '../domain/text.ts';
import type { RiskSignal } from '../investigation/risk-signals.ts';
import { assertFreshEyes, involvementsOf } from '../domain/four-eyes.ts';
import { addReview, getClaimByRef, reviewsOf, setStatus, textOfDocuments, type Claim } from '../repositories/claims-repo.ts';
import {
  assessmentOf, currentSamplingSeed, evidenceOf, findReport, findingsOf, insertReport, revealSamplingSeed,
} from '../repositories/investigation-repo.ts';
import { knownDocuments } from '../repositories/challenges-repo.ts';
import { getPlan, getPlanAt } from '../repositories/plans-repo.ts';
import { approveClaim, rejectClaim, type ClaimOutcome } from './claims-service.ts';
import { assessClaim, freshSeed } from './claim-assessment.ts';
import { once, type Action } from './idempotent.ts';
import { assertClaimTextClean, type RevealId } from './personal-data-check.ts';

export interface ReportInput {
  claim: string;
  summary: string;
  recommendation: Recommendation;
  documents?: ReportDocument[];
  /** The diagnosis date the hospital reported, if the investigation found it. */
  hospitalDiagnosedOn?: string;
}

/** The investigator's report: findings (recorded before), documents, a summary and a recommendation. Written once. */
export async function submitReport(db: Db, input: ReportInput, action: Action, o: { reveal?: RevealId } = {}): Promise<{ claim: string; recommendation: Recommendation; signals: RiskSignal[] }> {
  const hospital = input.hospitalDiagnosedOn === undefined ? null : parseLocalDate(input.hospitalDiagnosedOn, 'hospitalDiagnosedOn');
  if (input.recommendation !== 'approve' && input.recommendation !== 'reject') {
    throw new HuzhuError('VALIDATION', 'recommendation: "approve" or "reject"', { field: 'recommendation' });
  }
  return once(db, action, { kind: 'claim.reported', subject: `claim:${input.claim}` }, async (tx) => {
    const c = await getClaimByRef(tx, input.claim, true);
    if (c.status !== 'pending' && c.status !== 'investigating') throw new HuzhuError('CONFLICT', `claim: "${c.ref}" is ${c.status}, not under review`, { field: 'claim' });
    if (await findReport(tx, c.id)) throw new HuzhuError('CONFLICT', `claim: "${c.ref}" already has an investigation report`, { field: 'claim' });
    const documents = input.documents ?? [];
    const evidence = new Set(await evidenceOf(tx, c.id));
    documents.forEach((d, i) => {
      if (!evidence.has(d.contentHash)) throw new HuzhuError('VALIDATION', `documents.${i}.contentHash: not one of the claim's evidence documents`, { field: `documents.${i}.contentHash` });
    });
    const redacted = documents.map((d) => d.redactedHash).filter((h): h is string => !!h);
    const known = await knownDocuments(tx, redacted);
    const i = documents.findIndex((d) => d.redactedHash && !known.has(d.redactedHash));
    if (i >= 0) throw new HuzhuError('VALIDATION', `documents.${i}.redactedHash: the redacted copy has not been uploaded`, { field: `documents.${i}.redactedHash` });
    // The summary, the titles and any text copy go to jurors: checked against what is on record.
    const texts = await textOfDocuments(tx, redacted);
    await assertClaimTextClean(tx, c.id, {
      summary: input.summary,
      ...Object.fromEntries(documents.map((d, j) => [`documents.${j}.title`, d.title])),
      ...Object.fromEntries(documents.map((d, j) => [`documents.${j}.redactedHash`, d.redactedHash ? texts.get(d.redactedHash) : undefined])),
    }, o.reveal);
    const report: InvestigationReport = checkReport({
      claimId: c.ref, investigatorId: action.actor, findings: await findingsOf(tx, c.id), documents, recommendation: input.recommendation, summary: input.summary ?? '',
    });
    await insertReport(tx, { claimId: c.id, investigator: action.actor, summary: report.summary.trim(), recommendation: report.recommendation, documents, submittedAt: action.at });
    if (c.status === 'pending') await setStatus(tx, c.id, 'investigating');
    const plan = await getPlan(tx, c.planId);
    const { signals } = await assessClaim(tx, plan, c, action.at, hospital);
    await addReview(tx, { claimId: c.id, at: action.at, actor: action.actor, kind: 'report', outcome: `recommends:${input.recommendation}`, findings: report.summary.trim() });
    return { claim: c.ref, recommendation: input.recommendation, signals };
  });
}

/**
 * The final decision by an operator: on a sampled claim only with a report, never by anyone
 * involved earlier in the claim, in whatever role (FOUR_EYES), always with a written reason that
 * passes the personal-data check (PERSONAL_DATA; it goes into the public log).
 */
export async function decideClaim(db: Db, input: { claim: string; outcome: Recommendation; reason: string }, action: Action, o: { reveal?: RevealId } = {}): Promise<ClaimOutcome> {
  const precheck = async (tx: Queryable, c: Claim) => {
    // Four eyes on everyone involved so far, report or no report (domain/four-eyes.ts).
    assertFreshEyes(involvementsOf(await reviewsOf(tx, c.id)), action.actor, `claim ${c.ref}`);
    // The reason goes into the public log (claim.decision) and to jurors on appeal.
    await assertClaimTextClean(tx, c.id, { reason: input.reason }, o.reveal);
    const plan = await getPlanAt(tx, c.planId, action.at); // the decision settings in force now (issue 14)
    const minChars = plan.rules.decisions.investigation.minDecisionReasonChars;
    const report = await findReport(tx, c.id);
    const { sampling } = await assessmentOf(tx, c.id);
    if (sampling?.sampled && !report) {
      throw new HuzhuError('CONFLICT', `claim: "${c.ref}" was sampled for on-site investigation (${sampling.reasons.map((r) => r.code).join(', ')}); an investigator's report is needed before the decision`, { field: 'claim' });
    }
    if (report) {
      decide({ claimId: c.ref, investigatorId: report.investigator, findings: await findingsOf(tx, c.id), documents: report.documents, recommendation: report.recommendation, summary: report.summary },
        { claimId: c.ref, operatorId: action.actor, outcome: input.outcome, reason: input.reason ?? '' }, minChars);
    } else if (charCount(input.reason ?? '') < minChars) {
      throw new HuzhuError('VALIDATION', `reason: a final decision needs a written reason of at least ${minChars} characters`, { field: 'reason' });
    }
  };
  return input.outcome === 'approve'
    ? approveClaim(db, { claim: input.claim, reason: input.reason }, action, { precheck })
    : rejectClaim(db, { claim: input.claim, reason: input.reason }, action, { precheck });
}

/** Publishes the plan's sampling seed (so every draw made with it can be checked) and starts a new one. */
export async function rotateSamplingSeed(db: Db, plan: string, action: Action): Promise<{ commitment: string }> {
  return once(db, action, { kind: 'sampling.seed-rotated', subject: `plan:${plan}` }, async (tx) => {
    await getPlan(tx, plan);
    await currentSamplingSeed(tx, plan, action.at, freshSeed); // there is always one to reveal
    await revealSamplingSeed(tx, plan, action.at);
    return { commitment: (await currentSamplingSeed(tx, plan, new Date(action.at.getTime() + 1), freshSeed)).commitment };
  });
}
