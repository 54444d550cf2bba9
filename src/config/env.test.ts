import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { databaseEnv, logEnv, sharingEnv, workerIndex } from './env.ts';

const SRC = join(import.meta.dirname, '..');
const THIS_MODULE = 'config/env.ts';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const path = join(dir, d.name);
    if (d.isDirectory()) return sourceFiles(path);
    return d.name.endsWith('.ts') && !d.name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('the configuration schema', () => {
  it('is the only place in src that reads process.env (tests aside)', () => {
    const readers = sourceFiles(SRC)
      .map((f) => relative(SRC, f).split('\\').join('/'))
      .filter((f) => f !== THIS_MODULE && /process\.env\b/.test(readFileSync(join(SRC, f), 'utf8')));
    expect(readers).toEqual([]);
  });

  it('documents every variable it reads in its header table', () => {
    const text = readFileSync(join(SRC, THIS_MODULE), 'utf8');
    const header = text.slice(0, text.indexOf('*/'));
    const body = text.slice(text.indexOf('*/'));
    const read = new Set([...body.matchAll(/\b((?:HUZHU_|DATABASE_)[A-Z_]+|HOST|PORT)\b/g)].map((m) => m[1]!));
    const missing = [...read].filter((v) => !header.includes(`\`${v}\``));
    expect(missing).toEqual([]);
  });

  it('treats unset and empty alike and keeps the old defaults', () => {
    expect(databaseEnv({ DATABASE_URL: '', HUZHU_DATA: '' })).toEqual({ databaseUrl: undefined, dataDir: './data' });
    expect(databaseEnv({ DATABASE_URL: 'postgres://x/y', HUZHU_DATA: '/d' })).toEqual({ databaseUrl: 'postgres://x/y', dataDir: '/d' });
    expect(logEnv({}).HUZHU_DATA).toBe('./data');
    expect(workerIndex({})).toBe('0');
  });

  it('ignores a sharing knob that is not a number, as it always did', () => {
    expect(sharingEnv({})).toEqual({ chunkSize: undefined, parallel: undefined });
    expect(sharingEnv({ HUZHU_SHARING_CHUNK: 'lots', HUZHU_SHARING_PARALLEL: '0' })).toEqual({ chunkSize: undefined, parallel: undefined });
    expect(sharingEnv({ HUZHU_SHARING_CHUNK: '1000', HUZHU_SHARING_PARALLEL: '4' })).toEqual({ chunkSize: 1000, parallel: 4 });
  });
});
