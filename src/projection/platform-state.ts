/**
 * PlatformState: where a plan stands now, in the aggregates the live database can give
 * (members by age and months since joining, recent shares, incidence and leaving, the surplus
 * carried). A projection starts from it; so does the warning level on measured data. The
 * projection's own final state has the same shape, so one projection can start another.
 */
import { z } from 'zod';
import { invalid } from '../domain/errors.ts';
import type { PlanRules } from '../domain/plan-rules.ts';
import type { Assumptions } from './assumptions.ts';
import { parseWith } from './assumptions.ts';
import { monthNumber } from './calendar.ts';

export interface MemberCell {
  /** Age in completed years. */
  ageYears: number;
  /** Whole months since joining (0 in the month of joining). */
  tenureMonths: number;
  count: number;
  /**
   * Of `count`, members at raised risk. The database cannot know this (nobody declares it);
   * when absent the projection assumes the joiners' at-risk fraction.
   */
  atRiskCount?: number;
}

export interface RecentMeasures {
  /** Per-period shares in fen of the last periods, oldest first (at least 2 for a trend). */
  shareFen: number[];
  /** Claims a year per 100,000 members, measured over the last year; null if unknown. */
  incidencePer100kYear: number | null;
  /** Fraction of members leaving a month, by age group; null if unknown. */
  leavingPerMonth: { under40: number; over40: number } | null;
  /** Members joining a month recently; null if unknown. */
  joinsPerMonth: number | null;
  /** Of the members who left recently, the fraction under 40; null if unknown. */
  leaversUnder40Fraction: number | null;
  /** Relative change a month of members under 40 (e.g. -0.02 = 2% fewer a month); null if unknown. */
  netChangeUnder40PerMonth: number | null;
}

export interface PlatformState {
  /** Last complete month, "YYYY-MM"; a projection starts the month after. */
  asOf: string;
  members: MemberCell[];
  /** Surplus carried into the next period (fen). */
  surplusFen: number;
  /** Reserve fund balance (fen), for the reserve lever. */
  reserveFen: number;
  /** Sum of the per-period base shares billed so far in asOf's calendar year (fen), for the annual cap. */
  yearToDateShareFen: number;
  recent: RecentMeasures;
}

const count = z.number().min(0).max(1e10);
const fraction = z.number().min(0).max(1);

export const platformStateSchema = z.object({
  asOf: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected YYYY-MM'),
  members: z.array(z.object({
    ageYears: z.number().int().min(0).max(120),
    tenureMonths: z.number().int().min(0).max(1200),
    count,
    atRiskCount: count.optional(),
  }).strict()),
  surplusFen: z.number().min(0),
  reserveFen: z.number().min(0),
  yearToDateShareFen: z.number().min(0),
  recent: z.object({
    shareFen: z.array(z.number().min(0)),
    incidencePer100kYear: z.number().min(0).nullable(),
    leavingPerMonth: z.object({ under40: fraction, over40: fraction }).strict().nullable(),
    joinsPerMonth: count.nullable(),
    leaversUnder40Fraction: fraction.nullable(),
    netChangeUnder40PerMonth: z.number().min(-1).max(10).nullable(),
  }).strict(),
}).strict();

/** Validates a PlatformState from JSON (throws HuzhuError VALIDATION). */
export function parsePlatformState(value: unknown, field = 'state'): PlatformState {
  const s = parseWith(platformStateSchema, value, field);
  monthNumber(s.asOf, `${field}.asOf`);
  for (const [i, c] of s.members.entries()) {
    if (c.atRiskCount !== undefined && c.atRiskCount > c.count) {
      throw invalid(`${field}.members.${i}.atRiskCount`, 'must not exceed count');
    }
  }
  return s;
}

export const NO_RECENT: RecentMeasures = {
  shareFen: [], incidencePer100kYear: null, leavingPerMonth: null, joinsPerMonth: null,
  leaversUnder40Fraction: null, netChangeUnder40PerMonth: null,
};

/** A plan before launch: nobody yet. */
export function emptyState(asOf: string): PlatformState {
  return { asOf, members: [], surplusFen: 0, reserveFen: 0, yearToDateShareFen: 0, recent: NO_RECENT };
}

/** Ages a plan admits, weighted by the joiners' age mix (normalised to sum 1). */
export function joinAgeMix(rules: PlanRules, assumptions: Assumptions, maxAge: number): Float64Array {
  const mix = new Float64Array(maxAge + 1);
  let total = 0;
  for (const band of assumptions.joiners.ageMix) {
    const lo = Math.max(band.fromAge, rules.minJoinAgeYears);
    const hi = Math.min(band.toAge, rules.maxJoinAgeYears, maxAge);
    for (let a = lo; a <= hi; a++) {
      const w = band.weight / (band.toAge - band.fromAge + 1);
      mix[a] = (mix[a] ?? 0) + w;
      total += w;
    }
  }
  if (total > 0) for (let a = 0; a <= maxAge; a++) mix[a] = mix[a]! / total;
  return mix;
}

/**
 * A made-up plan of `members` members with the joiners' age mix, spread evenly over
 * `tenureSpreadMonths` months since joining: for what-if runs with no history behind them.
 */
export function syntheticState(opts: {
  asOf: string; members: number; rules: PlanRules; assumptions: Assumptions; tenureSpreadMonths: number;
}): PlatformState {
  const maxAge = Math.min(opts.rules.maxJoinAgeYears, 120);
  const mix = joinAgeMix(opts.rules, opts.assumptions, maxAge);
  const spread = Math.max(1, Math.round(opts.tenureSpreadMonths));
  const atRisk = opts.assumptions.incidence.atRisk.joinFraction;
  const members: MemberCell[] = [];
  for (let a = 0; a <= maxAge; a++) {
    const m = mix[a]!;
    if (m === 0) continue;
    for (let t = 0; t < spread; t++) {
      const c = (opts.members * m) / spread;
      members.push({ ageYears: a, tenureMonths: t, count: c, atRiskCount: c * atRisk });
    }
  }
  return { ...emptyState(opts.asOf), members };
}
