/** Plans and their sharing clocks. */
import type { Queryable } from '../db/database.ts';
import { HuzhuError } from '../domain/errors.ts';
import type { LocalDate } from '../domain/local-date.ts';
import { rulesFromJson, type PlanRules } from '../domain/plan-rules.ts';

export interface Plan {
  id: string;
  name: string;
  /** The name in each language the pages speak, where the operator gave them. */
  names?: PlanNames;
  rules: PlanRules;
  createdAt: Date;
}

export interface PlanNames { 'zh-CN': string; en: string }

interface PlanRow { id: string; name: string; names: PlanNames | string | null; rules: unknown; created_at: Date }

const toPlan = (r: PlanRow): Plan => ({
  id: r.id, name: r.name, rules: rulesFromJson(r.rules), createdAt: r.created_at,
  ...(r.names ? { names: typeof r.names === 'string' ? JSON.parse(r.names) as PlanNames : r.names } : {}),
});

export async function insertPlan(q: Queryable, p: { id: string; name: string; names?: PlanNames; rulesJson: unknown; timeZone: string; createdAt: Date; clockThrough: LocalDate }): Promise<void> {
  await q.query('INSERT INTO plans (id, name, names, time_zone, rules, created_at) VALUES ($1, $2, $3, $4, $5, $6)',
    [p.id, p.name, p.names ? JSON.stringify(p.names) : null, p.timeZone, JSON.stringify(p.rulesJson), p.createdAt]);
  await q.query('INSERT INTO plan_clock (plan_id, through_on) VALUES ($1, $2)', [p.id, p.clockThrough]);
}

export async function findPlan(q: Queryable, id: string): Promise<Plan | undefined> {
  const rows = await q.query<PlanRow>('SELECT id, name, names, rules, created_at FROM plans WHERE id = $1', [id]);
  return rows[0] && toPlan(rows[0]);
}

export async function getPlan(q: Queryable, id: string, field = 'plan'): Promise<Plan> {
  const p = await findPlan(q, id);
  if (!p) throw new HuzhuError('NOT_FOUND', `${field}: plan "${id}" does not exist`, { field });
  return p;
}

export async function listPlans(q: Queryable): Promise<Plan[]> {
  return (await q.query<PlanRow>('SELECT id, name, names, rules, created_at FROM plans ORDER BY created_at, id')).map(toPlan);
}

/** Locks the plan's clock row (serialises calendar work per plan) and returns the last day done. */
export async function lockClock(q: Queryable, planId: string): Promise<LocalDate> {
  const rows = await q.query<{ through_on: string }>(
    `SELECT to_char(through_on, 'YYYY-MM-DD') AS through_on FROM plan_clock WHERE plan_id = $1 FOR UPDATE`, [planId]);
  if (!rows[0]) throw new HuzhuError('NOT_FOUND', `plan "${planId}" has no clock`, { field: 'plan' });
  return rows[0].through_on as LocalDate;
}

/** Locks the plan's clock row only: one planner or announcer per plan at a time. */
export async function lockClockRow(q: Queryable, planId: string): Promise<void> {
  await q.query('SELECT 1 FROM plan_clock WHERE plan_id = $1 FOR UPDATE', [planId]);
}

/** Every plan's last day done (the calendar scheduler and the operators' view). */
export async function clocks(q: Queryable): Promise<{ planId: string; throughOn: string }[]> {
  return q.query(`SELECT plan_id AS "planId", to_char(through_on, 'YYYY-MM-DD') AS "throughOn" FROM plan_clock ORDER BY plan_id`);
}

/** The ids of every plan (the replay's walk over plans). */
export async function planIds(q: Queryable): Promise<string[]> {
  return (await q.query<{ id: string }>('SELECT id FROM plans')).map((r) => r.id);
}

export async function setClock(q: Queryable, planId: string, throughOn: LocalDate): Promise<void> {
  await q.query('UPDATE plan_clock SET through_on = $2 WHERE plan_id = $1', [planId, throughOn]);
}

// ---- Rule versions (issue 14): the changes in force from an instant, written when a vote passes ----

/**
 * The plan with the rules in force at `at`: its own rules with every passed change effective at
 * or before `at` laid over them (top-level settings, in order of effective instant, then of
 * writing). Every rule the engine applies for an instant (a join, a diagnosis date, a period's
 * snapshot, a calendar day) is read through this, so a passed change applies from its instant
 * and never before. A plan has few versions, so they are folded here rather than in SQL.
 */
export async function findPlanAt(q: Queryable, id: string, at: Date): Promise<Plan | undefined> {
  const rows = await q.query<PlanRow & { changes: Record<string, unknown>[] | null }>(
    `SELECT p.id, p.name, p.created_at, p.rules,
            (SELECT json_agg(v.changes ORDER BY v.effective_at, v.seq) FROM plan_rule_versions v
              WHERE v.plan_id = p.id AND v.effective_at <= $2) AS changes
       FROM plans p WHERE p.id = $1`, [id, at]);
  const r = rows[0];
  if (!r) return undefined;
  const rules = (r.changes ?? []).reduce<Record<string, unknown>>((acc, c) => ({ ...acc, ...c }), r.rules as Record<string, unknown>);
  return toPlan({ ...r, rules: (r.changes ?? []).length ? { ...rules, preset: 'custom' } : rules });
}

export async function getPlanAt(q: Queryable, id: string, at: Date, field = 'plan'): Promise<Plan> {
  const p = await findPlanAt(q, id, at);
  if (!p) throw new HuzhuError('NOT_FOUND', `${field}: plan "${id}" does not exist`, { field });
  return p;
}

export async function insertRuleVersion(q: Queryable, v: { planId: string; effectiveAt: Date; changes: unknown; proposalId: string }): Promise<void> {
  await q.query('INSERT INTO plan_rule_versions (plan_id, effective_at, changes, proposal_id) VALUES ($1, $2, $3, $4)',
    [v.planId, v.effectiveAt, JSON.stringify(v.changes), v.proposalId]);
}
