/**
 * The child of bench/period-kill.ts: bench:period's work, resumable. Run it again after a kill
 * and it carries on from wherever the database is, because every step is keyed or recorded:
 *   plan, claims      once() keys;
 *   enrolment         the applicants are a function of their index (period-population.ts), each
 *                     batch is committed under its own key, and a resumed stream skips the
 *                     batches already committed (enrolBulkStream);
 *   the calendar      the plan's clock and each step's key (calendar-runner.ts);
 *   settlement        the debit instructions sent to the bank are kept in a file, as an operator
 *                     keeps what was sent (written whole, then renamed), and the bank's results are
 *                     a function of each payer's ref; each results file is imported under its key.
 * One period: enrolment, three claims, the notice (7 Jan), the sharing run and the charge day
 * (14 Jan, with the charge commitment tree and the log entries), the batch-file export and import,
 * a second export and import on 16 Jan in which half of the failed payers pay, the daily retries,
 * the notice of 21 Jan and the write-off of what is still unpaid (27 Jan).
 *
 * Usage: DATABASE_URL=... tsx bench/period-kill-child.ts --members N --schema S --work DIR [--batch B] [--failure-rate R]
 * Prints "@step <step> [detail]" on stderr as each step begins, and "@done" at the end.
 */
import { existsSync, readFileSync, renameSync, appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openDb } from '../src/db/database.ts';
import { sha256Hex } from '../src/domain/sha256.ts';
import { batchFileProvider, exportDebitInstructions, importResults, RESULTS_HEADER } from '../src/payments/batch-file-provider.ts';
import { getPlan } from '../src/repositories/plans-repo.ts';
import { enrolBulkStream } from '../src/services/bulk-enrolment.ts';
import { advanceTo } from '../src/services/calendar-runner.ts';
import { approveClaim, fileClaim } from '../src/services/claims-service.ts';
import { join as joinPlan } from '../src/services/membership-service.ts';
import { createPlan } from '../src/services/plans-service.ts';
import { familyApplicants } from './period-population.ts';

const { values } = parseArgs({ options: {
  members: { type: 'string' }, schema: { type: 'string' }, work: { type: 'string' },
  batch: { type: 'string', default: '200000' }, 'failure-rate': { type: 'string', default: '0.005' },
} });
const members = Number(values.members);
const batchSize = Number(values.batch);
const failureRate = Number(values['failure-rate']);
const url = process.env.DATABASE_URL;
if (!url || !values.schema || !values.work || !(members >= 10) || !(batchSize >= 1)) throw new Error('usage: DATABASE_URL=... period-kill-child --members N --schema S --work DIR [--batch B]');

const CLAIMS = 3;
const at = (s: string) => new Date(s);
const mark = (step: string, detail = '') => process.stderr.write(`@step ${step}${detail ? ` ${detail}` : ''}\n`); // synchronous on a pipe
const act = (key: string, when: string) => ({ key, actor: 'bench', at: at(when) });
const db = await openDb({ databaseUrl: url, schema: values.schema, poolSize: 4 });
const provider = batchFileProvider();
const calendar = { actor: 'bench', onStepStart: (s: { step: string; day: string }) => mark(s.step, s.day) };

/** A payer's place in [0, 1), from its ref alone: the same payers fail in every run. */
const draw = (payerRef: string) => parseInt(sha256Hex(`period-kill:${payerRef}`).slice(0, 8), 16) / 2 ** 32;

/** The bank's results for an instructions file: payers drawn below `failBelow` fail; files of at most 1,000,000 rows. */
function resultsFor(instructionsCsv: string, failBelow: number): string[] {
  const files: string[] = [];
  let rows: string[] = [];
  for (const line of instructionsCsv.split('\n').slice(1)) {
    if (!line) continue;
    const [period, payer, ref, amount] = line.split(','); // refs here are [A-Za-z0-9.], never quoted
    rows.push(`${period},${payer},${amount},${draw(ref!) < failBelow ? 'failed' : 'paid'}`);
    if (rows.length === 1_000_000) { files.push([RESULTS_HEADER, ...rows].join('\n') + '\n'); rows = []; }
  }
  if (rows.length) files.push([RESULTS_HEADER, ...rows].join('\n') + '\n');
  return files;
}

/** Exports the open payments (once: the file sent to the bank is kept) and imports the bank's results. */
async function settle(tag: string, day: string, failBelow: number): Promise<void> {
  const file = join(values.work!, `instructions-${tag}.csv`);
  if (!existsSync(file)) {
    mark('export', tag);
    const { chunks } = await exportDebitInstructions(db, 'bench', at(`${day}T10:00:00+08:00`));
    writeFileSync(`${file}.part`, '');
    for await (const chunk of chunks) appendFileSync(`${file}.part`, chunk); // streamed: never the whole file in memory
    renameSync(`${file}.part`, file);
  }
  mark('import', tag);
  const plan = await getPlan(db, 'bench');
  const files = resultsFor(readFileSync(file, 'utf8'), failBelow);
  for (let f = 0; f < files.length; f++) {
    const when = new Date(at(`${day}T12:00:00+08:00`).getTime() + f * 1000);
    await importResults(db, provider, plan, files[f]!, { key: `bench:results:${tag}:${f}`, actor: 'bench', at: when });
  }
}

try {
  mark('setup');
  await createPlan(db, { id: 'bench', preset: 'critical-illness' }, act('bench:plan', '2020-01-01T00:00:00+08:00'));
  mark('enrol');
  await enrolBulkStream(db, 'bench', familyApplicants(members - CLAIMS), act('bench:enrol', '2020-01-02T10:00:00+08:00'),
    { batchSize, afterBatch: (n) => mark('enrol', `batch ${n} committed`) });
  mark('claims');
  for (let c = 0; c < CLAIMS; c++) {
    const person = `claimant${c}`;
    await joinPlan(db, { plan: 'bench', person, payer: person, birthDate: '1985-06-01', declaration: { none: false } }, act(`bench:j${c}`, '2020-01-02T11:00:00+08:00'));
    await fileClaim(db, { plan: 'bench', claim: `c${c}`, person, diagnosedOn: '2020-01-03', severity: c === 0 ? 'severe' : 'mild', cause: 'accident' }, act(`bench:c${c}`, '2020-01-03T10:00:00+08:00'));
    await approveClaim(db, { claim: `c${c}` }, act(`bench:a${c}`, '2020-01-04T10:00:00+08:00'));
  }
  await advanceTo(db, provider, at('2020-01-14T09:00:00+08:00'), calendar); // notice 7 Jan; sharing run and charge day 14 Jan
  await settle('charge', '2020-01-14', failureRate);
  await advanceTo(db, provider, at('2020-01-16T09:00:00+08:00'), calendar); // daily retries
  await settle('retry', '2020-01-16', failureRate / 2); // half of the failed payers pay
  await advanceTo(db, provider, at('2020-01-27T09:00:00+08:00'), calendar); // retries, the notice of 21 Jan, the write-off at 00:00 of 27 Jan
  mark('done');
  process.stderr.write('@done\n');
} finally {
  await db.close();
}
