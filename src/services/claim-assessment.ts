/**
 * The assessment of a claim for investigation: its risk signals and the sampling decision
 * (investigation/risk-signals.ts, investigation/sampling.ts), taken when the claim is filed and
 * again whenever evidence is added or the investigator reports the hospital's diagnosis date.
 */
import { randomBytes } from 'node:crypto';
import type { Queryable } from '../db/database.ts';
import { payoutFor } from '../domain/claim-rules.ts';
import { ageOn, localDateOf, type LocalDate } from '../domain/local-date.ts';
import { riskSignals, type RiskSignal } from '../investigation/risk-signals.ts';
import { sampleForInvestigation, samplingSeedCommitment } from '../investigation/sampling.ts';
import { addReview, setAssessment, type Claim } from '../repositories/claims-repo.ts';
import { assessmentOf, claimsOfSamePayer, claimsSharingEvidence, currentSamplingSeed, evidenceOf } from '../repositories/investigation-repo.ts';
import { getMembership } from '../repositories/members-repo.ts';
import { getPlanAt, type Plan } from '../repositories/plans-repo.ts';

export const freshSeed = (): { seed: string; commitment: string } => {
  const seed = randomBytes(32).toString('hex');
  return { seed, commitment: samplingSeedCommitment(seed) };
};

/**
 * Recomputes the claim's risk signals and sampling decision inside the caller's transaction.
 * Sampling only ever adds: a claim once sampled stays sampled (new evidence cannot take it out).
 */
export async function assessClaim(tx: Queryable, base: Plan, c: Claim, at: Date, hospitalDiagnosedOn: LocalDate | null = null): Promise<{ sampled: boolean; signals: RiskSignal[] }> {
  if (c.membershipId === null) return { sampled: false, signals: [] };
  const plan = await getPlanAt(tx, base.id, at); // the investigation settings in force at the assessment (issue 14)
  const m = await getMembership(tx, c.membershipId);
  const tz = plan.rules.timeZone;
  const settings = plan.rules.decisions.investigation;
  const signals = riskSignals(settings.riskSignals, {
    claimId: c.ref, filedOn: localDateOf(c.filedAt, tz), diagnosedOn: c.diagnosedOn, cause: c.cause, joinedOn: m.joinedOn, waitingEndsOn: m.waitingEndsOn,
    evidenceHashes: await evidenceOf(tx, c.id), otherClaimsEvidence: await claimsSharingEvidence(tx, c.id),
    payerClaims: await claimsOfSamePayer(tx, c.id, tz), hospitalDiagnosedOn,
  });
  const previous = await assessmentOf(tx, c.id);
  // A signal found once (the hospital's date) stays on record even when later facts do not repeat it.
  const kept = previous.signals.filter((p) => !signals.some((s) => s.code === p.code)) as RiskSignal[];
  const all = [...signals, ...kept];
  const { seed } = await currentSamplingSeed(tx, plan.id, at, freshSeed);
  const payout = c.payoutFen ?? expectedPayout(plan, c, m.birthDate);
  const decision = sampleForInvestigation(settings.sampling, seed, { claimId: c.ref, payoutFen: payout, signals: all });
  const sampled = decision.sampled || previous.sampling?.sampled === true;
  await setAssessment(tx, c.id, { ...decision, sampled }, all);
  if (sampled && previous.sampling?.sampled !== true) {
    await addReview(tx, { claimId: c.id, at, actor: 'system', kind: 'sampling', outcome: 'sampled', findings: decision.reasons.map((r) => r.text).join('; ') });
  }
  return { sampled, signals: all };
}

/** The payout the claim would earn, before a decision sets it: the rules' own payout by age at diagnosis. */
function expectedPayout(plan: Plan, c: Claim, birthDate: LocalDate): bigint {
  return payoutFor(plan.rules, c.severity, c.ageAtDiagnosis ?? ageOn(birthDate, c.diagnosedOn)) ?? 0n;
}

