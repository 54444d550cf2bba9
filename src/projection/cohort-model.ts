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
import { monthLabel, monthNumber, monthOfYear } from './calendar.ts';
import { exposurePass, monthEndPass } from './cohort-passes.ts';
import { sharePeriod } from './levers.ts';
import { cohortsFrom, prepareModel, type ModelSetup } from './model-setup.ts';
import {
  AGE_BANDS, type MonthRow, type PeriodRow, type ProjectionInput, type ProjectionResult,
} from './projection-types.ts';
import { poisson } from './random.ts';
import { stateFrom, summariseYears } from './run-summary.ts';

export { prepareModel, type ModelSetup } from './model-setup.ts';
export {
  AGE_BANDS, type JoinSpec, type MonthRow, type PeriodRow, type ProjectionInput, type ProjectionResult, type YearRow,
} from './projection-types.ts';

/** What one run carries from period to period and month to month, and the rows it has written. */
interface RunState {
  /** Members by cohort, and the buffer the month end writes the next month into. */
  n: Float64Array;
  next: Float64Array;
  s1: Float64Array;
  q2: Float64Array;
  sw: Float64Array;
  /** Severe claimants removed this month, per expected claim, by payout band (summed over periods). */
  removalK: Float64Array;
  cohortByAge: Float64Array;
  monthChargeByAge: Float64Array;
  perceivedYuan: Float64Array;
  endByAge: Float64Array;
  totals: Float64Array;
  yearChargeByAge: Float64Array;
  /** Claims wait `lag` periods from diagnosis to announcement, in a ring of lag + 1 slots. */
  lag: number;
  pendingPayout: Float64Array;
  pendingCases: Float64Array;
  startMn: number;
  surplus: number;
  reserve: number;
  previousShare: number;
  /** Year-to-date base shares, and their value at each month start, for the annual cap. */
  cumYtd: number;
  monthStartCum: Float64Array;
  /** What members feel they pay a year, which drives joining. */
  avgPerceivedYuan: number;
  capYuan: number;
  months: MonthRow[];
  periods: PeriodRow[];
}

/** A month's running sums over its charge periods, and the members still sharing. */
interface MonthSums {
  members: number;
  weighted: number;
  cases: number;
  payout: number;
  fee: number;
  charged: number;
  subsidy: number;
  unmet: number;
  avgCharge: number;
}

/** One projection. With `random`, claim counts are drawn (Poisson) rather than expected. */
export function runModel(setup: ModelSetup, random?: () => number): ProjectionResult {
  const { input, P } = setup;
  const run = startRun(setup);
  for (let i = 0; i < input.months; i++) runMonth(setup, run, i, random);
  const { startMn, surplus, reserve, cumYtd, months, periods } = run;
  return {
    name: input.name,
    startMonth: monthLabel(startMn),
    periodsPerMonth: P,
    months,
    periods,
    years: summariseYears(months),
    finalState: stateFrom(setup, run.n, { asOfMn: startMn + input.months - 1, surplus, reserve, cumYtd, months, periods }),
  };
}

function startRun(setup: ModelSetup): RunState {
  const { input, A, T, P, bands } = setup;
  const { levers, start } = input;
  const asm = input.assumptions;
  const size = 2 * A * T;
  const lag = Math.round(asm.incidence.claimLagMonths * P);
  const startMn = monthNumber(start.asOf, 'start.asOf') + 1;
  const cumYtd = monthOfYear(startMn) === 0 ? 0 : start.yearToDateShareFen;
  const monthStartCum = new Float64Array(12);
  for (let k = 0; k < monthOfYear(startMn); k++) monthStartCum[k] = (cumYtd * k) / monthOfYear(startMn);
  // What members feel they pay a year, before the first month (from the recent shares).
  const recentShares = start.recent.shareFen.slice(-P);
  const initialAnnual = recentShares.length ? (recentShares.reduce((s, x) => s + x, 0) / recentShares.length) * P * 12 : 0;
  return {
    n: cohortsFrom(setup, start),
    next: new Float64Array(size),
    s1: new Float64Array(bands),
    q2: new Float64Array(bands),
    sw: new Float64Array(bands),
    removalK: new Float64Array(bands),
    cohortByAge: new Float64Array(A),
    monthChargeByAge: new Float64Array(A),
    perceivedYuan: new Float64Array(A),
    endByAge: new Float64Array(2 * A),
    totals: new Float64Array(5),
    yearChargeByAge: new Float64Array(A),
    lag,
    pendingPayout: new Float64Array(lag + 1),
    pendingCases: new Float64Array(lag + 1),
    startMn,
    surplus: start.surplusFen,
    reserve: start.reserveFen + (levers.reserve?.initialFen ?? 0),
    previousShare: start.recent.shareFen.at(-1) ?? 0,
    cumYtd,
    monthStartCum,
    avgPerceivedYuan: initialAnnual / 100,
    capYuan: setup.annualCapFen === null ? Infinity : setup.annualCapFen / 100,
    months: [],
    periods: [],
  };
}

