/**
 * Issue 11, items 3 and 9: `huzhu serve` as an operator runs it. A start on a port in use stops
 * with a clear message and frees the data folder; SIGTERM and SIGINT stop the server cleanly
 * (exit 0, the folder's lock released, so the next start needs no recovery); the banner shows the
 * log's verifier key.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { LOCK_FILE } from '../db/data-folder-lock.ts';

const cli = fileURLToPath(new URL('../../bin/huzhu.js', import.meta.url));
const blockers: Server[] = [];
const dirs: string[] = [];
afterAll(() => {
  for (const b of blockers) b.close();
  // A server left running by a failed test (orphaned by npm) is found by its lock and stopped.
  for (const d of dirs) {
    try {
      process.kill(JSON.parse(readFileSync(join(d, LOCK_FILE), 'utf8')).pid, 'SIGKILL');
    } catch {
      // no lock: it stopped
    }
  }
});

function serve(dir: string, port: number, onOutput?: (text: string, child: ReturnType<typeof spawn>) => void, viaNpm = false) {
  const env = { ...process.env, HUZHU_DATA: dir, HUZHU_SECRET_KEY: 'b'.repeat(64), HUZHU_LOG_LEVEL: 'silent' };
  const args = ['--port', String(port), '--no-seed'];
  const child = viaNpm
    ? spawn('npm', ['start', '--silent', '--', ...args], { env, cwd: fileURLToPath(new URL('../..', import.meta.url)) })
    : spawn(process.execPath, [cli, 'serve', ...args], { env });
  let out = '';
  const seen = (d: Buffer) => { out += d.toString(); onOutput?.(out, child); };
  child.stdout.on('data', seen);
  child.stderr.on('data', seen);
  // 'close', not 'exit': it waits for every process holding the output pipes (npm's child too).
  return new Promise<{ code: number | null; out: string }>((resolve) => child.once('close', (code) => resolve({ code, out })));
}

describe('huzhu serve', () => {
  it('on a port in use: exits 2 naming the port, and frees the data folder', async () => {
    const blocker = createServer();
    blockers.push(blocker);
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as { port: number }).port;
    const dir = mkdtempSync(join(tmpdir(), 'huzhu-serve-'));
    const r = await serve(dir, port);
    expect(r.code, r.out).toBe(2);
    expect(r.out).toContain(`PORT: 127.0.0.1:${port} is already in use`);
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  });

  it.each([['SIGTERM', false], ['SIGINT', false], ['SIGTERM', true]] as const)('%s (through npm start: %s) stops it cleanly: exit 0 and the folder unlocked', async (signal, viaNpm) => {
    const dir = mkdtempSync(join(tmpdir(), 'huzhu-serve-'));
    dirs.push(dir);
    let sent = false;
    const r = await serve(dir, 0, (out, child) => {
      if (!sent && out.includes('huzhu is serving')) {
        sent = true;
        child.kill(signal);
      }
    }, viaNpm);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain('huzhu: stopped');
    // Item 9: the banner names the log's verifier key before any /log request made one.
    expect(r.out).toMatch(/log key: +[^+\s]+\+[0-9a-f]{8}\+\S+/);
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  });
});
