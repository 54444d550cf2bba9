/**
 * What goes into the transparency log, and the one-line hooks the engine calls inside its own
 * transactions (so a fact and its entry commit together or not at all).
 *
 * Every entry is canonical JSON with a `type` and a version `v`; money is integer fen; people
 * appear only as claim refs and pseudonyms, never names or ID numbers. A period is named
 * `<plan>/<announcement date>` in every entry about it.
 *
 *   plan.rules        v1  a plan's rules, logged at creation and at every change
 *   claim.decision    v1  approval or rejection: code, reason, payout, and the anonymized facts
 *                         the payout follows from (severity, cause, disease code, age at diagnosis)
 *   claim.challenge   v1  a challenge to an announced claim: filed, dismissed, upheld or appealed
 *   jury.juror        v1  a member qualified as a juror: pseudonym, quiz bank, time (the draw's list
 *                         is the jurors qualified before the record that seeds it)
 *   jury.case         v1  an appeal opened: claim, kind (claim-rejected / challenge-dismissed), mode
 *   jury.draw         v1  a panel drawn: seed record, juror-list digest, exclusions, the panel
 *   jury.round        v1  a round closed: tally, ruling, and in panel mode the justifications
 *   jury.result       v1  the final ruling: draw seed, tallies, ruling and its effect on the claim
 *                         (written by services/jury-service.ts)
 *   notice.published  v1  the public notice on the announcement day: the anonymized cases open to
 *                         challenge until the charge date
 *   period.announced  v1  the period as shared at the charge date (the notice's cases less those
 *                         held out by a challenge): anonymized cases and payouts, the sharing members,
 *                         fee, share, surplus carried in and out, subsidy and billed total
 *   period.charges    v1  the root of the period's charge tree (a commitment to every bill)
 *   period.charged    v1  the charge day's result: collected and uncollected
 */
import type { Queryable } from '../../db/database.ts';
import type { PlanRulesJson } from '../../domain/plan-rules.ts';
import { toBase64 } from '../core/bytes.ts';
import type { JsonValue, LogEntry } from '../core/canonical-json.ts';
import { PERIOD_CHARGES_ENTRY_TYPE, type PeriodChargesEntry } from '../core/proof-bundle.ts';
import { buildChargeTreeInDb } from '../store/charge-tree.ts';
import { appendLogEntries, type LogAppend } from '../store/log-store.ts';

export const ENTRY_TYPES = {
  planRules: 'plan.rules',
  claimDecision: 'claim.decision',
  claimChallenge: 'claim.challenge',
  juryResult: 'jury.result',
  noticePublished: 'notice.published',
  periodAnnounced: 'period.announced',
  periodCharges: PERIOD_CHARGES_ENTRY_TYPE,
  periodCharged: 'period.charged',
} as const;

export const periodName = (planId: string, announcedOn: string): string => `${planId}/${announcedOn}`;

export interface PlanRulesEntry extends LogEntry {
  type: 'plan.rules';
  v: 1;
  plan: string;
  name: string;
  at: string;
  rules: { readonly [key: string]: JsonValue };
}

export function planRulesEntry(plan: string, name: string, rules: PlanRulesJson, at: Date): PlanRulesEntry {
  return { type: 'plan.rules', v: 1, plan, name, at: at.toISOString(), rules: JSON.parse(JSON.stringify(rules)) as { [key: string]: JsonValue } };
}

export interface AnnouncedCase {
  claim: string;
  ageAtDiagnosis: number | null;
  severity: string;
  cause: string;
  diseaseCode: string;
  payout: bigint;
}

export interface PeriodAnnouncedEntry extends LogEntry {
  type: 'period.announced';
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
}

