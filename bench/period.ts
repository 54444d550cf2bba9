/**
 * npm run bench:period -- --members N [--failure-rate R] [--keep]
 *
 * One whole calendar period at scale, every step through the real code (issue 15):
 *   1. enrols N members through the real bulk enrolment (the join rules applied to every
 *      applicant), streamed in batches with a family mix (singles, couples, families of 3 and 4
 *      paid by one account), never an array of all N in memory;
 *   2. files and approves a few claims (accidents, so no waiting period holds them);
 *   3. runs the calendar runner day by day through the period: the notice on the announcement
 *      day, then the sharing run and the charge day on the charge date (with the charge
 *      commitment tree and the log entries), timing each step through the runner's onStep hook;
 *   4. settles the charges through the batch-file provider: exports the debit instructions and
 *      imports a results file in which a share R of the payers failed (default 0.005);
 *   5. on the same database, in the same run, COPYs N rows shaped like `charges` as the yardstick.
 * Prints one line:
 *   period members=N db=... enrol_per_s=E notice_s=.. sharing_s=.. charge_s=.. period_s=P copy_s=C
 *   ratio=P_over_C bytes_per_member=.. bytes_per_period=.. rss_mb=..
 * where period_s = every calendar step of the period's days + export + import (charge_s = charge day +
 * export + import; the bank's making of its answer is the bank's work and not counted), bytes_per_period
 * is what the period added to the database (tables, indexes and TOAST) and bytes_per_member that divided by N.
 * Uses DATABASE_URL when set (a throwaway schema, dropped at the end unless --keep: then its name is
 * printed on stderr, to look into with psql), else PGlite in a temporary folder.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { parseArgs } from 'node:util';
import { openDb, type Db } from '../src/db/database.ts';
import { batchFileProvider, exportDebitInstructions, importResults, RESULTS_HEADER } from '../src/payments/batch-file-provider.ts';
import { getPlan } from '../src/repositories/plans-repo.ts';
import { enrolBulkStream } from '../src/services/bulk-enrolment.ts';
import { advanceTo, type CalendarStep } from '../src/services/calendar-runner.ts';
import { approveClaim, fileClaim } from '../src/services/claims-service.ts';
import { join } from '../src/services/membership-service.ts';
import { createPlan } from '../src/services/plans-service.ts';
import { familyApplicants } from './period-population.ts';

const { values } = parseArgs({ options: {
  members: { type: 'string', default: '1000000' },
  'failure-rate': { type: 'string', default: '0.005' },
  batch: { type: 'string', default: '200000' },
  keep: { type: 'boolean', default: false },
} });
const members = Number(values.members);
const failureRate = Number(values['failure-rate']);
const batchSize = Number(values.batch);
if (!Number.isInteger(members) || members < 10) throw new Error('--members: a whole number of at least 10');
if (!(failureRate >= 0 && failureRate <= 1)) throw new Error('--failure-rate: between 0 and 1');
if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error('--batch: a positive whole number');

const CLAIMS = 3;
const at = (s: string) => new Date(s);
let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => { peakRss = Math.max(peakRss, process.memoryUsage().rss); }, 100);

/** Bytes of each table of this schema with its indexes and TOAST. */
async function tableBytes(db: Db): Promise<Map<string, bigint>> {
  const r = await db.query<{ name: string; bytes: string }>(
    `SELECT c.relname AS name, pg_total_relation_size(c.oid)::text AS bytes FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'm', 'p')`);
  return new Map(r.map((x) => [x.name, BigInt(x.bytes)]));
}
const total = (m: Map<string, bigint>) => [...m.values()].reduce((a, x) => a + x, 0n);

/** The tables that grew most over the period, for the reader of stderr: where the bytes go. */
function growth(before: Map<string, bigint>, after: Map<string, bigint>): string {
  const names = new Set([...before.keys(), ...after.keys()]);
  const d = [...names].map((name) => [name, (after.get(name) ?? 0n) - (before.get(name) ?? 0n)] as const).sort((x, y) => (y[1] > x[1] ? 1 : -1));
  const grew = d.filter(([, b]) => b > 0n).slice(0, 8).map(([name, b]) => `${name}=${b}`).join(' ');
  const shrank = d.filter(([, b]) => b < 0n).map(([name, b]) => `${name}=${b}`).join(' '); // a table vacuum truncated meanwhile
  return shrank ? `${grew}; shrank: ${shrank}` : grew;
}

