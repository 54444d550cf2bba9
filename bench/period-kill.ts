/**
 * npm run bench:period-kill -- --members N --kills K [--seed S] [--batch B] [--keep]
 *
 * The crash test of issue 15 at scale, on the PostgreSQL server of DATABASE_URL:
 *   1. runs bench/period-kill-child.ts (a whole period: enrolment in batches, claims, the notice,
 *      the sharing run in chunks, the charge day with its commitment tree and log entries, the
 *      batch-file export and import, retries, the write-off) uninterrupted in schema A, and
 *      records when each step began;
 *   2. runs it in schema B and kills it with SIGKILL K times, at moments drawn from a seeded RNG
 *      spread over every step: each kill targets a step (in the order of the run, round-robin)
 *      and lands a random fraction of that step's length in A after B's child begins it; where
 *      the step appends to the log (the notice, the charge day), the parent holds the log's row
 *      lock meanwhile, so the step cannot commit before the kill, and the log append itself is hit
 *      where the child waits for that lock; the tree is hit once the child's connection runs it.
 *      After each kill, with the child dead
 *      and its connections gone, `huzhu books check` must pass; then the child is started again;
 *   3. when B's child completes, compares A and B fact by fact (period-kill-compare.ts) and runs
 *      `huzhu verify --db` on both.
 * Where a kill landed is the step the child last began (its "@step" line), or, when the child's
 * connection was running a statement of the commitment tree or the log append, that.
 * Prints one line:
 *   period-kill members=N kills=K landed={enrol:..,notice:..,...} books_checks_passed=X identical=true|false seconds=..
 * and exits 1 if anything failed.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openDb } from '../src/db/database.ts';
import { compareSchemas } from './period-kill-compare.ts';
import { seededRandom } from '../src/domain/seeded-random.ts';

const { values } = parseArgs({ options: {
  members: { type: 'string', default: '2000000' }, kills: { type: 'string', default: '20' }, seed: { type: 'string', default: '1' },
  batch: { type: 'string', default: '200000' }, keep: { type: 'boolean', default: false },
} });
const members = Number(values.members);
const kills = Number(values.kills);
const url = process.env.DATABASE_URL;
if (!url) throw new Error('DATABASE_URL: bench:period-kill runs on a PostgreSQL server (two schemas of it)');
if (!Number.isInteger(members) || members < 10 || !Number.isInteger(kills) || kills < 0) throw new Error('--members N (>= 10) --kills K (>= 0)');

const root = fileURLToPath(new URL('..', import.meta.url));
const CHILD = join(root, 'bench/period-kill-child.ts');
const log = (s: string) => process.stderr.write(`${s}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const started = performance.now();
const SCHEMA = { a: 'period_kill_a', b: 'period_kill_b' } as const;
const work = { a: mkdtempSync(join(tmpdir(), 'huzhu-period-kill-a-')), b: mkdtempSync(join(tmpdir(), 'huzhu-period-kill-b-')) };
const logData = mkdtempSync(join(tmpdir(), 'huzhu-period-kill-log-')); // the log signing key for verify --db
const appName = (side: 'a' | 'b') => `huzhu-period-kill-${side}`;

const random = seededRandom(Number(values.seed));

const admin = await openDb({ databaseUrl: url, migrate: false, poolSize: 2 });

/** What the child's connections are running: the commitment tree, the log append, or something else. */
async function childStatement(side: 'a' | 'b'): Promise<'tree' | 'log' | undefined> {
  const rows = await admin.query<{ query: string }>(
    `SELECT query FROM pg_stat_activity WHERE application_name = $1 AND state IN ('active', 'idle in transaction')`, [appName(side)]);
  if (rows.some((r) => /log_charge_fold|huzhu_charge_leaf_hash|log_charge_tiles|log_charge_blocks/.test(r.query))) return 'tree';
  if (rows.some((r) => /log_entries|log_nodes|log_state|log_charge_trees/.test(r.query))) return 'log';
  return undefined;
}

