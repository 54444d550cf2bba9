/**
 * The writer of the wind-down entries (issue 13): one `plan.winddown` entry at each step, in the
 * step's own transaction: `started` (the instant A, the terms, the members at A and what the
 * operator covered then), `memberships-closed` (at the end of the cut-off date, how many), and
 * `closed` with the final report. Anonymized: totals, counts and claim refs only.
 */
import type { Queryable } from '../../db/database.ts';
import type { JsonValue } from '../core/canonical-json.ts';
import { appendLogEntries } from '../store/log-store.ts';
import { ENTRY_TYPES } from './entry-types.ts';

export interface WindDownStep {
  plan: string;
  windDown: string;
  state: 'started' | 'memberships-closed' | 'closed';
  at: Date;
  /** Step facts: the terms and totals at the start, the count closed, or the final report (JSON-safe, money as integers). */
  facts: Record<string, unknown>;
}

const json = (v: unknown): JsonValue => JSON.parse(JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? Number(x) : x))) as JsonValue;

/** wind-down service: one step of the plan's wind-down. */
export async function logWindDown(tx: Queryable, s: WindDownStep): Promise<number> {
  return appendLogEntries(tx, [{
    entry: { type: ENTRY_TYPES.planWindDown, v: 1, plan: s.plan, windDown: s.windDown, state: s.state, at: s.at.toISOString(), ...(json(s.facts) as Record<string, JsonValue>) },
    ref: `plan.winddown/${s.plan}/${s.state}`,
  }]);
}
