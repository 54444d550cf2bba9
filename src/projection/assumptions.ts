/**
 * Model assumptions: the numbers the projection takes from the world rather than from a plan's
 * rules (incidence by age, leaving behaviour, mortality, who joins). They are data files in
 * reference/assumptions/*.json, each with a `source` saying where the numbers come from, so that
 * changing an assumption is an edit to a file anyone can read, not to the code.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { HuzhuError } from '../domain/errors.ts';

const rate = z.number().min(0).max(1);
const age = z.number().int().min(0).max(120);
const source = z.string().min(10);

/** Curves are given at a few ages and interpolated between them (see `curveByAge`). */
const per100kPoints = z.array(z.object({ age, per100k: z.number().min(0).max(100_000) }).strict()).min(1);
const ratePoints = z.array(z.object({ age, rate }).strict()).min(1);
const factorPoints = z.array(z.object({ age, factor: z.number().min(0).max(100) }).strict()).min(1);

export const incidenceSchema = z.object({
  source,
  /** Claims a year per 100,000 fully-selected members of the joiner health mix, by age at diagnosis. */
  annualPer100kByAge: per100kPoints,
  /** Fraction of claims that are for the mild tier (the member stays; one mild payout). */
  mildShare: rate,
  /** Fraction of claims caused by an accident, which skip the waiting period when the plan says so. */
  accidentShare: rate,
  /** Members who join with a raised risk the health declaration does not catch. */
  atRisk: z.object({ joinFraction: rate, incidenceMultiple: z.number().min(1).max(50) }).strict(),
  /**
   * Claims per expected claim by months since joining, after the waiting period: new members
   * just passed a health declaration, so their claims start low and rise to the full rate.
   */
  /**
   * Months from diagnosis to the public announcement at which a claim is shared (application,
   * investigation, reviews, notice). Claims are priced at announcement, by the members then.
   */
  claimLagMonths: z.number().min(0).max(24),
  selectionByTenureMonths: z.array(z.object({ month: z.number().int().min(0).max(240), factor: z.number().min(0).max(5) })).min(1),
}).strict();

export const leavingSchema = z.object({
  source,
  /** Leaving a month that has nothing to do with the share (moving on, forgetting, distrust). */
  baseMonthlyByAge: ratePoints,
  /** Annual charge (yuan) members accept without reacting. */
  toleranceYuanPerYear: z.number().min(0),
  /** Extra monthly leaving per yuan of annual charge above the tolerance, by health. */
  responsePerYuan: z.object({ healthy: z.number().min(0).max(0.01), atRisk: z.number().min(0).max(0.01) }).strict(),
  /** Multiplier of the response by age: young members react more (they expect to claim less). */
  responseAgeFactor: factorPoints,
  /** No more than this fraction of any cohort leaves in one month. */
  maxMonthly: rate,
}).strict();

export const mortalitySchema = z.object({
  source,
  annualByAge: ratePoints,
}).strict();

export const joinersSchema = z.object({
  source,
  /** Relative weight of joiners by age range (inclusive); restricted to the plan's joining ages. */
  ageMix: z.array(z.object({ fromAge: age, toAge: age, weight: z.number().min(0) }).strict()).min(1),
}).strict();

export const assumptionsSchema = z.object({
  incidence: incidenceSchema,
  leaving: leavingSchema,
  mortality: mortalitySchema,
  joiners: joinersSchema,
}).strict();

export type Assumptions = z.infer<typeof assumptionsSchema>;

export const ASSUMPTIONS_DIR = new URL('../../reference/assumptions/', import.meta.url);

/** Throws HuzhuError VALIDATION naming the first bad field (one implementation, in the domain). */
import { parseWith } from '../domain/parse-with.ts';

export { parseWith };

export function readJson(file: string | URL, field: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new HuzhuError('VALIDATION', `${field}: cannot read ${String(file)}`, { field, cause: e });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new HuzhuError('VALIDATION', `${field}: ${String(file)} is not valid JSON`, { field, cause: e });
  }
}

/** The default assumptions, read from reference/assumptions/. */
export function loadAssumptions(dir: string | URL = ASSUMPTIONS_DIR): Assumptions {
  const base = typeof dir === 'string' ? new URL(`file://${dir.endsWith('/') ? dir : `${dir}/`}`) : dir;
  const value = {
    incidence: readJson(new URL('incidence.json', base), 'incidence'),
    leaving: readJson(new URL('leaving.json', base), 'leaving'),
    mortality: readJson(new URL('mortality.json', base), 'mortality'),
    joiners: readJson(new URL('joiners.json', base), 'joiners'),
  };
  return parseWith(assumptionsSchema, value, 'assumptions');
}

/**
 * A curve at every age 0..maxAge from a few points: log-linear between points (incidence and
 * mortality rise roughly exponentially with age, so this keeps the shape), flat outside them.
 */
export function curveByAge(points: ReadonlyArray<{ age: number; value: number }>, maxAge: number): Float64Array {
  const pts = [...points].sort((a, b) => a.age - b.age);
  const out = new Float64Array(maxAge + 1);
  for (let a = 0; a <= maxAge; a++) {
    let i = 0;
    while (i < pts.length - 1 && pts[i + 1]!.age <= a) i++;
    const p = pts[i]!;
    const q = pts[i + 1];
    if (a <= pts[0]!.age) out[a] = pts[0]!.value;
    else if (!q) out[a] = p.value;
    else {
      const f = (a - p.age) / (q.age - p.age);
      out[a] = p.value > 0 && q.value > 0 ? p.value * Math.pow(q.value / p.value, f) : p.value + (q.value - p.value) * f;
    }
  }
  return out;
}
