/**
 * Bench of the projection model: `npx tsx bench/projection.ts`.
 * Prints the time of a 10-year monthly projection of 100 million members (expected values) and
 * of 1,000 Monte Carlo runs of the same. Targets: well under 1 s, and under 10 s.
 */
import { join } from 'node:path';
import { project } from '../src/projection/cohort-model.ts';
import { runMonteCarlo } from '../src/projection/monte-carlo.ts';
import { loadScenario, resolveScenario, SCENARIOS_DIR } from '../src/projection/scenario.ts';

const { input } = resolveScenario(loadScenario(join(SCENARIOS_DIR, 'synthetic-100m.json')), { years: 10 });
const members = input.start.members.reduce((s, c) => s + c.count, 0);

const ms = (t0: number): string => `${(performance.now() - t0).toFixed(0)} ms`;

// The first call includes the JIT warming up; report it and a warm one.
let t = performance.now();
let r = project(input);
const cold = ms(t);
t = performance.now();
r = project(input);
console.log(`projection: ${(members / 1e6).toFixed(0)}M members, ${r.months.length} months, ${r.periods.length} periods: ${cold} (first), ${ms(t)} (warm)`);
console.log(`  members after 10 years: ${(r.months.at(-1)!.members / 1e6).toFixed(1)}M; annual cost in year 10: ${(r.years.at(-1)!.annualCostPerMemberFen / 100).toFixed(2)} yuan`);

const runs = Number(process.argv[2] ?? 1000);
t = performance.now();
const mc = runMonteCarlo(input, { runs, seed: 1 });
console.log(`monte carlo: ${runs} runs x ${r.months.length} months: ${ms(t)}`);
const y = mc.years.at(-1)!.annualCostPerMemberFen;
console.log(`  annual cost in year 10, 5th/50th/95th percentile: ${(y.p5 / 100).toFixed(2)} / ${(y.p50 / 100).toFixed(2)} / ${(y.p95 / 100).toFixed(2)} yuan`);
