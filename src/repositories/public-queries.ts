/**
 * What the public sees of each announced case, as the real platforms published it: a masked name,
 * age, province, disease and payout; nothing else about a person. A read-only query: it owns no
 * table and writes nothing (the period results it goes with are in repositories/periods-repo.ts).
 */
import type { Queryable } from '../db/database.ts';

export interface CaseRow { period_id: bigint; ref: string; name: string | null; age: number | null; province: string | null; disease_code: string; severity: string; cause: string; payout_fen: bigint }

/** The announced cases of some periods (immutable once announced, so callers may cache them). */
export async function casesOfPeriods(q: Queryable, periodIds: bigint[], limit = 100_000, offset = 0): Promise<CaseRow[]> {
  return q.query<CaseRow>(
    `SELECT c.period_id, c.ref, pl.name, c.age_at_diagnosis AS age, pl.province, c.disease_code, c.severity, c.cause, c.payout_fen
       FROM claims c JOIN persons pe ON pe.id = c.person_id LEFT JOIN people pl ON pl.id_hash = pe.ref
      WHERE c.period_id = ANY($1::bigint[]) ORDER BY c.period_id, c.decided_at, c.id LIMIT $2 OFFSET $3`, [periodIds, limit, offset]);
}
