/**
 * A synthetic population for `huzhu simulate`, drawn from the same assumption files the
 * projection model uses (reference/assumptions/): the joiners' age mix (Xiang Hu Bao members were
 * mostly born in the 1980s-1990s, families enrolled children and parents) and incidence by age
 * (rising roughly exponentially with age; see incidence.json's `source`). Deterministic for a seed.
 */
import { addDays, fromParts, parts, type LocalDate } from '../domain/local-date.ts';
import type { PlanRules } from '../domain/plan-rules.ts';
import type { BulkApplicant } from '../services/bulk-enrolment.ts';
import type { Assumptions } from '../projection/assumptions.ts';
import { curveByAge } from '../projection/assumptions.ts';

export type Random = () => number;

/** Ages (completed years) a plan accepts, weighted by the joiners' age mix. */
export function ageSampler(rules: PlanRules, a: Assumptions, rand: Random): () => number {
  const weights: { age: number; w: number }[] = [];
  for (const band of a.joiners.ageMix) {
    for (let age = band.fromAge; age <= band.toAge; age++) {
      if (age < rules.minJoinAgeYears || age > rules.maxJoinAgeYears) continue;
      weights.push({ age, w: band.weight / (band.toAge - band.fromAge + 1) });
    }
  }
  const total = weights.reduce((s, x) => s + x.w, 0);
  return () => {
    let r = rand() * total;
    for (const x of weights) {
      r -= x.w;
      if (r <= 0) return x.age;
    }
    return weights[weights.length - 1]!.age;
  };
}

/** A birth date giving `age` completed years on `on` (and at least 30 days old). */
export function birthDateFor(age: number, on: LocalDate, rand: Random): LocalDate {
  const { year, month, day } = parts(on);
  // Born between (on - age - 1 years + 1 day) and (on - age years).
  const latest = fromParts(year - age, month, day);
  const offset = Math.floor(rand() * 365);
  const d = addDays(latest, -offset);
  return age === 0 ? addDays(d, -31) : d;
}

/**
 * Applicants: about a quarter are family members enrolled by another member's payer account.
 * Person and payer ids are stable strings so runs are reproducible.
 */
export function applicants(rules: PlanRules, a: Assumptions, opts: { count: number; firstIndex: number; joinDate: LocalDate; rand: Random }): BulkApplicant[] {
  const age = ageSampler(rules, a, opts.rand);
  const out: BulkApplicant[] = [];
  let payer = `payer-${opts.firstIndex}`;
  for (let i = 0; i < opts.count; i++) {
    const n = opts.firstIndex + i;
    const family = i > 0 && opts.rand() < 0.25;
    if (!family) payer = `payer-${n}`;
    out.push({ person: `person-${n}`, payer, birthDate: birthDateFor(age(), opts.joinDate, opts.rand) });
  }
  return out;
}

/** Monthly probability of a claim by age, from the annual incidence per 100,000. */
export function monthlyIncidenceByAge(a: Assumptions, maxAge = 110): Float64Array {
  const annual = curveByAge(a.incidence.annualPer100kByAge.map((p) => ({ age: p.age, value: p.per100k })), maxAge);
  return annual.map((x) => x / 100_000 / 12);
}
