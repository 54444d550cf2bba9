/**
 * Monte Carlo mode: the same cohort model with each period's claims drawn as Poisson counts
 * from a seeded PRNG (so a run is reproducible from its seed), repeated, and summarised as the
 * 5th / 50th / 95th percentiles of members, share per period and annual cost per member.
 * Claims are drawn per payout band and tier (a sum of Poisson cohorts is Poisson), and the
 * cohorts' severe claimants are removed in proportion, so the model stays vectorised.
 */
import { prepareModel, runModel, type ProjectionInput, type ProjectionResult } from './cohort-model.ts';
import { seededRandom } from './random.ts';

export interface Band {
  p5: number;
  p50: number;
  p95: number;
}

export interface MonteCarloResult {
  name: string;
  runs: number;
  seed: number;
  months: Array<{ month: string; members: Band; avgChargeFen: Band }>;
  periods: Array<{ month: string; period: number; shareFen: Band }>;
  years: Array<{ year: number; annualCostPerMemberFen: Band; cases: Band; subsidyFen: Band }>;
}

/** Percentile by nearest rank on a sorted copy. */
export function percentile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return 0;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i]!;
}

function band(values: Float64Array): Band {
  const s = Float64Array.from(values).sort();
  return { p5: percentile(s, 0.05), p50: percentile(s, 0.5), p95: percentile(s, 0.95) };
}

/** Collects one series across runs: values[run] for each index. */
function bands<T>(results: ProjectionResult[], rows: (r: ProjectionResult) => T[], value: (row: T) => number): Band[] {
  const len = rows(results[0]!).length;
  const out: Band[] = [];
  const col = new Float64Array(results.length);
  for (let i = 0; i < len; i++) {
    for (let r = 0; r < results.length; r++) col[r] = value(rows(results[r]!)[i]!);
    out.push(band(col));
  }
  return out;
}

export function runMonteCarlo(input: ProjectionInput, opts: { runs: number; seed?: number }): MonteCarloResult {
  if (!Number.isInteger(opts.runs) || opts.runs < 1) throw new RangeError('runMonteCarlo: runs must be a positive integer');
  const seed = opts.seed ?? 1;
  const setup = prepareModel(input);
  const results: ProjectionResult[] = [];
  for (let r = 0; r < opts.runs; r++) results.push(runModel(setup, seededRandom(Math.imul(seed, 1_000_003) + r)));
  const first = results[0]!;
  const members = bands(results, (x) => x.months, (m) => m.members);
  const charge = bands(results, (x) => x.months, (m) => m.avgChargeFen);
  const share = bands(results, (x) => x.periods, (p) => p.shareFen);
  const cost = bands(results, (x) => x.years, (y) => y.annualCostPerMemberFen);
  const cases = bands(results, (x) => x.years, (y) => y.cases);
  const subsidy = bands(results, (x) => x.years, (y) => y.subsidyFen);
  return {
    name: input.name,
    runs: opts.runs,
    seed,
    months: first.months.map((m, i) => ({ month: m.month, members: members[i]!, avgChargeFen: charge[i]! })),
    periods: first.periods.map((p, i) => ({ month: p.month, period: p.period, shareFen: share[i]! })),
    years: first.years.map((y, i) => ({ year: y.year, annualCostPerMemberFen: cost[i]!, cases: cases[i]!, subsidyFen: subsidy[i]! })),
  };
}
