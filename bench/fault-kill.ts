/**
 * npm run bench:fault-kill [-- --kills 50 --clients 8]
 *
 * The fault test of issue 11: `huzhu serve` on the configured database (DATABASE_URL, else PGlite
 * in a fresh folder, or HUZHU_DATA if set) under load, killed with SIGKILL at a random moment,
 * N times. Load is what members do that writes: register, log in, add a person, join the demo
 * plan, read bills and public periods; the operator runs the calendar. After each kill, with the
 * server down, `huzhu books check` and `huzhu verify --db` must pass (exit 0) and the next start
 * must come up. Prints one line per kill and a JSON summary; exits 1 if any check failed.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { makeNationalId } from '../src/server/national-id.ts';

const { values } = parseArgs({ options: { kills: { type: 'string', default: '50' }, clients: { type: 'string', default: '8' } } });
const kills = Number(values.kills);
const clients = Number(values.clients);
const root = fileURLToPath(new URL('..', import.meta.url));
const cli = `${root}bin/huzhu.js`;
const log = (s: string) => process.stderr.write(`${s}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const HEALTHY = { 'hospitalised-or-advised': false, 'critical-illness-history': false, 'chronic-organ-disease': false, 'abnormal-results': false, 'unable-to-work': false };

const env: NodeJS.ProcessEnv = {
  ...process.env, HUZHU_DATA: process.env.HUZHU_DATA || mkdtempSync(join(tmpdir(), 'huzhu-fault-')), HUZHU_LOG_LEVEL: 'warn', HUZHU_SCRYPT_LOG_N: '10',
  HUZHU_REGISTER_PER_HOUR: '100000', HUZHU_LOGIN_PER_MINUTE: '100000', HUZHU_CALENDAR_POLL_SECONDS: '5',
};
if (env.DATABASE_URL && !env.HUZHU_SECRET_KEY) throw new Error('DATABASE_URL needs HUZHU_SECRET_KEY');
log(`database: ${env.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : `PGlite in ${env.HUZHU_DATA}`}`);

/** How long a start and a check may take before the run counts it failed (the load on 2 shared cores is the reason they are generous). */
const START_LIMIT_MS = 180_000;
const CHECK_LIMIT_MS = 180_000;

/** Starts the server; resolves with its URL and the demo operator's password on the first start. */
function start(): Promise<{ child: ChildProcess; url: string; operatorPassword?: string }> {
  const child = spawn(process.execPath, [cli, 'serve', '--port', '0'], { env, cwd: root });
  let out = '';
  return new Promise((resolve, reject) => {
    const seen = (d: Buffer) => {
      out += d.toString();
      const m = /huzhu is serving (?:the web app )?at (\S+)/.exec(out); // the banner named the web app once it was served
      // On a first start the demo passwords follow the banner; wait for the hint that ends them.
      if (m && (!out.includes('Demo accounts') || out.includes('then send the token'))) {
        child.stdout!.off('data', seen);
        clearTimeout(timer);
        resolve({ child, url: m[1]!.replace(/\/$/, ''), operatorPassword: /operator\s+\S+\s+(\S+)/.exec(out)?.[1] });
      }
    };
    child.stdout!.on('data', seen);
    child.stderr!.on('data', (d: Buffer) => { out += d.toString(); });
    child.once('exit', (code) => reject(new Error(`the server exited (${code}) before serving:\n${out.slice(-2000)}`)));
    // Bounded: a start that hangs fails the run instead of holding it for ever.
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`the server did not serve within ${START_LIMIT_MS / 1000} s:\n${out.slice(-2000)}`)); }, START_LIMIT_MS).unref();
  });
}

let counter = 0;
const stats = { requests: 0, written: 0, status5xx: 0, refused: 0 };

