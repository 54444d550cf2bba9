/**
 * Scenario files: a JSON object of overrides on a preset's PlanRules, on the model assumptions
 * and on the levers, with the joins and the starting state. `extends` names another scenario
 * file (relative to this one) whose settings this one overrides, so that what-if files state
 * only the lever they change and all start from the same state.
 *
 *   { "name": "graded", "extends": "baseline.json",
 *     "rules": { "contributionWeights": [{ "fromAge": 0, "weight": 3 }, { "fromAge": 18, "weight": 2 }, ...] } }
 *
 * Objects merge key by key; arrays and plain values replace.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { HuzhuError } from '../domain/errors.ts';
import { rulesFor, type PlanRules } from '../domain/plan-rules.ts';
import { assumptionsSchema, loadAssumptions, parseWith, readJson, type Assumptions } from './assumptions.ts';
import { monthNumber } from './calendar.ts';
import { prepareModel, runModel, type JoinSpec, type ProjectionInput } from './cohort-model.ts';
import { leversSchema } from './levers.ts';
import { emptyState, parsePlatformState, syntheticState, type PlatformState } from './platform-state.ts';

export const SCENARIOS_DIR = fileURLToPath(new URL('../../reference/scenarios/', import.meta.url));
export const CALIBRATION_SCENARIO = resolve(SCENARIOS_DIR, 'xhb-calibration.json');

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected a month as YYYY-MM');
const objectOf = z.record(z.string(), z.unknown());

export const scenarioSchema = z.object({
  name: z.string().min(1).max(80),
  description: z.string().max(2000).default(''),
  plan: z.enum(['critical-illness', 'elderly-cancer']).default('critical-illness'),
  /** Overrides of PlanRules in its JSON form (see planRulesJson). */
  rules: objectOf.default({}),
  /** Overrides of the assumptions (same shape as reference/assumptions, any part of it). */
  assumptions: objectOf.default({}),
  levers: leversSchema.default({ reserve: null, shareLimitFen: null }),
  joins: z.object({
    curve: z.array(z.number().min(0).max(1e9)).max(1200).default([]),
    perMonth: z.number().min(0).max(1e9).default(0),
    shareResponsePer100Yuan: z.number().min(0).max(10).default(0),
  }).strict(),
  start: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('empty'), asOf: month }).strict(),
    z.object({ kind: z.literal('synthetic'), asOf: month, members: z.number().min(0).max(2e9), tenureSpreadMonths: z.number().int().min(1).max(600) }).strict(),
    /** Xiang Hu Bao as the calibration scenario leaves it at the end of `asOf`. */
    z.object({ kind: z.literal('history'), asOf: month }).strict(),
    z.object({ kind: z.literal('state'), state: z.unknown() }).strict(),
  ]),
  years: z.number().int().min(1).max(10).default(10),
}).strict();

export type Scenario = z.infer<typeof scenarioSchema>;

export interface ResolvedScenario {
  scenario: Scenario;
  input: ProjectionInput;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Objects merge key by key (override wins); arrays and plain values replace. */
export function deepMerge(base: unknown, override: unknown): unknown {
  if (!isObject(base) || !isObject(override)) return override === undefined ? base : override;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(override)) out[k] = deepMerge(base[k], v);
  return out;
}

/** A scenario file's JSON with its `extends` chain merged in (state files read and inlined). */
export function readScenarioJson(file: string, seen: string[] = []): Record<string, unknown> {
  const path = resolve(file);
  if (seen.includes(path)) throw new HuzhuError('VALIDATION', `extends: scenario files extend each other in a loop (${path})`, { field: 'extends' });
  const value = readJson(path, 'scenario');
  if (!isObject(value)) throw new HuzhuError('VALIDATION', 'scenario: expected a JSON object', { field: 'scenario' });
  const { extends: parent, ...own } = value;
  const start = own['start'];
  if (isObject(start) && start['kind'] === 'state' && typeof start['file'] === 'string') {
    own['start'] = { kind: 'state', state: readJson(resolve(dirname(path), start['file']), 'start.file') };
  }
  if (parent === undefined) return own;
  if (typeof parent !== 'string') throw new HuzhuError('VALIDATION', 'extends: expected a file name', { field: 'extends' });
  const merged = deepMerge(readScenarioJson(resolve(dirname(path), parent), [...seen, path]), own);
  // A child's start replaces the parent's whole (a merge of two kinds would be meaningless).
  if (own['start'] !== undefined && isObject(merged)) merged['start'] = own['start'];
  return merged as Record<string, unknown>;
}

export function parseScenario(value: unknown): Scenario {
  return parseWith(scenarioSchema, value, 'scenario');
}

export interface ResolveOptions {
  assumptions?: Assumptions;
  /** Overrides the scenario's years (1-10). */
  years?: number;
  /** The scenario used for `start.kind = "history"`; read from reference/scenarios when absent. */
  history?: Scenario;
}

/** The projection input a scenario describes. */
export function resolveScenario(scenario: Scenario, opts: ResolveOptions = {}): ResolvedScenario {
  const baseAssumptions = opts.assumptions ?? loadAssumptions();
  const assumptions = parseWith(assumptionsSchema, deepMerge(baseAssumptions, scenario.assumptions), 'scenario.assumptions');
  const rules: PlanRules = rulesFor(scenario.plan, scenario.rules as Parameters<typeof rulesFor>[1]);
  if (opts.years !== undefined && (!Number.isInteger(opts.years) || opts.years < 1 || opts.years > 10)) {
    throw new HuzhuError('VALIDATION', 'years: must be a whole number from 1 to 10', { field: 'years' });
  }
  const years = opts.years ?? scenario.years;
  const joins: JoinSpec = scenario.joins;
  const start = startState(scenario, rules, assumptions, opts);
  return {
    scenario,
    input: { name: scenario.name, rules, assumptions, levers: scenario.levers, joins, start, months: years * 12 },
  };
}

function startState(scenario: Scenario, rules: PlanRules, assumptions: Assumptions, opts: ResolveOptions): PlatformState {
  const s = scenario.start;
  switch (s.kind) {
    case 'empty':
      return emptyState(s.asOf);
    case 'synthetic':
      return syntheticState({ asOf: s.asOf, members: s.members, rules, assumptions, tenureSpreadMonths: s.tenureSpreadMonths });
    case 'state':
      return parsePlatformState(s.state, 'scenario.start.state');
    case 'history': {
      const history = opts.history ?? loadScenario(CALIBRATION_SCENARIO);
      if (history.start.kind === 'history') throw new HuzhuError('VALIDATION', 'start: the history scenario cannot itself start from history', { field: 'start' });
      const hs = resolveScenario(history, { assumptions: opts.assumptions });
      const months = monthNumber(s.asOf, 'scenario.start.asOf') - monthNumber(hs.input.start.asOf);
      if (months < 1 || months > 600) throw new HuzhuError('VALIDATION', `start.asOf: ${s.asOf} is not after the history's start ${hs.input.start.asOf}`, { field: 'start.asOf' });
      return runModel(prepareModel({ ...hs.input, months })).finalState;
    }
  }
}

/** Reads and validates a scenario file (with its `extends` chain). */
export function loadScenario(file: string): Scenario {
  return parseScenario(readScenarioJson(file));
}
