/**
 * npm run bench:api [-- --members 1000000 --seconds 15 --connections 16]
 *
 * Seeds N members on a PostgreSQL server (set-based: enrolBulk, then the real calendar makes a
 * few months of periods), gives a sample of the paying accounts a session, starts `huzhu serve`
 * as its own process, and drives "my bills" (rotating over the sample's tokens) and the public
 * period list from this process with autocannon on 127.0.0.1. Prints requests/s and p50/p99.
 * Without DATABASE_URL it starts a throwaway server (scripts/throwaway-postgres.sh) and stops it
 * after. With DATABASE_URL, a database already seeded by an earlier run is reused.
 */
import autocannon from 'autocannon';
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openDb } from '../src/db/database.ts';
import { sha256Hex } from '../src/domain/sha256.ts';
import { hashToken } from '../src/server/sessions.ts';
import { copyInSessions, randomAccountIds } from '../src/repositories/accounts-repo.ts';
import { countMemberships } from '../src/repositories/members-repo.ts';
import { countCharges, listPeriods } from '../src/repositories/periods-repo.ts';
import { findPlan } from '../src/repositories/plans-repo.ts';
import { seedBenchPlan } from './seed-bench-plan.ts';

const { values } = parseArgs({ options: {
  members: { type: 'string', default: '1000000' }, seconds: { type: 'string', default: '15' }, connections: { type: 'string', default: '16' },
  sessions: { type: 'string', default: '10000' }, workers: { type: 'string', default: '1' },
} });
const members = Number(values.members);
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const sampleSize = Number(values.sessions);
const root = fileURLToPath(new URL('..', import.meta.url));
const log = (s: string) => process.stderr.write(`${s}\n`);

let url = process.env.DATABASE_URL;
let pgDir: string | undefined;
if (!url) {
  log('starting a throwaway PostgreSQL server (scripts/throwaway-postgres.sh)...');
  const out = execFileSync('bash', [`${root}scripts/throwaway-postgres.sh`, 'start'], { encoding: 'utf8', env: { ...process.env, HUZHU_PG_FAST: '1' } });
  url = /DATABASE_URL=(\S+)/.exec(out)![1]!;
  pgDir = /HUZHU_PG_DIR=(\S+)/.exec(out)![1]!;
}
const secretKey = sha256Hex('huzhu bench');
let server: ReturnType<typeof spawn> | undefined;

try {
  const db = await openDb({ databaseUrl: url });
  const seeded = (await findPlan(db, 'bench')) !== undefined;
  if (!seeded) {
    await seedBenchPlan(db, members, log);
  }
  const periods = (await listPeriods(db, 'bench')).length;
  const charges = await countCharges(db);
  const active = await countMemberships(db, 'bench');

  // Sessions for a random sample of paying accounts (tokens known only to this process).
  const sample = await randomAccountIds(db, 'payer-', sampleSize);
  const tokens = sample.map(() => randomBytes(32).toString('base64url'));
  const expires = new Date(Date.now() + 86_400_000);
  await copyInSessions(db, sample.map((accountId, i) => ({ tokenHash: hashToken(tokens[i]!), accountId, at: new Date(), expiresAt: expires })));
  await db.close();

  const port = 3000 + Math.floor(Math.random() * 2000);
  server = spawn(process.execPath, [`${root}bin/huzhu.js`, 'serve', '--no-seed', '--port', String(port), '--workers', values.workers], {
    env: { ...process.env, DATABASE_URL: url, HUZHU_SECRET_KEY: secretKey, HUZHU_CALENDAR: '0', HUZHU_LOG_LEVEL: 'warn' }, stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try { if ((await fetch(`${base}/health`)).ok) break; } catch { /* not yet */ }
    if (i > 300) throw new Error('the server did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
  const check = await (await fetch(`${base}/me/bills`, { headers: { authorization: `Bearer ${tokens[0]}` } })).json() as { items: { lines: unknown[] }[] };
  log(`server up; ${active} members, ${periods} periods, ${charges} charges; a sample bill page has ${check.items.length} periods`);

  const drive = async (title: string, path: string, auth: boolean) => {
    let i = 0;
    const warm = await autocannon({ url: base + path, connections, duration: 3, ...(auth ? { requests: [{ setupRequest: (r: any) => ({ ...r, headers: { ...r.headers, authorization: `Bearer ${tokens[i++ % tokens.length]}` } }) }] } : {}) });
    void warm;
    const r = await autocannon({ url: base + path, connections, duration: seconds, ...(auth ? { requests: [{ setupRequest: (r: any) => ({ ...r, headers: { ...r.headers, authorization: `Bearer ${tokens[i++ % tokens.length]}` } }) }] } : {}) });
    const line = `${title.padEnd(16)} req/s=${Math.round(r.requests.average)} p50=${r.latency.p50}ms p99=${r.latency.p99}ms non2xx=${r.non2xx} errors=${r.errors} (${connections} connections, ${seconds} s)`;
    process.stdout.write(line + '\n');
  };
  process.stdout.write(`api members=${active} periods=${periods} charges=${charges} db=postgres\n`);
  await drive('my bills', '/me/bills', true);
  await drive('public periods', '/public/plans/bench/periods', false);
} finally {
  server?.kill('SIGTERM');
  if (pgDir) execFileSync('bash', [`${root}scripts/throwaway-postgres.sh`, 'stop', pgDir]);
}
