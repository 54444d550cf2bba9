/**
 * Replaying the log: do the published numbers follow from the plan's published rules?
 *
 * Reads only the log's entries (in log order). For every announced period it recomputes, with
 * the engine's own sharing rule (src/domain/sharing-rule.ts computeShare) and the plan's rules
 * as last logged before the announcement:
 *   - each case's payout from its severity and age at diagnosis (claim-rules payoutFor);
 *   - the period's payouts as the sum of its cases;
 *   - fee, share and surplus out from payouts, W and the surplus carried in, which must be the
 *     surplus out of the plan's previous logged period; W (weightTotal) from the members per
 *     contribution band, whose bands must be the plan's contributionWeights (issue 14);
 *   - the books identity billed + subsidy + carried in = payouts + fee + surplus out, and that
 *     nobody is billed more than the share (billed <= share x members; equal without caps);
 *   - the charge commitment's count (at most the sharing members, equal without caps);
 *   - the charge day's result repeats the announcement, and collected + uncollected = billed;
 *   - every case shared was in the period's public notice (7 days open to challenge), and every
 *     case of the notice left out of the period was challenged, appealed or rejected before it;
 *   - in a wind-down (issue 13, `plan.winddown` started at A): every period charged at or after A
 *     is operator-funded (domain/wind-down.ts: fee 0, share 0, billed 0, subsidy and surplus out
 *     from the payouts and the surplus carried in), and none charged before A is.
 * Works on entries from anywhere (HTTP tiles, an exported folder, the database): it never reads
 * the database's own tables.
 */
import { payoutFor, type Severity } from '../../domain/claim-rules.ts';
import { rulesFromJson, type PlanRules } from '../../domain/plan-rules.ts';
import { computeShare } from '../../domain/sharing-rule.ts';
import { isOperatorFunded, operatorFundedPeriod } from '../../domain/wind-down.ts';
import { isEqualWeights } from '../../domain/contribution-weights.ts';
import { startOfDay, type LocalDate } from '../../domain/local-date.ts';
import type { JsonValue, LogEntry } from '../core/canonical-json.ts';

export interface ReplayProblem {
  /** The log index of the entry at fault. */
  index: number;
  /** `<plan>/<date>` for a period, the claim ref for a decision, the plan id for rules. */
  subject: string;
  message: string;
}

export interface ReplayReport {
  entries: number;
  plans: number;
  periodsChecked: number;
  decisions: number;
  problems: ReplayProblem[];
  /** Things that could not be checked (e.g. a plan whose rules predate the log). */
  warnings: string[];
  /** The announcements by period name, for callers that cross-check other sources. */
  announced: Map<string, { index: number; entry: LogEntry }>;
  charged: Map<string, { index: number; entry: LogEntry }>;
  chargeRoots: Map<string, { index: number; root: string; count: number }>;
}

const big = (v: JsonValue | undefined): bigint | undefined =>
  typeof v === 'number' && Number.isSafeInteger(v) ? BigInt(v) : typeof v === 'bigint' ? v : undefined;

const str = (v: JsonValue | undefined): string | undefined => (typeof v === 'string' ? v : undefined);

interface PlanState {
  rules: PlanRules;
  lastSurplusOut?: bigint;
  /** Rules changed by member vote (issue 14): the plan's full rules from each instant, in log order. */
  versions?: { effectiveAt: number; rules: PlanRules }[];
  /** A wind-down's start A (issue 13), from its `plan.winddown` started entry. */
  windDownAt?: Date;
}

/** The rules in force at an instant: the latest passed change effective by then, else the plan's rules. */
function rulesAt(state: PlanState, at: number): PlanRules {
  const v = (state.versions ?? []).filter((x) => x.effectiveAt <= at).sort((a, b) => a.effectiveAt - b.effectiveAt);
  return v.length ? v[v.length - 1]!.rules : state.rules;
}

/**
 * The rules a payout may follow: a payout follows the rules of its diagnosis date, which the log
 * does not state, so any version in force by the entry's time is accepted.
 */
function payoutRules(state: PlanState, at: number): PlanRules[] {
  return [state.rules, ...(state.versions ?? []).filter((x) => x.effectiveAt <= at).map((x) => x.rules)];
}

function payoutMatches(state: PlanState, at: number, severity: Severity, age: number, payout: bigint | undefined): boolean {
  return payoutRules(state, at).some((rules) => { const e = payoutFor(rules, severity, age); return e !== null && e === payout; });
}