/** Month i: joins at its start, its charge periods, then the month end and the month's row. */
function runMonth(setup: ModelSetup, run: RunState, i: number, random: (() => number) | undefined): void {
  const mn = run.startMn + i;
  const moy = monthOfYear(mn);
  if (moy === 0) {
    run.cumYtd = 0;
    run.yearChargeByAge.fill(0);
  }
  run.monthStartCum[moy] = run.cumYtd;
  const joined = addJoiners(setup, run, i);

  let removedPayout = 0;
  run.monthChargeByAge.fill(0);

  // ---- the month's exposure, in one pass: per payout band, the expected claims a period
  // (S1), their square (Q, for the claimants already removed earlier in the month) and the
  // weighted claims (SW). Severe claimants are removed at month end, to first order exactly:
  // a cohort loses (its claim rate x the band's removal factor K) of its members.
  run.removalK.fill(0);
  exposurePass(setup, run.n, run.s1, run.q2, run.sw, run.cohortByAge, run.totals);
  const sums: MonthSums = {
    members: run.totals[0]!, weighted: run.totals[1]!, cases: 0, payout: 0, fee: 0, charged: 0, subsidy: 0, unmet: 0, avgCharge: 0,
  };
  for (let p = 0; p < setup.P; p++) runPeriod(setup, run, sums, i, p, random);

  const monthEnd = endMonth(setup, run);
  removedPayout += monthEnd[4];
  run.months.push(monthRow(setup, run, mn, joined, removedPayout, monthEnd, sums));
}

/** The month's joiners, fewer the more members feel they pay; they start at tenure 0. */
function addJoiners(setup: ModelSetup, run: RunState, i: number): number {
  const { A, T } = setup;
  const { joins } = setup.input;
  const n = run.n;
  const planned = i < joins.curve.length ? joins.curve[i]! : joins.perMonth;
  const joined = planned * Math.max(0, 1 - (joins.shareResponsePer100Yuan * run.avgPerceivedYuan) / 100);
  if (joined > 0) {
    for (let h = 0; h < 2; h++) {
      const hj = joined * setup.healthJoin[h]!;
      for (let a = 0; a < A; a++) n[(h * A + a) * T]! += hj * setup.joinMix[a]!;
    }
  }
  return joined;
}

/** Charge period p of month i: claims diagnosed and announced, the sharing rule, the charges. */
function runPeriod(setup: ModelSetup, run: RunState, sums: MonthSums, i: number, p: number, random: (() => number) | undefined): void {
  const { A, weight } = setup;
  const { levers } = setup.input;
  const mn = run.startMn + i;
  const moy = monthOfYear(mn);
  const diagnosed = diagnoseClaims(setup, run, random);
  const { payout, periodCases } = announceClaims(setup, run, i, p, diagnosed);

  // ---- the sharing rule, with the levers ----
  const s = sharePeriod({
    payoutFen: payout, feeRate: setup.feeRate, surplusInFen: run.surplus, reserveInFen: run.reserve,
    weightedMembers: sums.weighted, previousShareFen: run.previousShare, levers,
  });
  run.surplus = s.surplusOutFen;
  run.reserve = s.reserveOutFen;
  const share = s.shareFen;
  const perCaseLimit = setup.perCaseCapFen === null ? Infinity : setup.perCaseCapFen * periodCases;
  const cap = setup.annualCapFen;
  const charged = chargeMembers(setup, run, share, perCaseLimit, moy, sums.weighted);
  const yearChargeByAge = run.yearChargeByAge;
  for (let a = 0; a < A; a++) {
    const c = Math.min(weight[a]! * share, perCaseLimit);
    yearChargeByAge[a] = cap === null ? yearChargeByAge[a]! + c : Math.min(cap, yearChargeByAge[a]! + c);
  }
  const subsidy = share * sums.weighted - charged + s.unsharedFen;
  run.cumYtd += share;
  run.previousShare = share;
  const members = sums.members;
  const avgCharge = members > 0 ? charged / members : 0;
  run.periods.push({
    month: monthLabel(mn), period: p, sharingMembers: Math.round(members), cases: Math.round(periodCases),
    payoutFen: Math.round(s.paidPayoutFen), feeFen: Math.round(s.feeFen), shareFen: Math.round(share),
    avgChargeFen: Math.round(avgCharge), subsidyFen: Math.round(subsidy), prorationRatio: s.prorationRatio,
    reserveFen: Math.round(run.reserve),
  });
  sums.members = Math.max(0, members - diagnosed.removedNow);
  sums.weighted = Math.max(0, sums.weighted - diagnosed.removedWeighted);
  sums.cases += periodCases; sums.payout += s.paidPayoutFen; sums.fee += s.feeFen; sums.charged += charged;
  sums.subsidy += subsidy; sums.unmet += payout - s.paidPayoutFen; sums.avgCharge += avgCharge;
}

