/**
 * A projection from the live plan: the lead's `huzhu outlook` gathers a PlatformState from the
 * database (members by age and tenure, recent shares, incidence, leaving, joins, surplus) and
 * calls `projectFromState`. Measured incidence, when given, rescales the incidence curve so the
 * projection starts at the plan's own claim rate rather than Xiang Hu Bao's.
 */
import type { PlanRules } from '../domain/plan-rules.ts';
import { loadAssumptions, type Assumptions } from './assumptions.ts';
import { project, type JoinSpec, type ProjectionResult } from './cohort-model.ts';
import { NO_LEVERS, type Levers } from './levers.ts';
import type { PlatformState } from './platform-state.ts';
import { warningForProjection, warningForState, type Warning } from './warning.ts';

export interface FromStateOptions {
  rules: PlanRules;
  assumptions?: Assumptions;
  levers?: Levers;
  /** Default: the state's recent joins a month, falling 40% per 100 yuan of annual charge. */
  joins?: JoinSpec;
  /** Default 60 (5 years). */
  months?: number;
  /** Rescale incidence to state.recent.incidencePer100kYear when it is known (default true). */
  fitIncidence?: boolean;
}

/** The assumptions with incidence scaled so the model's claim rate on this state matches the measured one. */
export function fitIncidenceToState(state: PlatformState, rules: PlanRules, assumptions: Assumptions): Assumptions {
  const measured = state.recent.incidencePer100kYear;
  if (measured === null || measured <= 0 || state.members.length === 0) return assumptions;
  const probe = project({
    name: 'probe', rules, assumptions, levers: NO_LEVERS,
    joins: { curve: [], perMonth: 0, shareResponsePer100Yuan: 0 }, start: state, months: 1,
  });
  const modelled = probe.months[0]!.incidencePer100kYear;
  if (!(modelled > 0)) return assumptions;
  const k = measured / modelled;
  return {
    ...assumptions,
    incidence: {
      ...assumptions.incidence,
      annualPer100kByAge: assumptions.incidence.annualPer100kByAge.map((p) => ({ age: p.age, per100k: Math.min(100_000, p.per100k * k) })),
    },
  };
}

export function projectFromState(state: PlatformState, opts: FromStateOptions): { projection: ProjectionResult; now: Warning; outlook: Warning & { firstMonth: string | null } } {
  const base = opts.assumptions ?? loadAssumptions();
  const assumptions = opts.fitIncidence === false ? base : fitIncidenceToState(state, opts.rules, base);
  const projection = project({
    name: 'outlook',
    rules: opts.rules,
    assumptions,
    levers: opts.levers ?? NO_LEVERS,
    joins: opts.joins ?? { curve: [], perMonth: state.recent.joinsPerMonth ?? 0, shareResponsePer100Yuan: 0.4 },
    start: state,
    months: opts.months ?? 60,
  });
  return { projection, now: warningForState(state), outlook: warningForProjection(projection) };
}