async function call(url: string, method: string, path: string, body?: unknown, token?: string): Promise<{ status: number; json: any }> {
  const r = await fetch(url + path, {
    method, headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  stats.requests++;
  if (r.status >= 500) stats.status5xx++;
  return { status: r.status, json: await r.json().catch(() => undefined) };
}

/** One member's life, over and over, until the server goes away. */
async function client(url: string, operator: string | undefined): Promise<void> {
  for (;;) {
    const n = ++counter + Date.now();
    const email = `fault-${n}@test.huzhu`;
    await call(url, 'POST', '/auth/register', { email, password: `pw-${n}-long-enough` });
    const token = (await call(url, 'POST', '/auth/login', { email, password: `pw-${n}-long-enough` })).json?.token as string | undefined;
    if (!token) continue;
    const birth = `19${60 + (n % 40)}-0${1 + (n % 9)}-1${n % 9}`;
    const person = await call(url, 'POST', '/me/people', { relation: 'self', name: '测试', idNumber: makeNationalId('11', birth, n) }, token);
    if (person.status === 201) {
      const joined = await call(url, 'POST', '/me/memberships', { plan: 'xhb-demo', person: person.json.id, declaration: HEALTHY }, token);
      if (joined.status === 201) stats.written++;
    }
    await call(url, 'GET', '/me/bills', undefined, token);
    await call(url, 'GET', '/public/plans/xhb-demo/periods');
    if (operator) await call(url, 'POST', '/ops/calendar/run', undefined, operator);
  }
}

function check(args: string[]): { ok: boolean; out: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { env, cwd: root, encoding: 'utf8', timeout: CHECK_LIMIT_MS, killSignal: 'SIGKILL' });
  return { ok: r.status === 0, out: (r.stdout + r.stderr).slice(-1500) };
}

const results: { kill: number; books: boolean; verify: boolean; restarted: boolean }[] = [];
let first = await start();
await fetch(`${first.url}/log/checkpoint`); // the log's signing key exists from here on (verify --db needs it)
let operatorToken: string | undefined;
if (first.operatorPassword) {
  operatorToken = (await call(first.url, 'POST', '/auth/login', { email: 'operator@demo.huzhu', password: first.operatorPassword })).json?.token;
}
for (let k = 1; k <= kills; k++) {
  const { child, url } = first;
  const exited = new Promise((r) => child.once('exit', r));
  for (let c = 0; c < clients; c++) void client(url, operatorToken).catch(() => undefined); // ends when the server dies
  // Kill under load: once the clients are getting answers, at a random moment after.
  const before = stats.requests;
  for (let waited = 0; stats.requests < before + 2 * clients && waited < 60_000; waited += 100) await sleep(100);
  await sleep(Math.random() * 2000);
  child.kill('SIGKILL');
  await exited;
  await sleep(200); // let the clients' connections fail
  const books = check(['books', 'check']);
  const verify = check(['verify', '--db', '--state', join(env.HUZHU_DATA!, 'fault-verify-state.json')]);
  let restarted = true;
  try {
    first = await start();
  } catch (e) {
    restarted = false;
    log(String(e));
  }
  results.push({ kill: k, books: books.ok, verify: verify.ok, restarted });
  log(`kill ${k}/${kills}: books check ${books.ok ? 'ok' : 'FAILED'}, verify --db ${verify.ok ? 'ok' : 'FAILED'}, restart ${restarted ? 'ok' : 'FAILED'}` +
    `  (requests so far ${stats.requests}, joins ${stats.written}, 5xx ${stats.status5xx})`);
  if (!books.ok) log(books.out);
  if (!verify.ok) log(verify.out);
  if (!restarted) break;
}
first.child.kill('SIGTERM');
const failed = results.filter((r) => !r.books || !r.verify || !r.restarted).length;
process.stdout.write(JSON.stringify({ database: env.DATABASE_URL ? 'postgres' : 'pglite', kills: results.length, failed, ...stats }, null, 2) + '\n');
process.exit(failed ? 1 : 0);