/** Whether B's charge day (the first period's) has committed. */
async function chargeDayCommitted(): Promise<boolean> {
  const rows = await admin.query<{ status: string }>(`SELECT status FROM ${SCHEMA.b}.periods WHERE announced_on = '2020-01-07'`).catch(() => []);
  return rows[0]?.status === 'charged';
}

/** Waits until the killed child's connections have gone (the server notices a dead client at its next read; after 3 s it is told). */
async function waitForConnectionsGone(side: 'a' | 'b'): Promise<void> {
  for (let i = 0; ; i++) {
    const [r] = await admin.query<{ n: bigint }>('SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = $1', [appName(side)]);
    if (r!.n === 0n) return;
    if (i === 30) await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [appName(side)]);
    await sleep(100);
  }
}

interface Child { proc: ChildProcess; steps: { key: string; t: number }[]; exited: Promise<{ code: number | null; signal: string | null }>; output: () => string }

function startChild(side: 'a' | 'b'): Child {
  const proc = spawn(process.execPath, ['--import', 'tsx', CHILD, '--members', String(members), '--schema', SCHEMA[side], '--work', work[side], '--batch', values.batch!], {
    cwd: root, env: { ...process.env, PGAPPNAME: appName(side), HUZHU_SHARING_CHUNK: String(Math.max(1000, Math.ceil(members / 10))) },
  });
  const steps: Child['steps'] = [];
  const seen = new Map<string, number>();
  let out = '';
  let partial = '';
  proc.stderr!.on('data', (d: Buffer) => {
    const text = partial + d.toString();
    const lines = text.split('\n');
    partial = lines.pop()!;
    for (const line of lines) {
      if (!line.startsWith('@step ')) { out = (out + line + '\n').slice(-4000); continue; }
      // A day runs two steps named "wind-down" (its memberships' closing first, the plan's closing last): the second of a
      // day is "wind-down D #2", so that a key names one step and a step's place in the run is not taken for the other's.
      const mark = line.slice(6);
      const n = (seen.get(mark) ?? 0) + 1;
      seen.set(mark, n);
      steps.push({ key: n === 1 ? mark : `${mark} #${n}`, t: performance.now() });
    }
  });
  proc.stdout!.on('data', (d: Buffer) => { out = (out + d.toString()).slice(-4000); });
  const exited = new Promise<{ code: number | null; signal: string | null }>((r) => proc.once('exit', (code, signal) => r({ code, signal })));
  return { proc, steps, exited, output: () => out };
}

const cli = (side: 'a' | 'b', args: string[]) => spawnSync(process.execPath, [join(root, 'bin/huzhu.js'), ...args], {
  cwd: root, encoding: 'utf8', env: { ...process.env, HUZHU_DB_SCHEMA: SCHEMA[side], HUZHU_DATA: logData },
});

/** A step's name as counted in `landed`: the first word of its "@step" line. */
const stepName = (key: string) => key.split(' ')[0]!;

interface Segment { key: string; name: string; ms: number; statements: { tree?: [number, number]; log?: [number, number] } }

/** Step 1: the uninterrupted run, timing each step and, within the charge day, when the tree and the log append ran. */
async function uninterrupted(): Promise<Segment[]> {
  const child = startChild('a');
  const seen: { t: number; what: 'tree' | 'log' }[] = [];
  let done = false;
  void child.exited.then(() => { done = true; });
  while (!done) {
    const last = child.steps.at(-1);
    if (last && stepName(last.key) === 'charge') {
      const what = await childStatement('a');
      if (what) seen.push({ t: performance.now(), what });
    }
    await sleep(last && stepName(last.key) === 'charge' ? 2 : 100);
  }
  const r = await child.exited;
  if (r.code !== 0) throw new Error(`the uninterrupted run failed (${r.code ?? r.signal}):\n${child.output()}`);
  return child.steps.map((s, i) => {
    const end = child.steps[i + 1]?.t ?? s.t;
    const within = (what: 'tree' | 'log'): [number, number] | undefined => {
      const ts = seen.filter((x) => x.what === what && x.t >= s.t && x.t <= end).map((x) => x.t - s.t);
      return ts.length ? [Math.min(...ts), Math.max(...ts)] : undefined;
    };
    return { key: s.key, name: stepName(s.key), ms: end - s.t, statements: { tree: within('tree'), log: within('log') } };
  });
}

