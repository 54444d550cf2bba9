/**
 * Issue 11, item 9: `huzhu verify --db` on a folder that has no log key must not make one and
 * report "verified": it refuses, says why, and leaves the folder as it was.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const cli = fileURLToPath(new URL('../../bin/huzhu.js', import.meta.url));

describe('huzhu verify --db without a key', () => {
  it('refuses with exit 2 on a folder with no log key, and creates neither key nor database', () => {
    const dir = mkdtempSync(join(tmpdir(), 'huzhu-verify-nokey-'));
    const env: NodeJS.ProcessEnv = { ...process.env, HUZHU_DATA: join(dir, 'data') };
    delete env.HUZHU_LOG_SIGNER_KEY;
    delete env.DATABASE_URL;
    const r = spawnSync(process.execPath, [cli, 'verify', '--db', '--state', join(dir, 'state.json')], { encoding: 'utf8', cwd: dir, env });
    expect(r.status, r.stdout + r.stderr).toBe(2);
    expect(r.stdout).not.toContain('verified');
    expect(r.stderr).toContain('no log signing key');
    expect(existsSync(join(dir, 'data', 'log-signer.key'))).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });
});
