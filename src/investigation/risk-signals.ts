/**
 * Risk signals: facts about a claim that make an on-site investigation worth its cost. Each one
 * carries a stable code and a reason in plain words, because the reviewer must see *why* a
 * claim was flagged (a bare score invites both rubber-stamping and suspicion of the member).
 * A signal is a reason to look, never a reason to reject: the decision comes from the findings.
 *
 * Pure: the claims service loads the facts below; thresholds are plan settings.
 */
import type { Cause } from '../domain/claim-rules.ts';
import { addDays, compareDates, daysBetween, type LocalDate } from '../domain/local-date.ts';
import type { RiskSignalSettings } from '../domain/decision-settings.ts';

export type RiskSignalCode = 'shared-evidence' | 'soon-after-waiting' | 'payer-many-claims' | 'joined-shortly-before-diagnosis';

export interface RiskSignal {
  code: RiskSignalCode;
  /** What the reviewer reads: the fact and the threshold it crossed. */
  reason: string;
  /** The numbers behind the reason, for the record and for tests. */
  details: Record<string, string | number | string[]>;
}

export interface RiskFacts {
  claimId: string;
  filedOn: LocalDate;
  /** The diagnosis date given on the claim. */
  diagnosedOn: LocalDate;
  cause: Cause;
  joinedOn: LocalDate;
  waitingEndsOn: LocalDate;
  /** Content hashes (hex SHA-256) of this claim's evidence documents. */
  evidenceHashes: readonly string[];
  /** Evidence hashes of other claims (the service may load only those sharing a hash). */
  otherClaimsEvidence: readonly { claimId: string; evidenceHashes: readonly string[] }[];
  /** Claims filed by the same payer account, for any of the members it pays for (this one may be included). */
  payerClaims: readonly { claimId: string; filedOn: LocalDate }[];
  /** The diagnosis date the hospital reported to the investigator; null until known. */
  hospitalDiagnosedOn: LocalDate | null;
}

/** Hashes compare case-insensitively: the same document must match however it was spelled. */
function normalizeHash(h: string): string {
  return h.trim().toLowerCase();
}

function sharedEvidence(f: RiskFacts): RiskSignal | null {
  const mine = new Set(f.evidenceHashes.map(normalizeHash));
  const matches = new Map<string, Set<string>>(); // hash -> other claim ids
  for (const other of f.otherClaimsEvidence) {
    if (other.claimId === f.claimId) continue;
    for (const h of other.evidenceHashes.map(normalizeHash)) {
      if (!mine.has(h)) continue;
      const set = matches.get(h) ?? new Set<string>();
      set.add(other.claimId);
      matches.set(h, set);
    }
  }
  if (matches.size === 0) return null;
  const otherClaims = [...new Set([...matches.values()].flatMap((s) => [...s]))].sort();
  const hashes = [...matches.keys()].sort();
  return {
    code: 'shared-evidence',
    reason: `${hashes.length} evidence document(s) on this claim are byte-for-byte the same as documents on other claims (${otherClaims.join(', ')}); a genuine hospital record belongs to one patient`,
    details: { hashes, otherClaims },
  };
}

function soonAfterWaiting(f: RiskFacts, s: RiskSignalSettings): RiskSignal | null {
  const gap = daysBetween(f.waitingEndsOn, f.diagnosedOn);
  if (gap >= s.soonAfterWaitingDays) return null;
  // A negative gap passed the automatic checks only as an accident; still worth a look, since
  // "accident" is the one way round the waiting period.
  const reason = gap < 0
    ? `diagnosed on ${f.diagnosedOn}, ${-gap} day(s) before the waiting period ended on ${f.waitingEndsOn}, and claimed as caused by an accident (${f.cause})`
    : `diagnosed on ${f.diagnosedOn}, ${gap} day(s) after the waiting period ended on ${f.waitingEndsOn} (a signal under ${s.soonAfterWaitingDays} days): an illness known before joining may have been held back until the wait was over`;
  return { code: 'soon-after-waiting', reason, details: { daysAfterWaitingEnds: gap, thresholdDays: s.soonAfterWaitingDays } };
}

function payerManyClaims(f: RiskFacts, s: RiskSignalSettings): RiskSignal | null {
  // The window is the payerWindowDays days ending on this claim's filing date, both ends included.
  const from = addDays(f.filedOn, -(s.payerWindowDays - 1));
  const ids = new Set<string>([f.claimId]);
  for (const c of f.payerClaims) {
    if (compareDates(c.filedOn, from) >= 0 && compareDates(c.filedOn, f.filedOn) <= 0) ids.add(c.claimId);
  }
  if (ids.size < s.payerClaimsAtLeast) return null;
  const claims = [...ids].sort();
  return {
    code: 'payer-many-claims',
    reason: `the payer account behind this claim filed ${claims.length} claims in the ${s.payerWindowDays} days up to ${f.filedOn} (a signal at ${s.payerClaimsAtLeast} or more); several serious illnesses in one family are possible but rare`,
    details: { claims, windowDays: s.payerWindowDays, threshold: s.payerClaimsAtLeast },
  };
}

function joinedShortlyBefore(f: RiskFacts, s: RiskSignalSettings): RiskSignal | null {
  if (f.hospitalDiagnosedOn === null) return null;
  const gap = daysBetween(f.joinedOn, f.hospitalDiagnosedOn);
  if (gap >= s.joinedBeforeDiagnosisDays) return null;
  const differs = f.hospitalDiagnosedOn !== f.diagnosedOn ? ` (the claim gives ${f.diagnosedOn})` : '';
  const reason = gap < 0
    ? `the hospital reports a diagnosis on ${f.hospitalDiagnosedOn}${differs}, ${-gap} day(s) BEFORE the member joined on ${f.joinedOn}`
    : `the member joined on ${f.joinedOn}, ${gap} day(s) before the diagnosis on ${f.hospitalDiagnosedOn} reported by the hospital${differs} (a signal under ${s.joinedBeforeDiagnosisDays} days)`;
  return { code: 'joined-shortly-before-diagnosis', reason, details: { daysFromJoinToDiagnosis: gap, hospitalDiagnosedOn: f.hospitalDiagnosedOn, thresholdDays: s.joinedBeforeDiagnosisDays } };
}

/** Every signal the facts raise, in a fixed order (the order of the list). */
export function riskSignals(settings: RiskSignalSettings, facts: RiskFacts): RiskSignal[] {
  return [sharedEvidence(facts), soonAfterWaiting(facts, settings), payerManyClaims(facts, settings), joinedShortlyBefore(facts, settings)]
    .filter((s): s is RiskSignal => s !== null);
}
