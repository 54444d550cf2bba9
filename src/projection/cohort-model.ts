/**
 * The cohort model: members by health (healthy / at risk), single year of age and months since
 * joining, stepped month by month with the plan's charge periods inside each month.
 *
 * Each month: joiners arrive (with the joiners' age mix and at-risk fraction); in each charge
 * period the expected claims of every cohort are priced by the plan's payout bands and shared
 * under the sharing rule and the levers (fee, caps with operator subsidy, graded contributions,
 * reserve, share limit); severe claimants leave with their payout; at month end members die,
 * leave (a base rate plus a response to what they were charged, stronger for the healthy and
 * the young, so that a rising share drives out the best risks first), age by 1/12 of a year
 * (removed at the plan's age limit) and move one month on in tenure.
 *
 * Everything runs over Float64Arrays indexed by cohort, never per member: the cost of a step is
 * the number of cohorts (2 x ages x tenure months, a few thousand), whatever the membership.
 *
 * This is a statistical model: counts and money inside are floats of expected values (fen), not
 * the ledger's exact bigint fen. Money is rounded to whole fen only in the reported rows.
 * With `random` given, claims are drawn as Poisson counts instead (Monte Carlo mode).
 */
import type { PlanRules } from '../domain/plan-rules.ts';
import { curveByAge, type Assumptions } from './assumptions.ts';
import { monthLabel, monthNumber, monthOfYear, yearOf } from './calendar.ts';
import { sharePeriod, weightsByAge, type Levers } from './levers.ts';
import { joinAgeMix, type MemberCell, type PlatformState } from './platform-state.ts';
import { poisson } from './random.ts';

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

/** Everything about a projection that does not change between runs (Monte Carlo reuses it). */
export interface ModelSetup {
  input: ProjectionInput;
  A: number; // ages 0..A-1
  /**
   * Tenure buckets: one month wide while the waiting period and the annual cap need the exact
   * month of joining (at least the first 12), then wider while selection wears off, then one
   * open bucket. Wide buckets pass 1/width of their members on each month (like ages).
   */
  T: number;
  tenureStart: Int32Array;
  /** Fraction of a bucket moving to the next each month (1 for one-month buckets, 0 for the last). */
  tenureMove: Float64Array;
  P: number; // charge periods a month
  /** Claims per member per period by (health, age). */
  ratePerPeriod: Float64Array;
  /** Claims factor by tenure bucket: waiting period and selection. */
  tenureFactor: Float64Array;
  mildShare: number;
  severeFen: Float64Array;
  mildFen: Float64Array;
  /** Payout band of each age (index into the plan's bands), -1 when not covered. */
  bandOf: Int32Array;
  bands: number;
  weight: Float64Array;
  weightMax: number;
  deathPerMonth: Float64Array;
  leaveBase: Float64Array;
  responseAge: Float64Array;
  responseHealth: [number, number];
  joinMix: Float64Array;
  healthJoin: [number, number];
  /** AGE_BANDS index of each age. */
  ageBandOf: Int32Array;
  feeRate: number;
  annualCapFen: number | null;
  perCaseCapFen: number | null;
  removeAtMaxAge: boolean;
}

const DAYS_PER_MONTH = 365.25 / 12;
const WIDE_TENURE_BUCKET = 6;

