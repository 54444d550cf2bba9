/**
 * npm run bench:sharing -- --members N [--weights 0:1,30:2,50:3]
 *
 * `--weights` grades contributions by age (the plan's contributionWeights, fromAge:weight pairs),
 * so the run bills share x weight with the per-member CASE over birth dates.
 * Seeds N members (bulk enrolment: the join rules in memory, COPY + INSERT ... SELECT), files and
 * approves one claim, then times ONE sharing run (snapshot the sharing members, bill every member,
 * post the ledger entry, in one transaction). As a baseline it times, on the same database in the
 * same run, a raw COPY of N rows of the same width into a table shaped like `charges` (same
 * columns and primary key). Prints one line:
 *   sharing members=N db=pglite|postgres seconds=S members_per_s=R copy_per_s=C ratio=S_over_copy_seconds
 * Uses DATABASE_URL when set, else PGlite in a temporary folder.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { parseArgs } from 'node:util';
import { openDb } from '../src/db/database.ts';
import { addDays, type LocalDate } from '../src/domain/local-date.ts';
import { parseWeightPairs } from '../src/domain/contribution-weights.ts';
import { getPlan } from '../src/repositories/plans-repo.ts';
import { enrolBulk, type BulkApplicant } from '../src/services/bulk-enrolment.ts';
import { approveClaim, fileClaim } from '../src/services/claims-service.ts';
import { join } from '../src/services/membership-service.ts';
import { createPlan } from '../src/services/plans-service.ts';
import { announceAndShare } from '../src/services/sharing-run.ts';

const { values } = parseArgs({ options: { members: { type: 'string', default: '1000000' }, weights: { type: 'string' } } });
const contributionWeights = values.weights === undefined ? undefined : parseWeightPairs(values.weights);
const members = Number(values.members);
if (!Number.isInteger(members) || members < 1) throw new Error('--members: a positive whole number');

const url = process.env.DATABASE_URL;
const dir = url ? undefined : await mkdtemp(joinPath(tmpdir(), 'huzhu-bench-'));
const schema = `bench_${process.pid}`;
const db = await openDb(url ? { databaseUrl: url, schema } : { dataDir: dir });
const at = (s: string) => new Date(s);

try {
  await createPlan(db, { id: 'bench', preset: 'critical-illness', ...(contributionWeights ? { overrides: { contributionWeights } } : {}) }, { key: 'bench:plan', actor: 'bench', at: at('2020-01-01T00:00:00+08:00') });
  const applicants: BulkApplicant[] = [];
  const base = '1970-01-01' as LocalDate;
  for (let i = 0; i < members - 1; i++) {
    applicants.push({ person: `p${i}`, payer: `pay${i - (i % 3 === 2 ? 1 : 0)}`, birthDate: addDays(base, (i * 7919) % 14_000) });
  }
  let t = performance.now();
  const enrolled = await enrolBulk(db, 'bench', applicants, { key: 'bench:enrol', actor: 'bench', at: at('2020-01-02T10:00:00+08:00') });
  const seedSeconds = (performance.now() - t) / 1000;
  await join(db, { plan: 'bench', person: 'claimant', payer: 'claimant', birthDate: '1985-06-01', declaration: { none: false } }, { key: 'bench:j', actor: 'bench', at: at('2020-01-02T11:00:00+08:00') });
  await fileClaim(db, { plan: 'bench', claim: 'c1', person: 'claimant', diagnosedOn: '2020-01-03', severity: 'severe', cause: 'accident' }, { key: 'bench:c', actor: 'bench', at: at('2020-01-03T10:00:00+08:00') });
  await approveClaim(db, { claim: 'c1' }, { key: 'bench:a', actor: 'bench', at: at('2020-01-04T10:00:00+08:00') });
  await db.exec('ANALYZE');
  const plan = await getPlan(db, 'bench');

  t = performance.now();
  const period = await announceAndShare(db, plan, { announcedOn: '2020-01-07' as LocalDate, chargedOn: '2020-01-14' as LocalDate }, { actor: 'bench' });
  const seconds = (performance.now() - t) / 1000;
  if (period.sharingMembers !== BigInt(members)) throw new Error(`expected ${members} sharing members, got ${period.sharingMembers}`);

  // Baseline: COPY the same number of rows of the same width (4 bigints) into a charges-shaped table.
  await db.exec('DROP TABLE IF EXISTS charges_copy_baseline; CREATE TABLE charges_copy_baseline (LIKE charges INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES)');
  const rows: string[] = [];
  for (let i = 1; i <= members; i++) rows.push(`${period.id}\t${i}\t${i}\t${period.shareFen}\n`);
  const tsv = rows.join('');
  t = performance.now();
  await db.copyIn('charges_copy_baseline', ['period_id', 'membership_id', 'payer_id', 'amount_fen'], tsv);
  const copySeconds = (performance.now() - t) / 1000;

  process.stderr.write(`seeded ${enrolled.accepted} members in ${seedSeconds.toFixed(1)} s; share ${period.shareFen} fen\n`);
  process.stdout.write(`sharing members=${members}${contributionWeights ? ` weights=${values.weights} W=${period.weightTotal}` : ''} db=${db.kind} seconds=${seconds.toFixed(3)} members_per_s=${Math.round(members / seconds)} ` +
    `copy_per_s=${Math.round(members / copySeconds)} ratio=${(seconds / copySeconds).toFixed(2)}\n`);
} finally {
  if (url) await db.exec(`DROP SCHEMA ${schema} CASCADE`).catch(() => undefined);
  await db.close();
  if (dir) await rm(dir, { recursive: true, force: true });
}