/**
 * Results files (1,000,000 rows each) for the exported instructions, read chunk by chunk: payer ids
 * hashed into [0, 1) below R fail. Also the seconds spent making them: that is the bank's work, not
 * huzhu's, and is left out of the period's time (the time spent waiting for the next chunk is in).
 */
async function resultsFor(instructions: AsyncIterable<string>): Promise<{ files: string[]; bankSeconds: number }> {
  const files: string[] = [];
  let bank = 0;
  let rows: string[] = [];
  let header = true;
  let rest = '';
  for await (const chunk of instructions) {
    const t0 = performance.now();
    const lines = (rest + chunk).split('\n');
    rest = lines.pop()!;
    for (const line of lines) {
      if (header) { header = false; continue; }
      const [period, payer, , amount] = line.split(',');
      const u = Number((BigInt(payer!) * 2_654_435_761n) % 1_000_003n) / 1_000_003;
      rows.push(`${period},${payer},${amount},${u < failureRate ? 'failed' : 'paid'}`);
      if (rows.length === 1_000_000) { files.push([RESULTS_HEADER, ...rows].join('\n') + '\n'); rows = []; }
    }
    bank += performance.now() - t0;
  }
  const t0 = performance.now();
  if (rows.length) files.push([RESULTS_HEADER, ...rows].join('\n') + '\n');
  return { files, bankSeconds: (bank + performance.now() - t0) / 1000 };
}

const url = process.env.DATABASE_URL;
const dir = url ? undefined : await mkdtemp(joinPath(tmpdir(), 'huzhu-bench-period-'));
const schema = `bench_period_${process.pid}`;
const db = await openDb(url ? { databaseUrl: url, schema } : { dataDir: dir });
const provider = batchFileProvider();

