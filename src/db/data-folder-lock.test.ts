/**
 * Issue 11, item 3: one process per PGlite data folder. While one process has the folder open,
 * a second (`huzhu books check`, `huzhu serve`) exits at once with a clear message and touches
 * nothing; a lock left by a killed process is taken over.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from './database.ts';

// The lock is PGlite's (one process per data folder): the CLI under test must open the folder
// even in CI's PostgreSQL run, so DATABASE_URL is left out of its environment.
const { DATABASE_URL: _server, ...withoutServer } = process.env;
import { LOCK_FILE, lockDataFolder } from './data-folder-lock.ts';

const cli = fileURLToPath(new URL('../../bin/huzhu.js', import.meta.url));
const opened: Db[] = [];
afterAll(async () => { for (const db of opened) await db.close(); });

/** Every file under dir with its size and modification time. */
function fingerprint(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(`${p} ${statSync(p).size} ${statSync(p).mtimeMs}`);
    }
  };
  walk(dir);
  return out.sort();
}

describe('the data folder lock', () => {
  it('a second process on a folder in use exits at once, names the holder, and changes no file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'huzhu-lock-'));
    const db = await openDb({ dataDir: dir });
    opened.push(db);
    const before = fingerprint(dir);
    for (const args of [['books', 'check'], ['serve', '--port', '0', '--no-seed']]) {
      const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { ...withoutServer, HUZHU_DATA: dir, HUZHU_CALENDAR: '0', HUZHU_SECRET_KEY: 'a'.repeat(64) } });
      expect(r.status, r.stdout + r.stderr).toBe(2);
      expect(r.stderr).toContain(`in use by process ${process.pid}`);
      expect(r.stdout).not.toContain('huzhu is serving');
    }
    expect(fingerprint(dir)).toEqual(before);
  });

  it('the same process cannot open a folder twice either', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'huzhu-lock-'));
    const first = lockDataFolder(dir);
    expect(() => lockDataFolder(dir)).toThrow(/in use by process/);
    first.release();
    lockDataFolder(dir).release();
  });

  it('a lock left by a process that was killed is taken over', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'huzhu-lock-'));
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)']);
    const pid = child.pid!;
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid, started: null, host: hostname(), since: 'then', command: 'serve', nonce: 'x' }));
    expect(() => lockDataFolder(dir)).toThrow(new RegExp(`in use by process ${pid}`));
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    const lock = lockDataFolder(dir);
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')).pid).toBe(process.pid);
    lock.release();
    expect(readdirSync(dir)).toEqual([]);
  });
});
