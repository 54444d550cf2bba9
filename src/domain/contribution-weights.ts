/**
 * Contributions graded by age (issue 14): a plan setting that gives each age band a whole-number
 * weight, so a member pays `shareFen x weight` instead of the same share as everyone.
 *
 *   contributionWeights = [{fromAge, weight}, ...]   ascending fromAge, the first at 0, weight >= 1
 *   a member's weight   = the weight of the last band whose fromAge <= their age in completed
 *                         years at the snapshot instant (00:00 of the announcement day)
 *   W                   = sum of the sharing members' weights
 *
 * The default, one band of weight 1, is the equal share every plan had before. The projection
 * model's graded-contributions lever is this very type and schema (src/projection/levers.ts), so
 * what a scenario projects is what the engine would bill.
 */
import { z } from 'zod';
import { HuzhuError } from './errors.ts';
import { fromParts, parts, type LocalDate } from './local-date.ts';

export interface ContributionWeight {
  /** Youngest age in completed years of the band (inclusive); the band runs to the next band's fromAge. */
  fromAge: number;
  /** Whole units of the share per unit a member of this band pays. */
  weight: number;
}

export type ContributionWeights = readonly ContributionWeight[];

export const DEFAULT_CONTRIBUTION_WEIGHTS: ContributionWeights = Object.freeze([Object.freeze({ fromAge: 0, weight: 1 })]);

/** Most weight one band may carry: keeps shareFen x weight and W far inside a bigint column's safe range. */
export const MAX_WEIGHT = 1000;

export const contributionWeightsJson = z.array(z.object({
  fromAge: z.number().int().min(0).max(200),
  weight: z.number().int().min(1).max(MAX_WEIGHT),
}).strict()).min(1).max(50);

/** Order and first-band checks the schema cannot state; errors name `<field>` (e.g. rules.contributionWeights). */
export function checkContributionWeights(w: ContributionWeights, field = 'contributionWeights'): ContributionWeights {
  if (w.length === 0) throw new HuzhuError('VALIDATION', `${field}: at least one band is needed`, { field });
  if (w[0]!.fromAge !== 0) throw new HuzhuError('VALIDATION', `${field}.0.fromAge: the first band must start at age 0`, { field: `${field}.0.fromAge` });
  for (let i = 1; i < w.length; i++) {
    if (w[i]!.fromAge <= w[i - 1]!.fromAge) {
      throw new HuzhuError('VALIDATION', `${field}.${i}.fromAge: bands must be in strictly ascending fromAge order`, { field: `${field}.${i}.fromAge` });
    }
  }
  for (const [i, b] of w.entries()) {
    if (!Number.isInteger(b.weight) || b.weight < 1 || b.weight > MAX_WEIGHT) {
      throw new HuzhuError('VALIDATION', `${field}.${i}.weight: a whole number from 1 to ${MAX_WEIGHT}`, { field: `${field}.${i}.weight` });
    }
  }
  return w;
}

/**
 * `0:1,30:2,50:3` -> [{fromAge: 0, weight: 1}, ...]: the short form of the command line and the
 * outlook's query. Not checked here: the caller checks it as the plan setting is.
 */
export function parseWeightPairs(text: string): { fromAge: number; weight: number }[] {
  return text.split(',').map((pair) => {
    const [fromAge, weight] = pair.split(':');
    return { fromAge: Number(fromAge), weight: Number(weight) };
  });
}

/** The band index of an age in completed years. */
export function bandOfAge(w: ContributionWeights, age: number): number {
  let band = 0;
  for (let i = 1; i < w.length; i++) if (w[i]!.fromAge <= age) band = i;
  return band;
}

export function weightOfAge(w: ContributionWeights, age: number): number {
  return w[bandOfAge(w, age)]!.weight;
}

/** Whether every band weighs 1: the equal share, billed by the engine's fast path. */
export function isEqualWeights(w: ContributionWeights): boolean {
  return w.every((b) => b.weight === 1);
}

export function maxWeight(w: ContributionWeights): number {
  return w.reduce((m, b) => Math.max(m, b.weight), 0);
}

/**
 * The latest birth date of someone at least `years` old in completed years on `on`, as
 * domain/local-date.ts ageOn counts (a 29 February birthday falls on 1 March in common years):
 * born on or before it <=> ageOn(birth, on) >= years. The sharing run's SQL compares birth dates
 * with these cutoffs, so the database needs no age arithmetic of its own.
 */
export function birthCutoff(on: LocalDate, years: number): LocalDate {
  const { year, month, day } = parts(on);
  const y = year - years;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return month === 2 && day === 29 && !leap ? fromParts(y, 2, 28) : fromParts(y, month, day);
}

/** One band's count in a period: published in the period result and the log. */
export interface WeightBandCount extends ContributionWeight {
  members: bigint;
}

/** The per-band counts for every band (zero where nobody is in it), from counts by band index. */
export function bandCounts(w: ContributionWeights, countsByBand: ReadonlyMap<number, bigint>): WeightBandCount[] {
  return w.map((b, i) => ({ fromAge: b.fromAge, weight: b.weight, members: countsByBand.get(i) ?? 0n }));
}

/** W: the sum of the sharing members' weights. */
export function weightTotalOf(bands: readonly WeightBandCount[]): bigint {
  return bands.reduce((s, b) => s + b.members * BigInt(b.weight), 0n);
}

export function membersOf(bands: readonly WeightBandCount[]): bigint {
  return bands.reduce((s, b) => s + b.members, 0n);
}
