/**
 * The investigator's report and the four-eyes rule for the final decision.
 *
 * Why four eyes: the person who gathered the evidence has formed a view while gathering it; a
 * second operator who reads the report cold catches a one-sided report, and no single person can
 * approve (or sink) a claim alone. Why a written reason, always: it is what the claimant reads,
 * what a challenger argues against, and what the jury weighs; "rejected" alone is none of these.
 */
import { HuzhuError } from '../domain/errors.ts';
import { charCount } from '../domain/text.ts';
import { assertFreshEyes, type EarlierStep } from '../domain/four-eyes.ts';

export type Recommendation = 'approve' | 'reject';

export interface Finding {
  /** The operator (or investigator) who recorded this finding. */
  recordedBy: string;
  text: string;
}

export interface ReportDocument {
  id: string;
  title: string;
  /** Hex SHA-256 of the original document (may hold personal data; never shown to jurors). */
  contentHash: string;
  /** The investigator marks a document for jurors only with a redacted copy to show them. */
  forJurors: boolean;
  /** Hex SHA-256 of the redacted copy; required when forJurors. */
  redactedHash: string | null;
}

export interface InvestigationReport {
  claimId: string;
  investigatorId: string;
  findings: readonly Finding[];
  documents: readonly ReportDocument[];
  recommendation: Recommendation;
  /** A summary written for the decision maker and, redacted, for jurors. */
  summary: string;
}

export interface FinalDecision {
  claimId: string;
  operatorId: string;
  outcome: Recommendation;
  reason: string;
}

export interface DecisionRecord extends FinalDecision {
  /** Did the decision follow the investigator's recommendation? Published, so overrides are visible. */
  followedRecommendation: boolean;
}

/** A report is complete: an investigator, at least one finding, a summary, and juror documents redacted. */
export function checkReport(report: InvestigationReport): InvestigationReport {
  if (report.investigatorId.trim() === '') throw new HuzhuError('VALIDATION', 'report.investigatorId: required', { field: 'report.investigatorId' });
  if (report.findings.length === 0) throw new HuzhuError('VALIDATION', 'report.findings: a report needs at least one finding', { field: 'report.findings' });
  report.findings.forEach((f, i) => {
    if (f.recordedBy.trim() === '' || f.text.trim() === '') {
      throw new HuzhuError('VALIDATION', `report.findings.${i}: a finding needs its author and its text`, { field: `report.findings.${i}` });
    }
  });
  if (report.summary.trim() === '') throw new HuzhuError('VALIDATION', 'report.summary: required', { field: 'report.summary' });
  report.documents.forEach((d, i) => {
    if (d.forJurors && (d.redactedHash === null || d.redactedHash === '')) {
      throw new HuzhuError('VALIDATION', `report.documents.${i}: a document marked for jurors needs its redacted copy`, { field: `report.documents.${i}.redactedHash` });
    }
  });
  return report;
}

/** Everyone whose eyes are already on the report: the investigator and every finding's author. */
export function reportAuthors(report: InvestigationReport): Set<string> {
  return new Set([report.investigatorId, ...report.findings.map((f) => f.recordedBy)]);
}

/**
 * Checks a final decision against the report and returns the record to store. Throws FOUR_EYES
 * if the deciding person (in any role) wrote the report or any finding, VALIDATION for a missing or too short
 * reason, CONFLICT if the decision is for another claim.
 */
export function decide(report: InvestigationReport, decision: FinalDecision, minReasonChars: number): DecisionRecord {
  checkReport(report);
  if (decision.claimId !== report.claimId) {
    throw new HuzhuError('CONFLICT', `the decision is for claim ${decision.claimId} but the report is for claim ${report.claimId}`);
  }
  if (decision.operatorId.trim() === '') throw new HuzhuError('VALIDATION', 'operatorId: required', { field: 'operatorId' });
  // The rule itself is domain/four-eyes.ts (keyed on the person, not the role).
  const earlier: EarlierStep[] = [
    { actor: report.investigatorId, involvement: 'report' },
    ...report.findings.map((f): EarlierStep => ({ actor: f.recordedBy, involvement: 'finding' })),
  ];
  assertFreshEyes(earlier, decision.operatorId, `claim ${report.claimId}`);
  if (charCount(decision.reason) < minReasonChars) {
    throw new HuzhuError('VALIDATION', `reason: a final decision needs a written reason of at least ${minReasonChars} characters`, { field: 'reason' });
  }
  return { ...decision, reason: decision.reason.trim(), followedRecommendation: decision.outcome === report.recommendation };
}
