/**
 * Every migration has its own version number: the runner records versions, so a second file with
 * a number already applied is skipped without a word (0302_quiz_attempts.sql was, and its table
 * never existed until it became 0303).
 */
import { describe, expect, it } from 'vitest';
import { listMigrations } from './migrate.ts';

describe('migrations', () => {
  it('no two files share a version number', async () => {
    const versions = (await listMigrations()).map((m) => m.version);
    expect(versions.filter((v, i) => versions.indexOf(v) !== i)).toEqual([]);
  });
});
