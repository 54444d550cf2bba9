/**
 * The early warning from the live platform (`huzhu outlook`, and the operators' and auditors' API):
 * measure where the plan stands from the database (a few aggregate statements, whatever the
 * membership), start the projection model there, and say in plain words what the next 12 months
 * look like: the share per period, what a member pays in a year, how the age mix moves, how many
 * of those leaving are young, and whether the plan shows the signs of a death spiral.
 *
 * Everything returned is plain JSON: amounts are whole fen as numbers (safe integers), instants
 * ISO strings. The projection's money is expected values rounded to whole fen, not ledger amounts.
 */
import type { Queryable } from '../db/database.ts';
import { HuzhuError } from '../domain/errors.ts';
import { addDays, parseInstant, parseLocalDate, startOfDay, type LocalDate } from '../domain/local-date.ts';
import { AGE_BANDS, type PeriodRow, type ProjectionResult } from '../projection/cohort-model.ts';
import { projectFromState } from '../projection/from-state.ts';
import { parsePlatformState, type PlatformState } from '../projection/platform-state.ts';
import { renderReport } from '../projection/report.ts';
import { measuresFromState, type TrendMeasures, type Warning, type WarningLevel } from '../projection/warning.ts';
import { clockThrough, loadPlatformState, type PlatformMeasurements } from '../repositories/platform-state-queries.ts';
import { getPlan, getPlanAt } from '../repositories/plans-repo.ts';
import { checkContributionWeights, contributionWeightsJson, type ContributionWeights } from '../domain/contribution-weights.ts';
import { parseWith } from '../domain/parse-with.ts';
import type { PlanRules } from '../domain/plan-rules.ts';

export interface OutlookOptions {
  /** Months to project (default 12). */
  months?: number;
  /** Window for the leaving and joining rates, 1-12 months (default 3). */
  recentMonths?: number;
  /** A proposed grading of contributions by age: the outlook then projects the plan under it too (`grading`). */
  proposedWeights?: unknown;
  /** Project with these rules instead of those in force (a rule-change proposal's, to show its effect; issue 14). */
  rules?: PlanRules;
}

/** What a grading of contributions does over the projected months, from the same measured state. */
export interface GradingEffect {
  contributionWeights: { fromAge: number; weight: number }[];
  /** Per band: the sum of the projected shares a member of the band pays (share per unit x weight, before caps). */
  bands: { fromAge: number; weight: number; sumOfSharesFen: number }[];
  membersEnd: number;
  under40FractionEnd: number | null;
  /** Of the members projected to leave, the fraction under 40. */
  leaversUnder40Fraction: number | null;
  subsidyFen: number;
}

/** The plan's grading now beside a proposed one (outlook option `proposedWeights`). */
export interface GradingOutlook { current: GradingEffect; proposed: GradingEffect }

export interface AgeMixRow {
  /** A date (measured) or a month (projected). */
  when: string;
  members: number;
  under40Fraction: number | null;
  /** Members by age band (labels in `ageMix.bands`). */
  byBand: number[];
}

/** A projected period: the model's row for it, with its announcement date. */
export type ProjectedPeriod = Pick<PeriodRow, 'month' | 'sharingMembers' | 'cases' | 'payoutFen' | 'feeFen' | 'shareFen' | 'avgChargeFen' | 'subsidyFen'> & {
  announcedOn: string;
};

export interface OutlookWarning extends Warning {
  /** From the measured recent data (last months). */
  measured: Warning & { measures: TrendMeasures };
  /** From the projection of the next months; firstMonth: when it is first reached. */
  projected: Warning & { firstMonth: string | null };
}