export function prepareModel(input: ProjectionInput): ModelSetup {
  const { rules, assumptions: asm } = input;
  const A = rules.removalAgeYears === null ? 101 : Math.max(1, rules.removalAgeYears);
  const maxAge = A - 1;
  const P = rules.cycles.length;
  const waitMonths = rules.waitingPeriodDays / DAYS_PER_MONTH;
  const selPoints = [...asm.incidence.selectionByTenureMonths].sort((a, b) => a.month - b.month);
  const lastSel = selPoints.at(-1)!.month;

  const starts: number[] = [];
  const monthly = Math.max(12, Math.ceil(waitMonths) + 1);
  for (let t = 0; t < monthly; t++) starts.push(t);
  for (let t = monthly; t < lastSel; t += WIDE_TENURE_BUCKET) starts.push(t);
  starts.push(Math.max(lastSel, monthly));
  const T = starts.length;
  const tenureStart = Int32Array.from(starts);
  const tenureMove = new Float64Array(T);
  for (let k = 0; k < T - 1; k++) tenureMove[k] = 1 / (starts[k + 1]! - starts[k]!);

  const selectionAt = (t: number): number => {
    let f = selPoints[0]!.factor;
    for (let i = 0; i < selPoints.length; i++) {
      const p = selPoints[i]!;
      const q = selPoints[i + 1];
      if (t >= p.month) f = q && t < q.month ? p.factor + ((q.factor - p.factor) * (t - p.month)) / (q.month - p.month) : p.factor;
    }
    return f;
  };
  const acc = asm.incidence.accidentShare;
  const tenureFactor = new Float64Array(T);
  for (let k = 0; k < T; k++) {
    const width = k < T - 1 ? starts[k + 1]! - starts[k]! : 1;
    const mid = starts[k]! + (width - 1) / 2; // selection linear in t: its mean is its value at the midpoint
    // Fraction of the bucket's months past the waiting period (joins happen at a month's start).
    let eligible = 0;
    for (let t = starts[k]!; t < starts[k]! + width; t++) eligible += Math.min(1, Math.max(0, t + 1 - waitMonths));
    eligible /= width;
    const f = selectionAt(mid);
    tenureFactor[k] = rules.accidentSkipsWaitingPeriod ? acc + (1 - acc) * eligible * f : eligible * (acc + (1 - acc) * f);
  }

  const { joinFraction, incidenceMultiple } = asm.incidence.atRisk;
  const norm = 1 - joinFraction + joinFraction * incidenceMultiple;
  const healthMult: [number, number] = [1 / norm, incidenceMultiple / norm];
  const incidence = curveByAge(asm.incidence.annualPer100kByAge.map((p) => ({ age: p.age, value: p.per100k })), maxAge);
  const ratePerPeriod = new Float64Array(2 * A);
  for (let h = 0; h < 2; h++) for (let a = 0; a < A; a++) ratePerPeriod[h * A + a] = (incidence[a]! / 100_000) * healthMult[h]! / (12 * P);

  const bandOf = new Int32Array(A).fill(-1);
  const severeFen = new Float64Array(rules.payoutBands.length);
  rules.payoutBands.forEach((b, i) => { severeFen[i] = Number(b.severeFen); });
  for (let a = 0; a < A; a++) bandOf[a] = rules.payoutBands.findIndex((b) => a <= b.maxAge);
  const mildFen = new Float64Array(rules.payoutBands.length).fill(rules.maxMildPayouts > 0 ? Number(rules.mildPayoutFen) : 0);

  const weight = weightsByAge(input.levers, maxAge);
  const mortality = curveByAge(asm.mortality.annualByAge.map((p) => ({ age: p.age, value: p.rate })), maxAge);
  const deathPerMonth = mortality.map((q) => 1 - Math.pow(1 - Math.min(q, 1), 1 / 12));
  const leaveBase = curveByAge(asm.leaving.baseMonthlyByAge.map((p) => ({ age: p.age, value: p.rate })), maxAge);
  const responseAge = curveByAge(asm.leaving.responseAgeFactor.map((p) => ({ age: p.age, value: p.factor })), maxAge);
  const ageBandOf = new Int32Array(A);
  for (let a = 0; a < A; a++) ageBandOf[a] = AGE_BANDS.findIndex((b) => a <= b.to);

  return {
    input, A, T, tenureStart, tenureMove, P, ratePerPeriod, tenureFactor,
    mildShare: asm.incidence.mildShare,
    severeFen, mildFen, bandOf, bands: rules.payoutBands.length,
    weight, weightMax: Math.max(...weight),
    deathPerMonth, leaveBase, responseAge,
    responseHealth: [asm.leaving.responsePerYuan.healthy, asm.leaving.responsePerYuan.atRisk],
    joinMix: joinAgeMix(rules, asm, maxAge),
    healthJoin: [1 - joinFraction, joinFraction],
    ageBandOf,
    feeRate: Number(rules.feeBasisPoints) / 10_000,
    annualCapFen: rules.annualCapFen === null ? null : Number(rules.annualCapFen),
    perCaseCapFen: rules.perCaseCapFen === null ? null : Number(rules.perCaseCapFen),
    removeAtMaxAge: rules.removalAgeYears !== null,
  };
}

