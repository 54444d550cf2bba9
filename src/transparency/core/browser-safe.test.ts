// The core is what a member's browser and outside verifiers import, so it must stay free of Node
// and of the server: every non-test file here may import only its neighbours in core/, three pure
// files of the domain (the error type, the byte helpers and the one SHA-256, which import nothing
// but each other and @noble) and the two hashing/signing packages. A new import of node:*, the
// database or a service fails here.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const CORE = import.meta.dirname;
const DOMAIN = resolve(CORE, '..', '..', 'domain');
const ERRORS = join(DOMAIN, 'errors.ts');
const ALLOWED_DOMAIN = [ERRORS, join(DOMAIN, 'bytes.ts'), join(DOMAIN, 'sha256.ts')];
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
      return !ALLOWED_DOMAIN.includes(target) && relative(CORE, target).startsWith('..');
    }
    return !ALLOWED_PACKAGES.some((p) => spec.startsWith(p));
  });
}

const sources = readdirSync(CORE).filter((n) => n.endsWith('.ts') && !n.endsWith('.test.ts')).map((n) => join(CORE, n));

describe('transparency core is browser-safe', () => {
  it('finds the core files and reads their imports', () => {
    expect(sources.length).toBeGreaterThan(10);
    expect(importsOf(join(CORE, 'merkle.ts'))).toContain('../../domain/sha256.ts');
  });

  it.each(sources.map((f) => [relative(CORE, f), f]))('%s imports only core, the error type and @noble', (_name, file) => {
    expect(forbiddenImports(file)).toEqual([]);
  });

  it('the domain files it may import import nothing but each other and @noble', () => {
    expect(importsOf(ERRORS)).toEqual([]);
    for (const f of ALLOWED_DOMAIN) expect(importsOf(f).filter((s) => !s.startsWith('@noble/') && !ALLOWED_DOMAIN.includes(resolve(DOMAIN, s))), f).toEqual([]);
  });

  it('would catch a node: import or a reach outside core', () => {
    const probe = join(CORE, 'probe.ts');
    const check = (spec: string) => forbiddenImports(probe, importsIn(`import { x } from '${spec}';`));
    expect(check('node:crypto')).toEqual(['node:crypto']);
    expect(check('../store/log-store.ts')).toEqual(['../store/log-store.ts']);
    expect(check('./merkle.ts')).toEqual([]);
  });
});