export interface Outlook {
  plan: string;
  planName: string;
  /** The instant measured, and its date in the plan's zone. */
  asOf: string;
  asOfDate: LocalDate;
  /** First projected month and how many. */
  startMonth: string;
  months: number;
  members: { total: number; under40Fraction: number | null; meanAge: number | null };
  measured: {
    incidence: {
      from: string; to: string;
      /** Approved claims a year per 100,000 members (member-years of cover after the waiting period). */
      per100kYear: number | null;
      claims: number;
      memberYears: number;
      byBand: { band: string; claims: number; memberYears: number; per100kYear: number | null }[];
    };
    movement: {
      from: string; to: string; months: number;
      joins: number; joinsPerMonth: number;
      leftUnder40: number; leftOver40: number;
      /** Of the members who left (status `left`), the fraction under 40. */
      leaversUnder40Fraction: number | null;
      /** Members leaving a month per member, by age. */
      leavingPerMonth: { under40: number; over40: number } | null;
      /** Relative change a month of members under 40. */
      netChangeUnder40PerMonth: number | null;
      otherEnds: Record<string, number>;
    };
    recentPeriods: { announcedOn: string; chargedOn: string; cases: number; sharingMembers: number; shareFen: number }[];
    surplusFen: number;
    yearToDateShareFen: number;
  };
  projection: {
    periods: ProjectedPeriod[];
    /** What a member present for all the projected months pays (the caps applied, per calendar year). */
    annualCostPerMemberFen: number;
    /** Sum of the projected shares (before caps). */
    sumOfSharesFen: number;
    payoutFen: number;
    subsidyFen: number;
    cases: number;
    membersEnd: number;
    /** Of the members projected to leave, the fraction under 40. */
    leaversUnder40Fraction: number | null;
  };
  ageMix: {
    bands: string[];
    /** Measured: every 3 months over the last year, and now. */
    measured: AgeMixRow[];
    /** Projected: each month's end. */
    projected: AgeMixRow[];
    /** Members under 40 as a fraction: a year ago (measured), now, and at the end of the projection. */
    under40Trend: { yearAgo: number | null; now: number | null; end: number | null };
  };
  leaversUnder40: { measured: number | null; projected: number | null; membersUnder40Now: number | null };
  warning: OutlookWarning;
  /** The measured starting state: `huzhu project` / projectFromState reproduces the projection from it. */
  state: PlatformState;
  /** Only when a grading was proposed: the projection under the plan's grading and under the proposed one. */
  grading?: GradingOutlook;
}

const ORDER: WarningLevel[] = ['ok', 'watch', 'warning', 'spiral'];
const share = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);
const under40 = (byBand: number[]): number => AGE_BANDS.reduce((s, b, i) => s + (b.to < 40 ? byBand[i] ?? 0 : 0), 0);
const ageRow = (when: string, byBand: number[]): AgeMixRow => {
  const members = byBand.reduce((s, x) => s + x, 0);
  return { when, members, under40Fraction: share(under40(byBand), members), byBand };
};

/** The instant to measure: an ISO instant, a local date (its 00:00 in the plan's zone) or a Date. */
function instantOf(asOf: Date | string, timeZone: string): Date {
  if (asOf instanceof Date) {
    if (Number.isNaN(asOf.getTime())) throw new HuzhuError('VALIDATION', 'asOf: not a valid instant', { field: 'asOf' });
    return asOf;
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(asOf)) return startOfDay(parseLocalDate(asOf, 'asOf'), timeZone);
  return parseInstant(asOf, 'asOf');
}

/** Combines the measured and projected readings: the worse level, both sets of reasons. */
function combine(measured: OutlookWarning['measured'], projected: OutlookWarning['projected'], recentMonths: number, months: number): OutlookWarning {
  const worse = ORDER.indexOf(projected.level) > ORDER.indexOf(measured.level) ? 'projected' : 'measured';
  const level = worse === 'projected' ? projected.level : measured.level;
  const reasons = [
    ...measured.reasons.map((r) => `measured over the last ${recentMonths === 1 ? 'month' : `${recentMonths} months`}: ${r}`),
    ...projected.reasons.map((r) => `projected over the next ${months} months: ${r}`),
  ];
  const summary = level === 'ok'
    ? 'Shares, membership and the age mix are steady, now and over the coming year.'
    : worse === 'measured'
      ? `Measured from the plan's recent data: ${measured.summary}`
      : `Projected${projected.firstMonth ? ` by ${projected.firstMonth}` : ''}: ${projected.summary}`;
  return { level, summary, reasons, signals: [...measured.signals, ...projected.signals], measured, projected };
}

/** What a member present in every projected month pays: the model's year-to-date cost, which restarts in January, capped by what this year's earlier bills left. */
function annualCost(p: ProjectionResult, months: number, capFen: number | null, ytdBeforeFen: number): number {
  const rows = p.months.slice(0, months);
  let total = 0;
  let firstSegment = true;
  for (let i = 0; i < rows.length; i++) {
    const endsSegment = i === rows.length - 1 || rows[i + 1]!.month.endsWith('-01');
    if (!endsSegment) continue;
    let c = rows[i]!.yearToDateCostFen;
    if (firstSegment && capFen !== null && !rows[0]!.month.endsWith('-01')) c = Math.min(c, Math.max(0, capFen - Math.min(capFen, ytdBeforeFen)));
    total += c;
    firstSegment = false;
  }
  return Math.round(total);
}

function gradingEffect(p: ProjectionResult, weights: ContributionWeights, months: number): GradingEffect {
  const sumOfShares = p.periods.reduce((s, x) => s + x.shareFen, 0); // the projection ran for `months` only
  const rows = p.months.slice(0, months);
  const leavers = rows.reduce((s, r) => s + r.leavers, 0);
  const end = rows.at(-1);
  return {
    contributionWeights: weights.map((b) => ({ fromAge: b.fromAge, weight: b.weight })),
    bands: weights.map((b) => ({ fromAge: b.fromAge, weight: b.weight, sumOfSharesFen: Math.round(sumOfShares * b.weight) })),
    membersEnd: end?.members ?? 0,
    under40FractionEnd: end && end.members > 0 ? end.under40Fraction : null,
    leaversUnder40Fraction: share(rows.reduce((s, r) => s + r.leaversUnder40, 0), leavers),
    subsidyFen: Math.round(rows.reduce((s, r) => s + r.subsidyFen, 0)),
  };
}

