/** The juror quiz's attempts (table juror_quiz_attempts), for the limit per day. */
import type { Queryable } from '../db/database.ts';

export async function quizAttemptsSince(q: Queryable, planId: string, personId: bigint, since: Date): Promise<Date[]> {
  const rows = await q.query<{ at: Date }>('SELECT at FROM juror_quiz_attempts WHERE plan_id = $1 AND person_id = $2 AND at > $3 ORDER BY at', [planId, personId, since]);
  return rows.map((r) => r.at);
}

export async function insertQuizAttempt(q: Queryable, planId: string, personId: bigint, at: Date): Promise<void> {
  await q.query('INSERT INTO juror_quiz_attempts (plan_id, person_id, at) VALUES ($1, $2, $3)', [planId, personId, at]);
}
