/**
 * The writers of the engine's entries (plans, claims, challenges, the notice, the period), the
 * one-line hooks the engine calls inside its own transactions, so a fact and its entry commit
 * together or not at all. Each is handed the facts it records and reads none of the engine's
 * tables back. The types are listed in entry-types.ts and documented in docs/transparency.md.
 */
import type { Queryable } from '../../db/database.ts';
import type { PlanRulesJson } from '../../domain/plan-rules.ts';
import { toBase64 } from '../../domain/bytes.ts';
import type { JsonValue, LogEntry } from '../core/canonical-json.ts';
import type { PeriodChargesEntry } from '../core/proof-bundle.ts';
import { buildChargeTreeInDb, recordChargeTree } from '../store/charge-tree.ts';
import { appendLogEntries, type LogAppend } from '../store/log-store.ts';
import { ENTRY_TYPES, periodName } from './entry-types.ts';

export interface PlanRulesEntry extends LogEntry {
  type: typeof ENTRY_TYPES.planRules;
  v: 1;
  plan: string;
  name: string;
  at: string;
  rules: { readonly [key: string]: JsonValue };
}

/** A case as the public notice and the period publish it: anonymized. */
export interface AnnouncedCase {
  claim: string;
  ageAtDiagnosis: number | null;
  severity: string;
  cause: string;
  diseaseCode: string;
  payout: bigint;
}

/** The claim's decision as it now stands (the claims repository's Claim has these fields). */
export interface ClaimDecisionFacts {
  ref: string; planId: string; status: string; payoutFen: bigint | null; rejectCode: string | null; reason: string | null;
  severity: string; cause: string; diseaseCode: string; ageAtDiagnosis: number | null; decidedAt: Date | null;
}

/** A period as written by the sharing run (the periods repository's Period has these fields). */
export interface PeriodFacts {
  id: bigint; planId: string; announcedOn: string; chargedOn: string; payoutFen: bigint; feeFen: bigint; carriedInFen: bigint;
  sharingMembers: bigint; shareFen: bigint; operatorSubsidyFen: bigint; surplusOutFen: bigint; billedFen: bigint;
  /** W and the members per contribution band (issue 14); one band of weight 1 when contributions are not graded. */
  weightTotal: bigint; weightBands: readonly { fromAge: number; weight: number; members: bigint }[];
}

export interface PeriodAnnouncedEntry extends LogEntry {
  type: typeof ENTRY_TYPES.periodAnnounced;
  v: 1;
  plan: string;
  period: string;
  announcedOn: string;
  chargedOn: string;
  cases: readonly { readonly [key: string]: JsonValue }[];
  payouts: bigint;
  fee: bigint;
  carriedIn: bigint;
  sharingMembers: bigint;
  share: bigint;
  surplusOut: bigint;
  subsidy: bigint;
  billed: bigint;
  /** W, the divisor of the share: the sum of the sharing members' weights. Absent in entries logged before issue 14 (W = sharingMembers). */
  weightTotal: bigint;
  /** Members per contribution band at the snapshot, ascending fromAge. */
  weightBands: readonly { readonly fromAge: number; readonly weight: number; readonly members: bigint }[];
}

export interface PeriodChargedEntry extends LogEntry {
  type: typeof ENTRY_TYPES.periodCharged;
  v: 1;
  plan: string;
  period: string;
  sharingMembers: bigint;
  share: bigint;
  fee: bigint;
  payouts: bigint;
  subsidy: bigint;
  surplus: bigint;
  billed: bigint;
  collected: bigint;
  uncollected: bigint;
  failedPayers: bigint;
}

/** plans-service: a plan's rules (at creation; call again with the new rules on every change). */
export async function logPlanRules(tx: Queryable, plan: string, name: string, rules: PlanRulesJson, at: Date): Promise<number> {
  const entry: PlanRulesEntry = {
    type: ENTRY_TYPES.planRules, v: 1, plan, name, at: at.toISOString(), rules: JSON.parse(JSON.stringify(rules)) as { [key: string]: JsonValue },
  };
  return appendLogEntries(tx, [{ entry }]);
}

/** claims, challenges and the jury: the claim's decision as it now stands (pass the claim as written). */
export async function logClaimDecision(tx: Queryable, c: ClaimDecisionFacts): Promise<number> {
  const entry: LogEntry = {
    type: ENTRY_TYPES.claimDecision, v: 1, plan: c.planId, claim: c.ref,
    decision: c.status === 'rejected' ? 'rejected' : 'approved', code: c.rejectCode, reason: c.reason ?? '', payout: c.payoutFen,
    severity: c.severity, cause: c.cause, diseaseCode: c.diseaseCode, ageAtDiagnosis: c.ageAtDiagnosis,
    at: c.decidedAt ? c.decidedAt.toISOString() : null,
  };
  return appendLogEntries(tx, [{ entry }]);
}