/** The proposed weights checked as the plan setting is (errors name `proposedWeights`), and the projection under them. */
function projectGrading(state: PlatformState, rules: PlanRules, current: ProjectionResult, proposedJson: unknown, months: number): GradingOutlook {
  const proposed = checkContributionWeights(parseWith(contributionWeightsJson, proposedJson, 'proposedWeights'), 'proposedWeights');
  const { projection } = projectFromState(state, { rules: { ...rules, contributionWeights: proposed }, months });
  return { current: gradingEffect(current, rules.contributionWeights, months), proposed: gradingEffect(projection, proposed, months) };
}

export interface OutlookResult {
  outlook: Outlook;
  projection: ProjectionResult;
}

/** The instant of an outlook: the one asked for, else now, or, when the calendar has not reached
 * today (a simulated or replayed plan), the end of the last day it ran. */
async function outlookInstant(db: Queryable, planId: string, tz: string, asOf?: Date | string): Promise<Date> {
  if (asOf !== undefined) return instantOf(asOf, tz);
  const through = await clockThrough(db, planId);
  const now = new Date();
  const clockEnd = through ? startOfDay(addDays(through, 1), tz) : now;
  return clockEnd < now ? clockEnd : now;
}

/** What the outlook measured in the plan's own records: incidence, movement, recent periods. */
function measuredSection(m: PlatformMeasurements, state: PlatformState, leaversMeasured: number, claims: number, memberYears: number): Outlook['measured'] {
  return {
  incidence: {
    from: m.incidence.from.toISOString(), to: m.incidence.to.toISOString(),
    per100kYear: state.recent.incidencePer100kYear, claims, memberYears,
    byBand: m.incidence.byBand.map((b) => ({ ...b, per100kYear: b.memberYears > 0 ? (b.claims / b.memberYears) * 100_000 : null })),
  },
  movement: {
    from: m.movement.from.toISOString(), to: m.movement.to.toISOString(), months: m.movement.months,
    joins: m.movement.joins, joinsPerMonth: state.recent.joinsPerMonth ?? 0,
    leftUnder40: m.movement.leftUnder40, leftOver40: m.movement.leftOver40,
    leaversUnder40Fraction: share(m.movement.leftUnder40, leaversMeasured),
    leavingPerMonth: state.recent.leavingPerMonth,
    netChangeUnder40PerMonth: state.recent.netChangeUnder40PerMonth,
    otherEnds: m.movement.otherEnds,
  },
  recentPeriods: m.periods.map((p) => ({ announcedOn: p.announcedOn, chargedOn: p.chargedOn, cases: p.cases, sharingMembers: p.sharingMembers, shareFen: p.shareFen })),
  surplusFen: state.surplusFen,
  yearToDateShareFen: state.yearToDateShareFen,
};
}

