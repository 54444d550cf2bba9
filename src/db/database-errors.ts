/**
 * The one place a database error becomes a HuzhuError. Both engines (PGlite and node-postgres)
 * report a failure with its SQLSTATE in `code` and, for a unique violation, the constraint or
 * index name in `constraint`; the texts differ, so only those two fields are read.
 *
 * Races the services' own checks cannot see (two requests that both checked "not yet a member"
 * before either wrote) end in a unique violation: that is a conflict the caller can act on, not a
 * server failure. The message never carries the error's `detail`, which holds the key's values.
 */
import { HuzhuError } from '../domain/errors.ts';

export interface DatabaseErrorFields {
  code: string;
  constraint?: string | undefined;
}

const SQLSTATE = /^[0-9A-Z]{5}$/;

/** Whether err looks like an error raised by the database (it has a SQLSTATE). */
export function isDatabaseError(err: unknown): err is Error & DatabaseErrorFields {
  const code = (err as { code?: unknown } | null)?.code;
  return err instanceof Error && typeof code === 'string' && SQLSTATE.test(code);
}

/** What a unique constraint, when violated by a race, means to the caller. */
const UNIQUE_MEANS: Record<string, { code: 'ALREADY_MEMBER' | 'CONFLICT'; message: string }> = {
  memberships_one_active: { code: 'ALREADY_MEMBER', message: 'the person already has an active membership in this plan' },
  events_idempotency_key_key: { code: 'CONFLICT', message: 'this step was already recorded by another request or process' },
  journal_entries_idempotency_key_key: { code: 'CONFLICT', message: 'this entry was already posted by another request or process' },
  jury_cases_one_open: { code: 'CONFLICT', message: 'the claim already has an open jury case' },
  sampling_seeds_current: { code: 'CONFLICT', message: 'the plan already has an unrevealed sampling seed' },
};

/** invalid datetime format, datetime overflow, bad character, bad text for a type, number out of range, string too long, untranslatable character. */
const BAD_VALUE = new Set(['22007', '22008', '22021', '22P02', '22003', '22001', '22P05']);

/** The HuzhuError a database error stands for, or undefined when it is a genuine failure. */
export function fromDatabaseError(err: unknown): HuzhuError | undefined {
  if (!isDatabaseError(err)) return undefined;
  const { code, constraint } = err;
  if (code === '23505') {
    const meant = (constraint && UNIQUE_MEANS[constraint]) || { code: 'CONFLICT' as const, message: 'a concurrent request made the same change' };
    return new HuzhuError(meant.code, `${meant.message}; reload and retry if needed`, { cause: err, details: { constraint } });
  }
  // serialization_failure, deadlock_detected (PostgreSQL under concurrency): safe to retry.
  if (code === '40001' || code === '40P01') return new HuzhuError('CONFLICT', 'a concurrent request changed the same data; retry', { cause: err });
  // Data exceptions about an input value the schemas let through but the database refuses
  // (a division by zero, also class 22, is a bug and stays a failure).
  if (BAD_VALUE.has(code)) return new HuzhuError('VALIDATION', 'request: a value is out of range or not valid text', { field: 'request', cause: err });
  return undefined;
}