interface Diagnosed {
  payout: number;
  cases: number;
  /** Severe claimants, to leave at month end: all members, and contribution-weighted. */
  removedNow: number;
  removedWeighted: number;
}

/** Claims diagnosed in a period, by payout band: expected, or drawn (Poisson) with `random`. */
function diagnoseClaims(setup: ModelSetup, run: RunState, random: (() => number) | undefined): Diagnosed {
  const { mildShare, severeFen, mildFen, bands } = setup;
  const { s1, q2, sw, removalK } = run;
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
  return { payout: diagnosedPayout, cases: diagnosedCases, removedNow, removedWeighted };
}

/** The claims announced in period p of month i: those diagnosed `lag` periods ago. */
function announceClaims(setup: ModelSetup, run: RunState, i: number, p: number, diagnosed: Diagnosed): { payout: number; periodCases: number } {
  const { lag, pendingPayout, pendingCases } = run;
  if (i === 0 && p === 0 && setup.input.start.members.length > 0) {
    // A running plan has claims in the pipeline: assume they came at the current rate.
    pendingPayout.fill(diagnosed.payout);
    pendingCases.fill(diagnosed.cases);
  }
  const slot = (i * setup.P + p) % (lag + 1);
  pendingPayout[slot] = diagnosed.payout;
  pendingCases[slot] = diagnosed.cases;
  const announced = (slot + 1) % (lag + 1);
  return { payout: pendingPayout[announced]!, periodCases: pendingCases[announced]! };
}

/** What the period's share charges the members, after the annual and per-case caps. */
function chargeMembers(setup: ModelSetup, run: RunState, share: number, perCaseLimit: number, moy: number, weighted: number): number {
  const { A, T, weight, weightMax } = setup;
  const { n, monthChargeByAge, cohortByAge, monthStartCum, cumYtd } = run;
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
  return charged;
}

type MonthEnd = [leavers: number, leaversUnder40: number, deaths: number, removedAtAge: number, removedAfterPayout: number];

/** Month end: what members felt they paid (for next month's joins), then the month-end pass. */
function endMonth(setup: ModelSetup, run: RunState): MonthEnd {
  const { A } = setup;
  const { perceivedYuan, monthChargeByAge } = run;
  let perceivedSum = 0, perceivedWeight = 0;
  for (let a = 0; a < A; a++) {
    perceivedYuan[a] = Math.min((monthChargeByAge[a]! * 12) / 100, run.capYuan);
    const share = setup.joinMix[a]!;
    perceivedSum += perceivedYuan[a]! * share;
    perceivedWeight += share;
  }
  run.avgPerceivedYuan = perceivedWeight > 0 ? perceivedSum / perceivedWeight : 0;

  monthEndPass(setup, run.n, run.next, perceivedYuan, run.removalK, run.endByAge, run.totals);
  const totals = run.totals;
  const result: MonthEnd = [totals[0]!, totals[1]!, totals[2]!, totals[3]!, totals[4]!];
  [run.n, run.next] = [run.next, run.n];
  return result;
}

/** The month's row, from the members at its end and its sums over the periods. */
function monthRow(setup: ModelSetup, run: RunState, mn: number, joined: number, removedPayout: number, monthEnd: MonthEnd, sums: MonthSums): MonthRow {
  const { A, P } = setup;
  const { endByAge, yearChargeByAge } = run;
  const [leavers, leaversUnder40, deaths, removedAtAge] = monthEnd;
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
  return {
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
    cases: Math.round(sums.cases),
    incidencePer100kYear: membersStart > 0 ? (sums.cases * 12 * 100_000) / membersStart : 0,
    payoutFen: Math.round(sums.payout),
    feeFen: Math.round(sums.fee),
    chargedFen: Math.round(sums.charged),
    subsidyFen: Math.round(sums.subsidy),
    unmetNeedsFen: Math.round(sums.unmet),
    avgChargeFen: Math.round(sums.avgCharge / P),
    yearToDateCostFen: Math.round(ytdCost),
    reserveFen: Math.round(run.reserve),
  };
}

/** A projection from its input (deterministic: expected claims). */
export function project(input: ProjectionInput): ProjectionResult {
  return runModel(prepareModel(input));
}
