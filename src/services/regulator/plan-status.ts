/**
 * A plan's status as the regulator sees it: 'active', 'winding-down' (from the wind-down's
 * instant A) or 'closed' (its claim window over and every claim paid or rejected). Every reader of
 * a plan's status in the regulator's view goes through this one function.
 */
import type { Queryable } from '../../db/database.ts';
import type { PlanStatus } from '../../domain/wind-down.ts';
import { planStatus } from '../wind-down.ts';

export type { PlanStatus };
export const PLAN_STATUSES: readonly PlanStatus[] = ['active', 'winding-down', 'closed'];

/** The plan's status now, from its wind-down (services/wind-down.ts). */
export async function planStatusOf(q: Queryable, planId: string, at: Date = new Date()): Promise<PlanStatus> {
  return planStatus(q, planId, at);
}
