/**
 * A small plan for engine tests: 13 members (paid for by 7 payers) joining 1-5 Jan 2020, and one
 * approved severe accident claim, ready for the announcement of 7 Jan 2020 (no annual cap, so the
 * share is the plain sharing rule).
 */
import type { Db } from '../db/database.ts';
import type { LocalDate } from '../domain/local-date.ts';
import { approveClaim, fileClaim } from '../services/claims-service.ts';
import { join } from '../services/membership-service.ts';
import { createPlan } from '../services/plans-service.ts';

export const JAN7 = { announcedOn: '2020-01-07' as LocalDate, chargedOn: '2020-01-14' as LocalDate };
export const shanghai = (local: string): Date => new Date(`${local}+08:00`);

export async function seedSmallPlan(db: Db): Promise<void> {
  const at = shanghai;
  await createPlan(db, { id: 'ci', preset: 'critical-illness', overrides: { annualCapFen: null } }, { key: 'plan', actor: 't', at: at('2020-01-01T00:00:00') });
  for (let i = 0; i < 13; i++) {
    await join(db, { plan: 'ci', person: `m${i}`, payer: `p${Math.floor(i / 2)}`, birthDate: '1990-01-01', declaration: { none: false } },
      { key: `join:${i}`, actor: 't', at: at(`2020-01-0${1 + (i % 5)}T09:00:00`) });
  }
  await fileClaim(db, { plan: 'ci', claim: 'c1', person: 'm0', diagnosedOn: '2020-01-02', severity: 'severe', cause: 'accident' }, { key: 'file', actor: 't', at: at('2020-01-03T09:00:00') });
  await approveClaim(db, { claim: 'c1' }, { key: 'approve', actor: 't', at: at('2020-01-04T09:00:00') });
}