try {
  await createPlan(db, { id: 'bench', preset: 'critical-illness' }, { key: 'bench:plan', actor: 'bench', at: at('2020-01-01T00:00:00+08:00') });

  let t = performance.now();
  const { accepted } = await enrolBulkStream(db, 'bench', familyApplicants(members - CLAIMS), { key: 'bench:enrol', actor: 'bench', at: at('2020-01-02T10:00:00+08:00') },
    { batchSize });
  const enrolSeconds = (performance.now() - t) / 1000;
  const enrolRss = peakRss;
  process.stderr.write(`enrolment took ${enrolSeconds.toFixed(1)} s, ended ${new Date().toISOString()}\n`);

  for (let c = 0; c < CLAIMS; c++) {
    const person = `claimant${c}`;
    await join(db, { plan: 'bench', person, payer: person, birthDate: '1985-06-01', declaration: { none: false } }, { key: `bench:j${c}`, actor: 'bench', at: at('2020-01-02T11:00:00+08:00') });
    await fileClaim(db, { plan: 'bench', claim: `c${c}`, person, diagnosedOn: '2020-01-03', severity: c === 0 ? 'severe' : 'mild', cause: 'accident' }, { key: `bench:c${c}`, actor: 'bench', at: at('2020-01-03T10:00:00+08:00') });
    await approveClaim(db, { claim: `c${c}` }, { key: `bench:a${c}`, actor: 'bench', at: at('2020-01-04T10:00:00+08:00') });
  }
  await advanceTo(db, provider, at('2020-01-06T12:00:00+08:00')); // the days before the period: nothing to time
  // The enrolment's unlogged stage is emptied batch by batch; vacuum gives its pages back now, as
  // autovacuum would during the period, so that the period's bytes are the period's own (before
  // this line, bytes_per_period was short by the stage's truncation: 68 MB at 1M).
  await db.exec('VACUUM bulk_enrolment_stage');
  await db.exec('ANALYZE');
  const bytesBefore = await tableBytes(db);

  const steps = new Map<CalendarStep, number>();
  const onStep = (s: { step: CalendarStep; seconds: number }) => {
    steps.set(s.step, (steps.get(s.step) ?? 0) + s.seconds);
    if (s.seconds >= 0.5) process.stderr.write(`step ${s.step} took ${s.seconds.toFixed(2)} s, ended ${new Date().toISOString()}\n`); // to line up with bench:api --while
  };
  await advanceTo(db, provider, at('2020-01-14T09:00:00+08:00'), { onStep, actor: 'bench' });
  const plan = await getPlan(db, 'bench');

  t = performance.now();
  const instructions = await exportDebitInstructions(db, 'bench', at('2020-01-14T10:00:00+08:00'));
  const { files, bankSeconds } = await resultsFor(instructions.chunks);
  const exportSeconds = (performance.now() - t) / 1000 - bankSeconds; // the export read, the bank's answer left out
  let failed = 0;
  for (let f = 0; f < files.length; f++) {
    const when = new Date(at('2020-01-14T12:00:00+08:00').getTime() + f * 1000);
    failed += (await importResults(db, provider, plan, files[f]!, { key: `bench:results:${f}`, actor: 'bench', at: when })).failed;
  }
  const settleSeconds = (performance.now() - t) / 1000 - bankSeconds;
  process.stderr.write(`batch file took ${settleSeconds.toFixed(2)} s, ended ${new Date().toISOString()}\n`);
  const bytesAfter = await tableBytes(db);
  const bytesPeriod = total(bytesAfter) - total(bytesBefore);

  // The yardstick: N charge-shaped rows by COPY, in chunks so that no N-row string is built.
  await db.exec('DROP TABLE IF EXISTS charges_copy_baseline; CREATE TABLE charges_copy_baseline (LIKE charges INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES)');
  let copySeconds = 0;
  for (let from = 1; from <= members; from += 1_000_000) {
    const rows: string[] = [];
    for (let i = from; i < Math.min(members + 1, from + 1_000_000); i++) rows.push(`1\t${i}\t${i}\t34\n`);
    const tsv = rows.join('');
    t = performance.now();
    await db.copyIn('charges_copy_baseline', ['period_id', 'membership_id', 'payer_id', 'amount_fen'], tsv);
    copySeconds += (performance.now() - t) / 1000;
  }

  const s = (k: CalendarStep) => steps.get(k) ?? 0;
  const chargeSeconds = s('charge') + settleSeconds;
  const periodSeconds = [...steps.values()].reduce((a, x) => a + x, 0) + settleSeconds; // every calendar step of the period
  process.stderr.write(`enrolled ${accepted} of ${members - CLAIMS} in ${enrolSeconds.toFixed(1)} s (peak rss by then ${Math.round(enrolRss / 1048576)} MB); ${instructions.rows} payments exported in ${exportSeconds.toFixed(1)} s (the bank's answer made in another ${bankSeconds.toFixed(1)} s, not counted), ${failed} failed, imported in ${(settleSeconds - exportSeconds).toFixed(1)} s; steps ${JSON.stringify(Object.fromEntries(steps))}\nthe period's bytes by table: ${growth(bytesBefore, bytesAfter)}\n`);
  process.stdout.write(`period members=${members} db=${db.kind} enrol_per_s=${Math.round(accepted / enrolSeconds)} notice_s=${s('notice').toFixed(2)} ` +
    `sharing_s=${s('sharing').toFixed(2)} charge_s=${chargeSeconds.toFixed(2)} period_s=${periodSeconds.toFixed(2)} copy_s=${copySeconds.toFixed(2)} ` +
    `ratio=${(periodSeconds / copySeconds).toFixed(2)} bytes_per_member=${(Number(bytesPeriod) / members).toFixed(1)} bytes_per_period=${bytesPeriod} ` +
    `rss_mb=${Math.round(peakRss / 1048576)}\n`);
} finally {
  clearInterval(sampler);
  if (url && values.keep) process.stderr.write(`kept schema ${schema}\n`);
  else if (url) await db.exec(`DROP SCHEMA ${schema} CASCADE`).catch(() => undefined);
  await db.close();
  if (dir) await rm(dir, { recursive: true, force: true });
}
