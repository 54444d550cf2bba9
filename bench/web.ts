/**
 * npm run bench:web [-- --runs 3]   (with DATABASE_URL and --members N: on the "bench" plan of N members)
 *
 * Builds the web app, starts the real `huzhu serve` (web/e2e/harness.ts) and, in Debian's Chromium
 * with an empty cache, loads the public home and "my bills" (/my/bills, logged in as the demo
 * member, or on the bench plan as a random paying account through a session made here). Prints one line: the gzipped JavaScript and CSS received before first contentful paint,
 * the first contentful paint, and the time until the page's data is shown (medians of --runs).
 * Without DATABASE_URL it runs on a temporary PGlite folder with the demo platform; with
 * DATABASE_URL and --members it first seeds the benchmark plan (bench/seed-bench-plan.ts, as
 * bench:api does) unless it is there.
 */
import { gzipSync } from 'node:zlib';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import { openPage, startRig, type Rig } from '../web/e2e/harness.ts';
import { seedBenchPlan } from './seed-bench-plan.ts';
import { findPlan } from '../src/repositories/plans-repo.ts';
import { randomBytes } from 'node:crypto';
import { sha256Hex } from '../src/domain/sha256.ts';
import { hashToken } from '../src/server/sessions.ts';
import { copyInSessions, randomAccountIds } from '../src/repositories/accounts-repo.ts';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' }, members: { type: 'string' } } });
const runs = Number(values.runs);
const log = (s: string) => process.stderr.write(`${s}\n`);

interface Sample { jsGz: number; cssGz: number; fcp: number; shown: number }

async function measure(rig: Rig, path: string, ready: string, before?: (page: Page) => Promise<void>): Promise<Sample> {
  const page = await openPage(rig, 'desktop', 'zh-CN');
  if (before) await before(page);
  const bodies: Promise<void>[] = [];
  const gz = new Map<string, { type: string; bytes: number }>();
  page.on('response', (r) => {
    const type = r.request().resourceType();
    if (type === 'script' || type === 'stylesheet') bodies.push(r.body().then((b) => { gz.set(r.url(), { type, bytes: gzipSync(b).length }); }, () => undefined));
  });
  await page.goto(rig.url + path);
  const shown = await (await page.waitForFunction((sel) => (document.querySelector(sel) ? performance.now() : 0), ready, { polling: 'raf', timeout: 60_000 })).jsonValue();
  await Promise.all(bodies);
  const timing = await page.evaluate(() => ({
    fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
    resources: performance.getEntriesByType('resource').map((e) => ({ name: e.name, end: (e as PerformanceResourceTiming).responseEnd })),
  }));
  let jsGz = 0;
  let cssGz = 0;
  for (const r of timing.resources) {
    const size = gz.get(r.name);
    if (!size || r.end > timing.fcp) continue;
    if (size.type === 'script') jsGz += size.bytes; else cssGz += size.bytes;
  }
  await page.context().close();
  return { jsGz, cssGz, fcp: timing.fcp, shown: shown as number };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const kb = (n: number) => `${(n / 1024).toFixed(1)}KB`;

async function series(rig: Rig, path: string, ready: string, before?: (page: Page) => Promise<void>) {
  const samples: Sample[] = [];
  for (let i = 0; i < runs; i++) samples.push(await measure(rig, path, ready, before));
  return { js: median(samples.map((s) => s.jsGz)), css: median(samples.map((s) => s.cssGz)), fcp: median(samples.map((s) => s.fcp)), shown: median(samples.map((s) => s.shown)) };
}

const members = values.members ? Number(values.members) : undefined;
// On the benchmark plan "my bills" is a paying account's: a session made here (as bench:api
// does), given to the browser as its cookie; the demo's member exists only on the demo platform.
let benchToken: string | undefined;
const serverEnv: Record<string, string> = { HUZHU_CALENDAR: '0' };
if (members && process.env.DATABASE_URL) {
  const { openDb } = await import('../src/db/database.ts');
  const db = await openDb({ databaseUrl: process.env.DATABASE_URL });
  if ((await findPlan(db, 'bench')) === undefined) await seedBenchPlan(db, members, log);
  const [account] = await randomAccountIds(db, 'payer-', 1);
  benchToken = randomBytes(32).toString('base64url');
  await copyInSessions(db, [{ tokenHash: hashToken(benchToken), accountId: account!, at: new Date(), expiresAt: new Date(Date.now() + 86_400_000) }]);
  await db.close();
  // The seeded database itself (not a schema of the rig's own), with bench:api's key.
  Object.assign(serverEnv, { DATABASE_URL: process.env.DATABASE_URL, HUZHU_SECRET_KEY: sha256Hex('huzhu bench') });
}
log('building the web app and starting huzhu serve...');
const rig = await startRig(serverEnv);
try {
  const stats = await (await fetch(`${rig.url}/public/plans`)).json() as { items: { id: string }[] };
  const plan = stats.items[0]!.id;
  const totals = await (await fetch(`${rig.url}/public/plans/${plan}/totals`)).json() as { activeMembers: number };
  const home = await series(rig, '/', '[data-testid="home-stats"]');
  const password = rig.accounts['member@demo.huzhu'];
  const logIn = async (page: Page) => {
    if (benchToken) {
      await page.context().addCookies([{ name: 'huzhu_session', value: benchToken, url: rig.url, httpOnly: true, sameSite: 'Strict' }]);
      return;
    }
    if (!password) throw new Error('no demo member to log in as (the database was seeded before)');
    const res = await page.request.post(`${rig.url}/auth/login`, { data: { email: 'member@demo.huzhu', password } });
    if (!res.ok()) throw new Error(`log-in failed: ${res.status()}`);
  };
  const bills = await series(rig, '/my/bills', '[data-testid="my-bills"]', logIn);
  const db = process.env.DATABASE_URL ? 'postgres' : 'pglite';
  process.stdout.write(`web members=${totals.activeMembers} db=${db} runs=${runs} | home: js=${kb(home.js)} css=${kb(home.css)} gz before first render, fcp=${Math.round(home.fcp)}ms data=${Math.round(home.shown)}ms` +
    ` | my bills: js=${kb(bills.js)} css=${kb(bills.css)} fcp=${Math.round(bills.fcp)}ms data=${Math.round(bills.shown)}ms\n`);
} finally {
  await rig.close();
}
