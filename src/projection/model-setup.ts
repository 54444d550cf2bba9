/**
 * The cohort model's setup: everything about a projection that does not change between runs,
 * worked out once from the plan, the assumptions and the levers (tenure buckets, claim rates by
 * health and age, payout bands, weights, death and leaving rates), and the starting cohorts.
 */
import { curveByAge } from './assumptions.ts';
import { weightsByAge } from './levers.ts';
import { joinAgeMix, type PlatformState } from './platform-state.ts';
import { AGE_BANDS, type ProjectionInput } from './projection-types.ts';

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

  const weight = weightsByAge(rules.contributionWeights, maxAge);
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
export function cohortsFrom(setup: ModelSetup, state: PlatformState): Float64Array {
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
