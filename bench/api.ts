/**
 * npm run bench:api [-- --members 1000000 --seconds 15 --connections 16]
 *
 * Seeds N members on a PostgreSQL server (set-based: enrolBulk, then the real calendar makes a
 * few months of periods), gives a sample of the paying accounts a session, starts `huzhu serve`
 * as its own process, and drives "my bills" (rotating over the sample's tokens) and the public
 * period list from this process with autocannon on 127.0.0.1. Prints requests/s and p50/p99.
 * Without DATABASE_URL it starts a throwaway server (scripts/throwaway-postgres.sh) and stops it
 * after. With DATABASE_URL, a database already seeded by an earlier run is reused.
 *
 * --rate R drives at R requests/s in all (autocannon's overallRate) instead of as fast as it can.
 * --while "COMMAND" runs COMMAND in a shell (with the same DATABASE_URL) once the server is up and
 * drives "my bills" in rounds of --seconds until COMMAND ends, one line per round on stderr, then
 * prints one line of the rounds' p99s: e.g. --while "npm run bench:period -- --members 10000000"
 * measures the members' page while a whole period of another plan runs on the same server.
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
  rate: { type: 'string' }, while: { type: 'string' },
} });
const members = Number(values.members);
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const sampleSize = Number(values.sessions);
const rate = values.rate === undefined ? undefined : Number(values.rate);
if (rate !== undefined && !(rate > 0)) throw new Error('--rate: a positive number of requests per second');
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

  let i = 0;
  const run = (path: string, auth: boolean, duration: number) => autocannon({
    url: base + path, connections, duration, ...(rate ? { overallRate: rate } : {}),
    ...(auth ? { requests: [{ setupRequest: (r: any) => ({ ...r, headers: { ...r.headers, authorization: `Bearer ${tokens[i++ % tokens.length]}` } }) }] } : {}),
  });
  const drive = async (title: string, path: string, auth: boolean) => {
    await run(path, auth, 3); // warm-up
    const r = await run(path, auth, seconds);
    const line = `${title.padEnd(16)} req/s=${Math.round(r.requests.average)} p50=${r.latency.p50}ms p99=${r.latency.p99}ms non2xx=${r.non2xx} errors=${r.errors} (${connections} connections, ${seconds} s)`;
    process.stdout.write(line + '\n');
  };
  if (values.while) {
    await run('/me/bills', true, 3); // warm-up, before the command starts
    await driveWhile(values.while, () => run('/me/bills', true, seconds), active);
  } else {
    process.stdout.write(`api members=${active} periods=${periods} charges=${charges} db=postgres\n`);
    await drive('my bills', '/me/bills', true);
    await drive('public periods', '/public/plans/bench/periods', false);
  }
} finally {
  server?.kill('SIGTERM');
  if (pgDir) execFileSync('bash', [`${root}scripts/throwaway-postgres.sh`, 'stop', pgDir]);
}

/** Rounds of "my bills" while COMMAND runs; the command's own output passes through. */
async function driveWhile(command: string, round: () => Promise<autocannon.Result>, active: number): Promise<void> {
  const child = spawn('bash', ['-c', command], { env: { ...process.env, DATABASE_URL: url }, stdio: ['ignore', 'inherit', 'inherit'] });
  let done = false;
  const exited = new Promise<number>((resolve) => child.on('exit', (code) => { done = true; resolve(code ?? 1); }));
  const p99s: number[] = [];
  let requests = 0, bad = 0;
  while (!done) {
    const r = await round();
    p99s.push(r.latency.p99);
    requests += r.requests.total;
    bad += r.non2xx + r.errors;
    log(`round ${p99s.length} ended ${new Date().toISOString()}: req/s=${Math.round(r.requests.average)} p50=${r.latency.p50}ms p99=${r.latency.p99}ms non2xx=${r.non2xx} errors=${r.errors}`);
  }
  const code = await exited;
  const sorted = [...p99s].sort((a, b) => a - b);
  process.stdout.write(`api-while members=${active} rate=${rate ?? 'max'} rounds=${p99s.length} requests=${requests} non2xx_or_errors=${bad} ` +
    `p99_median=${sorted[Math.floor(sorted.length / 2)]}ms p99_max=${sorted[sorted.length - 1]}ms command_exit=${code}\n`);
  if (code !== 0) process.exitCode = code;
}
