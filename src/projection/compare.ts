/**
 * Scenarios side by side: project each (and optionally run Monte Carlo), read the warning level,
 * and gather what the report and the command line show.
 */
import { HuzhuError } from '../domain/errors.ts';
import type { Assumptions } from './assumptions.ts';
import { project } from './cohort-model.ts';
import { runMonteCarlo } from './monte-carlo.ts';
import type { ReportInput, ReportScenario } from './report.ts';
import { loadScenario, resolveScenario, type Scenario } from './scenario.ts';
import { warningForProjection } from './warning.ts';

export interface CompareOptions {
  years?: number;
  /** Monte Carlo runs per scenario; 0 for expected values only. */
  runs?: number;
  seed?: number;
  assumptions?: Assumptions;
  title?: string;
}

export function compareScenarios(scenarios: Scenario[], opts: CompareOptions = {}): ReportInput {
  const runs = opts.runs ?? 0;
  if (!Number.isInteger(runs) || runs < 0 || runs > 100_000) throw new HuzhuError('VALIDATION', 'runs: must be a whole number from 0 to 100000', { field: 'runs' });
  if (scenarios.length === 0) throw new HuzhuError('VALIDATION', 'scenario: give at least one scenario', { field: 'scenario' });
  const out: ReportScenario[] = scenarios.map((sc) => {
    const { input } = resolveScenario(sc, {
      ...(opts.years !== undefined ? { years: opts.years } : {}),
      ...(opts.assumptions ? { assumptions: opts.assumptions } : {}),
    });
    const result = project(input);
    return {
      name: sc.name,
      description: sc.description,
      result,
      warning: warningForProjection(result),
      ...(runs > 0 ? { monteCarlo: runMonteCarlo(input, { runs, seed: opts.seed ?? 1 }) } : {}),
    };
  });
  return { title: opts.title ?? `huzhu projection: ${scenarios.map((s) => s.name).join(' vs ')}`, scenarios: out };
}

export function compareScenarioFiles(files: string[], opts: CompareOptions = {}): ReportInput {
  return compareScenarios(files.map((f) => loadScenario(f)), opts);
}