/** The steps a kill may target, in the order of the run; the tree and the log append are statements within the charge day. */
const TARGETS = ['enrol', 'notice', 'sharing', 'charge', 'tree', 'log', 'export', 'import', 'retry', 'write-off'] as const;
type Target = typeof TARGETS[number];

interface Plan { target: Target; segment: Segment; fraction: number }

/** Kill i targets TARGETS[i mod T] (so K >= T reaches every one), in a segment drawn at random among that step's, a random fraction into it. */
function planKills(segments: Segment[]): Plan[] {
  const plans: Plan[] = [];
  for (let i = 0; i < kills; i++) {
    const target = TARGETS[i % TARGETS.length]!;
    // The log append is a few milliseconds, too short for the sampling of A to see: B's child is watched for it.
    const candidates = segments.filter((s) => (target === 'tree' || target === 'log' ? s.name === 'charge' && (target === 'log' || s.statements.tree) : s.name === target));
    if (candidates.length === 0) log(`no step "${target}" in the uninterrupted run; kill ${i + 1} goes to enrolment`);
    const pool = candidates.length ? candidates : segments.filter((s) => s.name === 'enrol');
    // At most 85% into the step: a resumed step may run faster than A's did, and a kill that comes after a step's commit misses it for good.
    plans.push({ target: candidates.length ? target : 'enrol', segment: pool[Math.floor(random() * pool.length)]!, fraction: 0.85 * random() });
  }
  // In the order of the run, so B's child, which only moves forward, meets each target; within the charge day, its own order.
  const order = new Map(segments.map((s, i) => [s, i]));
  const within = (p: Plan) => (p.target === 'tree' ? 1 : p.target === 'log' ? 2 : 0);
  return plans.sort((x, y) => order.get(x.segment)! - order.get(y.segment)! || within(x) - within(y) || x.fraction - y.fraction);
}

/** What B's child is doing in the database: the statement class of its connections, and whether one waits for a row lock. */
async function childState(): Promise<{ statement: 'tree' | 'log' | undefined; waitingOnLog: boolean }> {
  const [w] = await admin.query<{ n: bigint }>(
    `SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = $1 AND wait_event_type = 'Lock'`, [appName('b')]);
  return { statement: await childStatement('b'), waitingOnLog: w!.n > 0n };
}

/** The row a step must lock: the log's (the notice, the charge day); a failed payment (the write-off, which settles them all). */
const lockFor = (target: Target) => (target === 'write-off'
  ? `SELECT 1 FROM ${SCHEMA.b}.payments WHERE status = 'failed' LIMIT 1 FOR UPDATE`
  : `SELECT 1 FROM ${SCHEMA.b}.log_state WHERE one FOR UPDATE`);

/**
 * A kill within a step that appends to the log (the notice; the charge day, which ends with its
 * log append). The parent holds the log's row lock, as a concurrent writer of the log would, from
 * the step before on: the step then cannot commit before the kill, however much faster than in A
 * it runs, and the log append (a few milliseconds, too short to hit by timing) is hit where the
 * child waits inside it. The write-off (a second or two at 2M members), likewise, with a row of
 * the failed payments it settles. `ready` says when to kill before that. If the child waits for the lock
 * in another step, the lock is let go until that step is over. Null when the child passed the target.
 */
