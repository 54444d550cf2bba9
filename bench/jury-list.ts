/**
 * npm run bench:jury-list [-- --jurors N --limit L]
 *
 * A jury draw's published juror list at scale: N qualified jurors (default 1,000,000) are written
 * set-based (INSERT ... SELECT), then the list is read as a verifier reads it, page by page by key
 * (jurorListPage, the query behind GET /public/jury/cases/:id/rounds/:round/jurors, L per page,
 * default 10,000), and, for comparison, in one query (what the draw endpoint served before) and
 * by offset at the end of the list. Also times the draw's own input (jurorListFacts: every juror
 * with the facts that decide eligibility). Uses DATABASE_URL when set (a throwaway schema), else
 * PGlite in a temporary folder.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { parseArgs } from 'node:util';
import { openDb } from '../src/db/database.ts';
import { insertSyntheticJurors, jurorListFacts, jurorListPage, jurorListPageByOffset } from '../src/repositories/jurors-repo.ts';
import { createPlan } from '../src/services/plans-service.ts';

const { values } = parseArgs({ options: { jurors: { type: 'string', default: '1000000' }, limit: { type: 'string', default: '10000' } } });
const jurors = Number(values.jurors);
const limit = Number(values.limit);
if (!Number.isInteger(jurors) || jurors < 1000 || !Number.isInteger(limit) || limit < 1 || limit > 10_000) throw new Error('--jurors >= 1000 and --limit 1..10000, whole numbers');

const url = process.env.DATABASE_URL;
const dir = url ? undefined : await mkdtemp(joinPath(tmpdir(), 'huzhu-bench-jury-'));
const schema = `bench_jury_${process.pid}`;
const db = await openDb(url ? { databaseUrl: url, schema } : { dataDir: dir });
const ms = (t: number) => performance.now() - t;

try {
  await createPlan(db, { id: 'bench', preset: 'critical-illness' }, { key: 'bench-plan', actor: 'bench', at: new Date('2024-01-01T00:00:00Z') });
  let t = performance.now();
  await insertSyntheticJurors(db, 'bench', jurors, '2024-01-02 00:00Z');
  console.log(`seeded ${jurors} qualified jurors in ${(ms(t) / 1000).toFixed(1)} s`);
  const before = Number.MAX_SAFE_INTEGER; // every pass counts

  t = performance.now();
  const pageTimes: number[] = [];
  let after: string | null = null;
  let read = 0;
  for (;;) {
    const p = performance.now();
    const rows = await jurorListPage(db, 'bench', before, after, limit);
    pageTimes.push(ms(p));
    const items = rows.slice(0, limit);
    read += items.length;
    if (rows.length <= limit) break;
    after = items[items.length - 1]!;
  }
  const total = ms(t);
  pageTimes.sort((a, b) => a - b);
  const q = (f: number) => pageTimes[Math.min(pageTimes.length - 1, Math.floor(f * pageTimes.length))]!.toFixed(1);
  if (read !== jurors) throw new Error(`read ${read} pseudonyms, expected ${jurors}`);
  console.log(`keyset pages   pages=${pageTimes.length} limit=${limit} total_s=${(total / 1000).toFixed(2)} page_ms p50=${q(0.5)} p99=${q(0.99)} max=${pageTimes.at(-1)!.toFixed(1)}`);

  t = performance.now();
  const whole = await jurorListPage(db, 'bench', before, null, jurors);
  const oneQuery = ms(t);
  const bytes = Buffer.byteLength(JSON.stringify(whole));
  console.log(`one query      rows=${whole.length} ms=${oneQuery.toFixed(0)} json_mb=${(bytes / 1e6).toFixed(1)} (the whole list in one response, as before)`);

  t = performance.now();
  const lastOffset = await jurorListPageByOffset(db, 'bench', before, Math.max(0, jurors - limit), limit);
  console.log(`offset page    rows=${lastOffset.length} ms=${ms(t).toFixed(0)} (the last page by OFFSET ${Math.max(0, jurors - limit)}, for comparison)`);

  t = performance.now();
  const facts = await jurorListFacts(db, 'bench', 'default', before);
  console.log(`draw input     rows=${facts.length} ms=${ms(t).toFixed(0)} (jurorListFacts: what a panel draw loads)`);
} finally {
  if (url) await db.exec(`DROP SCHEMA ${schema} CASCADE`).catch(() => undefined);
  await db.close();
  if (dir) await rm(dir, { recursive: true, force: true });
}