type Case = { readonly [k: string]: JsonValue };

/** What the replay has seen so far, in log order. */
interface Replay {
  problems: ReplayProblem[];
  warnings: string[];
  plans: Map<string, PlanState>;
  announced: ReplayReport['announced'];
  charged: ReplayReport['charged'];
  chargeRoots: ReplayReport['chargeRoots'];
  missingRules: Set<string>;
  periodsChecked: number;
  decisions: number;
  /** Cases of each public notice, by period name. */
  noticed: Map<string, Set<string>>;
  /** Claims with a logged reason to be held out: a challenge, a jury case, a rejection. */
  disputed: Set<string>;
}

/** Records a problem with the entry being replayed. */
type Problem = (subject: string, message: string) => void;

export function replayEntries(entries: readonly LogEntry[]): ReplayReport {
  const r: Replay = {
    problems: [], warnings: [], plans: new Map(), announced: new Map(), charged: new Map(), chargeRoots: new Map(),
    missingRules: new Set(), periodsChecked: 0, decisions: 0, noticed: new Map(), disputed: new Set(),
  };
  entries.forEach((entry, index) => {
    const problem: Problem = (subject, message) => r.problems.push({ index, subject, message });
    const plan = str(entry.plan) ?? '';
    switch (entry.type) {
      case 'plan.rules':
        return replayRules(r, plan, entry, problem);
      case 'plan.proposal':
        return replayProposal(r, plan, entry, problem);
      case 'plan.winddown':
        return replayWindDown(r, plan, entry, problem);
      case 'notice.published': {
        const cases = Array.isArray(entry.cases) ? (entry.cases as readonly Case[]) : [];
        r.noticed.set(str(entry.period) ?? '?', new Set(cases.map((c) => String(c.claim))));
        return;
      }
      case 'claim.challenge': case 'jury.case':
        r.disputed.add(str(entry.claim) ?? '?');
        return;
      case 'claim.decision':
        return replayDecision(r, plan, entry, problem);
      case 'period.announced':
        return replayAnnouncement(r, plan, entry, index, problem);
      case 'period.charges':
        return replayChargeCommitment(r, plan, entry, index, problem);
      case 'period.charged':
        return replayChargeDay(r, entry, index, problem);
      default:
        return; // other entry types (challenges, jury results, future types) are not replayed here
    }
  });
  for (const plan of r.missingRules) r.warnings.push(`plan ${plan}: its rules are not in the log, so its periods and decisions were not recomputed`);
  return {
    entries: entries.length, plans: r.plans.size, periodsChecked: r.periodsChecked, decisions: r.decisions, problems: r.problems, warnings: r.warnings,
    announced: r.announced, charged: r.charged, chargeRoots: r.chargeRoots,
  };
}