async function killWithLogHeld(child: Child, finished: () => boolean, order: Map<string, number>, targetKey: string, lock: string,
  ready: (s: { statement: 'tree' | 'log' | undefined }) => boolean): Promise<{ landed: string; last: string } | undefined | null> {
  const target = order.get(targetKey)!;
  const at = () => order.get(child.steps.at(-1)?.key ?? '') ?? -1;
  for (;;) {
    const outcome = await admin.transaction(async (tx) => {
      await tx.query(lock);
      for (;;) {
        if (finished()) return undefined;
        if (at() > target) return null;
        const s = await childState();
        const last = child.steps.at(-1)!.key;
        if (s.waitingOnLog && last !== targetKey) return 'elsewhere' as const;
        if (last === targetKey && (s.waitingOnLog || ready(s))) {
          child.proc.kill('SIGKILL');
          await child.exited; // then the lock goes, and the waiting backend finds its client gone
          return { landed: s.waitingOnLog ? (stepName(last) === 'charge' ? 'log' : stepName(last)) : s.statement ?? stepName(last), last };
        }
        await sleep(2);
      }
    });
    if (outcome !== 'elsewhere') return outcome;
    const steps = child.steps.length;
    while (!finished() && child.steps.length === steps) await sleep(1);
  }
}

/** Step 2, one kill: waits for the planned moment in B's child, then SIGKILL. Returns where it landed, or undefined if the child finished first. */
async function killAt(child: Child, plan: Plan, order: Map<string, number>, byKey: Map<string, Segment>): Promise<{ landed: string; last: string } | undefined> {
  let finished = false;
  void child.exited.then(() => { finished = true; });
  const target = order.get(plan.segment.key)!;
  const inTheChargeDay = plan.target === 'charge' || plan.target === 'tree' || plan.target === 'log';
  if (plan.target === 'notice' || plan.target === 'write-off' || inTheChargeDay) {
    // The lock is taken early, from the claims (the write-off: from the last import) on, which a resumed child also passes
    // before the calendar: the notice is over in milliseconds, before a lock taken at its start would bite.
    const from = Math.max(...[...order].filter(([k, i]) => i < target && stepName(k) === (plan.target === 'write-off' ? 'import' : 'claims')).map(([, i]) => i), 0);
    while (!finished && (order.get(child.steps.at(-1)?.key ?? '') ?? -1) < from) await sleep(1);
    if (finished) return undefined;
    const tree = plan.segment.statements.tree ?? [plan.segment.ms, plan.segment.ms];
    let deadline: number | undefined;
    const ready = (s: { statement: 'tree' | 'log' | undefined }): boolean => {
      if (plan.target === 'charge') { // the collection: a random part of its length in A, or the tree has begun
        deadline ??= performance.now() + plan.fraction * tree[0];
        return performance.now() >= deadline || s.statement === 'tree';
      }
      if (plan.target === 'tree' && s.statement === 'tree') { // a random part of the tree's length in A, once it has begun
        deadline ??= performance.now() + plan.fraction * (tree[1] - tree[0]);
        return performance.now() >= deadline;
      }
      return false; // the notice, the log append, the write-off: where the child waits for the lock
    };
    const kill = await killWithLogHeld(child, () => finished, order, plan.segment.key, lockFor(plan.target), ready);
    if (kill !== null) return kill;
  }
  let begun: Child['steps'][number] | undefined;
  while (!begun) {
    if (finished) return undefined;
    begun = child.steps.find((s) => (order.get(s.key) ?? -1) >= target);
    if (!begun) await sleep(2);
  }
  // On target: a random part of the step's length in A. Past it (a resumed child skipped it): soon, in whatever runs now.
  const until = begun.key === plan.segment.key ? begun.t + plan.fraction * plan.segment.ms : performance.now() + plan.fraction * Math.min(5000, byKey.get(begun.key)?.ms ?? 1000);
  while (!finished && performance.now() < until) await sleep(Math.min(2, until - performance.now()));
  if (finished) return undefined;
  const running = await childStatement('b');
  const last = child.steps.at(-1)!.key;
  child.proc.kill('SIGKILL');
  return { landed: running ?? stepName(last), last };
}

