/**
 * The writer of the membership entries: a move to another plan (issue 14). Anonymized: the entry
 * names the two plans and the instant, never the person, the membership or an age (with the
 * instant, an age or a birth date would single out who moved). Members see from it how many move
 * and when; the person's own record stays in the engine's tables.
 */
import type { Queryable } from '../../db/database.ts';
import { appendLogEntries } from '../store/log-store.ts';
import { ENTRY_TYPES } from './entry-types.ts';

/** membership-service (transfer): one member moved from `plan` to `toPlan` at `at`, in the move's own transaction. */
export async function logTransfer(tx: Queryable, f: { plan: string; toPlan: string; at: Date }): Promise<number> {
  return appendLogEntries(tx, [{ entry: { type: ENTRY_TYPES.membershipTransferred, v: 1, plan: f.plan, toPlan: f.toPlan, at: f.at.toISOString() } }]);
}
