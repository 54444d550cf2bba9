import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// Two migrations with one version (two branches each added a 0302) make the runner skip one:
// its tables silently never exist. Versions are the file names' leading digits.
describe('migrations', () => {
  it('have unique versions', () => {
    const versions = readdirSync(new URL('./migrations/', import.meta.url)).filter((f) => f.endsWith('.sql')).map((f) => f.split('_')[0]);
    expect(versions.length).toBeGreaterThan(10);
    expect(versions.filter((v, i) => versions.indexOf(v) !== i)).toEqual([]);
  });
});
