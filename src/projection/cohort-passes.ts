/**
 * The cohort model's two passes over every cohort each month: the exposure (expected claims by
 * payout band) and the month end (claimants, deaths, leaving, ageing, tenure). They are the hot
 * loops of a projection, kept in small functions of their own so V8 optimises them well.
 */
import type { ModelSetup } from './model-setup.ts';

/**
 * The month's exposure in one pass over the cohorts: per payout band the expected claims a
 * period (s1), the sum of squared claim rates (q2, to discount claimants already removed earlier
 * in the month) and the contribution-weighted claims (sw); members by age; totals[0] members,
 * totals[1] weighted members. (Hot loops live in small functions so V8 optimises them well.)
 */
export function exposurePass(setup: ModelSetup, n: Float64Array, s1: Float64Array, q2: Float64Array, sw: Float64Array,
  cohortByAge: Float64Array, totals: Float64Array): void {
  const { A, T, tenureFactor, weight, bandOf, ratePerPeriod } = setup;
  s1.fill(0); q2.fill(0); sw.fill(0); cohortByAge.fill(0);
  let members = 0, weighted = 0;
  for (let h = 0; h < 2; h++) {
    for (let a = 0; a < A; a++) {
      const base = (h * A + a) * T;
      let cohort = 0, f1 = 0, f2 = 0;
      for (let t = 0; t < T; t++) {
        const m = n[base + t]!;
        const x = m * tenureFactor[t]!;
        cohort += m;
        f1 += x;
        f2 += x * tenureFactor[t]!;
      }
      cohortByAge[a]! += cohort;
      members += cohort;
      weighted += cohort * weight[a]!;
      const b = bandOf[a]!;
      if (b >= 0) {
        const r = ratePerPeriod[h * A + a]!;
        s1[b]! += r * f1;
        q2[b]! += r * r * f2;
        sw[b]! += r * f1 * weight[a]!;
      }
    }
  }
  totals[0] = members;
  totals[1] = weighted;
}

/**
 * Month end in one pass: the month's severe claimants leave (to first order, claim rate x the
 * band's removal factor), then deaths, leaving, ageing and tenure, written into `next`.
 * totals: [leavers, leavers under 40, deaths, removed at the age limit, removed after payout].
 */
export function monthEndPass(setup: ModelSetup, n: Float64Array, next: Float64Array, perceivedYuan: Float64Array,
  removalK: Float64Array, endByAge: Float64Array, totals: Float64Array): void {
  const { A, T, tenureFactor, tenureMove, bandOf, ratePerPeriod } = setup;
  const asm = setup.input.assumptions.leaving;
  const tolerance = asm.toleranceYuanPerYear;
  const maxLeave = asm.maxMonthly;
  next.fill(0);
  endByAge.fill(0);
  let leavers = 0, leaversUnder40 = 0, deaths = 0, removedAtAge = 0, removedPayout = 0;
  for (let h = 0; h < 2; h++) {
    const resp = setup.responseHealth[h]!;
    for (let a = 0; a < A; a++) {
      const over = Math.max(0, perceivedYuan[a]! - tolerance);
      const leave = Math.min(maxLeave, setup.leaveBase[a]! + resp * setup.responseAge[a]! * over);
      const die = setup.deathPerMonth[a]!;
      const b = bandOf[a]!;
      const rk = b >= 0 ? ratePerPeriod[h * A + a]! * removalK[b]! : 0;
      const base = (h * A + a) * T;
      const hasUp = a + 1 < A;
      const up = hasUp ? (h * A + a + 1) * T : base;
      // Birthdays are spread over the year: a twelfth of each age cohort turns a year older
      // each month (removed at the plan's age limit); a wide tenure bucket passes 1/width of its
      // members to the next bucket. Loops are split by bucket kind because this is the hot path.
      const keep = (1 - die) * (1 - leave);
      const ageUp = hasUp || setup.removeAtMaxAge ? 1 / 12 : 0;
      const sameF = keep * (1 - ageUp);
      const upF = hasUp ? keep * ageUp : 0;
      let afterClaims = 0;
      for (let t = 0; t < T; t++) {
        const m = n[base + t]!;
        const x = rk > 0 ? m * Math.min(1, rk * tenureFactor[t]!) : 0;
        const m1 = m - x;
        removedPayout += x;
        afterClaims += m1;
        const f = tenureMove[t]!;
        if (f === 1) {
          next[base + t + 1]! += m1 * sameF;
          next[up + t + 1]! += m1 * upF;
        } else if (f === 0) {
          next[base + t]! += m1 * sameF;
          next[up + t]! += m1 * upF;
        } else {
          next[base + t]! += m1 * sameF * (1 - f);
          next[base + t + 1]! += m1 * sameF * f;
          next[up + t]! += m1 * upF * (1 - f);
          next[up + t + 1]! += m1 * upF * f;
        }
      }
      const died = afterClaims * die;
      const left = (afterClaims - died) * leave;
      const stay = afterClaims * keep;
      endByAge[h * A + a]! += stay * (1 - ageUp);
      if (hasUp) endByAge[h * A + a + 1]! += stay * ageUp;
      leavers += left;
      if (a < 40) leaversUnder40 += left;
      deaths += died;
      if (!hasUp) removedAtAge += stay * ageUp;
    }
  }
  totals[0] = leavers; totals[1] = leaversUnder40; totals[2] = deaths; totals[3] = removedAtAge; totals[4] = removedPayout;
}