/**
 * challenges-service: a challenge filed, or its decision. The member's own reason is not logged
 * (a member's free text may name people); the operator's decision reason is, as for claims.
 */
export async function logClaimChallenge(tx: Queryable, fields: {
  plan: string; claim: string; challenge: string; at: Date; status: string; evidence: number; decisionReason: string | null;
}): Promise<number> {
  return appendLogEntries(tx, [{ entry: { type: ENTRY_TYPES.claimChallenge, v: 1, ...fields, at: fields.at.toISOString() } }]);
}

const caseFields = (c: AnnouncedCase): { [key: string]: JsonValue } => ({ ...c });

/** notice service: the notice as published, with its anonymized cases in claim-ref order (same transaction). */
export async function logNotice(tx: Queryable, n: { planId: string; announcedOn: string; chargedOn: string; cases: readonly AnnouncedCase[] }): Promise<number> {
  const entry: LogEntry = {
    type: ENTRY_TYPES.noticePublished, v: 1, plan: n.planId, period: periodName(n.planId, n.announcedOn), announcedOn: n.announcedOn,
    challengeUntil: n.chargedOn, cases: n.cases.map(caseFields),
  };
  return appendLogEntries(tx, [{ entry, ref: `notice.published/${n.planId}/${n.announcedOn}` }]);
}

/**
 * sharing-run (finalize): the announcement with its anonymized cases (claim-ref order). Call after
 * the period row is written and its claims assigned.
 */
export async function logAnnouncement(tx: Queryable, p: PeriodFacts, cases: readonly AnnouncedCase[]): Promise<number> {
  const entry: PeriodAnnouncedEntry = {
    type: ENTRY_TYPES.periodAnnounced, v: 1, plan: p.planId, period: periodName(p.planId, p.announcedOn), announcedOn: p.announcedOn, chargedOn: p.chargedOn,
    cases: cases.map(caseFields), payouts: p.payoutFen, fee: p.feeFen, carriedIn: p.carriedInFen, sharingMembers: p.sharingMembers,
    share: p.shareFen, surplusOut: p.surplusOutFen, subsidy: p.operatorSubsidyFen, billed: p.billedFen,
    weightTotal: p.weightTotal, weightBands: p.weightBands.map((b) => ({ fromAge: b.fromAge, weight: b.weight, members: b.members })),
  };
  return appendLogEntries(tx, [{ entry, ref: `period.announced/${p.id}` }]);
}

/**
 * charge-day: the commitment to every member's bill (the period's charge tree, built in SQL, a few
 * statements per level) and the period's result once collected. Built here rather than in the
 * sharing run, so that billing 100 million members is not held up by hashing them; the bills are
 * final from the sharing run on, and this is the transaction that collects them.
 * Call after the period is marked charged.
 */
export async function logChargeDay(tx: Queryable, p: PeriodFacts, totals: { paidFen: bigint; unpaidFen: bigint; failedPayers: bigint }): Promise<number> {
  const items: LogAppend[] = [];
  const tree = await buildChargeTreeInDb(tx, p.id, { store: true });
  if (tree) {
    const entry: PeriodChargesEntry = {
      type: ENTRY_TYPES.periodCharges, v: 1, period: periodName(p.planId, p.announcedOn), chargesRoot: toBase64(tree.root), chargesCount: tree.size,
      plan: p.planId,
    };
    items.push({ entry, ref: `period.charges/${p.id}` });
  }
  const charged: PeriodChargedEntry = {
    type: ENTRY_TYPES.periodCharged, v: 1, plan: p.planId, period: periodName(p.planId, p.announcedOn), sharingMembers: p.sharingMembers, share: p.shareFen,
    fee: p.feeFen, payouts: p.payoutFen, subsidy: p.operatorSubsidyFen, surplus: p.surplusOutFen, billed: p.billedFen,
    collected: totals.paidFen, uncollected: totals.unpaidFen, failedPayers: totals.failedPayers,
  };
  items.push({ entry: charged, ref: `period.charged/${p.id}` });
  const first = await appendLogEntries(tx, items);
  if (tree) await recordChargeTree(tx, p.id, tree, first);
  return first;
}
