/**
 * A plan's status as the regulator sees it: 'active', 'winding-down' (from the wind-down's
 * instant A) or 'closed' (its claim window over and every claim paid or rejected). Every reader of
 * a plan's status in the regulator's view goes through this one function.
 */
import type { Queryable } from '../../db/database.ts';

export type PlanStatus = 'active' | 'winding-down' | 'closed';
export const PLAN_STATUSES: readonly PlanStatus[] = ['active', 'winding-down', 'closed'];

export async function planStatusOf(_q: Queryable, _planId: string): Promise<PlanStatus> {
  // wired to the wind-down at merge: read the plan's wind-down (started at A, claim window, claims settled) here.
  return 'active';
}