export interface PeriodChargedEntry extends LogEntry {
  type: 'period.charged';
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

// ---- Hooks called inside the engine's transactions ---------------------------------------

/** plans-service: a plan's rules (at creation; call again with the new rules on every change). */
export async function logPlanRules(tx: Queryable, plan: string, name: string, rules: PlanRulesJson, at: Date): Promise<number> {
  return appendLogEntries(tx, [{ entry: planRulesEntry(plan, name, rules, at) }]);
}

interface ClaimRow {
  ref: string; plan_id: string; status: string; payout_fen: bigint | null; reject_code: string | null; reason: string | null;
  severity: string; cause: string; disease_code: string; age_at_diagnosis: number | null; decided_at: Date | null;
}

/** claims-service: the claim's decision as it now stands (call after the decision is written). */
export async function logClaimDecision(tx: Queryable, claimId: bigint): Promise<number> {
  const c = (await tx.query<ClaimRow>(
    `SELECT ref, plan_id, status, payout_fen, reject_code, reason, severity, cause, disease_code, age_at_diagnosis, decided_at FROM claims WHERE id = $1`,
    [claimId]))[0]!;
  const entry: LogEntry = {
    type: ENTRY_TYPES.claimDecision, v: 1, plan: c.plan_id, claim: c.ref,
    decision: c.status === 'rejected' ? 'rejected' : 'approved', code: c.reject_code, reason: c.reason ?? '', payout: c.payout_fen,
    severity: c.severity, cause: c.cause, diseaseCode: c.disease_code, ageAtDiagnosis: c.age_at_diagnosis,
    at: c.decided_at ? c.decided_at.toISOString() : null,
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

/** A jury's result (for the jury module): anonymized, with the draw seed and the tallies. */
export async function logJuryResult(tx: Queryable, fields: {
  plan: string; claim: string; challenge: string; at: Date; drawSeed: string; jurors: number; tallies: { readonly [option: string]: number }; outcome: string;
}): Promise<number> {
  return appendLogEntries(tx, [{ entry: { type: ENTRY_TYPES.juryResult, v: 1, ...fields, at: fields.at.toISOString() } }]);
}

/** notice service: the notice as published, with its anonymized cases (same transaction). */
export async function logNotice(tx: Queryable, planId: string, announcedOn: string, chargedOn: string): Promise<number> {
  const rows = await tx.query<{ ref: string; age_at_diagnosis: number | null; severity: string; cause: string; disease_code: string; payout_fen: bigint }>(
    `SELECT ref, age_at_diagnosis, severity, cause, disease_code, payout_fen FROM claims WHERE plan_id = $1 AND noticed_on = $2 ORDER BY ref`,
    [planId, announcedOn]);
  const cases = rows.map((r) => ({ claim: r.ref, ageAtDiagnosis: r.age_at_diagnosis, severity: r.severity, cause: r.cause, diseaseCode: r.disease_code, payout: r.payout_fen }));
  const entry: LogEntry = {
    type: ENTRY_TYPES.noticePublished, v: 1, plan: planId, period: periodName(planId, announcedOn), announcedOn, challengeUntil: chargedOn, cases,
  };
  return appendLogEntries(tx, [{ entry, ref: `notice.published/${planId}/${announcedOn}` }]);
}

interface PeriodRow {
  id: bigint; plan_id: string; announced_on: string; charged_on: string; cases: number; payout_fen: bigint; fee_fen: bigint;
  carried_in_fen: bigint; sharing_members: bigint; share_fen: bigint; operator_subsidy_fen: bigint; surplus_out_fen: bigint; billed_fen: bigint;
}

async function periodRow(tx: Queryable, periodId: bigint): Promise<PeriodRow> {
  return (await tx.query<PeriodRow>(
    `SELECT id, plan_id, to_char(announced_on, 'YYYY-MM-DD') AS announced_on, to_char(charged_on, 'YYYY-MM-DD') AS charged_on, cases, payout_fen,
            fee_fen, carried_in_fen, sharing_members, share_fen, operator_subsidy_fen, surplus_out_fen, billed_fen
       FROM periods WHERE id = $1`, [periodId]))[0]!;
}

export async function announcedCases(q: Queryable, periodId: bigint): Promise<AnnouncedCase[]> {
  const rows = await q.query<{ ref: string; age_at_diagnosis: number | null; severity: string; cause: string; disease_code: string; payout_fen: bigint }>(
    'SELECT ref, age_at_diagnosis, severity, cause, disease_code, payout_fen FROM claims WHERE period_id = $1 ORDER BY ref', [periodId]);
  return rows.map((r) => ({ claim: r.ref, ageAtDiagnosis: r.age_at_diagnosis, severity: r.severity, cause: r.cause, diseaseCode: r.disease_code, payout: r.payout_fen }));
}

export function periodAnnouncedEntry(p: PeriodRow, cases: readonly AnnouncedCase[]): PeriodAnnouncedEntry {
  return {
    type: 'period.announced', v: 1, plan: p.plan_id, period: periodName(p.plan_id, p.announced_on), announcedOn: p.announced_on, chargedOn: p.charged_on,
    cases: cases.map((c) => ({ ...c })), payouts: p.payout_fen, fee: p.fee_fen, carriedIn: p.carried_in_fen, sharingMembers: p.sharing_members,
    share: p.share_fen, surplusOut: p.surplus_out_fen, subsidy: p.operator_subsidy_fen, billed: p.billed_fen,
  };
}

/**
 * sharing-run (finalize): the announcement with its anonymized cases. Call after the period row
 * is written and its claims assigned.
 */
export async function logAnnouncement(tx: Queryable, periodId: bigint): Promise<number> {
  const p = await periodRow(tx, periodId);
  return appendLogEntries(tx, [{ entry: periodAnnouncedEntry(p, await announcedCases(tx, periodId)), ref: `period.announced/${periodId}` }]);
}

/**
 * charge-day: the commitment to every member's bill (the period's charge tree, built in SQL, a few
 * statements per level) and the period's result once collected. Built here rather than in the
 * sharing run, so that billing 100 million members is not held up by hashing them; the bills are
 * final from the sharing run on, and this is the transaction that collects them.
 * Call after the period is marked charged.
 */
export async function logChargeDay(tx: Queryable, periodId: bigint, totals: { paidFen: bigint; unpaidFen: bigint; failedPayers: bigint }): Promise<number> {
  const p = await periodRow(tx, periodId);
  const items: LogAppend[] = [];
  const tree = await buildChargeTreeInDb(tx, periodId, { store: true });
  if (tree) {
    const entry: PeriodChargesEntry = {
      type: PERIOD_CHARGES_ENTRY_TYPE, v: 1, period: periodName(p.plan_id, p.announced_on), chargesRoot: toBase64(tree.root), chargesCount: tree.size,
      plan: p.plan_id,
    };
    items.push({ entry, ref: `period.charges/${periodId}` });
  }
  const charged: PeriodChargedEntry = {
    type: 'period.charged', v: 1, plan: p.plan_id, period: periodName(p.plan_id, p.announced_on), sharingMembers: p.sharing_members, share: p.share_fen,
    fee: p.fee_fen, payouts: p.payout_fen, subsidy: p.operator_subsidy_fen, surplus: p.surplus_out_fen, billed: p.billed_fen,
    collected: totals.paidFen, uncollected: totals.unpaidFen, failedPayers: totals.failedPayers,
  };
  items.push({ entry: charged, ref: `period.charged/${periodId}` });
  const first = await appendLogEntries(tx, items);
  if (tree) {
    await tx.query('INSERT INTO log_charge_trees (period_id, size, root, log_index) VALUES ($1, $2, $3, $4)', [periodId, tree.size, Buffer.from(tree.root), first]);
  }
  return first;
}
