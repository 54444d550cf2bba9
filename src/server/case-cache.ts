/**
 * Announced cases, anonymised, by period. A period's cases never change once announced, so they
 * are read once and kept: the bills and the public period pages show them on every request.
 */
import type { Queryable } from '../db/database.ts';
import { num } from './context.ts';
import { diseaseName } from './diseases.ts';
import { maskName } from '../domain/name-masks.ts';
import { casesOfPeriods, type CaseRow } from '../repositories/public-queries.ts';

export interface PublicCase {
  name: string; age: number | null; province: string | null; disease: string; diseaseCode: string; severity: string; cause: string; payoutFen: number;
}

export const toPublicCase = (c: CaseRow): PublicCase => ({
  name: maskName(c.name ?? ''), age: c.age, province: c.province, disease: diseaseName(c.disease_code), diseaseCode: c.disease_code,
  severity: c.severity, cause: c.cause, payoutFen: num(c.payout_fen),
});

export class CaseCache {
  readonly #byPeriod = new Map<string, PublicCase[]>();

  async of(q: Queryable, periodIds: bigint[]): Promise<Map<string, PublicCase[]>> {
    const missing = periodIds.filter((id) => !this.#byPeriod.has(String(id)));
    if (missing.length) {
      const rows = await casesOfPeriods(q, missing);
      if (this.#byPeriod.size > 10_000) this.#byPeriod.clear();
      for (const id of missing) this.#byPeriod.set(String(id), []);
      for (const r of rows) this.#byPeriod.get(String(r.period_id))!.push(toPublicCase(r));
    }
    return new Map(periodIds.map((id) => [String(id), this.#byPeriod.get(String(id)) ?? []]));
  }
}
