/**
 * What a projection takes and what it gives back: the input (plan, assumptions, levers, joins,
 * starting state) and the rows by charge period, month and year. The model that turns one into
 * the other is in cohort-model.ts.
 */
import type { PlanRules } from '../domain/plan-rules.ts';
import type { Assumptions } from './assumptions.ts';
import type { Levers } from './levers.ts';
import type { PlatformState } from './platform-state.ts';

export interface JoinSpec {
  /** Joiners in each month from the first projected month; after the curve, `perMonth`. */
  curve: number[];
  perMonth: number;
  /** Joins fall by this fraction per 100 yuan of annual charge (0: joining ignores the share). */
  shareResponsePer100Yuan: number;
}

export interface ProjectionInput {
  name: string;
  rules: PlanRules;
  assumptions: Assumptions;
  levers: Levers;
  joins: JoinSpec;
  start: PlatformState;
  /** Months to project (120 = 10 years). */
  months: number;
}

/** Age groups for the age-mix outputs. */
export const AGE_BANDS: ReadonlyArray<{ label: string; from: number; to: number }> = [
  { label: '0-17', from: 0, to: 17 },
  { label: '18-29', from: 18, to: 29 },
  { label: '30-39', from: 30, to: 39 },
  { label: '40-49', from: 40, to: 49 },
  { label: '50-59', from: 50, to: 59 },
  { label: '60+', from: 60, to: 200 },
];

export interface PeriodRow {
  month: string;
  /** 0-based index of the charge period in the month. */
  period: number;
  sharingMembers: number;
  cases: number;
  payoutFen: number;
  feeFen: number;
  /** Share per member at contribution weight 1. */
  shareFen: number;
  /** What members were charged on average this period (after caps and weights). */
  avgChargeFen: number;
  subsidyFen: number;
  prorationRatio: number;
  reserveFen: number;
}

export interface MonthRow {
  month: string;
  /** Members at the end of the month. */
  members: number;
  joins: number;
  leavers: number;
  leaversUnder40: number;
  deaths: number;
  removedAtAge: number;
  removedAfterPayout: number;
  /** Members at month end by AGE_BANDS. */
  membersByAgeBand: number[];
  under40Fraction: number;
  meanAge: number;
  atRiskFraction: number;
  cases: number;
  /** Claims a year per 100,000 members, at this month's rate. */
  incidencePer100kYear: number;
  payoutFen: number;
  feeFen: number;
  chargedFen: number;
  subsidyFen: number;
  /** Needs not paid because the share limit prorated them. */
  unmetNeedsFen: number;
  /** Average charge per member per period, over the month's periods. */
  avgChargeFen: number;
  /** What a member present since January paid so far this year (caps applied), averaged over the age mix. */
  yearToDateCostFen: number;
  reserveFen: number;
}

export interface YearRow {
  year: number;
  /** Months of the year inside the projection. */
  months: number;
  membersEnd: number;
  membersAverage: number;
  joins: number;
  leavers: number;
  cases: number;
  payoutFen: number;
  feeFen: number;
  chargedFen: number;
  subsidyFen: number;
  unmetNeedsFen: number;
  /**
   * What a member present all year paid (the published "share per member per year"): the sum of
   * the year's charges at the member's age weight, the caps applied, averaged over the age mix.
   */
  annualCostPerMemberFen: number;
}

export interface ProjectionResult {
  name: string;
  startMonth: string;
  periodsPerMonth: number;
  months: MonthRow[];
  periods: PeriodRow[];
  years: YearRow[];
  finalState: PlatformState;
}