function bucketOf(setup: ModelSetup, tenureMonths: number): number {
  let k = 0;
  while (k + 1 < setup.T && setup.tenureStart[k + 1]! <= tenureMonths) k++;
  return k;
}

/** Cohort counts from a PlatformState (ages past the plan's limit are dropped). */
function cohortsFrom(setup: ModelSetup, state: PlatformState): Float64Array {
  const { A, T } = setup;
  const n = new Float64Array(2 * A * T);
  const defaultAtRisk = setup.healthJoin[1];
  for (const c of state.members) {
    if (c.ageYears >= A || c.count <= 0) continue;
    const k = bucketOf(setup, c.tenureMonths);
    const risk = c.atRiskCount ?? c.count * defaultAtRisk;
    n[c.ageYears * T + k]! += c.count - risk;
    n[(A + c.ageYears) * T + k]! += risk;
  }
  return n;
}

/** One projection. With `random`, claim counts are drawn (Poisson) rather than expected. */
export function runModel(setup: ModelSetup, random?: () => number): ProjectionResult {
  const { input, A, T, P, mildShare, severeFen, mildFen, bands, weight, weightMax } = setup;
  const { levers, joins, start } = input;
  const asm = input.assumptions;
  const size = 2 * A * T;
  let n: Float64Array = cohortsFrom(setup, start);
  let next: Float64Array = new Float64Array(size);
  const s1 = new Float64Array(bands);
  const q2 = new Float64Array(bands);
  const sw = new Float64Array(bands);
  /** Severe claimants removed this month, per expected claim, by payout band (summed over periods). */
  const removalK = new Float64Array(bands);
  const cohortByAge = new Float64Array(A);
  const monthChargeByAge = new Float64Array(A);
  const perceivedYuan = new Float64Array(A);
  const endByAge = new Float64Array(2 * A);
  const totals = new Float64Array(5);
  const yearChargeByAge = new Float64Array(A);
  const lag = Math.round(asm.incidence.claimLagMonths * P);
  const pendingPayout = new Float64Array(lag + 1);
  const pendingCases = new Float64Array(lag + 1);

  const startMn = monthNumber(start.asOf, 'start.asOf') + 1;
  let surplus = start.surplusFen;
  let reserve = start.reserveFen + (levers.reserve?.initialFen ?? 0);
  let previousShare = start.recent.shareFen.at(-1) ?? 0;
  // Year-to-date base shares, and their value at each month start, for the annual cap.
  let cumYtd = monthOfYear(startMn) === 0 ? 0 : start.yearToDateShareFen;
  const monthStartCum = new Float64Array(12);
  for (let k = 0; k < monthOfYear(startMn); k++) monthStartCum[k] = (cumYtd * k) / monthOfYear(startMn);
  // What members feel they pay a year, before the first month (from the recent shares).
  const recentShares = start.recent.shareFen.slice(-P);
  const initialAnnual = recentShares.length ? (recentShares.reduce((s, x) => s + x, 0) / recentShares.length) * P * 12 : 0;
  let avgPerceivedYuan = initialAnnual / 100;

  const months: MonthRow[] = [];
  const periods: PeriodRow[] = [];
  const capYuan = setup.annualCapFen === null ? Infinity : setup.annualCapFen / 100;
  let removedPayout = 0;

  for (let i = 0; i < input.months; i++) {
    const mn = startMn + i;
    const moy = monthOfYear(mn);
    if (moy === 0) {
      cumYtd = 0;
      yearChargeByAge.fill(0);
    }
    monthStartCum[moy] = cumYtd;

    // ---- joins, at the month's start ----
    const planned = i < joins.curve.length ? joins.curve[i]! : joins.perMonth;
    const joined = planned * Math.max(0, 1 - (joins.shareResponsePer100Yuan * avgPerceivedYuan) / 100);
    if (joined > 0) {
      for (let h = 0; h < 2; h++) {
        const hj = joined * setup.healthJoin[h]!;
        for (let a = 0; a < A; a++) n[(h * A + a) * T]! += hj * setup.joinMix[a]!;
      }
    }

    let mCases = 0, mPayout = 0, mFee = 0, mCharged = 0, mSubsidy = 0, mUnmet = 0, mAvgCharge = 0;
    removedPayout = 0;
    monthChargeByAge.fill(0);

    // ---- the month's exposure, in one pass: per payout band, the expected claims a period
    // (S1), their square (Q, for the claimants already removed earlier in the month) and the
    // weighted claims (SW). Severe claimants are removed at month end, to first order exactly:
    // a cohort loses (its claim rate x the band's removal factor K) of its members.
    removalK.fill(0);
    exposurePass(setup, n, s1, q2, sw, cohortByAge, totals);
    let members = totals[0]!, weighted = totals[1]!;

    for (let p = 0; p < P; p++) {
      // ---- claims diagnosed: expected, or drawn ----
      let diagnosedPayout = 0, diagnosedCases = 0, removedNow = 0, removedWeighted = 0;
      for (let b = 0; b < bands; b++) {
        const expected = Math.max(0, s1[b]! - removalK[b]! * q2[b]!);
        let sev = expected * (1 - mildShare);
        let mild = expected * mildShare;
        let k = 1 - mildShare;
        if (random) {
          const ds = poisson(sev, random);
          k = sev > 0 ? ((1 - mildShare) * ds) / sev : 0;
          sev = ds;
          mild = poisson(mild, random);
        }
        removedNow += k * expected;
        removedWeighted += k * sw[b]!;
        removalK[b]! += k;
        diagnosedPayout += sev * severeFen[b]! + mild * mildFen[b]!;
        diagnosedCases += sev + mild;
      }
      // ---- claims announced now: those diagnosed `lag` periods ago ----
      if (i === 0 && p === 0 && start.members.length > 0) {
        // A running plan has claims in the pipeline: assume they came at the current rate.
        pendingPayout.fill(diagnosedPayout);
        pendingCases.fill(diagnosedCases);
      }
      const slot = (i * P + p) % (lag + 1);
      pendingPayout[slot] = diagnosedPayout;
      pendingCases[slot] = diagnosedCases;
      const announced = (slot + 1) % (lag + 1);
      const payout = pendingPayout[announced]!;
      const periodCases = pendingCases[announced]!;

      // ---- the sharing rule, with the levers ----
      const s = sharePeriod({
        payoutFen: payout, feeRate: setup.feeRate, surplusInFen: surplus, reserveInFen: reserve,
        weightedMembers: weighted, previousShareFen: previousShare, levers,
      });
      surplus = s.surplusOutFen;
      reserve = s.reserveOutFen;
      const share = s.shareFen;
      const perCaseLimit = setup.perCaseCapFen === null ? Infinity : setup.perCaseCapFen * periodCases;
      const cap = setup.annualCapFen;
      const capMayBind = (cap !== null && weightMax * (cumYtd + share) > cap) || perCaseLimit < weightMax * share;
      let charged: number;
      if (!capMayBind) {
        charged = share * weighted;
        for (let a = 0; a < A; a++) monthChargeByAge[a]! += share * weight[a]!;
      } else {
        // Charge by age, less what the caps leave. Members who joined this year (tenure <= the
        // month of the year, always a one-month bucket) have been billed only since joining.
        charged = 0;
        const recent = Math.min(moy, T - 1);
        for (let a = 0; a < A; a++) {
          const w = weight[a]!;
          const full = Math.min(w * share, perCaseLimit);
          monthChargeByAge[a]! += full;
          const capFen = cap ?? Infinity;
          const longStanding = Math.min(full, Math.max(0, capFen - w * cumYtd));
          let recentMembers = 0;
          for (let t = 0; t <= recent; t++) {
            const c = Math.min(full, Math.max(0, capFen - w * (cumYtd - monthStartCum[moy - t]!)));
            const m = n[a * T + t]! + n[(A + a) * T + t]!;
            recentMembers += m;
            charged += m * c;
          }
          charged += (cohortByAge[a]! - recentMembers) * longStanding;
        }
      }
      for (let a = 0; a < A; a++) {
        const c = Math.min(weight[a]! * share, perCaseLimit);
        yearChargeByAge[a] = cap === null ? yearChargeByAge[a]! + c : Math.min(cap, yearChargeByAge[a]! + c);
      }
      const subsidy = share * weighted - charged + s.unsharedFen;
      cumYtd += share;
      previousShare = share;
      const avgCharge = members > 0 ? charged / members : 0;
      periods.push({
        month: monthLabel(mn), period: p, sharingMembers: Math.round(members), cases: Math.round(periodCases),
        payoutFen: Math.round(s.paidPayoutFen), feeFen: Math.round(s.feeFen), shareFen: Math.round(share),
        avgChargeFen: Math.round(avgCharge), subsidyFen: Math.round(subsidy), prorationRatio: s.prorationRatio,
        reserveFen: Math.round(reserve),
      });
      members = Math.max(0, members - removedNow);
      weighted = Math.max(0, weighted - removedWeighted);
      mCases += periodCases; mPayout += s.paidPayoutFen; mFee += s.feeFen; mCharged += charged;
      mSubsidy += subsidy; mUnmet += payout - s.paidPayoutFen; mAvgCharge += avgCharge;
    }

    // ---- month end: severe claimants, deaths, leaving, ageing, tenure ----
    let perceivedSum = 0, perceivedWeight = 0;
    for (let a = 0; a < A; a++) {
      perceivedYuan[a] = Math.min((monthChargeByAge[a]! * 12) / 100, capYuan);
      const share = setup.joinMix[a]!;
      perceivedSum += perceivedYuan[a]! * share;
      perceivedWeight += share;
    }
    avgPerceivedYuan = perceivedWeight > 0 ? perceivedSum / perceivedWeight : 0;

    monthEndPass(setup, n, next, perceivedYuan, removalK, endByAge, totals);
    const [leavers, leaversUnder40, deaths, removedAtAge, removedNow] = totals as unknown as [number, number, number, number, number];
    removedPayout += removedNow;
    [n, next] = [next, n];

    // ---- the month's row ----
    const byBand = new Array<number>(AGE_BANDS.length).fill(0);
    let total = 0, ageSum = 0, atRisk = 0;
    for (let h = 0; h < 2; h++) {
      for (let a = 0; a < A; a++) {
        const c = endByAge[h * A + a]!;
        total += c;
        ageSum += c * (a + 0.5);
        if (h === 1) atRisk += c;
        byBand[setup.ageBandOf[a]!]! += c;
      }
    }
    let ytdCost = 0;
    for (let a = 0; a < A; a++) ytdCost += yearChargeByAge[a]! * (endByAge[a]! + endByAge[A + a]!);
    ytdCost = total > 0 ? ytdCost / total : 0;
    const under40 = byBand[0]! + byBand[1]! + byBand[2]!;
    const membersStart = total + leavers + deaths + removedAtAge; // after joins and payouts
    months.push({
      month: monthLabel(mn),
      members: Math.round(total),
      joins: Math.round(joined),
      leavers: Math.round(leavers),
      leaversUnder40: Math.round(leaversUnder40),
      deaths: Math.round(deaths),
      removedAtAge: Math.round(removedAtAge),
      removedAfterPayout: Math.round(removedPayout),
      membersByAgeBand: byBand.map(Math.round),
      under40Fraction: total > 0 ? under40 / total : 0,
      meanAge: total > 0 ? ageSum / total : 0,
      atRiskFraction: total > 0 ? atRisk / total : 0,
      cases: Math.round(mCases),
      incidencePer100kYear: membersStart > 0 ? (mCases * 12 * 100_000) / membersStart : 0,
      payoutFen: Math.round(mPayout),
      feeFen: Math.round(mFee),
      chargedFen: Math.round(mCharged),
      subsidyFen: Math.round(mSubsidy),
      unmetNeedsFen: Math.round(mUnmet),
      avgChargeFen: Math.round(mAvgCharge / P),
      yearToDateCostFen: Math.round(ytdCost),
      reserveFen: Math.round(reserve),
    });
  }

  return {
    name: input.name,
    startMonth: monthLabel(startMn),
    periodsPerMonth: P,
    months,
    periods,
    years: summariseYears(months),
    finalState: stateFrom(setup, n, { asOfMn: startMn + input.months - 1, surplus, reserve, cumYtd, months, periods }),
  };
}


