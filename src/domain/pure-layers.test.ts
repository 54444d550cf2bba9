/**
 * The pure folders import downward only: the domain nothing of the project outside itself;
 * investigation and challenges the domain; the jury those three; the projection the domain.
 * (Packages such as zod are allowed; files of the project outside these folders are not.)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const MAY_IMPORT: Record<string, readonly string[]> = {
  domain: [],
  investigation: ['domain'],
  challenges: ['domain'],
  jury: ['domain', 'investigation', 'challenges'],
  projection: ['domain'],
};

const srcDir = new URL('..', import.meta.url);
const IMPORT = /(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s+'([^']+)'/g;

function projectFoldersImportedBy(folder: string): { file: string; target: string }[] {
  const out: { file: string; target: string }[] = [];
  for (const file of readdirSync(new URL(`${folder}/`, srcDir))) {
    if (!file.endsWith('.ts')) continue;
    const text = readFileSync(new URL(`${folder}/${file}`, srcDir), 'utf8');
    for (const m of text.matchAll(IMPORT)) {
      const spec = m[1]!;
      if (!spec.startsWith('.')) continue;
      const target = spec.startsWith('./') ? folder : spec.split('/')[1]!;
      if (target !== folder) out.push({ file: `${folder}/${file}`, target });
    }
  }
  return out;
}

describe('the pure folders import downward only', () => {
  for (const [folder, allowed] of Object.entries(MAY_IMPORT)) {
    it(`${folder} imports ${allowed.length ? allowed.join(', ') : 'nothing of the project outside itself'}`, () => {
      expect(projectFoldersImportedBy(folder).filter((i) => !allowed.includes(i.target))).toEqual([]);
    });
  }

  it('the domain imports no node: module outside its tests, so a browser can run it (the verifier page)', () => {
    const nodeImports = readdirSync(new URL('domain/', srcDir))
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
      .filter((f) => [...readFileSync(new URL(`domain/${f}`, srcDir), 'utf8').matchAll(IMPORT)].some((m) => m[1]!.startsWith('node:')));
    expect(nodeImports).toEqual([]);
  });
});