const failures: string[] = [];
const landed: Record<string, number> = {};
let killsDone = 0;
let booksChecksPassed = 0;
let identical = false;
try {
  for (const s of Object.values(SCHEMA)) await admin.exec(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
  const key = cli('a', ['log', 'key']); // the installation's log signing key, made once
  if (key.status !== 0) throw new Error(`huzhu log key failed: ${key.stderr}`);

  let t = performance.now();
  const segments = await uninterrupted();
  const seconds = (ms: number) => (ms / 1000).toFixed(1);
  const totals = new Map<string, number>();
  for (const s of segments) totals.set(s.name, (totals.get(s.name) ?? 0) + s.ms);
  log(`A (uninterrupted) in ${seconds(performance.now() - t)} s; by step (s): ${[...totals].map(([k, v]) => `${k}=${seconds(v)}`).join(' ')}`);
  const charge = segments.find((s) => s.name === 'charge');
  log(`  within the charge day (s from its start): tree ${JSON.stringify(charge?.statements.tree?.map((x) => seconds(x)))} log ${JSON.stringify(charge?.statements.log?.map((x) => seconds(x)))}`);

  t = performance.now();
  const order = new Map(segments.map((s, i) => [s.key, i]));
  const byKey = new Map(segments.map((s) => [s.key, s]));
  let child = startChild('b');
  for (const plan of planKills(segments)) {
    const kill = await killAt(child, plan, order, byKey);
    if (!kill) { log(`the child finished before kill ${killsDone + 1}`); break; }
    const exit = await child.exited;
    await waitForConnectionsGone('b');
    killsDone += 1;
    if (stepName(kill.last) === 'charge' && (await chargeDayCommitted())) kill.landed = 'after-charge'; // the kill came after the charge day's commit
    landed[kill.landed] = (landed[kill.landed] ?? 0) + 1;
    const books = cli('b', ['books', 'check']);
    if (books.status === 0) booksChecksPassed += 1;
    else failures.push(`books check after kill ${killsDone} (${kill.landed}): exit ${books.status}\n${books.stdout}${books.stderr}`);
    log(`kill ${killsDone}: aimed at ${plan.target} ("${plan.segment.key}" + ${(plan.fraction * 100).toFixed(0)}%), landed in ${kill.landed} (last step "${kill.last}", ${exit.signal ?? exit.code}); books check ${books.status === 0 ? 'ok' : 'FAILED'}`);
    child = startChild('b');
  }
  const end = await child.exited;
  if (end.code !== 0) failures.push(`B's last run failed (${end.code ?? end.signal}):\n${child.output()}`);
  log(`B (killed ${killsDone} times) in ${seconds(performance.now() - t)} s`);

  const comparison = await compareSchemas(admin, SCHEMA.a, SCHEMA.b);
  for (const line of comparison.lines) log(line);
  identical = comparison.identical;
  if (!identical) failures.push('A and B differ');
  for (const side of ['a', 'b'] as const) {
    const v = cli(side, ['verify', '--db', '--state', join(logData, `verify-${side}.json`)]);
    log(`verify --db on ${SCHEMA[side]}: ${v.status === 0 ? 'ok' : 'FAILED'}`);
    if (v.status !== 0) failures.push(`verify --db on ${SCHEMA[side]}: exit ${v.status}\n${v.stdout.split('\n').filter((l) => l.startsWith('FAIL')).join('\n')}${v.stderr}`);
  }
} catch (e) {
  failures.push(String((e as Error).stack ?? e));
} finally {
  if (!values.keep) for (const s of Object.values(SCHEMA)) await admin.exec(`DROP SCHEMA IF EXISTS ${s} CASCADE`).catch(() => undefined);
  await admin.close();
  for (const dir of [work.a, work.b, logData]) rmSync(dir, { recursive: true, force: true });
}
for (const f of failures) log(`FAILED: ${f}`);
const where = TARGETS.map((k) => `${k}:${landed[k] ?? 0}`).concat(Object.keys(landed).filter((k) => !(TARGETS as readonly string[]).includes(k)).map((k) => `${k}:${landed[k]}`));
process.stdout.write(`period-kill members=${members} kills=${killsDone} landed={${where.join(',')}} books_checks_passed=${booksChecksPassed} identical=${identical} seconds=${Math.round((performance.now() - started) / 1000)}\n`);
process.exitCode = failures.length || killsDone < kills ? 1 : 0;