/**
 * The month's exposure in one pass over the cohorts: per payout band the expected claims a
 * period (s1), the sum of squared claim rates (q2, to discount claimants already removed earlier
 * in the month) and the contribution-weighted claims (sw); members by age; totals[0] members,
 * totals[1] weighted members. (Hot loops live in small functions so V8 optimises them well.)
 */
function exposurePass(setup: ModelSetup, n: Float64Array, s1: Float64Array, q2: Float64Array, sw: Float64Array,
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
function monthEndPass(setup: ModelSetup, n: Float64Array, next: Float64Array, perceivedYuan: Float64Array,
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

/** A projection from its input (deterministic: expected claims). */
export function project(input: ProjectionInput): ProjectionResult {
  return runModel(prepareModel(input));
}

function summariseYears(months: MonthRow[]): YearRow[] {
  const out = new Map<number, YearRow & { memberMonths: number }>();
  for (const m of months) {
    const y = yearOf(monthNumber(m.month));
    let r = out.get(y);
    if (!r) {
      r = { year: y, months: 0, membersEnd: 0, membersAverage: 0, joins: 0, leavers: 0, cases: 0, payoutFen: 0, feeFen: 0,
        chargedFen: 0, subsidyFen: 0, unmetNeedsFen: 0, annualCostPerMemberFen: 0, memberMonths: 0 };
      out.set(y, r);
    }
    r.months++;
    r.membersEnd = m.members;
    r.memberMonths += m.members;
    r.joins += m.joins; r.leavers += m.leavers; r.cases += m.cases;
    r.payoutFen += m.payoutFen; r.feeFen += m.feeFen; r.chargedFen += m.chargedFen;
    r.subsidyFen += m.subsidyFen; r.unmetNeedsFen += m.unmetNeedsFen;
    r.annualCostPerMemberFen = m.yearToDateCostFen;
  }
  return [...out.values()].map(({ memberMonths, ...r }) => ({ ...r, membersAverage: Math.round(memberMonths / r.months) }));
}

function stateFrom(setup: ModelSetup, n: Float64Array, s: {
  asOfMn: number; surplus: number; reserve: number; cumYtd: number; months: MonthRow[]; periods: PeriodRow[];
}): PlatformState {
  const { A, T } = setup;
  const members: MemberCell[] = [];
  for (let a = 0; a < A; a++) {
    for (let t = 0; t < T; t++) {
      const healthy = n[a * T + t]!;
      const risk = n[(A + a) * T + t]!;
      // A wide tenure bucket is reported at its first month, so it maps back to the same bucket.
      if (healthy + risk > 1e-9) members.push({ ageYears: a, tenureMonths: setup.tenureStart[t]!, count: healthy + risk, atRiskCount: risk });
    }
  }
  const last = s.months.at(-1);
  const prev = s.months.at(-2);
  const lastYear = s.months.slice(-12);
  const avgMembers = lastYear.reduce((x, m) => x + m.members, 0) / Math.max(1, lastYear.length);
  const under40 = (m: MonthRow): number => m.membersByAgeBand[0]! + m.membersByAgeBand[1]! + m.membersByAgeBand[2]!;
  const startOf = (m: MonthRow): number => m.members + m.leavers + m.deaths + m.removedAtAge;
  return {
    asOf: monthLabel(s.asOfMn),
    members,
    surplusFen: s.surplus,
    reserveFen: s.reserve,
    yearToDateShareFen: s.cumYtd,
    recent: {
      shareFen: s.periods.slice(-24).map((p) => p.shareFen),
      incidencePer100kYear: avgMembers > 0 ? (lastYear.reduce((x, m) => x + m.cases, 0) * (12 / Math.max(1, lastYear.length)) * 100_000) / avgMembers : null,
      leavingPerMonth: last && startOf(last) > 0 ? {
        under40: last.leaversUnder40 / Math.max(1, under40(last) + last.leaversUnder40),
        over40: (last.leavers - last.leaversUnder40) / Math.max(1, startOf(last) - under40(last) - last.leaversUnder40),
      } : null,
      joinsPerMonth: last ? last.joins : null,
      leaversUnder40Fraction: last && last.leavers > 0 ? last.leaversUnder40 / last.leavers : null,
      netChangeUnder40PerMonth: last && prev && under40(prev) > 0 ? under40(last) / under40(prev) - 1 : null,
    },
  };
}
