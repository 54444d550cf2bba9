// The core is what a member's browser and outside verifiers import, so it must stay free of Node
// and of the server: every non-test file here may import only its neighbours in core/, the pure
// error type (src/domain/errors.ts, which itself imports nothing) and the two hashing/signing
// packages. A new import of node:*, the database or a service fails here.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const CORE = import.meta.dirname;
const ERRORS = resolve(CORE, '..', '..', 'domain', 'errors.ts');
const ALLOWED_PACKAGES = ['@noble/hashes/', '@noble/curves/'];

function importsOf(file: string): string[] {
  return importsIn(readFileSync(file, 'utf8'));
}

function importsIn(text: string): string[] {
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^;]*?\bfrom\s*['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)|(?:^|\n)\s*import\s*['"]([^'"]+)['"]/g)]
    .map((m) => (m[1] ?? m[2] ?? m[3])!);
}

function forbiddenImports(file: string, specs = importsOf(file)): string[] {
  return specs.filter((spec) => {
    if (spec.startsWith('.')) {
      const target = resolve(dirname(file), spec);
      return target !== ERRORS && relative(CORE, target).startsWith('..');
    }
    return !ALLOWED_PACKAGES.some((p) => spec.startsWith(p));
  });
}

const sources = readdirSync(CORE).filter((n) => n.endsWith('.ts') && !n.endsWith('.test.ts')).map((n) => join(CORE, n));

describe('transparency core is browser-safe', () => {
  it('finds the core files and reads their imports', () => {
    expect(sources.length).toBeGreaterThan(10);
    expect(importsOf(join(CORE, 'merkle.ts'))).toContain('@noble/hashes/sha2.js');
  });

  it.each(sources.map((f) => [relative(CORE, f), f]))('%s imports only core, the error type and @noble', (_name, file) => {
    expect(forbiddenImports(file)).toEqual([]);
  });

  it('the error type it may import imports nothing itself', () => {
    expect(importsOf(ERRORS)).toEqual([]);
  });

  it('would catch a node: import or a reach outside core', () => {
    const probe = join(CORE, 'probe.ts');
    const check = (spec: string) => forbiddenImports(probe, importsIn(`import { x } from '${spec}';`));
    expect(check('node:crypto')).toEqual(['node:crypto']);
    expect(check('../store/log-store.ts')).toEqual(['../store/log-store.ts']);
    expect(check('./merkle.ts')).toEqual([]);
  });
});
