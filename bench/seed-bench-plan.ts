/**
 * The benchmarks' plan "bench": N members enrolled set-based (enrolBulk; families of two, one
 * paying account each), an account for every payer, and two months of the real calendar with a
 * claim a fortnight. Used by bench:api and bench:web.
 */
import type { Db } from '../src/db/database.ts';
import { addDays, type LocalDate } from '../src/domain/local-date.ts';
import { simulatedProvider } from '../src/payments/simulated-provider.ts';
import { enrolBulk, type BulkApplicant } from '../src/services/bulk-enrolment.ts';
import { advanceTo } from '../src/services/calendar-runner.ts';
import { approveClaim, fileClaim } from '../src/services/claims-service.ts';
import { join } from '../src/services/membership-service.ts';
import { createPlan } from '../src/services/plans-service.ts';
import { insertAccountForEveryPayer } from '../src/repositories/accounts-repo.ts';

export async function seedBenchPlan(db: Db, members: number, log: (line: string) => void): Promise<void> {
  const at = (s: string) => new Date(s);
  let t = performance.now();
  await createPlan(db, { id: 'bench', name: 'Benchmark plan', preset: 'critical-illness' }, { key: 'bench:plan', actor: 'bench', at: at('2024-01-01T00:00:00+08:00') });
  const applicants: BulkApplicant[] = [];
  const base = '1966-01-01' as LocalDate;
  // Families of two: one paying account for every two members.
  for (let i = 0; i < members; i++) applicants.push({ person: `p${i}`, payer: `account:bench-${i >> 1}`, birthDate: addDays(base, (i * 7919) % 20_000) });
  const r = await enrolBulk(db, 'bench', applicants, { key: 'bench:enrol', actor: 'bench', at: at('2024-01-01T10:00:00+08:00') });
  log(`enrolled ${r.accepted} members in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  t = performance.now();
  await insertAccountForEveryPayer(db, { emailPrefix: 'payer-', emailDomain: 'bench.invalid' });
  log(`accounts for every payer in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  const provider = simulatedProvider({ failureRate: 0.01, seed: 1 });
  for (let k = 0; k < 4; k++) {
    const day = addDays('2024-01-02' as LocalDate, k * 14);
    await advanceTo(db, provider, at(`${day}T09:00:00+08:00`));
    await join(db, { plan: 'bench', person: `claimant${k}`, payer: `claimant${k}`, birthDate: '1985-06-01', declaration: { none: false } }, { key: `bench:j${k}`, actor: 'bench', at: at(`${day}T10:00:00+08:00`) });
    await fileClaim(db, { plan: 'bench', claim: `c${k}`, person: `claimant${k}`, diagnosedOn: day, severity: 'severe', cause: 'accident', diseaseCode: 'brain-surgery' }, { key: `bench:c${k}`, actor: 'bench', at: at(`${day}T11:00:00+08:00`) });
    await approveClaim(db, { claim: `c${k}` }, { key: `bench:a${k}`, actor: 'bench', at: at(`${day}T12:00:00+08:00`) });
  }
  t = performance.now();
  await advanceTo(db, provider, at('2024-03-01T00:00:00+08:00'), { onDay: (p) => { if (p.day.endsWith('-07') || p.day.endsWith('-21')) log(`  calendar ${p.day}`); } });
  log(`calendar through 2024-02-29 in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  await db.exec('ANALYZE');
}