function replayRules(r: Replay, plan: string, entry: LogEntry, problem: Problem): void {
  try {
    const rules = rulesFromJson(entry.rules, 'rules');
    const previous = r.plans.get(plan);
    r.plans.set(plan, { rules, ...(previous?.lastSurplusOut === undefined ? {} : { lastSurplusOut: previous.lastSurplusOut }) });
  } catch (e) {
    problem(plan, `plan rules are not valid: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function replayProposal(r: Replay, plan: string, entry: LogEntry, problem: Problem): void {
  if (entry.state !== 'passed') return;
  const state = r.plans.get(plan);
  const at = Date.parse(str(entry.effectiveAt) ?? '');
  if (!state) { r.missingRules.add(plan); return; }
  try {
    if (!Number.isFinite(at)) throw new Error('no effectiveAt');
    (state.versions ??= []).push({ effectiveAt: at, rules: rulesFromJson(entry.rules, 'rules') });
  } catch (e) {
    problem(plan, `passed proposal ${String(entry.proposal)}: its rules are not valid: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function replayWindDown(r: Replay, plan: string, entry: LogEntry, problem: Problem): void {
  if (entry.state !== 'started') return;
  const state = r.plans.get(plan);
  if (!state) { r.missingRules.add(plan); return; }
  const at = Date.parse(str(entry.startedAt) ?? '');
  if (!Number.isFinite(at)) { problem(plan, 'wind-down started without a valid startedAt'); return; }
  if (state.windDownAt) problem(plan, 'a second wind-down started');
  state.windDownAt = new Date(at);
}

function replayDecision(r: Replay, plan: string, entry: LogEntry, problem: Problem): void {
  r.decisions += 1;
  if (entry.decision === 'rejected') r.disputed.add(str(entry.claim) ?? '?');
  const state = r.plans.get(plan);
  const claim = str(entry.claim) ?? '?';
  if (entry.decision === 'approved') {
    const age = entry.ageAtDiagnosis;
    const payout = big(entry.payout);
    if (state && typeof age === 'number' && (entry.severity === 'severe' || entry.severity === 'mild')) {
      const expected = payoutFor(state.rules, entry.severity as Severity, age);
      if (!payoutMatches(state, Date.parse(str(entry.at) ?? '') || Infinity, entry.severity as Severity, age, payout)) problem(claim, `approved payout ${payout} does not follow from the rules (expected ${expected ?? 'no payout'} for ${entry.severity} at age ${age})`);
    } else if (!state) {
      r.missingRules.add(plan);
    } else {
      problem(claim, 'approved decision lacks severity or age at diagnosis');
    }
  } else if (entry.decision !== 'rejected') {
    problem(claim, `unknown decision "${String(entry.decision)}"`);
  } else if (typeof entry.code !== 'string' || entry.code.length === 0) {
    problem(claim, 'a rejection without a code');
  }
}

interface PeriodNumbers {
  payouts: bigint; fee: bigint; carriedIn: bigint; members: bigint; share: bigint; surplusOut: bigint; subsidy: bigint; billed: bigint;
  weightTotal: bigint;
}

function replayAnnouncement(r: Replay, plan: string, entry: LogEntry, index: number, problem: Problem): void {
  const period = str(entry.period) ?? '?';
  if (r.announced.has(period)) problem(period, 'announced twice');
  r.announced.set(period, { index, entry });
  const state = r.plans.get(plan);
  if (!state) {
    r.missingRules.add(plan);
    return;
  }
  r.periodsChecked += 1;
  const n = {
    payouts: big(entry.payouts), fee: big(entry.fee), carriedIn: big(entry.carriedIn), members: big(entry.sharingMembers),
    share: big(entry.share), surplusOut: big(entry.surplusOut), subsidy: big(entry.subsidy), billed: big(entry.billed),
    // Absent before graded contributions: everyone weighed 1.
    weightTotal: entry.weightTotal === undefined ? big(entry.sharingMembers) : big(entry.weightTotal),
  };
  const missing = Object.entries(n).filter(([, v]) => v === undefined || v < 0n).map(([k]) => k);
  if (missing.length > 0 || !Array.isArray(entry.cases)) {
    problem(period, `missing or negative numbers: ${missing.join(', ') || 'cases'}`);
    return;
  }
  const v = n as PeriodNumbers;
  const cases = entry.cases as readonly Case[];
  // The period follows the rules in force at its snapshot, 00:00 of the announcement day (issue 14).
  const announcedOn = str(entry.announcedOn) ?? '';
  const snapshot = /^\d{4}-\d{2}-\d{2}$/.test(announcedOn) ? startOfDay(announcedOn as LocalDate, state.rules.timeZone).getTime() : Infinity;
  const casesTotal = checkCasePayouts(state, snapshot, period, cases, problem);
  if (casesTotal !== v.payouts) problem(period, `payouts ${v.payouts} are not the sum of the announced cases (${casesTotal})`);
  checkAgainstNotice(r, period, cases, problem);
  const inForce = { ...state, rules: rulesAt(state, snapshot) };
  checkWeightBands(inForce, period, entry, v, problem);
  const chargedOn = str(entry.chargedOn) ?? '';
  const chargeRun = /^\d{4}-\d{2}-\d{2}$/.test(chargedOn) ? startOfDay(chargedOn as LocalDate, state.rules.timeZone) : new Date(NaN);
  if (isOperatorFunded(state.windDownAt ?? null, chargeRun)) checkOperatorFunded(r, state, period, v, casesTotal, problem);
  else checkShare(r, inForce, plan, period, v, casesTotal, problem);
  state.lastSurplusOut = v.surplusOut;
}

/** Each case's payout from the rules; returns the sum of the payouts announced. */
function checkCasePayouts(state: PlanState, at: number, period: string, cases: readonly Case[], problem: Problem): bigint {
  let casesTotal = 0n;
  for (const c of cases) {
    const payout = big(c.payout) ?? -1n;
    casesTotal += payout;
    const age = c.ageAtDiagnosis;
    const known = typeof age === 'number' && (c.severity === 'severe' || c.severity === 'mild');
    const expected = known ? payoutFor(state.rules, c.severity as Severity, age) : null;
    if (!known || !payoutMatches(state, at, c.severity as Severity, age, payout)) {
      problem(period, `case ${String(c.claim)}: payout ${payout} does not follow from the rules (expected ${expected ?? 'no payout'} for ${String(c.severity)} at age ${String(age)})`);
    }
  }
  return casesTotal;
}

/** Every case shared was in the notice; every case of the notice left out has a reason on record. */
function checkAgainstNotice(r: Replay, period: string, cases: readonly Case[], problem: Problem): void {
  const notice = r.noticed.get(period);
  if (notice) {
    const shared = new Set(cases.map((c) => String(c.claim)));
    for (const c of shared) if (!notice.has(c)) problem(period, `case ${c} was shared without being in the public notice of ${period}`);
    for (const c of notice) if (!shared.has(c) && !r.disputed.has(c)) problem(period, `case ${c} of the public notice was left out of the period with no challenge, appeal or rejection on record`);
  } else {
    r.warnings.push(`${period}: no public notice in the log (logged before notices existed)`);
  }
}

/**
 * W from the published bands: the bands are the plan's contributionWeights, their members add up
 * to the sharing members, and W is the sum of members x weight.
 */
function checkWeightBands(state: PlanState, period: string, entry: LogEntry, v: PeriodNumbers, problem: Problem): void {
  const weights = state.rules.contributionWeights;
  if (entry.weightBands === undefined) {
    if (!isEqualWeights(weights)) problem(period, 'the plan grades contributions by age but the period publishes no weight bands');
    else if (v.weightTotal !== v.members) problem(period, `weight total ${v.weightTotal} with every weight 1 must be the sharing members ${v.members}`);
    return;
  }
  const bands = Array.isArray(entry.weightBands) ? (entry.weightBands as readonly Case[]) : [];
  const same = bands.length === weights.length && bands.every((b, i) => b.fromAge === weights[i]!.fromAge && b.weight === weights[i]!.weight);
  if (!same) problem(period, `weight bands ${JSON.stringify(bands.map((b) => [b.fromAge, b.weight]))} are not the plan's contributionWeights`);
  let members = 0n;
  let total = 0n;
  for (const b of bands) {
    const n = big(b.members);
    if (n === undefined || n < 0n || typeof b.weight !== 'number') { problem(period, 'a weight band without a member count or weight'); return; }
    members += n;
    total += n * BigInt(b.weight);
  }
  if (members !== v.members) problem(period, `the weight bands hold ${members} members but ${v.members} are sharing`);
  if (total !== v.weightTotal) problem(period, `weight total is ${v.weightTotal} but the bands give ${total}`);
}

/** Surplus carried in, fee, share, surplus out, the books identity, billed and subsidy. */
function checkShare(r: Replay, state: PlanState, plan: string, period: string, v: PeriodNumbers, casesTotal: bigint, problem: Problem): void {
  if (state.lastSurplusOut !== undefined && v.carriedIn !== state.lastSurplusOut) {
    problem(period, `surplus carried in ${v.carriedIn} is not the previous period's surplus out ${state.lastSurplusOut}`);
  } else if (state.lastSurplusOut === undefined && v.carriedIn !== 0n) {
    r.warnings.push(`${period}: first logged period of plan ${plan} carries in ${v.carriedIn} fen from before the log`);
  }
  let expected;
  try {
    expected = computeShare({ payoutFen: casesTotal, surplusInFen: v.carriedIn, sharingMembers: v.members, weightTotal: v.weightTotal, feeBasisPoints: state.rules.feeBasisPoints });
  } catch {
    problem(period, `weight total ${v.weightTotal} is impossible for ${v.members} sharing members`);
    return;
  }
  if (v.fee !== expected.feeFen) problem(period, `fee is ${v.fee} but the rules give ${expected.feeFen}`);
  if (v.share !== expected.shareFen) problem(period, `share is ${v.share} but the rules give ${expected.shareFen} (${v.members} sharing members${v.weightTotal === v.members ? '' : `, weight total ${v.weightTotal}`})`);
  if (v.surplusOut !== expected.surplusOutFen) problem(period, `surplus out is ${v.surplusOut} but the rules give ${expected.surplusOutFen}`);
  if (v.billed + v.subsidy + v.carriedIn !== v.payouts + v.fee + v.surplusOut) {
    problem(period, `books do not balance: billed ${v.billed} + subsidy ${v.subsidy} + carried in ${v.carriedIn} != payouts ${v.payouts} + fee ${v.fee} + surplus out ${v.surplusOut}`);
  }
  const full = v.share * v.weightTotal;
  const noCaps = state.rules.annualCapFen === null && state.rules.perCaseCapFen === null;
  if (v.billed > full) problem(period, `billed ${v.billed} is more than share x weight total (${full})`);
  else if (noCaps && v.billed !== full) problem(period, `billed ${v.billed} but the plan has no caps, so it must be share x weight total (${full})`);
  if (v.subsidy !== full - v.billed + expected.unsharedFen) {
    problem(period, `subsidy ${v.subsidy} is not share x weight total - billed + unshared (${full - v.billed + expected.unsharedFen})`);
  }
}

/** A period charged at or after a wind-down's start: nobody billed, the surplus first, then the operator. */
function checkOperatorFunded(r: Replay, state: PlanState, period: string, v: PeriodNumbers, casesTotal: bigint, problem: Problem): void {
  if (state.lastSurplusOut !== undefined && v.carriedIn !== state.lastSurplusOut) {
    problem(period, `surplus carried in ${v.carriedIn} is not the previous period's surplus out ${state.lastSurplusOut}`);
  }
  const e = operatorFundedPeriod({ payoutFen: casesTotal, surplusInFen: v.carriedIn });
  const got = { fee: v.fee, share: v.share, billed: v.billed, subsidy: v.subsidy, surplusOut: v.surplusOut };
  const want = { fee: e.feeFen, share: e.shareFen, billed: e.billedFen, subsidy: e.operatorSubsidyFen, surplusOut: e.surplusOutFen };
  for (const k of Object.keys(want) as (keyof typeof want)[]) {
    if (got[k] !== want[k]) problem(period, `charged during the wind-down, so operator-funded: ${k} is ${got[k]} but must be ${want[k]}`);
  }
}

function replayChargeCommitment(r: Replay, plan: string, entry: LogEntry, index: number, problem: Problem): void {
  const period = str(entry.period) ?? '?';
  const count = typeof entry.chargesCount === 'number' ? entry.chargesCount : -1;
  r.chargeRoots.set(period, { index, root: str(entry.chargesRoot) ?? '', count });
  const a = r.announced.get(period)?.entry;
  if (!a) {
    problem(period, 'charge commitment for a period that was not announced');
    return;
  }
  const members = big(a.sharingMembers) ?? 0n;
  const state = r.plans.get(plan);
  const noCaps = state && state.rules.annualCapFen === null && state.rules.perCaseCapFen === null;
  if (BigInt(count) > members) problem(period, `${count} charges committed but only ${members} sharing members`);
  else if (noCaps && (big(a.share) ?? 0n) > 0n && BigInt(count) !== members) problem(period, `${count} charges committed for ${members} sharing members`);
}

function replayChargeDay(r: Replay, entry: LogEntry, index: number, problem: Problem): void {
  const period = str(entry.period) ?? '?';
  if (r.charged.has(period)) problem(period, 'charged twice');
  r.charged.set(period, { index, entry });
  const a = r.announced.get(period)?.entry;
  if (!a) {
    problem(period, 'charge day result for a period that was not announced');
    return;
  }
  const same: [string, string][] = [['sharingMembers', 'sharingMembers'], ['share', 'share'], ['fee', 'fee'], ['payouts', 'payouts'], ['subsidy', 'subsidy'], ['surplus', 'surplusOut'], ['billed', 'billed']];
  for (const [mine, theirs] of same) {
    if (big(entry[mine]) !== big(a[theirs])) problem(period, `charge day ${mine} ${String(entry[mine])} differs from the announcement's ${String(a[theirs])}`);
  }
  const collected = big(entry.collected);
  const uncollected = big(entry.uncollected);
  if (collected === undefined || uncollected === undefined || collected < 0n || uncollected < 0n) problem(period, 'collected/uncollected missing or negative');
  else if (collected + uncollected !== big(entry.billed)) problem(period, `collected ${collected} + uncollected ${uncollected} != billed ${String(entry.billed)}`);
}