/** The outlook and the projection behind it (the CLI renders the HTML report from both). */
export async function computeOutlook(db: Queryable, planId: string, asOf?: Date | string, opts: OutlookOptions = {}): Promise<OutlookResult> {
  const months = opts.months ?? 12;
  const recentMonths = opts.recentMonths ?? 3;
  if (!Number.isInteger(months) || months < 1 || months > 120) throw new HuzhuError('VALIDATION', 'months: a whole number from 1 to 120', { field: 'months' });
  if (!Number.isInteger(recentMonths) || recentMonths < 1 || recentMonths > 12) throw new HuzhuError('VALIDATION', 'recentMonths: a whole number from 1 to 12', { field: 'recentMonths' });
  const plan = await getPlan(db, planId);
  const tz = plan.rules.timeZone;
  const at = await outlookInstant(db, plan.id, tz, asOf);

  const rules = opts.rules ?? (await getPlanAt(db, plan.id, at)).rules; // the rules in force at the outlook's instant (issue 14)
  const { state: measuredState, measurements: m, on } = await loadPlatformState(db, { planId: plan.id, timeZone: tz, at, recentMonths });
  const state = parsePlatformState(measuredState);
  const { projection, now: measuredWarning, outlook: projectedWarning } = projectFromState(state, { rules, months });

  const nowBands = m.ageMix.at(-1)!.byBand;
  const total = state.members.reduce((s, c) => s + c.count, 0);
  const ageSum = state.members.reduce((s, c) => s + c.count * (c.ageYears + 0.5), 0);
  const claims = m.incidence.byBand.reduce((s, b) => s + b.claims, 0);
  const memberYears = m.incidence.byBand.reduce((s, b) => s + b.memberYears, 0);
  const leaversMeasured = m.movement.leftUnder40 + m.movement.leftOver40;
  const rows = projection.months;
  const projectedLeavers = rows.reduce((s, r) => s + r.leavers, 0);
  const cycles = plan.rules.cycles;
  const periods: ProjectedPeriod[] = projection.periods.map((p) => ({
    month: p.month, announcedOn: `${p.month}-${String(cycles[p.period]?.announceDay ?? 1).padStart(2, '0')}`,
    sharingMembers: p.sharingMembers, cases: p.cases, payoutFen: p.payoutFen, feeFen: p.feeFen, shareFen: p.shareFen,
    avgChargeFen: p.avgChargeFen, subsidyFen: p.subsidyFen,
  }));
  const measuredAgeMix = m.ageMix.map((p) => ageRow(p.on, p.byBand));
  const yearAgo = measuredAgeMix.length > 1 ? measuredAgeMix[0]! : null; // the first point is 12 months back

  const outlook: Outlook = {
    plan: plan.id,
    planName: plan.name,
    asOf: at.toISOString(),
    asOfDate: on,
    startMonth: projection.startMonth,
    months,
    members: { total, under40Fraction: share(under40(nowBands), total), meanAge: total > 0 ? ageSum / total : null },
    measured: measuredSection(m, state, leaversMeasured, claims, memberYears),
    projection: {
      periods,
      annualCostPerMemberFen: annualCost(projection, months, rules.annualCapFen === null ? null : Number(rules.annualCapFen), state.yearToDateShareFen),
      sumOfSharesFen: periods.reduce((s, p) => s + p.shareFen, 0),
      payoutFen: rows.reduce((s, r) => s + r.payoutFen, 0),
      subsidyFen: rows.reduce((s, r) => s + r.subsidyFen, 0),
      cases: rows.reduce((s, r) => s + r.cases, 0),
      membersEnd: rows.at(-1)?.members ?? 0,
      leaversUnder40Fraction: share(rows.reduce((s, r) => s + r.leaversUnder40, 0), projectedLeavers),
    },
    ageMix: {
      bands: AGE_BANDS.map((b) => b.label),
      measured: measuredAgeMix,
      projected: rows.map((r) => ({ when: r.month, members: r.members, under40Fraction: r.members > 0 ? r.under40Fraction : null, byBand: r.membersByAgeBand })),
      under40Trend: { yearAgo: yearAgo?.under40Fraction ?? null, now: share(under40(nowBands), total), end: rows.at(-1) && rows.at(-1)!.members > 0 ? rows.at(-1)!.under40Fraction : null },
    },
    leaversUnder40: {
      measured: share(m.movement.leftUnder40, leaversMeasured),
      projected: share(rows.reduce((s, r) => s + r.leaversUnder40, 0), projectedLeavers),
      membersUnder40Now: share(under40(nowBands), total),
    },
    warning: combine({ ...measuredWarning, measures: measuresFromState(state) }, projectedWarning, recentMonths, months),
    state,
    ...(opts.proposedWeights === undefined ? {} : { grading: projectGrading(state, rules, projection, opts.proposedWeights, months) }),
  };
  return { outlook, projection };
}

/**
 * The outlook of one plan as of an instant (default: now, or the end of the last day the plan's
 * calendar ran if that is earlier). Plain JSON; throws HuzhuError NOT_FOUND for an unknown plan
 * and VALIDATION for a bad asOf. This is the function an API route calls.
 */
export async function outlook(db: Queryable, planId: string, asOf?: Date | string, opts: OutlookOptions = {}): Promise<Outlook> {
  return (await computeOutlook(db, planId, asOf, opts)).outlook;
}

/** The self-contained HTML report of an outlook (projection/report.ts). */
export function renderOutlookReport(r: OutlookResult): string {
  const o = r.outlook;
  return renderReport({
    title: `huzhu outlook: ${o.planName} (${o.plan}), from ${o.asOfDate}`,
    scenarios: [{
      name: 'outlook',
      description: `Started from the plan's measured state on ${o.asOfDate}: ${o.members.total.toLocaleString('en-US')} members by age and months since joining, `
        + `${o.measured.incidence.per100kYear === null ? 'the assumed incidence' : `${o.measured.incidence.per100kYear.toFixed(0)} approved claims a year per 100,000 members`}, `
        + `${o.measured.movement.joinsPerMonth.toFixed(0)} joins a month and the leaving rates of the last ${o.measured.movement.months} months. ${o.warning.summary}`,
      result: r.projection,
      warning: { level: o.warning.level, summary: o.warning.summary, reasons: o.warning.reasons, signals: o.warning.signals, firstMonth: o.warning.projected.firstMonth },
    }],
  });
}
