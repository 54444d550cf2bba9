/**
 * One process per PGlite data folder. PGlite is PostgreSQL compiled to run inside the process,
 * with no postmaster to keep a second process out: two processes on one folder write over each
 * other's WAL, and the folder can be left unrecoverable ("could not locate a valid checkpoint
 * record"). So whoever opens the folder first takes `huzhu.lock` in it, and a second process
 * (`huzhu serve`, `books check`, `verify --db`...) stops before it touches anything.
 *
 * Why a pid file and not a package like proper-lockfile: that one decides a lock is stale by its
 * age (10 s by default, renewed by a timer), so after a `kill -9` the restart would have to wait,
 * and a busy event loop that misses its renewal loses the lock. Here the lock is created
 * atomically complete (written to a private file, then hard-linked into place, which fails if a
 * lock exists) and it is stale exactly when its holder is gone: no process with that pid, or one
 * that started at another time (pid reuse, checked through /proc on Linux). Taking over a stale
 * lock is itself guarded by a second linked file, so two starters cannot both take it.
 * Only a folder on a local disk: pids mean nothing across machines (the host is recorded and a
 * lock from another host is never taken over).
 */
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { HuzhuError } from '../domain/errors.ts';

export const LOCK_FILE = 'huzhu.lock';

interface LockRecord { pid: number; started: string | null; host: string; since: string; command: string; nonce: string }

export interface DataFolderLock {
  readonly file: string;
  /** Removes the lock if it is still this process's; idempotent. */
  release(): void;
}

/** The process's start time as the kernel counts it (Linux), so a reused pid is not mistaken for the holder. */
function startTimeOf(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readRecord(file: string): LockRecord | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as LockRecord;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new HuzhuError('CONFLICT', `HUZHU_DATA: ${file} exists but cannot be read; if no huzhu process uses this folder, delete the file`, { field: 'HUZHU_DATA' });
  }
}

/** Whether the record's holder is still alive (on this host; another host's lock always holds). */
export function isHeld(r: LockRecord): boolean {
  if (r.host !== hostname()) return true;
  if (r.pid === process.pid) return held.has(r.nonce); // else left by an earlier process that had our pid
  if (!isRunning(r.pid)) return false;
  const started = startTimeOf(r.pid);
  return r.started === null || started === null || started === r.started;
}

/** Locks taken by this process (by nonce), so a second open in the same process is refused too. */
const held = new Set<string>();

/** Links `content` into `target` atomically; false if target exists. */
function linkNew(target: string, content: string): boolean {
  const temp = `${target}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  writeFileSync(temp, content, { mode: 0o600 });
  try {
    linkSync(temp, target);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  } finally {
    unlinkSync(temp);
  }
}

function inUse(dir: string, r: LockRecord): HuzhuError {
  return new HuzhuError('CONFLICT',
    `HUZHU_DATA: the data folder ${dir} is in use by process ${r.pid} on ${r.host} (${r.command || 'huzhu'}, since ${r.since}); ` +
    'only one process may open it: stop that one first (or, for a report, ask the running server, e.g. GET /audit/books)', { field: 'HUZHU_DATA' });
}

/** Takes the folder's lock or throws CONFLICT naming the holder. Creates the folder if needed. */
export function lockDataFolder(dir: string, command = process.argv.slice(2, 4).join(' ')): DataFolderLock {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, LOCK_FILE);
  const mine: LockRecord = { pid: process.pid, started: startTimeOf(process.pid), host: hostname(), since: new Date().toISOString(), command, nonce: Math.random().toString(36).slice(2) };
  const content = JSON.stringify(mine) + '\n';
  for (let attempt = 0; attempt < 3; attempt++) {
    if (linkNew(file, content)) return heldLock(file, mine);
    const holder = readRecord(file);
    if (holder === undefined) continue; // released meanwhile
    if (isHeld(holder)) throw inUse(dir, holder);
    takeOverStale(file, holder);
  }
  throw new HuzhuError('CONFLICT', `HUZHU_DATA: could not take the lock ${file}; another process keeps taking it`, { field: 'HUZHU_DATA' });
}

/** Removes a stale lock, under a second lock so that of two starters only one removes it. */
function takeOverStale(file: string, stale: LockRecord): void {
  const guard = `${file}.takeover`;
  if (!linkNew(guard, String(process.pid))) {
    const by = Number(readFileSync(guard, 'utf8').trim());
    if (Number.isInteger(by) && isRunning(by)) return; // another starter is taking it; retry
    unlinkSync(guard); // left by a starter that died in the microseconds of its takeover
    return;
  }
  try {
    const now = readRecord(file);
    if (now && now.nonce === stale.nonce) unlinkSync(file);
  } finally {
    unlinkSync(guard);
  }
}

function heldLock(file: string, mine: LockRecord): DataFolderLock {
  held.add(mine.nonce);
  const release = () => {
    if (!held.delete(mine.nonce)) return;
    process.off('exit', release);
    try {
      if (readRecord(file)?.nonce === mine.nonce) unlinkSync(file);
    } catch {
      // gone or unreadable: nothing of ours to remove
    }
  };
  // A process that ends without closing its database (an uncaught error, process.exit) still frees
  // the folder; after kill -9 the lock stays, and is seen to be stale on the next start.
  process.on('exit', release);
  return { file, release };
}
