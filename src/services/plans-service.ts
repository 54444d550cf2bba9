/** Creating plans and changing their rules (every change is an event). */
import type { Db } from '../db/database.ts';
import { HuzhuError } from '../domain/errors.ts';
import { localDateOf } from '../domain/local-date.ts';
import { PRESETS, rulesFromJson, rulesToJson, type PlanRulesJson, type PresetName } from '../domain/plan-rules.ts';
import { findPlan, insertPlan, type PlanNames } from '../repositories/plans-repo.ts';
import { once, type Action } from './idempotent.ts';
import { logPlanRules } from '../transparency/entries/engine-entries.ts'; // transparency log (issue 4)

export interface CreatePlanInput {
  id: string;
  name?: string;
  /** The name in Chinese and English for the pages (operator-entered data, so not in a catalog). */
  names?: PlanNames;
  preset: string;
  overrides?: Partial<PlanRulesJson>;
}

export async function createPlan(db: Db, input: CreatePlanInput, action: Action): Promise<{ id: string; rules: PlanRulesJson }> {
  if (typeof input.id !== 'string' || !/^[a-z0-9][a-z0-9-]{0,39}$/.test(input.id)) {
    throw new HuzhuError('VALIDATION', 'plan.id: use 1-40 lower-case letters, digits and dashes', { field: 'plan.id' });
  }
  const base = PRESETS[input.preset as PresetName];
  if (!base) throw new HuzhuError('VALIDATION', `plan.preset: unknown preset "${input.preset}" (known: ${Object.keys(PRESETS).join(', ')})`, { field: 'plan.preset' });
  if (input.names && [input.names['zh-CN'], input.names.en].some((n) => typeof n !== 'string' || n.trim() === '' || n.length > 200)) {
    throw new HuzhuError('VALIDATION', 'plan.names: give a name of 1-200 characters in zh-CN and en', { field: 'plan.names' });
  }
  const overrides = input.overrides ?? {};
  const rules = rulesFromJson({ ...rulesToJson(base), ...overrides, preset: Object.keys(overrides).length ? 'custom' : input.preset }, 'plan.rules');
  if (rules.transfer?.toPlan === input.id) {
    throw new HuzhuError('VALIDATION', 'plan.rules.transfer.toPlan: a plan cannot move its members to itself', { field: 'plan.rules.transfer.toPlan' });
  }
  // The plan moved to is not required to exist yet (a scenario may create it after): a move to a
  // plan that does not exist is refused when asked for (membership-service.ts transfer).
  return once(db, action, { kind: 'plan.created', subject: `plan:${input.id}` }, async (tx) => {
    if (await findPlan(tx, input.id)) throw new HuzhuError('CONFLICT', `plan.id: plan "${input.id}" already exists`, { field: 'plan.id' });
    const json = rulesToJson(rules);
    await insertPlan(tx, {
      id: input.id, name: input.name ?? input.id, ...(input.names ? { names: { 'zh-CN': input.names['zh-CN'], en: input.names.en } } : {}), rulesJson: json, timeZone: rules.timeZone,
      createdAt: action.at, clockThrough: localDateOf(action.at, rules.timeZone),
    });
    await logPlanRules(tx, input.id, input.name ?? input.id, json, action.at); // transparency log (issue 4): the plan's rules, same transaction
    return { id: input.id, rules: json };
  });
}
